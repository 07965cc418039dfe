/* fmt's alignment of `=` and trailing comments, for chosen lines. */
#include <stdlib.h>
#include <string.h>

#include "core/hcl/fmt.h"

/* One fmt line: tokens first..end (end is the newline token or EOF). */
struct fmt_line {
	uint32_t start;		/* byte offset where the line begins */
	uint32_t first;		/* first token */
	uint32_t end;		/* newline token, or EOF token */
	int has_assign;
	uint32_t equals;	/* the `=` token when has_assign */
	uint32_t lead_end;	/* byte offset after the token before `=` */
	int has_comment;
	uint32_t comment;	/* the trailing comment token */
	uint32_t body_end;	/* byte offset after the token before it */
	int touched;
	int shift;		/* change of the line's width before the
				   comment, from realigning `=` */
};

static int
bracket_change(enum hcl_token_type type)
{
	switch (type) {
	case HCL_TOK_LBRACE:
	case HCL_TOK_LBRACK:
	case HCL_TOK_LPAREN:
	case HCL_TOK_TEMPLATE_INTERP:
	case HCL_TOK_TEMPLATE_CONTROL:
		return 1;
	case HCL_TOK_RBRACE:
	case HCL_TOK_RBRACK:
	case HCL_TOK_RPAREN:
	case HCL_TOK_TEMPLATE_SEQ_END:
		return -1;
	default:
		return 0;
	}
}

static uint32_t
tok_end(const struct hcl_file *file, uint32_t tok)
{
	return file->tokens[tok].offset + file->tokens[tok].length;
}

size_t
hcl_fmt_columns(const char *s, size_t n)
{
	size_t cols = 0, k;

	for (k = 0; k < n; k++)
		cols += ((unsigned char)s[k] & 0xc0) != 0x80;
	return cols;
}

/* The columns of src[from..to). */
static uint32_t
columns(const struct hcl_file *file, uint32_t from, uint32_t to)
{
	return (uint32_t)hcl_fmt_columns(file->src + from, to - from);
}

static int
is_line_comment(const struct hcl_file *file, uint32_t tok)
{
	const char *s = file->src + file->tokens[tok].offset;

	if (file->tokens[tok].type != HCL_TOK_COMMENT)
		return 0;
	return s[0] == '#' || (s[0] == '/' && s[1] == '/');
}

/* Fill in the cells of one line whose tokens are first..end. */
static void
classify_line(const struct hcl_file *file, struct fmt_line *line)
{
	uint32_t last = line->end;	/* one past the last real token */
	uint32_t i;
	int net;

	if (last > line->first && is_line_comment(file, last - 1) &&
	    last - 1 > line->first) {
		line->has_comment = 1;
		line->comment = last - 1;
		line->body_end = tok_end(file, last - 2);
		last--;
	}
	for (i = line->first + 1; i < last; i++) {
		if (file->tokens[i].type != HCL_TOK_EQUAL)
			continue;
		net = 0;
		for (uint32_t j = i; j < last; j++)
			net += bracket_change(file->tokens[j].type);
		if (net == 0) {
			line->has_assign = 1;
			line->equals = i;
			line->lead_end = tok_end(file, i - 1);
		}
		break;
	}
}

/* Split the file into fmt lines. Returns the count, or -1 on OOM. */
static long
split_lines(const struct hcl_file *file, struct fmt_line **out)
{
	struct fmt_line *lines;
	size_t n = 0, cap = 1;
	uint32_t i, first = 0, start = 0;

	for (i = 0; i < file->ntokens; i++) {
		if (file->tokens[i].type == HCL_TOK_NEWLINE)
			cap++;
	}
	lines = calloc(cap, sizeof *lines);
	if (lines == NULL)
		return -1;
	for (i = 0; i < file->ntokens && n < cap; i++) {
		enum hcl_token_type type = file->tokens[i].type;

		if (type != HCL_TOK_NEWLINE && type != HCL_TOK_EOF &&
		    i + 1 < file->ntokens)
			continue;
		lines[n].start = start;
		lines[n].first = first;
		lines[n].end = (type == HCL_TOK_NEWLINE ||
		    type == HCL_TOK_EOF) ? i : i + 1;
		classify_line(file, &lines[n]);
		n++;
		first = i + 1;
		start = tok_end(file, i);
		if (type == HCL_TOK_EOF)
			break;
	}
	*out = lines;
	return (long)n;
}

