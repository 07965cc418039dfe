/*
 * Permissions step, in three parts: which policy gets the statement that
 * lets the project's role read the secret, which tfvars file gets the
 * secret's ARN, and the name of the variable holding it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "screens/wizard.h"
#include "tui/input.h"
#include "tui/list.h"

enum permissions_part {
	PART_POLICY,
	PART_TFVARS,
	PART_VARIABLE,
};

enum { PERMISSIONS_TAG_INFO = 1 };

struct permissions_state {
	enum permissions_part part;
	struct tui_list policies;
	struct tui_list tfvars;
	struct tui_input variable;
	char message[HC_ERROR_MESSAGE_MAX];
};

static const char *const part_titles[] = {
	[PART_POLICY] = "Which policy should let the role read the secret?",
	[PART_TFVARS] = "Which tfvars file gets the secret's ARN?",
	[PART_VARIABLE] = "Name of the Terraform variable for the ARN",
};

static const struct tui_hint list_hints[] = {
	{.arrows = 1, .label = "move", .help = "move (also j and k)"},
	{.key = "enter", .label = "choose"},
	{.key = "/", .label = "filter", .help = "type to filter the list"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static const struct tui_hint field_hints[] = {
	{.key = "enter", .label = "continue"},
	{.key = "ctrl-u", .label = "clear", .help = "clear the field"},
	{.key = "f1", .label = "help"},
	{.key = "esc", .label = "back"},
	TUI_HINT_END,
};

static void
fill(struct tui_list *list, const struct flow *flow,
    const struct flow_choice *(*at)(const struct flow *, size_t),
    size_t n)
{
	const struct flow_choice *choice;
	size_t i;

	tui_list_clear(list);
	for (i = 0; i < n; i++) {
		choice = at(flow, i);
		tui_list_add(list, choice->label, NULL, choice->detail, NULL,
		    !choice->usable);
	}
}

static void
set_part(struct screen *screen, enum permissions_part part)
{
	struct permissions_state *state = screen->data;

	state->part = part;
	state->message[0] = '\0';
	snprintf(screen->title, sizeof screen->title, "%s",
	    part_titles[part]);
	screen->hints = part == PART_VARIABLE ? field_hints : list_hints;
}

static enum screen_action
permissions_enter(struct screen *screen, struct hc_error *err)
{
	struct permissions_state *state = screen->data;

	if (state == NULL) {
		state = calloc(1, sizeof *state);
		if (state == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return SCREEN_FAIL;
		}
		tui_list_init(&state->policies, 2);
		tui_list_init(&state->tfvars, 2);
		screen->data = state;
	}
	/* The choices depend on the project, which may have changed. */
	fill(&state->policies, screen->flow, flow_policy_at,
	    flow_policy_count(screen->flow));
	fill(&state->tfvars, screen->flow, flow_tfvars_at,
	    flow_tfvars_count(screen->flow));
	tui_input_init(&state->variable, "Variable",
	    flow_variable(screen->flow));
	set_part(screen, PART_POLICY);
	return SCREEN_STAY;
}

static void
permissions_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct permissions_state *state = screen->data;
	struct tui_rect list = *rect;
	struct tui_rect text = {rect->y + rect->h - 3, rect->x + 1, 3,
	    rect->w - 2};

	if (state->message[0] != '\0')
		list.h -= 4;
	switch (state->part) {
	case PART_POLICY:
		tui_list_draw(&state->policies, &list);
		break;
	case PART_TFVARS:
		tui_list_draw(&state->tfvars, &list);
		break;
	case PART_VARIABLE:
		/* The field leaves room for the whole of the flow's
		 * message: where a name is taken, and a free one. */
		text.y = rect->y + 5;
		text.h = rect->h - 6;
		tui_input_draw(&state->variable, rect->y + 1, rect->x + 1,
		    rect->w - 2, 10, 1);
		tui_draw_text(rect->y + 3, rect->x + 1, rect->w - 2,
		    "Added as variable \"NAME\" { type = string } if missing.",
		    tui_draw_attr(TUI_COLOUR_DIM));
		break;
	}
	if (state->message[0] != '\0')
		tui_draw_wrap(&text, 0, state->message,
		    tui_draw_attr(TUI_COLOUR_ERROR));
}

