/*
 * One-line input fields: plain text, and masked fields for secrets.
 *
 * A masked field owns no buffer of its own: every typed or pasted byte
 * goes straight into the caller's struct hc_secret (guarded memory), and
 * the field shows a fixed mask that does not depend on the length, so
 * neither the screen nor a screen dump reveals anything about the value.
 */
#ifndef HUBCRED_TUI_INPUT_H
#define HUBCRED_TUI_INPUT_H

#include <stddef.h>

#include "core/error.h"
#include "core/secret.h"
#include "tui/draw.h"

#define TUI_INPUT_MAX 2048

struct tui_input {
	char label[64];
	char text[TUI_INPUT_MAX];	/* plain fields only */
	size_t len;
	int masked;
	struct hc_secret *secret;	/* masked fields: not owned */
	char placeholder[80];		/* shown dim while empty */
};

enum tui_input_result {
	TUI_INPUT_UNHANDLED,	/* Esc, arrows, Tab...: the caller's keys */
	TUI_INPUT_CHANGED,
	TUI_INPUT_SUBMIT,	/* Enter */
	TUI_INPUT_ERROR,	/* a byte was refused (secret full); see err */
};

/* A plain field with label and initial text (both may be NULL). */
void tui_input_init(struct tui_input *input, const char *label,
    const char *initial);

/* A masked field writing into secret, which the caller keeps owning. */
void tui_input_init_masked(struct tui_input *input, const char *label,
    struct hc_secret *secret);

/* Replace the secret a masked field writes into (e.g. after handing the
 * old one over); NULL makes the field refuse input. */
void tui_input_set_secret(struct tui_input *input, struct hc_secret *secret);

void tui_input_set_placeholder(struct tui_input *input, const char *text);

/* Replace the text of a plain field. */
void tui_input_set_text(struct tui_input *input, const char *text);

/* Text of a plain field (never NULL). */
const char *tui_input_text(const struct tui_input *input);

/* Return 1 when the field is empty. */
int tui_input_empty(const struct tui_input *input);

/*
 * Draw the label and the value on row y from x in width cells. The label
 * gets labelw cells so that fields line up; focused shows the cursor.
 */
void tui_input_draw(const struct tui_input *input, int y, int x, int width,
    int labelw, int focused);

/* Handle one key. Printable bytes (including UTF-8 and pasted runs, one
 * byte per call) are inserted; Backspace deletes one character; Ctrl-U
 * clears. */
enum tui_input_result tui_input_key(struct tui_input *input, int key,
    struct hc_error *err);

#endif
