/*
 * Key hints: the bar at the bottom of the screen ("enter choose  esc back")
 * and the longer lines of the help overlay, from one table per screen.
 */
#ifndef HUBCRED_TUI_HINTS_H
#define HUBCRED_TUI_HINTS_H

#include <stddef.h>

struct tui_hint {
	const char *key;	/* "enter", "/", ...; ignored when arrows */
	int arrows;		/* 1: the key is the up/down arrow glyph */
	const char *label;	/* short word for the bar; NULL: help only */
	const char *help;	/* sentence for the help overlay; may be NULL */
};

/* Tables end with an entry whose label and help are both NULL. */
#define TUI_HINT_END { .key = NULL, .label = NULL, .help = NULL }

/* Draw the bar of hints in width cells at (y, x); drops what won't fit. */
void tui_hints_draw_bar(const struct tui_hint *hints, int y, int x,
    int width);

/* Whether hints has an entry for key, as written in its key field. */
int tui_hints_have_key(const struct tui_hint *hints, const char *key);

/*
 * Write the help text for hints, one "key  sentence" line each, into buf
 * (always NUL-terminated). Returns the length needed, like snprintf().
 */
size_t tui_hints_format_help(const struct tui_hint *hints, char *buf,
    size_t size);

/*
 * The same, leaving out the keys that taken explains already: a line
 * "esc, h  back" after taken's "esc  edit" reads "h  back", and a line
 * with no key left is dropped. taken may be NULL.
 */
size_t tui_hints_format_help_except(const struct tui_hint *hints,
    const struct tui_hint *taken, char *buf, size_t size);

#endif
