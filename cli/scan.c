/* hubcred scan: list the CodeBuild projects below a root. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/dockerhub/image.h"
#include "core/flow.h"
#include "core/log.h"
#include "core/tf/scan.h"

/* 1 when s is valid UTF-8 as jansson checks it: no overlong form, no
 * surrogate, nothing above U+10FFFF. */
static int
valid_utf8(const unsigned char *s)
{
	unsigned int c, n, i;

	for (; *s != '\0'; s += n) {
		if (*s < 0x80) {
			n = 1;
			continue;
		}
		if (*s < 0xc2 || *s > 0xf4)
			return 0;
		if (*s < 0xe0)
			n = 2;
		else if (*s < 0xf0)
			n = 3;
		else
			n = 4;
		c = *s & (0xff >> (n + 1));
		for (i = 1; i < n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (s[i] & 0x3f);
		}
		if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
	}
	return 1;
}

/* Write s as a JSON string the way json_dumps() writes it. */
static void
put_string(FILE *out, const char *s)
{
	const char *run = s;

	putc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), out);
		run = s + 1;
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			fprintf(out, "\\u%04X", c);
			break;
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
	putc('"', out);
}

/*
 * Print the listing as json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER)
 * would print it. Building a jansson tree of every project took about a
 * tenth of a large scan's CPU time, on one thread. As with json_pack(),
 * a project with a string that is not valid UTF-8 is left out.
 */
static int
print_json(const struct tf_scan *scan)
{
	const struct tf_scan_project *project;
	const char *kind;
	size_t i, listed = 0;

	printf("{\n  \"modules\": %zu,\n  \"files\": %zu,\n"
	    "  \"bytes\": %zu,\n  \"projects\": [", scan->nmodules,
	    scan->nfiles, scan->bytes);
	for (i = 0; i < scan->nprojects; i++) {
		project = &scan->projects[i];
		kind = dockerhub_image_kind_name(
		    dockerhub_image_classify(project->image));
		if (!valid_utf8((const unsigned char *)project->address) ||
		    !valid_utf8((const unsigned char *)project->file) ||
		    !valid_utf8((const unsigned char *)project->image))
			continue;
		fputs(listed++ > 0 ? ",\n    {\n      \"address\": " :
		    "\n    {\n      \"address\": ", stdout);
		put_string(stdout, project->address);
		fputs(",\n      \"file\": ", stdout);
		put_string(stdout, project->file);
		printf(",\n      \"line\": %d,\n      \"image\": ",
		    project->line);
		put_string(stdout, project->image);
		fputs(",\n      \"image_kind\": ", stdout);
		put_string(stdout, kind);
		fputs(",\n      \"status\": ", stdout);
		put_string(stdout, project->status);
		fputs("\n    }", stdout);
	}
	fputs(listed > 0 ? "\n  ]\n}\n" : "]\n}\n", stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
print_table(const struct tf_scan *scan)
{
	const struct tf_scan_project *project;
	char where[512];
	size_t i;

	for (i = 0; i < scan->nprojects; i++) {
		project = &scan->projects[i];
		snprintf(where, sizeof where, "%s:%d", project->file,
		    project->line);
		printf("%s\n    %-28s %-34s %s\n", project->address, where,
		    project->image, project->status);
	}
	fprintf(stderr, "%zu project%s in %zu file%s, %zu module%s\n",
	    scan->nprojects, scan->nprojects == 1 ? "" : "s", scan->nfiles,
	    scan->nfiles == 1 ? "" : "s", scan->nmodules,
	    scan->nmodules == 1 ? "" : "s");
}

/*
 * The scan keeps only summaries of the modules (core/tf/scan.h), so a
 * large tree lists in a fraction of the time and memory the wizard's
 * full load takes. flow_new() still checks the folder and resolves it,
 * so messages name the folder as the wizard does.
 */
int
cli_scan(const struct cli_options *options)
{
	struct flow_options flow_options = {.root = options->root};
	struct tf_scan *scan = NULL;
	struct hc_error err;
	struct flow *flow;
	int status = 0;

	hc_error_init(&err);
	flow = flow_new(&flow_options, &err);
	if (flow == NULL ||
	    (scan = tf_scan_run(flow_root(flow), 0, &err)) == NULL) {
		status = cli_report_error(&err);
		if (options->json)
			cli_print_json_error(&err, status);
		goto out;
	}
	hc_log(HC_LOG_INFO, "scan", "scanned %s: %zu files, %zu projects",
	    flow_root(flow), scan->nfiles, scan->nprojects);
	if (scan->nprojects == 0) {
		hc_error_set(&err, HC_ERR_NOT_FOUND, "no aws_codebuild_project "
		    "resource in any .tf or .tf.json file below %s", flow_root(flow));
		hc_error_hint(&err, "run hubcred in the folder of your "
		    "Terraform configuration, or give it with -C DIR");
		status = cli_report_error(&err);
		if (options->json)
			cli_print_json_error(&err, status);
		goto out;
	}
	if (options->json)
		status = print_json(scan);
	else
		print_table(scan);
out:
	tf_scan_free(scan);
	flow_free(flow);
	return status;
}
