/* Tests for core/tf/setup.c: plans, notes and rejections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/plan.h"
#include "core/tf/project.h"
#include "core/tf/root.h"
#include "core/tf/setup.h"

#ifndef TF_TEST_DATA
#error "TF_TEST_DATA must name tests/data/tf"
#endif

#define ARN "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf"

/* Plan a setup of project in golden root name; returns tf_setup_plan's
 * result and leaves the plan in *plan (caller runs plan_done). */
static int
plan_for(const char *name, const char *project, const char *policy,
    struct plan *plan, struct hc_error *err)
{
	struct tf_setup_request req;
	struct tf_root *root;
	char path[1024];
	int rc;

	hc_error_init(err);
	snprintf(path, sizeof path, "%s/%s/input", TF_TEST_DATA, name);
	root = tf_root_load(path, err);
	assert_non_null(root);
	assert_int_equal(plan_init(plan, path, err), 0);
	memset(&req, 0, sizeof req);
	req.project = project;
	req.secret_arn = ARN;
	req.policy = policy;
	rc = tf_setup_plan(root, &req, plan, err);
	tf_root_free(root);
	return rc;
}

static const struct plan_file *
planned(const struct plan *plan, const char *path)
{
	const struct plan_file *f = plan_find(plan, path);

	if (f == NULL)
		fail_msg("%s is not in the plan", path);
	return f;
}

static void
configured_project_new_value(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	/* Everything in place but the secret ARN differs from the tfvars
	 * value: only that value changes. */
	assert_int_equal(plan_for("shared-role", "aws_codebuild_project.a",
	    NULL, &plan, &err), 0);
	assert_int_equal(plan.nfiles, 1);
	assert_string_equal(plan.files[0].path, "terraform.tfvars");
	assert_non_null(strstr(plan.files[0].new_text, ARN));
	assert_true(plan.nnotes >= 3);
	plan_done(&plan);
}

static void
new_policy_and_new_tfvars(void **state)
{
	const struct plan_file *f;
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("template-policy-new",
	    "aws_codebuild_project.svc", "new", &plan, &err), 0);
	f = planned(&plan, "main.tf");
	assert_non_null(f->old_text);
	assert_non_null(strstr(f->new_text,
	    "resource \"aws_iam_role_policy\" \"svc_docker_hub\" {\n"));
	f = planned(&plan, "terraform.tfvars");
	assert_null(f->old_text);
	assert_string_equal(f->new_text,
	    "docker_hub_secret_arn = \"" ARN "\"\n");
	plan_done(&plan);
}

