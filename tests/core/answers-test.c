/* Tests for core/answers.c: validation messages and the write/read cycle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/answers.h"

struct bad_case {
	const char *json;
	const char *message;
};

static const struct bad_case bad_cases[] = {
	{"[]", "expected a JSON object at the top level"},
	{"{\"hubcred_answers\": 2, \"project\": \"a.b\"}",
	    "hubcred_answers: expected version 1"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"colour\": 1, "
	 "\"secret\": {\"action\": \"use\", \"arn\": \"x\"}}",
	    "colour: unknown key"},
	{"{\"hubcred_answers\": 1, \"secret\": {\"action\": \"use\", "
	 "\"arn\": \"x\"}}",
	    "project: required"},
	{"{\"hubcred_answers\": 1, \"project\": 3}",
	    "project: expected a non-empty string"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\"}", "secret: required"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"delete\"}}",
	    "secret.action: expected one of create, use, update"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\"}}",
	    "secret.arn: required when secret.action is use"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"create\"}}",
	    "secret.name: required when secret.action is create"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\", \"arn\": \"x\", \"token\": \"t\"}}",
	    "secret.token: unknown key"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\", \"arn\": \"x\"}, \"hunks\": 5}",
	    "hunks: expected \"all\" or a list of hunk ids"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\", \"arn\": \"x\"}, \"hunks\": [1]}",
	    "hunks[0]: expected a hunk id string"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\", \"arn\": \"x\"}, \"hunks\": [\"m:1\", \"n:2\", "
	 "\"m:1\"]}",
	    "hunks[2]: \"m:1\" is listed twice"},
	{"{\"hubcred_answers\": 1, \"project\": \"a\", \"project\": \"b\"}",
	    "invalid JSON: duplicate object key"},
	{"{\"hubcred_answers\": 1, \"project\": \"a\\u0000b\"}",
	    "invalid JSON: a string holds \\u0000, which no answer can contain"},
	{"{\"hubcred_answers\": 1, \"project\": \"a.b\", \"secret\": "
	 "{\"action\": \"use\", \"arn\": \"x\"}, \"unfinished\": \"yes\"}",
	    "unfinished: expected true or false"},
	/* A recording cut short names itself before any missing key. */
	{"{\"hubcred_answers\": 1, \"unfinished\": true}",
	    "the recording is unfinished"},
};

static void
invalid_files_name_key(void **state)
{
	struct answers answers;
	struct hc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		hc_error_init(&err);
		assert_int_equal(answers_parse("a.json", bad_cases[i].json,
		    strlen(bad_cases[i].json), &answers, &err), -1);
		assert_int_equal(err.code, HC_ERR_INPUT);
		assert_string_equal(err.file, "a.json");
		if (strstr(err.message, bad_cases[i].message) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i,
			    err.message, bad_cases[i].message);
	}
}

static void
case_answers_parse(void **state)
{
	static const char text[] =
	    "{\"hubcred_answers\": 1,"
	    " \"project\": \"module.ci.aws_codebuild_project.this\","
	    " \"secret\": {\"action\": \"use\", \"arn\": \"arn:aws:x\","
	    " \"kms_key_id\": null},"
	    " \"variable\": \"docker_hub_secret_arn\","
	    " \"tfvars\": \"terraform.tfvars\","
	    " \"policy\": \"module.ci.aws_iam_role_policy.this\","
	    " \"hunks\": \"all\"}";
	struct answers answers;
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(answers_parse("a.json", text, strlen(text),
	    &answers, &err), 0);
	assert_string_equal(answers.project,
	    "module.ci.aws_codebuild_project.this");
	assert_int_equal(answers.secret_action, ANSWERS_SECRET_USE);
	assert_string_equal(answers.secret_arn, "arn:aws:x");
	assert_null(answers.kms_key_id);
	assert_null(answers.dockerhub_username);
	assert_string_equal(answers.tfvars, "terraform.tfvars");
	assert_true(answers.hunks_all);
	answers_done(&answers);
}

