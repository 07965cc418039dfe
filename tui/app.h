/*
 * The terminal application: starting and restoring the terminal, the
 * frame every screen sits in (title line, step list, content box, key-hint
 * bar), reading keys, and the screen dump for tests.
 *
 * There is one terminal, so there is one app at a time; tui_app_die() and
 * the signal handler reach it through a static pointer to restore the
 * terminal on every way out.
 */
#ifndef HUBCRED_TUI_APP_H
#define HUBCRED_TUI_APP_H

#include <stddef.h>

#include "core/error.h"
#include "tui/draw.h"
#include "tui/hints.h"

/* Smallest terminal the frame is laid out for. */
#define TUI_APP_MIN_COLS 80
#define TUI_APP_MIN_ROWS 24

/* Width of the step list box, borders included. */
#define TUI_APP_STEPS_WIDTH 19

/* Keys returned by tui_app_read_key() besides curses keys. */
#define TUI_KEY_NONE (-1)		/* timeout: nothing was typed */
#define TUI_KEY_INTERRUPT (-2)	/* SIGINT, SIGTERM, SIGHUP or SIGQUIT */
#define TUI_KEY_ESC 27

#define TUI_APP_MAX_STEPS 16

struct tui_app {
	int utf8;
	int colour;
	int started;
	void *screen;			/* SCREEN * from newterm() */
	const char *dump_path;		/* HUBCRED_TUI_DUMP, or NULL */

	char title[512];		/* left of the title line */
	char status[128];		/* right of the title line */

	const char *steps[TUI_APP_MAX_STEPS];
	int done[TUI_APP_MAX_STEPS];
	size_t nsteps;
	size_t current;
};

/*
 * Take over the terminal: locale, alternate screen, keypad, colours (only
 * when the terminal has them and NO_COLOR is unset or empty), signal
 * handlers. Fails with HC_ERR_IO when there is no usable terminal.
 */
int tui_app_start(struct tui_app *app, struct hc_error *err);

/* Give the terminal back; safe to call twice, and when start failed. */
void tui_app_stop(struct tui_app *app);

/* Restore the terminal, print the message on stderr and exit(1). */
void tui_app_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

/* Title line: text on the left (the root), status on the right. */
void tui_app_set_title(struct tui_app *app, const char *title,
    const char *status);

/* Replace only the status on the right of the title line. */
void tui_app_set_status(struct tui_app *app, const char *status);

/* Step list: titles (not copied, must outlive the app), current, done. */
void tui_app_set_steps(struct tui_app *app, const char *const *titles,
    size_t n);
void tui_app_set_step(struct tui_app *app, size_t current);
void tui_app_mark_done(struct tui_app *app, size_t step, int done);

/* 1 when the terminal is smaller than TUI_APP_MIN_COLS x _ROWS. */
int tui_app_too_small(const struct tui_app *app);

/*
 * Clear and draw the frame with box_title on the content box and hints in
 * the bar. Stores the inside of the content box in *content. When the
 * terminal is too small, draws only the "terminal too small" message and
 * returns -1.
 */
int tui_app_draw_frame(struct tui_app *app, const char *box_title,
    const struct tui_hint *hints, struct tui_rect *content);

/* The whole screen, for overlays such as dialogs. */
struct tui_rect tui_app_screen_rect(const struct tui_app *app);

/* Push the drawing to the terminal, then write the dump file if asked. */
void tui_app_show(struct tui_app *app);

/*
 * Wait up to timeout_ms (negative: until a key) and return the key: a
 * byte, a KEY_* code (KEY_RESIZE after the terminal changed size),
 * TUI_KEY_NONE or TUI_KEY_INTERRUPT (once per signal received).
 */
int tui_app_read_key(struct tui_app *app, int timeout_ms);

/*
 * Write the screen text, one line per row with trailing blanks removed,
 * to path (through a temporary file and rename, so a reader never sees
 * half a screen).
 */
int tui_app_dump(const struct tui_app *app, const char *path,
    struct hc_error *err);

#endif
