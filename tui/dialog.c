/* Modal message, error, help and yes/no boxes. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui/app.h"
#include "tui/dialog.h"

void
tui_dialog_open(struct tui_dialog *dialog, enum tui_dialog_kind kind,
    int tag, const char *title, const char *fmt, ...)
{
	va_list ap;

	dialog->open = 1;
	dialog->kind = kind;
	dialog->tag = tag;
	snprintf(dialog->title, sizeof dialog->title, "%s", title);
	va_start(ap, fmt);
	vsnprintf(dialog->text, sizeof dialog->text, fmt, ap);
	va_end(ap);
}

void
tui_dialog_close(struct tui_dialog *dialog)
{
	dialog->open = 0;
}

static const char *
dialog_footer(const struct tui_dialog *dialog)
{
	if (dialog->kind == TUI_DIALOG_CONFIRM)
		return "y yes   n no";
	return "any key to close";
}

/* Count the rows text takes when wrapped to width cells. */
static int
dialog_rows(const char *text, int width)
{
	struct tui_rect measure = {.y = 0, .x = 0, .h = 0, .w = width};

	return tui_draw_wrap(&measure, 0, text, 0);
}

/*
 * Choose the box width: 64 columns, or wider when the area has room and
 * a wider box wraps the text into fewer rows. The box is never wider
 * than the fewest rows need, so a short question stays narrow.
 */
static int
dialog_width(const char *text, int area_width)
{
	int max_width = area_width - 8, width, min_rows;

	if (max_width < 64)
		return max_width < 20 ? area_width : max_width;
	min_rows = dialog_rows(text, max_width - 4);
	for (width = 64; width < max_width; width++)
		if (dialog_rows(text, width - 4) == min_rows)
			break;
	return width;
}

void
tui_dialog_draw(const struct tui_dialog *dialog, const struct tui_rect *area)
{
	struct tui_rect box, inner;
	int lines;

	if (!dialog->open)
		return;
	/* The dialog covers the field that had the cursor. */
	tui_draw_set_cursor(-1, 0);
	box.w = dialog_width(dialog->text, area->w);

	/* Measure the wrapped text first: rows beyond h are not drawn. */
	inner.y = inner.x = inner.h = 0;
	inner.w = box.w - 4;
	lines = tui_draw_wrap(&inner, 0, dialog->text, 0);
	box.h = lines + 4;
	if (box.h > area->h)
		box.h = area->h;
	box.y = area->y + (area->h - box.h) / 2;
	box.x = area->x + (area->w - box.w) / 2;

	tui_draw_clear(&box, A_NORMAL);
	tui_draw_box(&box, dialog->title);
	if (dialog->kind == TUI_DIALOG_ERROR)
		tui_draw_text(box.y, box.x + 2, box.w - 4, dialog->title,
		    A_BOLD | tui_draw_attr(TUI_COLOUR_ERROR));
	inner = tui_draw_inner(&box);
	inner.x += 1;
	inner.w -= 2;
	inner.h -= 1;
	tui_draw_wrap(&inner, 0, dialog->text, A_NORMAL);
	tui_draw_text(box.y + box.h - 2, inner.x, inner.w,
	    dialog_footer(dialog), tui_draw_attr(TUI_COLOUR_DIM));
}

enum tui_dialog_result
tui_dialog_key(struct tui_dialog *dialog, int key)
{
	enum tui_dialog_result result = TUI_DIALOG_CLOSED;

	if (key == KEY_RESIZE || key == TUI_KEY_NONE)
		return TUI_DIALOG_OPEN;
	if (dialog->kind == TUI_DIALOG_CONFIRM) {
		switch (key) {
		case 'y':
		case 'Y':
			result = TUI_DIALOG_YES;
			break;
		case 'n':
		case 'N':
		case 'q':
		case TUI_KEY_ESC:
			result = TUI_DIALOG_NO;
			break;
		default:
			return TUI_DIALOG_OPEN;
		}
	}
	dialog->open = 0;
	return result;
}
