/*
 * CodeBuild projects of a loaded root: where they are, which image they
 * pull, their service role and the policies that grant it permissions.
 */
#ifndef HUBCRED_CORE_TF_PROJECT_H
#define HUBCRED_CORE_TF_PROJECT_H

#include <stddef.h>

#include "core/error.h"
#include "core/policy.h"
#include "core/tf/root.h"

#define TF_MAX_DEPTH 8

enum tf_image_kind {
	TF_IMAGE_DOCKER_HUB,
	TF_IMAGE_CODEBUILD,	/* aws/codebuild/... managed images */
	TF_IMAGE_OTHER,		/* ECR, mcr.microsoft.com, quay.io, ... */
	TF_IMAGE_UNKNOWN,	/* not resolvable to a string */
};

/* "Docker Hub", "CodeBuild managed", "other registry", "unknown". */
const char *tf_image_kind_name(enum tf_image_kind kind);

/* Classify an image reference ("node:20", "docker.io/x/y",
 * "1234.dkr.ecr.eu-west-1.amazonaws.com/x", "aws/codebuild/standard:7.0").
 * TODO: core/dockerhub/image.c is meant to replace this classifier. */
enum tf_image_kind tf_image_classify(const char *image);

/* One link of the way from a root module to a project's module. */
struct tf_call_link {
	int module;		/* the calling module */
	size_t call;		/* index into its calls */
};

/* The kinds of service role from outside the root. */
enum tf_outside_role {
	TF_OUTSIDE_NONE,	/* the role is in the module, or unknown */
	TF_OUTSIDE_NAME,	/* service_role is a literal ARN or name */
	TF_OUTSIDE_DATA,	/* data.aws_iam_role.x.arn */
	TF_OUTSIDE_ARN_REF,	/* another reference: var.x, local.x,
				   module.m.out */
};

struct tf_project {
	char address[512];	/* module.ci.aws_codebuild_project.this */
	char name[128];		/* this */
	int root_module;	/* module the address starts from */
	int module;		/* module holding the resource */
	struct tf_call_link chain[TF_MAX_DEPTH];
	size_t nchain;
	size_t file;		/* index into root->files */
	int line;		/* of the resource block, 1-based */
	const struct hcl_item *item;
	char image[512];	/* literal, resolved, or "unknown" */
	enum tf_image_kind image_kind;
	const char *status;	/* "needs setup", "configured", "partial",
				   "not Docker Hub", "CodeBuild managed
				   image", "unknown image" */

	/* Service role: the aws_iam_role resource in module, if found. */
	char role[256];		/* its name label, empty when outside */
	size_t role_file;
	const struct hcl_item *role_item;	/* in HCL syntax */
	struct json_t *role_json;	/* in JSON syntax */
	int role_line;		/* of the service_role attribute, 0 when
				   unknown */
	char role_why[1024];	/* when role is empty: why it was not
				   resolved, or where the outside role
				   comes from */

	/* A service role from outside the root, which only a new
	 * aws_iam_role_policy of the project's module can grant to. */
	enum tf_outside_role outside;
	char outside_role[256];	/* NAME: the role's name, parsed from a
				   literal ARN; DATA: the label of the
				   data "aws_iam_role"; ARN_REF: the
				   reference holding its ARN (var.x) */

	/* What is in place. */
	int has_pull_type;	/* image_pull_credentials_type =
				   "SERVICE_ROLE" */
	int has_credential;	/* registry_credential complete */
	int has_grant;		/* a policy grants GetSecretValue on it */
	char credential[256];	/* credential reference or literal */
};

/* The projects in *n; owned by root. */
const struct tf_project *tf_root_projects(const struct tf_root *root,
    size_t *n);

/* The project with this address, or NULL. */
const struct tf_project *tf_root_find_project(const struct tf_root *root,
    const char *address);

/*
 * Return the index in root's projects of the project at address, or
 * SIZE_MAX when there is none. Several roots below the folder may each
 * have a project at that address: then the one whose root module's
 * folder contains the tfvars path (NULL: the folder ".") is chosen, else
 * the first. *matches gets the number of projects at the address and
 * *in_folder whether the chosen one is in the tfvars path's folder.
 */
size_t tf_root_pick_project(const struct tf_root *root, const char *address,
    const char *tfvars, size_t *matches, int *in_folder);

/* A policy that grants the project's service role permissions. */
struct tf_policy {
	char address[512];	/* aws_iam_role_policy.x, aws_iam_policy.p,
				   data.aws_iam_policy_document.d or
				   aws_iam_role.r.inline_policy[0], with the
				   module prefix */
	char via[512];		/* the resource attaching it to the role */
	size_t file;		/* where the document is */
	int line;
	enum policy_form form;
	int editable;
	struct policy_ref ref;	/* borrowed from root */
	char json_doc[128];	/* name of a data "aws_iam_policy_document"
				   written in JSON syntax (ref.json_document),
				   else empty */
};

/* The syntax of tf_project_role_value()'s result. */
enum tf_role_syntax {
	TF_ROLE_HCL,		/* aws_iam_role.x.id, basename(var.x) */
	TF_ROLE_HCL_LEGACY,	/* Terraform 0.11: "${aws_iam_role.x.id}" */
	TF_ROLE_JSON,		/* a JSON syntax string's text:
				   ${aws_iam_role.x.id} */
};

/*
 * Write what a new aws_iam_role_policy sets its role argument to, for
 * the project's service role, into buf: the role resource's id, the
 * name parsed from a literal ARN, data.aws_iam_role.x.name, or
 * basename() of the reference that holds the ARN. Returns its length,
 * or -1 when the role is neither in the module nor outside the root.
 */
int tf_project_role_value(const struct tf_project *project,
    enum tf_role_syntax syntax, char *buf, size_t size);

/*
 * The policies of the project's service role, in file order. *out is
 * malloc'd (caller frees). For a role outside the root, only the
 * aws_iam_role_policy resources and attachments of the project's module
 * that name it (as tf_project_role_value() writes it) are found.
 */
int tf_project_policies(const struct tf_root *root,
    const struct tf_project *project, struct tf_policy **out, size_t *n,
    struct hc_error *err);

/*
 * When the project's registry_credential names a variable (var.x), copy
 * x into buf and return its length; else -1. The wizard offers it as the
 * variable name.
 */
int tf_project_credential_variable(const struct tf_project *project,
    char *buf, size_t size);

/* Called by tf_root_load(): find the projects and their state. */
int tf_project_scan(struct tf_root *root, struct hc_error *err);

/*
 * Resolve expr (in module of project's chain at depth depth: 0 is the
 * root module) to a string through variables, module arguments,
 * locals, defaults and the root's tfvars. Returns the length or -1.
 */
int tf_project_resolve(const struct tf_root *root,
    const struct tf_project *project, size_t depth,
    const struct hcl_file *file, const struct hcl_expr *expr, char *buf,
    size_t size);

#endif
