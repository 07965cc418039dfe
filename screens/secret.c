/*
 * Secret step: where the token is stored. Either a new secret that apply
 * creates (after showing which AWS account it would land in), or an
 * existing secret by ARN: used as it is, or given the new token. Using an
 * existing ARN works offline, so it is offered when AWS cannot be reached.
 * When the Docker Hub step was skipped there is no token to store, and
 * the step opens straight on the ARN of the secret to use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/wizard.h"
#include "tui/input.h"
#include "tui/list.h"

#define LABEL_WIDTH 9

enum secret_mode {
	SECRET_CHOOSE,		/* create, use or update */
	SECRET_CREATE,		/* name and region fields */
	SECRET_CONFIRM,		/* account shown; Enter creates */
	SECRET_NO_AWS,		/* identity failed: what now */
	SECRET_ARN,		/* ARN field */
};

/* Items of the first list, in order. */
enum { ACTION_CREATE, ACTION_USE, ACTION_UPDATE };

/* Items of the list shown when AWS cannot be reached. */
enum { NO_AWS_USE_ARN, NO_AWS_RETRY, NO_AWS_EDIT };

struct secret_state {
	enum secret_mode mode;
	struct flow *flow;
	struct tui_list actions;
	struct tui_list no_aws;
	struct tui_input name;
	struct tui_input region;
	struct tui_input arn;
	struct tui_input kms;		/* optional, in both forms */
	int focus;			/* index in form_fields() */
	int arn_action;			/* ACTION_USE or ACTION_UPDATE */
	char message[HC_ERROR_MESSAGE_MAX];

	/* Written by the identity call on its thread. */
	char account[64];
	char principal[512];
	struct hc_error identity_err;
};

