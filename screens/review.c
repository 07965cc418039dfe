/*
 * Review step: build the plan from the answers and show all of it, the
 * secret write and every file diff, before anything is written. Space
 * rejects or accepts the hunk under the cursor. Enter goes on with the
 * accepted hunks: with all of them the plan stays as built, otherwise the
 * flow rebuilds it from the chosen hunk ids and its notes are shown
 * before apply.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diff.h"
#include "core/plan.h"
#include "screens/wizard.h"
#include "tui/diffview.h"

enum {
	REVIEW_TAG_FAILED = 1,	/* the plan failed: back to the answers */
	REVIEW_TAG_NOTES,	/* apply the chosen hunks despite the notes? */
	REVIEW_TAG_STAY,	/* a message; the review stays */
};

/* Rows above the diff for the secret line and the plan's notes, at most. */
#define REVIEW_NOTE_ROWS 5

struct review_state {
	struct tui_diffview view;
	int have_view;
	int empty;		/* the plan changes nothing */
	int chose_hunks;	/* the flow holds a selection of hunks */
};

/* The help lines both tables share, after their first entries. */
#define REVIEW_HINTS_COMMON \
	{.key = "]/[", .label = "file", .help = "next or previous file"}, \
	{.key = "/", .label = "search", .help = "search the diff (case "  \
	    "is ignored unless the text has a capital); enter on an "   \
	    "empty search clears it"},                                 \
	{.key = "space", .label = "accept/reject",                     \
	    .help = "reject the hunk under the cursor, or accept it "  \
	    "again"},                                                  \
	{.key = "j/k", .help = "scroll a line (also the arrows; PgDn " \
	    "and b scroll a page)"},                                   \
	{.key = "> <", .help = "scroll long lines sideways (also the " \
	    "right and left arrows)"},                                 \
	{.key = "enter", .label = "apply",                             \
	    .help = "go on to apply with the accepted hunks"},         \
	{.key = "?", .label = "help"}

