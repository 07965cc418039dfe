/*
 * The HCL native-syntax parser: tokens to the tree of core/hcl/tree.h.
 * This file reads files and bodies (attributes and blocks); expressions
 * are in expr.c, templates in template.c, shared helpers in parser.c.
 *
 * A recursive descent over the token array that follows hclsyntax's
 * parser.go, including where newlines matter: in bodies and object
 * constructors a newline ends an item, inside parentheses, brackets,
 * function arguments, for expressions and template sequences it is
 * ignored. Comments are never significant.
 *
 * The first syntax error stops the parse. The only error found out of
 * order is a redefined attribute: it is checked when its body is
 * complete, and reported if it comes first in the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/hcl/arena.h"
#include "core/hcl/lex.h"
#include "core/hcl/parse.h"
#include "core/hcl/parser.h"

/* Largest file accepted: offsets are 32-bit. */
#define PARSE_MAX_SIZE ((size_t)UINT32_MAX - 1)

static int parse_body(
    struct hcl_parser *p, struct hcl_body *body, uint32_t open);

static int
push_item(struct hcl_parser *p, const struct hcl_item *item)
{
	if (p->nitems == p->cap_items &&
	    hcl_parser_grow(
		p, (void **)&p->items, &p->cap_items, sizeof *p->items) == -1)
		return -1;
	p->items[p->nitems++] = *item;
	return 0;
}

/* "name = expr" after the name; single_line when inside "a { ... }". */
static int
parse_attribute(struct hcl_parser *p, struct hcl_item *item, int single_line)
{
	uint32_t end;

	item->type = HCL_ITEM_ATTRIBUTE;
	item->equals = next(p);
	item->expr = hcl_expr_parse(p);
	if (item->expr == NULL)
		return -1;
	item->last = item->expr->last;
	if (single_line)
		return 0;
	end = peek(p);
	if (tt(p, end) == HCL_TOK_NEWLINE) {
		next(p);
		return 0;
	}
	if (tt(p, end) == HCL_TOK_EOF)
		return 0;
	if (tt(p, end) == HCL_TOK_COMMA)
		hcl_parser_fail(p, end,
		    "Unexpected comma after argument: argument "
		    "definitions must be separated by newlines, not commas");
	else
		hcl_parser_fail(p, end,
		    "Missing newline after argument: an argument "
		    "definition must end with a newline");
	return -1;
}

/* A quoted block label: no template sequences, valid escapes. */
static int
parse_label(struct hcl_parser *p)
{
	uint32_t open = next(p), tok;

	for (;;) {
		tok = next(p);
		switch (tt(p, tok)) {
		case HCL_TOK_CQUOTE:
			return 0;
		case HCL_TOK_QUOTED_LIT:
			if (hcl_parser_literal(p, tok) == NULL)
				return -1;
			continue;
		case HCL_TOK_TEMPLATE_INTERP:
		case HCL_TOK_TEMPLATE_CONTROL:
			hcl_parser_fail(p, tok,
			    "Invalid string literal: template "
			    "sequences are not allowed in a block label; to "
			    "include a literal \"%c{\", write \"%c%c{\"",
			    p->file->src[p->toks[tok].offset],
			    p->file->src[p->toks[tok].offset],
			    p->file->src[p->toks[tok].offset]);
			return -1;
		case HCL_TOK_EOF:
			hcl_parser_fail(p, open,
			    "Unterminated string literal: unable to "
			    "find the closing quote mark before the end of "
			    "the file");
			return -1;
		default:
			hcl_parser_fail(p, tok,
			    "Invalid string literal: this item is not "
			    "valid in a string literal");
			return -1;
		}
	}
}

static int
push_label(struct hcl_parser *p, uint32_t tok)
{
	if (p->nlabels == p->cap_labels &&
	    hcl_parser_grow(p, (void **)&p->labels, &p->cap_labels,
		sizeof *p->labels) == -1)
		return -1;
	p->labels[p->nlabels++] = tok;
	return 0;
}

