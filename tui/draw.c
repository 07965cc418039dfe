/* Drawing primitives: clipped text, boxes, glyphs with ASCII fallbacks. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/draw.h"

static int draw_utf8;
static int draw_colour;
static int cursor_y = -1, cursor_x;

void
tui_draw_set_cursor(int y, int x)
{
	cursor_y = y;
	cursor_x = x;
}

int
tui_draw_cursor(int *y, int *x)
{
	*y = cursor_y;
	*x = cursor_x;
	return cursor_y >= 0;
}

static const char *glyphs[TUI_GLYPH_COUNT][2] = {
	[TUI_GLYPH_DONE] = {"*", "\u2713"},
	[TUI_GLYPH_CURRENT] = {">", "\u25b8"},
	[TUI_GLYPH_MASK] = {"*", "\u2022"},
	[TUI_GLYPH_UPDOWN] = {"up/down", "\u2191\u2193"},
	[TUI_GLYPH_ELLIPSIS] = {"...", "\u2026"},
};

/* Box pieces: horizontal, vertical, four corners. */
static const char *box_utf8[] = {
	"\u2500", "\u2502", "\u250c", "\u2510", "\u2514", "\u2518"
};
static const char *box_ascii[] = {"-", "|", "+", "+", "+", "+"};

void
tui_draw_set_mode(int utf8, int colour)
{
	draw_utf8 = utf8;
	draw_colour = colour;
}

int
tui_draw_utf8(void)
{
	return draw_utf8;
}

int
tui_draw_colour(void)
{
	return draw_colour;
}

int
tui_draw_attr(enum tui_colour colour)
{
	static const int plain[TUI_COLOUR_COUNT] = {
		[TUI_COLOUR_TITLE] = A_BOLD,
		[TUI_COLOUR_SELECT] = A_REVERSE,
		[TUI_COLOUR_DIM] = A_DIM,
		[TUI_COLOUR_HUNK] = A_BOLD,
		[TUI_COLOUR_ERROR] = A_BOLD,
		[TUI_COLOUR_OK] = A_BOLD,
	};

	if (colour <= TUI_COLOUR_NORMAL || colour >= TUI_COLOUR_COUNT)
		return A_NORMAL;
	if (!draw_colour)
		return plain[colour];
	/* The list cursor stays reverse video so it shows on any palette. */
	if (colour == TUI_COLOUR_SELECT)
		return A_REVERSE;
	if (colour == TUI_COLOUR_DIM)
		return A_DIM;
	return COLOR_PAIR(colour) | plain[colour];
}

const char *
tui_draw_glyph(enum tui_glyph glyph)
{
	if (glyph < 0 || glyph >= TUI_GLYPH_COUNT)
		return "?";
	return glyphs[glyph][draw_utf8 ? 1 : 0];
}

/*
 * Decode one character of text; returns its length in bytes (0 at the end)
 * and its width in *cells. Invalid bytes count as one cell each, so a bad
 * byte in a file name cannot break the layout.
 */
static size_t
next_char(const char *text, int *cells)
{
	mbstate_t state;
	wchar_t wc;
	size_t n;
	int w;

	if (*text == '\0') {
		*cells = 0;
		return 0;
	}
	memset(&state, 0, sizeof state);
	n = mbrtowc(&wc, text, MB_CUR_MAX, &state);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cells = 1;
		return 1;
	}
	w = wcwidth(wc);
	*cells = w < 0 ? 1 : w;
	return n;
}

int
tui_draw_width(const char *text)
{
	int total = 0;
	int cells;
	size_t n;

	while ((n = next_char(text, &cells)) > 0) {
		total += cells;
		text += n;
	}
	return total;
}

int
tui_draw_text(int y, int x, int width, const char *text, int attr)
{
	const char *p = text;
	int used = 0;
	int cells;
	size_t n;

	if (width <= 0 || text == NULL)
		return 0;
	while ((n = next_char(p, &cells)) > 0 && used + cells <= width) {
		/* Control characters would move the cursor: never draw them. */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			break;
		used += cells;
		p += n;
	}
	attron(attr);
	mvaddnstr(y, x, text, (int)(p - text));
	attroff(attr);
	return used;
}

