/*
 * Checks of a project's environment block: the pull credentials type,
 * the registry_credential block, misspellings of both, their place, and
 * whether the image kind fits the credentials.
 */
#include <stdio.h>
#include <string.h>

#include "core/checks/checks-private.h"
#include "core/hcl/query.h"

#define PULL_TYPE "image_pull_credentials_type"
#define REG_CRED "registry_credential"

/* How far a name may be from the real one to count as a misspelling. */
#define MISSPELT_MAX 3

/* Items of interest in an environment block. */
struct env {
	const struct hcl_file *hcl;
	const struct hcl_item *block;
	const struct hcl_item *pull;		/* image_pull_credentials_type */
	const struct hcl_item *pull_misspelt;
	const struct hcl_item *rc;		/* first registry_credential */
	const struct hcl_item *rc_misspelt;
	const struct hcl_item *rc_extra;	/* a second one */
	const struct hcl_item *rc_attr;		/* registry_credential = [...] */
	const struct hcl_item *rc_dynamic;	/* dynamic "registry_credential" */
	const struct hcl_item *image;
	char pull_value[64];	/* "" when not a literal string */
};

static void
item_name(const struct hcl_file *hcl, const struct hcl_item *item,
    char *buf, size_t size)
{
	checks_token_copy(hcl, item->first, buf, size);
}

static int
misspelt(const char *name, const char *real)
{
	return strcmp(name, real) != 0 &&
	    checks_name_distance(name, real) <= MISSPELT_MAX;
}

static void
read_env(struct env *e)
{
	const struct hcl_item *it;
	char name[128];
	size_t i;

	for (i = 0; i < e->block->body.nitems; i++) {
		it = &e->block->body.items[i];
		item_name(e->hcl, it, name, sizeof name);
		if (it->type == HCL_ITEM_ATTRIBUTE) {
			if (strcmp(name, PULL_TYPE) == 0)
				e->pull = it;
			else if (strcmp(name, REG_CRED) == 0)
				e->rc_attr = it;
			else if (strcmp(name, "image") == 0)
				e->image = it;
			else if (misspelt(name, PULL_TYPE) &&
			    e->pull_misspelt == NULL)
				e->pull_misspelt = it;
		} else if (strcmp(name, "dynamic") == 0) {
			char label[64];

			if (hcl_block_label(e->hcl, it, 0, label,
			    sizeof label) >= 0 && strcmp(label, REG_CRED) == 0)
				e->rc_dynamic = it;
		} else if (strcmp(name, REG_CRED) == 0) {
			if (e->rc == NULL)
				e->rc = it;
			else if (e->rc_extra == NULL)
				e->rc_extra = it;
		} else if (misspelt(name, REG_CRED) && e->rc_misspelt == NULL) {
			e->rc_misspelt = it;
		}
	}
	it = e->pull != NULL ? e->pull : e->pull_misspelt;
	if (it == NULL || hcl_expr_string(e->hcl, it->expr, e->pull_value,
	    sizeof e->pull_value) < 0)
		e->pull_value[0] = '\0';
}

/* Misspelt names: HC104 for the block, HC105 for the attribute. */
static void
check_names(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e)
{
	struct checks_finding *f;
	char name[128], error[512];

	if (e->rc_misspelt != NULL) {
		item_name(e->hcl, e->rc_misspelt, name, sizeof name);
		snprintf(error, sizeof error, "Unsupported block type: Blocks "
		    "of type \"%s\" are not expected here. Did you mean \""
		    REG_CRED "\"?", name);
		f = checks_add(ctx, CHECKS_HC104, p->address, p->file,
		    e->rc_misspelt->first, error, "The block %s in the "
		    "environment of %s is not a block Terraform knows, so "
		    "terraform validate fails. Fix: rename it to "
		    REG_CRED ".", name, p->address);
		if (f != NULL && e->rc == NULL) {
			f->fixable = 1;
			f->fix.kind = CHECKS_FIX_RENAME_BLOCK;
			f->fix.item = e->rc_misspelt;
			snprintf(f->fix.text, sizeof f->fix.text, REG_CRED);
		}
	}
	if (e->pull_misspelt != NULL) {
		item_name(e->hcl, e->pull_misspelt, name, sizeof name);
		snprintf(error, sizeof error, "Unsupported argument: An "
		    "argument named \"%s\" is not expected here. Did you "
		    "mean \"" PULL_TYPE "\"?", name);
		f = checks_add(ctx, CHECKS_HC105, p->address, p->file,
		    e->pull_misspelt->first, error, "%s in the environment "
		    "of %s is not an argument Terraform knows. Fix: rename "
		    "it to " PULL_TYPE ".", name, p->address);
		if (f != NULL && e->pull == NULL) {
			f->fixable = 1;
			f->fix.kind = CHECKS_FIX_SPLICE;
			f->fix.offset = e->hcl->tokens[
			    e->pull_misspelt->first].offset;
			f->fix.length = e->hcl->tokens[
			    e->pull_misspelt->first].length;
			snprintf(f->fix.text, sizeof f->fix.text, PULL_TYPE);
		}
	}
}

