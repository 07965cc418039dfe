/* hubcred scan: list the CodeBuild projects below a root. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/flow.h"

static int
print_json(const struct flow *flow)
{
	json_malloc_t json_malloc;
	json_free_t json_free;
	const struct flow_project *project;
	size_t modules, files, bytes;
	json_t *root;
	json_t *list;
	char *text;
	size_t i;

	flow_scan_totals(flow, &modules, &files, &bytes);
	root = json_object();
	list = json_array();
	json_object_set_new(root, "modules", json_integer((json_int_t)modules));
	json_object_set_new(root, "files", json_integer((json_int_t)files));
	json_object_set_new(root, "bytes", json_integer((json_int_t)bytes));
	for (i = 0; i < flow_project_count(flow); i++) {
		project = flow_project_at(flow, i);
		json_array_append_new(list, json_pack(
		    "{s:s, s:s, s:i, s:s, s:s, s:s}",
		    "address", project->address,
		    "file", project->file,
		    "line", project->line,
		    "image", project->image ? project->image : "",
		    "image_kind", project->image_kind,
		    "status", project->status));
	}
	json_object_set_new(root, "projects", list);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL)
		return 1;
	puts(text);
	json_get_alloc_funcs(&json_malloc, &json_free);
	json_free(text);
	return 0;
}

static void
print_table(const struct flow *flow)
{
	const struct flow_project *project;
	size_t modules, files, bytes;
	char where[512];
	size_t i;

	flow_scan_totals(flow, &modules, &files, &bytes);
	for (i = 0; i < flow_project_count(flow); i++) {
		project = flow_project_at(flow, i);
		snprintf(where, sizeof where, "%s:%d", project->file,
		    project->line);
		printf("%s\n    %-28s %-34s %s\n", project->address, where,
		    project->image ? project->image : "?", project->status);
	}
	fprintf(stderr, "%zu project%s in %zu file%s, %zu module%s\n",
	    flow_project_count(flow),
	    flow_project_count(flow) == 1 ? "" : "s", files,
	    files == 1 ? "" : "s", modules, modules == 1 ? "" : "s");
}

int
cli_scan(const struct cli_options *options)
{
	struct flow_options flow_options = {.root = options->root};
	struct hc_error err;
	struct flow *flow;
	int status = 0;

	hc_error_init(&err);
	flow = flow_new(&flow_options, &err);
	if (flow == NULL || flow_scan(flow, &err) < 0) {
		status = cli_report_error(&err);
		goto out;
	}
	if (options->json)
		status = print_json(flow);
	else
		print_table(flow);
out:
	flow_free(flow);
	return status;
}
