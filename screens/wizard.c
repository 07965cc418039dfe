/* The wizard: one key loop running the screens of the flow's steps. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/net.h"
#include "screens/screens.h"
#include "screens/wizard.h"
#include "tui/app.h"
#include "tui/spinner.h"

/* Dialog tags the wizard keeps for itself (screens use tags above 0). */
enum {
	WIZARD_TAG_HELP = -1,
	WIZARD_TAG_QUIT = -2,
};

/* How often a network call's spinner turns, and how long the loop waits
 * for a key: never unbounded, so a signal is seen even if a read
 * restarts. */
#define WIZARD_TICK_MS 100
#define WIZARD_IDLE_MS 500

/* Keys kept while a screen's own network call waits. */
#define WIZARD_TYPEAHEAD_MAX 32

struct wizard {
	struct tui_app app;
	struct flow *flow;
	struct screen screens[FLOW_STEP_COUNT];
	const char *step_titles[FLOW_STEP_COUNT];
	enum flow_step step;
	int applied;
	int applying;			/* the apply task is running: the
					   secret may be written already */
	int repaired;			/* a repair was applied earlier in
					   this run: quitting is no cancel */
	int dirty;
	const enum flow_step *path;	/* the steps of this way through */
	size_t npath;
	size_t pos;			/* index of step in path */

	struct tui_dialog dialog;
	enum tui_dialog_result dialog_result;
	int dialog_tag;

	/* A task runs on the main thread after the screen's enter() or
	 * key() that requested it has returned. While its network calls
	 * wait, wizard_on_net() reads keys and redraws. A network call
	 * made outside a task sets net_busy and is shown the same way. */
	screen_task_fn task_fn;
	void *task_arg;
	int task_pending;
	int task_running;
	int net_busy;
	int task_cancellable;
	int task_cancelled;
	int quit_after_task;
	int task_rc;
	struct hc_error task_err;
	struct tui_spinner spinner;
	char net_what[160];		/* the call under way */
	char notice[200];		/* under the step until the next key */

	/* Keys typed during a network call that a screen made itself,
	 * for the screen once the call has returned. */
	int typeahead[WIZARD_TYPEAHEAD_MAX];
	size_t ntypeahead;
};

static const struct screen_ops *const wizard_ops[FLOW_STEP_COUNT] = {
	[FLOW_STEP_SCAN] = &screen_scan_ops,
	[FLOW_STEP_PROJECT] = &screen_project_ops,
	[FLOW_STEP_DOCKERHUB] = &screen_dockerhub_ops,
	[FLOW_STEP_SECRET] = &screen_secret_ops,
	[FLOW_STEP_PERMISSIONS] = &screen_permissions_ops,
	[FLOW_STEP_REVIEW] = &screen_review_ops,
	[FLOW_STEP_APPLY] = &screen_apply_ops,
	[FLOW_STEP_REPAIR] = &screen_repair_ops,
};

/* The two ways through the steps: set up one project, or repair what
 * doctor found. Both start with the scan and the project list. */
static const enum flow_step setup_path[] = {
	FLOW_STEP_SCAN, FLOW_STEP_PROJECT, FLOW_STEP_DOCKERHUB,
	FLOW_STEP_SECRET, FLOW_STEP_PERMISSIONS, FLOW_STEP_REVIEW,
	FLOW_STEP_APPLY,
};
static const enum flow_step repair_path[] = {
	FLOW_STEP_SCAN, FLOW_STEP_PROJECT, FLOW_STEP_REPAIR,
	FLOW_STEP_REVIEW, FLOW_STEP_APPLY,
};

#define WIZARD_PATH_LEN(path) (sizeof path / sizeof path[0])

static const struct tui_hint global_help[] = {
	{.key = "?, f1", .help = "show this help"},
	{.key = "esc, h", .help = "back to the previous step"},
	{.key = "q", .help = "quit (asks first when answers would be lost)"},
	{.key = "ctrl-c", .help = "quit now; nothing is written"},
	TUI_HINT_END,
};

/* The global keys while a text field or a filter line takes the keys. */
static const struct tui_hint typing_help[] = {
	{.key = "f1", .help = "show this help"},
	{.key = "esc", .help = "back to the previous step"},
	{.key = "ctrl-c", .help = "quit now; nothing is written"},
	TUI_HINT_END,
};

static const struct tui_hint task_hints[] = {
	{.key = "esc", .label = "cancel"},
	{.key = "q", .label = "quit"},
	TUI_HINT_END,
};

