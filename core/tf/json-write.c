/*
 * json.dumps(indent=2) layout, written here because jansson's own
 * json_dumps() differs from Python's in the two places a user sees in
 * a rewritten .tf.json file: reals get 17 significant digits (0.1 becomes
 * 0.10000000000000001) and \u escapes are upper case.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/tf/json-write.h"

static void
write_indent(struct hcl_edit_buf *buf, const char *newline, int depth)
{
	int i;

	hcl_edit_buf_adds(buf, newline);
	for (i = 0; i < depth; i++)
		hcl_edit_buf_add(buf, "  ", 2);
}

/* Decode the UTF-8 sequence at s (jansson holds only valid UTF-8) and
 * return its length, or 1 for a byte that starts no sequence. */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		*cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		*cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		*cp = s[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3F);
	return len;
}

/* A string with ensure_ascii's escapes: the short ones for quote,
 * backslash and five controls, \uxxxx in lower case for the rest
 * outside ' ' to '~'. */
static void
write_string(struct hcl_edit_buf *buf, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run;
	unsigned long cp;

	hcl_edit_buf_add(buf, "\"", 1);
	while (i < n) {
		for (run = 0; i + run < n && s[i + run] >= 0x20 &&
		    s[i + run] <= 0x7E && s[i + run] != '"' &&
		    s[i + run] != '\\'; run++)
			;
		hcl_edit_buf_add(buf, text + i, run);
		i += run;
		if (i >= n)
			break;
		i += utf8_decode(s + i, n - i, &cp);
		switch (cp) {
		case '"':
			hcl_edit_buf_adds(buf, "\\\"");
			continue;
		case '\\':
			hcl_edit_buf_adds(buf, "\\\\");
			continue;
		case '\b':
			hcl_edit_buf_adds(buf, "\\b");
			continue;
		case '\f':
			hcl_edit_buf_adds(buf, "\\f");
			continue;
		case '\n':
			hcl_edit_buf_adds(buf, "\\n");
			continue;
		case '\r':
			hcl_edit_buf_adds(buf, "\\r");
			continue;
		case '\t':
			hcl_edit_buf_adds(buf, "\\t");
			continue;
		}
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			hcl_edit_buf_printf(buf, "\\u%04lx\\u%04lx",
			    0xD800 | (cp >> 10), 0xDC00 | (cp & 0x3FF));
		} else {
			hcl_edit_buf_printf(buf, "\\u%04lx", cp);
		}
	}
	hcl_edit_buf_add(buf, "\"", 1);
}

/* Whether mantissa times ten to the power exponent reads back as x. */
static int
reads_back(int negative, unsigned long long mantissa, int exponent,
    double x)
{
	char text[48];

	snprintf(text, sizeof text, "%s%llue%d", negative ? "-" : "",
	    mantissa, exponent);
	return strtod(text, NULL) == x;
}

/*
 * Find the fewest significant digits that read back as x, the closest
 * to x among those of that length, as Python's repr() does. The
 * correctly rounded digits of each length are tried first. At a power
 * of two the doubles below are twice as dense as those above, so the
 * rounded digits can miss while those one above them still read back.
 * Sets digits (no trailing zeros) and *exponent, the power of ten of
 * the first digit.
 */
static void
shortest_digits(double x, char *digits, size_t size, int *exponent)
{
	char sci[40];
	unsigned long long mantissa = 0;
	int precision, scale = 0, negative = signbit(x) != 0;
	const char *p;
	size_t n;

	for (precision = 0; precision < 17; precision++) {
		snprintf(sci, sizeof sci, "%.*e", precision, x);
		/* sci is "[-]d[.ddd]e[+-]XX". */
		mantissa = 0;
		for (p = sci + negative; *p != 'e'; p++) {
			if (*p != '.')
				mantissa = mantissa * 10 + (unsigned)(*p - '0');
		}
		scale = atoi(p + 1) - precision;
		if (strtod(sci, NULL) == x)
			break;
		if (reads_back(negative, mantissa + 1, scale, x)) {
			mantissa++;
			break;
		}
		if (mantissa > 1 && reads_back(negative, mantissa - 1, scale,
		    x)) {
			mantissa--;
			break;
		}
	}
	while (mantissa != 0 && mantissa % 10 == 0) {
		mantissa /= 10;
		scale++;
	}
	n = (size_t)snprintf(digits, size, "%llu", mantissa);
	*exponent = scale + (int)n - 1;
}

/*
 * Write a real as Python's repr() does, with the shortest digits that
 * read back as the same double. The form is positional when the decimal
 * point falls within 16 digits left or 4 right of the digits' start,
 * with ".0" when it would read as an integer. Otherwise it is d.ddde+XX.
 */
