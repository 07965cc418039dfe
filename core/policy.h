/*
 * IAM policies as Terraform writes them, and how to add a statement to
 * each form without changing its style.
 *
 * Forms: a heredoc of JSON (with ${...} interpolations), jsonencode() of
 * an object constructor, a data "aws_iam_policy_document" with statement
 * blocks, templatefile()/file() (not editable here) and anything else
 * (not editable).
 */
#ifndef HUBCRED_CORE_POLICY_H
#define HUBCRED_CORE_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hcl/edit.h"
#include "core/hcl/tree.h"

struct json_t;

enum policy_form {
	POLICY_FORM_HEREDOC_JSON,
	POLICY_FORM_JSONENCODE,
	POLICY_FORM_DOCUMENT,
	POLICY_FORM_TEMPLATE,
	POLICY_FORM_STRING,
	POLICY_FORM_OTHER,
};

/* "heredoc JSON", "jsonencode", "aws_iam_policy_document",
 * "templatefile/file", "JSON string", "other". */
const char *policy_form_name(enum policy_form form);

/* 1 when hubcred can add a statement to this form. */
int policy_form_editable(enum policy_form form);

/*
 * The form of a `policy` attribute's expression. For the DOCUMENT form
 * (data.aws_iam_policy_document.NAME.json) NAME is copied into doc_name.
 */
enum policy_form policy_form_of(const struct hcl_file *file,
    const struct hcl_expr *expr, char *doc_name, size_t size);

/* A policy's document: expr for the heredoc and jsonencode forms, the
 * data block for the DOCUMENT form. All borrowed. */
struct policy_ref {
	enum policy_form form;
	const struct hcl_file *file;
	const struct hcl_expr *expr;
	const struct hcl_item *document;
	const struct hcl_expr *object;	/* JSONENCODE: the object, when
					   not expr's argument */
	struct json_t *json_document;	/* DOCUMENT in JSON syntax: the
					   data source's object */
	const char *json_text;	/* STRING in JSON syntax: the document */
};

/* A permission to look for: action on the resource named by var_ref
 * ("var.x") or by literal (an ARN). Either may be NULL. */
struct policy_query {
	const char *action;
	const char *var_ref;
	const char *literal;
	int deny;	/* look for a Deny, not an Allow: policy_denies()
			   sets it, policy_grants() clears it */
	const char *name;	/* a secret's name (a credential given as a
				   name): Resource "*" and any secret ARN
				   whose name part matches it count */
};

/*
 * 1 when an Allow statement of the policy covers the query (wildcards in
 * actions and resources count), else 0. A statement with a Condition
 * does not count, since the request may not meet it, unless its only
 * condition is on kms:ViaService, which hubcred itself writes and which
 * holds for a key used through Secrets Manager.
 */
int policy_grants(const struct policy_ref *ref, const struct policy_query *q);

/* 1 when a Deny statement without a Condition covers the query: no
 * Allow can then give the permission. */
int policy_denies(const struct policy_ref *ref, const struct policy_query *q);

/* A statement to add: Allow action on var_ref ("var.x"), with a
 * StringEquals kms:ViaService condition when via_service is set. */
struct policy_statement {
	const char *action;
	const char *var_ref;
	const char *via_service;
};

/*
 * Add statements after the last statement of ref (whose file is
 * edits->file), copying its style. legacy writes "${var.x}" for
 * Terraform 0.11. Fails with HC_ERR_UNSUPPORTED for forms that cannot be
 * edited, naming the reason.
 */
int policy_add_statements(struct hcl_edits *edits,
    const struct policy_ref *ref, const struct policy_statement *st,
    size_t n, int legacy, struct hc_error *err);

/*
 * The heredoc JSON editor, on plain text: find the "Statement" list of
 * the JSON document json (which may hold ${...} interpolations) and
 * compute the text to insert after its last element. Returns 0 and sets
 * *offset (into json) and *text (malloc'd, caller frees), or -1.
 */
int policy_json_add(const char *json, size_t len, const char *nl,
    const struct policy_statement *st, size_t n, uint32_t *offset,
    char **text, struct hc_error *err);

/*
 * Add statements to a data "aws_iam_policy_document" written in JSON
 * syntax (doc is its object, edited in place): new objects at the end of
 * its "statement" list, with "effect" when the others spell it out.
 */
int policy_json_document_add(struct json_t *doc,
    const struct policy_statement *st, size_t n, struct hc_error *err);

/* policy_grants() for JSON text. */
int policy_json_grants(const char *json, size_t len,
    const struct policy_query *q);

/* Shell-style match of text against pattern with '*' and '?', ignoring
 * ASCII case when nocase is set. */
int policy_glob(const char *pattern, size_t plen, const char *text,
    int nocase);

#endif