static void
template_policy_rejected(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("template-policy-refused",
	    "aws_codebuild_project.svc", "aws_iam_role_policy.ci", &plan,
	    &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_string_equal(err.file, "main.tf");
	assert_int_equal(err.line, 8);
	assert_non_null(strstr(err.hint, "\"new\""));
	assert_int_equal(plan.nfiles, 0);
	plan_done(&plan);
}

static void
remote_module_rejected(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("remote-module-refused",
	    "module.ci.aws_codebuild_project.this", NULL, &plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_string_equal(err.file, "main.tf");
	assert_int_equal(err.line, 1);
	plan_done(&plan);
}

static void
managed_image_rejected(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("codebuild-image-refused",
	    "aws_codebuild_project.api", NULL, &plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_int_equal(err.line, 30);
	plan_done(&plan);
}

static void
unknown_project_not_found(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("shared-role", "aws_codebuild_project.zz",
	    NULL, &plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
	plan_done(&plan);
}

static void
unknown_policy_not_found(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("policy-attachment",
	    "aws_codebuild_project.web", "aws_iam_policy.nope", &plan, &err),
	    -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
	assert_int_equal(plan.nfiles, 0);
	plan_done(&plan);
}

static void
kms_variable_name(void **state)
{
	char buf[64];

	(void)state;
	tf_setup_kms_variable("docker_hub_secret_arn", buf, sizeof buf);
	assert_string_equal(buf, "docker_hub_secret_kms_key_arn");
	tf_setup_kms_variable("hub", buf, sizeof buf);
	assert_string_equal(buf, "hub_kms_key_arn");
}

/* A JSON file with a repeated key cannot be rewritten without losing
 * one of its values, so the setup rejects it. */
static void
json_repeated_key_rejected(void **state)
{
	char dir[] = "/tmp/hubcred-setup-test.XXXXXX", path[1024];
	struct tf_setup_request req;
	struct tf_root *root;
	struct hc_error err;
	struct plan plan;
	char text[8192];
	size_t len;
	FILE *fp;

	(void)state;
	fp = fopen(TF_TEST_DATA "/json-project/input/cdk.tf.json", "rb");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text, fp);
	fclose(fp);
	assert_true(len > 1 && len < sizeof text);
	assert_int_equal(text[0], '{');
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cdk.tf.json", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("{\n  \"//\": \"first\",", fp);
	fwrite(text + 1, 1, len - 1, fp);
	fclose(fp);

	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	assert_non_null(root);
	assert_int_equal(plan_init(&plan, dir, &err), 0);
	memset(&req, 0, sizeof req);
	req.project = "aws_codebuild_project.cdk_app";
	req.secret_arn = ARN;
	assert_int_equal(tf_setup_plan(root, &req, &plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_string_equal(err.file, "cdk.tf.json");
	assert_non_null(strstr(err.message, "duplicate object key"));
	assert_true(plan_is_empty(&plan));
	plan_done(&plan);
	tf_root_free(root);
	unlink(path);
	rmdir(dir);
}

/* Values nobody edited keep their meaning and Python's spelling when a
 * JSON file is rewritten: shortest reals and a kept NUL character. */
static void
json_values_kept(void **state)
{
	static const char locals[] = "{\n  \"locals\": {\"ratio\": 0.1, "
	    "\"big\": 1E2, \"tiny\": 1e-7, \"nul\": \"a\\u0000b\"},";
	char dir[] = "/tmp/hubcred-setup-test.XXXXXX", path[1024];
	const struct plan_file *file;
	struct tf_setup_request req;
	struct tf_root *root;
	struct hc_error err;
	struct plan plan;
	char text[8192];
	size_t len;
	FILE *fp;

	(void)state;
	fp = fopen(TF_TEST_DATA "/json-project/input/cdk.tf.json", "rb");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text, fp);
	fclose(fp);
	assert_true(len > 1 && len < sizeof text);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cdk.tf.json", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(locals, fp);
	fwrite(text + 1, 1, len - 1, fp);
	fclose(fp);

	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	assert_non_null(root);
	assert_int_equal(plan_init(&plan, dir, &err), 0);
	memset(&req, 0, sizeof req);
	req.project = "aws_codebuild_project.cdk_app";
	req.secret_arn = ARN;
	assert_int_equal(tf_setup_plan(root, &req, &plan, &err), 0);
	file = plan_find(&plan, "cdk.tf.json");
	assert_non_null(file);
	assert_non_null(strstr(file->new_text, "\"ratio\": 0.1,\n"));
	assert_non_null(strstr(file->new_text, "\"big\": 100.0,\n"));
	assert_non_null(strstr(file->new_text, "\"tiny\": 1e-07,\n"));
	assert_non_null(strstr(file->new_text, "\"nul\": \"a\\u0000b\"\n"));
	plan_done(&plan);
	tf_root_free(root);
	unlink(path);
	rmdir(dir);
}

/* An integer beyond 64 bits is read, so the project is found, but the
 * file is not rewritten, because the number would come back rounded. */
static void
json_big_integer_not_rewritten(void **state)
{
	static const char head[] = "{\n  \"locals\": {\"limit\": "
	    "12345678901234567890},";
	char dir[] = "/tmp/hubcred-setup-test.XXXXXX", path[1024];
	struct tf_setup_request req;
	struct tf_root *root;
	struct hc_error err;
	struct plan plan;
	char text[8192];
	size_t len;
	FILE *fp;

	(void)state;
	fp = fopen(TF_TEST_DATA "/json-project/input/cdk.tf.json", "rb");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text, fp);
	fclose(fp);
	assert_true(len > 1 && len < sizeof text);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/cdk.tf.json", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(head, fp);
	fwrite(text + 1, 1, len - 1, fp);
	fclose(fp);

	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	assert_non_null(root);
	assert_non_null(tf_root_find_project(root,
	    "aws_codebuild_project.cdk_app"));
	assert_int_equal(plan_init(&plan, dir, &err), 0);
	memset(&req, 0, sizeof req);
	req.project = "aws_codebuild_project.cdk_app";
	req.secret_arn = ARN;
	assert_int_equal(tf_setup_plan(root, &req, &plan, &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_string_equal(err.file, "cdk.tf.json");
	assert_non_null(strstr(err.message, "too big integer"));
	assert_non_null(strstr(err.hint, "64 bits"));
	assert_true(plan_is_empty(&plan));
	plan_done(&plan);
	tf_root_free(root);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(configured_project_new_value),
		cmocka_unit_test(new_policy_and_new_tfvars),
		cmocka_unit_test(template_policy_rejected),
		cmocka_unit_test(remote_module_rejected),
		cmocka_unit_test(managed_image_rejected),
		cmocka_unit_test(unknown_project_not_found),
		cmocka_unit_test(unknown_policy_not_found),
		cmocka_unit_test(kms_variable_name),
		cmocka_unit_test(json_repeated_key_rejected),
		cmocka_unit_test(json_values_kept),
		cmocka_unit_test(json_big_integer_not_rewritten),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
