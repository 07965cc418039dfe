/* Tests for core/tf/setup.c: plans, notes and rejections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/apply.h"
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

/* Make dir (a mkdtemp() template) a root whose cdk.tf.json is the
 * json-project golden's, its opening brace replaced by head; its path
 * goes to path. */
static void
json_root_with(const char *head, char *dir, char *path, size_t size)
{
	char text[8192];
	size_t len;
	FILE *fp;

	fp = fopen(TF_TEST_DATA "/json-project/input/cdk.tf.json", "rb");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text, fp);
	fclose(fp);
	assert_true(len > 1 && len < sizeof text);
	assert_int_equal(text[0], '{');
	assert_non_null(mkdtemp(dir));
	snprintf(path, size, "%s/cdk.tf.json", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(head, fp);
	fwrite(text + 1, 1, len - 1, fp);
	fclose(fp);
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

	(void)state;
	json_root_with("{\n  \"//\": \"first\",", dir, path, sizeof path);

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

	(void)state;
	json_root_with(locals, dir, path, sizeof path);

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

	(void)state;
	json_root_with(head, dir, path, sizeof path);

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

/* A role, its policy and a project, for the roots with links below. */
#define LINK_ROLE							\
	"resource \"aws_iam_role\" \"ci\" {\n"				\
	"  name               = \"ci\"\n"					\
	"  assume_role_policy = \"{}\"\n}\n"
#define LINK_POLICY							\
	"resource \"aws_iam_role_policy\" \"ci\" {\n"			\
	"  name = \"ci\"\n  role = aws_iam_role.ci.name\n"		\
	"  policy = jsonencode({\n    Version = \"2012-10-17\"\n"	\
	"    Statement = [{\n      Effect   = \"Allow\"\n"		\
	"      Action   = \"logs:*\"\n      Resource = \"*\"\n"		\
	"    }]\n  })\n}\n"
#define LINK_PROJECT							\
	"resource \"aws_codebuild_project\" \"api\" {\n"			\
	"  name         = \"api\"\n"					\
	"  service_role = aws_iam_role.ci.arn\n\n  environment {\n"	\
	"    compute_type = \"BUILD_GENERAL1_SMALL\"\n"			\
	"    image        = \"example-org/builder:3.1\"\n"		\
	"    type         = \"LINUX_CONTAINER\"\n  }\n}\n"

static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Link dir/name to target. */
static void
put_link(const char *dir, const char *name, const char *target)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_int_equal(symlink(target, path), 0);
}

/* Plan aws_codebuild_project.api of the root in dir with variable and
 * policy (NULL for the defaults); the plan is left in *plan. */
static int
plan_dir(const char *dir, const char *variable, const char *policy,
    struct plan *plan, struct hc_error *err)
{
	struct tf_setup_request req;
	struct tf_root *root;
	int rc;

	hc_error_init(err);
	root = tf_root_load(dir, err);
	if (root == NULL)
		fail_msg("%s", err->message);
	assert_int_equal(plan_init(plan, dir, err), 0);
	memset(&req, 0, sizeof req);
	req.project = "aws_codebuild_project.api";
	req.secret_arn = ARN;
	req.variable = variable;
	req.policy = policy;
	rc = tf_setup_plan(root, &req, plan, err);
	tf_root_free(root);
	return rc;
}

static int
has_note(const struct plan *plan, const char *text)
{
	size_t i;

	for (i = 0; i < plan->nnotes; i++) {
		if (strstr(plan->notes[i], text) != NULL)
			return 1;
	}
	return 0;
}

/* A module called twice gets the argument in both calls, and the plan
 * names the call that does not lead to the chosen project. */
static void
second_module_call_noted(void **state)
{
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_int_equal(plan_for("module-used-twice",
	    "module.blue.aws_codebuild_project.app", NULL, &plan, &err), 0);
	assert_true(has_note(&plan, "module \"green\" in main.tf calls the "
	    "same module"));
	assert_false(has_note(&plan, "module \"blue\" in main.tf calls"));
	plan_done(&plan);
}

static void
remove_tree(const char *a, const char *b)
{
	char cmd[2048];

	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", a, b);
	assert_int_equal(system(cmd), 0);
}

/*
 * A variable declared in a file that is a link out of the root is read
 * like any other declaration, so it is not declared a second time
 * (Terraform rejects a duplicate declaration).
 */
static void
linked_variable_not_declared_again(void **state)
{
	char top[] = "/tmp/hubcred-setup-test.XXXXXX", out[] =
	    "/tmp/hubcred-setup-out.XXXXXX", target[1024];
	const struct plan_file *f;
	struct hc_error err;
	struct plan plan;

	(void)state;
	assert_non_null(mkdtemp(top));
	assert_non_null(mkdtemp(out));
	put_file(top, "main.tf", LINK_ROLE LINK_POLICY LINK_PROJECT);
	put_file(out, "shared_vars.tf",
	    "variable \"hub_arn\" {\n  type = string\n}\n");
	snprintf(target, sizeof target, "%s/shared_vars.tf", out);
	put_link(top, "shared.tf", target);

	assert_int_equal(plan_dir(top, "hub_arn", NULL, &plan, &err), 0);
	assert_true(has_note(&plan,
	    "variable \"hub_arn\" is already declared in shared.tf"));
	assert_null(plan_find(&plan, "variables.tf"));
	assert_null(plan_find(&plan, "shared.tf"));
	f = planned(&plan, "main.tf");
	assert_non_null(strstr(f->new_text, "credential          = "
	    "var.hub_arn"));
	f = planned(&plan, "terraform.tfvars");
	assert_string_equal(f->new_text, "hub_arn = \"" ARN "\"\n");
	plan_done(&plan);
	remove_tree(top, out);
}

