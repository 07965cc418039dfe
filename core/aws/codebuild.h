/*
 * AWS CodeBuild call that reads how projects pull their build image
 * (awsJson1_1, target prefix "CodeBuild_20161006.", camelCase members).
 */
#ifndef HUBCRED_CORE_AWS_CODEBUILD_H
#define HUBCRED_CORE_AWS_CODEBUILD_H

#include <stddef.h>

#include "core/aws/config.h"
#include "core/error.h"

/* Image settings of one project. A field is NULL when AWS left it out. */
struct aws_codebuild_project {
	char *name;
	char *arn;
	char *image;
	char *image_pull_credentials_type;	/* CODEBUILD, SERVICE_ROLE */
	char *registry_credential;		/* secret ARN or name */
	char *registry_credential_provider;	/* SECRETS_MANAGER */
	char *service_role;			/* role ARN */
};

struct aws_codebuild_projects {
	struct aws_codebuild_project *items;
	size_t n;
	char **not_found;		/* names AWS does not know */
	size_t n_not_found;
};

/*
 * Call BatchGetProjects for n names or ARNs, 100 per request. A name AWS
 * does not know is not an error but is added to out->not_found. When the
 * first name is an ARN, the requests go to its region. Release out with
 * aws_codebuild_projects_done(), also after a failure.
 */
int aws_codebuild_batch_get_projects(const struct aws_config *cfg,
    const char *const *names, size_t n, struct aws_codebuild_projects *out,
    struct hc_error *err);

void aws_codebuild_projects_done(struct aws_codebuild_projects *projects);

struct aws_codebuild_names {
	char **names;
	size_t n;
};

/*
 * ListProjects, every page, in cfg's region: the names of the account's
 * projects, sorted by name. Release out with aws_codebuild_names_done().
 */
int aws_codebuild_list_projects(const struct aws_config *cfg,
    struct aws_codebuild_names *out, struct hc_error *err);

void aws_codebuild_names_done(struct aws_codebuild_names *names);

#endif
