/*
 * Repair step: doctor's findings, grouped by project, as fixes to pick.
 * Every automatic fix starts chosen, and space toggles the one under the
 * cursor. Findings without a fix are listed dim, with what to do by hand.
 * The lower part shows the selected finding in full: where, what
 * Terraform or CodeBuild reports, and the fix. Enter hands the chosen
 * fixes to the flow, and the review shows their diff before anything is
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/wizard.h"

enum { REPAIR_TAG_STAY = 1 };

/* Minimum rows of the details under the list, the dividing row
 * included. The details also get the rows the list does not need. */
#define REPAIR_DETAIL_ROWS 7

struct repair_row {
	long finding;		/* index of the finding; -1 for a project */
	const char *project;	/* the project a heading names */
	const char *root;	/* its root's folder, when the heading must
				   name it */
};

struct repair_state {
	struct repair_row *rows;
	size_t nrows;
	unsigned char *chosen;	/* per finding: the fix is chosen */
	size_t nfindings;
	size_t cursor;		/* a row with a finding, when there is one */
	size_t top;		/* first row on screen */
};

static const struct tui_hint repair_hints[] = {
	{.arrows = 1, .label = "move", .help = "move between findings "
	    "(also j and k; PgUp, PgDn, g and G jump)"},
	{.key = "space", .label = "fix/skip",
	    .help = "choose the fix under the cursor, or leave it out"},
	{.key = "a", .label = "all/none",
	    .help = "choose every automatic fix, or none when all are"},
	{.key = "enter", .label = "review",
	    .help = "review the diff of the chosen fixes; nothing is "
	    "written before the review"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static void
add_row(struct repair_state *state, long finding, const char *project,
    const char *root)
{
	state->rows[state->nrows].finding = finding;
	state->rows[state->nrows].project = project;
	state->rows[state->nrows].root = root;
	state->nrows++;
}

/* Whether a and b are about the same project of the same root. */
static int
same_group(const struct flow_finding *a, const struct flow_finding *b)
{
	if (strcmp(a->project, b->project) != 0)
		return 0;
	if (a->root == NULL || b->root == NULL)
		return a->root == b->root;
	return strcmp(a->root, b->root) == 0;
}

/* One heading per project, in the order of its first finding, then its
 * findings: the grouping of doctor's own report. */
static void
build_rows(struct screen *screen, struct repair_state *state)
{
	const struct flow_finding *f, *g;
	size_t i, j, k;
	int seen;

	for (i = 0; i < state->nfindings; i++) {
		f = flow_repair_finding(screen->flow, i);
		seen = 0;
		for (j = 0; j < i && !seen; j++)
			seen = same_group(flow_repair_finding(screen->flow, j),
			    f);
		if (seen)
			continue;
		add_row(state, -1, f->project, f->root);
		for (k = i; k < state->nfindings; k++) {
			g = flow_repair_finding(screen->flow, k);
			if (same_group(g, f))
				add_row(state, (long)k, NULL, NULL);
		}
	}
}

static size_t
chosen_count(const struct repair_state *state, size_t *fixable,
    const struct flow *flow)
{
	size_t i, n = 0;

	*fixable = 0;
	for (i = 0; i < state->nfindings; i++) {
		*fixable += flow_repair_finding(flow, i)->fixable;
		n += state->chosen[i];
	}
	return n;
}

/* Return the next row with a finding after row in direction step, or
 * row itself when there is none. */
static size_t
finding_row(const struct repair_state *state, size_t row, int step)
{
	size_t r = row;

	while ((step > 0 && r + 1 < state->nrows) || (step < 0 && r > 0)) {
		r = step > 0 ? r + 1 : r - 1;
		if (state->rows[r].finding >= 0)
			return r;
	}
	return row;
}

static int
state_new(struct screen *screen, struct hc_error *err)
{
	struct repair_state *state;
	size_t n, i;

	n = flow_repair_count(screen->flow);
	state = calloc(1, sizeof *state);
	if (state != NULL) {
		state->rows = calloc(2 * n + 1, sizeof *state->rows);
		state->chosen = calloc(n + 1, 1);
	}
	if (state == NULL || state->rows == NULL || state->chosen == NULL) {
		if (state != NULL) {
			free(state->rows);
			free(state->chosen);
		}
		free(state);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	state->nfindings = n;
	for (i = 0; i < n; i++)
		state->chosen[i] = flow_repair_finding(screen->flow,
		    i)->fixable != 0;
	build_rows(screen, state);
	state->cursor = finding_row(state, 0, 1);
	screen->data = state;
	return 0;
}

static enum screen_action
repair_enter(struct screen *screen, struct hc_error *err)
{
	/* The findings are those of the one scan, so the choices made
	 * before going back stay valid. */
	if (screen->data == NULL && state_new(screen, err) < 0)
		return SCREEN_FAIL;
	snprintf(screen->title, sizeof screen->title,
	    "Choose the fixes to make");
	screen->hints = repair_hints;
	return SCREEN_STAY;
}

static void
draw_summary(struct screen *screen, struct repair_state *state,
    const struct tui_rect *rect)
{
	size_t fixable, chosen;
	char line[160];

	chosen = chosen_count(state, &fixable, screen->flow);
	snprintf(line, sizeof line, "%zu finding%s, %zu with a fix: %zu of "
	    "%zu fixes chosen", state->nfindings, state->nfindings == 1 ? "" :
	    "s", fixable, chosen, fixable);
	tui_draw_line(rect->y, rect->x + 1, rect->w - 2, line, A_BOLD);
}

static void
draw_row(struct screen *screen, struct repair_state *state, size_t r, int y,
    const struct tui_rect *rect)
{
	const struct repair_row *row = &state->rows[r];
	const struct flow_finding *f;
	const char *mark;
	char line[512];
	int attr = A_NORMAL;

	if (row->finding < 0) {
		if (row->root != NULL)
			snprintf(line, sizeof line, "%s (root %s)",
			    row->project, row->root);
		else
			snprintf(line, sizeof line, "%s", row->project);
		tui_draw_line(y, rect->x, rect->w, "", A_NORMAL);
		tui_draw_fit(y, rect->x + 1, rect->w - 2, line, A_BOLD);
		return;
	}
	f = flow_repair_finding(screen->flow, (size_t)row->finding);
	mark = "   ";
	if (f->fixable)
		mark = state->chosen[row->finding] ? "[x]" : "[ ]";
	snprintf(line, sizeof line, "%s %s %-7s %s:%d  %s", mark, f->id,
	    f->severity, f->file, f->line, f->title);
	if (!f->fixable)
		attr = tui_draw_attr(TUI_COLOUR_DIM);
	if (r == state->cursor)
		attr = tui_draw_attr(TUI_COLOUR_SELECT);
	tui_draw_line(y, rect->x, rect->w, "", attr);
	tui_draw_fit(y, rect->x + 3, rect->w - 4, line, attr);
	if (r == state->cursor)
		tui_draw_text(y, rect->x + 1, 1,
		    tui_draw_glyph(TUI_GLYPH_CURRENT), attr | A_BOLD);
}

/* The finding under the cursor in full, below the list: what to do
 * first, then what Terraform or CodeBuild reports. */
static void
draw_details(const struct flow_finding *f, int chosen,
    const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, rect->h - 1,
	    rect->w - 2};
	char line[1400];
	int used;

	snprintf(line, sizeof line, "%s %s, %s:%d: %s", f->id, f->severity,
	    f->file, f->line, !f->fixable ? "fix by hand" :
	    chosen ? "fix chosen" : "fix left out");
	tui_draw_fit(rect->y, rect->x + 1, rect->w - 2, line, A_BOLD);
	used = tui_draw_wrap(&text, 0, f->message, A_NORMAL);
	if (f->error[0] != '\0') {
		snprintf(line, sizeof line, "Reported as: %s", f->error);
		tui_draw_wrap(&text, used, line,
		    tui_draw_attr(TUI_COLOUR_DIM));
	}
}

static void
repair_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct repair_state *state = screen->data;
	struct tui_rect list = *rect, details;
	long finding;
	size_t r;
	int y;

	if (state->nfindings == 0) {
		tui_draw_text(rect->y + 1, rect->x + 1, rect->w - 2,
		    "Doctor has no findings here: nothing to repair.", A_BOLD);
		return;
	}
	draw_summary(screen, state, rect);
	list.y += 2;
	list.h -= 2 + REPAIR_DETAIL_ROWS;
	if (list.h < 1)
		list.h = 1;
	if ((size_t)list.h > state->nrows)
		list.h = (int)state->nrows;
	if (state->cursor < state->top + 1 && state->cursor > 0)
		state->top = state->cursor - 1;	/* keep the heading */
	if (state->cursor < state->top)
		state->top = state->cursor;
	if (state->cursor >= state->top + (size_t)list.h)
		state->top = state->cursor - (size_t)list.h + 1;
	for (r = state->top, y = list.y; r < state->nrows &&
	    y < list.y + list.h; r++, y++)
		draw_row(screen, state, r, y, rect);

	details = *rect;
	details.y = list.y + list.h + 1;
	details.h = rect->y + rect->h - details.y;
	finding = state->rows[state->cursor].finding;
	if (details.h > 0 && finding >= 0)
		draw_details(flow_repair_finding(screen->flow,
		    (size_t)finding), state->chosen[finding], &details);
}

/* a: choose every fix, or none when every one is chosen already. */
static void
choose_all(struct screen *screen, struct repair_state *state)
{
	size_t fixable, i;
	int all;

	all = chosen_count(state, &fixable, screen->flow) == fixable;
	for (i = 0; i < state->nfindings; i++)
		state->chosen[i] = !all &&
		    flow_repair_finding(screen->flow, i)->fixable;
}

/* Enter: hand the chosen fixes to the flow and go on to the review. */
static enum screen_action
repair_go(struct screen *screen, struct repair_state *state)
{
	size_t *indexes, n = 0, i;
	struct hc_error e;
	int rc;

	indexes = calloc(state->nfindings + 1, sizeof *indexes);
	if (indexes == NULL) {
		screen_wizard_dialog(screen, TUI_DIALOG_ERROR, REPAIR_TAG_STAY,
		    "The fixes cannot be chosen", "out of memory");
		return SCREEN_STAY;
	}
	for (i = 0; i < state->nfindings; i++) {
		if (state->chosen[i])
			indexes[n++] = i;
	}
	if (n == 0) {
		free(indexes);
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    REPAIR_TAG_STAY, "No fix is chosen", "Choose fixes with "
		    "space (a chooses all), or press esc to go back to the "
		    "projects.");
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	rc = flow_repair_choose(screen->flow, indexes, n, &e);
	free(indexes);
	if (rc < 0) {
		screen_wizard_error(screen, REPAIR_TAG_STAY,
		    "The fixes cannot be chosen", &e);
		return SCREEN_STAY;
	}
	return SCREEN_NEXT;
}

static enum screen_action
repair_move(struct repair_state *state, int key)
{
	size_t i;

	switch (key) {
	case KEY_DOWN:
	case 'j':
		state->cursor = finding_row(state, state->cursor, 1);
		break;
	case KEY_UP:
	case 'k':
		state->cursor = finding_row(state, state->cursor, -1);
		break;
	case KEY_NPAGE:
	case KEY_PPAGE:
		for (i = 0; i < 8; i++)
			state->cursor = finding_row(state, state->cursor,
			    key == KEY_NPAGE ? 1 : -1);
		break;
	case KEY_HOME:
	case 'g':
		state->cursor = finding_row(state, 0, 1);
		break;
	case KEY_END:
	case 'G':
		state->cursor = finding_row(state, state->nrows - 1, -1);
		if (state->rows[state->nrows - 1].finding >= 0)
			state->cursor = state->nrows - 1;
		break;
	default:
		return SCREEN_UNHANDLED;
	}
	return SCREEN_STAY;
}

static enum screen_action
repair_key(struct screen *screen, int key, struct hc_error *err)
{
	struct repair_state *state = screen->data;
	long finding;

	(void)err;
	if (key == SCREEN_KEY_DIALOG)
		return SCREEN_STAY;
	if (state->nfindings == 0)
		return SCREEN_UNHANDLED;
	finding = state->rows[state->cursor].finding;
	switch (key) {
	case ' ':
		if (finding >= 0 && flow_repair_finding(screen->flow,
		    (size_t)finding)->fixable)
			state->chosen[finding] = !state->chosen[finding];
		return SCREEN_STAY;
	case 'a':
		choose_all(screen, state);
		return SCREEN_STAY;
	case '\r':
	case '\n':
	case KEY_ENTER:
		return repair_go(screen, state);
	}
	return repair_move(state, key);
}

static void
repair_destroy(struct screen *screen)
{
	struct repair_state *state = screen->data;

	if (state != NULL) {
		free(state->rows);
		free(state->chosen);
	}
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_repair_ops = {
	.step = FLOW_STEP_REPAIR,
	.enter = repair_enter,
	.draw = repair_draw,
	.key = repair_key,
	.destroy = repair_destroy,
};
