/* The key-hint bar and the help overlay's text. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/hints.h"

static const char *
hint_key(const struct tui_hint *hint)
{
	if (hint->arrows)
		return tui_draw_glyph(TUI_GLYPH_UPDOWN);
	return hint->key != NULL ? hint->key : "";
}

static int
hint_end(const struct tui_hint *hint)
{
	return hint->label == NULL && hint->help == NULL;
}

void
tui_hints_draw_bar(const struct tui_hint *hints, int y, int x, int width)
{
	const struct tui_hint *hint;
	int used = 0;
	int need;

	for (hint = hints; hints != NULL && !hint_end(hint); hint++) {
		if (hint->label == NULL)
			continue;
		need = tui_draw_width(hint_key(hint)) + 1 +
		    tui_draw_width(hint->label);
		if (used > 0)
			need += 3;
		if (used + need > width)
			break;
		if (used > 0)
			used += 3;
		used += tui_draw_text(y, x + used, width - used,
		    hint_key(hint), A_BOLD);
		used += 1;
		used += tui_draw_text(y, x + used, width - used,
		    hint->label, A_NORMAL);
	}
}

size_t
tui_hints_format_help(const struct tui_hint *hints, char *buf, size_t size)
{
	const struct tui_hint *hint;
	size_t len = 0;
	int n, pad;

	if (size > 0)
		buf[0] = '\0';
	for (hint = hints; hints != NULL && !hint_end(hint); hint++) {
		if (hint->help == NULL)
			continue;
		/* Pad by cells, not bytes: the arrow glyph is multibyte. */
		pad = 9 - tui_draw_width(hint_key(hint));
		n = snprintf(buf + (len < size ? len : size),
		    len < size ? size - len : 0, "%s%*s%s\n", hint_key(hint),
		    pad > 1 ? pad : 1, "", hint->help);
		if (n > 0)
			len += (size_t)n;
	}
	return len;
}
