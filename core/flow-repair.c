/*
 * Repair: doctor's findings on the scanned root as fixes to choose. The
 * chosen fixes are planned by checks_fix_plan(), the code doctor --fix
 * runs, and go through the flow's review and apply like a setup.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/flow-private.h"
#include "core/log.h"

void
flow_repair_drop(struct flow *flow)
{
	checks_report_done(&flow->report);
	free(flow->findings);
	free(flow->fix_chosen);
	flow->findings = NULL;
	flow->fix_chosen = NULL;
	flow->repair = 0;
	flow->nfixes = 0;
}

/* Whether path (relative to the root) is in folder dir ("." is all). */
static int
in_folder(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strcmp(dir, ".") == 0 ||
	    (strncmp(path, dir, n) == 0 && path[n] == '/');
}

/*
 * Fill the screens' view of each finding, which points into the report,
 * and count the findings of each project. A finding of a project's
 * checks counts for that project only. When roots below the folder have
 * projects at the same address, any other finding in one root's files
 * counts for that root's project only.
 */
static void
fill_findings(struct flow *flow)
{
	const struct checks_finding *f;
	const struct tf_project *projects;
	struct flow_finding *out;
	size_t i, j, n = 0;
	int owned;

	projects = tf_root_projects(flow->tf, &n);

	for (i = 0; i < flow->report.n; i++) {
		f = &flow->report.findings[i];
		out = &flow->findings[i];
		out->id = checks_rule(f->rule)->id;
		out->severity = checks_severity_name(f->severity);
		out->is_error = f->severity == CHECKS_ERROR;
		out->title = checks_rule(f->rule)->title;
		out->project = f->project;
		out->root = f->root[0] != '\0' &&
		    checks_report_address_shared(&flow->report, f) ? f->root : NULL;
		out->file = f->file;
		out->line = f->line;
		out->error = f->error;
		out->message = f->message;
		out->fixable = f->fixable;
		if (f->root_module >= 0) {
			for (j = 0; j < flow->nprojects && j < n; j++) {
				if (strcmp(flow->projects[j].address,
				    f->project) == 0 &&
				    projects[j].root_module == f->root_module)
					flow->projects[j].findings++;
			}
			continue;
		}
		/* Does one of the same-address projects own the file? */
		owned = 0;
		for (j = 0; j < flow->nprojects && j < n; j++) {
			if (strcmp(flow->projects[j].address, f->project) == 0 &&
			    strcmp(flow->tf->modules[projects[j].root_module].dir,
			    ".") != 0 && in_folder(f->file,
			    flow->tf->modules[projects[j].root_module].dir))
				owned = 1;
		}
		for (j = 0; j < flow->nprojects && j < n; j++) {
			if (strcmp(flow->projects[j].address, f->project) != 0)
				continue;
			if (owned && !in_folder(f->file,
			    flow->tf->modules[projects[j].root_module].dir))
				continue;
			flow->projects[j].findings++;
		}
	}
}

int
flow_repair_check(struct flow *flow, struct hc_error *err)
{
	size_t i;

	flow_repair_drop(flow);
	for (i = 0; i < flow->nprojects; i++)
		flow->projects[i].findings = 0;
	if (flow->tf == NULL) {
		hc_error_set(err, HC_ERR_INTERNAL, "nothing scanned to check");
		return -1;
	}
	if (checks_run(flow->tf, &flow->report, err) < 0)
		return -1;
	flow->findings = calloc(flow->report.n + 1, sizeof *flow->findings);
	flow->fix_chosen = calloc(flow->report.n + 1,
	    sizeof *flow->fix_chosen);
	if (flow->findings == NULL || flow->fix_chosen == NULL) {
		flow_repair_drop(flow);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	fill_findings(flow);
	hc_log(HC_LOG_INFO, "flow", "doctor: %zu findings, %zu errors",
	    flow->report.n, checks_report_count(&flow->report, CHECKS_ERROR));
	return 0;
}

size_t
flow_repair_count(const struct flow *flow)
{
	return flow->findings != NULL ? flow->report.n : 0;
}

const struct flow_finding *
flow_repair_finding(const struct flow *flow, size_t index)
{
	return index < flow_repair_count(flow) ? &flow->findings[index] : NULL;
}

int
flow_repair_choose(struct flow *flow, const size_t *indexes, size_t n,
    struct hc_error *err)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (indexes[i] >= flow_repair_count(flow)) {
			hc_error_set(err, HC_ERR_INTERNAL, "no finding %zu to "
			    "fix", indexes[i]);
			return -1;
		}
		if (!flow->findings[indexes[i]].fixable) {
			hc_error_set(err, HC_ERR_UNSUPPORTED, "%s at %s:%d "
			    "has no automatic fix",
			    flow->findings[indexes[i]].id,
			    flow->findings[indexes[i]].file,
			    flow->findings[indexes[i]].line);
			return -1;
		}
	}
	memset(flow->fix_chosen, 0, flow->report.n);
	for (i = 0; i < n; i++)
		flow->fix_chosen[indexes[i]] = 1;
	flow->repair = 1;
	hc_log(HC_LOG_INFO, "flow", "repair: %zu fixes chosen", n);
	return 0;
}

int
flow_repair_active(const struct flow *flow)
{
	return flow->repair;
}

int
flow_repair_plan(struct flow *flow, struct plan *plan, struct hc_error *err)
{
	struct checks_report chosen = {0};
	size_t i;
	int rc;

	/* A report of copies of the chosen findings. Their fixes still point
	 * into flow->tf, which outlives the plan's construction. */
	chosen.findings = calloc(flow->report.n + 1, sizeof *chosen.findings);
	if (chosen.findings == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < flow->report.n; i++) {
		if (flow->fix_chosen[i])
			chosen.findings[chosen.n++] = flow->report.findings[i];
	}
	rc = checks_fix_plan(flow->tf, &chosen, plan, &flow->nfixes, err);
	free(chosen.findings);
	return rc;
}

void
flow_repair_next_step(struct flow *flow, char *buf, size_t size)
{
	struct checks_report report = {0};
	struct tf_root *root;
	struct hc_error err;
	size_t errors, warnings;

	hc_error_init(&err);
	root = tf_root_load(flow->root, &err);
	if (root == NULL || checks_run(root, &report, &err) < 0) {
		snprintf(buf, size, "run hubcred doctor -C %s to check the "
		    "result", flow->root);
		tf_root_free(root);
		return;
	}
	errors = checks_report_count(&report, CHECKS_ERROR);
	warnings = checks_report_count(&report, CHECKS_WARNING) - errors;
	if (errors + warnings > 0)
		snprintf(buf, size, "%zu error%s and %zu warning%s left: run "
		    "hubcred doctor -C %s to see them, then terraform plan",
		    errors, errors == 1 ? "" : "s", warnings,
		    warnings == 1 ? "" : "s", flow->root);
	else
		snprintf(buf, size, "no errors or warnings left; run "
		    "terraform plan in %s to see the change", flow->root);
	checks_report_done(&report);
	tf_root_free(root);
}
