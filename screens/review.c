/*
 * Review step: build the plan from the answers and show all of it, the
 * secret write and every file diff, before anything is written. Enter
 * accepts the whole plan.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "screens/wizard.h"
#include "tui/diffview.h"

enum { REVIEW_TAG_FAILED = 1 };

/* Rows above the diff for the secret line and the plan's notes, at most. */
#define REVIEW_NOTE_ROWS 5

struct review_state {
	struct tui_diffview view;
	int have_view;
	int empty;		/* the plan changes nothing */
};

static const struct tui_hint review_hints[] = {
	{.key = "j/k", .label = "scroll", .help = "scroll a line (also the "
	    "arrows; space and b scroll a page)"},
	{.key = "n/p", .label = "hunk", .help = "next or previous hunk"},
	{.key = "> <", .help = "scroll long lines sideways (also the right "
	    "and left arrows)"},
	{.key = "enter", .label = "accept",
	    .help = "accept every change and go on to apply"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
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

	hc_error_init(&e);
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
secret_line(const struct plan_secret *secret, char *buf, size_t size)
{
	switch (secret->action) {
	case PLAN_SECRET_CREATE:
		snprintf(buf, size, "Secrets Manager: create %s in %s (or put "
		    "a new value if it exists)", secret->name, secret->region);
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
draw_notes(const struct plan *plan, const struct tui_rect *rect)
{
	char line[4096];
	int row = 0;
	size_t i;

	tui_draw_text(rect->y, rect->x + 1, rect->w - 2,
	    secret_line(&plan->secret, line, sizeof line), A_BOLD);
	row++;
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
	rows = draw_notes(plan, rect) + 1;
	body.y += rows;
	body.h -= rows;
	if (state->empty) {
		tui_draw_text(body.y, body.x, body.w, "Nothing to change: the "
		    "setup is already in place. Enter ends here.", A_BOLD);
		return;
	}
	tui_diffview_draw(&state->view, &body);
}

static enum screen_action
review_key(struct screen *screen, int key, struct hc_error *err)
{
	struct review_state *state = screen->data;

	(void)err;
	switch (key) {
	case SCREEN_KEY_DIALOG:
		/* The plan failed: back to the answers that led to it. */
		return SCREEN_BACK;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (!state->have_view)
			return SCREEN_STAY;
		return state->empty ? SCREEN_FINISH : SCREEN_NEXT;
	}
	if (state->have_view && tui_diffview_key(&state->view, key))
		return SCREEN_STAY;
	return SCREEN_UNHANDLED;
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
