/*
 * hubcred doctor: report what is wrong with the CodeBuild pull setups
 * below a root (a list for people, --json, --sarif for code scanning),
 * and with --fix apply every automatic fix through the plan, diff and
 * apply path the wizard uses.
 */
#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/apply.h"
#include "core/aws/config.h"
#include "core/checks.h"
#include "core/diff.h"
#include "core/lock.h"
#include "core/plan.h"
#include "core/tf/root.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define WRAP_WIDTH 76

/* Print text wrapped at WRAP_WIDTH with indent spaces before each line. */
static void
print_wrapped(FILE *out, const char *text, int indent)
{
	const char *p = text, *word;
	int col = 0;
	size_t len;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		word = p;
		while (*p != '\0' && *p != ' ')
			p++;
		len = (size_t)(p - word);
		if (len == 0)
			break;
		if (col > 0 && col + 1 + (int)len > WRAP_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (col == 0) {
			fprintf(out, "%*s", indent, "");
			col = indent;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(word, 1, len, out);
		col += (int)len;
	}
	if (col > 0)
		fputc('\n', out);
}

static void
print_finding(const struct checks_finding *f)
{
	const struct checks_rule *rule = checks_rule(f->rule);
	char line[1200];

	printf("%s:%d: %s: %s [%s]\n", f->file, f->line,
	    checks_severity_name(f->severity), rule->title, rule->id);
	print_wrapped(stdout, f->message, 4);
	if (f->error[0] != '\0') {
		snprintf(line, sizeof line, "Reported as: %s", f->error);
		print_wrapped(stdout, line, 4);
	}
	if (f->fixable)
		print_wrapped(stdout, "hubcred doctor --fix makes this change.",
		    4);
}

/* Whether a and b are about the same project of the same root. */
static int
same_group(const struct checks_finding *a, const struct checks_finding *b)
{
	return strcmp(a->project, b->project) == 0 &&
	    strcmp(a->root, b->root) == 0;
}

/* The findings grouped by project, in order of their first finding. */
static void
print_human(const struct checks_report *report)
{
	const struct checks_finding *f, *g;
	size_t i, k, j;
	int seen;

	for (i = 0; i < report->n; i++) {
		f = &report->findings[i];
		seen = 0;
		for (j = 0; j < i && !seen; j++)
			seen = same_group(&report->findings[j], f);
		if (seen)
			continue;
		printf("%s%s", i > 0 ? "\n" : "", f->project);
		if (f->root[0] != '\0' && checks_report_address_shared(report,
		    f))
			printf(" (root %s)", f->root);
		printf("\n");
		for (k = i; k < report->n; k++) {
			g = &report->findings[k];
			if (same_group(g, f))
				print_finding(g);
		}
	}
	if (report->n == 0)
		printf("No findings.\n");
	fflush(stdout);
	fprintf(stderr, "%zu error%s, %zu warning%s, %zu note%s\n",
	    checks_report_count(report, CHECKS_ERROR),
	    checks_report_count(report, CHECKS_ERROR) == 1 ? "" : "s",
	    checks_report_count(report, CHECKS_WARNING) -
	    checks_report_count(report, CHECKS_ERROR),
	    checks_report_count(report, CHECKS_WARNING) -
	    checks_report_count(report, CHECKS_ERROR) == 1 ? "" : "s",
	    report->n - checks_report_count(report, CHECKS_WARNING),
	    report->n - checks_report_count(report, CHECKS_WARNING) == 1 ?
	    "" : "s");
}

/* Print a JSON document with two-space indentation and free it. */
static int
print_document(json_t *doc)
{
	json_malloc_t json_malloc;
	json_free_t json_free;
	char *text;

	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (text == NULL) {
		fputs("hubcred: out of memory\n", stderr);
		return 1;
	}
	puts(text);
	json_get_alloc_funcs(&json_malloc, &json_free);
	json_free(text);
	return 0;
}

static int
print_json(const struct checks_report *report)
{
	const struct checks_finding *f;
	json_t *doc, *list;
	size_t i;

	doc = json_object();
	list = json_array();
	for (i = 0; i < report->n; i++) {
		json_t *item;

		f = &report->findings[i];
		item = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:b}",
		    "id", checks_rule(f->rule)->id,
		    "severity", checks_severity_name(f->severity),
		    "project", f->project,
		    "file", f->file,
		    "line", f->line,
		    "title", checks_rule(f->rule)->title,
		    "message", f->message,
		    "fixable", f->fixable);
		/* The folder of the project's root module distinguishes
		 * two roots' projects at one address. */
		if (item != NULL && f->root[0] != '\0')
			json_object_set_new(item, "root", json_string(f->root));
		json_array_append_new(list, item);
	}
	json_object_set_new(doc, "findings", list);
	return print_document(doc);
}

