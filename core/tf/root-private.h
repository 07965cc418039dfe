/*
 * Pieces of loading a root that core/tf/scan.c shares with
 * tf_root_load(), so both read the same files and modules.
 */
#ifndef HUBCRED_CORE_TF_ROOT_PRIVATE_H
#define HUBCRED_CORE_TF_ROOT_PRIVATE_H

#include <stddef.h>

#include "core/error.h"

/*
 * Collect the relative paths of the Terraform files below top (a path
 * resolved by realpath()), sorted by strcmp(): hidden folders skipped,
 * links leading out of top ignored. *paths and each path are malloc'd
 * (the caller frees both). Fails only with HC_ERR_NOMEM or when there
 * are too many files.
 */
int tf_root_walk(const char *top, char ***paths, size_t *n,
    struct hc_error *err);

/* The folder of relative path rel ("." at the top), malloc'd, or NULL
 * when out of memory. */
char *tf_root_dir_of(const char *rel);

/* 1 for a .tfvars or .tfvars.json file. */
int tf_root_is_tfvars(const char *path);

/* Join module folder dir and a relative module source into a normalised
 * path in out. Returns -1 when it leaves the tree or does not fit. */
int tf_root_join_source(const char *dir, const char *source, char *out,
    size_t size);

#endif
