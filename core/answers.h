/*
 * The answers file (version 1): every choice of an interactive run, never
 * a secret. Written by --record, read by replay and validate.
 *
 *   {"hubcred_answers": 1, "project": ADDRESS, "dockerhub_username": NAME,
 *    "secret": {"action": "create"|"use"|"update", "name", "region",
 *               "arn", "kms_key_id"},
 *    "variable": NAME, "tfvars": PATH, "policy": ADDRESS|"new",
 *    "hunks": "all"|[ID, ...], "unfinished": true}
 *
 * "unfinished" is written while a recorded wizard has not reached the
 * review's end, so a recording cut short is not replayed with defaults
 * in place of the choices it lacks.
 */
#ifndef HUBCRED_CORE_ANSWERS_H
#define HUBCRED_CORE_ANSWERS_H

#include <stddef.h>

#include "core/error.h"

#define ANSWERS_VERSION 1

enum answers_secret_action {
	ANSWERS_SECRET_UNSET,
	ANSWERS_SECRET_CREATE,
	ANSWERS_SECRET_USE,
	ANSWERS_SECRET_UPDATE,
};

/* Every string is heap-owned by the struct, or NULL when not given. */
struct answers {
	char *project;
	char *dockerhub_username;
	enum answers_secret_action secret_action;
	char *secret_name;
	char *secret_region;
	char *secret_arn;
	char *kms_key_id;
	char *variable;
	char *tfvars;
	char *policy;
	int hunks_all;		/* "all", the default */
	char **hunks;		/* chosen hunk ids when not all */
	size_t nhunks;
	int unfinished;		/* recording stopped before the review */
};

void answers_init(struct answers *answers);
void answers_done(struct answers *answers);

/*
 * Read and validate path. Errors name the file and the key path
 * ("secret.action: expected one of create, use, update") with
 * HC_ERR_INPUT; an unknown key is an error naming it, and so is
 * "unfinished": true.
 */
int answers_load(const char *path, struct answers *answers,
    struct hc_error *err);

/* Parse from memory; path is only used in messages. */
int answers_parse(const char *path, const char *text, size_t len,
    struct answers *answers, struct hc_error *err);

/* Write atomically (temporary file in the same folder, fsync, rename),
 * mode 0600. Only the answers given so far are written. */
int answers_save(const char *path, const struct answers *answers,
    struct hc_error *err);

/* Replace *slot with a copy of value (NULL clears it). */
int answers_set(char **slot, const char *value, struct hc_error *err);

const char *answers_secret_action_name(enum answers_secret_action action);

#endif
