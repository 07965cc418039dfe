/* Tests for core/tf/root.c and core/tf/project.c on the golden roots. */
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

#include "core/tf/project.h"
#include "core/tf/root.h"

#ifndef TF_TEST_DATA
#error "TF_TEST_DATA must name tests/data/tf"
#endif

static struct tf_root *
load(const char *name)
{
	char path[1024];
	struct hc_error err;
	struct tf_root *root;

	hc_error_init(&err);
	snprintf(path, sizeof path, "%s/%s/input", TF_TEST_DATA, name);
	root = tf_root_load(path, &err);
	if (root == NULL)
		fail_msg("%s: %s", name, err.message);
	return root;
}

static const struct tf_project *
project(const struct tf_root *root, const char *address)
{
	const struct tf_project *p = tf_root_find_project(root, address);

	if (p == NULL)
		fail_msg("no project %s", address);
	return p;
}

static void
image_classes(void **state)
{
	(void)state;
	assert_int_equal(tf_image_classify("python:3.12"), TF_IMAGE_DOCKER_HUB);
	assert_int_equal(tf_image_classify("bitnami/git:2.44.0"),
	    TF_IMAGE_DOCKER_HUB);
	assert_int_equal(tf_image_classify("docker.io/library/node:20"),
	    TF_IMAGE_DOCKER_HUB);
	assert_int_equal(tf_image_classify("index.docker.io/a/b"),
	    TF_IMAGE_DOCKER_HUB);
	assert_int_equal(tf_image_classify("registry-1.docker.io/a/b:1"),
	    TF_IMAGE_DOCKER_HUB);
	assert_int_equal(tf_image_classify("mcr.microsoft.com/dotnet/sdk:8.0"),
	    TF_IMAGE_OTHER);
	assert_int_equal(tf_image_classify(
	    "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"),
	    TF_IMAGE_OTHER);
	assert_int_equal(tf_image_classify("localhost/app"), TF_IMAGE_OTHER);
	assert_int_equal(tf_image_classify("registry:5000/app"),
	    TF_IMAGE_OTHER);
	assert_int_equal(tf_image_classify("public.ecr.aws/x/y"),
	    TF_IMAGE_OTHER);
	assert_int_equal(tf_image_classify("aws/codebuild/standard:7.0"),
	    TF_IMAGE_CODEBUILD);
	assert_int_equal(tf_image_classify("unknown"), TF_IMAGE_UNKNOWN);
	assert_int_equal(tf_image_classify("${var.x}"), TF_IMAGE_UNKNOWN);
}

static void
legacy_constraints(void **state)
{
	(void)state;
	assert_true(tf_root_version_is_legacy("0.11.14"));
	assert_true(tf_root_version_is_legacy("= 0.11.14"));
	assert_true(tf_root_version_is_legacy("~> 0.11.14"));
	assert_true(tf_root_version_is_legacy(">= 0.10, < 0.12"));
	assert_true(tf_root_version_is_legacy("<= 0.11.15"));
	assert_false(tf_root_version_is_legacy("~> 0.11"));
	assert_false(tf_root_version_is_legacy(">= 0.11"));
	assert_false(tf_root_version_is_legacy(">= 1.3.0"));
	assert_false(tf_root_version_is_legacy("~> 0.12.0"));
	assert_false(tf_root_version_is_legacy("< 0.13"));
}

