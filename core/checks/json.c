/*
 * The environment checks for projects written in JSON syntax (.tf.json,
 * as CDK for Terraform writes them). hubcred does not edit these files,
 * so nothing here is fixable: the fix belongs in the program that
 * generates them.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/checks/checks-private.h"

#define PULL_TYPE "image_pull_credentials_type"
#define REG_CRED "registry_credential"

/* An object, or the first element of an array of objects. */
static json_t *
first_block(json_t *parent, const char *key)
{
	json_t *v = json_object_get(parent, key);

	return json_is_array(v) ? json_array_get(v, 0) : v;
}

/* Line of "key" after the project's name in the file, else the
 * project's line. */
static int
key_line(const struct tf_root *root, const struct tf_project *p,
    const char *key)
{
	const char *text = root->files[p->file].text, *at;
	char quoted[300];
	int line = 1;

	if (text == NULL)
		return p->line;
	snprintf(quoted, sizeof quoted, "\"%s\"", p->name);
	at = strstr(text, "\"aws_codebuild_project\"");
	at = at != NULL ? strstr(at, quoted) : NULL;
	snprintf(quoted, sizeof quoted, "\"%s\"", key);
	at = at != NULL ? strstr(at, quoted) : NULL;
	if (at == NULL)
		return p->line;
	for (; text < at; text++)
		line += *text == '\n';
	return line;
}

static json_t *
resource(const struct tf_root *root, const struct tf_project *p)
{
	json_t *projects;

	projects = json_object_get(json_object_get(root->files[p->file].json,
	    "resource"), "aws_codebuild_project");
	return first_block(projects, p->name);
}

/* Misspelt keys of the environment: HC104 and HC105. */
static void
check_keys(struct checks_ctx *ctx, const struct tf_project *p, json_t *env,
    int *has_rc, int *has_pull)
{
	const char *path = ctx->root->files[p->file].path, *key;
	json_t *value;

	json_object_foreach(env, key, value) {
		if (strcmp(key, REG_CRED) != 0 &&
		    checks_name_distance(key, REG_CRED) <= 3) {
			*has_rc = 1;
			checks_add_at(ctx, CHECKS_HC104, p->address, path,
			    key_line(ctx->root, p, key), "Unsupported block "
			    "type", "The key \"%s\" in the environment of %s is "
			    "not one Terraform knows. Fix: name it "
			    "\"" REG_CRED "\" in the program that writes %s.",
			    key, p->address, path);
		} else if (strcmp(key, PULL_TYPE) != 0 &&
		    checks_name_distance(key, PULL_TYPE) <= 3) {
			*has_pull = 1;
			checks_add_at(ctx, CHECKS_HC105, p->address, path,
			    key_line(ctx->root, p, key), "Unsupported "
			    "argument", "The key \"%s\" in the environment of "
			    "%s is not one Terraform knows. Fix: name it "
			    "\"" PULL_TYPE "\" in the program that writes %s.",
			    key, p->address, path);
		}
	}
}

/* HC103 and HC109 inside the registry_credential object. */
static void
check_credential(struct checks_ctx *ctx, const struct tf_project *p,
    json_t *rc)
{
	const char *path = ctx->root->files[p->file].path, *provider;

	provider = json_string_value(json_object_get(rc,
	    "credential_provider"));
	if (json_object_get(rc, "credential") == NULL || provider == NULL)
		checks_add_at(ctx, CHECKS_HC109, p->address, path,
		    key_line(ctx->root, p, REG_CRED), "Missing required "
		    "argument", "The " REG_CRED " of %s lacks credential or "
		    "credential_provider.", p->address);
	else if (strcmp(provider, "SECRETS_MANAGER") != 0)
		checks_add_at(ctx, CHECKS_HC103, p->address, path,
		    key_line(ctx->root, p, "credential_provider"), NULL,
		    "credential_provider of %s is \"%s\"; the only valid "
		    "value is \"SECRETS_MANAGER\".", p->address, provider);
}

void
checks_json_project(struct checks_ctx *ctx, const struct tf_project *p)
{
	const char *path = ctx->root->files[p->file].path, *pull;
	enum checks_rule_id rule;
	json_t *env, *rc;
	int has_rc, has_pull;

	env = first_block(resource(ctx->root, p), "environment");
	if (!json_is_object(env))
		return;
	rc = first_block(env, REG_CRED);
	pull = json_string_value(json_object_get(env, PULL_TYPE));
	has_rc = rc != NULL;
	has_pull = json_object_get(env, PULL_TYPE) != NULL;
	check_keys(ctx, p, env, &has_rc, &has_pull);
	if (json_is_object(rc))
		check_credential(ctx, p, rc);
	if (p->image_kind == TF_IMAGE_CODEBUILD &&
	    (has_rc || (pull != NULL && strcmp(pull, "SERVICE_ROLE") == 0))) {
		checks_add_at(ctx, CHECKS_HC111, p->address, path,
		    key_line(ctx->root, p, "image"), NULL, "%s uses the "
		    "CodeBuild managed image %s with pull credentials. Fix: "
		    "remove them.", p->address, p->image);
		return;
	}
	if (has_rc && !has_pull)
		checks_add_at(ctx, CHECKS_HC101, p->address, path,
		    key_line(ctx->root, p, REG_CRED), NULL, "%s has a "
		    REG_CRED " but no " PULL_TYPE ". Fix: set it to "
		    "\"SERVICE_ROLE\".", p->address);
	else if (has_rc && pull != NULL && strcmp(pull, "SERVICE_ROLE") != 0) {
		rule = CHECKS_HC108;
		if (strcmp(pull, "CODEBUILD") == 0)
			rule = CHECKS_HC102;
		checks_add_at(ctx, rule, p->address, path,
		    key_line(ctx->root, p, PULL_TYPE), NULL, "%s sets "
		    PULL_TYPE " to \"%s\" next to a " REG_CRED ". Fix: set "
		    "it to \"SERVICE_ROLE\".", p->address, pull);
	}
	if (!has_rc && p->image_kind == TF_IMAGE_DOCKER_HUB)
		checks_add_at(ctx, CHECKS_HC181, p->address, path,
		    key_line(ctx->root, p, "image"), NULL, "%s pulls the "
		    "Docker Hub image %s anonymously.", p->address, p->image);
}
