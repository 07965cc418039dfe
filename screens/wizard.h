/*
 * Wizard screens, and the services the wizard gives them: the key loop,
 * dialogs, the help overlay, and calls that wait on the network with
 * a spinner.
 *
 * Each step of core/flow.h has one screen, a file in screens/ that fills
 * a struct screen_ops. The wizard calls enter when the step becomes
 * current, draw on every redraw, key for each key, leave when the step
 * stops being current, and destroy once at the end.
 */
#ifndef HUBCRED_SCREENS_WIZARD_H
#define HUBCRED_SCREENS_WIZARD_H

#include <curses.h>

#include "core/error.h"
#include "core/flow.h"
#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/hints.h"

struct wizard;

/* A call the wizard runs for a screen: returns 0 or -1 with err set. */
typedef int (*screen_task_fn)(void *arg, struct hc_error *err);

/* Action a screen requests from the wizard after enter or a key. */
enum screen_action {
	SCREEN_UNHANDLED,	/* not the screen's key: apply global keys */
	SCREEN_STAY,		/* handled; redraw */
	SCREEN_NEXT,		/* the step is answered: go to the next */
	SCREEN_BACK,		/* go to the previous step */
	SCREEN_FINISH,		/* end the wizard with success */
	SCREEN_FAIL,		/* end the wizard with err set */
	SCREEN_REPAIR,		/* from the project list: repair doctor's
				   findings instead of setting up */
	SCREEN_RESCAN,		/* after a repair: scan again and start
				   over at the project list */
};

/* Pseudo-keys the wizard passes to key(). */
#define SCREEN_KEY_TASK_DONE (KEY_MAX + 1)	/* see screen_wizard_task_rc */
#define SCREEN_KEY_TASK_CANCELLED (KEY_MAX + 2)	/* Esc: result dropped */
#define SCREEN_KEY_DIALOG (KEY_MAX + 3)		/* see _dialog_result */

struct screen {
	const struct screen_ops *ops;
	struct wizard *wizard;
	struct flow *flow;
	void *data;			/* the screen's own state */
	char title[128];		/* the step's question: box title */
	const struct tui_hint *hints;	/* the bar and the help overlay;
					   hints with "f1" mean keys go to
					   a text field, so ?, h and q type */
};

struct screen_ops {
	enum flow_step step;
	enum screen_action (*enter)(struct screen *screen,
	    struct hc_error *err);
	void (*draw)(struct screen *screen, const struct tui_rect *rect);
	enum screen_action (*key)(struct screen *screen, int key,
	    struct hc_error *err);
	void (*leave)(struct screen *screen);
	void (*destroy)(struct screen *screen);	/* free data */
};

extern const struct screen_ops screen_scan_ops;
extern const struct screen_ops screen_project_ops;
extern const struct screen_ops screen_dockerhub_ops;
extern const struct screen_ops screen_secret_ops;
extern const struct screen_ops screen_permissions_ops;
extern const struct screen_ops screen_review_ops;
extern const struct screen_ops screen_apply_ops;
extern const struct screen_ops screen_repair_ops;

/*
 * Run fn(arg) once the current enter() or key() has returned, with a
 * spinner showing label and the seconds elapsed while its network calls
 * wait (core/net.h). Then key() gets SCREEN_KEY_TASK_DONE, or
 * SCREEN_KEY_TASK_CANCELLED when cancellable is 1 and the person pressed
 * Esc: the call under way was dropped and fn failed with
 * HC_ERR_CANCELLED. fn must not touch curses.
 */
void screen_wizard_task(struct screen *screen, const char *label,
    int cancellable, screen_task_fn fn, void *arg);

/* Return the finished task's rc; its error is copied to err when rc is
 * -1. */
int screen_wizard_task_rc(struct screen *screen, struct hc_error *err);

/* Open a dialog over the screen; when it closes, key() gets
 * SCREEN_KEY_DIALOG (tag must be above 0). */
void screen_wizard_dialog(struct screen *screen, enum tui_dialog_kind kind,
    int tag, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Open an error dialog with err formatted by hc_error_format(). */
void screen_wizard_error(struct screen *screen, int tag, const char *title,
    const struct hc_error *err);

/* Return the result the last dialog closed with, and its tag in *tag. */
enum tui_dialog_result screen_wizard_dialog_result(struct screen *screen,
    int *tag);

/* Set the right side of the title line: "LABEL ACCOUNT REGION", where
 * label says whose account it is ("account" for the credentials',
 * "secret in" for an existing secret's ARN). */
void screen_wizard_set_account(struct screen *screen, const char *label,
    const char *account, const char *region);

/* Replace the note shown on the last row of the box until the next key
 * (by default, after Esc: "Cancelled: LABEL (after Ns)."). */
void screen_wizard_set_notice(struct screen *screen, const char *text);

/* Record that the setup was written, so quitting needs no confirmation. */
void screen_wizard_set_applied(struct screen *screen);

/* Record that the apply task runs (1) or has ended (0), so that quitting
 * meanwhile warns that the secret may be written. */
void screen_wizard_set_applying(struct screen *screen, int applying);

#endif
