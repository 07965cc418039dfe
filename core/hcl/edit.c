/* Byte-splice edits of a parsed HCL file, laid out as fmt would. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/edit.h"
#include "core/hcl/fmt.h"
#include "core/hcl/parse.h"
#include "core/hcl/query.h"

void
hcl_edit_buf_init(struct hcl_edit_buf *buf)
{
	memset(buf, 0, sizeof *buf);
}

void
hcl_edit_buf_done(struct hcl_edit_buf *buf)
{
	free(buf->data);
	memset(buf, 0, sizeof *buf);
}

void
hcl_edit_buf_add(struct hcl_edit_buf *buf, const char *s, size_t n)
{
	char *data;
	size_t cap;

	if (buf->failed)
		return;
	if (buf->len + n + 1 > buf->cap) {
		cap = buf->cap ? buf->cap : 64;
		while (cap < buf->len + n + 1)
			cap *= 2;
		data = realloc(buf->data, cap);
		if (data == NULL) {
			buf->failed = 1;
			return;
		}
		buf->data = data;
		buf->cap = cap;
	}
	if (n > 0)
		memcpy(buf->data + buf->len, s, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
}

void
hcl_edit_buf_adds(struct hcl_edit_buf *buf, const char *s)
{
	hcl_edit_buf_add(buf, s, strlen(s));
}

void
hcl_edit_buf_printf(struct hcl_edit_buf *buf, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		buf->failed = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		hcl_edit_buf_add(buf, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL) {
		buf->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	hcl_edit_buf_add(buf, big, (size_t)n);
	free(big);
}

char *
hcl_edit_buf_take(struct hcl_edit_buf *buf, size_t *len)
{
	char *data;

	if (buf->failed) {
		hcl_edit_buf_done(buf);
		return NULL;
	}
	if (buf->data == NULL)
		hcl_edit_buf_add(buf, "", 0);
	if (buf->failed)
		return NULL;
	data = buf->data;
	if (len != NULL)
		*len = buf->len;
	memset(buf, 0, sizeof *buf);
	return data;
}

void
hcl_edits_init(struct hcl_edits *edits, const struct hcl_file *file)
{
	memset(edits, 0, sizeof *edits);
	edits->file = file;
}

void
hcl_edits_done(struct hcl_edits *edits)
{
	size_t i;

	if (edits == NULL)
		return;
	for (i = 0; i < edits->nsplices; i++)
		free(edits->splices[i].text);
	free(edits->splices);
	edits->splices = NULL;
	edits->nsplices = edits->cap = 0;
}

int
hcl_edits_splice(struct hcl_edits *edits, uint32_t offset, uint32_t length,
    const char *text, size_t text_len, int align, struct hc_error *err)
{
	struct hcl_splice *s;
	size_t i, at;

	for (i = 0; i < edits->nsplices; i++) {
		s = &edits->splices[i];
		if (offset < s->offset + s->length && s->offset < offset +
		    length) {
			hc_error_set(err, HC_ERR_CONFLICT,
			    "%s: two edits overlap at byte %u",
			    edits->file->path, (unsigned)offset);
			return -1;
		}
	}
	if (edits->nsplices == edits->cap) {
		size_t cap = edits->cap ? edits->cap * 2 : 8;

		s = realloc(edits->splices, cap * sizeof *s);
		if (s == NULL)
			goto nomem;
		edits->splices = s;
		edits->cap = cap;
	}
	/* After every splice that starts at or before offset, so insertions
	 * at one offset keep their order. */
	for (at = edits->nsplices; at > 0; at--) {
		if (edits->splices[at - 1].offset <= offset)
			break;
	}
	memmove(&edits->splices[at + 1], &edits->splices[at],
	    (edits->nsplices - at) * sizeof *s);
	s = &edits->splices[at];
	s->offset = offset;
	s->length = length;
	s->text_len = text_len;
	s->align = align;
	s->text = malloc(text_len + 1);
	if (s->text == NULL) {
		memmove(&edits->splices[at], &edits->splices[at + 1],
		    (edits->nsplices - at) * sizeof *s);
		goto nomem;
	}
	if (text_len > 0)
		memcpy(s->text, text, text_len);
	s->text[text_len] = '\0';
	edits->nsplices++;
	return 0;
nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

/* Splice without realigning; ranges receives the new positions of the
 * splices marked align (pairs), when not NULL. */