static void
mark_touched(const struct hcl_file *file, struct fmt_line *lines, size_t n,
    uint32_t from, uint32_t to)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t a = lines[i].start;
		uint32_t b = lines[i].end < file->ntokens ?
		    tok_end(file, lines[i].end) : (uint32_t)file->len;

		/* An empty range touches the line it sits in. */
		if ((from < b && a < to) || (from == to && from >= a &&
		    from < b) || (from == to && from == b && i + 1 == n))
			lines[i].touched = 1;
	}
}

static int
set_spaces(struct hcl_edits *out, uint32_t from, uint32_t to, int want,
    struct hc_error *err)
{
	char spaces[256];
	const char *src = out->file->src;
	uint32_t k;
	int same = (int)(to - from) == want;

	if (want < 1)
		want = 1;
	if (want > (int)sizeof spaces)
		want = sizeof spaces;
	for (k = from; same && k < to; k++)
		same = src[k] == ' ';
	if (same)
		return 0;
	memset(spaces, ' ', (size_t)want);
	return hcl_edits_splice(out, from, to - from, spaces, (size_t)want, 0,
	    err);
}

/* Realign the `=` of the group lines[a..b) when one of them is touched. */
static int
align_assign(const struct hcl_file *file, struct fmt_line *lines, size_t a,
    size_t b, struct hcl_edits *out, struct hc_error *err)
{
	uint32_t widest = 0;
	size_t i;
	int touched = 0;

	for (i = a; i < b; i++) {
		uint32_t w = columns(file, lines[i].start, lines[i].lead_end);

		touched |= lines[i].touched;
		if (w > widest)
			widest = w;
	}
	if (!touched)
		return 0;
	for (i = a; i < b; i++) {
		uint32_t eq = file->tokens[lines[i].equals].offset;
		int want = (int)(widest - columns(file, lines[i].start,
		    lines[i].lead_end)) + 1;

		lines[i].shift = want - (int)(eq - lines[i].lead_end);
		if (lines[i].shift != 0)
			lines[i].touched = 1;
		if (set_spaces(out, lines[i].lead_end, eq, want, err) < 0)
			return -1;
	}
	return 0;
}

static int
align_comments(const struct hcl_file *file, struct fmt_line *lines,
    size_t a, size_t b, struct hcl_edits *out, struct hc_error *err)
{
	int widest = 0;
	size_t i;
	int touched = 0;

	for (i = a; i < b; i++) {
		int w = (int)columns(file, lines[i].start, lines[i].body_end) +
		    lines[i].shift;

		touched |= lines[i].touched;
		if (w > widest)
			widest = w;
	}
	if (!touched)
		return 0;
	for (i = a; i < b; i++) {
		int w = (int)columns(file, lines[i].start, lines[i].body_end) +
		    lines[i].shift;

		if (set_spaces(out, lines[i].body_end,
		    file->tokens[lines[i].comment].offset, widest - w + 1,
		    err) < 0)
			return -1;
	}
	return 0;
}

int
hcl_fmt_align(const struct hcl_file *file, const uint32_t *ranges,
    size_t nranges, struct hcl_edits *out, struct hc_error *err)
{
	struct fmt_line *lines = NULL;
	long n;
	size_t i, a;
	int rc = -1;

	n = split_lines(file, &lines);
	if (n < 0) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < nranges; i++)
		mark_touched(file, lines, (size_t)n, ranges[2 * i],
		    ranges[2 * i + 1]);

	for (a = 0; a < (size_t)n; a = i) {
		for (i = a; i < (size_t)n && lines[i].has_assign; i++)
			;
		if (i > a && align_assign(file, lines, a, i, out, err) < 0)
			goto out;
		if (i == a)
			i++;
	}
	for (a = 0; a < (size_t)n; a = i) {
		for (i = a; i < (size_t)n && lines[i].has_comment; i++)
			;
		if (i > a && align_comments(file, lines, a, i, out, err) < 0)
			goto out;
		if (i == a)
			i++;
	}
	rc = 0;
out:
	free(lines);
	return rc;
}