static const char *
sarif_level(enum checks_severity severity)
{
	switch (severity) {
	case CHECKS_ERROR:
		return "error";
	case CHECKS_WARNING:
		return "warning";
	default:
		return "note";
	}
}

static json_t *
sarif_rules(void)
{
	const struct checks_rule *rules;
	char help[1024];
	json_t *list;
	size_t n, i;

	rules = checks_rules(&n);
	list = json_array();
	for (i = 0; i < n; i++) {
		snprintf(help, sizeof help, "%s Run hubcred doctor for the "
		    "fix of each finding; hubcred doctor --fix applies the "
		    "automatic ones.", rules[i].description);
		json_array_append_new(list, json_pack(
		    "{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}",
		    "id", rules[i].id,
		    "name", rules[i].name,
		    "shortDescription", "text", rules[i].title,
		    "fullDescription", "text", rules[i].description,
		    "help", "text", help,
		    "defaultConfiguration", "level",
		    sarif_level(rules[i].severity)));
	}
	return list;
}

/* Append path to buf as a URI path: every byte outside RFC 3986's
 * unreserved characters and '/' percent-encoded. */
static void
uri_encode(const char *path, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(buf);
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p != '\0' && n + 4 < size;
	    p++) {
		if (isalnum(*p) || strchr("-._~/", *p) != NULL) {
			buf[n++] = (char)*p;
		} else {
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 15];
		}
	}
	buf[n] = '\0';
}

/* The uriBaseId of files below a root outside the working folder. */
#define SARIF_ROOT_BASE "ROOT"

/* The part of absolute path below the working folder, or NULL when the
 * path is not below it. */
static const char *
below_cwd(const char *path)
{
	char cwd[PATH_MAX];
	size_t n;

	n = getcwd(cwd, sizeof cwd) != NULL ? strlen(cwd) : 0;
	if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return NULL;
}

/*
 * Return the file's artifactLocation. Code scanning runs in the
 * repository root, so the URI is relative to the working folder: -C
 * infra gives "infra/main.tf". For a root outside that folder the URI
 * is relative to the root, with uriBaseId ROOT, which the run's
 * originalUriBaseIds define.
 */
static json_t *
sarif_location(const char *root, const char *file)
{
	char path[PATH_MAX * 2], uri[PATH_MAX * 3] = "";
	const char *rest;
	size_t n;

	while (root[0] == '.' && root[1] == '/')
		root += 2;
	n = strlen(root);
	while (n > 0 && root[n - 1] == '/')
		n--;
	if ((n == 1 && root[0] == '.') || n == 0)
		snprintf(path, sizeof path, "%s", file);
	else
		snprintf(path, sizeof path, "%.*s/%s", (int)n, root, file);
	if (path[0] != '/') {
		uri_encode(path, uri, sizeof uri);
		return json_pack("{s:s}", "uri", uri);
	}
	rest = below_cwd(path);
	if (rest != NULL) {
		uri_encode(rest, uri, sizeof uri);
		return json_pack("{s:s}", "uri", uri);
	}
	uri_encode(file, uri, sizeof uri);
	return json_pack("{s:s, s:s}", "uri", uri, "uriBaseId",
	    SARIF_ROOT_BASE);
}