/* The single attribute of "a { b = 1 }", up to the closing brace. */
static int
parse_single_line_body(struct hcl_parser *p, struct hcl_item *block)
{
	struct hcl_item attr;
	uint32_t name, tok;

	memset(&attr, 0, sizeof attr);
	name = next(p);
	attr.first = name;
	tok = peek(p);
	if (tt(p, name) != HCL_TOK_IDENT) {
		hcl_parser_fail(p, name,
		    "Argument or block definition required: an "
		    "argument or block definition is required here");
		return -1;
	}
	switch (tt(p, tok)) {
	case HCL_TOK_EQUAL:
		break;
	case HCL_TOK_OQUOTE:
	case HCL_TOK_LBRACE:
	case HCL_TOK_IDENT:
		hcl_parser_fail(p, name,
		    "Argument definition required: a single-line "
		    "block definition can contain only a single argument; "
		    "to define a nested block, place it on a line of its own "
		    "within its parent block");
		return -1;
	default:
		hcl_parser_fail(p, name,
		    "Argument or block definition required: an "
		    "argument or block definition is required here; to set "
		    "an argument, use the equals sign \"=\" to introduce the "
		    "argument value");
		return -1;
	}
	if (parse_attribute(p, &attr, 1) == -1)
		return -1;
	tok = peek(p);
	switch (tt(p, tok)) {
	case HCL_TOK_RBRACE:
		break;
	case HCL_TOK_COMMA:
		hcl_parser_fail(p, tok,
		    "Invalid single-argument block definition: "
		    "single-line block syntax can include only one argument "
		    "definition; to define multiple arguments, use the "
		    "multi-line block syntax with one argument per line");
		return -1;
	case HCL_TOK_NEWLINE:
		hcl_parser_fail(p, tok,
		    "Invalid single-argument block definition: an "
		    "argument definition on the same line as its containing "
		    "block creates a single-line block definition, which "
		    "must also be closed on the same line");
		return -1;
	case HCL_TOK_EOF:
		hcl_parser_fail(p, block->open_brace,
		    "Unclosed configuration block: "
		    "there is no closing brace for this block before the "
		    "end of the file");
		return -1;
	default:
		hcl_parser_fail(p, tok,
		    "Invalid single-argument block definition: a "
		    "single-line block definition must end with a closing "
		    "brace immediately after its single argument "
		    "definition");
		return -1;
	}
	block->body.items =
	    hcl_arena_alloc_raw(p->file->arena, sizeof *block->body.items);
	if (block->body.items == NULL) {
		hcl_parser_fail_nomem(p);
		return -1;
	}
	block->body.items[0] = attr;
	block->body.nitems = 1;
	return 0;
}

/* "type label... {" then the body, after the type token. */
static int
parse_block(struct hcl_parser *p, struct hcl_item *item)
{
	size_t mark = p->nlabels;
	uint32_t tok;

	item->type = HCL_ITEM_BLOCK;
	for (;;) {
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_LBRACE)
			break;
		if (tt(p, tok) == HCL_TOK_OQUOTE) {
			if (push_label(p, tok) == -1 || parse_label(p) == -1)
				return -1;
			continue;
		}
		if (tt(p, tok) == HCL_TOK_IDENT) {
			next(p);
			if (push_label(p, tok) == -1)
				return -1;
			continue;
		}
		if (tt(p, tok) == HCL_TOK_EQUAL)
			hcl_parser_fail(p, tok,
			    "Invalid block definition: the equals sign "
			    "\"=\" indicates an argument definition, and must "
			    "not be used when defining a block");
		else if (tt(p, tok) == HCL_TOK_NEWLINE)
			hcl_parser_fail(p, tok,
			    "Invalid block definition: a block "
			    "definition must have block content delimited by "
			    "\"{\" and \"}\", starting on the same line as the "
			    "block header");
		else
			hcl_parser_fail(p, tok,
			    "Invalid block definition: either a quoted "
			    "string block label or an opening brace (\"{\") is "
			    "expected here");
		return -1;
	}
	item->nlabels = p->nlabels - mark;
	if (item->nlabels > 0) {
		item->labels = hcl_arena_alloc_raw(
		    p->file->arena, item->nlabels * sizeof *item->labels);
		if (item->labels == NULL) {
			hcl_parser_fail_nomem(p);
			return -1;
		}
		memcpy(item->labels, p->labels + mark,
		    item->nlabels * sizeof *item->labels);
	}
	p->nlabels = mark;
	item->open_brace = next(p);
	switch (tt(p, peek(p))) {
	case HCL_TOK_NEWLINE:
	case HCL_TOK_EOF:
	case HCL_TOK_RBRACE:
		if (parse_body(p, &item->body, item->open_brace) == -1)
			return -1;
		break;
	default:
		if (parse_single_line_body(p, item) == -1)
			return -1;
		break;
	}
	item->close_brace = next(p);
	item->last = item->close_brace;
	tok = peek(p);
	if (tt(p, tok) == HCL_TOK_NEWLINE) {
		next(p);
		return 0;
	}
	if (tt(p, tok) == HCL_TOK_EOF)
		return 0;
	hcl_parser_fail(p, tok,
	    "Missing newline after block definition: a block "
	    "definition must end with a newline");
	return -1;
}