static void
inline_policy_root(void **state)
{
	struct tf_root *root = load("inline-policy");
	const struct tf_project *tools, *ghcr;
	struct tf_policy *pol;
	size_t n;

	(void)state;
	tools = project(root, "aws_codebuild_project.tools");
	assert_string_equal(tools->image, "example/tools:1.4");
	assert_string_equal(tools->status, "needs setup");
	assert_string_equal(root->files[tools->file].path, "main.tf");
	assert_int_equal(tools->line, 33);
	assert_string_equal(tools->role, "build");
	ghcr = project(root, "aws_codebuild_project.ghcr");
	assert_int_equal(ghcr->image_kind, TF_IMAGE_OTHER);
	assert_string_equal(ghcr->status, "not Docker Hub");

	assert_int_equal(tf_project_policies(root, tools, &pol, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(pol[0].address,
	    "aws_iam_role.build.inline_policy[0]");
	assert_int_equal(pol[0].form, POLICY_FORM_JSONENCODE);
	assert_true(pol[0].editable);
	assert_int_equal(pol[0].line, 17);
	free(pol);
	tf_root_free(root);
}

static void
attachment_root(void **state)
{
	struct tf_root *root = load("policy-attachment");
	const struct tf_project *web;
	struct tf_policy *pol;
	size_t n;

	(void)state;
	web = project(root, "aws_codebuild_project.web");
	assert_int_equal(web->image_kind, TF_IMAGE_DOCKER_HUB);
	assert_string_equal(root->modules[0].region, "eu-west-1");
	assert_int_equal(tf_project_policies(root, web, &pol, &n, NULL), 0);
	/* The AWS managed policy attachment is not a candidate. */
	assert_int_equal(n, 1);
	assert_string_equal(pol[0].address, "aws_iam_policy.ci");
	assert_string_equal(pol[0].via, "aws_iam_role_policy_attachment.ci");
	free(pol);
	tf_root_free(root);
}

static void
nested_module_root(void **state)
{
	struct tf_root *root = load("nested-modules");
	const struct tf_project *p;
	struct tf_policy *pol;
	size_t n;

	(void)state;
	assert_int_equal(root->nmodules, 3);
	assert_int_equal(root->nprojects, 1);
	p = project(root,
	    "module.pipeline.module.build.aws_codebuild_project.this");
	assert_string_equal(root->files[p->file].path,
	    "modules/codebuild/main.tf");
	assert_int_equal(p->line, 25);
	assert_int_equal(p->nchain, 2);
	/* var.image -> module "build" argument, a literal. */
	assert_string_equal(p->image, "circleci/openjdk:17");
	assert_string_equal(p->status, "needs setup");
	assert_int_equal(tf_project_policies(root, p, &pol, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(pol[0].address,
	    "module.pipeline.module.build.aws_iam_role_policy.this");
	assert_int_equal(pol[0].form, POLICY_FORM_HEREDOC_JSON);
	free(pol);
	tf_root_free(root);
}

static void
legacy_root(void **state)
{
	struct tf_root *root = load("legacy-011");
	const struct tf_project *p;

	(void)state;
	assert_true(root->modules[0].legacy);
	p = project(root, "aws_codebuild_project.legacy");
	/* "${var.image}" -> the variable's default. */
	assert_string_equal(p->image, "maven:3.9");
	tf_root_free(root);
}

static void
statuses(void **state)
{
	struct tf_root *root = load("shared-role");
	const struct tf_project *a, *b;
	char var[64];

	(void)state;
	a = project(root, "aws_codebuild_project.a");
	b = project(root, "aws_codebuild_project.b");
	assert_string_equal(a->status, "configured");
	assert_true(a->has_grant);
	assert_int_equal(tf_project_credential_variable(a, var, sizeof var),
	    21);
	assert_string_equal(var, "docker_hub_secret_arn");
	assert_string_equal(b->status, "needs setup");
	assert_int_equal(tf_project_credential_variable(b, var, sizeof var),
	    -1);
	tf_root_free(root);
}

static void
template_policy_not_editable(void **state)
{
	struct tf_root *root = load("template-policy-new");
	struct tf_policy *pol;
	size_t n;

	(void)state;
	assert_int_equal(tf_project_policies(root, project(root,
	    "aws_codebuild_project.svc"), &pol, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pol[0].form, POLICY_FORM_TEMPLATE);
	assert_false(pol[0].editable);
	free(pol);
	tf_root_free(root);
}

static void
json_syntax_files(void **state)
{
	struct tf_root *root = load("json-project");
	const struct tf_project *p;
	struct tf_policy *pol;
	const char **tfvars;
	size_t n;

	(void)state;
	p = project(root, "aws_codebuild_project.cdk_app");
	assert_string_equal(root->files[p->file].path, "cdk.tf.json");
	assert_int_equal(p->line, 79);
	assert_string_equal(p->image, "node:20-alpine");
	assert_string_equal(p->status, "needs setup");
	assert_null(p->role_item);
	assert_non_null(p->role_json);
	assert_string_equal(p->role, "cdk");
	assert_int_equal(tf_project_policies(root, p, &pol, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(pol[0].address,
	    "data.aws_iam_policy_document.perms");
	assert_string_equal(pol[0].via, "aws_iam_role_policy.cdk");
	assert_string_equal(pol[0].json_doc, "perms");
	assert_true(pol[0].editable);
	free(pol);
	tf_root_free(root);

	root = load("json-syntax");
	assert_int_equal(root->modules[0].njson_files, 1);
	assert_int_equal(tf_root_tfvars_files(root, ".", &tfvars, &n, NULL),
	    0);
	assert_int_equal(n, 1);
	assert_string_equal(tfvars[0], "terraform.tfvars.json");
	free(tfvars);
	assert_non_null(tf_root_find_json_block(root, 0, "variable", "region",
	    NULL));
	tf_root_free(root);
}

/* Write text to a new file at path. */
static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A key repeated in one JSON object stops the load at the repeat, since
 * only its last value would be seen; "//" comments may repeat. */
static void
json_repeated_key(void **state)
{
	char top[] = "/tmp/tf-root-test-XXXXXX", path[512];
	struct tf_root *root;
	struct hc_error err;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(path, sizeof path, "%s/main.tf.json", top);
	write_text(path, "{\n  \"//\": \"a\",\n  \"//\": \"b\",\n"
	    "  \"resource\": {\"aws_iam_role\": {\"r\": {\"name\": \"r\"}}},\n"
	    "  \"locals\": {\"s\": \"\\\"resource\\\"\"},\n"
	    "  \"resource\": {\"aws_codebuild_project\": {\"p\": {}}}\n}\n");
	hc_error_init(&err);
	root = tf_root_load(top, &err);
	assert_null(root);
	assert_int_equal(err.code, HC_ERR_PARSE);
	assert_string_equal(err.file, "main.tf.json");
	assert_int_equal(err.line, 6);
	assert_non_null(strstr(err.message, "the key \"resource\" repeats"));

	/* The same keys in different objects are fine. */
	write_text(path, "{\"resource\": {\"aws_iam_role\": {\"r\": "
	    "{\"name\": \"r\"}}, \"aws_iam_policy\": {\"r\": {\"name\": "
	    "\"p\"}}}}\n");
	hc_error_init(&err);
	root = tf_root_load(top, &err);
	assert_non_null(root);
	tf_root_free(root);
	unlink(path);
	rmdir(top);
}

static void
attachment_forms(void **state)
{
	char top[] = "/tmp/tf-root-test-XXXXXX", path[512];
	const struct tf_project *p;
	struct tf_policy *pol;
	struct tf_root *root;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(top));
	snprintf(path, sizeof path, "%s/main.tf", top);
	write_text(path,
	    "resource \"aws_iam_role\" \"r\" {\n"
	    "  name                = \"r\"\n"
	    "  managed_policy_arns = [aws_iam_policy.a.arn]\n"
	    "}\n"
	    "resource \"aws_iam_policy\" \"a\" {\n"
	    "  policy = jsonencode({ Statement = [] })\n"
	    "}\n"
	    "resource \"aws_iam_policy\" \"b\" {\n"
	    "  policy = file(\"b.json\")\n"
	    "}\n"
	    "resource \"aws_iam_policy_attachment\" \"b\" {\n"
	    "  name       = \"b\"\n"
	    "  roles      = [\"other\", aws_iam_role.r.name]\n"
	    "  policy_arn = aws_iam_policy.b.arn\n"
	    "}\n"
	    "resource \"aws_codebuild_project\" \"x\" {\n"
	    "  service_role = aws_iam_role.r.arn\n"
	    "  environment {\n"
	    "    image = \"node\"\n"
	    "  }\n"
	    "}\n");
	root = tf_root_load(top, NULL);
	assert_non_null(root);
	p = project(root, "aws_codebuild_project.x");
	assert_int_equal(tf_project_policies(root, p, &pol, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(pol[0].address, "aws_iam_policy.b");
	assert_string_equal(pol[0].via, "aws_iam_policy_attachment.b");
	assert_false(pol[0].editable);
	assert_string_equal(pol[1].address, "aws_iam_policy.a");
	assert_string_equal(pol[1].via, "aws_iam_role.r");
	assert_int_equal(pol[1].form, POLICY_FORM_JSONENCODE);
	free(pol);
	tf_root_free(root);
	snprintf(path, sizeof path, "rm -rf '%s'", top);
	assert_int_equal(system(path), 0);
}

/* The role value of project x in a root of one file, main.tf or
 * main.tf.json, with text; NULL and why when it has none. */
static const char *
outside_value(const char *file, const char *text, enum tf_role_syntax syntax,
    char *buf, size_t size, char *why, size_t why_size)
{
	char top[] = "/tmp/tf-root-test-XXXXXX", path[512];
	const struct tf_project *p;
	struct tf_root *root;
	int n;

	assert_non_null(mkdtemp(top));
	snprintf(path, sizeof path, "%s/%s", top, file);
	write_text(path, text);
	root = tf_root_load(top, NULL);
	assert_non_null(root);
	p = project(root, "aws_codebuild_project.x");
	n = tf_project_role_value(p, syntax, buf, size);
	snprintf(why, why_size, "%s", p->role_why);
	tf_root_free(root);
	snprintf(path, sizeof path, "rm -rf '%s'", top);
	assert_int_equal(system(path), 0);
	return n < 0 ? NULL : buf;
}

static void
outside_roles(void **state)
{
	static const struct {
		const char *service_role;	/* as written in HCL */
		enum tf_role_syntax syntax;
		const char *want;	/* NULL: no role hubcred can name */
		const char *why;	/* in role_why */
	} cases[] = {
		{ "\"arn:aws:iam::123456789012:role/a/b/ci-build\"",
		    TF_ROLE_HCL, "\"ci-build\"", "ci-build comes from outside" },
		{ "\"arn:aws-us-gov:iam::123456789012:role/ci\"",
		    TF_ROLE_HCL_LEGACY, "\"ci\"", "outside the root" },
		{ "\"ci-build\"", TF_ROLE_JSON, "ci-build", "outside the root" },
		{ "var.role_arn", TF_ROLE_HCL, "basename(var.role_arn)",
		    "(var.role_arn)" },
		{ "\"${var.role_arn}\"", TF_ROLE_HCL_LEGACY,
		    "\"${basename(var.role_arn)}\"", "outside the root" },
		{ "module.iam.role_arn", TF_ROLE_JSON,
		    "${basename(module.iam.role_arn)}", "outside the root" },
		{ "data.aws_iam_role.ci.arn", TF_ROLE_HCL,
		    "data.aws_iam_role.ci.name", "outside the root" },
		{ "aws_iam_role.r.arn", TF_ROLE_HCL, "aws_iam_role.r.id", "" },
		{ "aws_iam_role.r.arn", TF_ROLE_JSON, "${aws_iam_role.r.id}",
		    "" },
		{ "\"arn:aws:s3:::bucket\"", TF_ROLE_HCL, NULL,
		    "is not the ARN of an IAM role" },
		{ "\"arn:aws:iam::123456789012:user/ci\"", TF_ROLE_HCL, NULL,
		    "is not the ARN of an IAM role" },
		{ "\"two words\"", TF_ROLE_HCL, NULL, "is not an IAM role's" },
		{ "aws_iam_role.missing.arn", TF_ROLE_HCL, NULL,
		    "aws_iam_role.missing is not declared" },
		{ "upper(var.role)", TF_ROLE_HCL, NULL, "cannot follow" },
	};
	char text[1024], buf[256], why[1024];
	const char *got;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text,
		    "resource \"aws_iam_role\" \"r\" {\n"
		    "  name = \"r\"\n"
		    "}\n"
		    "resource \"aws_codebuild_project\" \"x\" {\n"
		    "  service_role = %s\n"
		    "}\n", cases[i].service_role);
		got = outside_value("main.tf", text, cases[i].syntax, buf,
		    sizeof buf, why, sizeof why);
		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
		assert_non_null(strstr(why, cases[i].why));
	}

	/* JSON syntax: a literal ARN and a data source. */
	got = outside_value("main.tf.json", "{\"resource\": "
	    "{\"aws_codebuild_project\": {\"x\": {\"service_role\": "
	    "\"arn:aws:iam::123456789012:role/json-ci\"}}}}", TF_ROLE_JSON,
	    buf, sizeof buf, why, sizeof why);
	assert_non_null(got);
	assert_string_equal(got, "json-ci");
	got = outside_value("main.tf.json", "{\"resource\": "
	    "{\"aws_codebuild_project\": {\"x\": {\"service_role\": "
	    "\"${data.aws_iam_role.ci.arn}\"}}}}", TF_ROLE_JSON, buf,
	    sizeof buf, why, sizeof why);
	assert_non_null(got);
	assert_string_equal(got, "${data.aws_iam_role.ci.name}");
}

static void
walk_rules(void **state)
{
	char top[] = "/tmp/tf-root-test-XXXXXX", outside[] =
	    "/tmp/tf-root-out-XXXXXX", path[512], target[512];
	struct hc_error err;
	struct tf_root *root;
	const char **tfvars;
	char *real;
	size_t n;
	long i;

	(void)state;
	assert_non_null(mkdtemp(top));
	assert_non_null(mkdtemp(outside));
	snprintf(path, sizeof path, "%s/main.tf", top);
	write_text(path, "locals {\n  a = 1\n}\n");
	snprintf(path, sizeof path, "%s/.terraform", top);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/.terraform/bad.tf", top);
	write_text(path, "this is { not HCL\n");
	/* A file out of the tree is read through its link, as Terraform
	 * reads it, and keeps the link's path. */
	snprintf(target, sizeof target, "%s/other.tf", outside);
	write_text(target, "locals {\n  o = 1\n}\n");
	snprintf(path, sizeof path, "%s/linked.tf", top);
	assert_int_equal(symlink(target, path), 0);
	/* A link to a folder of the tree is read; a loop is not. */
	snprintf(path, sizeof path, "%s/mod", top);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/mod/m.tf", top);
	write_text(path, "locals {\n  m = 1\n}\n");
	snprintf(path, sizeof path, "%s/mod/loop", top);
	assert_int_equal(symlink("..", path), 0);
	snprintf(path, sizeof path, "%s/alias", top);
	assert_int_equal(symlink("mod", path), 0);
	snprintf(path, sizeof path, "%s/b.auto.tfvars", top);
	write_text(path, "x = 1\n");
	snprintf(path, sizeof path, "%s/a.auto.tfvars", top);
	write_text(path, "x = 2\n");
	snprintf(path, sizeof path, "%s/terraform.tfvars", top);
	write_text(path, "x = 3\n");
	snprintf(path, sizeof path, "%s/prod.tfvars", top);
	write_text(path, "x = 4\n");

	hc_error_init(&err);
	root = tf_root_load(top, &err);
	if (root == NULL)
		fail_msg("%s", err.message);
	assert_int_equal(root->nmodules, 3);
	assert_true(tf_root_module_index(root, "alias") >= 0);
	assert_true(tf_root_module_index(root, "mod") >= 0);
	assert_int_equal(tf_root_file_index(root, "mod/loop/main.tf"), -1);
	assert_true((i = tf_root_file_index(root, "linked.tf")) >= 0);
	real = realpath(target, NULL);
	assert_non_null(real);
	assert_non_null(root->files[i].link);
	assert_string_equal(root->files[i].link, real);
	free(real);
	assert_null(root->files[tf_root_file_index(root, "main.tf")].link);
	assert_null(root->files[tf_root_file_index(root, "alias/m.tf")].link);
	assert_int_equal(tf_root_tfvars_files(root, ".", &tfvars, &n, NULL),
	    0);
	assert_int_equal(n, 4);
	assert_string_equal(tfvars[0], "terraform.tfvars");
	assert_string_equal(tfvars[1], "a.auto.tfvars");
	assert_string_equal(tfvars[2], "b.auto.tfvars");
	assert_string_equal(tfvars[3], "prod.tfvars");
	free(tfvars);
	tf_root_free(root);

	/* A parse error names the file relative to the root. */
	snprintf(path, sizeof path, "%s/broken.tf", top);
	write_text(path, "resource \"a\" \"b\" {\n  x = 1\n");
	hc_error_init(&err);
	assert_null(tf_root_load(top, &err));
	assert_int_equal(err.code, HC_ERR_PARSE);
	assert_string_equal(err.file, "broken.tf");
	assert_int_equal(err.line, 1);

	/* So does a JSON syntax error, with its line and column. */
	snprintf(path, sizeof path, "%s/broken.tf", top);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/extra.tf.json", top);
	write_text(path, "{\n  \"locals\": {\n    \"a\": 1,\n  }\n}\n");
	hc_error_init(&err);
	assert_null(tf_root_load(top, &err));
	assert_int_equal(err.code, HC_ERR_PARSE);
	assert_string_equal(err.file, "extra.tf.json");
	assert_int_equal(err.line, 4);

	snprintf(path, sizeof path, "rm -rf '%s' '%s'", top, outside);
	assert_int_equal(system(path), 0);
}

#define LINKED_PROJECT							\
	"resource \"aws_codebuild_project\" \"x\" {\n"			\
	"  name = \"x\"\n\n  environment {\n"				\
	"    image = \"example-org/builder:3.1\"\n  }\n}\n"

/*
 * Terraform follows symbolic links out of the root, so hubcred reads
 * through them too: a main.tf that is a link to a file elsewhere, and a
 * module folder that is a link to a folder elsewhere. Their files keep
 * the path they have in the root and record where they really are. Links
 * back into the tree, to the root or above it, do not loop.
 */
static void
links_out_of_root(void **state)
{
	char top[] = "/tmp/tf-root-test-XXXXXX", outside[] =
	    "/tmp/tf-root-out-XXXXXX", path[512], target[512];
	const struct tf_project *p;
	struct hc_error err;
	struct tf_root *root;
	char *real;
	size_t n;
	long i;

	(void)state;
	assert_non_null(mkdtemp(top));
	assert_non_null(mkdtemp(outside));
	snprintf(target, sizeof target, "%s/main.tf", outside);
	write_text(target, LINKED_PROJECT);
	snprintf(path, sizeof path, "%s/main.tf", top);
	assert_int_equal(symlink(target, path), 0);

	/* The only main.tf is a link: its project is found. */
	hc_error_init(&err);
	root = tf_root_load(top, &err);
	if (root == NULL)
		fail_msg("%s", err.message);
	p = tf_root_projects(root, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].address, "aws_codebuild_project.x");
	assert_string_equal(root->files[p[0].file].path, "main.tf");
	real = realpath(target, NULL);
	assert_non_null(real);
	assert_string_equal(root->files[p[0].file].link, real);
	free(real);
	tf_root_free(root);

	/* A module folder that is a link out of the root, holding links
	 * back to the root, to its own folder and to the folder above. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(unlink(target), 0);
	write_text(path, "module \"ci\" {\n  source = \"./modules/a\"\n}\n");
	snprintf(path, sizeof path, "%s/modules", top);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(target, sizeof target, "%s/a", outside);
	assert_int_equal(mkdir(target, 0700), 0);
	snprintf(path, sizeof path, "%s/modules/a", top);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof path, "%s/a/main.tf", outside);
	write_text(path, LINKED_PROJECT);
	snprintf(path, sizeof path, "%s/a/back", outside);
	assert_int_equal(symlink(top, path), 0);
	snprintf(path, sizeof path, "%s/a/self", outside);
	assert_int_equal(symlink(".", path), 0);
	snprintf(path, sizeof path, "%s/a/up", outside);
	assert_int_equal(symlink("..", path), 0);
	snprintf(path, sizeof path, "%s/up", top);
	assert_int_equal(symlink("..", path), 0);

	hc_error_init(&err);
	root = tf_root_load(top, &err);
	if (root == NULL)
		fail_msg("%s", err.message);
	assert_int_equal(root->nfiles, 2);
	assert_int_equal(root->nmodules, 2);
	p = tf_root_projects(root, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].address, "module.ci.aws_codebuild_project.x");
	assert_string_equal(root->files[p[0].file].path, "modules/a/main.tf");
	i = tf_root_file_index(root, "modules/a/main.tf");
	assert_true(i >= 0);
	assert_non_null(strstr(root->files[i].link, "/a/main.tf"));
	assert_null(root->files[tf_root_file_index(root, "main.tf")].link);
	tf_root_free(root);

	snprintf(path, sizeof path, "rm -rf '%s' '%s'", top, outside);
	assert_int_equal(system(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(image_classes),
		cmocka_unit_test(legacy_constraints),
		cmocka_unit_test(inline_policy_root),
		cmocka_unit_test(attachment_root),
		cmocka_unit_test(nested_module_root),
		cmocka_unit_test(legacy_root),
		cmocka_unit_test(statuses),
		cmocka_unit_test(template_policy_not_editable),
		cmocka_unit_test(json_syntax_files),
		cmocka_unit_test(attachment_forms),
		cmocka_unit_test(json_repeated_key),
		cmocka_unit_test(outside_roles),
		cmocka_unit_test(walk_rules),
		cmocka_unit_test(links_out_of_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