static const struct tui_hint list_hints[] = {
	{.arrows = 1, .label = "move", .help = "move (also j and k)"},
	{.key = "enter", .label = "choose"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static const struct tui_hint field_hints[] = {
	{.key = "tab", .label = "next field", .help = "move between fields"},
	{.key = "enter", .label = "continue"},
	{.key = "ctrl-u", .label = "clear", .help = "clear the field"},
	{.key = "f1", .label = "help"},
	{.key = "esc", .label = "back"},
	TUI_HINT_END,
};

static const struct tui_hint confirm_hints[] = {
	{.key = "enter", .label = "confirm",
	    .help = "create the secret at apply time, in this account"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "back", .help = "change name or region"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

/* The KMS key the person gave, or NULL for the AWS managed key. */
static const char *
kms_key(const struct secret_state *state)
{
	return tui_input_empty(&state->kms) ? NULL :
	    tui_input_text(&state->kms);
}

static int
identity_task(void *arg, struct hc_error *err)
{
	struct secret_state *state = arg;

	state->account[0] = state->principal[0] = '\0';
	return flow_aws_identity(state->flow, state->account,
	    sizeof state->account, state->principal, sizeof state->principal,
	    err);
}

static void
set_mode(struct screen *screen, enum secret_mode mode)
{
	struct secret_state *state = screen->data;

	state->mode = mode;
	state->message[0] = '\0';
	switch (mode) {
	case SECRET_CHOOSE:
	case SECRET_NO_AWS:
		screen->hints = list_hints;
		break;
	case SECRET_CREATE:
	case SECRET_ARN:
		screen->hints = field_hints;
		break;
	case SECRET_CONFIRM:
		screen->hints = confirm_hints;
		break;
	}
}

static struct secret_state *
state_new(struct screen *screen, struct hc_error *err)
{
	struct secret_state *state = calloc(1, sizeof *state);

	if (state == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	state->flow = screen->flow;
	tui_list_init(&state->actions, 2);
	tui_list_add(&state->actions, "Create a new secret", NULL,
	    "in AWS Secrets Manager, at apply time", NULL, 0);
	tui_list_add(&state->actions, "Use an existing secret", NULL,
	    "by ARN; it must already hold this token", NULL, 0);
	tui_list_add(&state->actions, "Put the token into an existing secret",
	    NULL, "by ARN; replaces its value at apply time", NULL, 0);
	tui_list_init(&state->no_aws, 1);
	tui_list_add(&state->no_aws, "Use an existing secret ARN instead",
	    NULL, NULL, NULL, 0);
	tui_list_add(&state->no_aws, "Try again", NULL, NULL, NULL, 0);
	tui_list_add(&state->no_aws, "Change name or region", NULL, NULL,
	    NULL, 0);
	tui_input_init(&state->name, "Name",
	    flow_default_secret_name(screen->flow));
	tui_input_init(&state->region, "Region",
	    flow_default_region(screen->flow));
	tui_input_init(&state->arn, "ARN", NULL);
	tui_input_set_placeholder(&state->arn, "(paste the secret's ARN)");
	tui_input_init(&state->kms, "KMS key", NULL);
	tui_input_set_placeholder(&state->kms,
	    "(optional; empty: the AWS managed key)");
	return state;
}

static enum screen_action
secret_enter(struct screen *screen, struct hc_error *err)
{
	if (screen->data == NULL) {
		screen->data = state_new(screen, err);
		if (screen->data == NULL)
			return SCREEN_FAIL;
	}
	snprintf(screen->title, sizeof screen->title,
	    "Where should the token be stored?");
	set_mode(screen, SECRET_CHOOSE);
	if (flow_dockerhub_skipped(screen->flow)) {
		struct secret_state *state = screen->data;

		snprintf(screen->title, sizeof screen->title,
		    "Which secret holds the Docker Hub credentials?");
		state->arn_action = ACTION_USE;
		state->focus = 0;
		set_mode(screen, SECRET_ARN);
	}
	return SCREEN_STAY;
}

static void
draw_message(const struct secret_state *state, const struct tui_rect *rect,
    int row)
{
	struct tui_rect text = {rect->y + row, rect->x + 1, rect->h - row,
	    rect->w - 2};

	if (state->message[0] != '\0' && row < rect->h)
		tui_draw_wrap(&text, 0, state->message,
		    tui_draw_attr(TUI_COLOUR_ERROR));
}

static void
draw_confirm(const struct secret_state *state, const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, rect->h - 2,
	    rect->w - 2};
	char body[2048];
	int rows;

	snprintf(body, sizeof body, "AWS account  %s\nCalled as    %s\n\n"
	    "At apply, hubcred creates the secret %s in %s, encrypted "
	    "with %s%s, or puts the new value into it if a secret of that "
	    "name exists.\n\nPress Enter to confirm.", state->account,
	    state->principal, tui_input_text(&state->name),
	    tui_input_text(&state->region), kms_key(state) ? "KMS key " :
	    "the AWS managed key", kms_key(state) ? kms_key(state) : "");
	rows = tui_draw_wrap(&text, 0, body, A_NORMAL);
	draw_message(state, rect, rows + 2);
}

static void
draw_no_aws(struct secret_state *state, const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, rect->h - 6,
	    rect->w - 2};
	struct tui_rect list = {rect->y + rect->h - 4, rect->x, 4, rect->w};
	char body[2048];
	int rows;

	hc_error_format(&state->identity_err, body, sizeof body);
	tui_draw_text(text.y, text.x, text.w, "AWS cannot be reached with "
	    "these credentials.", A_BOLD | tui_draw_attr(TUI_COLOUR_ERROR));
	text.y += 2;
	rows = tui_draw_wrap(&text, 0, body, A_NORMAL);
	/* The choices follow the text, or stay at the bottom when the
	 * text is long. */
	if (text.y + rows + 1 < list.y)
		list.y = text.y + rows + 1;
	tui_list_draw(&state->no_aws, &list);
}

/*
 * The fields of the form shown now, in focus order; returns how many. The
 * first *required are needed, the rest (the KMS key) are optional.
 */
static int
form_fields(struct secret_state *state, struct tui_input *fields[3],
    int *required)
{
	if (state->mode == SECRET_CREATE) {
		fields[0] = &state->name;
		fields[1] = &state->region;
		fields[2] = &state->kms;
		*required = 2;
		return 3;
	}
	fields[0] = &state->arn;
	fields[1] = &state->kms;
	*required = 1;
	return 2;
}

/* Draw the fields, then what Enter does, then the message. */
static void
draw_form(struct secret_state *state, const struct tui_rect *rect,
    const char *note)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, rect->h - 1,
	    rect->w - 2};
	struct tui_input *fields[3];
	int required;
	int n = form_fields(state, fields, &required);
	int i, rows;

	for (i = 0; i < n; i++)
		tui_input_draw(fields[i], rect->y + 1 + 2 * i, rect->x + 1,
		    rect->w - 2, LABEL_WIDTH, state->focus == i);
	text.y += 2 * n;
	text.h -= 2 * n;
	rows = text.h > 0 ? tui_draw_wrap(&text, 0, note,
	    tui_draw_attr(TUI_COLOUR_DIM)) : 0;
	draw_message(state, rect, 2 + 2 * n + rows);
}

static void
secret_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct secret_state *state = screen->data;

	switch (state->mode) {
	case SECRET_CHOOSE:
		tui_list_draw(&state->actions, rect);
		draw_message(state, rect, 8);
		break;
	case SECRET_CREATE:
		draw_form(state, rect, "Enter asks AWS for the account; "
		    "nothing is written yet.");
		break;
	case SECRET_CONFIRM:
		draw_confirm(state, rect);
		break;
	case SECRET_NO_AWS:
		draw_no_aws(state, rect);
		break;
	case SECRET_ARN:
		draw_form(state, rect, state->arn_action == ACTION_USE ?
		    "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX\n"
		    "The secret is used as it is." :
		    "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX\n"
		    "At apply, the secret gets the new token as its value.");
		break;
	}
}

