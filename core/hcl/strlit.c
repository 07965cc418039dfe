/*
 * Escapes in HCL string literals, as hclsyntax's scan_string_lit and
 * ParseStringLiteralToken define them: \n \r \t \" \\ \uNNNN \UNNNNNNNN,
 * and $${ / %%{ for a literal ${ / %{.
 */
#include <stdint.h>
#include <string.h>

#include "core/hcl/strlit.h"

static int
hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code point of \u or \U at s[i], or -1 with *why set. *len gets the
 * length of the escape. */
static long
unicode_escape(const char *s, size_t n, size_t i, size_t *len,
    const char **why)
{
	size_t want, k;
	long cp = 0;

	want = s[i + 1] == 'u' ? 4 : 8;
	for (k = 0; k < want && i + 2 + k < n; k++) {
		int h = hex_value((unsigned char)s[i + 2 + k]);

		if (h < 0)
			break;
		cp = cp * 16 + h;
	}
	*len = 2 + k;
	if (k != want) {
		*why = want == 4 ? "Invalid escape sequence: the \\u escape "
		    "sequence must be followed by four hexadecimal digits" :
		    "Invalid escape sequence: the \\U escape sequence must "
		    "be followed by eight hexadecimal digits";
		return -1;
	}
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
		*why = "Invalid escape sequence: this character cannot be "
		    "encoded in UTF-8";
		return -1;
	}
	return cp;
}

int
hcl_strlit_check(const char *s, size_t n, size_t *bad, const char **why)
{
	const char *slash;
	size_t i, len;

	for (i = 0; i < n; i++) {
		slash = memchr(s + i, '\\', n - i);
		if (slash == NULL)
			return 0;
		i = (size_t)(slash - s);
		*bad = i;
		if (i + 1 >= n) {
			*why = "Invalid escape sequence: a backslash must be "
			    "followed by an escape sequence selector character";
			return -1;
		}
		switch (s[i + 1]) {
		case 'n':
		case 'r':
		case 't':
		case '"':
		case '\\':
			i++;
			break;
		case 'u':
		case 'U':
			if (unicode_escape(s, n, i, &len, why) < 0)
				return -1;
			i += len - 1;
			break;
		default:
			*why = "Invalid escape sequence: the character after "
			    "the backslash is not a valid escape sequence "
			    "selector (use \\\\ for a backslash)";
			return -1;
		}
	}
	return 0;
}

static size_t
put(char *out, size_t size, size_t at, const char *bytes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, at++)
		if (at + 1 < size)
			out[at] = bytes[i];
	return at;
}

static size_t
put_code_point(char *out, size_t size, size_t at, long cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return put(out, size, at, b, n);
}

size_t
hcl_strlit_decode(const char *s, size_t n, int quoted, char *out,
    size_t size)
{
	size_t i, at = 0, len;
	const char *why;
	long cp;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c == '$' || c == '%') && i + 2 < n && s[i + 1] == c &&
		    s[i + 2] == '{') {
			at = put(out, size, at, s + i + 1, 2);
			i += 2;
			continue;
		}
		if (c != '\\' || !quoted || i + 1 >= n) {
			at = put(out, size, at, &c, 1);
			continue;
		}
		switch (s[i + 1]) {
		case 'n':
			at = put(out, size, at, "\n", 1);
			break;
		case 'r':
			at = put(out, size, at, "\r", 1);
			break;
		case 't':
			at = put(out, size, at, "\t", 1);
			break;
		case 'u':
		case 'U':
			cp = unicode_escape(s, n, i, &len, &why);
			if (cp < 0) {
				at = put(out, size, at, s + i, len);
			} else {
				at = put_code_point(out, size, at, cp);
			}
			i += len - 1;
			continue;
		default:
			/* \" and \\, and what an invalid escape stands for. */
			at = put(out, size, at, s + i + 1, 1);
			break;
		}
		i++;
	}
	if (size > 0)
		out[at < size ? at : size - 1] = '\0';
	return at;
}