static const struct tui_hint review_hints[] = {
	{.key = "n/p", .label = "hunk", .help = "next or previous hunk "
	    "(also tab and shift-tab)"},
	REVIEW_HINTS_COMMON,
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

/* While a search is set, n and N move between its matches. */
static const struct tui_hint review_search_hints[] = {
	{.key = "n/N", .label = "match", .help = "next or previous line "
	    "that matches the search"},
	{.key = "tab", .help = "next hunk (shift-tab and p: previous)"},
	REVIEW_HINTS_COMMON,
	{.key = "esc", .label = "clear", .help = "drop the search; esc "
	    "again goes back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static const struct tui_hint review_prompt_hints[] = {
	{.key = "enter", .label = "search", .help = "search from the top "
	    "line down; an empty search clears the last one"},
	{.key = "esc", .label = "cancel", .help = "close the prompt and "
	    "keep the last search"},
	TUI_HINT_END,
};

static void
drop_view(struct review_state *state)
{
	if (state->have_view)
		tui_diffview_done(&state->view);
	state->have_view = 0;
}

static enum screen_action
review_enter(struct screen *screen, struct hc_error *err)
{
	struct review_state *state = screen->data;
	const char *diff;
	struct hc_error e;

	if (state == NULL) {
		state = calloc(1, sizeof *state);
		if (state == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return SCREEN_FAIL;
		}
		screen->data = state;
	}
	snprintf(screen->title, sizeof screen->title,
	    "Review the changes before anything is written");
	screen->hints = review_hints;
	drop_view(state);

	/* The view starts with every hunk accepted, and so does the flow. */
	hc_error_init(&e);
	if (state->chose_hunks) {
		if (flow_choose_hunks(screen->flow, NULL, 0, &e) != 0) {
			screen_wizard_error(screen, REVIEW_TAG_FAILED,
			    "The changes cannot be planned", &e);
			return SCREEN_STAY;
		}
		state->chose_hunks = 0;
	}
	if (flow_build_plan(screen->flow, &e) != 0) {
		screen_wizard_error(screen, REVIEW_TAG_FAILED,
		    "The changes cannot be planned", &e);
		return SCREEN_STAY;
	}
	state->empty = plan_is_empty(flow_plan(screen->flow));
	diff = flow_plan_diff(screen->flow);
	tui_diffview_init(&state->view, diff ? diff : "");
	state->have_view = 1;
	return SCREEN_STAY;
}

static const char *
secret_line(const struct flow *flow, const struct plan_secret *secret,
    char *buf, size_t size)
{
	switch (secret->action) {
	case PLAN_SECRET_CREATE:
		if (flow_secret_exists(flow))
			snprintf(buf, size, "Secrets Manager: put a new value "
			    "into the existing secret %s in %s", secret->name,
			    secret->region);
		else
			snprintf(buf, size, "Secrets Manager: create %s in %s, "
			    "or put a new value if it exists", secret->name,
			    secret->region);
		break;
	case PLAN_SECRET_UPDATE:
		snprintf(buf, size, "Secrets Manager: put a new value into %s",
		    secret->arn);
		break;
	case PLAN_SECRET_NONE:
		snprintf(buf, size, "Secrets Manager: nothing is written");
		break;
	}
	return buf;
}

/* The secret line and the notes; returns the rows used. */
static int
draw_notes(const struct flow *flow, const struct plan *plan,
    const struct tui_rect *rect)
{
	char line[4096];
	char *rest;
	int row = 0;
	size_t i;


	secret_line(flow, &plan->secret, line, sizeof line);
	/* A line too wide for the box goes on over a second row at its
	 * ", or", rather than losing its end. */
	rest = strstr(line, ", or ");
	if (rest != NULL && tui_draw_width(line) > rect->w - 2) {
		rest[1] = '\0';
		tui_draw_text(rect->y + row++, rect->x + 1, rect->w - 2, line,
		    A_BOLD);
		tui_draw_text(rect->y + row++, rect->x + 3, rect->w - 4,
		    rest + 2, A_BOLD);
	} else {
		tui_draw_text(rect->y + row++, rect->x + 1, rect->w - 2, line,
		    A_BOLD);
	}
	for (i = 0; i < plan->nnotes && row < REVIEW_NOTE_ROWS; i++, row++) {
		if (row == REVIEW_NOTE_ROWS - 1 && i + 1 < plan->nnotes) {
			snprintf(line, sizeof line, "and %zu more notes",
			    plan->nnotes - i);
			tui_draw_text(rect->y + row, rect->x + 1, rect->w - 2,
			    line, tui_draw_attr(TUI_COLOUR_DIM));
			row++;
			break;
		}
		tui_draw_text(rect->y + row, rect->x + 1, rect->w - 2,
		    plan->notes[i], tui_draw_attr(TUI_COLOUR_DIM));
	}
	return row;
}

static void
review_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct review_state *state = screen->data;
	const struct plan *plan = flow_plan(screen->flow);
	struct tui_rect body = *rect;
	int rows;

	if (!state->have_view || plan == NULL)
		return;
	rows = draw_notes(screen->flow, plan, rect) + 1;
	body.y += rows;
	body.h -= rows;
	if (state->empty) {
		tui_draw_text(body.y, body.x, body.w, "Nothing to change: the "
		    "setup is already in place. Enter ends here.", A_BOLD);
		return;
	}
	tui_diffview_draw(&state->view, &body);
}

/* Every note of the plan, one a line, for the confirmation. */
static void
notes_text(const struct plan *plan, char *buf, size_t size)
{
	size_t used = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < plan->nnotes && used < size; i++) {
		n = snprintf(buf + used, size - used, "%s%s", i > 0 ? "\n" : "",
		    plan->notes[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* Rebuild the plan from all hunks after a selection was chosen. */
static enum screen_action
accept_all(struct screen *screen, struct review_state *state)
{
	struct hc_error e;

	hc_error_init(&e);
	if (state->chose_hunks) {
		if (flow_choose_hunks(screen->flow, NULL, 0, &e) != 0 ||
		    flow_build_plan(screen->flow, &e) != 0) {
			screen_wizard_error(screen, REVIEW_TAG_FAILED,
			    "The changes cannot be planned", &e);
			return SCREEN_STAY;
		}
		state->chose_hunks = 0;
	}
	return SCREEN_NEXT;
}

/* Enter with some hunks rejected: hand the flow the ids of the accepted
 * hunks, rebuild the plan and, when it has notes, show them first. */
static enum screen_action
accept_some(struct screen *screen, struct review_state *state)
{
	const struct diff *diff = flow_diff(screen->flow);
	size_t accepted = tui_diffview_accepted_count(&state->view);
	const struct diff_hunk *hunk;
	const struct plan *plan;
	const char **ids = NULL;
	char notes[TUI_DIALOG_TEXT_MAX / 2];
	struct hc_error e;
	size_t n = 0, i, j;
	enum screen_action action = SCREEN_STAY;

	if (accepted == 0) {
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    REVIEW_TAG_STAY, "No hunk is accepted", "Accept at least "
		    "one hunk with space, or press q to quit without "
		    "changes.");
		return SCREEN_STAY;
	}
	if (diff == NULL || diff->nhunks != state->view.nhunks) {
		screen_wizard_dialog(screen, TUI_DIALOG_ERROR,
		    REVIEW_TAG_STAY, "The hunks cannot be chosen", "The "
		    "diff on screen does not match the plan's %zu hunks.",
		    diff == NULL ? (size_t)0 : diff->nhunks);
		return SCREEN_STAY;
	}
	ids = calloc(accepted, sizeof *ids);
	if (ids == NULL) {
		screen_wizard_dialog(screen, TUI_DIALOG_ERROR,
		    REVIEW_TAG_STAY, "The hunks cannot be chosen",
		    "out of memory");
		return SCREEN_STAY;
	}
	for (i = 0; i < diff->nfiles; i++) {
		for (j = 0; j < diff->files[i].nhunks; j++) {
			hunk = &diff->files[i].hunks[j];
			if (n < accepted && tui_diffview_hunk_accepted(
			    &state->view, hunk->index))
				ids[n++] = hunk->id;
		}
	}

	/* Building the plan frees diff and its ids, so only the flow's
	 * copies are used from here on. */
	hc_error_init(&e);
	state->chose_hunks = 1;
	if (flow_choose_hunks(screen->flow, ids, n, &e) != 0 ||
	    flow_build_plan(screen->flow, &e) != 0) {
		screen_wizard_error(screen, REVIEW_TAG_STAY,
		    "The accepted hunks cannot be planned", &e);
		goto out;
	}
	plan = flow_plan(screen->flow);
	if (plan != NULL && plan->nnotes > 0) {
		notes_text(plan, notes, sizeof notes);
		screen_wizard_dialog(screen, TUI_DIALOG_CONFIRM,
		    REVIEW_TAG_NOTES, "Apply the accepted hunks?", "%zu of %zu "
		    "hunks will be applied. The plan notes:\n\n%s\n\n"
		    "Apply them anyway?", n, state->view.nhunks, notes);
		goto out;
	}
	action = SCREEN_NEXT;
out:
	free(ids);
	return action;
}

static enum screen_action
dialog_closed(struct screen *screen)
{
	int tag = 0;
	enum tui_dialog_result result;

	result = screen_wizard_dialog_result(screen, &tag);
	switch (tag) {
	case REVIEW_TAG_NOTES:
		return result == TUI_DIALOG_YES ? SCREEN_NEXT : SCREEN_STAY;
	case REVIEW_TAG_STAY:
		return SCREEN_STAY;
	}
	/* The plan failed: back to the answers that led to it. */
	return SCREEN_BACK;
}

static enum screen_action
review_action(struct screen *screen, struct review_state *state, int key)
{
	switch (key) {
	case SCREEN_KEY_DIALOG:
		return dialog_closed(screen);
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (!state->have_view)
			return SCREEN_STAY;
		if (state->empty)
			return SCREEN_FINISH;
		if (tui_diffview_accepted_count(&state->view) ==
		    state->view.nhunks)
			return accept_all(screen, state);
		return accept_some(screen, state);
	case ' ':
		if (state->have_view && !state->empty &&
		    tui_diffview_hunk(&state->view) >= 0)
			tui_diffview_toggle_hunk(&state->view,
			    (size_t)tui_diffview_hunk(&state->view));
		return SCREEN_STAY;
	}
	if (state->have_view && tui_diffview_key(&state->view, key))
		return SCREEN_STAY;
	return SCREEN_UNHANDLED;
}

/* The hints for what the viewer is doing: prompt, search or neither. */
static void
set_hints(struct screen *screen, const struct review_state *state)
{
	screen->hints = review_hints;
	if (!state->have_view)
		return;
	if (tui_diffview_prompting(&state->view))
		screen->hints = review_prompt_hints;
	else if (tui_diffview_searching(&state->view))
		screen->hints = review_search_hints;
}

static enum screen_action
review_key(struct screen *screen, int key, struct hc_error *err)
{
	struct review_state *state = screen->data;
	enum screen_action action;

	(void)err;
	/* The search prompt takes every key, Enter and Esc included. */
	if (state->have_view && tui_diffview_prompting(&state->view)) {
		tui_diffview_key(&state->view, key);
		set_hints(screen, state);
		return SCREEN_STAY;
	}
	/* Esc first drops a search that is set, as it clears the project
	 * list's filter; the next Esc goes back. */
	if (key == TUI_KEY_ESC && state->have_view &&
	    tui_diffview_searching(&state->view)) {
		tui_diffview_clear_search(&state->view);
		set_hints(screen, state);
		return SCREEN_STAY;
	}
	action = review_action(screen, state, key);
	set_hints(screen, state);
	return action;
}

static void
review_destroy(struct screen *screen)
{
	struct review_state *state = screen->data;

	if (state == NULL)
		return;
	drop_view(state);
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_review_ops = {
	.step = FLOW_STEP_REVIEW,
	.enter = review_enter,
	.draw = review_draw,
	.key = review_key,
	.destroy = review_destroy,
};
