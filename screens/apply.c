/*
 * Apply step: write the secret (when the plan says so) and the files, then
 * show what was done and what to run next. Esc cancels only while the
 * secret is being written. The files are written after it with no network
 * wait, so a cancel never leaves them half-done.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/wizard.h"

enum { APPLY_TAG_FAILED = 1 };

struct apply_state {
	struct flow *flow;
	struct flow_apply_report report;	/* written on the thread */
	struct hc_error err;
	int done;
};

static const struct tui_hint apply_hints[] = {
	{.key = "any key", .label = "exit", .help = "leave hubcred"},
	TUI_HINT_END,
};

/* After a repair more may be left to fix, so Enter scans again. */
static const struct tui_hint repair_done_hints[] = {
	{.key = "enter", .label = "projects",
	    .help = "back to the project list, scanned again"},
	{.key = "q", .label = "quit", .help = "leave hubcred"},
	TUI_HINT_END,
};

static int
apply_task(void *arg, struct hc_error *err)
{
	struct apply_state *state = arg;

	memset(&state->report, 0, sizeof state->report);
	return flow_apply(state->flow, &state->report, err);
}

static enum screen_action
apply_enter(struct screen *screen, struct hc_error *err)
{
	struct apply_state *state = screen->data;

	if (state == NULL) {
		state = calloc(1, sizeof *state);
		if (state == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return SCREEN_FAIL;
		}
		state->flow = screen->flow;
		screen->data = state;
	}
	snprintf(screen->title, sizeof screen->title, "Applying the changes");
	screen->hints = apply_hints;
	hc_error_init(&state->err);
	screen_wizard_set_applying(screen, 1);
	screen_wizard_task(screen, "Writing the secret and the files", 1,
	    apply_task, state);
	return SCREEN_STAY;
}

/* A bold label, then its value wrapped below it; returns the next row. */
static int
draw_field(const struct tui_rect *rect, int row, const char *label,
    const char *value)
{
	struct tui_rect text = {rect->y + row + 1, rect->x + 3,
	    rect->h - row - 1, rect->w - 4};

	if (row >= rect->h)
		return row;
	tui_draw_text(rect->y + row, rect->x + 1, rect->w - 2, label, A_BOLD);
	return row + 2 + tui_draw_wrap(&text, 0, value, A_NORMAL);
}

static void
apply_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct apply_state *state = screen->data;
	const struct flow_apply_report *report = &state->report;
	char files[sizeof report->files + 32];
	char undo[PATH_MAX + 64];
	int row;

	if (!state->done)
		return;
	tui_draw_text(rect->y + 1, rect->x + 1, rect->w - 2, "Done.",
	    A_BOLD | tui_draw_attr(TUI_COLOUR_OK));
	if (report->dry_run)
		snprintf(files, sizeof files, "none; the plan changes %s",
		    report->files[0] ? report->files : "no file");
	else if (report->files_written > 0)
		snprintf(files, sizeof files, "%zu: %s", report->files_written,
		    report->files);
	else
		snprintf(files, sizeof files, "none; every file already had "
		    "its new content");
	row = 3;
	/* A repair's fixes write no secret. */
	if (!flow_repair_active(state->flow))
		row = draw_field(rect, row, "Secret", report->secret_arn[0] ?
		    report->secret_arn : report->dry_run ?
		    "(created at apply)" : "(none)");
	row = draw_field(rect, row, "Files written", files);
	row = draw_field(rect, row, "Next", report->next_step[0] ?
	    report->next_step : "run terraform plan");
	if (!report->dry_run && report->files_written > 0) {
		snprintf(undo, sizeof undo, "hubcred undo -C %s gives the "
		    "files back their old content (a secret stays in AWS)",
		    flow_root(state->flow));
		draw_field(rect, row, "Undo", undo);
	}
}

static enum screen_action
apply_key(struct screen *screen, int key, struct hc_error *err)
{
	struct apply_state *state = screen->data;

	if (key == SCREEN_KEY_TASK_CANCELLED || key == SCREEN_KEY_TASK_DONE)
		screen_wizard_set_applying(screen, 0);
	switch (key) {
	case SCREEN_KEY_TASK_CANCELLED:
		/* When Esc came after the secret call returned, or the call
		 * failed for another reason, show the result as usual. */
		if (screen_wizard_task_rc(screen, &state->err) != 0 &&
		    state->err.code == HC_ERR_CANCELLED) {
			/* A CreateSecret sent before the cancel may have
			 * created the secret. The next apply then finds it
			 * and puts the value again. */
			screen_wizard_set_notice(screen, "Cancelled: no file "
			    "was written. Apply again to finish.");
			return SCREEN_BACK;
		}
		/* FALLTHROUGH */
	case SCREEN_KEY_TASK_DONE:
		if (screen_wizard_task_rc(screen, &state->err) != 0) {
			screen_wizard_error(screen, APPLY_TAG_FAILED,
			    "The changes were not applied", &state->err);
			return SCREEN_STAY;
		}
		state->done = 1;
		if (flow_repair_active(state->flow))
			screen->hints = repair_done_hints;
		if (state->report.dry_run)
			snprintf(screen->title, sizeof screen->title,
			    "Dry run: nothing was written");
		else
			snprintf(screen->title, sizeof screen->title,
			    "The changes are applied");
		screen_wizard_set_applied(screen);
		return SCREEN_STAY;
	case SCREEN_KEY_DIALOG:
		if (err != NULL && !hc_error_is_set(err))
			*err = state->err;
		return SCREEN_FAIL;
	case KEY_RESIZE:
		return SCREEN_STAY;
	}
	if (!state->done)
		return SCREEN_STAY;
	if (!flow_repair_active(state->flow))
		return SCREEN_FINISH;
	switch (key) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		return SCREEN_RESCAN;
	case 'q':
		return SCREEN_FINISH;
	case '?':
	case KEY_F(1):
		return SCREEN_UNHANDLED;
	}
	/* Not Esc either: what was applied cannot be reviewed again. */
	return SCREEN_STAY;
}

static void
apply_destroy(struct screen *screen)
{
	free(screen->data);
	screen->data = NULL;
}

const struct screen_ops screen_apply_ops = {
	.step = FLOW_STEP_APPLY,
	.enter = apply_enter,
	.draw = apply_draw,
	.key = apply_key,
	.destroy = apply_destroy,
};