static char *
splice_text(const struct hcl_edits *edits, size_t *out_len,
    uint32_t *ranges, size_t *nranges)
{
	const struct hcl_file *file = edits->file;
	struct hcl_edit_buf buf;
	size_t i, pos = 0;

	hcl_edit_buf_init(&buf);
	if (nranges != NULL)
		*nranges = 0;
	for (i = 0; i < edits->nsplices; i++) {
		const struct hcl_splice *s = &edits->splices[i];

		if (s->offset > pos) {
			hcl_edit_buf_add(&buf, file->src + pos,
			    s->offset - pos);
			pos = s->offset;
		}
		if (s->align && ranges != NULL) {
			ranges[2 * *nranges] = (uint32_t)buf.len;
			ranges[2 * *nranges + 1] = (uint32_t)(buf.len +
			    s->text_len);
			(*nranges)++;
		}
		hcl_edit_buf_add(&buf, s->text, s->text_len);
		if (s->offset + s->length > pos)
			pos = s->offset + s->length;
	}
	if (file->len > pos)
		hcl_edit_buf_add(&buf, file->src + pos, file->len - pos);
	return hcl_edit_buf_take(&buf, out_len);
}

int
hcl_edits_apply(const struct hcl_edits *edits, char **out, size_t *out_len,
    struct hc_error *err)
{
	struct hcl_file *again = NULL;
	struct hcl_edits fix;
	uint32_t *ranges = NULL;
	size_t nranges = 0;
	char *text = NULL;
	size_t len;
	int rc = -1;

	hcl_edits_init(&fix, NULL);
	*out = NULL;
	ranges = calloc(2 * edits->nsplices + 2, sizeof *ranges);
	if (ranges == NULL)
		goto nomem;
	text = splice_text(edits, &len, ranges, &nranges);
	if (text == NULL)
		goto nomem;
	if (nranges == 0)
		goto done;

	/* Realign on the edited text, where the new lines exist. */
	again = hcl_parse(edits->file->path, text, len, err);
	if (again == NULL) {
		hc_error_prefix(err, "edit produced invalid HCL");
		if (err != NULL)
			err->code = HC_ERR_INTERNAL;
		goto out;
	}
	hcl_edits_init(&fix, again);
	if (hcl_fmt_align(again, ranges, nranges, edits, &fix, err) < 0)
		goto out;
	if (fix.nsplices > 0) {
		free(text);
		text = splice_text(&fix, &len, NULL, NULL);
		if (text == NULL)
			goto nomem;
	}
done:
	*out = text;
	text = NULL;
	if (out_len != NULL)
		*out_len = len;
	rc = 0;
	goto out;
nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
out:
	hcl_edits_done(&fix);
	hcl_file_free(again);
	free(ranges);
	free(text);
	return rc;
}

struct hcl_file *
hcl_edits_apply_parse(const struct hcl_edits *edits, struct hc_error *err)
{
	struct hcl_file *file;
	char *text;
	size_t len;

	if (hcl_edits_apply(edits, &text, &len, err) < 0)
		return NULL;
	file = hcl_parse(edits->file->path, text, len, err);
	free(text);
	return file;
}

const char *
hcl_edit_newline(const struct hcl_file *file)
{
	return file->crlf ? "\r\n" : "\n";
}

/* Helpers on positions. */

static uint32_t
tok_off(const struct hcl_file *file, uint32_t tok)
{
	return file->tokens[tok].offset;
}

static uint32_t
tok_end(const struct hcl_file *file, uint32_t tok)
{
	return file->tokens[tok].offset + file->tokens[tok].length;
}

static uint32_t
line_start(const struct hcl_file *file, uint32_t offset)
{
	while (offset > 0 && file->src[offset - 1] != '\n')
		offset--;
	return offset;
}

/* The leading blanks of the line holding token tok, into buf. */
static void
line_indent(const struct hcl_file *file, uint32_t tok, char *buf,
    size_t size)
{
	uint32_t a = line_start(file, tok_off(file, tok));
	size_t n = 0;

	while (n + 1 < size && (file->src[a + n] == ' ' ||
	    file->src[a + n] == '\t'))
		n++;
	memcpy(buf, file->src + a, n);
	buf[n] = '\0';
}

/*
 * Offset just after the newline that ends the line of token tok (past a
 * trailing comment). *at_eof is set when the line has no newline.
 */
