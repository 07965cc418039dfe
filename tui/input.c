/* Plain and masked one-line input fields. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/app.h"
#include "tui/input.h"

/* Cells of the mask a non-empty secret field shows, whatever its length. */
#define INPUT_MASK_CELLS 8

static void
input_reset(struct tui_input *input, const char *label)
{
	memset(input, 0, sizeof *input);
	snprintf(input->label, sizeof input->label, "%s", label ? label : "");
}

void
tui_input_init(struct tui_input *input, const char *label,
    const char *initial)
{
	input_reset(input, label);
	tui_input_set_text(input, initial);
}

void
tui_input_init_masked(struct tui_input *input, const char *label,
    struct hc_secret *secret)
{
	input_reset(input, label);
	input->masked = 1;
	input->secret = secret;
}

void
tui_input_set_secret(struct tui_input *input, struct hc_secret *secret)
{
	input->secret = secret;
}

void
tui_input_set_placeholder(struct tui_input *input, const char *text)
{
	snprintf(input->placeholder, sizeof input->placeholder, "%s",
	    text ? text : "");
}

void
tui_input_set_text(struct tui_input *input, const char *text)
{
	snprintf(input->text, sizeof input->text, "%s", text ? text : "");
	input->len = strlen(input->text);
}

const char *
tui_input_text(const struct tui_input *input)
{
	return input->text;
}

static int
input_masked(const struct tui_input *input)
{
	return input->masked;
}

int
tui_input_empty(const struct tui_input *input)
{
	if (input_masked(input))
		return input->secret == NULL ||
		    hc_secret_len(input->secret) == 0;
	return input->len == 0;
}

/* The visible part of a plain value: its tail when it is too wide. */
static const char *
visible_tail(const char *text, int width)
{
	while (*text != '\0' && tui_draw_width(text) > width) {
		text++;
		while ((*text & 0xc0) == 0x80)
			text++;
	}
	return text;
}

void
tui_input_draw(const struct tui_input *input, int y, int x, int width,
    int labelw, int focused)
{
	char mask[INPUT_MASK_CELLS * 4 + 1] = "";
	int fieldw = width - labelw;
	const char *value;
	int used, i;

	tui_draw_line(y, x, labelw, input->label, focused ? A_BOLD : 0);
	if (fieldw < 4)
		return;
	tui_draw_line(y, x + labelw, fieldw, "", A_UNDERLINE);
	if (input_masked(input)) {
		for (i = 0; !tui_input_empty(input) && i < INPUT_MASK_CELLS;
		    i++)
			strcat(mask, tui_draw_glyph(TUI_GLYPH_MASK));
		value = mask;
	} else {
		value = visible_tail(input->text, fieldw - 1);
	}
	used = tui_draw_text(y, x + labelw, fieldw - 1, value, A_UNDERLINE);
	if (focused) {
		tui_draw_text(y, x + labelw + used, 1, " ", A_REVERSE);
		tui_draw_set_cursor(y, x + labelw + used);
	}
	/* The placeholder sits after the cursor, so it shows while focused. */
	if (tui_input_empty(input))
		tui_draw_text(y, x + labelw + 1, fieldw - 1,
		    input->placeholder,
		    A_UNDERLINE | tui_draw_attr(TUI_COLOUR_DIM));
}

/* Remove the last UTF-8 character of a plain field. */
static void
input_pop_char(struct tui_input *input)
{
	while (input->len > 0) {
		input->len--;
		if (((unsigned char)input->text[input->len] & 0xc0) != 0x80)
			break;
	}
	input->text[input->len] = '\0';
}

static enum tui_input_result
input_insert(struct tui_input *input, unsigned char byte,
    struct hc_error *err)
{
	if (input_masked(input)) {
		if (hc_secret_append(input->secret, &byte, 1, err) != 0)
			return TUI_INPUT_ERROR;
		return TUI_INPUT_CHANGED;
	}
	if (input->len + 1 >= sizeof input->text) {
		hc_error_set(err, HC_ERR_INPUT, "%s: too long",
		    input->label[0] ? input->label : "field");
		return TUI_INPUT_ERROR;
	}
	input->text[input->len++] = (char)byte;
	input->text[input->len] = '\0';
	return TUI_INPUT_CHANGED;
}

enum tui_input_result
tui_input_key(struct tui_input *input, int key, struct hc_error *err)
{
	switch (key) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		return TUI_INPUT_SUBMIT;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (input_masked(input) && input->secret != NULL)
			hc_secret_pop_char(input->secret);
		else
			input_pop_char(input);
		return TUI_INPUT_CHANGED;
	case 21:	/* Ctrl-U */
		if (input_masked(input) && input->secret != NULL)
			hc_secret_clear(input->secret);
		else
			tui_input_set_text(input, "");
		return TUI_INPUT_CHANGED;
	}
	/* Bytes only: curses KEY_* codes are above 255; other control
	 * characters (Esc, Tab) are the caller's. */
	if (key < 0x20 || key == 0x7f || key > 0xff)
		return TUI_INPUT_UNHANDLED;
	if (input_masked(input) && input->secret == NULL)
		return TUI_INPUT_UNHANDLED;
	return input_insert(input, (unsigned char)key, err);
}
