/*
 * hubcred replay: feed a recorded answers file into the flow with no
 * terminal. The same flow_choose_* calls as the screens make, in the same
 * order, so the result is the same.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/answers.h"
#include "core/diff.h"
#include "core/flow.h"
#include "core/secret.h"

#define TOKEN_MAX 4096

static void
progress(const char *fmt, const char *arg)
{
	fputs("hubcred: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

/* Read the token from standard input straight into guarded memory, one
 * byte at a time, up to the first newline. */
static struct hc_secret *
read_token_stdin(struct hc_error *err)
{
	struct hc_secret *token;
	char c;
	ssize_t n;

	token = hc_secret_new(TOKEN_MAX, err);
	if (token == NULL)
		return NULL;
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || c == '\n')
			break;
		if (c == '\r')
			continue;
		if (hc_secret_append(token, &c, 1, err) < 0) {
			c = 0;
			hc_secret_free(token);
			return NULL;
		}
	}
	c = 0;
	if (hc_secret_len(token) == 0) {
		hc_secret_free(token);
		hc_error_set(err, HC_ERR_INPUT,
		    "--token-stdin: standard input held no token");
		return NULL;
	}
	return token;
}

/* Docker Hub credentials are needed only when the run writes the secret
 * value; "use" works with no token at all. */
static int
feed_dockerhub(struct flow *flow, const struct answers *answers,
    const struct cli_options *options, struct hc_error *err)
{
	struct flow_dockerhub_report report;
	const char *username = answers->dockerhub_username;
	struct hc_secret *token;

	if (username == NULL)
		username = getenv("DOCKERHUB_USERNAME");
	/* "use" needs no token, so standard input may be empty. The
	 * environment's token is still moved into guarded memory. */
	if (options->token_stdin &&
	    answers->secret_action != ANSWERS_SECRET_USE)
		token = read_token_stdin(err);
	else if (options->token_stdin)
		token = NULL;
	else
		token = hc_secret_take_env("DOCKERHUB_TOKEN", err);
	if (hc_error_is_set(err))
		return -1;
	/* A username the answers file gives is checked as validate checks
	 * it, even when no secret value is written. */
	if (answers->dockerhub_username != NULL &&
	    answers->secret_action == ANSWERS_SECRET_USE &&
	    flow_choose_dockerhub_user(flow, answers->dockerhub_username,
	    err) < 0) {
		hc_secret_free(token);
		return -1;
	}
	/* A dry run writes no secret, so it needs no credentials; given
	 * ones are still checked. */
	if (answers->secret_action == ANSWERS_SECRET_USE ||
	    (options->dry_run && (username == NULL || token == NULL))) {
		hc_secret_free(token);
		return 0;
	}
	if (username == NULL || token == NULL) {
		hc_secret_free(token);
		hc_error_set(err, HC_ERR_INPUT, "secret.action is %s, so "
		    "the Docker Hub %s is needed to write the secret value",
		    answers_secret_action_name(answers->secret_action),
		    username == NULL ? "username" : "token");
		if (username == NULL)
			hc_error_hint(err, "set DOCKERHUB_USERNAME, or "
			    "dockerhub_username in the answers file");
		else
			hc_error_hint(err, "set DOCKERHUB_TOKEN, or pass the "
			    "token on standard input with --token-stdin");
		return -1;
	}
	if (flow_choose_dockerhub_user(flow, username, err) < 0) {
		hc_secret_free(token);
		return -1;
	}
	flow_take_dockerhub_token(flow, token);
	progress("checking the Docker Hub credentials of %s", username);
	if (flow_check_dockerhub(flow, &report, err) < 0)
		return -1;
	if (!report.ok) {
		hc_error_set(err, HC_ERR_AUTH, "%s", report.summary);
		hc_error_hint(err, "%s", report.hint);
		return -1;
	}
	progress("%s", report.summary);
	if (report.rate_limits[0] != '\0')
		progress("%s", report.rate_limits);
	return 0;
}

static int
feed_secret(struct flow *flow, const struct answers *answers,
    struct hc_error *err)
{
	const char *region = answers->secret_region;

