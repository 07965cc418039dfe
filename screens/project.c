/*
 * Project step: choose the aws_codebuild_project to set up. Projects whose
 * image needs no credentials are listed but cannot be chosen; Enter on one
 * explains why.
 */
#include <stdio.h>
#include <stdlib.h>

#include "screens/wizard.h"
#include "tui/list.h"

enum {
	PROJECT_TAG_INFO = 1,
	PROJECT_TAG_CONFIGURED,
};

struct project_state {
	struct tui_list list;
	int configured;		/* the chosen one needs nothing */
};

static const struct tui_hint project_hints[] = {
	{.arrows = 1, .label = "move", .help = "move (also j and k)"},
	{.key = "enter", .label = "choose",
	    .help = "set up this project, or say why it cannot be"},
	{.key = "/", .label = "filter",
	    .help = "type to filter by address, file, image or status"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static void
project_fill(struct screen *screen, struct project_state *state)
{
	const struct flow_project *chosen = flow_project(screen->flow);
	const struct flow_project *p;
	char where[512];
	size_t i, n;

	tui_list_clear(&state->list);
	n = flow_project_count(screen->flow);
	for (i = 0; i < n; i++) {
		p = flow_project_at(screen->flow, i);
		snprintf(where, sizeof where, "%s:%d", p->file, p->line);
		tui_list_add(&state->list, p->address, where,
		    p->image ? p->image : "", p->status ? p->status : "",
		    !p->selectable);
		if (p == chosen)
			tui_list_select(&state->list, i);
	}
}

static enum screen_action
project_enter(struct screen *screen, struct hc_error *err)
{
	struct project_state *state = screen->data;

	if (state == NULL) {
		state = calloc(1, sizeof *state);
		if (state == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return SCREEN_FAIL;
		}
		tui_list_init(&state->list, 2);
		screen->data = state;
	}
	snprintf(screen->title, sizeof screen->title,
	    "Choose the CodeBuild project");
	screen->hints = project_hints;
	project_fill(screen, state);
	return SCREEN_STAY;
}

static void
project_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct project_state *state = screen->data;

	tui_list_draw(&state->list, rect);
}

/* Enter on a project: explain, or choose it. */
static enum screen_action
project_choose(struct screen *screen, struct project_state *state)
{
	const struct flow_project *p;
	struct hc_error e;
	long index;

	index = tui_list_selected(&state->list);
	if (index < 0)
		return SCREEN_STAY;
	p = flow_project_at(screen->flow, (size_t)index);
	if (!p->selectable) {
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    PROJECT_TAG_INFO, "Nothing to set up", "%s\n\n%s",
		    p->address, p->reason ? p->reason :
		    "This project's image needs no Docker Hub credentials.");
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	if (flow_choose_project(screen->flow, p->address, &e) != 0) {
		screen_wizard_error(screen, PROJECT_TAG_INFO,
		    "This project cannot be set up", &e);
		return SCREEN_STAY;
	}
	if (flow_project_configured(screen->flow)) {
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    PROJECT_TAG_CONFIGURED, "Already configured",
		    "Already configured, nothing to do.\n\n%s pulls its "
		    "image with credentials from Secrets Manager.",
		    p->address);
		return SCREEN_STAY;
	}
	return SCREEN_NEXT;
}

static enum screen_action
project_key(struct screen *screen, int key, struct hc_error *err)
{
	struct project_state *state = screen->data;
	int tag = 0;

	(void)err;
	if (key == SCREEN_KEY_DIALOG) {
		screen_wizard_dialog_result(screen, &tag);
		return tag == PROJECT_TAG_CONFIGURED ? SCREEN_FINISH :
		    SCREEN_STAY;
	}
	switch (tui_list_key(&state->list, key)) {
	case TUI_LIST_CHOSEN:
		return project_choose(screen, state);
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		break;
	}
	return SCREEN_UNHANDLED;
}

static void
project_destroy(struct screen *screen)
{
	struct project_state *state = screen->data;

	if (state != NULL)
		tui_list_done(&state->list);
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_project_ops = {
	.step = FLOW_STEP_PROJECT,
	.enter = project_enter,
	.draw = project_draw,
	.key = project_key,
	.destroy = project_destroy,
};