static uint32_t
after_line(const struct hcl_file *file, uint32_t tok, int *at_eof)
{
	uint32_t i;

	*at_eof = 0;
	for (i = tok + 1; i < file->ntokens; i++) {
		enum hcl_token_type type = file->tokens[i].type;

		if (type == HCL_TOK_NEWLINE)
			return tok_end(file, i);
		if (type == HCL_TOK_EOF)
			break;
		if (type != HCL_TOK_COMMENT && type != HCL_TOK_COMMA)
			break;
	}
	if (i >= file->ntokens || file->tokens[i].type == HCL_TOK_EOF) {
		*at_eof = 1;
		return (uint32_t)file->len;
	}
	/* Something else follows on the same line: insert before it. */
	return tok_off(file, i);
}

/* Maximum length of an indentation step, in bytes. */
#define INDENT_STEP_MAX 16

/*
 * Write into step the file's indentation step: what a line ending in an
 * opening brace, bracket or parenthesis adds to the indentation of the
 * line after it, when every such pair of the file agrees. Otherwise, and
 * in a file without one, fmt's two spaces.
 */
static void
indent_step(const struct hcl_file *file, char step[INDENT_STEP_MAX + 1])
{
	char outer[128], inner[128], found[INDENT_STEP_MAX + 1] = "";
	size_t i, j, k, n;

	for (i = 1; i + 1 < file->ntokens; i++) {
		enum hcl_token_type open = file->tokens[i - 1].type;

		if (file->tokens[i].type != HCL_TOK_NEWLINE ||
		    (open != HCL_TOK_LBRACE && open != HCL_TOK_LBRACK &&
		    open != HCL_TOK_LPAREN))
			continue;
		for (j = i + 1; j < file->ntokens &&
		    file->tokens[j].type == HCL_TOK_NEWLINE; j++)
			;
		if (j >= file->ntokens || file->tokens[j].type ==
		    HCL_TOK_EOF || file->tokens[j].type == HCL_TOK_RBRACE ||
		    file->tokens[j].type == HCL_TOK_RBRACK ||
		    file->tokens[j].type == HCL_TOK_RPAREN)
			continue;
		line_indent(file, (uint32_t)(i - 1), outer, sizeof outer);
		line_indent(file, (uint32_t)j, inner, sizeof inner);
		k = strlen(outer);
		n = strlen(inner);
		if (n <= k || n - k > INDENT_STEP_MAX ||
		    strncmp(inner, outer, k) != 0)
			goto fmt;
		if (found[0] == '\0')
			memcpy(found, inner + k, n - k + 1);
		else if (strcmp(found, inner + k) != 0)
			goto fmt;
	}
	if (found[0] != '\0') {
		memcpy(step, found, sizeof found);
		return;
	}
fmt:
	memcpy(step, "  ", 3);
}

/* Add the file's indentation step to indent, which has room for it:
 * callers leave INDENT_STEP_MAX bytes free. */
static void
append_step(const struct hcl_file *file, char *indent)
{
	char step[INDENT_STEP_MAX + 1];

	indent_step(file, step);
	strcat(indent, step);
}

/*
 * Append text to buf with each non-empty line prefixed by indent, lines
 * separated by nl, and nl after the last one when end_nl is set. Text is
 * indented two spaces a level; each level becomes the file's own step
 * (see indent_step()).
 */
static void
add_indented(const struct hcl_file *file, struct hcl_edit_buf *buf,
    const char *text, const char *indent, const char *nl, int end_nl)
{
	char step[INDENT_STEP_MAX + 1];
	const char *p = text, *q;

	indent_step(file, step);
	for (;;) {
		q = strchr(p, '\n');
		if (q == NULL)
			q = p + strlen(p);
		if (q > p) {
			hcl_edit_buf_adds(buf, indent);
			while (q - p >= 2 && p[0] == ' ' && p[1] == ' ') {
				hcl_edit_buf_adds(buf, step);
				p += 2;
			}
		}
		hcl_edit_buf_add(buf, p, (size_t)(q - p));
		if (*q == '\0')
			break;
		hcl_edit_buf_adds(buf, nl);
		p = q + 1;
	}
	if (end_nl)
		hcl_edit_buf_adds(buf, nl);
}

static int
splice_buf(struct hcl_edits *edits, uint32_t offset, uint32_t length,
    struct hcl_edit_buf *buf, int align, struct hc_error *err)
{
	int rc;