/* Enter on a list item: explain an unusable one, or choose it. */
static enum screen_action
choose(struct screen *screen, struct tui_list *list,
    const struct flow_choice *(*at)(const struct flow *, size_t),
    int (*take)(struct flow *, const char *, struct hc_error *))
{
	struct permissions_state *state = screen->data;
	const struct flow_choice *choice;
	struct hc_error e;
	long index = tui_list_selected(list);

	if (index < 0)
		return SCREEN_STAY;
	choice = at(screen->flow, (size_t)index);
	if (!choice->usable) {
		screen_wizard_dialog(screen, TUI_DIALOG_MESSAGE,
		    PERMISSIONS_TAG_INFO, "Cannot be used", "%s\n\n%s",
		    choice->label, choice->detail ? choice->detail : "");
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	if (take(screen->flow, choice->value, &e) != 0) {
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	}
	set_part(screen, state->part + 1);
	return SCREEN_STAY;
}

static enum screen_action
list_key(struct screen *screen, struct tui_list *list, int key)
{
	struct permissions_state *state = screen->data;
	enum tui_list_result result;

	result = tui_list_key(list, key);
	screen->hints = list->filtering ? tui_list_filter_hints : list_hints;
	switch (result) {
	case TUI_LIST_CHOSEN:
		if (state->part == PART_POLICY)
			return choose(screen, list, flow_policy_at,
			    flow_choose_policy);
		return choose(screen, list, flow_tfvars_at,
		    flow_choose_tfvars);
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		break;
	}
	if (key == TUI_KEY_ESC && state->part > PART_POLICY) {
		set_part(screen, state->part - 1);
		return SCREEN_STAY;
	}
	return SCREEN_UNHANDLED;
}

static enum screen_action
variable_key(struct screen *screen, int key)
{
	struct permissions_state *state = screen->data;
	struct hc_error e;

	if (key == TUI_KEY_ESC) {
		set_part(screen, PART_TFVARS);
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	switch (tui_input_key(&state->variable, key, &e)) {
	case TUI_INPUT_SUBMIT:
		if (flow_choose_variable(screen->flow,
		    tui_input_text(&state->variable), &e) == 0)
			return SCREEN_NEXT;
		/* fall through */
	case TUI_INPUT_ERROR:
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	case TUI_INPUT_CHANGED:
		state->message[0] = '\0';
		return SCREEN_STAY;
	case TUI_INPUT_UNHANDLED:
		break;
	}
	return key == KEY_F(1) ? SCREEN_UNHANDLED : SCREEN_STAY;
}

static enum screen_action
permissions_key(struct screen *screen, int key, struct hc_error *err)
{
	struct permissions_state *state = screen->data;

	(void)err;
	if (key == SCREEN_KEY_DIALOG)
		return SCREEN_STAY;
	switch (state->part) {
	case PART_POLICY:
		return list_key(screen, &state->policies, key);
	case PART_TFVARS:
		return list_key(screen, &state->tfvars, key);
	case PART_VARIABLE:
		return variable_key(screen, key);
	}
	return SCREEN_UNHANDLED;
}

static void
permissions_destroy(struct screen *screen)
{
	struct permissions_state *state = screen->data;

	if (state == NULL)
		return;
	tui_list_done(&state->policies);
	tui_list_done(&state->tfvars);
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_permissions_ops = {
	.step = FLOW_STEP_PERMISSIONS,
	.enter = permissions_enter,
	.draw = permissions_draw,
	.key = permissions_key,
	.destroy = permissions_destroy,
};
