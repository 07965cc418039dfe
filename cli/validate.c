/*
 * hubcred validate: check an answers file against the root without
 * touching anything: the same choices as replay, up to the plan.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/answers.h"
#include "core/flow.h"

/* Name the key of the answers file whose value err rejects, and the
 * file itself when err names no Terraform file. */
static void
key_error(struct hc_error *err, const char *path, const char *key)
{
	hc_error_prefix(err, "%s", key);
	if (err->file[0] == '\0')
		snprintf(err->file, sizeof err->file, "%s", path);
}

/* Run each answer through its flow_choose_* check, naming in errors the
 * key that holds the rejected value. */
static int
check_answers(struct flow *flow, const char *path,
    const struct answers *answers, struct hc_error *err)
{
	if (flow_scan(flow, err) < 0)
		return -1;
	if (flow_choose_project(flow, answers->project, answers->tfvars,
	    err) < 0) {
		key_error(err, path, "project");
		return -1;
	}
	if (answers->dockerhub_username != NULL &&
	    flow_choose_dockerhub_user(flow, answers->dockerhub_username,
	    err) < 0) {
		key_error(err, path, "dockerhub_username");
		return -1;
	}
	switch (answers->secret_action) {
	case ANSWERS_SECRET_CREATE:
		if (flow_choose_secret_create(flow, answers->secret_name,
		    answers->secret_region ? answers->secret_region
					   : flow_default_region(flow),
		    answers->kms_key_id, err) < 0) {
			key_error(err, path, "secret");
			return -1;
		}
		break;
	case ANSWERS_SECRET_USE:
	case ANSWERS_SECRET_UPDATE:
		if (flow_check_kms_key(answers->kms_key_id, err) < 0) {
			key_error(err, path, "secret.kms_key_id");
			return -1;
		}
		if (flow_choose_secret_use(flow, answers->secret_arn,
		    answers->kms_key_id, err) < 0) {
			key_error(err, path, "secret.arn");
			return -1;
		}
		break;
	case ANSWERS_SECRET_UNSET:
		break;
	}
	if (answers->variable != NULL &&
	    flow_choose_variable(flow, answers->variable, err) < 0) {
		key_error(err, path, "variable");
		return -1;
	}
	if (answers->policy != NULL &&
	    flow_choose_policy(flow, answers->policy, err) < 0) {
		key_error(err, path, "policy");
		return -1;
	}
	if (answers->tfvars != NULL &&
	    flow_choose_tfvars(flow, answers->tfvars, err) < 0) {
		key_error(err, path, "tfvars");
		return -1;
	}
	return 0;
}

/* Choose the listed hunks, so the offline plan rejects an id that is
 * not in the diff; an empty list would make replay change nothing. */
static int
check_hunks(struct flow *flow, const char *path,
    const struct answers *answers, struct hc_error *err)
{
	if (answers->hunks_all)
		return 0;
	if (answers->nhunks == 0) {
		hc_error_set_at(err, HC_ERR_INPUT, path, 0, 0, "hunks: the "
		    "list is empty, so replay would change nothing");
		hc_error_hint(err, "write \"all\", or the ids that replay "
		    "--dry-run --json lists");
		return -1;
	}
	return flow_choose_hunks(flow, (const char *const *)answers->hunks,
	    answers->nhunks, err);
}

int
cli_validate(const struct cli_options *options)
{
	struct flow_options flow_options = {.root = options->root};
	struct answers answers;
	struct hc_error err;
	struct flow *flow = NULL;
	int status = 0;

	hc_error_init(&err);
	if (answers_load(options->answers, &answers, &err) < 0)
		return cli_report_error(&err);
	flow = flow_new(&flow_options, &err);
	if (flow == NULL || check_answers(flow, options->answers, &answers,
	    &err) < 0 || check_hunks(flow, options->answers, &answers,
	    &err) < 0 || flow_check_terraform(flow, &err) < 0) {
		/* Any mismatch with the root makes the file unusable as
		 * input, which is exit status 2 whatever the cause. */
		cli_report_error(&err);
		status = 2;
	} else {
		printf("%s: valid for %s\n", options->answers,
		    flow_root(flow));
	}
	flow_free(flow);
	answers_done(&answers);
	return status;
}
