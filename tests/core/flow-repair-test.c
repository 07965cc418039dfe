/* Tests for core/flow-repair.c: doctor's findings as fixes in the flow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/apply.h"
#include "core/flow.h"

/* Assert that call returns 0, and show the error when it does not. */
#define assert_ok(call, err)                                            \
	do {                                                            \
		if ((call) != 0)                                        \
			fail_msg("%s: %s (hint: %s)", #call,            \
			    (err)->message, (err)->hint);               \
	} while (0)

/*
 * Three projects. The findings on api (HC101, HC103) and deploy (HC108)
 * have a fix, and plain pulls anonymously (HC181, which has none).
 */
#define PROJECT(name, env)                                              \
	"resource \"aws_codebuild_project\" \"" name "\" {\n"           \
	"  name         = \"" name "\"\n"                               \
	"  service_role = aws_iam_role.builds.arn\n"                    \
	"\n"                                                            \
	"  artifacts {\n"                                               \
	"    type = \"NO_ARTIFACTS\"\n"                                 \
	"  }\n"                                                         \
	"\n"                                                            \
	"  environment {\n"                                             \
	env                                                             \
	"  }\n"                                                         \
	"\n"                                                            \
	"  source {\n"                                                  \
	"    type     = \"GITHUB\"\n"                                   \
	"    location = \"https://github.com/example-org/x.git\"\n"     \
	"  }\n"                                                         \
	"}\n"

#define CREDENTIAL(provider)                                            \
	"\n"                                                            \
	"    registry_credential {\n"                                   \
	"      credential          = var.docker_hub_secret_arn\n"       \
	"      credential_provider = \"" provider "\"\n"                \
	"    }\n"

#define MAIN_TF                                                         \
	PROJECT("api",                                                  \
	    "    compute_type = \"BUILD_GENERAL1_SMALL\"\n"             \
	    "    image        = \"golang:1.22-bookworm\"\n"             \
	    "    type         = \"LINUX_CONTAINER\"\n"                  \
	    CREDENTIAL("SecretsManager"))                               \
	"\n"                                                            \
	PROJECT("deploy",                                               \
	    "    compute_type                = \"BUILD_GENERAL1_SMALL\"\n" \
	    "    image                       = \"node:20-alpine\"\n"    \
	    "    type                        = \"LINUX_CONTAINER\"\n"   \
	    "    image_pull_credentials_type = \"service_role\"\n"      \
	    CREDENTIAL("SECRETS_MANAGER"))                              \
	"\n"                                                            \
	PROJECT("plain",                                                \
	    "    compute_type = \"BUILD_GENERAL1_SMALL\"\n"             \
	    "    image        = \"node:20-alpine\"\n"                   \
	    "    type         = \"LINUX_CONTAINER\"\n")

#define IAM_TF                                                          \
	"resource \"aws_iam_role\" \"builds\" {\n"                      \
	"  name               = \"builds\"\n"                           \
	"  assume_role_policy = \"{}\"\n"                               \
	"}\n"                                                           \
	"\n"                                                            \
	"resource \"aws_iam_role_policy\" \"builds\" {\n"               \
	"  role = aws_iam_role.builds.id\n"                             \
	"  policy = jsonencode({\n"                                     \
	"    Version = \"2012-10-17\"\n"                                \
	"    Statement = [{\n"                                          \
	"      Effect   = \"Allow\"\n"                                  \
	"      Action   = [\"secretsmanager:GetSecretValue\"]\n"        \
	"      Resource = var.docker_hub_secret_arn\n"                  \
	"    }]\n"                                                      \
	"  })\n"                                                        \
	"}\n"                                                           \
	"\n"                                                            \
	"variable \"docker_hub_secret_arn\" {\n"                        \
	"  type    = string\n"                                          \
	"  default = \"arn:aws:secretsmanager:us-west-2:123456789012:"  \
	"secret:ci/hub-Jn3Xc0\"\n"                                      \
	"}\n"

struct fixture {
	char dir[PATH_MAX / 2];	/* the root and state/ below one temp dir */
	char root[PATH_MAX];
	char state[PATH_MAX];
	struct flow *flow;
};

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Return the content of dir/name, or NULL. The caller frees it. */
static char *
read_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	char *text;
	long len;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return text;
}

/* Create a flow on the fixture's root, scanned and checked. record (the
 * answers file) may be NULL. */
