/*
 * The findings catalogue, the run over a root, and the plan of fixes.
 * The checks themselves are in core/checks/.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checks.h"
#include "core/net.h"
#include "core/checks/checks-private.h"
#include "core/hcl/edit.h"
#include "core/hcl/query.h"
#include "core/tf/project.h"

static const struct checks_rule rules[CHECKS_NRULES] = {
#define CHECKS_RULE_ENTRY(id, name, sev, title, text)                     \
	{ #id, name, CHECKS_##sev, title, text },
	CHECKS_RULES(CHECKS_RULE_ENTRY)
#undef CHECKS_RULE_ENTRY
};

const char *
checks_severity_name(enum checks_severity severity)
{
	switch (severity) {
	case CHECKS_ERROR:
		return "error";
	case CHECKS_WARNING:
		return "warning";
	default:
		return "info";
	}
}

const struct checks_rule *
checks_rule(enum checks_rule_id id)
{
	return &rules[id];
}

const struct checks_rule *
checks_rules(size_t *n)
{
	*n = CHECKS_NRULES;
	return rules;
}

int
checks_line(const struct hcl_file *file, uint32_t tok)
{
	if (tok >= file->ntokens)
		return 1;
	return (int)file->tokens[tok].line;
}

void
checks_token_copy(const struct hcl_file *file, uint32_t tok, char *buf,
    size_t size)
{
	const char *text;
	size_t len;

	text = hcl_token_text(file, tok, &len);
	if (len >= size)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
}

/* a lower-cased without '_' and '-', into buf. */
static size_t
fold_name(const char *a, char *buf, size_t size)
{
	size_t n = 0;

	for (; *a != '\0' && n + 1 < size; a++) {
		if (*a == '_' || *a == '-')
			continue;
		buf[n++] = (char)(*a >= 'A' && *a <= 'Z' ? *a + 32 : *a);
	}
	buf[n] = '\0';
	return n;
}