static void
write_real(struct hcl_edit_buf *buf, double x)
{
	char digits[24], out[48];
	size_t nd, o = 0;
	int exponent, point, i;

	if (isnan(x)) {
		hcl_edit_buf_adds(buf, "NaN");
		return;
	}
	if (isinf(x)) {
		hcl_edit_buf_adds(buf, x > 0 ? "Infinity" : "-Infinity");
		return;
	}
	shortest_digits(x, digits, sizeof digits, &exponent);
	nd = strlen(digits);
	if (signbit(x))
		out[o++] = '-';
	/* Python's decpt: the value is 0.DIGITS times ten to the point. */
	point = exponent + 1;
	if (point > 16 || point < -3) {
		out[o++] = digits[0];
		if (nd > 1) {
			out[o++] = '.';
			memcpy(out + o, digits + 1, nd - 1);
			o += nd - 1;
		}
		o += (size_t)snprintf(out + o, sizeof out - o, "e%c%02d",
		    exponent < 0 ? '-' : '+', abs(exponent));
	} else if (point <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (i = 0; i < -point; i++)
			out[o++] = '0';
		memcpy(out + o, digits, nd);
		o += nd;
	} else if ((size_t)point >= nd) {
		memcpy(out + o, digits, nd);
		o += nd;
		for (i = 0; i < point - (int)nd; i++)
			out[o++] = '0';
		out[o++] = '.';
		out[o++] = '0';
	} else {
		memcpy(out + o, digits, (size_t)point);
		o += (size_t)point;
		out[o++] = '.';
		memcpy(out + o, digits + point, nd - (size_t)point);
		o += nd - (size_t)point;
	}
	hcl_edit_buf_add(buf, out, o);
}

/* Reduce a JSON number to its significant digits (no leading or
 * trailing zeros; "0" for zero) and the power of ten of the first. */
static void
number_digits(const char *text, size_t len, char *digits, size_t size,
    long *exponent)
{
	size_t i, n = 0;
	long e = 0, whole = 0, zeros_after = 0;
	int seen_point = 0;

	for (i = 0; i < len && text[i] != 'e' && text[i] != 'E'; i++) {
		if (text[i] == '.') {
			seen_point = 1;
			continue;
		}
		if (text[i] < '0' || text[i] > '9')
			continue;
		if (n == 0 && text[i] == '0') {
			/* A zero before the first significant digit. */
			if (seen_point)
				zeros_after++;
			continue;
		}
		if (!seen_point)
			whole++;
		if (n + 1 < size)
			digits[n++] = text[i];
	}
	if (i < len)
		e = strtol(text + i + 1, NULL, 10);
	while (n > 0 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	if (n == 0) {
		snprintf(digits, size, "0");
		*exponent = 0;
		return;
	}
	*exponent = whole > 0 ? e + whole - 1 : e - zeros_after - 1;
}

int
tf_json_inexact_number(const char *text, size_t len, char *out,
    size_t size)
{
	char want[40], got[24];
	long want_exp;
	int line = 1, got_exp;
	size_t i, k;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			line++;
		if (text[i] == '"') {
			for (i++; i < len && text[i] != '"'; i++)
				i += text[i] == '\\';
			continue;
		}
		if (text[i] != '-' && (text[i] < '0' || text[i] > '9'))
			continue;
		k = i + strspn(text + i, "-+0123456789.eE");
		if (k > len)
			k = len;
		if (memchr(text + i, '.', k - i) != NULL ||
		    memchr(text + i, 'e', k - i) != NULL ||
		    memchr(text + i, 'E', k - i) != NULL) {
			char number[400];
			double x;

			snprintf(number, sizeof number, "%.*s", (int)(k - i),
			    text + i);
			x = strtod(number, NULL);
			number_digits(text + i, k - i, want, sizeof want,
			    &want_exp);
			shortest_digits(x, got, sizeof got, &got_exp);
			if (x == 0)
				snprintf(got, sizeof got, "0");
			if (strcmp(want, got) != 0 ||
			    (strcmp(want, "0") != 0 && want_exp != got_exp)) {
				snprintf(out, size, "%s", number);
				return line;
			}
		}
		i = k - 1;
	}
	return 0;
}

static void
write_value(const json_t *value, const char *newline, int depth,
    struct hcl_edit_buf *buf)
{
	const char *key;
	json_t *item;
	size_t i, n;

	switch (json_typeof(value)) {
	case JSON_OBJECT:
		if (json_object_size(value) == 0) {
			hcl_edit_buf_adds(buf, "{}");
			return;
		}
		hcl_edit_buf_adds(buf, "{");
		i = 0;
		json_object_foreach((json_t *)value, key, item) {
			if (i++ > 0)
				hcl_edit_buf_adds(buf, ",");
			write_indent(buf, newline, depth + 1);
			write_string(buf, key, strlen(key));
			hcl_edit_buf_adds(buf, ": ");
			write_value(item, newline, depth + 1, buf);
		}
		write_indent(buf, newline, depth);
		hcl_edit_buf_adds(buf, "}");
		return;
	case JSON_ARRAY:
		n = json_array_size(value);
		if (n == 0) {
			hcl_edit_buf_adds(buf, "[]");
			return;
		}
		hcl_edit_buf_adds(buf, "[");
		for (i = 0; i < n; i++) {
			if (i > 0)
				hcl_edit_buf_adds(buf, ",");
			write_indent(buf, newline, depth + 1);
			write_value(json_array_get(value, i), newline,
			    depth + 1, buf);
		}
		write_indent(buf, newline, depth);
		hcl_edit_buf_adds(buf, "]");
		return;
	case JSON_STRING:
		write_string(buf, json_string_value(value),
		    json_string_length(value));
		return;
	case JSON_INTEGER:
		hcl_edit_buf_printf(buf, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(value));
		return;
	case JSON_REAL:
		write_real(buf, json_real_value(value));
		return;
	case JSON_TRUE:
		hcl_edit_buf_adds(buf, "true");
		return;
	case JSON_FALSE:
		hcl_edit_buf_adds(buf, "false");
		return;
	case JSON_NULL:
		hcl_edit_buf_adds(buf, "null");
		return;
	}
}

void
tf_json_write(const json_t *value, const char *newline,
    struct hcl_edit_buf *buf)
{
	write_value(value, newline, 0, buf);
}
