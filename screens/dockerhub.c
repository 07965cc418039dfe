/*
 * Docker Hub step: the username and an access token, then a check at the
 * registry that they can pull the project's image.
 *
 * The token field types straight into guarded memory (tui/input.h) and the
 * secret is handed to the flow before the check; this screen keeps no
 * copy. Going back and forth keeps the token in the flow, so Enter with an
 * empty token field checks the one already given.
 *
 * Ctrl-D takes the login that `docker login` saved instead, through
 * flow_import_docker_login(), and checks it at once. Ctrl-E skips the
 * step for a secret that already contains the credentials
 * (flow_skip_dockerhub()), and the secret step then offers only its
 * ARN.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "screens/wizard.h"
#include "tui/input.h"
#include "tui/list.h"

/* Docker Hub access tokens are about 40 bytes; leave room for others. */
#define DOCKERHUB_TOKEN_CAPACITY 4096

#define LABEL_WIDTH 11

#define KEY_CTRL_D 4
#define KEY_CTRL_E 5

enum dockerhub_mode {
	DOCKERHUB_FORM,
	DOCKERHUB_REPORT,
};

enum dockerhub_choice {
	CHOICE_CONTINUE,
	CHOICE_REENTER,
};

struct dockerhub_state {
	enum dockerhub_mode mode;
	struct flow *flow;
	struct tui_input user;
	struct tui_input token;
	struct hc_secret *secret;	/* owned until handed to the flow */
	int token_given;		/* the flow holds a token */
	int focus;			/* 0 username, 1 token */
	char message[HC_ERROR_MESSAGE_MAX + HC_ERROR_HINT_MAX + 128];
	char imported[320];		/* "token imported from ...", or "" */
	int password_warning;		/* the import may be a password */

	/* Written by the check on its thread, read after it returns. */
	struct flow_dockerhub_report report;
	int check_rc;
	struct hc_error check_err;
	struct tui_list choices;
};

static const struct tui_hint form_hints[] = {
	{.key = "tab", .label = "next field", .help = "move between fields"},
	{.key = "enter", .label = "check",
	    .help = "check the credentials at Docker Hub"},
	{.key = "ctrl-u", .label = "clear", .help = "clear the field"},
	{.key = "ctrl-d", .label = "docker login",
	    .help = "use the login saved by docker login"},
	{.key = "ctrl-e", .help = "skip: I already have a secret"},
	{.key = "f1", .label = "help"},
	{.key = "esc", .label = "back"},
	TUI_HINT_END,
};