size_t
checks_name_distance(const char *a, const char *b)
{
	char fa[64], fb[64];
	size_t row[64], la, lb, i, j, diag, up;

	la = fold_name(a, fa, sizeof fa);
	lb = fold_name(b, fb, sizeof fb);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (fa[i - 1] != fb[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

static struct checks_finding *
add_va(struct checks_ctx *ctx, enum checks_rule_id rule, const char *project,
    const char *path, int line, const char *error, const char *fmt,
    va_list ap)
{
	struct checks_report *r = ctx->report;
	struct checks_finding *f;

	if (ctx->failed)
		return NULL;
	if (r->n == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 16;

		f = realloc(r->findings, cap * sizeof *f);
		if (f == NULL) {
			ctx->failed = 1;
			return NULL;
		}
		r->findings = f;
		ctx->cap = cap;
	}
	f = &r->findings[r->n++];
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = rules[rule].severity;
	snprintf(f->project, sizeof f->project, "%s", project);
	f->root_module = ctx->project_root;
	if (ctx->project_root >= 0)
		snprintf(f->root, sizeof f->root, "%s",
		    ctx->root->modules[ctx->project_root].dir);
	snprintf(f->file, sizeof f->file, "%s", path);
	f->line = line;
	snprintf(f->error, sizeof f->error, "%s", error ? error : "");
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	return f;
}

struct checks_finding *
checks_add_at(struct checks_ctx *ctx, enum checks_rule_id rule,
    const char *project, const char *path, int line, const char *error,
    const char *fmt, ...)
{
	struct checks_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add_va(ctx, rule, project, path, line, error, fmt, ap);
	va_end(ap);
	return f;
}

struct checks_finding *
checks_add(struct checks_ctx *ctx, enum checks_rule_id rule,
    const char *project, size_t file, uint32_t tok, const char *error,
    const char *fmt, ...)
{
	const struct tf_file *tf = &ctx->root->files[file];
	struct checks_finding *f;
	va_list ap;

	va_start(ap, fmt);
	f = add_va(ctx, rule, project, tf->path, checks_line(tf->hcl, tok),
	    error, fmt, ap);
	va_end(ap);
	if (f != NULL)
		f->fix.file = file;
	return f;
}

int
checks_report_address_shared(const struct checks_report *report,
    const struct checks_finding *f)
{
	size_t i;

	for (i = 0; i < report->n; i++) {
		const struct checks_finding *g = &report->findings[i];

		if (strcmp(g->project, f->project) == 0 &&
		    strcmp(g->root, f->root) != 0)
			return 1;
	}
	return 0;
}

/* Findings in file order, then by line, rule and root folder. */
static int
compare_findings(const void *a, const void *b)
{
	const struct checks_finding *x = a, *y = b;
	int c;

	c = strcmp(x->file, y->file);
	if (c != 0)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->rule != y->rule)
		return (int)x->rule - (int)y->rule;
	return strcmp(x->root, y->root);
}

/* A fix in a file that a symbolic link leads out of the root would be
 * written outside it, which hubcred never does: such a finding is left
 * to be fixed by hand, and its message tells the user. */
static void
keep_fixes_inside(const struct tf_root *root, struct checks_report *report)
{
	size_t i, n;

	for (i = 0; i < report->n; i++) {
		struct checks_finding *f = &report->findings[i];

		if (!f->fixable || f->fix.file >= root->nfiles ||
		    root->files[f->fix.file].link == NULL)
			continue;
		f->fixable = 0;
		n = strlen(f->message);
		snprintf(f->message + n, sizeof f->message - n, " The file "
		    "is a link to %s, outside the root, so fix it there by "
		    "hand.", root->files[f->fix.file].link);
	}
}

int
checks_run(const struct tf_root *root, struct checks_report *out,
    struct hc_error *err)
{
	struct checks_ctx ctx = { root, out, 0, 0, -1 };
	const struct tf_project *projects;
	size_t n, i;

	memset(out, 0, sizeof *out);
	projects = tf_root_projects(root, &n);
	for (i = 0; i < n; i++) {
		if (net_progress("projects checked", i, n, err) < 0) {
			checks_report_done(out);
			return -1;
		}
		ctx.project_root = projects[i].root_module;
		checks_environment_project(&ctx, &projects[i]);
		checks_secret_permissions(&ctx, &projects[i]);
		checks_buildspec_project(&ctx, &projects[i]);
	}
	ctx.project_root = -1;
	checks_secret_policies(&ctx);
	checks_secret_versions(&ctx);
	checks_style_run(&ctx);
	if (ctx.failed) {
		checks_report_done(out);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	keep_fixes_inside(root, out);
	checks_sort(out);
	return 0;
}

void
checks_sort(struct checks_report *report)
{
	if (report->n > 1)
		qsort(report->findings, report->n, sizeof *report->findings,
		    compare_findings);
}

void
checks_report_done(struct checks_report *report)
{
	free(report->findings);
	report->findings = NULL;
	report->n = 0;
}

size_t
checks_report_count(const struct checks_report *report,
    enum checks_severity at_least)
{
	size_t i, n = 0;

	for (i = 0; i < report->n; i++)
		n += report->findings[i].severity >= at_least;
	return n;
}

/* Add one fix to the edits of its file. */
static int
add_fix(struct hcl_edits *edits, const struct checks_fix *fix,
    struct hc_error *err)
{
	switch (fix->kind) {
	case CHECKS_FIX_SET_ATTRIBUTE:
		return hcl_edit_set_attribute(edits, fix->item, fix->name,
		    fix->text, HCL_EDIT_FIRST_RUN, err);
	case CHECKS_FIX_REPLACE_EXPR:
		return hcl_edit_replace_expr(edits, fix->expr, fix->text, err);
	case CHECKS_FIX_RENAME_BLOCK:
		return hcl_edit_rename_block(edits, fix->item, fix->text, err);
	case CHECKS_FIX_SPLICE:
		return hcl_edits_splice(edits, fix->offset, fix->length,
		    fix->text, strlen(fix->text), 1, err);
	default:
		return 0;
	}
}

/* The edits of every fix in file, as one new text in plan. */
static int
plan_file(const struct tf_root *root, const struct checks_report *report,
    size_t file, struct plan *plan, size_t *nfixed, struct hc_error *err)
{
	const struct hcl_file *hcl = root->files[file].hcl;
	const struct checks_finding *f;
	struct hcl_edits edits;
	struct hc_error fix_err;
	char *text = NULL;
	size_t len, i;
	int rc = -1;

	hcl_edits_init(&edits, hcl);
	for (i = 0; i < report->n; i++) {
		f = &report->findings[i];
		if (!f->fixable || f->fix.file != file)
			continue;
		hc_error_init(&fix_err);
		if (add_fix(&edits, &f->fix, &fix_err) < 0) {
			if (fix_err.code == HC_ERR_NOMEM) {
				*err = fix_err;
				goto out;
			}
			if (plan_add_note(plan, err, "%s:%d: %s not fixed: %s",
			    f->file, f->line, checks_rule(f->rule)->id,
			    fix_err.message) < 0)
				goto out;
			continue;
		}
		(*nfixed)++;
	}
	if (hcl_edits_apply(&edits, &text, &len, err) < 0) {
		hc_error_prefix(err, "fixing %s", root->files[file].path);
		goto out;
	}
	rc = plan_set_file(plan, root->files[file].path, hcl->src, hcl->len,
	    text, len, err);
out:
	free(text);
	hcl_edits_done(&edits);
	return rc;
}

int
checks_fix_plan(const struct tf_root *root,
    const struct checks_report *report, struct plan *plan, size_t *nfixed,
    struct hc_error *err)
{
	size_t file, i;
	int any;

	*nfixed = 0;
	for (file = 0; file < root->nfiles; file++) {
		if (root->files[file].hcl == NULL)
			continue;
		any = 0;
		for (i = 0; i < report->n && !any; i++)
			any = report->findings[i].fixable &&
			    report->findings[i].fix.file == file;
		if (any && plan_file(root, report, file, plan, nfixed,
		    err) < 0)
			return -1;
	}
	return 0;
}