int
tui_draw_fit(int y, int x, int width, const char *text, int attr)
{
	const char *dots = tui_draw_glyph(TUI_GLYPH_ELLIPSIS);
	int dotsw = tui_draw_width(dots);
	int used;

	if (text == NULL || tui_draw_width(text) <= width || width <= dotsw)
		return tui_draw_text(y, x, width, text, attr);
	used = tui_draw_text(y, x, width - dotsw, text, attr);
	return used + tui_draw_text(y, x + used, dotsw, dots, attr);
}

void
tui_draw_line(int y, int x, int width, const char *text, int attr)
{
	int used = tui_draw_text(y, x, width, text, attr);

	if (used < width) {
		attron(attr);
		mvhline(y, x + used, ' ', width - used);
		attroff(attr);
	}
}

void
tui_draw_clear(const struct tui_rect *rect, int attr)
{
	int row;

	attron(attr);
	for (row = 0; row < rect->h; row++)
		mvhline(rect->y + row, rect->x, ' ', rect->w);
	attroff(attr);
}

void
tui_draw_box(const struct tui_rect *rect, const char *title)
{
	const char **piece = draw_utf8 ? box_utf8 : box_ascii;
	int attr = tui_draw_attr(TUI_COLOUR_FRAME);
	int right = rect->x + rect->w - 1;
	int bottom = rect->y + rect->h - 1;
	int i;

	if (rect->w < 2 || rect->h < 2)
		return;
	attron(attr);
	for (i = 1; i < rect->w - 1; i++) {
		mvaddstr(rect->y, rect->x + i, piece[0]);
		mvaddstr(bottom, rect->x + i, piece[0]);
	}
	for (i = 1; i < rect->h - 1; i++) {
		mvaddstr(rect->y + i, rect->x, piece[1]);
		mvaddstr(rect->y + i, right, piece[1]);
	}
	mvaddstr(rect->y, rect->x, piece[2]);
	mvaddstr(rect->y, right, piece[3]);
	mvaddstr(bottom, rect->x, piece[4]);
	mvaddstr(bottom, right, piece[5]);
	attroff(attr);
	if (title != NULL && rect->w > 6) {
		mvaddstr(rect->y, rect->x + 1, " ");
		i = tui_draw_text(rect->y, rect->x + 2, rect->w - 5, title,
		    A_BOLD);
		mvaddstr(rect->y, rect->x + 2 + i, " ");
	}
}

struct tui_rect
tui_draw_inner(const struct tui_rect *rect)
{
	struct tui_rect inner = {
		.y = rect->y + 1,
		.x = rect->x + 1,
		.h = rect->h - 2,
		.w = rect->w - 2,
	};

	if (inner.h < 0)
		inner.h = 0;
	if (inner.w < 0)
		inner.w = 0;
	return inner;
}

/*
 * Length in bytes of the next wrapped line of text at width cells: up to
 * the last space that fits, or a hard cut when one word is wider. *skip
 * gets the bytes to step over after it (the space or newline).
 */
static size_t
wrap_line(const char *text, int width, size_t *skip)
{
	size_t len = 0;
	size_t last_space = 0;
	int used = 0;
	int cells;
	size_t n;

	*skip = 0;
	while (text[len] != '\0' && text[len] != '\n') {
		n = next_char(text + len, &cells);
		if (used + cells > width)
			break;
		if (text[len] == ' ')
			last_space = len;
		used += cells;
		len += n;
	}
	if (text[len] == '\n') {
		*skip = 1;
		return len;
	}
	if (text[len] == '\0')
		return len;
	if (last_space > 0) {
		*skip = 1;
		return last_space;
	}
	return len > 0 ? len : 1;
}

int
tui_draw_wrap(const struct tui_rect *rect, int first, const char *text,
    int attr)
{
	char line[1024];
	size_t len, copy, skip;
	int row = first;

	if (rect->w <= 0 || text == NULL)
		return 0;
	while (*text != '\0') {
		len = wrap_line(text, rect->w, &skip);
		if (row < rect->h) {
			copy = len < sizeof line ? len : sizeof line - 1;
			memcpy(line, text, copy);
			line[copy] = '\0';
			tui_draw_text(rect->y + row, rect->x, rect->w, line,
			    attr);
		}
		row++;
		text += len + skip;
	}
	return row - first;
}