static const struct tui_hint report_hints[] = {
	{.arrows = 1, .label = "move", .help = "move between choices"},
	{.key = "enter", .label = "choose"},
	{.key = "?", .label = "help"},
	{.key = "esc", .label = "edit",
	    .help = "back to the username and token"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static int
check_task(void *arg, struct hc_error *err)
{
	struct dockerhub_state *state = arg;

	memset(&state->report, 0, sizeof state->report);
	return flow_check_dockerhub(state->flow, &state->report, err);
}

/* A fresh, empty secret for the token field. */
static int
new_token(struct dockerhub_state *state, struct hc_error *err)
{
	state->secret = hc_secret_new(DOCKERHUB_TOKEN_CAPACITY, err);
	if (state->secret == NULL)
		return -1;
	tui_input_set_secret(&state->token, state->secret);
	tui_input_set_placeholder(&state->token, state->token_given ?
	    "(given; type to replace)" : "(paste the access token)");
	return 0;
}

static struct dockerhub_state *
state_new(struct screen *screen, struct hc_error *err)
{
	struct dockerhub_state *state = calloc(1, sizeof *state);

	if (state == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	state->flow = screen->flow;
	tui_input_init(&state->user, "Username", getenv("DOCKERHUB_USERNAME"));
	tui_input_init_masked(&state->token, "Token", NULL);
	tui_list_init(&state->choices, 1);
	if (new_token(state, err) != 0) {
		free(state);
		return NULL;
	}
	state->focus = tui_input_empty(&state->user) ? 0 : 1;
	return state;
}

static void
set_mode(struct screen *screen, enum dockerhub_mode mode)
{
	struct dockerhub_state *state = screen->data;

	state->mode = mode;
	screen->hints = mode == DOCKERHUB_FORM ? form_hints : report_hints;
}

static enum screen_action
dockerhub_enter(struct screen *screen, struct hc_error *err)
{
	if (screen->data == NULL) {
		screen->data = state_new(screen, err);
		if (screen->data == NULL)
			return SCREEN_FAIL;
	}
	snprintf(screen->title, sizeof screen->title,
	    "Docker Hub credentials for pulling the image");
	set_mode(screen, DOCKERHUB_FORM);
	return SCREEN_STAY;
}

static void
draw_form(struct dockerhub_state *state, const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, 3, rect->w - 2};
	int rows, y;

	rows = tui_draw_wrap(&text, 0, "CodeBuild will log in to Docker Hub "
	    "with this account. Use an access token with read-only scope "
	    "(Docker Hub, Account settings, Personal access tokens).",
	    A_NORMAL);
	/* The fields follow the text, which needs fewer rows when wide. */
	y = text.y + (rows < text.h ? rows : text.h) + 1;
	tui_input_draw(&state->user, y, rect->x + 1, rect->w - 2,
	    LABEL_WIDTH, state->focus == 0);
	tui_input_draw(&state->token, y + 2, rect->x + 1, rect->w - 2,
	    LABEL_WIDTH, state->focus == 1);
	tui_draw_text(y + 3, rect->x + 1 + LABEL_WIDTH, rect->w - 2 -
	    LABEL_WIDTH, state->imported[0] != '\0' ? state->imported :
	    "never shown, never written to disk",
	    tui_draw_attr(TUI_COLOUR_DIM));
	if (state->imported[0] != '\0' && state->password_warning)
		tui_draw_text(y + 4, rect->x + 1 + LABEL_WIDTH, rect->w - 2 -
		    LABEL_WIDTH, "this looks like an account password; "
		    "CodeBuild should get a personal access token",
		    tui_draw_attr(TUI_COLOUR_ERROR));
	text.y = y + 6;
	text.h = 2;
	rows = tui_draw_wrap(&text, 0, "I already have a secret in Secrets "
	    "Manager: press ctrl-e to skip this step.", A_NORMAL);
	if (state->message[0] != '\0') {
		text.y = y + 7 + rows;
		text.h = rect->h - (text.y - rect->y);
		tui_draw_wrap(&text, 0, state->message,
		    tui_draw_attr(TUI_COLOUR_ERROR));
	}
}

/* Summary, rate limits and, when the check failed, the hint: the parts
 * that are set, with a blank line between them. */
static void
report_text(const struct flow_dockerhub_report *report, char *buf,
    size_t size)
{
	const char *parts[] = {
		report->summary,
		report->rate_limits,
		report->ok ? "" : report->hint,
	};
	size_t used = 0, i;
	int n;

	buf[0] = '\0';
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (parts[i][0] == '\0' || used >= size)
			continue;
		n = snprintf(buf + used, size - used, "%s%s",
		    used > 0 ? "\n\n" : "", parts[i]);
		if (n > 0)
			used += (size_t)n;
	}
}

static void
draw_report(struct dockerhub_state *state, const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 1, rect->x + 1, rect->h - 5,
	    rect->w - 2};
	struct tui_rect list = {rect->y + rect->h - 3, rect->x, 3, rect->w};
	char body[2048];
	int ok = state->check_rc == 0 && state->report.ok;
	int rows;

	if (state->check_rc != 0)
		hc_error_format(&state->check_err, body, sizeof body);
	else
		report_text(&state->report, body, sizeof body);
	tui_draw_text(text.y, text.x, text.w, ok ?
	    "The credentials work." : "The check failed.",
	    A_BOLD | tui_draw_attr(ok ? TUI_COLOUR_OK : TUI_COLOUR_ERROR));
	text.y += 2;
	rows = tui_draw_wrap(&text, 0, body, A_NORMAL);
	/* The choices follow the text; a long text pushes them to the
	 * bottom, where they stay. */
	if (text.y + rows + 1 < list.y)
		list.y = text.y + rows + 1;
	tui_list_draw(&state->choices, &list);
}

static void
dockerhub_draw(struct screen *screen, const struct tui_rect *rect)
{
	struct dockerhub_state *state = screen->data;

	if (state->mode == DOCKERHUB_FORM)
		draw_form(state, rect);
	else
		draw_report(state, rect);
}

/* Enter in the form: store the username, hand over the token, check. */
static enum screen_action
submit(struct screen *screen, struct dockerhub_state *state,
    struct hc_error *err)
{
	struct hc_error e;

