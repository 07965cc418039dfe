/*
 * Tests for core/checks.c and core/checks/: the catalogue, name
 * matching, findings on small roots written to a temporary folder, and
 * the plan of fixes. The per-finding roots of tests/data/doctor run
 * through the binary in tests/e2e/doctor-findings.sh.
 */
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

#include "core/checks.h"
#include "core/checks/checks-private.h"
#include "core/tf/root.h"

#define ARN "arn:aws:secretsmanager:us-east-1:123456789012:secret:ci/hub-AbC123"

static const char iam_tf[] =
    "resource \"aws_iam_role\" \"build\" {\n"
    "  name               = \"build\"\n"
    "  assume_role_policy = \"{}\"\n"
    "}\n"
    "\n"
    "resource \"aws_iam_role_policy\" \"build\" {\n"
    "  role = aws_iam_role.build.id\n"
    "  policy = jsonencode({\n"
    "    Statement = [{\n"
    "      Effect   = \"Allow\"\n"
    "      Action   = [\"secretsmanager:GetSecretValue\"]\n"
    "      Resource = var.hub\n"
    "    }]\n"
    "  })\n"
    "}\n"
    "\n"
    "variable \"hub\" {\n"
    "  type = string\n"
    "}\n";

static const char tfvars[] = "hub = \"" ARN "\"\n";

/* A project whose environment body is env and source body source. */
static void
project_text(char *buf, size_t size, const char *env, const char *source)
{
	snprintf(buf, size,
	    "resource \"aws_codebuild_project\" \"app\" {\n"
	    "  name         = \"app\"\n"
	    "  service_role = aws_iam_role.build.arn\n"
	    "\n"
	    "  environment {\n"
	    "%s"
	    "  }\n"
	    "\n"
	    "  source {\n"
	    "%s"
	    "  }\n"
	    "}\n", env, source);
}

struct fixture {
	char dir[64];
	struct tf_root *root;
	struct checks_report report;
};

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Write main.tf (and iam.tf, terraform.tfvars), load, run the checks. */
static void
run(struct fixture *fx, const char *main_tf)
{
	struct hc_error err;

	snprintf(fx->dir, sizeof fx->dir, "/tmp/hubcred-checks-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	write_file(fx->dir, "main.tf", main_tf);
	write_file(fx->dir, "iam.tf", iam_tf);
	write_file(fx->dir, "terraform.tfvars", tfvars);
	hc_error_init(&err);
	fx->root = tf_root_load(fx->dir, &err);
	if (fx->root == NULL)
		fail_msg("load: %s", err.message);
	assert_int_equal(checks_run(fx->root, &fx->report, &err), 0);
}

static void
done(struct fixture *fx)
{
	static const char *const names[] = {
		"main.tf", "iam.tf", "terraform.tfvars",
	};
	char path[256];
	size_t i;

	checks_report_done(&fx->report);
	tf_root_free(fx->root);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", fx->dir, names[i]);
		unlink(path);
	}
	rmdir(fx->dir);
}

/* The finding of rule id, asserting there is exactly one. */
static const struct checks_finding *
only(const struct fixture *fx, enum checks_rule_id id)
{
	const struct checks_finding *found = NULL;
	size_t i;

	for (i = 0; i < fx->report.n; i++) {
		if (fx->report.findings[i].rule != id)
			continue;
		if (found != NULL)
			fail_msg("%s reported twice", checks_rule(id)->id);
		found = &fx->report.findings[i];
	}
	if (found == NULL)
		fail_msg("%s not reported", checks_rule(id)->id);
	return found;
}

static int
has(const struct fixture *fx, enum checks_rule_id id)
{
	size_t i;

	for (i = 0; i < fx->report.n; i++) {
		if (fx->report.findings[i].rule == id)
			return 1;
	}
	return 0;
}

static void
catalogue(void **state)
{
	const struct checks_rule *rules;
	size_t n, i, k;

	(void)state;
	rules = checks_rules(&n);
	assert_int_equal(n, CHECKS_NRULES);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(rules[i].id), 5);
		assert_memory_equal(rules[i].id, "HC", 2);
		assert_true(rules[i].title[0] != '\0');
		assert_true(strlen(rules[i].description) > 20);
		assert_ptr_equal(checks_rule((enum checks_rule_id)i),
		    &rules[i]);
		for (k = 0; k < i; k++) {
			assert_string_not_equal(rules[i].id, rules[k].id);
			assert_string_not_equal(rules[i].name, rules[k].name);
		}
	}
	assert_string_equal(checks_rule(CHECKS_HC101)->id, "HC101");
	assert_string_equal(checks_severity_name(CHECKS_WARNING), "warning");
}