	if (buf->failed) {
		hcl_edit_buf_done(buf);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = hcl_edits_splice(edits, offset, length, buf->data ? buf->data :
	    "", buf->len, align, err);
	hcl_edit_buf_done(buf);
	return rc;
}

static const struct hcl_body *
body_of(const struct hcl_edits *edits, const struct hcl_item *block)
{
	return block != NULL ? &block->body : &edits->file->body;
}

/*
 * Add text (relative indentation, placed at inner) to the edit that
 * already rewrote [a, b) when a block was expanded over several lines,
 * before that edit's last line, the closing brace's indentation outer.
 * Returns 1 when such an edit was grown, 0 when there is none, -1 when
 * out of memory.
 */
static int
grow_expansion(struct hcl_edits *edits, uint32_t a, uint32_t b,
    const char *text, int blank, const char *inner, const char *outer,
    struct hc_error *err)
{
	const char *nl = hcl_edit_newline(edits->file);
	struct hcl_edit_buf buf;
	size_t i, keep;
	char *grown;

	for (i = 0; i < edits->nsplices; i++) {
		struct hcl_splice *s = &edits->splices[i];

		if (s->offset != a || s->length != b - a ||
		    s->text_len < strlen(outer))
			continue;
		keep = s->text_len - strlen(outer);
		hcl_edit_buf_init(&buf);
		hcl_edit_buf_add(&buf, s->text, keep);
		if (blank)
			hcl_edit_buf_adds(&buf, nl);
		add_indented(edits->file, &buf, text, inner, nl, 1);
		hcl_edit_buf_adds(&buf, outer);
		grown = hcl_edit_buf_take(&buf, &s->text_len);
		if (grown == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		free(s->text);
		s->text = grown;
		return 1;
	}
	return 0;
}

/* Insert lines (text, relative indentation) into block's body when it
 * has no item yet. */
static int
insert_into_empty(struct hcl_edits *edits, const struct hcl_item *block,
    const char *text, int align, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file);
	struct hcl_edit_buf buf;
	char indent[128], outer_indent[128];
	uint32_t at;
	size_t outer;
	int rc;

	hcl_edit_buf_init(&buf);
	if (block == NULL) {
		at = (uint32_t)file->len;
		if (at > 0 && file->src[at - 1] != '\n')
			hcl_edit_buf_adds(&buf, nl);
		add_indented(file, &buf, text, "", nl, 1);
		return splice_buf(edits, at, 0, &buf, align, err);
	}
	line_indent(file, block->first, indent,
	    sizeof indent - INDENT_STEP_MAX);
	outer = strlen(indent);
	append_step(file, indent);
	if (file->tokens[block->open_brace].line ==
	    file->tokens[block->close_brace].line) {
		/* "x {}" becomes a multi-line block, once for every edit. */
		at = tok_end(file, block->open_brace);
		memcpy(outer_indent, indent, outer);
		outer_indent[outer] = '\0';
		rc = grow_expansion(edits, at, tok_off(file, block->close_brace),
		    text, 0, indent, outer_indent, err);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		hcl_edit_buf_adds(&buf, nl);
		add_indented(file, &buf, text, indent, nl, 1);
		/* The closing brace goes back to the block's own line's
		 * indentation. */
		indent[outer] = '\0';
		hcl_edit_buf_adds(&buf, indent);
		return splice_buf(edits, at, tok_off(file, block->close_brace) -
		    at, &buf, align, err);
	}
	at = line_start(file, tok_off(file, block->close_brace));
	add_indented(file, &buf, text, indent, nl, 1);
	return splice_buf(edits, at, 0, &buf, align, err);
}

/*
 * Rewrite a one-line block "x { a = 1 }" over several lines, with text
 * (relative indentation) after its item, as fmt lays out a block that
 * no longer fits on one line. blank puts an empty line between them.
 */
static int
expand_one_line(struct hcl_edits *edits, const struct hcl_item *block,
    const char *text, int blank, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file);
	const struct hcl_item *item = &block->body.items[0];
	uint32_t a = tok_end(file, block->open_brace);
	uint32_t b = tok_off(file, block->close_brace);
	struct hcl_edit_buf buf;
	char indent[128], inner[128 + INDENT_STEP_MAX + 1];
	int rc;

