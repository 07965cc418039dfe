/*
 * Drawing primitives shared by every widget: rectangles, text clipped to
 * a display width, boxes with a title, and the glyphs that have an ASCII
 * fallback when the locale is not UTF-8.
 *
 * Everything draws on stdscr. Widgets are given a struct tui_rect and
 * never draw outside it, so a resize only needs a full redraw.
 */
#ifndef HUBCRED_TUI_DRAW_H
#define HUBCRED_TUI_DRAW_H

#include <stddef.h>

struct tui_rect {
	int y;
	int x;
	int h;
	int w;
};

/* Colour pairs; with colours off each falls back to a plain attribute. */
enum tui_colour {
	TUI_COLOUR_NORMAL,
	TUI_COLOUR_TITLE,	/* title line */
	TUI_COLOUR_FRAME,	/* box lines */
	TUI_COLOUR_SELECT,	/* list cursor */
	TUI_COLOUR_DIM,		/* items that cannot be chosen, details */
	TUI_COLOUR_ADD,		/* '+' diff lines */
	TUI_COLOUR_DEL,		/* '-' diff lines */
	TUI_COLOUR_HUNK,	/* '@@' diff lines */
	TUI_COLOUR_ERROR,
	TUI_COLOUR_OK,
	TUI_COLOUR_COUNT,
};

enum tui_glyph {
	TUI_GLYPH_DONE,		/* ✓ or * */
	TUI_GLYPH_CURRENT,	/* ▸ or > */
	TUI_GLYPH_MASK,		/* • or * : one cell of a masked field */
	TUI_GLYPH_UPDOWN,	/* ↑↓ or up/down */
	TUI_GLYPH_ELLIPSIS,	/* … or ... */
	TUI_GLYPH_COUNT,
};

/* Set once by the app: whether to use UTF-8 glyphs and colours. */
void tui_draw_set_mode(int utf8, int colour);
int tui_draw_utf8(void);

/* Ask for the terminal's cursor at (y, x) when the frame is shown, as a
 * text field with the focus does; y < 0 hides it (the default of every
 * frame, and what a dialog drawn over a field asks). */
void tui_draw_set_cursor(int y, int x);

/* The cursor position asked for in this frame; 0 when it is hidden. */
int tui_draw_cursor(int *y, int *x);
int tui_draw_colour(void);

/* The curses attribute for a colour role (a pair, or bold/reverse/dim). */
int tui_draw_attr(enum tui_colour colour);

const char *tui_draw_glyph(enum tui_glyph glyph);

/* Display width of a UTF-8 string, in terminal cells. */
int tui_draw_width(const char *text);

/*
 * Draw text at (y, x) in at most width cells with attribute attr,
 * cutting it at a character boundary. Returns the cells drawn.
 */
int tui_draw_text(int y, int x, int width, const char *text, int attr);

/* Like tui_draw_text(), ending in an ellipsis when text is cut. */
int tui_draw_fit(int y, int x, int width, const char *text, int attr);

/* Like tui_draw_text(), then pad with spaces up to width. */
void tui_draw_line(int y, int x, int width, const char *text, int attr);

/* Fill a rectangle with spaces in attribute attr. */
void tui_draw_clear(const struct tui_rect *rect, int attr);

/* Frame rect with a line box; title (may be NULL) sits in the top edge. */
void tui_draw_box(const struct tui_rect *rect, const char *title);

/* The inside of a box drawn around rect. */
struct tui_rect tui_draw_inner(const struct tui_rect *rect);

/*
 * Word-wrap text (may hold '\n') into rect, starting first rows below its
 * top. Returns the number of rows the text needs at this width, including
 * those that did not fit.
 */
int tui_draw_wrap(const struct tui_rect *rect, int first, const char *text,
    int attr);

#endif
