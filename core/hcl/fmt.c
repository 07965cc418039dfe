/* fmt's alignment of `=` and trailing comments, for chosen lines. */
#include <stdlib.h>
#include <string.h>

#include "core/hcl/fmt.h"
#include "core/hcl/unicode.h"

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
	int assign_aligned;	/* before the edits, `=` sat where fmt puts
				   it (1 for new lines and when unknown) */
	int comment_aligned;	/* the same for the trailing comment */
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
	return hcl_unicode_columns(s, n);
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

		/* An empty range (a removal) touches the line it sits in
		 * and the line that ends where it starts. */
		if ((from < b && a < to) || (from == to && from >= a &&
		    from <= b))
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
	int touched = 0, aligned = 1;

	for (i = a; i < b; i++) {
		uint32_t w = columns(file, lines[i].start, lines[i].lead_end);

		touched |= lines[i].touched;
		aligned &= lines[i].assign_aligned;
		if (w > widest)
			widest = w;
	}
	/* A group someone laid out by hand keeps its layout: only the
	 * edited lines change. */
	if (!touched || !aligned)
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
	int touched = 0, aligned = 1;

	for (i = a; i < b; i++) {
		int w = (int)columns(file, lines[i].start, lines[i].body_end) +
		    lines[i].shift;

		touched |= lines[i].touched;
		aligned &= lines[i].comment_aligned;
		if (w > widest)
			widest = w;
	}
	if (!touched || !aligned)
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

/* Whether src[from..to) is want spaces (want counted in columns). */
static int
gap_is(const struct hcl_file *file, uint32_t from, uint32_t to, int want)
{
	uint32_t k;

	if ((int)(to - from) != want)
		return 0;
	for (k = from; k < to; k++) {
		if (file->src[k] != ' ')
			return 0;
	}
	return 1;
}

/* The start and end offsets of the gap before the cell of a line: the
 * `=` of an assign cell, or the trailing comment. */
static void
cell_gap(const struct hcl_file *file, const struct fmt_line *line,
    int comment, uint32_t *from, uint32_t *to)
{
	*from = comment ? line->body_end : line->lead_end;
	*to = file->tokens[comment ? line->comment : line->equals].offset;
}

/* Set assign_aligned (or, with comment, comment_aligned) of the group
 * lines[a..b) of an unedited file: whether fmt would leave the cell of
 * each line where it is. */
static void
mark_group(const struct hcl_file *file, struct fmt_line *lines, size_t a,
    size_t b, int comment)
{
	uint32_t widest = 0, from, to, w;
	size_t k;

	for (k = a; k < b; k++) {
		cell_gap(file, &lines[k], comment, &from, &to);
		w = columns(file, lines[k].start, from);
		if (w > widest)
			widest = w;
	}
	for (k = a; k < b; k++) {
		int aligned;

		cell_gap(file, &lines[k], comment, &from, &to);
		aligned = gap_is(file, from, to,
		    (int)(widest - columns(file, lines[k].start, from)) + 1);
		if (comment)
			lines[k].comment_aligned = aligned;
		else
			lines[k].assign_aligned = aligned;
	}
}

/* Set assign_aligned and comment_aligned of each line of an unedited
 * file: whether fmt would leave that cell where it is. */
static void
mark_aligned(const struct hcl_file *file, struct fmt_line *lines, size_t n)
{
	size_t a, i;
	int comment;

	for (comment = 0; comment <= 1; comment++) {
		for (a = 0; a < n; a = i) {
			for (i = a; i < n && (comment ? lines[i].has_comment :
			    lines[i].has_assign); i++)
				;
			if (i > a)
				mark_group(file, lines, a, i, comment);
			else
				i++;
		}
	}
}

/*
 * The offset in the unedited file of byte pos of the edited text, or -1
 * when pos lies in text that a splice of edits inserted.
 */
static long
original_offset(const struct hcl_edits *edits, uint32_t pos)
{
	long delta = 0;
	size_t i;

	for (i = 0; i < edits->nsplices; i++) {
		const struct hcl_splice *sp = &edits->splices[i];
		long at = (long)sp->offset + delta;

		if ((long)pos < at)
			break;
		if ((long)pos < at + (long)sp->text_len)
			return -1;
		delta += (long)sp->text_len - (long)sp->length;
	}
	return (long)pos - delta;
}

/* The index of the line of lines[0..n) that contains offset pos. */
static size_t
line_at(const struct fmt_line *lines, size_t n, uint32_t pos)
{
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (lines[mid].start <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Carry over to the edited lines whether their cells were aligned in the
 * unedited file of edits. Lines an edit added count as aligned.
 */
static int
inherit_aligned(const struct hcl_file *file, struct fmt_line *lines,
    size_t n, const struct hcl_edits *edits)
{
	struct fmt_line *before;
	long nbefore, at;
	size_t i, j;

	nbefore = split_lines(edits->file, &before);
	if (nbefore < 0)
		return -1;
	mark_aligned(edits->file, before, (size_t)nbefore);
	for (i = 0; i < n; i++) {
		at = original_offset(edits,
		    file->tokens[lines[i].first].offset);
		if (at < 0 || nbefore == 0)
			continue;
		j = line_at(before, (size_t)nbefore, (uint32_t)at);
		lines[i].assign_aligned = before[j].assign_aligned;
		lines[i].comment_aligned = before[j].comment_aligned;
	}
	free(before);
	return 0;
}

int
hcl_fmt_align(const struct hcl_file *file, const uint32_t *ranges,
    size_t nranges, const struct hcl_edits *origin, struct hcl_edits *out,
    struct hc_error *err)
{
	struct fmt_line *lines = NULL;
	long n;
	size_t i, a;
	int rc = -1;

	n = split_lines(file, &lines);
	if (n < 0)
		goto nomem;
	for (i = 0; i < (size_t)n; i++) {
		lines[i].assign_aligned = 1;
		lines[i].comment_aligned = 1;
	}
	if (origin != NULL && origin->file != NULL &&
	    inherit_aligned(file, lines, (size_t)n, origin) < 0)
		goto nomem;
	for (i = 0; i < nranges; i++)
		mark_touched(file, lines, (size_t)n, ranges[2 * i],
		    ranges[2 * i + 1]);
	/* An edited line can join two groups or leave one (a value that
	 * now spans lines), so the groups next to it are realigned too. */
	for (i = 0; i < (size_t)n; i++) {
		if (lines[i].touched != 1)
			continue;
		if (i > 0 && !lines[i - 1].touched)
			lines[i - 1].touched = 2;
		if (i + 1 < (size_t)n && !lines[i + 1].touched)
			lines[i + 1].touched = 2;
	}

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
	goto out;
nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
out:
	free(lines);
	return rc;
}