/* Add originalUriBaseIds to run when root lies outside the working
 * folder, so the URIs relative to it resolve. */
static void
sarif_add_base(json_t *run, const char *root)
{
	char real[PATH_MAX], uri[PATH_MAX * 3] = "file://";

	if (root[0] != '/' || realpath(root, real) == NULL ||
	    below_cwd(root) != NULL)
		return;
	uri_encode(real, uri, sizeof uri);
	if (strlen(uri) + 1 < sizeof uri)
		strcat(uri, "/");
	json_object_set_new(run, "originalUriBaseIds", json_pack("{s:{s:s}}",
	    SARIF_ROOT_BASE, "uri", uri));
}

static int
print_sarif(const struct checks_report *report, const char *root)
{
	const struct checks_finding *f;
	json_t *doc, *results;
	size_t i;

	results = json_array();
	for (i = 0; i < report->n; i++) {
		f = &report->findings[i];
		json_array_append_new(results, json_pack(
		    "{s:s, s:i, s:s, s:{s:s}, s:[{s:{s:o, s:{s:i}}}]}",
		    "ruleId", checks_rule(f->rule)->id,
		    "ruleIndex", (int)f->rule,
		    "level", sarif_level(f->severity),
		    "message", "text", f->message,
		    "locations", "physicalLocation", "artifactLocation",
		    sarif_location(root, f->file), "region", "startLine",
		    f->line));
	}
	/* driver.informationUri is optional, and hubcred has no published
	 * home page to name there. */
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}",
	    "$schema", SARIF_SCHEMA,
	    "version", "2.1.0",
	    "runs", "tool", "driver", "name", "hubcred",
	    "version", "0.1.0",
	    "rules", sarif_rules(),
	    "results", results);
	if (doc == NULL) {
		fputs("hubcred: out of memory\n", stderr);
		return 1;
	}
	sarif_add_base(json_array_get(json_object_get(doc, "runs"), 0), root);
	return print_document(doc);
}

/* Without --yes, apply only after a person confirms at a terminal. */
static int
confirm(const struct cli_options *options, struct hc_error *err)
{
	char line[16];

	if (options->yes)
		return 0;
	if (!isatty(STDIN_FILENO)) {
		hc_error_set(err, HC_ERR_USAGE, "not applying the fixes: "
		    "standard input is not a terminal and --yes was not "
		    "given");
		hc_error_hint(err, "review them with --fix --dry-run, then "
		    "rerun with --fix --yes");
		return -1;
	}
	fputs("Apply these fixes? [y/N] ", stderr);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (line[0] != 'y' && line[0] != 'Y')) {
		hc_error_set(err, HC_ERR_CANCELLED, "not applied");
		return -1;
	}
	return 0;
}

/* Take the lock, check the files still read as planned, write. */
static int
apply(const struct plan *plan, const char *dir, struct apply_result *out,
    struct hc_error *err)
{
	struct apply_options opts = {0};
	struct lock *lock;
	int rc = -1;

	lock = lock_take(dir, err);
	if (lock == NULL)
		return -1;
	if (apply_check(plan, err) == 0) {
		opts.lock = lock;
		rc = apply_plan(plan, &opts, out, err);
	}
	lock_release(lock);
	return rc;
}

/* Load dir again and count what is left at warning level or above. */
static int
recheck(const char *dir, struct hc_error *err)
{
	struct checks_report report;
	struct tf_root *root;
	size_t errors, warnings;

	root = tf_root_load(dir, err);
	if (root == NULL || checks_run(root, &report, err) < 0) {
		tf_root_free(root);
		return -1;
	}
	errors = checks_report_count(&report, CHECKS_ERROR);
	warnings = checks_report_count(&report, CHECKS_WARNING) - errors;
	if (errors + warnings > 0)
		fprintf(stderr, "%zu error%s and %zu warning%s left that need "
		    "a change by hand: run hubcred doctor to see them\n",
		    errors, errors == 1 ? "" : "s", warnings,
		    warnings == 1 ? "" : "s");
	checks_report_done(&report);
	tf_root_free(root);
	return errors > 0;
}