static void
name_distance(void **state)
{
	(void)state;
	assert_int_equal(checks_name_distance("registry_credentials",
	    "registry_credential"), 1);
	assert_int_equal(checks_name_distance("registryCredential",
	    "registry_credential"), 0);
	assert_int_equal(checks_name_distance("image_pull_credential_type",
	    "image_pull_credentials_type"), 1);
	assert_true(checks_name_distance("environment_variable",
	    "registry_credential") > 3);
}

static void
four_mistakes_and_their_fix(void **state)
{
	static const char env[] =
	    "    image = \"node:20\"\n"
	    "    type  = \"LINUX_CONTAINER\"\n"
	    "\n"
	    "    registry_credentials {\n"
	    "      credential          = var.hub\n"
	    "      credential_provider = \"SECRET_MANAGER\"\n"
	    "    }\n";
	struct fixture fx;
	struct hc_error err;
	struct plan plan;
	char text[2048];
	size_t nfixed;

	(void)state;
	project_text(text, sizeof text, env, "    type = \"GITHUB\"\n");
	run(&fx, text);
	assert_int_equal(only(&fx, CHECKS_HC101)->line, 9);
	assert_int_equal(only(&fx, CHECKS_HC104)->line, 9);
	assert_int_equal(only(&fx, CHECKS_HC103)->line, 11);
	assert_string_equal(only(&fx, CHECKS_HC103)->project,
	    "aws_codebuild_project.app");
	assert_int_equal(checks_report_count(&fx.report, CHECKS_ERROR), 3);

	hc_error_init(&err);
	assert_int_equal(plan_init(&plan, fx.dir, &err), 0);
	assert_int_equal(checks_fix_plan(fx.root, &fx.report, &plan, &nfixed,
	    &err), 0);
	assert_int_equal(nfixed, 3);
	assert_int_equal(plan.nfiles, 1);
	assert_string_equal(plan.files[0].path, "main.tf");
	assert_non_null(strstr(plan.files[0].new_text,
	    "    image                       = \"node:20\"\n"
	    "    type                        = \"LINUX_CONTAINER\"\n"
	    "    image_pull_credentials_type = \"SERVICE_ROLE\"\n"
	    "\n"
	    "    registry_credential {\n"));
	assert_non_null(strstr(plan.files[0].new_text,
	    "credential_provider = \"SECRETS_MANAGER\"\n"));
	plan_done(&plan);
	done(&fx);
}

/* Two fixes of the same bytes: the second is left out and noted. */
static void
clashing_fixes_are_noted(void **state)
{
	static const char env[] =
	    "    image                       = \"node:20\"\n"
	    "    image_pull_credentials_type = \"CODEBUILD\"\n"
	    "\n"
	    "    registry_credential {\n"
	    "      credential          = var.hub\n"
	    "      credential_provider = \"SECRETS_MANAGER\"\n"
	    "    }\n";
	struct checks_finding *grown;
	struct fixture fx;
	struct hc_error err;
	struct plan plan;
	char text[2048];
	size_t nfixed;

	(void)state;
	project_text(text, sizeof text, env, "    type = \"GITHUB\"\n");
	run(&fx, text);
	assert_int_equal(fx.report.n, 1);
	grown = realloc(fx.report.findings, 2 * sizeof *grown);
	assert_non_null(grown);
	fx.report.findings = grown;
	grown[1] = grown[0];
	snprintf(grown[1].fix.text, sizeof grown[1].fix.text,
	    "\"OTHER\"");
	fx.report.n = 2;

	hc_error_init(&err);
	assert_int_equal(plan_init(&plan, fx.dir, &err), 0);
	assert_int_equal(checks_fix_plan(fx.root, &fx.report, &plan, &nfixed,
	    &err), 0);
	assert_int_equal(nfixed, 1);
	assert_int_equal(plan.nnotes, 1);
	assert_non_null(strstr(plan.notes[0], "HC102 not fixed"));
	assert_int_equal(plan.nfiles, 1);
	assert_non_null(strstr(plan.files[0].new_text,
	    "image_pull_credentials_type = \"SERVICE_ROLE\"\n"));
	plan_done(&plan);
	done(&fx);
}

static void
configured_project_is_clean(void **state)
{
	static const char env[] =
	    "    image                       = \"node:20\"\n"
	    "    image_pull_credentials_type = \"SERVICE_ROLE\"\n"
	    "\n"
	    "    registry_credential {\n"
	    "      credential          = var.hub\n"
	    "      credential_provider = \"SECRETS_MANAGER\"\n"
	    "    }\n";
	struct fixture fx;
	char text[2048];

	(void)state;
	project_text(text, sizeof text, env, "    type = \"GITHUB\"\n");
	run(&fx, text);
	assert_int_equal(fx.report.n, 0);
	done(&fx);
}

