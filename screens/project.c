/*
 * Project step: choose the aws_codebuild_project to set up. Projects whose
 * image needs no credentials are listed but cannot be chosen; Enter on one
 * explains why. When doctor has something to say about the root, each
 * project shows its count of findings, and a last entry (or r) leads to
 * the repair step instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/wizard.h"
#include "tui/list.h"

enum {
	PROJECT_TAG_INFO = 1,
	PROJECT_TAG_CONFIGURED,
};

struct project_state {
	struct tui_list list;
	int configured;		/* the chosen one needs nothing */
	int repair;		/* the list ends with the repair entry */
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

static const struct tui_hint project_repair_hints[] = {
	{.arrows = 1, .label = "move", .help = "move (also j and k)"},
	{.key = "enter", .label = "choose",
	    .help = "set up this project, or say why it cannot be; on the "
	    "last entry, repair"},
	{.key = "r", .label = "repair",
	    .help = "list doctor's findings and choose the fixes to make"},
	{.key = "/", .label = "filter",
	    .help = "type to filter by address, file, image or status"},
	{.key = "?", .label = "help"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

/*
 * Return 1 when doctor reports an error or a warning, or has a fix to
 * make, so the list offers the repair. A note without a fix (a Docker
 * Hub image pulled anonymously) is what the setup itself is for.
 */
static int
repair_offered(const struct flow *flow, size_t *fixable)
{
	const struct flow_finding *f;
	size_t i, n = flow_repair_count(flow);
	int offered = 0;

	*fixable = 0;
	for (i = 0; i < n; i++) {
		f = flow_repair_finding(flow, i);
		*fixable += f->fixable != 0;
		if (f->fixable || strcmp(f->severity, "info") != 0)
			offered = 1;
	}
	return offered;
}

/* Add the last entry, which leads to all of doctor's findings. */
static void
add_repair_entry(const struct flow *flow, struct project_state *state)
{
	size_t n = flow_repair_count(flow), fixable;
	char title[64], fixes[64];

	state->repair = repair_offered(flow, &fixable);
	if (!state->repair)
		return;
	snprintf(title, sizeof title, "Repair %zu finding%s", n,
	    n == 1 ? "" : "s");
	snprintf(fixes, sizeof fixes, "%zu with a fix", fixable);
	/* No right column on the second line: at 80 columns it would cut
	 * the text short. */
	tui_list_add(&state->list, title, fixes, "pick doctor's fixes, "
	    "review, apply (key r)", NULL, 0);
}

static void
project_fill(struct screen *screen, struct project_state *state)
{
	const struct flow_project *chosen = flow_project(screen->flow);
	const struct flow_project *p;
	char where[512], status[128];
	size_t i, n;

	tui_list_clear(&state->list);
	n = flow_project_count(screen->flow);
	for (i = 0; i < n; i++) {
		p = flow_project_at(screen->flow, i);
		snprintf(where, sizeof where, "%s:%d", p->file, p->line);
		snprintf(status, sizeof status, "%s", p->status ? p->status :
		    "");
		if (p->findings > 0)
			snprintf(status, sizeof status, "%s%s%zu finding%s",
			    p->status ? p->status : "", p->status ? ", " : "",
			    p->findings, p->findings == 1 ? "" : "s");
		tui_list_add(&state->list, p->address, where,
		    p->image ? p->image : "", status, !p->selectable);
		if (p == chosen)
			tui_list_select(&state->list, i);
	}
	add_repair_entry(screen->flow, state);
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
	project_fill(screen, state);
	screen->hints = state->repair ? project_repair_hints : project_hints;
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
	if ((size_t)index >= flow_project_count(screen->flow))
		return state->repair ? SCREEN_REPAIR : SCREEN_STAY;
	p = flow_project_at(screen->flow, (size_t)index);
	if (!p->selectable) {
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    PROJECT_TAG_INFO, "Nothing to set up", "%s\n\n%s",
		    p->address, p->reason ? p->reason :
		    "This project's image needs no Docker Hub credentials.");
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	if (flow_choose_project_at(screen->flow, (size_t)index, &e) != 0) {
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
	enum tui_list_result result;
	int tag = 0;

	(void)err;
	if (key == SCREEN_KEY_DIALOG) {
		screen_wizard_dialog_result(screen, &tag);
		return tag == PROJECT_TAG_CONFIGURED ? SCREEN_FINISH :
		    SCREEN_STAY;
	}
	result = tui_list_key(&state->list, key);
	if (state->list.filtering)
		screen->hints = tui_list_filter_hints;
	else
		screen->hints = state->repair ? project_repair_hints :
		    project_hints;
	switch (result) {
	case TUI_LIST_CHOSEN:
		return project_choose(screen, state);
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		break;
	}
	if (key == 'r' && state->repair)
		return SCREEN_REPAIR;
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
