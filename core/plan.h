/*
 * Everything an apply would do, as data: the new content of each file and
 * the remote write to Secrets Manager. Screens show a plan, replay prints
 * it, and core/apply.c carries it out. Building a plan never writes.
 */
#ifndef HUBCRED_CORE_PLAN_H
#define HUBCRED_CORE_PLAN_H

#include <stddef.h>

#include "core/error.h"

struct plan_file {
	char *path;		/* relative to the plan's root, '/' separated */
	char *old_text;		/* content the edit was made from; NULL when
				   the file is created */
	size_t old_len;
	char *new_text;
	size_t new_len;
};

enum plan_secret_action {
	PLAN_SECRET_NONE,	/* nothing written to AWS */
	PLAN_SECRET_CREATE,	/* CreateSecret, or PutSecretValue when the
				   name exists */
	PLAN_SECRET_UPDATE,	/* PutSecretValue on an existing ARN */
};

struct plan_secret {
	enum plan_secret_action action;
	char name[512];
	char arn[2048];		/* known ARN, or empty until created */
	char region[64];
	char kms_key_id[2048];	/* empty: the AWS managed key */
};

struct plan {
	char *root;		/* absolute path of the Terraform root */
	struct plan_file *files;
	size_t nfiles;
	struct plan_secret secret;
	char **notes;		/* lines for the person: what was found
				   already in place, what was skipped */
	size_t nnotes;
};

/* Start an empty plan for root (copied). */
int plan_init(struct plan *plan, const char *root, struct hc_error *err);
void plan_done(struct plan *plan);

/*
 * The content a further edit of path should start from: the planned new
 * text when the plan already changes path, else NULL (read the file).
 */
const struct plan_file *plan_find(const struct plan *plan, const char *path);

/*
 * Record that path (relative to the root) goes from old_text to new_text.
 * old_text NULL means the file is created. When path is already in the
 * plan, only its new text is replaced, so the original stays the base of
 * the diff. Both texts are copied. A change to the same bytes is dropped.
 */
int plan_set_file(struct plan *plan, const char *path, const char *old_text,
    size_t old_len, const char *new_text, size_t new_len,
    struct hc_error *err);

int plan_add_note(struct plan *plan, struct hc_error *err, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* 1 when the plan changes no file and writes nothing to AWS. */
int plan_is_empty(const struct plan *plan);

#endif