/*
 * An edit needed in a file that is a link out of the root is rejected,
 * naming the link and where it leads, and nothing is planned. A new
 * policy in the root can be chosen instead.
 */
static void
edit_through_outside_link_rejected(void **state)
{
	char top[] = "/tmp/hubcred-setup-test.XXXXXX", out[] =
	    "/tmp/hubcred-setup-out.XXXXXX", target[1024], want[1200];
	struct hc_error err;
	struct plan plan;
	char *real;

	(void)state;
	assert_non_null(mkdtemp(top));
	assert_non_null(mkdtemp(out));
	put_file(top, "main.tf", LINK_ROLE LINK_PROJECT);
	put_file(out, "policy.tf", LINK_POLICY);
	snprintf(target, sizeof target, "%s/policy.tf", out);
	put_link(top, "policy.tf", target);
	real = realpath(target, NULL);
	assert_non_null(real);
	snprintf(want, sizeof want, "symbolic link to %s, outside the root",
	    real);
	free(real);

	assert_int_equal(plan_dir(top, NULL, "aws_iam_role_policy.ci", &plan,
	    &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	assert_string_equal(err.file, "policy.tf");
	assert_non_null(strstr(err.message, want));
	assert_non_null(strstr(err.hint, "by hand"));
	assert_non_null(strstr(err.hint, "\"new\""));
	assert_int_equal(plan.nfiles, 0);
	plan_done(&plan);

	assert_int_equal(plan_dir(top, NULL, "new", &plan, &err), 0);
	assert_null(plan_find(&plan, "policy.tf"));
	assert_non_null(strstr(planned(&plan, "main.tf")->new_text,
	    "secretsmanager:GetSecretValue"));
	plan_done(&plan);

	/* A tfvars file that is such a link is rejected the same way. */
	put_file(out, "prod.tfvars", "docker_hub_secret_arn = \"old\"\n");
	snprintf(target, sizeof target, "%s/prod.tfvars", out);
	put_link(top, "terraform.tfvars", target);
	assert_int_equal(plan_dir(top, NULL, "new", &plan, &err), -1);
	assert_string_equal(err.file, "terraform.tfvars");
	assert_non_null(strstr(err.message, "prod.tfvars, outside the root"));
	plan_done(&plan);
	remove_tree(top, out);
}

/*
 * A file that is a link to another file of the root is edited through
 * the link: the target is written once and the link stays a link.
 */
static void
edit_through_inside_link_written_once(void **state)
{
	char top[] = "/tmp/hubcred-setup-test.XXXXXX", path[1024];
	char text[8192], *at;
	struct hc_error err;
	struct plan plan;
	struct stat st;
	size_t len;
	FILE *fp;
	int count = 0;

	(void)state;
	assert_non_null(mkdtemp(top));
	put_file(top, "main.tf", LINK_ROLE LINK_PROJECT);
	snprintf(path, sizeof path, "%s/common", top);
	assert_int_equal(mkdir(path, 0700), 0);
	put_file(top, "common/policy.tf", LINK_POLICY);
	put_link(top, "policy.tf", "common/policy.tf");

	assert_int_equal(plan_dir(top, NULL, "aws_iam_role_policy.ci", &plan,
	    &err), 0);
	assert_non_null(plan_find(&plan, "policy.tf"));
	assert_null(plan_find(&plan, "common/policy.tf"));
	assert_int_equal(apply_plan(&plan, NULL, NULL, &err), 0);
	plan_done(&plan);

	snprintf(path, sizeof path, "%s/policy.tf", top);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	snprintf(path, sizeof path, "%s/common/policy.tf", top);
	fp = fopen(path, "r");
	assert_non_null(fp);
	len = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[len] = '\0';
	for (at = text; (at = strstr(at, "GetSecretValue")) != NULL; at++)
		count++;
	assert_int_equal(count, 1);
	remove_tree(top, top);
}

/* A real with more digits than a double keeps would be written back
 * rounded, so the file is not rewritten; 0.10 and 1E2 are only spelt
 * differently and do not count. */
static void
json_long_real_not_rewritten(void **state)
{
	char dir[] = "/tmp/hubcred-setup-test.XXXXXX", path[1024];
	struct tf_setup_request req;
	struct tf_root *root;
	struct hc_error err;
	struct plan plan;

	(void)state;
	json_root_with("{\n  \"locals\": {\"a\": 0.10, \"b\": 1E2,\n"
	    "  \"pi\": 3.14159265358979323846},", dir, path, sizeof path);
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
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "the number "
	    "3.14159265358979323846 has more digits"));
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
		cmocka_unit_test(json_long_real_not_rewritten),
		cmocka_unit_test(second_module_call_noted),
		cmocka_unit_test(json_big_integer_not_rewritten),
		cmocka_unit_test(linked_variable_not_declared_again),
		cmocka_unit_test(edit_through_outside_link_rejected),
		cmocka_unit_test(edit_through_inside_link_written_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