static void
save_then_load_same(void **state)
{
	char dir[] = "/tmp/hubcred-answers-XXXXXX";
	char path[64];
	struct answers in;
	struct answers out;
	struct hc_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.json", dir);
	hc_error_init(&err);
	answers_init(&in);
	answers_set(&in.project, "aws_codebuild_project.app", &err);
	answers_set(&in.dockerhub_username, "example-user", &err);
	in.secret_action = ANSWERS_SECRET_CREATE;
	answers_set(&in.secret_name, "codebuild/dockerhub", &err);
	answers_set(&in.secret_region, "eu-west-1", &err);
	answers_set(&in.policy, "new", &err);
	in.hunks_all = 0;
	in.hunks = calloc(2, sizeof *in.hunks);
	in.hunks[0] = strdup("main.tf:1");
	in.nhunks = 1;
	assert_int_equal(answers_save(path, &in, &err), 0);
	assert_int_equal(answers_load(path, &out, &err), 0);
	assert_string_equal(out.project, in.project);
	assert_string_equal(out.dockerhub_username, "example-user");
	assert_int_equal(out.secret_action, ANSWERS_SECRET_CREATE);
	assert_string_equal(out.secret_name, "codebuild/dockerhub");
	assert_string_equal(out.secret_region, "eu-west-1");
	assert_null(out.kms_key_id);
	assert_string_equal(out.policy, "new");
	assert_false(out.hunks_all);
	assert_int_equal(out.nhunks, 1);
	assert_string_equal(out.hunks[0], "main.tf:1");
	answers_done(&in);
	answers_done(&out);
	unlink(path);
	rmdir(dir);
}

/* A recording saved before the review's end fails to load, and one
 * with "unfinished": false loads. */
static void
unfinished_recording_rejected(void **state)
{
	static const char finished[] =
	    "{\"hubcred_answers\": 1, \"project\": \"aws_codebuild_project.b\","
	    " \"secret\": {\"action\": \"use\", \"arn\": \"arn:aws:x\"},"
	    " \"unfinished\": false}";
	char dir[] = "/tmp/hubcred-answers-XXXXXX";
	char path[64];
	struct answers in;
	struct answers out;
	struct hc_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a.json", dir);
	hc_error_init(&err);
	answers_init(&in);
	answers_set(&in.project, "aws_codebuild_project.app", &err);
	in.unfinished = 1;
	assert_int_equal(answers_save(path, &in, &err), 0);
	hc_error_init(&err);
	assert_int_equal(answers_load(path, &out, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_string_equal(err.file, path);
	assert_non_null(strstr(err.message, "the recording is unfinished"));
	assert_non_null(strstr(err.hint, "--dry-run"));
	answers_done(&in);
	unlink(path);
	rmdir(dir);

	hc_error_init(&err);
	assert_int_equal(answers_parse("a.json", finished, strlen(finished),
	    &out, &err), 0);
	assert_false(out.unfinished);
	answers_done(&out);
}

/* A byte order mark before the JSON, as some editors write it, is
 * skipped. One anywhere else is still invalid JSON. */
static void
byte_order_mark_skipped(void **state)
{
	static const char text[] =
	    "\xef\xbb\xbf{\"hubcred_answers\": 1,"
	    " \"project\": \"aws_codebuild_project.build\","
	    " \"secret\": {\"action\": \"use\", \"arn\": \"arn:aws:x\"}}";
	static const char late[] = "{\"hubcred_answers\": \xef\xbb\xbf 1}";
	struct answers answers;
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(answers_parse("a.json", text, strlen(text),
	    &answers, &err), 0);
	assert_string_equal(answers.project, "aws_codebuild_project.build");
	answers_done(&answers);
	hc_error_init(&err);
	assert_int_equal(answers_parse("a.json", late, strlen(late),
	    &answers, &err), -1);
	assert_non_null(strstr(err.message, "invalid JSON"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invalid_files_name_key),
		cmocka_unit_test(case_answers_parse),
		cmocka_unit_test(byte_order_mark_skipped),
		cmocka_unit_test(save_then_load_same),
		cmocka_unit_test(unfinished_recording_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
