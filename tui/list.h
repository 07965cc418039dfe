/*
 * A scrolling list of items, each one or two rows of text with a left and
 * a right column, with a cursor and a '/' filter. Items that cannot be
 * chosen are drawn dim but can still be reached, so that Enter on them can
 * explain why (the caller decides what Enter does).
 */
#ifndef HUBCRED_TUI_LIST_H
#define HUBCRED_TUI_LIST_H

#include <stddef.h>

#include "tui/draw.h"
#include "tui/hints.h"

#define TUI_LIST_FILTER_MAX 64

struct tui_list_item {
	char *text[4];		/* row 1 left, row 1 right, row 2 left,
				   row 2 right; owned, "" when unset */
	int dim;
};

struct tui_list {
	struct tui_list_item *items;
	size_t nitems;
	size_t cap;
	int rows;		/* rows per item: 1 or 2 */

	size_t *shown;		/* indexes of items matching the filter */
	size_t nshown;
	size_t cursor;		/* position in shown */
	size_t top;		/* first shown item on screen */

	char filter[TUI_LIST_FILTER_MAX];
	int filtering;		/* 1 while the filter line has the keys */
};

enum tui_list_result {
	TUI_LIST_UNHANDLED,	/* not a list key: the caller may use it */
	TUI_LIST_HANDLED,	/* moved, or edited the filter */
	TUI_LIST_CHOSEN,	/* Enter on an item: see tui_list_selected() */
};

/* An empty list with rows (1 or 2) rows per item. */
void tui_list_init(struct tui_list *list, int rows);
void tui_list_done(struct tui_list *list);

/* Remove every item and the filter. */
void tui_list_clear(struct tui_list *list);

/* Append an item; the strings (NULL allowed) are copied. */
void tui_list_add(struct tui_list *list, const char *left1,
    const char *right1, const char *left2, const char *right2, int dim);

/* Index (in the order added) of the item under the cursor, or -1. */
long tui_list_selected(const struct tui_list *list);

/* Put the cursor on item index (in the order added), if it is shown. */
void tui_list_select(struct tui_list *list, size_t index);

void tui_list_draw(struct tui_list *list, const struct tui_rect *rect);

enum tui_list_result tui_list_key(struct tui_list *list, int key);

/* The hint bar while the filter line takes the keys: '?' and 'q' are
 * typed there, so help is on f1. */
extern const struct tui_hint tui_list_filter_hints[];

#endif
