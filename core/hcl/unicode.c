/* Identifier characters and grapheme clusters beyond ASCII, by binary
 * search of the generated ranges in ident-table.h and grapheme-table.h. */
#include "core/hcl/unicode.h"
#include "core/hcl/grapheme-table.h"
#include "core/hcl/ident-table.h"

#define IN_TABLE(table, cp) in_ranges(table, sizeof table / sizeof table[0], cp)

static int
in_ranges(const uint32_t (*ranges)[2], size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < ranges[mid][0])
			hi = mid;
		else if (cp > ranges[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
hcl_ident_char(uint32_t cp, int start)
{
	if (start)
		return IN_TABLE(ident_start, cp);
	return IN_TABLE(ident_continue, cp);
}

/* Hangul syllable types of the grapheme cluster rules. */
enum hangul {
	HANGUL_NONE,
	HANGUL_L,	/* leading consonant */
	HANGUL_V,	/* vowel */
	HANGUL_T,	/* trailing consonant */
	HANGUL_LV,	/* precomposed syllable without a trailing consonant */
	HANGUL_LVT,
};

static enum hangul
hangul_type(uint32_t cp)
{
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0xa960 && cp <= 0xa97c))
		return HANGUL_L;
	if ((cp >= 0x1160 && cp <= 0x11a7) || (cp >= 0xd7b0 && cp <= 0xd7c6))
		return HANGUL_V;
	if ((cp >= 0x11a8 && cp <= 0x11ff) || (cp >= 0xd7cb && cp <= 0xd7fb))
		return HANGUL_T;
	if (cp >= 0xac00 && cp <= 0xd7a3)
		return (cp - 0xac00) % 28 == 0 ? HANGUL_LV : HANGUL_LVT;
	return HANGUL_NONE;
}

/* Whether a Hangul character of type next continues one of type prev. */
static int
hangul_joins(enum hangul prev, enum hangul next)
{
	switch (prev) {
	case HANGUL_L:
		return next == HANGUL_L || next == HANGUL_V ||
		       next == HANGUL_LV || next == HANGUL_LVT;
	case HANGUL_LV:
	case HANGUL_V:
		return next == HANGUL_V || next == HANGUL_T;
	case HANGUL_LVT:
	case HANGUL_T:
		return next == HANGUL_T;
	default:
		return 0;
	}
}

/* Decode the UTF-8 character at s (n bytes left) into *cp; returns its
 * length, or 0 when the bytes there are not UTF-8. */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	*cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return len;
}

size_t
hcl_unicode_columns(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t cols = 0, k = 0, len;
	uint32_t cp;
	enum hangul prev_hangul = HANGUL_NONE, hangul;
	int started = 0, regional_odd = 0, after_zwj = 0, after_prepend = 0;
	int emoji_base = 0;

	while (k < n) {
		int joins = 0;

		len = decode(p + k, n - k, &cp);
		if (len == 0) {
			/* A stray byte: one column, and it ends the cluster. */
			cols++;
			k++;
			started = 0;
			continue;
		}
		k += len;
		hangul = cp >= 0x1100 ? hangul_type(cp) : HANGUL_NONE;
		if (!started || cp < 0x20 || cp == 0x7f)
			joins = 0;
		else if (after_prepend)
			joins = 1;
		else if (cp < 0x80)
			joins = 0;
		else if (IN_TABLE(grapheme_extend, cp))
			joins = 1;
		else if (cp >= 0x1f1e6 && cp <= 0x1f1ff && regional_odd)
			joins = 1;
		else if (after_zwj && emoji_base &&
		    IN_TABLE(grapheme_pictograph, cp))
			joins = 1;
		else
			joins = hangul_joins(prev_hangul, hangul);
		/* go-textseg lets U+200D join an emoji to a cluster that
		 * starts with an emoji, a regional indicator or Hangul, and
		 * to no other (measured, not from a specification). */
		if (!joins)
			cols++;
		if (!joins || after_prepend)
			emoji_base = hangul != HANGUL_NONE ||
			    (cp >= 0x1f1e6 && cp <= 0x1f1ff) ||
			    (cp >= 0x80 && IN_TABLE(grapheme_pictograph, cp));
		started = 1;
		/* A second regional indicator closes its pair. */
		regional_odd = cp >= 0x1f1e6 && cp <= 0x1f1ff &&
		    !(joins && regional_odd);
		after_zwj = cp == 0x200d;
		after_prepend = cp >= 0x80 && IN_TABLE(grapheme_prepend, cp);
		prev_hangul = hangul;
	}
	return cols;
}