static int
parse_item(struct hcl_parser *p)
{
	struct hcl_item item;
	uint32_t tok;

	memset(&item, 0, sizeof item);
	item.first = next(p);
	item.equals = HCL_NO_TOKEN;
	item.open_brace = HCL_NO_TOKEN;
	item.close_brace = HCL_NO_TOKEN;
	tok = peek(p);
	switch (tt(p, tok)) {
	case HCL_TOK_EQUAL:
		if (parse_attribute(p, &item, 0) == -1)
			return -1;
		break;
	case HCL_TOK_OQUOTE:
	case HCL_TOK_LBRACE:
	case HCL_TOK_IDENT:
		if (parse_block(p, &item) == -1)
			return -1;
		break;
	default:
		hcl_parser_fail(p, item.first,
		    "Argument or block definition required: "
		    "an argument or block definition is required here; to "
		    "set an argument, use the equals sign \"=\" to introduce "
		    "the argument value");
		return -1;
	}
	return push_item(p, &item);
}

/* An attribute name for sorting: the comparison needs no context. */
struct name_ref {
	const char *name;
	uint32_t len;
	uint32_t item;
};

static int
name_ref_cmp(const void *a, const void *b)
{
	const struct name_ref *na = a, *nb = b;
	size_t n = na->len < nb->len ? na->len : nb->len;
	int c;

	c = memcmp(na->name, nb->name, n);
	if (c != 0)
		return c;
	if (na->len != nb->len)
		return na->len < nb->len ? -1 : 1;
	return (na->item > nb->item) - (na->item < nb->item);
}

static int
same_name(const struct hcl_file *file, const struct hcl_item *a,
    const struct hcl_item *b)
{
	const struct hcl_token *ta = &file->tokens[a->first];
	const struct hcl_token *tb = &file->tokens[b->first];

	return ta->length == tb->length &&
	       memcmp(file->src + ta->offset, file->src + tb->offset,
		   ta->length) == 0;
}

static void
note_duplicate(struct hcl_parser *p, const struct hcl_item *first,
    const struct hcl_item *again)
{
	if (again->first < p->dup_tok) {
		p->dup_tok = again->first;
		p->dup_first = first->first;
	}
}

/* Find attributes set twice in one body, which HCL rejects. */
static int
check_duplicates(struct hcl_parser *p, struct hcl_item *items, size_t n)
{
	struct name_ref *sorted;
	size_t i, j, m = 0;

	if (n < 16) {
		for (i = 0; i < n; i++) {
			if (items[i].type != HCL_ITEM_ATTRIBUTE)
				continue;
			for (j = i + 1; j < n; j++)
				if (items[j].type == HCL_ITEM_ATTRIBUTE &&
				    same_name(p->file, &items[i], &items[j]))
					note_duplicate(p, &items[i], &items[j]);
		}
		return 0;
	}
	sorted = malloc(n * sizeof *sorted);
	if (sorted == NULL) {
		hcl_parser_fail_nomem(p);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct hcl_token *t = &p->file->tokens[items[i].first];

		if (items[i].type != HCL_ITEM_ATTRIBUTE)
			continue;
		sorted[m].name = p->file->src + t->offset;
		sorted[m].len = t->length;
		sorted[m].item = (uint32_t)i;
		m++;
	}
	qsort(sorted, m, sizeof *sorted, name_ref_cmp);
	for (i = 1; i < m; i++)
		if (sorted[i - 1].len == sorted[i].len &&
		    memcmp(sorted[i - 1].name, sorted[i].name, sorted[i].len) ==
			0)
			note_duplicate(p, &items[sorted[i - 1].item],
			    &items[sorted[i].item]);
	free(sorted);
	return 0;
}

/*
 * Where an unclosed block most likely lost its brace: the first block
 * inside whose closing brace is indented differently from its opening
 * line. Returns it, or NULL.
 */
static const struct hcl_item *
suspect_block(
    const struct hcl_parser *p, const struct hcl_item *items, size_t n)
{
	const struct hcl_file *f = p->file;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct hcl_item *it = &items[i];
		const struct hcl_token *open, *close;
		const struct hcl_item *inner;

		if (it->type != HCL_ITEM_BLOCK)
			continue;
		open = &f->tokens[it->first];
		close = &f->tokens[it->close_brace];
		if (open->line != close->line && open->column != close->column)
			return it;
		inner = suspect_block(p, it->body.items, it->body.nitems);
		if (inner != NULL)
			return inner;
	}
	return NULL;
}

