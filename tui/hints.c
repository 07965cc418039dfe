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

/* Whether one of the keys in list, a ", "-separated list, is key. */
static int
key_listed(const char *list, const char *key, size_t key_len)
{
	size_t len;

	while (*list != '\0') {
		len = strcspn(list, ",");
		if (len == key_len && strncmp(list, key, len) == 0)
			return 1;
		list += len;
		list += strspn(list, ", ");
	}
	return 0;
}

/* Whether a hint of taken with a help sentence has key. */
static int
key_taken(const struct tui_hint *taken, const char *key, size_t key_len)
{
	const struct tui_hint *hint;

	for (hint = taken; taken != NULL && !hint_end(hint); hint++)
		if (hint->help != NULL &&
		    key_listed(hint_key(hint), key, key_len))
			return 1;
	return 0;
}

/* The keys of hint that taken does not explain, ", "-separated, into
 * buf; "" when none is left. */
static void
keys_left(const struct tui_hint *hint, const struct tui_hint *taken,
    char *buf, size_t size)
{
	const char *list = hint_key(hint);
	size_t len, used = 0;
	int n;

	buf[0] = '\0';
	while (*list != '\0') {
		len = strcspn(list, ",");
		if (!key_taken(taken, list, len) && used < size) {
			n = snprintf(buf + used, size - used, "%s%.*s",
			    used > 0 ? ", " : "", (int)len, list);
			if (n > 0)
				used += (size_t)n;
		}
		list += len;
		list += strspn(list, ", ");
	}
}

int
tui_hints_have_key(const struct tui_hint *hints, const char *key)
{
	const struct tui_hint *hint;

	for (hint = hints; hints != NULL && !hint_end(hint); hint++) {
		if (hint->key != NULL && strcmp(hint->key, key) == 0)
			return 1;
	}
	return 0;
}

size_t
tui_hints_format_help(const struct tui_hint *hints, char *buf, size_t size)
{
	return tui_hints_format_help_except(hints, NULL, buf, size);
}

size_t
tui_hints_format_help_except(const struct tui_hint *hints,
    const struct tui_hint *taken, char *buf, size_t size)
{
	const struct tui_hint *hint;
	char keys[64];
	size_t len = 0;
	int n, pad;

	if (size > 0)
		buf[0] = '\0';
	for (hint = hints; hints != NULL && !hint_end(hint); hint++) {
		if (hint->help == NULL)
			continue;
		keys_left(hint, taken, keys, sizeof keys);
		if (keys[0] == '\0')
			continue;
		/* Pad by cells, not bytes: the arrow glyph is multibyte. */
		pad = 9 - tui_draw_width(keys);
		n = snprintf(buf + (len < size ? len : size),
		    len < size ? size - len : 0, "%s%*s%s\n", keys,
		    pad > 1 ? pad : 1, "", hint->help);
		if (n > 0)
			len += (size_t)n;
	}
	return len;
}