static struct flow *
new_flow(struct fixture *fx, const char *record)
{
	struct flow_options options = {.root = fx->root,
	    .record_path = record};
	struct hc_error err;
	struct flow *flow;

	hc_error_init(&err);
	flow = flow_new(&options, &err);
	assert_non_null(flow);
	assert_ok(flow_scan(flow, &err), &err);
	assert_ok(flow_repair_check(flow, &err), &err);
	return flow;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct hc_error err;

	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "%s/flow-repair-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(fx->dir));
	snprintf(fx->root, sizeof fx->root, "%s/root", fx->dir);
	snprintf(fx->state, sizeof fx->state, "%s/state", fx->dir);
	assert_int_equal(mkdir(fx->root, 0700), 0);
	write_file(fx->root, "main.tf", MAIN_TF);
	write_file(fx->root, "iam.tf", IAM_TF);
	hc_error_init(&err);
	assert_ok(apply_set_state_home(fx->state, &err), &err);
	fx->flow = new_flow(fx, NULL);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char command[PATH_MAX + 16];
	struct hc_error err;

	flow_free(fx->flow);
	hc_error_init(&err);
	apply_set_state_home(NULL, &err);
	snprintf(command, sizeof command, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(command), 0);
	free(fx);
	return 0;
}

/* Return the index of the finding with this id, or fail the test. */
static size_t
finding_index(const struct flow *flow, const char *id)
{
	size_t i;

	for (i = 0; i < flow_repair_count(flow); i++) {
		if (strcmp(flow_repair_finding(flow, i)->id, id) == 0)
			return i;
	}
	fail_msg("no finding %s", id);
	return 0;
}

static const struct flow_project *
project(const struct flow *flow, const char *address)
{
	size_t i;

	for (i = 0; i < flow_project_count(flow); i++) {
		if (strcmp(flow_project_at(flow, i)->address, address) == 0)
			return flow_project_at(flow, i);
	}
	fail_msg("no project %s", address);
	return NULL;
}

static void
test_findings_listed(void **state)
{
	struct fixture *fx = *state;
	const struct flow_finding *f;

	assert_int_equal(flow_repair_count(fx->flow), 4);
	f = flow_repair_finding(fx->flow, finding_index(fx->flow, "HC101"));
	assert_string_equal(f->project, "aws_codebuild_project.api");
	assert_string_equal(f->file, "main.tf");
	assert_int_equal(f->line, 14);
	assert_string_equal(f->severity, "error");
	assert_int_equal(f->is_error, 1);
	assert_int_equal(f->fixable, 1);
	assert_true(f->error[0] != '\0');
	assert_non_null(strstr(f->message, "Fix:"));
	f = flow_repair_finding(fx->flow, finding_index(fx->flow, "HC181"));
	assert_string_equal(f->severity, "info");
	assert_int_equal(f->is_error, 0);
	assert_int_equal(f->fixable, 0);
	assert_null(flow_repair_finding(fx->flow, 4));
}

static void
test_findings_counted_by_project(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(project(fx->flow,
	    "aws_codebuild_project.api")->findings, 2);
	assert_int_equal(project(fx->flow,
	    "aws_codebuild_project.deploy")->findings, 1);
	assert_int_equal(project(fx->flow,
	    "aws_codebuild_project.plain")->findings, 1);
}

