/* A scrolling list with a cursor, two text columns and a filter. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/list.h"
#include "tui/xalloc.h"

void
tui_list_init(struct tui_list *list, int rows)
{
	memset(list, 0, sizeof *list);
	list->rows = rows == 2 ? 2 : 1;
}

void
tui_list_clear(struct tui_list *list)
{
	size_t i;
	int j;

	for (i = 0; i < list->nitems; i++)
		for (j = 0; j < 4; j++)
			free(list->items[i].text[j]);
	list->nitems = 0;
	list->nshown = 0;
	list->cursor = 0;
	list->top = 0;
	list->filter[0] = '\0';
	list->filtering = 0;
}

void
tui_list_done(struct tui_list *list)
{
	tui_list_clear(list);
	free(list->items);
	free(list->shown);
	list->items = NULL;
	list->shown = NULL;
	list->cap = 0;
}

static int
item_matches(const struct tui_list_item *item, const char *filter)
{
	int j;

	if (filter[0] == '\0')
		return 1;
	for (j = 0; j < 4; j++)
		if (strcasestr(item->text[j], filter) != NULL)
			return 1;
	return 0;
}

/* Recompute the shown items, keeping the cursor on the same item. */
static void
list_refilter(struct tui_list *list)
{
	long current = tui_list_selected(list);
	size_t i;

	list->nshown = 0;
	list->cursor = 0;
	for (i = 0; i < list->nitems; i++) {
		if (!item_matches(&list->items[i], list->filter))
			continue;
		if ((long)i == current)
			list->cursor = list->nshown;
		list->shown[list->nshown++] = i;
	}
	if (list->top > list->cursor)
		list->top = list->cursor;
}

void
tui_list_add(struct tui_list *list, const char *left1, const char *right1,
    const char *left2, const char *right2, int dim)
{
	struct tui_list_item *item;

	if (list->nitems == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->items = tui_xreallocarray(list->items, list->cap,
		    sizeof *list->items);
		list->shown = tui_xreallocarray(list->shown, list->cap,
		    sizeof *list->shown);
	}
	item = &list->items[list->nitems++];
	item->text[0] = tui_xstrdup(left1);
	item->text[1] = tui_xstrdup(right1);
	item->text[2] = tui_xstrdup(left2);
	item->text[3] = tui_xstrdup(right2);
	item->dim = dim;
	list_refilter(list);
}

long
tui_list_selected(const struct tui_list *list)
{
	if (list->cursor >= list->nshown)
		return -1;
	return (long)list->shown[list->cursor];
}

void
tui_list_select(struct tui_list *list, size_t index)
{
	size_t i;

	for (i = 0; i < list->nshown; i++) {
		if (list->shown[i] == index) {
			list->cursor = i;
			return;
		}
	}
}

/* Width of a row's right column: its widest text, at most half. */
static int
right_width(const struct tui_list *list, int row, int width)
{
	int widest = 0;
	int w;
	size_t i;

	for (i = 0; i < list->nitems; i++) {
		w = tui_draw_width(list->items[i].text[row * 2 + 1]);
		if (w > widest)
			widest = w;
	}
	return widest > width / 2 ? width / 2 : widest;
}

static void
draw_item(const struct tui_list *list, size_t pos, int y,
    const struct tui_rect *rect, const int *rightw)
{
	const struct tui_list_item *item = &list->items[list->shown[pos]];
	int selected = pos == list->cursor;
	int attr = A_NORMAL;
	int leftw, row;
	const char *left, *right;

	if (item->dim)
		attr = tui_draw_attr(TUI_COLOUR_DIM);
	if (selected)
		attr = tui_draw_attr(TUI_COLOUR_SELECT);
	for (row = 0; row < list->rows; row++) {
		left = item->text[row * 2];
		right = item->text[row * 2 + 1];
		tui_draw_line(y + row, rect->x, rect->w, "", attr);
		/* Row 2 is indented under row 1's text. */
		leftw = rect->w - (right[0] ? rightw[row] + 2 : 0) - 3 -
		    row * 2;
		tui_draw_fit(y + row, rect->x + 3 + row * 2, leftw, left,
		    attr);
		if (right[0])
			tui_draw_fit(y + row, rect->x + rect->w - rightw[row] -
			    1, rightw[row], right, attr);
	}
	if (selected)
		tui_draw_text(y, rect->x + 1, 1,
		    tui_draw_glyph(TUI_GLYPH_CURRENT), attr | A_BOLD);
}