static int
fix(const struct cli_options *options, const struct tf_root *root,
    const struct checks_report *report, struct hc_error *err)
{
	struct apply_result result;
	struct diff *d = NULL;
	char dir[PATH_MAX], *text = NULL;
	struct plan plan;
	size_t nfixed, i;
	int rc = -1;

	if (realpath(options->root, dir) == NULL) {
		hc_error_set(err, HC_ERR_IO, "cannot resolve %s", options->root);
		return -1;
	}
	if (plan_init(&plan, dir, err) < 0)
		return -1;
	if (checks_fix_plan(root, report, &plan, &nfixed, err) < 0)
		goto out;
	for (i = 0; i < plan.nnotes; i++)
		fprintf(stderr, "%s\n", plan.notes[i]);
	if (plan_is_empty(&plan)) {
		fprintf(stderr, "Nothing to fix automatically.\n");
		rc = checks_report_count(report, CHECKS_ERROR) > 0;
		goto out;
	}
	d = diff_new(&plan, err);
	if (d == NULL || (text = diff_render_string(d, NULL, err)) == NULL)
		goto out;
	fputs(text, stdout);
	fflush(stdout);
	if (options->dry_run) {
		fprintf(stderr, "--dry-run: %zu fix%s planned, nothing "
		    "written\n", nfixed, nfixed == 1 ? "" : "es");
		rc = 0;
		goto out;
	}
	if (confirm(options, err) < 0 || apply(&plan, dir, &result, err) < 0)
		goto out;
	fprintf(stderr, "Applied %zu fix%s to %zu file%s.\n", nfixed,
	    nfixed == 1 ? "" : "es", result.nwritten,
	    result.nwritten == 1 ? "" : "s");
	if (result.note[0] != '\0')
		fprintf(stderr, "%s\n", result.note);
	rc = recheck(options->root, err);
out:
	free(text);
	diff_free(d);
	plan_done(&plan);
	return rc;
}

/* --live: the same report, with what AWS has added to it. */
static int
run_live(const struct tf_root *root, struct checks_report *report,
    struct hc_error *err)
{
	const char *fallback = NULL;
	struct aws_config cfg;
	size_t i;
	int rc;

	/* The region of the root's provider "aws", as Terraform would. */
	for (i = 0; i < root->nmodules && fallback == NULL; i++) {
		if (!root->modules[i].called && root->modules[i].region[0])
			fallback = root->modules[i].region;
	}
	aws_config_init(&cfg);
	rc = aws_config_load(&cfg, fallback, err);
	if (rc == 0)
		rc = checks_run_live(root, &cfg, report, err);
	aws_config_done(&cfg);
	return rc;
}

/* Print the SARIF log of a run that stopped on a parse error. Its one
 * result, of rule "parse-error", shows code scanning the reason. */
static void
print_sarif_error(const struct hc_error *err, const char *root)
{
	json_t *doc, *result;

	result = json_pack("{s:s, s:s, s:{s:s}}", "ruleId", "parse-error",
	    "level", "error", "message", "text", err->message);
	if (result != NULL && err->file[0] != '\0') {
		json_object_set_new(result, "locations", json_pack(
		    "[{s:{s:o, s:{s:i, s:i}}}]", "physicalLocation",
		    "artifactLocation", sarif_location(root, err->file),
		    "region", "startLine", err->line > 0 ? err->line : 1,
		    "startColumn", err->column > 0 ? err->column : 1));
	}
	doc = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:[{s:s, s:{s:s}}]}}, "
	    "s:[o]}]}",
	    "$schema", SARIF_SCHEMA,
	    "version", "2.1.0",
	    "runs", "tool", "driver", "name", "hubcred",
	    "version", "0.1.0",
	    "rules", "id", "parse-error", "shortDescription", "text",
	    "The Terraform files could not be parsed",
	    "results", result);
	if (doc != NULL) {
		sarif_add_base(json_array_get(json_object_get(doc, "runs"), 0),
		    root);
		print_document(doc);
	}
}