/* Hint for an unclosed block: which block lacks its "}" and where it
 * probably belongs. */
static void
hint_unclosed(struct hcl_parser *p, size_t mark)
{
	const struct hcl_file *f = p->file;
	const struct hcl_item *it;
	size_t i;
	uint32_t col, after = 0;

	if (p->nitems == mark)
		return;
	it = suspect_block(p, p->items + mark, p->nitems - mark);
	if (it == NULL)
		return;
	col = f->tokens[it->first].column;
	for (i = 0; i < it->body.nitems; i++) {
		if (f->tokens[it->body.items[i].first].column <= col)
			break;
		after = f->tokens[it->body.items[i].last].line;
	}
	if (after != 0)
		hc_error_hint(&p->err,
		    "the block at line %u probably lacks "
		    "its closing brace, which belongs after line %u",
		    f->tokens[it->first].line, after);
	else
		hc_error_hint(&p->err,
		    "the block at line %u probably lacks "
		    "its closing brace",
		    f->tokens[it->first].line);
}

/*
 * Items up to the closing brace (left unread) of the block whose "{" is
 * open, or to the end of the file when open is HCL_NO_TOKEN.
 */
static int
parse_body(struct hcl_parser *p, struct hcl_body *body, uint32_t open)
{
	size_t mark = p->nitems, n;
	int saved = p->newlines, rc = -1;
	int level = open != HCL_NO_TOKEN;	/* the file is no level */
	uint32_t tok;

	p->depth += level;
	if (p->depth > HCL_MAX_DEPTH) {
		hcl_parser_fail(p, open,
		    "Nesting too deep: more than %d levels of "
		    "nested blocks",
		    HCL_MAX_DEPTH);
		goto out;
	}
	p->newlines = 1;
	for (;;) {
		tok = peek(p);
		switch (tt(p, tok)) {
		case HCL_TOK_NEWLINE:
			next(p);
			continue;
		case HCL_TOK_IDENT:
			if (parse_item(p) == -1)
				goto out;
			continue;
		case HCL_TOK_RBRACE:
			if (open != HCL_NO_TOKEN)
				break;
			/* FALLTHROUGH */
		default:
			if (tt(p, tok) == HCL_TOK_OQUOTE)
				hcl_parser_fail(p, tok,
				    "Invalid argument name: argument "
				    "names must not be quoted");
			else if (tt(p, tok) == HCL_TOK_EOF &&
				 open != HCL_NO_TOKEN) {
				hcl_parser_fail(p, open,
				    "Unclosed configuration block: "
				    "there is no closing brace for this block "
				    "before the end of the file");
				hint_unclosed(p, mark);
			} else if (tt(p, tok) != HCL_TOK_EOF)
				hcl_parser_fail(p, tok,
				    "Argument or block definition "
				    "required: an argument or block definition "
				    "is required here");
			else
				break;
			goto out;
		}
		break;
	}
	n = p->nitems - mark;
	if (n > 0) {
		body->items =
		    hcl_arena_alloc_raw(p->file->arena, n * sizeof *body->items);
		if (body->items == NULL) {
			hcl_parser_fail_nomem(p);
			goto out;
		}
		memcpy(body->items, p->items + mark, n * sizeof *body->items);
	}
	body->nitems = n;
	p->nitems = mark;
	rc = check_duplicates(p, body->items, n);
out:
	p->depth -= level;
	p->newlines = saved;
	return rc;
}

/* The syntax error or the redefined attribute, whichever comes first. */
static void
report(struct hcl_parser *p, struct hc_error *err)
{
	const struct hcl_token *again, *first;
	int have_err = hc_error_is_set(&p->err);

	if (p->dup_tok != UINT32_MAX &&
	    (!have_err || p->err.code != HC_ERR_PARSE ||
		p->dup_tok < p->err_tok)) {
		again = &p->file->tokens[p->dup_tok];
		first = &p->file->tokens[p->dup_first];
		hc_error_set_at(err, HC_ERR_PARSE, p->file->path,
		    (int)again->line, (int)again->column,
		    "Attribute "
		    "redefined: the argument \"%.*s\" was already set at "
		    "line %u; each argument may be set only once",
		    (int)again->length, p->file->src + again->offset,
		    first->line);
		return;
	}
	if (have_err && err != NULL && !hc_error_is_set(err))
		*err = p->err;
}