	state->message[0] = '\0';
	if (tui_input_empty(&state->user)) {
		snprintf(state->message, sizeof state->message,
		    "Enter the Docker Hub username, or press ctrl-e if a "
		    "secret in Secrets Manager already holds it.");
		state->focus = 0;
		return SCREEN_STAY;
	}
	if (tui_input_empty(&state->token) && !state->token_given) {
		snprintf(state->message, sizeof state->message,
		    "Paste a Docker Hub access token, or press ctrl-e if a "
		    "secret in Secrets Manager already holds it.");
		state->focus = 1;
		return SCREEN_STAY;
	}
	hc_error_init(&e);
	if (flow_choose_dockerhub_user(screen->flow,
	    tui_input_text(&state->user), &e) != 0) {
		hc_error_format(&e, state->message, sizeof state->message);
		state->focus = 0;
		return SCREEN_STAY;
	}
	if (!tui_input_empty(&state->token)) {
		flow_take_dockerhub_token(screen->flow, state->secret);
		state->secret = NULL;
		state->token_given = 1;
		state->imported[0] = '\0';
		state->password_warning = 0;
		if (new_token(state, err) != 0)
			return SCREEN_FAIL;
	}
	screen_wizard_task(screen, "Checking the credentials at Docker Hub",
	    1, check_task, state);
	return SCREEN_STAY;
}

/* Ctrl-D in the form: take the docker login, then check it as Enter
 * does. A token typed in the field but not yet checked is dropped. */
static enum screen_action
import_login(struct screen *screen, struct dockerhub_state *state,
    struct hc_error *err)
{
	char username[256], source[256];
	int is_access_token = 0;
	struct hc_error e;
	size_t used;

	state->message[0] = '\0';
	hc_error_init(&e);
	if (flow_import_docker_login(screen->flow, username, sizeof username,
	    source, sizeof source, &is_access_token, &e) != 0) {
		used = 0;
		if (e.code == HC_ERR_NOT_FOUND) {
			snprintf(state->message, sizeof state->message,
			    "No Docker Hub login saved by docker login was "
			    "found.\n");
			used = strlen(state->message);
		}
		hc_error_format(&e, state->message + used,
		    sizeof state->message - used);
		return SCREEN_STAY;
	}
	tui_input_set_text(&state->user, username);
	snprintf(state->imported, sizeof state->imported,
	    "token imported from %s", source);
	state->password_warning = !is_access_token;
	state->token_given = 1;
	hc_secret_free(state->secret);
	state->secret = NULL;
	if (new_token(state, err) != 0)
		return SCREEN_FAIL;
	state->focus = 1;
	return submit(screen, state, err);
}

/* Ctrl-E in the form: go on without credentials. A token typed but not
 * yet checked is dropped with the one the flow held. */
static enum screen_action
skip(struct dockerhub_state *state, struct hc_error *err)
{
	if (flow_skip_dockerhub(state->flow, err) != 0)
		return SCREEN_FAIL;
	state->token_given = 0;
	state->imported[0] = '\0';
	state->password_warning = 0;
	state->message[0] = '\0';
	hc_secret_free(state->secret);
	state->secret = NULL;
	if (new_token(state, err) != 0)
		return SCREEN_FAIL;
	return SCREEN_NEXT;
}

/*
 * Move an access token typed or pasted into the Username field to the
 * Token field, and wipe it from the plain buffer, so it is never shown
 * or kept unguarded. Docker's tokens start with "dckr_pat_" (personal)
 * or "dckr_oat_" (organization), which no account name can contain.
 * The rest of a paste then goes to the Token field, which has the focus.
 */
static void
move_token_out(struct dockerhub_state *state, struct hc_error *err)
{
	static const char *const prefixes[] = {"dckr_pat_", "dckr_oat_"};
	char *text = state->user.text, *at = NULL;
	size_t i, n;

	for (i = 0; i < sizeof prefixes / sizeof prefixes[0] && at == NULL;
	    i++)
		at = strstr(text, prefixes[i]);
	if (at == NULL || state->secret == NULL)
		return;
	n = strlen(at);
	hc_secret_clear(state->secret);
	if (hc_secret_append(state->secret, at, n, err) < 0) {
		hc_error_format(err, state->message, sizeof state->message);
		hc_secret_clear(state->secret);
	} else {
		snprintf(state->message, sizeof state->message, "That was an "
		    "access token, so it went to the Token field.");
	}
	sodium_memzero(at, n);
	state->user.len = (size_t)(at - text);
	state->focus = 1;
}

