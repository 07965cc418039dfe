/*
 * The steps of reading a project that need only its own module, for
 * core/tf/scan.c, which resolves the rest from module summaries.
 */
#ifndef HUBCRED_CORE_TF_PROJECT_PRIVATE_H
#define HUBCRED_CORE_TF_PROJECT_PRIVATE_H

#include <jansson.h>

#include "core/tf/project.h"

/* Expressions of a project's environment block that may need values from
 * the modules calling it; NULL when the attribute is missing. */
struct tf_project_exprs {
	const struct hcl_file *file;
	const struct hcl_expr *image;
	const struct hcl_expr *pull_type;	/* image_pull_credentials_type */
	const struct hcl_expr *provider;	/* credential_provider */
};

/* Set the file, block, line, name and address (prefix, then
 * aws_codebuild_project.NAME) of p, and its image to "unknown". */
void tf_project_read_block(const struct tf_root *root, struct tf_project *p,
    size_t file, const struct hcl_item *item, const char *prefix);

/* Set p->credential and fill *exprs from p's environment block. The
 * expressions point into root's trees. */
void tf_project_read_environment(const struct tf_root *root,
    struct tf_project *p, struct tf_project_exprs *exprs);

/* Set p's service role (role, role_file, role_item or role_json, or
 * role_why) from its service_role attribute; p->module must be set. */
void tf_project_find_role(const struct tf_root *root, struct tf_project *p);

/* Set p->has_grant: a policy of p's role allows GetSecretValue on its
 * credential. Needs the role and the credential. */
void tf_project_read_grant(const struct tf_root *root, struct tf_project *p);

/* Fill p from a project written in JSON syntax, status included: such a
 * project's values are never resolved through modules. */
void tf_project_read_json(const struct tf_root *root, struct tf_project *p,
    size_t file, const char *name, json_t *res, const char *prefix);

/* The status of p from its image kind and the pieces in place. */
const char *tf_project_status(const struct tf_project *p);

#endif