/*
 * Parse len bytes at buf, which has room for len + HCL_LEX_PAD bytes and
 * becomes the file's src (freed here on failure).
 */
static struct hcl_file *
parse_owned(const char *path, char *buf, size_t len, struct hc_error *err)
{
	struct hcl_file *file;
	struct hcl_parser p;
	int rc = -1;

	file = calloc(1, sizeof *file);
	if (file == NULL) {
		free(buf);
		goto nomem;
	}
	file->src = buf;
	memset(file->src + len, 0, HCL_LEX_PAD);
	file->len = len;
	file->path = strdup(path ? path : "");
	/* Nodes take four to five times the bytes of the source in the
	 * generated Terraform corpus (bench/hcl-parse.sh). The arena zeroes
	 * only what it hands out, so room for eight times costs address
	 * space only and spares most files a second chunk. */
	file->arena = hcl_arena_new(len * 8);
	if (file->path == NULL || file->arena == NULL)
		goto nomem;
	if (hcl_lex_file(file, err) == -1)
		goto out;
	memset(&p, 0, sizeof p);
	p.file = file;
	p.toks = file->tokens;
	p.dup_tok = UINT32_MAX;
	p.peek_pos = SIZE_MAX;
	hc_error_init(&p.err);
	rc = parse_body(&p, &file->body, HCL_NO_TOKEN);
	if (rc == 0 && p.dup_tok != UINT32_MAX)
		rc = -1;
	if (rc == -1)
		report(&p, err);
	free(p.exprs);
	free(p.items);
	free(p.labels);
out:
	if (rc == -1) {
		hcl_file_free(file);
		return NULL;
	}
	return file;
nomem:
	hcl_file_free(file);
	hc_error_set(err, HC_ERR_NOMEM, "out of memory reading %s", path);
	return NULL;
}

struct hcl_file *
hcl_parse(const char *path, const char *src, size_t len, struct hc_error *err)
{
	char *buf;

	if (len > PARSE_MAX_SIZE) {
		hc_error_set(err, HC_ERR_INPUT,
		    "%s: file too large (%zu "
		    "bytes)",
		    path, len);
		return NULL;
	}
	buf = malloc(len + HCL_LEX_PAD);
	if (buf == NULL) {
		hc_error_set(
		    err, HC_ERR_NOMEM, "out of memory reading %s", path);
		return NULL;
	}
	if (len > 0)
		memcpy(buf, src, len);
	return parse_owned(path, buf, len, err);
}

/* Read the whole of fp into a malloc'd buffer with HCL_LEX_PAD spare
 * bytes at the end. */
static char *
read_all(FILE *fp, size_t *len)
{
	char *buf = NULL, *grown;
	size_t cap = 0, got;
	struct stat st;

	*len = 0;
	/* A regular file is read in one go; anything else in chunks. */
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size < PARSE_MAX_SIZE)
		cap = (size_t)st.st_size + HCL_LEX_PAD + 1;
	for (;;) {
		if (cap - *len <= HCL_LEX_PAD || buf == NULL) {
			cap = cap < 65536 ? 65536 : (buf ? cap * 2 : cap);
			grown = realloc(buf, cap);
			if (grown == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = grown;
		}
		got = fread(buf + *len, 1, cap - *len - HCL_LEX_PAD, fp);
		*len += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct hcl_file *
hcl_parse_file(const char *path, const char *display_path, struct hc_error *err)
{
	const char *shown = display_path ? display_path : path;
	size_t len;
	char *buf;
	FILE *fp;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		hc_error_set(err, HC_ERR_IO, "cannot open %s: %s", shown,
		    strerror(errno));
		return NULL;
	}
	buf = read_all(fp, &len);
	if (buf == NULL) {
		hc_error_set(err, errno == ENOMEM ? HC_ERR_NOMEM : HC_ERR_IO,
		    "cannot read %s: %s", shown, strerror(errno));
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	if (len > PARSE_MAX_SIZE) {
		free(buf);
		hc_error_set(err, HC_ERR_INPUT,
		    "%s: file too large (%zu "
		    "bytes)",
		    shown, len);
		return NULL;
	}
	return parse_owned(shown, buf, len, err);
}

void
hcl_file_free(struct hcl_file *file)
{
	if (file == NULL)
		return;
	free(file->path);
	free(file->src);
	free(file->tokens);
	hcl_arena_free(file->arena);
	free(file);
}
