/*
 * A modal box drawn over the screen: messages, errors, the help overlay
 * and yes/no questions. The caller keeps it open and passes it keys until
 * it closes.
 */
#ifndef HUBCRED_TUI_DIALOG_H
#define HUBCRED_TUI_DIALOG_H

#include "tui/draw.h"

#define TUI_DIALOG_TEXT_MAX 4096

enum tui_dialog_kind {
	TUI_DIALOG_MESSAGE,	/* any key closes it */
	TUI_DIALOG_ERROR,	/* like MESSAGE, title in the error colour */
	TUI_DIALOG_CONFIRM,	/* y or n; Esc and q are no */
};

enum tui_dialog_result {
	TUI_DIALOG_OPEN,	/* still open */
	TUI_DIALOG_CLOSED,	/* a message was dismissed */
	TUI_DIALOG_YES,
	TUI_DIALOG_NO,
};

struct tui_dialog {
	int open;
	enum tui_dialog_kind kind;
	char title[128];
	char text[TUI_DIALOG_TEXT_MAX];
	int tag;		/* the caller's: what the dialog is about */
};

/* Open with a printf-style text (may hold newlines). */
void tui_dialog_open(struct tui_dialog *dialog, enum tui_dialog_kind kind,
    int tag, const char *title, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void tui_dialog_close(struct tui_dialog *dialog);

/* Draw centred in area, sized to the text. */
void tui_dialog_draw(const struct tui_dialog *dialog,
    const struct tui_rect *area);

/* Handle a key; a result other than OPEN closes the dialog. */
enum tui_dialog_result tui_dialog_key(struct tui_dialog *dialog, int key);

#endif
