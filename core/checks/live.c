/*
 * doctor --live: compare the projects of the Terraform with what AWS
 * has. CodeBuild BatchGetProjects returns each deployed project's pull
 * settings, and Secrets Manager DescribeSecret shows whether the secret
 * of the credential exists. Nothing is written to AWS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/codebuild.h"
#include "core/aws/secretsmanager.h"
#include "core/checks/checks-private.h"
#include "core/hcl/query.h"

#define NAME_MAX_LEN 256

/* A project of the Terraform whose name is known. */
struct live_project {
	const struct tf_project *p;
	char name[NAME_MAX_LEN];
};

/* The projects whose name attribute resolves to a string. */
static struct live_project *
named_projects(const struct tf_root *root, size_t *n)
{
	const struct tf_project *projects;
	struct live_project *out;
	const struct hcl_file *hcl;
	const struct hcl_item *name;
	size_t np, i;

	*n = 0;
	projects = tf_root_projects(root, &np);
	out = calloc(np ? np : 1, sizeof *out);
	if (out == NULL)
		return NULL;
	for (i = 0; i < np; i++) {
		if (projects[i].item == NULL)
			continue;
		hcl = root->files[projects[i].file].hcl;
		name = hcl_body_attribute(hcl, &projects[i].item->body, "name");
		if (name == NULL || tf_project_resolve(root, &projects[i],
		    projects[i].nchain, hcl, name->expr, out[*n].name,
		    sizeof out[*n].name) <= 0)
			continue;
		out[(*n)++].p = &projects[i];
	}
	return out;
}

static const struct aws_codebuild_project *
deployed(const struct aws_codebuild_projects *list, const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (list->items[i].name != NULL &&
		    strcmp(list->items[i].name, name) == 0)
			return &list->items[i];
	}
	return NULL;
}

/* HC191 and HC193 for one project. */
static void
compare(struct checks_ctx *ctx, const struct live_project *lp,
    const struct aws_codebuild_project *d)
{
	const struct tf_project *p = lp->p;
	int tf_set, aws_set;

	if (d == NULL) {
		checks_add(ctx, CHECKS_HC193, p->address, p->file,
		    p->item->first, NULL, "CodeBuild has no project named %s "
		    "in this account and Region. Fix: run terraform apply, or "
		    "check AWS_PROFILE and AWS_REGION.", lp->name);
		return;
	}
	tf_set = p->has_pull_type && p->has_credential;
	aws_set = d->image_pull_credentials_type != NULL &&
	    strcmp(d->image_pull_credentials_type, "SERVICE_ROLE") == 0 &&
	    d->registry_credential != NULL;
	if (tf_set && !aws_set)
		checks_add(ctx, CHECKS_HC191, p->address, p->file,
		    p->item->first, NULL, "The Terraform of %s pulls with "
		    "registry credentials, but the deployed project %s pulls "
		    "with %s credentials%s. Fix: run terraform plan and "
		    "terraform apply.", p->address, lp->name,
		    d->image_pull_credentials_type ?
		    d->image_pull_credentials_type : "CODEBUILD",
		    d->registry_credential ? "" : " and no registry "
		    "credential");
	else if (!tf_set && aws_set)
		checks_add(ctx, CHECKS_HC191, p->address, p->file,
		    p->item->first, NULL, "The deployed project %s pulls with "
		    "the registry credential %s, which the Terraform of %s "
		    "does not have, so the next terraform apply removes it. "
		    "Fix: run hubcred and choose this project to put it in "
		    "the Terraform.", lp->name, d->registry_credential,
		    p->address);
}

/* HC192 for one project whose credential resolves to a secret ARN.
 * Returns -1 when the call fails for another reason. */
static int
check_secret(struct checks_ctx *ctx, const struct aws_config *cfg,
    const struct tf_project *p, struct hc_error *err)
{
	const struct hcl_file *hcl = ctx->root->files[p->file].hcl;
	const struct hcl_item *cred;
	struct aws_secret_ref ref = {0};
	struct checks_finding *f;
	struct hc_error call_err;
	char arn[2048];

	cred = checks_credential_attribute(hcl, p);
	if (cred == NULL || tf_project_resolve(ctx->root, p, p->nchain, hcl,
	    cred->expr, arn, sizeof arn) < 0 || strncmp(arn, "arn:", 4) != 0)
		return 0;
	hc_error_init(&call_err);
	if (aws_secretsmanager_describe_secret(cfg, arn, &ref,
	    &call_err) == 0) {
		aws_secretsmanager_ref_done(&ref);
		return 0;
	}
	aws_secretsmanager_ref_done(&ref);
	if (strcmp(call_err.remote_code, "ResourceNotFoundException") == 0) {
		checks_add(ctx, CHECKS_HC192, p->address, p->file, cred->first,
		    "ResourceNotFoundException: Secrets Manager can't find "
		    "the specified secret.", "The secret %s that %s pulls "
		    "with does not exist. Fix: run hubcred to create it, or "
		    "set the variable to the ARN of an existing secret.", arn,
		    p->address);
		return 0;
	}
	if (strcmp(call_err.remote_code, "AccessDeniedException") == 0) {
		f = checks_add(ctx, CHECKS_HC192, p->address, p->file,
		    cred->first, NULL, "hubcred may not describe the secret "
		    "%s of %s, so it cannot tell whether it exists. Fix: run "
		    "doctor --live with credentials allowed "
		    "secretsmanager:DescribeSecret on it.", arn, p->address);
		if (f != NULL)
			f->severity = CHECKS_INFO;
		return 0;
	}
	*err = call_err;
	hc_error_prefix(err, "reading the secret of %s", p->address);
	return -1;
}

int
checks_run_live(const struct tf_root *root, const struct aws_config *cfg,
    struct checks_report *report, struct hc_error *err)
{
	struct checks_ctx ctx = { root, report, report->n, 0, -1 };
	struct aws_codebuild_projects list = {0};
	struct live_project *lps;
	const char **names = NULL;
	size_t n, i;
	int rc = -1;

	lps = named_projects(root, &n);
	names = calloc(n ? n : 1, sizeof *names);
	if (lps == NULL || names == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		names[i] = lps[i].name;
	if (n > 0 && aws_codebuild_batch_get_projects(cfg, names, n, &list,
	    err) < 0) {
		hc_error_prefix(err, "reading the projects from CodeBuild");
		goto out;
	}
	for (i = 0; i < n; i++) {
		ctx.project_root = lps[i].p->root_module;
		compare(&ctx, &lps[i], deployed(&list, lps[i].name));
		if (lps[i].p->credential[0] != '\0' &&
		    check_secret(&ctx, cfg, lps[i].p, err) < 0)
			goto out;
	}
	if (ctx.failed) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	checks_sort(report);
	rc = 0;
out:
	aws_codebuild_projects_done(&list);
	free(names);
	free(lps);
	return rc;
}