static const struct tui_hint net_hints[] = {
	{.key = "esc", .label = "cancel"},
	{.key = "ctrl-c", .label = "quit"},
	TUI_HINT_END,
};

static const struct tui_hint uncancellable_hints[] = {
	{.key = "q", .label = "quit when it ends"},
	TUI_HINT_END,
};

static struct screen *
current(struct wizard *w)
{
	return &w->screens[w->step];
}

void
screen_wizard_task(struct screen *screen, const char *label,
    int cancellable, screen_task_fn fn, void *arg)
{
	struct wizard *w = screen->wizard;

	tui_spinner_start(&w->spinner, label);
	w->task_fn = fn;
	w->task_arg = arg;
	w->task_cancellable = cancellable;
	w->task_pending = 1;
	w->dirty = 1;
}

int
screen_wizard_task_rc(struct screen *screen, struct hc_error *err)
{
	struct wizard *w = screen->wizard;

	if (w->task_rc != 0 && err != NULL)
		*err = w->task_err;
	return w->task_rc;
}

void
screen_wizard_dialog(struct screen *screen, enum tui_dialog_kind kind,
    int tag, const char *title, const char *fmt, ...)
{
	struct wizard *w = screen->wizard;
	char text[TUI_DIALOG_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	tui_dialog_open(&w->dialog, kind, tag, title, "%s", text);
	w->dirty = 1;
}

void
screen_wizard_error(struct screen *screen, int tag, const char *title,
    const struct hc_error *err)
{
	char text[TUI_DIALOG_TEXT_MAX];

	hc_error_format(err, text, sizeof text);
	hc_log(HC_LOG_ERROR, "wizard", "%s: %s", title, err->message);
	screen_wizard_dialog(screen, TUI_DIALOG_ERROR, tag, title, "%s", text);
}

enum tui_dialog_result
screen_wizard_dialog_result(struct screen *screen, int *tag)
{
	struct wizard *w = screen->wizard;

	if (tag != NULL)
		*tag = w->dialog_tag;
	return w->dialog_result;
}

void
screen_wizard_set_account(struct screen *screen, const char *label,
    const char *account, const char *region)
{
	struct wizard *w = screen->wizard;
	char status[128];

	snprintf(status, sizeof status, "%s %s %s", label,
	    account ? account : "", region ? region : "");
	tui_app_set_status(&w->app, status);
	w->dirty = 1;
}

void
screen_wizard_set_notice(struct screen *screen, const char *text)
{
	struct wizard *w = screen->wizard;

	snprintf(w->notice, sizeof w->notice, "%s", text ? text : "");
	w->dirty = 1;
}

void
screen_wizard_set_applied(struct screen *screen)
{
	screen->wizard->applied = 1;
}

void
screen_wizard_set_applying(struct screen *screen, int applying)
{
	screen->wizard->applying = applying;
}

/* The root for the title line, with the home directory as "~". */
static void
wizard_set_root(struct wizard *w)
{
	const char *root = flow_root(w->flow);
	const char *home = getenv("HOME");
	size_t n = home ? strlen(home) : 0;
	char title[512];

	if (root == NULL)
		root = "";
	if (n > 1 && strncmp(root, home, n) == 0 &&
	    (root[n] == '/' || root[n] == '\0'))
		snprintf(title, sizeof title, "~%s", root + n);
	else
		snprintf(title, sizeof title, "%s", root);
	tui_app_set_title(&w->app, title, "");
}

/* Answers that quitting would throw away: anything past the project. */
static int
wizard_unapplied(const struct wizard *w)
{
	return !w->applied && w->step > FLOW_STEP_PROJECT;
}

static void
wizard_help(struct wizard *w)
{
	const struct tui_hint *hints = current(w)->hints;
	char text[TUI_DIALOG_TEXT_MAX];
	size_t n;

	n = tui_hints_format_help(hints, text, sizeof text);
	/* A key in the screen's own hints is listed once, with the
	 * screen's meaning. */
	if (n < sizeof text)
		tui_hints_format_help_except(tui_hints_have_key(hints, "f1") ?
		    typing_help : global_help, hints, text + n,
		    sizeof text - n);
	tui_dialog_open(&w->dialog, TUI_DIALOG_MESSAGE, WIZARD_TAG_HELP,
	    "Keys", "%s", text);
}

static void
wizard_draw_task(struct wizard *w, const struct tui_rect *rect)
{
	struct tui_rect text = {rect->y + 5, rect->x + 1, rect->h - 5,
	    rect->w - 2};
	const char *note = NULL;

	tui_draw_clear(rect, A_NORMAL);
	tui_spinner_draw(&w->spinner, rect->y + 1, rect->x + 1, rect->w - 2);
	if (w->net_what[0] != '\0' && strcmp(w->net_what, w->spinner.label))
		tui_draw_line(rect->y + 3, rect->x + 3, rect->w - 4,
		    w->net_what, tui_draw_attr(TUI_COLOUR_DIM));
	if (w->quit_after_task && !w->task_cancellable)
		note = "hubcred quits when this step ends.";
	else if (!w->task_cancellable)
		note = "This step cannot be cancelled once started.";
	if (note != NULL)
		tui_draw_wrap(&text, 0, note, tui_draw_attr(TUI_COLOUR_DIM));
}

/* The last row of the box: what was cancelled, until the next key. */
static void
wizard_draw_notice(struct wizard *w, const struct tui_rect *rect)
{
	if (w->notice[0] == '\0' || rect->h < 2)
		return;
	tui_draw_line(rect->y + rect->h - 1, rect->x + 1, rect->w - 2,
	    w->notice, A_BOLD);
}

static void
wizard_draw(struct wizard *w)
{
	struct screen *screen = current(w);
	const struct tui_hint *hints = screen->hints;
	int busy = w->task_running || w->net_busy;
	struct tui_rect content, whole;

	if (busy && !w->task_cancellable)
		hints = uncancellable_hints;
	else if (busy)
		hints = w->task_running ? task_hints : net_hints;
	if (tui_app_draw_frame(&w->app, screen->title, hints, &content) == 0) {
		if (busy) {
			wizard_draw_task(w, &content);
		} else {
			screen->ops->draw(screen, &content);
			wizard_draw_notice(w, &content);
		}
		if (w->dialog.open && !busy) {
			whole = tui_app_screen_rect(&w->app);
			tui_dialog_draw(&w->dialog, &whole);
		}
	}
	tui_app_show(&w->app);
	w->dirty = 0;
}

/* Show path in the step list; the wizard walks it from now on. */
static void
wizard_set_path(struct wizard *w, const enum flow_step *path, size_t n)
{
	size_t i;

	w->path = path;
	w->npath = n;
	for (i = 0; i < n; i++)
		w->step_titles[i] = flow_step_title(path[i]);
	tui_app_set_steps(&w->app, w->step_titles, n);
}

/* Make the step at pos of the path current and enter its screen;
 * returns enter's action. */
static enum screen_action
wizard_enter(struct wizard *w, size_t pos, struct hc_error *err)
{
	struct screen *screen;
	size_t i;

	w->pos = pos;
	w->step = w->path[pos];
	hc_log(HC_LOG_INFO, "wizard", "step %s", flow_step_title(w->step));
	tui_app_set_step(&w->app, pos);
	for (i = 0; i < w->npath; i++)
		tui_app_mark_done(&w->app, i, i < pos);
	screen = current(w);
	w->dirty = 1;
	return screen->ops->enter(screen, err);
}

static void
wizard_destroy_screens(struct wizard *w)
{
	int i;

	for (i = 0; i < FLOW_STEP_COUNT; i++)
		if (w->screens[i].ops->destroy != NULL)
			w->screens[i].ops->destroy(&w->screens[i]);
}

static void
wizard_leave(struct wizard *w)
{
	struct screen *screen = current(w);

	if (screen->ops->leave != NULL)
		screen->ops->leave(screen);
}

static void
wizard_cancel(const struct wizard *w, struct hc_error *err)
{
	if (w->applied || w->repaired) {
		hc_log(HC_LOG_INFO, "wizard", "quit after applying");
		hc_error_set(err, HC_ERR_CANCELLED, "quit; what was applied "
		    "stays");
		hc_error_hint(err, "hubcred undo reverts the last apply");
		return;
	}
	if (w->applying) {
		hc_log(HC_LOG_INFO, "wizard", "quit while applying");
		hc_error_set(err, HC_ERR_CANCELLED, "quit while applying: no "
		    "file was written, but the secret may already be written "
		    "to Secrets Manager");
		hc_error_hint(err, "run hubcred again to finish: it finds the "
		    "secret and puts the value again");
		return;
	}
	hc_log(HC_LOG_INFO, "wizard", "quit before applying");
	hc_error_set(err, HC_ERR_CANCELLED, "quit before applying; "
	    "nothing was written");
}

/* End the wizard at the person's request: status 0 when this run wrote
 * something, else cancelled. Always returns 1: the wizard ends. */
static int
wizard_quit(struct wizard *w, int *rc, struct hc_error *err)
{
	if (w->applied || w->repaired) {
		*rc = 0;
		return 1;
	}
	wizard_cancel(w, err);
	*rc = -1;
	return 1;
}

/*
 * Carry out what a screen asked for, following enter's own requests.
 * Returns 1 when the wizard ends, with the result in *rc.
 */
static int
wizard_act(struct wizard *w, enum screen_action action, int *rc,
    struct hc_error *err)
{
	for (;;) {
		switch (action) {
		case SCREEN_UNHANDLED:
		case SCREEN_STAY:
			w->dirty = 1;
			return 0;
		case SCREEN_NEXT:
			if (w->pos + 1 >= w->npath) {
				*rc = 0;
				return 1;
			}
			wizard_leave(w);
			action = wizard_enter(w, w->pos + 1, err);
			break;
		case SCREEN_RESCAN:
			/* Every screen's state belongs to the old scan. */
			wizard_leave(w);
			wizard_destroy_screens(w);
			w->repaired = w->repaired || w->applied;
			w->applied = 0;
			wizard_set_path(w, setup_path,
			    WIZARD_PATH_LEN(setup_path));
			action = wizard_enter(w, 0, err);
			break;
		case SCREEN_REPAIR:
			wizard_leave(w);
			wizard_set_path(w, repair_path,
			    WIZARD_PATH_LEN(repair_path));
			action = wizard_enter(w, w->pos + 1, err);
			break;
		case SCREEN_BACK:
			/* Scan runs once; the project list is the start. */
			if (w->step <= FLOW_STEP_PROJECT) {
				w->dirty = 1;
				return 0;
			}
			wizard_leave(w);
			/* Back at the list, both ways are open again. */
			if (w->path[w->pos - 1] == FLOW_STEP_PROJECT)
				wizard_set_path(w, setup_path,
				    WIZARD_PATH_LEN(setup_path));
			action = wizard_enter(w, w->pos - 1, err);
			break;
		case SCREEN_FINISH:
			*rc = 0;
			return 1;
		case SCREEN_FAIL:
			hc_error_set(err, HC_ERR_INTERNAL,
			    "the %s step stopped without saying why",
			    flow_step_title(w->step));
			*rc = -1;
			return 1;
		}
	}
}

/* Keys no screen took: quit, help, back. Returns 1 when quitting. */
static int
wizard_global_key(struct wizard *w, int key, int *rc, struct hc_error *err)
{
	switch (key) {
	case 'q':
		if (wizard_unapplied(w)) {
			tui_dialog_open(&w->dialog, TUI_DIALOG_CONFIRM,
			    WIZARD_TAG_QUIT, "Quit?", w->repaired ?
			    "The repair applied before stays. Quit and lose "
			    "the answers given since?" : "Nothing has been "
			    "written yet. Quit and lose the answers given so "
			    "far?");
			w->dirty = 1;
			return 0;
		}
		return wizard_quit(w, rc, err);
	case '?':
	case KEY_F(1):
		wizard_help(w);
		w->dirty = 1;
		return 0;
	case TUI_KEY_ESC:
	case 'h':
	case KEY_LEFT:
		return wizard_act(w, SCREEN_BACK, rc, err);
	}
	return 0;
}

static int
wizard_dialog_key(struct wizard *w, int key, int *rc, struct hc_error *err)
{
	struct screen *screen = current(w);
	enum tui_dialog_result result;
	int tag = w->dialog.tag;

	result = tui_dialog_key(&w->dialog, key);
	w->dirty = 1;
	if (result == TUI_DIALOG_OPEN || tag == WIZARD_TAG_HELP)
		return 0;
	if (tag == WIZARD_TAG_QUIT) {
		if (result != TUI_DIALOG_YES)
			return 0;
		return wizard_quit(w, rc, err);
	}
	w->dialog_result = result;
	w->dialog_tag = tag;
	return wizard_act(w, screen->ops->key(screen, SCREEN_KEY_DIALOG, err),
	    rc, err);
}

/* Whether the hook returns NET_CANCEL for the call under way. */
static int
wizard_cancelling(const struct wizard *w)
{
	return w->task_cancellable && (w->task_cancelled || w->quit_after_task);
}

/*
 * The net hook: while a network call waits, read the keys typed, redraw
 * (the spinner turns, and a resize takes the new size) and decide whether
 * to cancel. Esc cancels, and Ctrl-C (or q during a task) cancels and
 * quits. Other keys are dropped during a task and kept for the screen
 * during a call it made itself. An uncancellable task only records the
 * request to quit. Once cancelling, every later call of the same task is
 * cancelled at once, so the task ends quickly.
 */
static enum net_action
wizard_on_net(void *arg, const char *what, int ready)
{
	struct wizard *w = arg;
	int key;

	(void)ready;
	if (!w->task_running && !w->net_busy) {
		/* A call a screen made itself: spin on its own name. */
		w->net_busy = 1;
		w->task_cancellable = 1;
		w->task_cancelled = 0;
		w->quit_after_task = 0;
		tui_spinner_start(&w->spinner, what);
	}
	snprintf(w->net_what, sizeof w->net_what, "%s", what);
	/* During a screen's own call, q may be text for a field: only
	 * Ctrl-C quits then. */
	while ((key = tui_app_read_key(&w->app, 0)) != TUI_KEY_NONE) {
		if (key == TUI_KEY_INTERRUPT || (key == 'q' && !w->net_busy))
			w->quit_after_task = 1;
		else if (key == TUI_KEY_ESC)
			w->task_cancelled = 1;
		else if (w->net_busy && key != KEY_RESIZE &&
		    w->ntypeahead < WIZARD_TYPEAHEAD_MAX)
			w->typeahead[w->ntypeahead++] = key;
	}
	wizard_draw(w);
	return wizard_cancelling(w) ? NET_CANCEL : NET_WAIT;
}

/* Say under the step that its call was cancelled. */
static void
wizard_set_cancelled(struct wizard *w)
{
	snprintf(w->notice, sizeof w->notice, "Cancelled: %s (after %lds). "
	    "Nothing was changed.", w->spinner.label,
	    tui_spinner_elapsed(&w->spinner));
	hc_log(HC_LOG_INFO, "wizard", "%s: cancelled after %lds",
	    w->spinner.label, tui_spinner_elapsed(&w->spinner));
}

/*
 * After a screen's call that made a network call itself: quit if asked
 * to, else note a cancellation. Returns 1 when the wizard ends.
 */
static int
wizard_net_done(struct wizard *w, int *rc, struct hc_error *err)
{
	w->net_busy = 0;
	w->net_what[0] = '\0';
	w->dirty = 1;
	if (w->quit_after_task) {
		wizard_cancel(w, err);
		*rc = -1;
		return 1;
	}
	if (w->task_cancelled) {
		/* Keys typed before Esc were meant for the call's outcome,
		 * which did not come. */
		w->ntypeahead = 0;
		wizard_set_cancelled(w);
	}
	w->task_cancelled = 0;
	return 0;
}

/*
 * Whether the task that just returned may have written something: an
 * uncancellable task, or an apply that the cancel did not stop (q came
 * after the secret call had returned, or apply failed on its own).
 */
static int
wizard_task_wrote(const struct wizard *w)
{
	if (!w->task_cancellable)
		return 1;
	if (w->screens[w->step].ops->step != FLOW_STEP_APPLY)
		return 0;
	return w->task_rc == 0 || w->task_err.code != HC_ERR_CANCELLED;
}

/*
 * Run the task a screen asked for, then hand the screen its result:
 * SCREEN_KEY_TASK_DONE, or SCREEN_KEY_TASK_CANCELLED after Esc. q and
 * Ctrl-C quit once it has returned. Returns 1 when the wizard ends.
 */
static int
wizard_run_task(struct wizard *w, int *rc, struct hc_error *err)
{
	struct screen *screen = current(w);
	int pseudo = SCREEN_KEY_TASK_DONE;

	w->task_pending = 0;
	w->task_running = 1;
	w->task_cancelled = 0;
	w->quit_after_task = 0;
	w->net_what[0] = '\0';
	w->notice[0] = '\0';
	hc_error_init(&w->task_err);
	hc_log(HC_LOG_INFO, "wizard", "%s: started", w->spinner.label);
	wizard_draw(w);
	w->task_rc = w->task_fn(w->task_arg, &w->task_err);
	w->task_running = 0;
	w->net_what[0] = '\0';
	w->dirty = 1;
	hc_log(HC_LOG_INFO, "wizard", "%s: %s after %lds", w->spinner.label,
	    w->task_rc == 0 ? "done" : "failed",
	    tui_spinner_elapsed(&w->spinner));

	if (w->quit_after_task && !wizard_task_wrote(w)) {
		wizard_cancel(w, err);
		*rc = -1;
		return 1;
	}
	if (w->quit_after_task) {
		/* Apply's result is the wizard's, even when the person
		 * asked to quit. */
		*rc = w->task_rc;
		if (*rc != 0 && err != NULL)
			*err = w->task_err;
		return 1;
	}
	if (w->task_cancelled) {
		pseudo = SCREEN_KEY_TASK_CANCELLED;
		wizard_set_cancelled(w);
	}
	return wizard_act(w, screen->ops->key(screen, pseudo, err), rc, err);
}

/* The next key: one typed during a screen's network call first. */
static int
wizard_read_key(struct wizard *w)
{
	int key;

	if (w->ntypeahead == 0)
		return tui_app_read_key(&w->app, WIZARD_IDLE_MS);
	key = w->typeahead[0];
	w->ntypeahead--;
	memmove(w->typeahead, w->typeahead + 1,
	    w->ntypeahead * sizeof w->typeahead[0]);
	return key;
}

/* The key loop; returns the wizard's result. */
static int
wizard_loop(struct wizard *w, struct hc_error *err)
{
	enum screen_action action;
	int rc = 0;
	int key;

	if (wizard_act(w, wizard_enter(w, 0, err), &rc, err))
		return rc;
	for (;;) {
		if (w->net_busy && wizard_net_done(w, &rc, err))
			return rc;
		if (w->task_pending) {
			if (wizard_run_task(w, &rc, err))
				return rc;
			continue;
		}
		if (w->dirty)
			wizard_draw(w);
		key = wizard_read_key(w);
		if (key == TUI_KEY_NONE)
			continue;
		w->dirty = 1;
		if (key != KEY_RESIZE)
			w->notice[0] = '\0';
		/* Too small for the quit question: q quits only when no
		 * answer would be lost, and ctrl-c always does. */
		if (key == TUI_KEY_INTERRUPT ||
		    (key == 'q' && tui_app_too_small(&w->app) &&
		    !wizard_unapplied(w))) {
			wizard_cancel(w, err);
			return -1;
		}
		if (key == KEY_RESIZE || tui_app_too_small(&w->app))
			continue;
		if (w->dialog.open) {
			if (wizard_dialog_key(w, key, &rc, err))
				return rc;
			continue;
		}
		action = current(w)->ops->key(current(w), key, err);
		if (action == SCREEN_UNHANDLED) {
			if (wizard_global_key(w, key, &rc, err))
				return rc;
			continue;
		}
		if (wizard_act(w, action, &rc, err))
			return rc;
	}
}

static void
wizard_init(struct wizard *w, struct flow *flow)
{
	int i;

	w->flow = flow;
	for (i = 0; i < FLOW_STEP_COUNT; i++) {
		w->step_titles[i] = flow_step_title(i);
		w->screens[i].ops = wizard_ops[i];
		w->screens[i].wizard = w;
		w->screens[i].flow = flow;
		snprintf(w->screens[i].title, sizeof w->screens[i].title,
		    "%s", w->step_titles[i]);
	}
	wizard_set_path(w, setup_path, WIZARD_PATH_LEN(setup_path));
	wizard_set_root(w);
}

static void
wizard_done(struct wizard *w)
{
	wizard_leave(w);
	wizard_destroy_screens(w);
}

int
screens_run_wizard(struct flow *flow, struct hc_error *err)
{
	struct net_hook hook = {.fn = wizard_on_net, .fd = STDIN_FILENO,
	    .tick_ms = WIZARD_TICK_MS};
	struct wizard *w;
	int rc;

	w = calloc(1, sizeof *w);
	if (w == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (tui_app_start(&w->app, err) != 0) {
		free(w);
		return -1;
	}
	wizard_init(w, flow);
	hook.arg = w;
	net_hook_set(&hook);
	rc = wizard_loop(w, err);
	net_hook_set(NULL);
	wizard_done(w);
	tui_app_stop(&w->app);
	free(w);
	return rc;
}
