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
 * resolved by realpath()), sorted by strcmp(), hidden folders skipped.
 * Symbolic links are followed as Terraform follows them, out of top too,
 * except a link to a folder that is top or contains it. A file keeps the
 * path it has in the tree. When links is not NULL, (*links)[i] is the
 * real path of file i when that is out of top, else NULL. *paths,
 * *links and each string are malloc'd (the caller frees them all).
 * Fails only with HC_ERR_NOMEM or when there are too many files.
 */
int tf_root_walk(const char *top, char ***paths, char ***links, size_t *n,
    struct hc_error *err);

/* The folder of relative path rel ("." at the top), malloc'd, or NULL
 * when out of memory. */
char *tf_root_dir_of(const char *rel);

/*
 * Parse the text of JSON syntax file path into *json, an object. Keeps a
 * "\u0000" in a string, as Terraform does, and reads an integer beyond
 * 64 bits as a real (such a file cannot be rewritten: see
 * json_rewritable() in core/tf/setup.c). Errors are HC_ERR_PARSE at the
 * file's line and column.
 */
int tf_root_parse_json(const char *path, const char *text, size_t len,
    struct json_t **json, struct hc_error *err);

/* 1 for a .tfvars or .tfvars.json file. */
int tf_root_is_tfvars(const char *path);

/* Join module folder dir and a relative module source into a normalised
 * path in out. Returns -1 when it leaves the tree or does not fit. */
int tf_root_join_source(const char *dir, const char *source, char *out,
    size_t size);

/* A top-level block of a module, in the module's block index. */
struct tf_block_entry {
	const char *type;	/* the strings live in the index's arena */
	const char *label0;	/* NULL when the block has no label */
	const char *label1;	/* NULL when it has fewer than two */
	size_t file;		/* index into root->files */
	const struct hcl_item *item;
	size_t order;		/* position in the module, in file order */
	const char *role_ref;	/* for role policies and attachments: their
				   role attribute when it is a reference */
};

/* The top-level HCL blocks of a module, sorted by type, first label and
 * order, so the blocks of one type and label come in file order. */
struct tf_block_index {
	struct tf_block_entry *v;
	size_t n;
	struct hcl_arena *strings;	/* of the entries' strings: one
					   bump each rather than a malloc */
};

/*
 * Index the HCL blocks of module: tf_root_find_block() and the policy
 * lookups of core/tf/project.c then take a binary search instead of a
 * pass over every file, which matters when a module has many projects.
 * Fails only when out of memory. The index is freed by tf_root_free()
 * or tf_root_index_free().
 */
int tf_root_index_module(struct tf_root *root, int module,
    struct hc_error *err);
void tf_root_index_free(struct tf_block_index *index);

/* The entries of index with this type and first label, in file order;
 * sets *n. */
const struct tf_block_entry *tf_root_index_range(
    const struct tf_block_index *index, const char *type, const char *label0,
    size_t *n);

#endif