	line_indent(file, block->first, indent, sizeof indent);
	snprintf(inner, sizeof inner, "%s", indent);
	append_step(file, inner);
	hcl_edit_buf_init(&buf);
	rc = grow_expansion(edits, a, b, text, blank, inner, indent, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	hcl_edit_buf_adds(&buf, nl);
	hcl_edit_buf_adds(&buf, inner);
	hcl_edit_buf_add(&buf, file->src + tok_off(file, item->first),
	    tok_end(file, item->last) - tok_off(file, item->first));
	hcl_edit_buf_adds(&buf, nl);
	if (blank)
		hcl_edit_buf_adds(&buf, nl);
	add_indented(file, &buf, text, inner, nl, 1);
	hcl_edit_buf_adds(&buf, indent);
	return splice_buf(edits, a, b - a, &buf, 1, err);
}

/* Whether block is written "x { a = 1 }": its item starts on the line of
 * the opening brace (the item itself may span lines). */
static int
one_line_block(const struct hcl_file *file, const struct hcl_item *block)
{
	return block != NULL && block->body.nitems > 0 &&
	    file->tokens[block->open_brace].line ==
	    file->tokens[block->body.items[0].first].line;
}

/* Insert lines after the line of item (same indentation as ref_item). */
static int
insert_after_item(struct hcl_edits *edits, const struct hcl_item *item,
    const struct hcl_item *ref_item, const char *text, int blank_before,
    int align, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file);
	struct hcl_edit_buf buf;
	char indent[128];
	uint32_t at;
	int at_eof;

	hcl_edit_buf_init(&buf);
	line_indent(file, ref_item->first, indent, sizeof indent);
	at = after_line(file, item->last, &at_eof);
	if (at_eof && (at == 0 || file->src[at - 1] != '\n'))
		hcl_edit_buf_adds(&buf, nl);
	if (blank_before)
		hcl_edit_buf_adds(&buf, nl);
	add_indented(file, &buf, text, indent, nl, 1);
	return splice_buf(edits, at, 0, &buf, align, err);
}

static int
adjacent(const struct hcl_file *file, const struct hcl_item *a,
    const struct hcl_item *b)
{
	uint32_t end_line = file->tokens[a->last].line;
	const char *p;

	/* A multi-line token (a heredoc's text) ends lines later than it
	 * starts; count the newlines in the last token. */
	p = file->src + tok_off(file, a->last);
	for (uint32_t k = 0; k < file->tokens[a->last].length; k++) {
		if (p[k] == '\n')
			end_line++;
	}
	return file->tokens[b->first].line == end_line + 1;
}

int
hcl_edit_replace_expr(struct hcl_edits *edits, const struct hcl_expr *expr,
    const char *text, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file), *eol = strchr(text, '\n');
	uint32_t a = tok_off(file, expr->first);
	uint32_t b = tok_end(file, expr->last);
	struct hcl_edit_buf buf;
	char indent[128];

	/* Lines after the first take the indentation of the line the
	 * expression starts on. */
	hcl_edit_buf_init(&buf);
	if (eol == NULL) {
		hcl_edit_buf_adds(&buf, text);
	} else {
		line_indent(file, expr->first, indent, sizeof indent);
		hcl_edit_buf_add(&buf, text, (size_t)(eol - text));
		hcl_edit_buf_adds(&buf, nl);
		add_indented(file, &buf, eol + 1, indent, nl, 0);
	}
	if (!buf.failed && b - a == buf.len &&
	    memcmp(file->src + a, buf.data, buf.len) == 0) {
		hcl_edit_buf_done(&buf);
		return 0;
	}
	return splice_buf(edits, a, b - a, &buf, 1, err);
}