/* The buildspec of a configured project holding commands. */
static int
buildspec_finding(const char *commands, int *line,
    enum checks_severity *severity)
{
	static const char env[] =
	    "    image                       = \"node:20\"\n"
	    "    image_pull_credentials_type = \"SERVICE_ROLE\"\n"
	    "\n"
	    "    registry_credential {\n"
	    "      credential          = var.hub\n"
	    "      credential_provider = \"SECRETS_MANAGER\"\n"
	    "    }\n";
	char source[1024], text[4096];
	struct fixture fx;
	int found;

	snprintf(source, sizeof source,
	    "    type      = \"GITHUB\"\n"
	    "    buildspec = <<-YAML\n"
	    "      version: 0.2\n"
	    "      phases:\n"
	    "        build:\n"
	    "          commands:\n"
	    "%s"
	    "    YAML\n", commands);
	project_text(text, sizeof text, env, source);
	run(&fx, text);
	found = has(&fx, CHECKS_HC161);
	if (found) {
		*line = only(&fx, CHECKS_HC161)->line;
		*severity = only(&fx, CHECKS_HC161)->severity;
	}
	done(&fx);
	return found;
}

static void
buildspec_docker_commands(void **state)
{
	enum checks_severity severity;
	int line;

	(void)state;
	/* Line 22 is the first command of the heredoc. */
	assert_true(buildspec_finding(
	    "            - docker pull alpine:3.20\n", &line, &severity));
	assert_int_equal(line, 22);
	assert_int_equal(severity, CHECKS_WARNING);
	assert_true(buildspec_finding(
	    "            - echo hi\n"
	    "            - sudo docker run --rm -e A=1 node:20 npm test\n",
	    &line, &severity));
	assert_int_equal(line, 23);
	assert_false(buildspec_finding(
	    "            - echo $T | docker login -u u --password-stdin\n"
	    "            - docker pull alpine:3.20\n", &line, &severity));
	assert_false(buildspec_finding(
	    "            - docker login -u u -p \"$P\" docker.io\n"
	    "            - docker run alpine\n", &line, &severity));
	/* An ECR login does not cover Docker Hub. */
	assert_true(buildspec_finding(
	    "            - docker login -u AWS --password-stdin "
	    "1.dkr.ecr.us-east-1.amazonaws.com\n"
	    "            - docker pull python:3.12\n", &line, &severity));
	assert_int_equal(line, 23);
	assert_false(buildspec_finding(
	    "            - docker pull "
	    "1.dkr.ecr.us-east-1.amazonaws.com/app:1\n"
	    "            - docker pull public.ecr.aws/x/y:1\n"
	    "            - terraform plan\n", &line, &severity));
	assert_true(buildspec_finding(
	    "            - docker build -t app .\n", &line, &severity));
	assert_int_equal(severity, CHECKS_INFO);
}

static void
token_is_never_echoed(void **state)
{
	static const char env[] =
	    "    image                       = \"node:20\"\n"
	    "    image_pull_credentials_type = \"SERVICE_ROLE\"\n"
	    "\n"
	    "    registry_credential {\n"
	    "      credential          = \"dckr_pat_canary0000\"\n"
	    "      credential_provider = \"SECRETS_MANAGER\"\n"
	    "    }\n";
	const struct checks_finding *f;
	struct fixture fx;
	char text[2048];
	size_t i;

	(void)state;
	project_text(text, sizeof text, env, "    type = \"GITHUB\"\n");
	run(&fx, text);
	assert_int_equal(only(&fx, CHECKS_HC124)->severity, CHECKS_ERROR);
	for (i = 0; i < fx.report.n; i++) {
		f = &fx.report.findings[i];
		assert_null(strstr(f->message, "canary"));
		assert_null(strstr(f->error, "canary"));
	}
	done(&fx);
}

static void
managed_image_needs_no_credentials(void **state)
{
	static const char env[] =
	    "    image                       = \"aws/codebuild/standard:7.0\"\n"
	    "    image_pull_credentials_type = \"SERVICE_ROLE\"\n";
	struct fixture fx;
	char text[2048];

	(void)state;
	project_text(text, sizeof text, env, "    type = \"GITHUB\"\n");
	run(&fx, text);
	assert_int_equal(only(&fx, CHECKS_HC111)->line, 6);
	assert_false(has(&fx, CHECKS_HC101));
	assert_false(has(&fx, CHECKS_HC181));
	done(&fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogue),
		cmocka_unit_test(name_distance),
		cmocka_unit_test(four_mistakes_and_their_fix),
		cmocka_unit_test(clashing_fixes_are_noted),
		cmocka_unit_test(configured_project_is_clean),
		cmocka_unit_test(buildspec_docker_commands),
		cmocka_unit_test(token_is_never_echoed),
		cmocka_unit_test(managed_image_needs_no_credentials),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