static void
start_identity(struct screen *screen, struct secret_state *state)
{
	hc_error_init(&state->identity_err);
	screen_wizard_task(screen, "Asking AWS for the account", 1,
	    identity_task, state);
}

static enum screen_action
choose_key(struct screen *screen, struct secret_state *state, int key)
{
	long action;

	switch (tui_list_key(&state->actions, key)) {
	case TUI_LIST_CHOSEN:
		break;
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		return SCREEN_UNHANDLED;
	}
	action = tui_list_selected(&state->actions);
	state->focus = 0;
	if (action == ACTION_CREATE) {
		set_mode(screen, SECRET_CREATE);
	} else {
		state->arn_action = (int)action;
		set_mode(screen, SECRET_ARN);
	}
	return SCREEN_STAY;
}

/*
 * Keys of the form shown now. Tab and the arrows move between fields.
 * Enter moves to the next required field; from the last required field
 * or an optional one it returns SCREEN_NEXT for the caller to submit.
 */
static enum screen_action
field_key(struct screen *screen, struct secret_state *state, int key)
{
	struct tui_input *fields[3];
	int required;
	int n = form_fields(state, fields, &required);
	struct hc_error e;

	switch (key) {
	case '\t':
	case KEY_DOWN:
		state->focus = (state->focus + 1) % n;
		return SCREEN_STAY;
	case KEY_BTAB:
	case KEY_UP:
		state->focus = (state->focus + n - 1) % n;
		return SCREEN_STAY;
	case TUI_KEY_ESC:
		/* After a skipped Docker Hub step the ARN form is the
		 * whole step. */
		if (flow_dockerhub_skipped(screen->flow))
			return SCREEN_BACK;
		set_mode(screen, SECRET_CHOOSE);
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	switch (tui_input_key(fields[state->focus], key, &e)) {
	case TUI_INPUT_SUBMIT:
		if (state->focus < required - 1) {
			state->focus++;
			return SCREEN_STAY;
		}
		return SCREEN_NEXT;
	case TUI_INPUT_ERROR:
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	case TUI_INPUT_CHANGED:
		return SCREEN_STAY;
	case TUI_INPUT_UNHANDLED:
		break;
	}
	return key == KEY_F(1) ? SCREEN_UNHANDLED : SCREEN_STAY;
}

static enum screen_action
create_key(struct screen *screen, struct secret_state *state, int key)
{
	enum screen_action action;
	struct hc_error e;

	action = field_key(screen, state, key);
	if (action != SCREEN_NEXT)
		return action;
	if (tui_input_empty(&state->name) || tui_input_empty(&state->region)) {
		snprintf(state->message, sizeof state->message,
		    "Both a name and a region are needed.");
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	if (flow_check_secret_create(screen->flow,
	    tui_input_text(&state->name), tui_input_text(&state->region),
	    kms_key(state), &e) != 0) {
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	}
	start_identity(screen, state);
	return SCREEN_STAY;
}

/*
 * Show the account and region of an ARN on the title line:
 * arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME.
 */
static void
show_arn_account(struct screen *screen, const char *arn)
{
	char region[64] = "", account[64] = "";
	const char *p = arn;
	int field;

	for (field = 0; field < 3 && p != NULL; field++) {
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	if (p == NULL || sscanf(p, "%63[^:]:%63[^:]", region, account) != 2)
		return;
	/* The secret's account, which may not be the credentials'. */
	screen_wizard_set_account(screen, "secret in", account, region);
}

static enum screen_action
arn_key(struct screen *screen, struct secret_state *state, int key)
{
	enum screen_action action;
	struct hc_error e;
	int rc;

	action = field_key(screen, state, key);
	if (action != SCREEN_NEXT)
		return action;
	hc_error_init(&e);
	if (state->arn_action == ACTION_USE)
		rc = flow_choose_secret_use(screen->flow,
		    tui_input_text(&state->arn), kms_key(state), &e);
	else
		rc = flow_choose_secret_update(screen->flow,
		    tui_input_text(&state->arn), kms_key(state), &e);
	if (rc != 0) {
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	}
	show_arn_account(screen, tui_input_text(&state->arn));
	return SCREEN_NEXT;
}

static enum screen_action
confirm_key(struct screen *screen, struct secret_state *state, int key)
{
	struct hc_error e;

	switch (key) {
	case TUI_KEY_ESC:
		set_mode(screen, SECRET_CREATE);
		return SCREEN_STAY;
	case '\r':
	case '\n':
	case KEY_ENTER:
		break;
	default:
		return SCREEN_UNHANDLED;
	}
	hc_error_init(&e);
	if (flow_choose_secret_create(screen->flow,
	    tui_input_text(&state->name), tui_input_text(&state->region),
	    kms_key(state), &e) != 0) {
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	}
	return SCREEN_NEXT;
}

static enum screen_action
no_aws_key(struct screen *screen, struct secret_state *state, int key)
{
	if (key == TUI_KEY_ESC) {
		set_mode(screen, SECRET_CREATE);
		return SCREEN_STAY;
	}
	switch (tui_list_key(&state->no_aws, key)) {
	case TUI_LIST_CHOSEN:
		break;
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		return SCREEN_UNHANDLED;
	}
	switch (tui_list_selected(&state->no_aws)) {
	case NO_AWS_USE_ARN:
		state->arn_action = ACTION_USE;
		state->focus = 0;
		set_mode(screen, SECRET_ARN);
		break;
	case NO_AWS_RETRY:
		flow_aws_retry(screen->flow);
		start_identity(screen, state);
		break;
	default:
		set_mode(screen, SECRET_CREATE);
		break;
	}
	return SCREEN_STAY;
}

static void
identity_done(struct screen *screen, struct secret_state *state)
{
	if (screen_wizard_task_rc(screen, &state->identity_err) != 0) {
		set_mode(screen, SECRET_NO_AWS);
		return;
	}
	screen_wizard_set_account(screen, "account", state->account,
	    tui_input_text(&state->region));
	set_mode(screen, SECRET_CONFIRM);
}

static enum screen_action
secret_key(struct screen *screen, int key, struct hc_error *err)
{
	struct secret_state *state = screen->data;

	(void)err;
	switch (key) {
	case SCREEN_KEY_TASK_DONE:
		identity_done(screen, state);
		return SCREEN_STAY;
	case SCREEN_KEY_TASK_CANCELLED:
		set_mode(screen, SECRET_CREATE);
		return SCREEN_STAY;
	case SCREEN_KEY_DIALOG:
		return SCREEN_STAY;
	}
	switch (state->mode) {
	case SECRET_CHOOSE:
		return choose_key(screen, state, key);
	case SECRET_CREATE:
		return create_key(screen, state, key);
	case SECRET_CONFIRM:
		return confirm_key(screen, state, key);
	case SECRET_NO_AWS:
		return no_aws_key(screen, state, key);
	case SECRET_ARN:
		return arn_key(screen, state, key);
	}
	return SCREEN_UNHANDLED;
}

static void
secret_destroy(struct screen *screen)
{
	struct secret_state *state = screen->data;

	if (state == NULL)
		return;
	tui_list_done(&state->actions);
	tui_list_done(&state->no_aws);
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_secret_ops = {
	.step = FLOW_STEP_SECRET,
	.enter = secret_enter,
	.draw = secret_draw,
	.key = secret_key,
	.destroy = secret_destroy,
};