	switch (answers->secret_action) {
	case ANSWERS_SECRET_CREATE:
		if (region == NULL)
			region = flow_default_region(flow);
		return flow_choose_secret_create(flow, answers->secret_name,
		    region, answers->kms_key_id, err);
	case ANSWERS_SECRET_USE:
		return flow_choose_secret_use(flow, answers->secret_arn,
		    answers->kms_key_id, err);
	case ANSWERS_SECRET_UPDATE:
		return flow_choose_secret_update(flow, answers->secret_arn,
		    answers->kms_key_id, err);
	case ANSWERS_SECRET_UNSET:
		break;
	}
	hc_error_set(err, HC_ERR_INPUT, "secret.action: missing");
	return -1;
}

/* The first usable choice, as the screens preselect it. */
static const char *
first_usable(size_t count, const struct flow_choice *(*at)(
    const struct flow *, size_t), const struct flow *flow)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (at(flow, i)->usable)
			return at(flow, i)->value;
	}
	return NULL;
}

static int
feed_permissions(struct flow *flow, const struct answers *answers,
    struct hc_error *err)
{
	const char *policy = answers->policy;
	const char *tfvars = answers->tfvars;

	if (answers->variable != NULL &&
	    flow_choose_variable(flow, answers->variable, err) < 0)
		return -1;
	if (policy == NULL)
		policy = first_usable(flow_policy_count(flow), flow_policy_at,
		    flow);
	if (tfvars == NULL)
		tfvars = first_usable(flow_tfvars_count(flow), flow_tfvars_at,
		    flow);
	if (policy != NULL && flow_choose_policy(flow, policy, err) < 0)
		return -1;
	if (tfvars != NULL && flow_choose_tfvars(flow, tfvars, err) < 0)
		return -1;
	return 0;
}

static int
feed_answers(struct flow *flow, const struct answers *answers,
    const struct cli_options *options, struct hc_error *err)
{
	const struct flow_project *project;

	progress("scanning %s", flow_root(flow));
	if (flow_scan(flow, err) < 0)
		return -1;
	if (flow_choose_project(flow, answers->project, answers->tfvars,
	    err) < 0)
		return -1;
	project = flow_project(flow);
	fprintf(stderr, "hubcred: project %s (%s:%d)\n", project->address,
	    project->file, project->line);
	if (feed_dockerhub(flow, answers, options, err) < 0 ||
	    feed_secret(flow, answers, err) < 0 ||
	    feed_permissions(flow, answers, err) < 0)
		return -1;
	if (!answers->hunks_all &&
	    flow_choose_hunks(flow, (const char *const *)answers->hunks,
	    answers->nhunks, err) < 0)
		return -1;
	return flow_build_plan(flow, err);
}

static void
print_plan(const struct flow *flow)
{
	const struct plan *plan = flow_plan(flow);
	size_t i;

	for (i = 0; i < plan->nnotes; i++)
		progress("%s", plan->notes[i]);
	if (plan->secret.action == PLAN_SECRET_CREATE)
		fprintf(stderr, "hubcred: will create secret %s in %s\n",
		    plan->secret.name, plan->secret.region);
	else if (plan->secret.action == PLAN_SECRET_UPDATE)
		progress("will put a new value into %s", plan->secret.arn);
	fputs(flow_plan_diff(flow), stdout);
}

/* Every hunk with the id an answers file's "hunks" list takes. */
static json_t *
hunks_json(const struct diff *diff)
{
	const struct diff_file *file;
	json_t *hunks = json_array();
	size_t i, j;

	for (i = 0; diff != NULL && i < diff->nfiles; i++) {
		file = &diff->files[i];
		for (j = 0; j < file->nhunks; j++)
			json_array_append_new(hunks, json_pack(
			    "{s:s, s:s, s:s}",
			    "id", file->hunks[j].id,
			    "file", file->path,
			    "header", file->hunks[j].header));
	}
	return hunks;
}

