/* hubcred scan: list the CodeBuild projects below a root. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/dockerhub/image.h"
#include "core/flow.h"
#include "core/log.h"
#include "core/tf/scan.h"

static int
print_json(const struct tf_scan *scan)
{
	json_malloc_t json_malloc;
	json_free_t json_free;
	const struct tf_scan_project *project;
	json_t *root;
	json_t *list;
	char *text;
	size_t i;

	root = json_object();
	list = json_array();
	json_object_set_new(root, "modules",
	    json_integer((json_int_t)scan->nmodules));
	json_object_set_new(root, "files",
	    json_integer((json_int_t)scan->nfiles));
	json_object_set_new(root, "bytes",
	    json_integer((json_int_t)scan->bytes));
	for (i = 0; i < scan->nprojects; i++) {
		project = &scan->projects[i];
		json_array_append_new(list, json_pack(
		    "{s:s, s:s, s:i, s:s, s:s, s:s}",
		    "address", project->address,
		    "file", project->file,
		    "line", project->line,
		    "image", project->image,
		    "image_kind", dockerhub_image_kind_name(
		    dockerhub_image_classify(project->image)),
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
		goto out;
	}
	hc_log(HC_LOG_INFO, "scan", "scanned %s: %zu files, %zu projects",
	    flow_root(flow), scan->nfiles, scan->nprojects);
	if (scan->nprojects == 0) {
		hc_error_set(&err, HC_ERR_NOT_FOUND, "no aws_codebuild_project "
		    "resource in any .tf file below %s", flow_root(flow));
		hc_error_hint(&err, "run hubcred in the folder of your "
		    "Terraform configuration, or give it with -C DIR");
		status = cli_report_error(&err);
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