int
hcl_edit_set_attribute(struct hcl_edits *edits, const struct hcl_item *block,
    const char *name, const char *value, enum hcl_edit_where where,
    struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const struct hcl_body *body = body_of(edits, block);
	const struct hcl_item *after = NULL, *item;
	struct hcl_edit_buf line;
	size_t i;
	int rc;

	for (i = 0; i < body->nitems; i++) {
		item = &body->items[i];
		if (item->type == HCL_ITEM_ATTRIBUTE &&
		    hcl_token_is(file, item->first, name))
			return hcl_edit_replace_expr(edits, item->expr, value,
			    err);
	}
	for (i = 0; i < body->nitems; i++) {
		item = &body->items[i];
		if (item->type != HCL_ITEM_ATTRIBUTE)
			continue;
		if (where == HCL_EDIT_LAST_RUN || after == NULL)
			after = item;
		else if (where == HCL_EDIT_FIRST_RUN && adjacent(file, after,
		    item) && after == &body->items[i - 1])
			after = item;
	}
	hcl_edit_buf_init(&line);
	hcl_edit_buf_printf(&line, "%s = %s", name, value);
	if (line.failed) {
		hcl_edit_buf_done(&line);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (one_line_block(file, block)) {
		rc = expand_one_line(edits, block, line.data,
		    body->items[0].type == HCL_ITEM_BLOCK, err);
	} else if (after != NULL) {
		rc = insert_after_item(edits, after, after, line.data, 0, 1,
		    err);
	} else if (body->nitems > 0) {
		/* Only blocks: the attribute goes first, then a blank. */
		struct hcl_edit_buf buf;
		char indent[128];
		uint32_t at;

		line_indent(file, body->items[0].first, indent,
		    sizeof indent);
		at = line_start(file, tok_off(file, body->items[0].first));
		hcl_edit_buf_init(&buf);
		add_indented(file, &buf, line.data, indent, hcl_edit_newline(file),
		    1);
		hcl_edit_buf_adds(&buf, hcl_edit_newline(file));
		rc = splice_buf(edits, at, 0, &buf, 1, err);
	} else {
		rc = insert_into_empty(edits, block, line.data, 1, err);
	}
	hcl_edit_buf_done(&line);
	return rc;
}

int
hcl_edit_append_block(struct hcl_edits *edits, const struct hcl_item *block,
    const char *text, struct hc_error *err)
{
	const struct hcl_body *body = body_of(edits, block);
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file);
	struct hcl_edit_buf buf;

	if (body->nitems == 0)
		return insert_into_empty(edits, block, text, 1, err);
	if (one_line_block(file, block))
		return expand_one_line(edits, block, text, 1, err);
	if (block == NULL) {
		/* At the top level the block goes after everything, comments
		 * at the end of the file included. */
		hcl_edit_buf_init(&buf);
		if (file->src[file->len - 1] != '\n')
			hcl_edit_buf_adds(&buf, nl);
		hcl_edit_buf_adds(&buf, nl);
		add_indented(file, &buf, text, "", nl, 1);
		return splice_buf(edits, (uint32_t)file->len, 0, &buf, 1, err);
	}
	return insert_after_item(edits, &body->items[body->nitems - 1],
	    &body->items[0], text, 1, 1, err);
}

int
hcl_edit_rename_block(struct hcl_edits *edits, const struct hcl_item *block,
    const char *type, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;

	if (hcl_token_is(file, block->first, type))
		return 0;
	return hcl_edits_splice(edits, tok_off(file, block->first),
	    file->tokens[block->first].length, type, strlen(type), 0, err);
}

/* Index of the first token after tok that is not a newline or comment. */
static uint32_t
next_solid(const struct hcl_file *file, uint32_t tok)
{
	uint32_t i;

	for (i = tok + 1; i < file->ntokens; i++) {
		enum hcl_token_type type = file->tokens[i].type;

		if (type != HCL_TOK_NEWLINE && type != HCL_TOK_COMMENT)
			return i;
	}
	return (uint32_t)file->ntokens - 1;
}

/*
 * Append the lines of text to buf: the first as it is, each later one
 * indented by its text's own indentation less one level (two spaces)
 * after inner, or by indent when it has none, like the closing brace.
 * So the new element's content lines up with the previous element's
 * content whatever indentation step the file uses.
 */
static void
add_element_lines(const struct hcl_file *file, struct hcl_edit_buf *buf,
    const char *text, const char *indent, const char *inner, const char *nl)
{
	char step[INDENT_STEP_MAX + 1];
	const char *p = text, *q;

	indent_step(file, step);
	for (;;) {
		q = strchr(p, '\n');
		if (q == NULL)
			q = p + strlen(p);
		if (p != text && q > p) {
			if (strncmp(p, "  ", 2) == 0) {
				hcl_edit_buf_adds(buf, inner);
				p += 2;
				while (q - p >= 2 && p[0] == ' ' &&
				    p[1] == ' ') {
					hcl_edit_buf_adds(buf, step);
					p += 2;
				}
			} else {
				hcl_edit_buf_adds(buf, indent);
			}
		}
		hcl_edit_buf_add(buf, p, (size_t)(q - p));
		if (*q == '\0')
			break;
		hcl_edit_buf_adds(buf, nl);
		p = q + 1;
	}
}

/*
 * Append to a collection written "[{ ... }]", whose only or last element
 * opens on the bracket's line and closes on the closing bracket's line,
 * as "}, {": fmt indents that line like the element's content, so the
 * previous element's closing line moves there.
 */
