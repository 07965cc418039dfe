/*
 * Tests for core/tf/scan.c. On every golden root, example and doctor
 * case, the scan lists the same projects, images and statuses, files,
 * modules and bytes as tf_root_load(), on one thread and on several.
 * The first failing file in path order gives the error.
 *
 * With arguments, compares the scan and the full load on those folders
 * instead (tests/core/tf/scan-corpus.sh passes a generated tree).
 */
#include <dirent.h>
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
#include "core/tf/scan.h"

#ifndef TF_SOURCE_ROOT
#error "TF_SOURCE_ROOT must name the source tree"
#endif

static char **extra_dirs;
static int nextra_dirs;

/* Assert that the scan of dir on threads threads matches the full load. */
static void
compare(const char *dir, unsigned threads)
{
	const struct tf_project *projects;
	struct tf_root *root;
	struct tf_scan *scan;
	struct hc_error err;
	size_t n, i;

	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	if (root == NULL)
		fail_msg("%s: %s", dir, err.message);
	scan = tf_scan_run(dir, threads, &err);
	if (scan == NULL)
		fail_msg("scan %s: %s", dir, err.message);
	projects = tf_root_projects(root, &n);
	assert_int_equal(scan->nfiles, root->nfiles);
	assert_int_equal(scan->nmodules, root->nmodules);
	assert_int_equal(scan->bytes, root->bytes);
	assert_int_equal(scan->nprojects, n);
	for (i = 0; i < n; i++) {
		const struct tf_scan_project *s = &scan->projects[i];

		assert_string_equal(s->address, projects[i].address);
		assert_string_equal(s->file,
		    root->files[projects[i].file].path);
		assert_int_equal(s->line, projects[i].line);
		assert_string_equal(s->image, projects[i].image);
		assert_string_equal(s->status, projects[i].status);
	}
	tf_scan_free(scan);
	tf_root_free(root);
}

/* Compare every folder below parent that contains a folder named sub (or
 * parent's folders themselves when sub is NULL). Returns the count. */
static int
compare_all(const char *parent, const char *sub)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int count = 0;

	d = opendir(parent);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s%s%s", parent, de->d_name,
		    sub != NULL ? "/" : "", sub != NULL ? sub : "");
		if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		compare(path, 1);
		compare(path, 2);
		compare(path, 0);
		count++;
	}
	closedir(d);
	return count;
}

static void
golden_roots_match(void **state)
{
	(void)state;
	assert_true(compare_all(TF_SOURCE_ROOT "/tests/data/tf", "input") >
	    10);
}

static void
doctor_cases_match(void **state)
{
	(void)state;
	assert_true(compare_all(TF_SOURCE_ROOT "/tests/data/doctor",
	    "input") > 10);
}

