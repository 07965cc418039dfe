/*
 * Scan step: read every Terraform file below the root. A syntax error
 * ends the wizard: nothing later can be trusted on a tree that does not
 * parse, so the person sees FILE:LINE:COLUMN and fixes the file first.
 */
#include <stdio.h>
#include <stdlib.h>

#include "screens/wizard.h"

enum { SCAN_TAG_FAILED = 1 };

struct scan_state {
	struct hc_error err;	/* why the scan failed, kept for FAIL */
	int done;
};

static const struct tui_hint scan_hints[] = {
	{.key = "esc", .label = "cancel", .help = "stop reading and quit"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

/* The scan, then doctor's checks, so the project list can offer the
 * repair of what they find. */
static int
scan_task(void *arg, struct hc_error *err)
{
	if (flow_scan(arg, err) < 0)
		return -1;
	return flow_repair_check(arg, err);
}

static enum screen_action
scan_enter(struct screen *screen, struct hc_error *err)
{
	struct scan_state *state = screen->data;

	(void)err;
	if (state == NULL) {
		state = calloc(1, sizeof *state);
		if (state == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return SCREEN_FAIL;
		}
		screen->data = state;
	}
	snprintf(screen->title, sizeof screen->title,
	    "Reading the Terraform files");
	screen->hints = scan_hints;
	if (!state->done)
		screen_wizard_task(screen, "Reading Terraform files", 1,
		    scan_task, screen->flow);
	return SCREEN_STAY;
}

static void
scan_draw(struct screen *screen, const struct tui_rect *rect)
{
	size_t modules, files, bytes;
	char line[160];

	flow_scan_totals(screen->flow, &modules, &files, &bytes);
	snprintf(line, sizeof line, "%zu projects in %zu files, %zu modules",
	    flow_project_count(screen->flow), files, modules);
	tui_draw_text(rect->y + 1, rect->x + 1, rect->w - 2, line, A_NORMAL);
}

static enum screen_action
scan_finished(struct screen *screen, struct hc_error *err)
{
	struct scan_state *state = screen->data;

	(void)err;
	if (screen_wizard_task_rc(screen, &state->err) == 0 &&
	    flow_project_count(screen->flow) > 0) {
		state->done = 1;
		return SCREEN_NEXT;
	}

	/* A scan without projects is an error too, whether the flow says so
	 * or only returns an empty list. */
	hc_error_set(&state->err, HC_ERR_NOT_FOUND,
	    "no aws_codebuild_project below %s", flow_root(screen->flow));
	screen_wizard_error(screen, SCAN_TAG_FAILED,
	    state->err.code == HC_ERR_NOT_FOUND ? "No CodeBuild projects" :
	    "The Terraform files cannot be read", &state->err);
	return SCREEN_STAY;
}

static enum screen_action
scan_key(struct screen *screen, int key, struct hc_error *err)
{
	struct scan_state *state = screen->data;

	switch (key) {
	case SCREEN_KEY_TASK_DONE:
		return scan_finished(screen, err);
	case SCREEN_KEY_TASK_CANCELLED:
		hc_error_set(err, HC_ERR_CANCELLED, "quit while reading the "
		    "Terraform files; nothing was written");
		return SCREEN_FAIL;
	case SCREEN_KEY_DIALOG:
		/* The wizard does not go on past a failed scan. */
		if (err != NULL && !hc_error_is_set(err))
			*err = state->err;
		return SCREEN_FAIL;
	}
	return SCREEN_UNHANDLED;
}

static void
scan_destroy(struct screen *screen)
{
	free(screen->data);
	screen->data = NULL;
}

const struct screen_ops screen_scan_ops = {
	.step = FLOW_STEP_SCAN,
	.enter = scan_enter,
	.draw = scan_draw,
	.key = scan_key,
	.destroy = scan_destroy,
};