static void
draw_filter(const struct tui_list *list, int y, const struct tui_rect *rect)
{
	char line[TUI_LIST_FILTER_MAX + 32];

	if (list->nshown == 0)
		snprintf(line, sizeof line, "/%s   (no match; esc clears)",
		    list->filter);
	else
		snprintf(line, sizeof line, "/%s%s", list->filter,
		    list->filtering ? "_" : "");
	tui_draw_line(y, rect->x, rect->w, line, A_BOLD);
}

void
tui_list_draw(struct tui_list *list, const struct tui_rect *rect)
{
	int height = rect->h;
	size_t fit, pos;
	int rightw[2], y;

	if (list->filtering || list->filter[0] != '\0') {
		if (height > 0)
			draw_filter(list, rect->y + height - 1, rect);
		height -= 2;
	}
	fit = height > 0 ? (size_t)(height / list->rows) : 0;
	if (fit == 0)
		return;
	if (list->cursor < list->top)
		list->top = list->cursor;
	if (list->cursor >= list->top + fit)
		list->top = list->cursor - fit + 1;
	rightw[0] = right_width(list, 0, rect->w - 4);
	rightw[1] = right_width(list, 1, rect->w - 4);
	y = rect->y;
	for (pos = list->top; pos < list->nshown && pos < list->top + fit;
	    pos++) {
		draw_item(list, pos, y, rect, rightw);
		y += list->rows;
	}
}

static void
list_move(struct tui_list *list, long delta)
{
	long pos = (long)list->cursor + delta;

	if (list->nshown == 0)
		return;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)list->nshown)
		pos = (long)list->nshown - 1;
	list->cursor = (size_t)pos;
}

const struct tui_hint tui_list_filter_hints[] = {
	{.arrows = 1, .label = "move", .help = "move in the matching items"},
	{.key = "enter", .label = "done",
	    .help = "keep the filter and give the keys back to the list"},
	{.key = "f1", .label = "help"},
	{.key = "esc", .label = "clear", .help = "clear the filter"},
	TUI_HINT_END,
};

/* Keys while the filter line is being edited. */
static enum tui_list_result
filter_key(struct tui_list *list, int key)
{
	size_t len = strlen(list->filter);

	switch (key) {
	case TUI_KEY_ESC:
		list->filter[0] = '\0';
		list->filtering = 0;
		list_refilter(list);
		return TUI_LIST_HANDLED;
	case '\r':
	case '\n':
	case KEY_ENTER:
		list->filtering = 0;
		return TUI_LIST_HANDLED;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len > 0)
			list->filter[len - 1] = '\0';
		list_refilter(list);
		return TUI_LIST_HANDLED;
	case KEY_UP:
		list_move(list, -1);
		return TUI_LIST_HANDLED;
	case KEY_DOWN:
		list_move(list, 1);
		return TUI_LIST_HANDLED;
	case KEY_F(1):
		/* F1 opens the help, because '?' is typed into the filter. */
		return TUI_LIST_UNHANDLED;
	}
	if (key >= 0x20 && key < 0x7f && len + 1 < sizeof list->filter) {
		list->filter[len] = (char)key;
		list->filter[len + 1] = '\0';
		list_refilter(list);
	}
	return TUI_LIST_HANDLED;
}

enum tui_list_result
tui_list_key(struct tui_list *list, int key)
{
	if (list->filtering)
		return filter_key(list, key);
	switch (key) {
	case KEY_UP:
	case 'k':
		list_move(list, -1);
		return TUI_LIST_HANDLED;
	case KEY_DOWN:
	case 'j':
		list_move(list, 1);
		return TUI_LIST_HANDLED;
	case KEY_PPAGE:
		list_move(list, -10);
		return TUI_LIST_HANDLED;
	case KEY_NPAGE:
		list_move(list, 10);
		return TUI_LIST_HANDLED;
	case KEY_HOME:
	case 'g':
		list_move(list, -(long)list->nshown);
		return TUI_LIST_HANDLED;
	case KEY_END:
	case 'G':
		list_move(list, (long)list->nshown);
		return TUI_LIST_HANDLED;
	case '/':
		list->filtering = 1;
		return TUI_LIST_HANDLED;
	case TUI_KEY_ESC:
		if (list->filter[0] == '\0')
			return TUI_LIST_UNHANDLED;
		list->filter[0] = '\0';
		list_refilter(list);
		return TUI_LIST_HANDLED;
	case '\r':
	case '\n':
	case KEY_ENTER:
		return list->nshown > 0 ? TUI_LIST_CHOSEN : TUI_LIST_HANDLED;
	}
	return TUI_LIST_UNHANDLED;
}