static void
test_choose_rejects_bad_index(void **state)
{
	struct fixture *fx = *state;
	size_t unfixable = finding_index(fx->flow, "HC181"), outside = 4;
	struct hc_error err;

	hc_error_init(&err);
	assert_int_equal(flow_repair_choose(fx->flow, &unfixable, 1, &err),
	    -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_non_null(strstr(err.message, "HC181"));
	hc_error_init(&err);
	assert_int_equal(flow_repair_choose(fx->flow, &outside, 1, &err), -1);
	assert_int_equal(flow_repair_active(fx->flow), 0);
}

/* HC101 and HC108 chosen, HC103 left out: only their edits are planned,
 * and nothing is written before flow_apply(). */
static void
test_plan_has_chosen_fixes(void **state)
{
	struct fixture *fx = *state;
	size_t chosen[2];
	const struct plan *plan;
	const char *diff;
	struct hc_error err;
	char *text;

	chosen[0] = finding_index(fx->flow, "HC101");
	chosen[1] = finding_index(fx->flow, "HC108");
	hc_error_init(&err);
	assert_ok(flow_repair_choose(fx->flow, chosen, 2, &err), &err);
	assert_int_equal(flow_repair_active(fx->flow), 1);
	assert_ok(flow_build_plan(fx->flow, &err), &err);
	plan = flow_plan(fx->flow);
	assert_non_null(plan);
	assert_int_equal(plan->secret.action, PLAN_SECRET_NONE);
	assert_int_equal(plan_is_empty(plan), 0);
	diff = flow_plan_diff(fx->flow);
	assert_non_null(strstr(diff, "+    image_pull_credentials_type = "
	    "\"SERVICE_ROLE\""));
	assert_non_null(strstr(diff, "-    image_pull_credentials_type = "
	    "\"service_role\""));
	assert_null(strstr(diff, "SECRETS_MANAGER\"\n+"));
	assert_null(strstr(diff, "-      credential_provider"));
	text = read_file(fx->root, "main.tf");
	assert_string_equal(text, MAIN_TF);
	free(text);
}

static void
test_apply_writes_chosen_fixes(void **state)
{
	struct fixture *fx = *state;
	struct flow_apply_report report;
	struct hc_error err;
	size_t chosen[2];
	char *text;

	chosen[0] = finding_index(fx->flow, "HC101");
	chosen[1] = finding_index(fx->flow, "HC108");
	hc_error_init(&err);
	assert_ok(flow_repair_choose(fx->flow, chosen, 2, &err), &err);
	assert_ok(flow_build_plan(fx->flow, &err), &err);
	assert_ok(flow_apply(fx->flow, &report, &err), &err);
	assert_int_equal(report.files_written, 1);
	assert_string_equal(report.secret_arn, "");
	/* HC103 is left for a person to fix. HC181 is a note, not counted. */
	assert_non_null(strstr(report.next_step, "1 error and 0 warnings "
	    "left"));
	text = read_file(fx->root, "main.tf");
	assert_non_null(text);
	assert_non_null(strstr(text, "    image_pull_credentials_type = "
	    "\"SERVICE_ROLE\"\n\n    registry_credential {\n"
	    "      credential          = var.docker_hub_secret_arn\n"
	    "      credential_provider = \"SecretsManager\""));
	assert_null(strstr(text, "\"service_role\""));
	free(text);

	/* A new check of the written root finds HC103 and HC181 only. */
	flow_free(fx->flow);
	fx->flow = new_flow(fx, NULL);
	assert_int_equal(flow_repair_count(fx->flow), 2);
	finding_index(fx->flow, "HC103");
	finding_index(fx->flow, "HC181");
}

static void
test_choosing_project_ends_repair(void **state)
{
	struct fixture *fx = *state;
	size_t chosen = finding_index(fx->flow, "HC108");
	struct hc_error err;

	hc_error_init(&err);
	assert_ok(flow_repair_choose(fx->flow, &chosen, 1, &err), &err);
	assert_ok(flow_choose_project(fx->flow, "aws_codebuild_project.plain",
	    NULL, &err), &err);
	assert_int_equal(flow_repair_active(fx->flow), 0);
	/* The setup needs a secret again before it can plan. */
	assert_int_equal(flow_build_plan(fx->flow, &err), -1);
}

static void
test_scan_drops_findings(void **state)
{
	struct fixture *fx = *state;
	struct hc_error err;

	hc_error_init(&err);
	assert_ok(flow_scan(fx->flow, &err), &err);
	assert_int_equal(flow_repair_count(fx->flow), 0);
	assert_null(flow_repair_finding(fx->flow, 0));
	assert_int_equal(project(fx->flow,
	    "aws_codebuild_project.api")->findings, 0);
}

static void
test_repair_not_recorded(void **state)
{
	struct fixture *fx = *state;
	char record[PATH_MAX];
	struct hc_error err;
	struct flow *flow;
	size_t chosen;

	snprintf(record, sizeof record, "%s/answers.json", fx->dir);
	flow = new_flow(fx, record);
	chosen = finding_index(flow, "HC101");
	hc_error_init(&err);
	assert_ok(flow_repair_choose(flow, &chosen, 1, &err), &err);
	assert_ok(flow_choose_hunks(flow, NULL, 0, &err), &err);
	assert_ok(flow_build_plan(flow, &err), &err);
	assert_int_equal(access(record, F_OK), -1);
	flow_free(flow);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_findings_listed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_findings_counted_by_project, setup, teardown),
		cmocka_unit_test_setup_teardown(test_choose_rejects_bad_index,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_has_chosen_fixes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_writes_chosen_fixes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_choosing_project_ends_repair, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scan_drops_findings,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_repair_not_recorded,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