static enum screen_action
form_key(struct screen *screen, struct dockerhub_state *state, int key,
    struct hc_error *err)
{
	struct tui_input *field = state->focus ? &state->token : &state->user;
	struct hc_error e;

	switch (key) {
	case '\t':
	case KEY_BTAB:
	case KEY_UP:
	case KEY_DOWN:
		state->focus = !state->focus;
		return SCREEN_STAY;
	case TUI_KEY_ESC:
		return SCREEN_BACK;
	case KEY_CTRL_D:
		return import_login(screen, state, err);
	case KEY_CTRL_E:
		return skip(state, err);
	}
	hc_error_init(&e);
	switch (tui_input_key(field, key, &e)) {
	case TUI_INPUT_SUBMIT:
		if (state->focus == 0 && tui_input_empty(&state->token) &&
		    !state->token_given) {
			state->focus = 1;
			return SCREEN_STAY;
		}
		return submit(screen, state, err);
	case TUI_INPUT_ERROR:
		hc_error_format(&e, state->message, sizeof state->message);
		return SCREEN_STAY;
	case TUI_INPUT_CHANGED:
		if (state->focus == 0)
			move_token_out(state, &e);
		return SCREEN_STAY;
	case TUI_INPUT_UNHANDLED:
		break;
	}
	/* Every other key stays here: q and ? are letters in a field. */
	return key == KEY_F(1) ? SCREEN_UNHANDLED : SCREEN_STAY;
}

static void
show_report(struct screen *screen, struct dockerhub_state *state)
{
	hc_error_init(&state->check_err);
	state->check_rc = screen_wizard_task_rc(screen, &state->check_err);
	tui_list_clear(&state->choices);
	if (state->check_rc == 0 && state->report.ok) {
		tui_list_add(&state->choices, "Continue", NULL, NULL, NULL, 0);
	} else {
		tui_list_add(&state->choices, "Continue anyway", NULL, NULL,
		    NULL, 0);
		tui_list_add(&state->choices, "Enter the token again", NULL,
		    NULL, NULL, 0);
		tui_list_select(&state->choices, CHOICE_REENTER);
	}
	set_mode(screen, DOCKERHUB_REPORT);
}

static enum screen_action
report_key(struct screen *screen, struct dockerhub_state *state, int key)
{
	if (key == TUI_KEY_ESC) {
		set_mode(screen, DOCKERHUB_FORM);
		return SCREEN_STAY;
	}
	switch (tui_list_key(&state->choices, key)) {
	case TUI_LIST_CHOSEN:
		break;
	case TUI_LIST_HANDLED:
		return SCREEN_STAY;
	case TUI_LIST_UNHANDLED:
		return SCREEN_UNHANDLED;
	}
	if (tui_list_selected(&state->choices) == CHOICE_CONTINUE)
		return SCREEN_NEXT;
	state->focus = 1;
	set_mode(screen, DOCKERHUB_FORM);
	return SCREEN_STAY;
}

static enum screen_action
dockerhub_key(struct screen *screen, int key, struct hc_error *err)
{
	struct dockerhub_state *state = screen->data;

	switch (key) {
	case SCREEN_KEY_TASK_DONE:
		show_report(screen, state);
		return SCREEN_STAY;
	case SCREEN_KEY_TASK_CANCELLED:
		set_mode(screen, DOCKERHUB_FORM);
		return SCREEN_STAY;
	case SCREEN_KEY_DIALOG:
		return SCREEN_STAY;
	}
	if (state->mode == DOCKERHUB_FORM)
		return form_key(screen, state, key, err);
	return report_key(screen, state, key);
}

static void
dockerhub_destroy(struct screen *screen)
{
	struct dockerhub_state *state = screen->data;

	if (state == NULL)
		return;
	hc_secret_free(state->secret);
	tui_list_done(&state->choices);
	free(state);
	screen->data = NULL;
}

const struct screen_ops screen_dockerhub_ops = {
	.step = FLOW_STEP_DOCKERHUB,
	.enter = dockerhub_enter,
	.draw = dockerhub_draw,
	.key = dockerhub_key,
	.destroy = dockerhub_destroy,
};