/* Check that dir is a folder (root NULL, before the load) that contains
 * Terraform files (after it). Anything else is a usage error, as for scan. */
static int
check_root(const char *dir, const struct tf_root *root, struct hc_error *err)
{
	struct stat st;

	if (root == NULL) {
		if (stat(dir, &st) < 0 && errno == ENOENT) {
			hc_error_set_at(err, HC_ERR_USAGE, dir, 0, 0,
			    "no such folder");
			hc_error_hint(err, "give the Terraform root with -C "
			    "DIR");
			return -1;
		}
		if (stat(dir, &st) < 0) {
			hc_error_set_at(err, HC_ERR_USAGE, dir, 0, 0,
			    "cannot open the folder: %s", strerror(errno));
			hc_error_hint(err, "give the Terraform root with -C "
			    "DIR");
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			hc_error_set_at(err, HC_ERR_USAGE, dir, 0, 0,
			    "not a folder");
			hc_error_hint(err, "give the folder of the Terraform "
			    "files with -C DIR");
			return -1;
		}
		return 0;
	}
	if (root->nmodules == 0) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "no .tf or .tf.json file "
		    "below %s", dir);
		hc_error_hint(err, "run hubcred doctor in the folder of your "
		    "Terraform configuration, or give it with -C DIR");
		return -1;
	}
	return 0;
}

int
cli_doctor(const struct cli_options *options)
{
	struct checks_report report = {0};
	struct tf_root *root = NULL;
	struct hc_error err, live_err;
	int status, live_status = 0;

	hc_error_init(&err);
	hc_error_init(&live_err);
	if (options->json + options->sarif + options->fix > 1) {
		hc_error_set(&err, HC_ERR_USAGE, "doctor takes one of --json, "
		    "--sarif and --fix");
		return cli_report_error(&err);
	}
	if ((options->dry_run || options->yes) && !options->fix) {
		hc_error_set(&err, HC_ERR_USAGE, "doctor takes %s only with "
		    "--fix", options->dry_run ? "--dry-run" : "--yes");
		hc_error_hint(&err, "doctor without --fix writes nothing");
		return cli_report_error(&err);
	}
	if (check_root(options->root, NULL, &err) < 0) {
		status = cli_report_error(&err);
		goto out;
	}
	root = tf_root_load(options->root, &err);
	if (root == NULL || check_root(options->root, root, &err) < 0 ||
	    checks_run(root, &report, &err) < 0) {
		if (options->sarif && err.code == HC_ERR_PARSE)
			print_sarif_error(&err, options->root);
		status = cli_report_error(&err);
		goto out;
	}
	/* Without AWS the offline findings are still valid. Report them with
	 * the reason the live checks were skipped, and exit 3 unless an
	 * error finding makes it 1. */
	if (options->live && run_live(root, &report, &live_err) < 0) {
		live_status = hc_code_exit_status(live_err.code);
		if (live_err.code == HC_ERR_NOMEM ||
		    live_err.code == HC_ERR_INTERNAL) {
			status = cli_report_error(&live_err);
			goto out;
		}
		hc_error_prefix(&live_err, "live checks skipped");
		cli_report_error(&live_err);
	}
	if (options->fix) {
		status = fix(options, root, &report, &err);
		if (status < 0)
			status = cli_report_error(&err);
		goto out;
	}
	if (options->json)
		status = print_json(&report);
	else if (options->sarif)
		status = print_sarif(&report, options->root);
	else {
		print_human(&report);
		status = 0;
	}
	if (status == 0 && checks_report_count(&report, CHECKS_ERROR) > 0)
		status = 1;
	else if (status == 0 && live_status != 0)
		status = live_status;
out:
	checks_report_done(&report);
	tf_root_free(root);
	return status;
}