static void
print_json(const struct flow *flow, const struct flow_apply_report *report,
    int applied)
{
	const struct plan *plan = flow_plan(flow);
	json_malloc_t json_malloc;
	json_free_t json_free;
	json_t *root = json_object();
	json_t *files = json_array();
	json_t *notes = json_array();
	char *text;
	size_t i;

	for (i = 0; i < plan->nfiles; i++)
		json_array_append_new(files, json_pack("{s:s, s:b}",
		    "path", plan->files[i].path,
		    "created", plan->files[i].old_text == NULL));
	for (i = 0; i < plan->nnotes; i++)
		json_array_append_new(notes, json_string(plan->notes[i]));
	json_object_set_new(root, "project",
	    json_string(flow_project(flow)->address));
	json_object_set_new(root, "hunks", hunks_json(flow_diff(flow)));
	json_object_set_new(root, "files", files);
	json_object_set_new(root, "notes", notes);
	json_object_set_new(root, "diff", json_string(flow_plan_diff(flow)));
	json_object_set_new(root, "applied", json_boolean(applied));
	if (applied)
		json_object_set_new(root, "secret_arn",
		    json_string(report->secret_arn));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text != NULL)
		puts(text);
	json_get_alloc_funcs(&json_malloc, &json_free);
	json_free(text);
}


/* Return 1 when the run can never be confirmed: no --yes, no --dry-run
 * and no terminal to ask at. It is checked before anything is printed. */
static int
cannot_confirm(const struct cli_options *options, struct hc_error *err)
{
	if (options->yes || options->dry_run)
		return 0;
	if (isatty(STDIN_FILENO) && !options->token_stdin)
		return 0;
	hc_error_set(err, HC_ERR_USAGE, "not applying: standard input is "
	    "not a terminal and --yes was not given");
	hc_error_hint(err, "review the plan with --dry-run, then rerun with "
	    "--yes");
	return 1;
}

/* Without --yes, apply only after a person confirms at a terminal. */
static int
confirm_apply(const struct cli_options *options, struct hc_error *err)
{
	char line[16];

	if (options->yes)
		return 0;
	if (cannot_confirm(options, err))
		return -1;
	fputs("Apply these changes? [y/N] ", stderr);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (line[0] != 'y' && line[0] != 'Y')) {
		hc_error_set(err, HC_ERR_CANCELLED, "not applied");
		return -1;
	}
	return 0;
}

int
cli_replay(const struct cli_options *options)
{
	struct flow_options flow_options = {
		.root = options->root,
		.dry_run = options->dry_run,
	};
	struct flow_apply_report report;
	struct answers answers;
	struct hc_error err;
	struct flow *flow = NULL;
	int status = 0;

	hc_error_init(&err);
	answers_init(&answers);
	memset(&report, 0, sizeof report);
	if (answers_load(options->answers, &answers, &err) < 0 ||
	    cannot_confirm(options, &err))
		goto fail;
	flow = flow_new(&flow_options, &err);
	if (flow == NULL || feed_answers(flow, &answers, options, &err) < 0)
		goto fail;

	if (plan_is_empty(flow_plan(flow))) {
		if (!answers.hunks_all && answers.nhunks == 0)
			progress("%s: the answers choose no hunk (\"hunks\": "
			    "[]), so there is nothing to apply",
			    flow_project(flow)->address);
		else
			progress("%s is already configured: nothing to do",
			    flow_project(flow)->address);
		if (options->json)
			print_json(flow, &report, 0);
		goto out;
	}
	if (!options->json)
		print_plan(flow);
	if (options->dry_run) {
		if (options->json)
			print_json(flow, &report, 0);
		goto out;
	}
	if (confirm_apply(options, &err) < 0 ||
	    flow_apply(flow, &report, &err) < 0)
		goto fail;
	if (options->json) {
		print_json(flow, &report, 1);
	} else {
		printf("applied: %zu file%s written; the project uses %s\n",
		    report.files_written,
		    report.files_written == 1 ? "" : "s", report.secret_arn);
		if (report.next_step[0] != '\0')
			printf("next: %s\n", report.next_step);
	}
	goto out;

fail:
	status = cli_report_error(&err);
	if (status == 2 && err.code != HC_ERR_PARSE &&
	    err.code != HC_ERR_USAGE && err.code != HC_ERR_INPUT)
		status = 1;
	if (options->json)
		cli_print_json_error(&err, status);
out:
	flow_free(flow);
	answers_done(&answers);
	return status;
}