static int
compact_append(struct hcl_edits *edits, uint32_t el_first, uint32_t el_last,
    const char *text, struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	struct hcl_edit_buf buf;
	char indent[128], inner[128];
	uint32_t a = line_start(file, tok_off(file, el_last)), k;

	line_indent(file, el_last, indent, sizeof indent);
	/* The indentation of the element's first content line. */
	for (k = el_first + 1; k < el_last; k++) {
		if (file->tokens[k].line != file->tokens[el_first].line &&
		    file->tokens[k].type != HCL_TOK_NEWLINE)
			break;
	}
	line_indent(file, k, inner, sizeof inner);
	if (a + strlen(indent) == tok_off(file, el_last) &&
	    hcl_edits_splice(edits, a, (uint32_t)strlen(indent), inner,
	    strlen(inner), 0, err) < 0)
		return -1;
	hcl_edit_buf_init(&buf);
	hcl_edit_buf_adds(&buf, ", ");
	add_element_lines(file, &buf, text, indent, inner, hcl_edit_newline(file));
	return splice_buf(edits, tok_end(file, el_last), 0, &buf, 1, err);
}

/*
 * Shared by tuples and objects: add element text after the last element
 * (whose first and last tokens are el_first and el_last) of a collection
 * whose closing token is close.
 */
static int
collection_append(struct hcl_edits *edits, uint32_t open, uint32_t close,
    int empty, uint32_t el_first, uint32_t el_last, const char *text,
    struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	const char *nl = hcl_edit_newline(file);
	struct hcl_edit_buf buf;
	char indent[128];
	uint32_t comma, at;
	int multi, trailing, at_eof;

	hcl_edit_buf_init(&buf);
	multi = file->tokens[open].line != file->tokens[close].line;
	if (empty && !multi) {
		hcl_edit_buf_adds(&buf, text);
		return splice_buf(edits, tok_end(file, open), tok_off(file,
		    close) - tok_end(file, open), &buf, 1, err);
	}
	if (empty) {
		line_indent(file, close, indent,
		    sizeof indent - INDENT_STEP_MAX);
		append_step(file, indent);
		add_indented(file, &buf, text, indent, nl, 1);
		return splice_buf(edits, line_start(file, tok_off(file,
		    close)), 0, &buf, 1, err);
	}
	comma = next_solid(file, el_last);
	trailing = file->tokens[comma].type == HCL_TOK_COMMA;
	if (!multi) {
		/* A multi-line element after "[a, b" goes on as fmt lays
		 * out "[a, b, {": its lines one step in from the line of
		 * the bracket, its closing line level with it. */
		char inner[128 + INDENT_STEP_MAX + 1];

		line_indent(file, open, indent, sizeof indent);
		snprintf(inner, sizeof inner, "%s", indent);
	append_step(file, inner);
		hcl_edit_buf_adds(&buf, ", ");
		add_element_lines(file, &buf, text, indent, inner, nl);
		return splice_buf(edits, tok_end(file, el_last), 0, &buf, 1,
		    err);
	}
	/* "[{ ... }]" or "[{ ... }, { ... }]": the last element opens on
	 * the line where the bracket or the element before it ends, and
	 * closes on the bracket's line. */
	if (!trailing && el_first > 0 && file->tokens[el_first - 1].line ==
	    file->tokens[el_first].line && file->tokens[el_last].line ==
	    file->tokens[close].line && el_first != el_last)
		return compact_append(edits, el_first, el_last, text, err);
	line_indent(file, el_first, indent, sizeof indent);
	if (!trailing) {
		/* Separators are newlines, or commas between elements. */
		int commas = file->tokens[comma].type != HCL_TOK_COMMA &&
		    file->tokens[open].type == HCL_TOK_LBRACK;

		at = after_line(file, el_last, &at_eof);
		if (commas && file->tokens[el_last].type ==
		    HCL_TOK_CHEREDOC) {
			/* Nothing may follow a heredoc's end marker on its
			 * line: the comma gets a line of its own. */
			hcl_edit_buf_adds(&buf, indent);
			hcl_edit_buf_adds(&buf, ",");
			hcl_edit_buf_adds(&buf, nl);
		} else if (commas && hcl_edits_splice(edits,
		    tok_end(file, el_last), 0, ",", 1, 0, err) < 0) {
			return -1;
		}
	} else {
		at = after_line(file, comma, &at_eof);
	}
	if (file->tokens[close].line == file->tokens[el_last].line ||
	    (trailing && file->tokens[close].line ==
	    file->tokens[comma].line)) {
		/* "...last]" on one line: break before the bracket. */
		at = tok_off(file, close);
		hcl_edit_buf_adds(&buf, nl);
		add_indented(file, &buf, text, indent, nl, 0);
		if (trailing)
			hcl_edit_buf_adds(&buf, ",");
		hcl_edit_buf_adds(&buf, nl);
		line_indent(file, close, indent, sizeof indent);
		hcl_edit_buf_adds(&buf, indent);
		return splice_buf(edits, at, 0, &buf, 1, err);
	}
	add_indented(file, &buf, text, indent, nl, 0);
	if (trailing)
		hcl_edit_buf_adds(&buf, ",");
	hcl_edit_buf_adds(&buf, nl);
	return splice_buf(edits, at, 0, &buf, 1, err);
}