static void
examples_match(void **state)
{
	(void)state;
	assert_true(compare_all(TF_SOURCE_ROOT "/examples", NULL) >= 2);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Values come through module arguments, locals, defaults and tfvars; a
 * module called twice lists its project twice. */
static void
resolved_through_modules(void **state)
{
	char dir[] = "/tmp/hubcred-scan-test-XXXXXX";
	char path[4096];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/modules", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/modules/ci", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(dir, "main.tf",
	    "locals {\n  img = var.image\n}\n"
	    "variable \"image\" {\n  default = \"node:18\"\n}\n"
	    "variable \"pull\" {}\n"
	    "module \"a\" {\n  source = \"./modules/ci\"\n"
	    "  image = local.img\n  pull = var.pull\n}\n"
	    "module \"b\" {\n  source = \"./modules/ci/\"\n"
	    "  image = \"aws/codebuild/standard:7.0\"\n}\n");
	write_file(dir, "terraform.tfvars", "image = \"python:3.12\"\n"
	    "pull = \"SERVICE_ROLE\"\n");
	write_file(dir, "other.tfvars", "image = \"ignored:1\"\n");
	write_file(path, "main.tf",
	    "variable \"image\" {}\nvariable \"pull\" {\n"
	    "  default = \"CODEBUILD\"\n}\n"
	    "resource \"aws_codebuild_project\" \"p\" {\n"
	    "  environment {\n    image = var.image\n"
	    "    image_pull_credentials_type = var.pull\n  }\n}\n");
	compare(dir, 1);
	compare(dir, 2);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* Files and module folders that links lead out of the tree are read
 * by both, under the paths they have in the tree; loops end. */
static void
links_out_of_tree(void **state)
{
	char dir[] = "/tmp/hubcred-scan-test-XXXXXX";
	char out[] = "/tmp/hubcred-scan-out-XXXXXX";
	char path[4096], target[4096];
	struct tf_scan *scan;
	struct hc_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(mkdtemp(out));
	snprintf(path, sizeof path, "%s/a", out);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(path, "main.tf",
	    "variable \"image\" {}\n"
	    "resource \"aws_codebuild_project\" \"p\" {\n"
	    "  environment {\n    image = var.image\n  }\n}\n");
	write_file(out, "vars.tf", "variable \"image\" {\n"
	    "  default = \"node:20\"\n}\n");
	write_file(dir, "main.tf", "module \"ci\" {\n"
	    "  source = \"./modules/a\"\n  image = var.image\n}\n");
	snprintf(path, sizeof path, "%s/modules", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/modules/a", dir);
	snprintf(target, sizeof target, "%s/a", out);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof path, "%s/shared.tf", dir);
	snprintf(target, sizeof target, "%s/vars.tf", out);
	assert_int_equal(symlink(target, path), 0);
	snprintf(path, sizeof path, "%s/a/back", out);
	assert_int_equal(symlink(dir, path), 0);
	snprintf(path, sizeof path, "%s/a/up", out);
	assert_int_equal(symlink("..", path), 0);
	compare(dir, 1);
	compare(dir, 2);
	hc_error_init(&err);
	scan = tf_scan_run(dir, 1, &err);
	assert_non_null(scan);
	assert_int_equal(scan->nprojects, 1);
	assert_string_equal(scan->projects[0].file, "modules/a/main.tf");
	assert_string_equal(scan->projects[0].image, "node:20");
	tf_scan_free(scan);
	snprintf(path, sizeof path, "rm -rf '%s' '%s'", dir, out);
	assert_int_equal(system(path), 0);
}

/* A module called from a .tf.json file takes the call's string
 * arguments; the full load used to crash on them. */
static void
json_call_arguments(void **state)
{
	char dir[] = "/tmp/hubcred-scan-test-XXXXXX";
	char path[4096];
	struct hc_error err;
	struct tf_root *root;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/m", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	write_file(dir, "main.tf.json", "{\"module\": {\"ci\": "
	    "{\"source\": \"./m\", \"image\": \"node:20\", "
	    "\"pull\": \"${var.x}\"}}}\n");
	write_file(path, "main.tf",
	    "variable \"image\" {\n  default = \"python:3\"\n}\n"
	    "variable \"pull\" {\n  default = \"SERVICE_ROLE\"\n}\n"
	    "variable \"tag\" {\n  default = \"1\"\n}\n"
	    "resource \"aws_codebuild_project\" \"p\" {\n"
	    "  environment {\n    image = var.image\n"
	    "    image_pull_credentials_type = var.pull\n  }\n}\n"
	    "resource \"aws_codebuild_project\" \"q\" {\n"
	    "  environment {\n    image = var.tag\n  }\n}\n");
	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	assert_non_null(root);
	assert_int_equal(tf_root_projects(root, &n) != NULL, 1);
	assert_int_equal(n, 2);
	assert_string_equal(root->projects[0].image, "node:20");
	assert_int_equal(root->projects[0].has_pull_type, 0);
	assert_string_equal(root->projects[1].image, "1");
	tf_root_free(root);
	compare(dir, 1);
	compare(dir, 2);
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* Two broken files: both ways report the first one in path order. */
static void
first_error_in_path_order(void **state)
{
	char dir[] = "/tmp/hubcred-scan-test-XXXXXX";
	char path[4096];
	struct hc_error want, got;
	unsigned threads;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof path, "%s/m%02d", dir, i);
		assert_int_equal(mkdir(path, 0700), 0);
		write_file(path, "ok.tf", "resource \"aws_codebuild_project\" "
		    "\"p\" {\n  name = \"x\"\n}\n");
	}
	snprintf(path, sizeof path, "%s/m07", dir);
	write_file(path, "bad.tf", "resource \"a\" \"b\" {\n  x = \n");
	snprintf(path, sizeof path, "%s/m31", dir);
	write_file(path, "bad.tf", "}\n");
	hc_error_init(&want);
	assert_null(tf_root_load(dir, &want));
	assert_int_equal(want.code, HC_ERR_PARSE);
	assert_string_equal(want.file, "m07/bad.tf");
	for (threads = 1; threads <= 4; threads++) {
		hc_error_init(&got);
		assert_null(tf_scan_run(dir, threads, &got));
		assert_int_equal(got.code, want.code);
		assert_string_equal(got.file, want.file);
		assert_int_equal(got.line, want.line);
		assert_int_equal(got.column, want.column);
		assert_string_equal(got.message, want.message);
	}
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

static void
missing_folder_fails(void **state)
{
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	assert_null(tf_scan_run("/nonexistent/hubcred-scan", 2, &err));
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
}

static void
given_folders_match(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < nextra_dirs; i++) {
		compare(extra_dirs[i], 1);
		compare(extra_dirs[i], 2);
	}
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_roots_match),
		cmocka_unit_test(doctor_cases_match),
		cmocka_unit_test(examples_match),
		cmocka_unit_test(resolved_through_modules),
		cmocka_unit_test(links_out_of_tree),
		cmocka_unit_test(json_call_arguments),
		cmocka_unit_test(first_error_in_path_order),
		cmocka_unit_test(missing_folder_fails),
	};
	const struct CMUnitTest given[] = {
		cmocka_unit_test(given_folders_match),
	};

	if (argc > 1) {
		extra_dirs = argv + 1;
		nextra_dirs = argc - 1;
		return cmocka_run_group_tests(given, NULL, NULL);
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