/* The fold of a value: upper case letters and digits only. */
static void
fold_value(const char *v, char *buf, size_t size)
{
	size_t n = 0;

	for (; *v != '\0' && n + 1 < size; v++) {
		if (*v >= 'a' && *v <= 'z')
			buf[n++] = (char)(*v - 32);
		else if ((*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9'))
			buf[n++] = *v;
	}
	buf[n] = '\0';
}

/* HC102 and HC108: the value of image_pull_credentials_type. */
static void
check_pull_value(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e, int has_rc)
{
	const struct hcl_item *pull = e->pull ? e->pull : e->pull_misspelt;
	struct checks_finding *f;
	const char *fixed = NULL;
	char folded[64], error[512];

	if (pull == NULL || e->pull_value[0] == '\0' ||
	    strcmp(e->pull_value, "SERVICE_ROLE") == 0)
		return;
	if (strcmp(e->pull_value, "CODEBUILD") == 0) {
		if (!has_rc)
			return;
		f = checks_add(ctx, CHECKS_HC102, p->address, p->file,
		    pull->first, "CodeBuild pulls with its own credentials "
		    "and ignores registry_credential: the pull is anonymous "
		    "or fails with BUILD_CONTAINER_UNABLE_TO_PULL_IMAGE",
		    "%s sets " PULL_TYPE " = \"CODEBUILD\" next to a "
		    REG_CRED ", which only SERVICE_ROLE uses. Fix: change "
		    "\"CODEBUILD\" to \"SERVICE_ROLE\".", p->address);
		fixed = "SERVICE_ROLE";
	} else {
		fold_value(e->pull_value, folded, sizeof folded);
		snprintf(error, sizeof error, "expected "
		    "environment.0." PULL_TYPE " to be one of "
		    "[\"CODEBUILD\" \"SERVICE_ROLE\"], got %s", e->pull_value);
		if (checks_name_distance(folded, "SERVICEROLE") <= 2 ||
		    (has_rc && checks_name_distance(folded, "CODEBUILD") <= 2))
			fixed = "SERVICE_ROLE";
		else if (checks_name_distance(folded, "CODEBUILD") <= 2)
			fixed = "CODEBUILD";
		if (fixed != NULL)
			f = checks_add(ctx, CHECKS_HC108, p->address, p->file,
			    pull->first, error, "\"%s\" is not a valid "
			    PULL_TYPE " of %s. Fix: change it to \"%s\".",
			    e->pull_value, p->address, fixed);
		else
			f = checks_add(ctx, CHECKS_HC108, p->address, p->file,
			    pull->first, error, "\"%s\" is not a valid "
			    PULL_TYPE " of %s. Fix: use \"SERVICE_ROLE\" "
			    "for Docker Hub credentials.", e->pull_value,
			    p->address);
	}
	if (f != NULL && fixed != NULL) {
		f->fixable = 1;
		f->fix.kind = CHECKS_FIX_REPLACE_EXPR;
		f->fix.expr = pull->expr;
		snprintf(f->fix.text, sizeof f->fix.text, "\"%s\"", fixed);
	}
}

/* HC103, HC109 and the credential itself, inside registry_credential. */
static void
check_rc_body(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e, const struct hcl_item *rc)
{
	const struct hcl_item *cred, *prov;
	struct checks_finding *f;
	char value[64], folded[64], error[512];

	cred = hcl_body_attribute(e->hcl, &rc->body, "credential");
	prov = hcl_body_attribute(e->hcl, &rc->body, "credential_provider");
	if (cred == NULL || prov == NULL) {
		const char *what = cred == NULL ? "credential" :
		    "credential_provider";

		snprintf(error, sizeof error, "Missing required argument: The "
		    "argument \"%s\" is required, but no definition was "
		    "found.", what);
		checks_add(ctx, CHECKS_HC109, p->address, p->file, rc->first,
		    error, "The " REG_CRED " of %s has no %s. Fix: add "
		    "credential = var.docker_hub_secret_arn (the secret's "
		    "ARN) and credential_provider = \"SECRETS_MANAGER\".",
		    p->address, what);
	}
	if (prov != NULL && hcl_expr_string(e->hcl, prov->expr, value,
	    sizeof value) >= 0 && strcmp(value, "SECRETS_MANAGER") != 0) {
		snprintf(error, sizeof error, "expected environment.0."
		    REG_CRED ".0.credential_provider to be one of "
		    "[\"SECRETS_MANAGER\"], got %s", value);
		f = checks_add(ctx, CHECKS_HC103, p->address, p->file,
		    prov->first, error, "credential_provider of %s is \"%s\"; "
		    "the only valid value is \"SECRETS_MANAGER\". Fix: change "
		    "\"%s\" to \"SECRETS_MANAGER\".", p->address, value,
		    value);
		fold_value(value, folded, sizeof folded);
		if (f != NULL && checks_name_distance(folded,
		    "SECRETSMANAGER") <= MISSPELT_MAX) {
			f->fixable = 1;
			f->fix.kind = CHECKS_FIX_REPLACE_EXPR;
			f->fix.expr = prov->expr;
			snprintf(f->fix.text, sizeof f->fix.text,
			    "\"SECRETS_MANAGER\"");
		}
	}
	if (cred != NULL)
		checks_secret_credential(ctx, p, cred);
}

/* HC111: a CodeBuild managed image with pull credentials. */
static int
check_managed(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e, int has_rc)
{
	const struct hcl_item *at;

	if (p->image_kind != TF_IMAGE_CODEBUILD ||
	    (!has_rc && strcmp(e->pull_value, "SERVICE_ROLE") != 0))
		return 0;
	at = e->image != NULL ? e->image : e->block;
	if (strcmp(e->pull_value, "SERVICE_ROLE") == 0)
		checks_add(ctx, CHECKS_HC111, p->address, p->file, at->first,
		    "InvalidInputException: Invalid input: cannot use a "
		    "CodeBuild curated image with imagePullCredentialsType "
		    "SERVICE_ROLE", "%s uses the CodeBuild managed image %s, "
		    "which needs no Docker Hub credentials. Fix: remove "
		    PULL_TYPE " and " REG_CRED " from its environment (or "
		    "use a Docker Hub image).", p->address, p->image);
	else
		checks_add(ctx, CHECKS_HC111, p->address, p->file, at->first,
		    NULL, "%s uses the CodeBuild managed image %s with a "
		    REG_CRED ", which CodeBuild does not use for managed "
		    "images. Fix: remove the " REG_CRED " block.",
		    p->address, p->image);
	return 1;
}

/* HC101: credentials given, but the default pull type ignores them. */
static void
check_missing_pull(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e)
{
	const struct hcl_item *rc;
	struct checks_finding *f;

	rc = e->rc;
	if (rc == NULL)
		rc = e->rc_misspelt;
	if (rc == NULL)
		rc = e->rc_attr;
	if (rc == NULL)
		rc = e->rc_dynamic;
	f = checks_add(ctx, CHECKS_HC101, p->address, p->file, rc->first,
	    "CodeBuild uses registry_credential only with "
	    "imagePullCredentialsType SERVICE_ROLE; with the default, "
	    "CODEBUILD, the image is pulled without it",
	    "%s has a " REG_CRED " but no " PULL_TYPE ", which defaults to "
	    "\"CODEBUILD\". Fix: add " PULL_TYPE " = \"SERVICE_ROLE\" to "
	    "the environment of %s.", p->address, p->address);
	if (f == NULL)
		return;
	f->fixable = 1;
	f->fix.kind = CHECKS_FIX_SET_ATTRIBUTE;
	f->fix.item = e->block;
	snprintf(f->fix.name, sizeof f->fix.name, PULL_TYPE);
	snprintf(f->fix.text, sizeof f->fix.text, "\"SERVICE_ROLE\"");
}

/* HC181: a Docker Hub image with no credentials at all. */
static void
check_anonymous(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e)
{
	const struct hcl_item *at = e->image != NULL ? e->image : e->block;

	checks_add(ctx, CHECKS_HC181, p->address, p->file, at->first,
	    "toomanyrequests: You have reached your unauthenticated pull "
	    "rate limit", "%s pulls the Docker Hub image %s anonymously. "
	    "Fix: run hubcred and choose this project to pull it with "
	    "Docker Hub credentials.", p->address, p->image);
}

/* HC106: the pull settings placed outside environment. */
static void
check_misplaced(struct checks_ctx *ctx, const struct tf_project *p,
    const struct hcl_file *hcl, const struct hcl_body *body, int depth)
{
	const struct hcl_item *it;
	char name[128], error[512];
	size_t i;

	for (i = 0; i < body->nitems; i++) {
		it = &body->items[i];
		item_name(hcl, it, name, sizeof name);
		if (strcmp(name, REG_CRED) != 0 &&
		    strcmp(name, PULL_TYPE) != 0) {
			if (it->type == HCL_ITEM_BLOCK && depth == 0 &&
			    strcmp(name, "environment") != 0 &&
			    strcmp(name, "dynamic") != 0)
				check_misplaced(ctx, p, hcl, &it->body, 1);
			continue;
		}
		if (it->type == HCL_ITEM_BLOCK)
			snprintf(error, sizeof error, "Unsupported block type: "
			    "Blocks of type \"%s\" are not expected here.",
			    name);
		else
			snprintf(error, sizeof error, "Unsupported argument: "
			    "An argument named \"%s\" is not expected here.",
			    name);
		checks_add(ctx, CHECKS_HC106, p->address, p->file, it->first,
		    error, "%s of %s is outside its environment block. Fix: "
		    "move it into the environment block.", name, p->address);
	}
}

/* HC107 and HC109 (a second block). */
static void
check_shape(struct checks_ctx *ctx, const struct tf_project *p,
    const struct env *e)
{
	if (e->rc_attr != NULL && !ctx->root->modules[p->module].legacy)
		checks_add(ctx, CHECKS_HC107, p->address, p->file,
		    e->rc_attr->first, "Unsupported argument: An argument "
		    "named \"" REG_CRED "\" is not expected here. Did you "
		    "mean to define a block of type \"" REG_CRED "\"?",
		    "%s writes " REG_CRED " = [...], the Terraform 0.11 "
		    "form. Fix: write it as a block: " REG_CRED " { "
		    "credential = ..., credential_provider = "
		    "\"SECRETS_MANAGER\" }.", p->address);
	if (e->rc_extra != NULL)
		checks_add(ctx, CHECKS_HC109, p->address, p->file,
		    e->rc_extra->first, "Too many " REG_CRED " blocks: No "
		    "more than 1 \"" REG_CRED "\" blocks are allowed",
		    "The environment of %s has more than one " REG_CRED ". "
		    "Fix: keep one.", p->address);
}

void
checks_environment_project(struct checks_ctx *ctx,
    const struct tf_project *p)
{
	struct env e;
	size_t cursor = 0;
	int has_rc;

	if (p->item == NULL) {
		checks_json_project(ctx, p);
		return;
	}
	memset(&e, 0, sizeof e);
	e.hcl = ctx->root->files[p->file].hcl;
	check_misplaced(ctx, p, e.hcl, &p->item->body, 0);
	e.block = hcl_body_next_block(e.hcl, &p->item->body, &cursor,
	    "environment", NULL, 0);
	if (e.block == NULL)
		return;
	read_env(&e);
	has_rc = e.rc != NULL || e.rc_misspelt != NULL || e.rc_attr != NULL ||
	    e.rc_dynamic != NULL;
	check_names(ctx, p, &e);
	check_shape(ctx, p, &e);
	if (e.rc != NULL)
		check_rc_body(ctx, p, &e, e.rc);
	else if (e.rc_misspelt != NULL)
		check_rc_body(ctx, p, &e, e.rc_misspelt);
	if (check_managed(ctx, p, &e, has_rc))
		return;
	if (has_rc && e.pull == NULL && e.pull_misspelt == NULL)
		check_missing_pull(ctx, p, &e);
	check_pull_value(ctx, p, &e, has_rc);
	if (!has_rc && p->image_kind == TF_IMAGE_DOCKER_HUB)
		check_anonymous(ctx, p, &e);
}