int
hcl_edit_tuple_append(struct hcl_edits *edits, const struct hcl_expr *tuple,
    const char *value, struct hc_error *err)
{
	const struct hcl_expr *last;

	if (tuple->type != HCL_EXPR_TUPLE) {
		hc_error_set(err, HC_ERR_INTERNAL, "not a tuple");
		return -1;
	}
	if (tuple->nchildren == 0)
		return collection_append(edits, tuple->first, tuple->last, 1,
		    0, 0, value, err);
	last = tuple->children[tuple->nchildren - 1];
	return collection_append(edits, tuple->first, tuple->last, 0,
	    last->first, last->last, value, err);
}

int
hcl_edit_object_add(struct hcl_edits *edits, const struct hcl_expr *object,
    const char *key, const char *value, struct hc_error *err)
{
	struct hcl_edit_buf text;
	const struct hcl_expr *k, *v;
	int rc;

	if (object->type != HCL_EXPR_OBJECT) {
		hc_error_set(err, HC_ERR_INTERNAL, "not an object");
		return -1;
	}
	hcl_edit_buf_init(&text);
	hcl_edit_buf_printf(&text, "%s = %s", key, value);
	if (text.failed) {
		hcl_edit_buf_done(&text);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (object->nchildren < 2) {
		rc = collection_append(edits, object->first, object->last, 1,
		    0, 0, text.data, err);
	} else {
		k = object->children[object->nchildren - 2];
		v = object->children[object->nchildren - 1];
		rc = collection_append(edits, object->first, object->last, 0,
		    k->first, v->last, text.data, err);
	}
	hcl_edit_buf_done(&text);
	return rc;
}

/* Whether the line starting at offset contains only blanks. */
static int
blank_line(const struct hcl_file *file, uint32_t offset)
{
	while (offset < file->len && (file->src[offset] == ' ' ||
	    file->src[offset] == '\t' || file->src[offset] == '\r'))
		offset++;
	return offset < file->len && file->src[offset] == '\n';
}

/* The offset after the newline of the line starting at offset. */
static uint32_t
next_line(const struct hcl_file *file, uint32_t offset)
{
	const char *nl = memchr(file->src + offset, '\n', file->len - offset);

	return nl != NULL ? (uint32_t)(nl - file->src) + 1 :
	    (uint32_t)file->len;
}

/* Whether the line starting at offset closes a body: "}" first, or the
 * end of the file. */
static int
closes_body(const struct hcl_file *file, uint32_t offset)
{
	while (offset < file->len && (file->src[offset] == ' ' ||
	    file->src[offset] == '\t'))
		offset++;
	return offset == file->len || file->src[offset] == '}';
}

/* Whether the line that ends just before offset opens a body ("{"
 * last, before blanks). */
static int
opens_body(const struct hcl_file *file, uint32_t offset)
{
	uint32_t k = offset - 1;

	while (k > 0 && (file->src[k - 1] == ' ' || file->src[k - 1] ==
	    '\t' || file->src[k - 1] == '\r'))
		k--;
	return k > 0 && file->src[k - 1] == '{';
}

int
hcl_edit_remove_item(struct hcl_edits *edits, const struct hcl_item *item,
    struct hc_error *err)
{
	const struct hcl_file *file = edits->file;
	uint32_t a = line_start(file, tok_off(file, item->first));
	uint32_t b;
	int at_eof;
	uint32_t k;

	b = after_line(file, item->last, &at_eof);
	for (k = a; k < tok_off(file, item->first); k++) {
		if (file->src[k] != ' ' && file->src[k] != '\t')
			break;
	}
	if (k < tok_off(file, item->first)) {
		a = tok_off(file, item->first);
	} else if (!at_eof) {
		/* Take a blank line with the item where keeping it would
		 * leave two in a row, or one next to a brace. */
		uint32_t before = a > 0 ? line_start(file, a - 1) : a;
		int blank_before = a > 0 && blank_line(file, before);
		int blank_after = b < file->len && blank_line(file, b);

		if (blank_before && (blank_after || closes_body(file, b)))
			a = before;
		else if (blank_after && (a == 0 || opens_body(file, a)))
			b = next_line(file, b);
	}
	return hcl_edits_splice(edits, a, b - a, "", 0, 1, err);
}
