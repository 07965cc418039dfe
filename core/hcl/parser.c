/* The parser's shared helpers: token lookahead, errors and nodes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/arena.h"
#include "core/hcl/parser.h"
#include "core/hcl/strlit.h"

/* Find the next significant token, past comments and, unless newlines
 * count, newlines. */
uint32_t
hcl_parser_peek_skip(struct hcl_parser *p)
{
	size_t i = p->pos;

	/* The same position is looked at several times in a row. */
	if (i == p->peek_pos && p->newlines == p->peek_newlines)
		return p->peek_tok;
	for (;;) {
		enum hcl_token_type t = p->toks[i].type;

		if (t == HCL_TOK_COMMENT ||
		    (t == HCL_TOK_NEWLINE && !p->newlines)) {
			i++;
			continue;
		}
		p->peek_pos = p->pos;
		p->peek_newlines = p->newlines;
		p->peek_tok = (uint32_t)i;
		return (uint32_t)i;
	}
}

void *
hcl_parser_fail(struct hcl_parser *p, uint32_t tok, const char *fmt, ...)
{
	char message[HC_ERROR_MESSAGE_MAX];
	va_list ap;

	if (hc_error_is_set(&p->err))
		return NULL;
	/* HCL counts a line comment's newline as part of the comment, so
	 * it reports a misplaced newline where the comment starts. */
	if (p->toks[tok].type == HCL_TOK_NEWLINE && tok > 0 &&
	    p->toks[tok - 1].type == HCL_TOK_COMMENT &&
	    p->toks[tok - 1].offset + p->toks[tok - 1].length ==
		p->toks[tok].offset &&
	    (p->file->src[p->toks[tok - 1].offset] == '#' ||
		p->file->src[p->toks[tok - 1].offset + 1] == '/'))
		tok--;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	hc_error_set_at(&p->err, HC_ERR_PARSE, p->file->path,
	    (int)p->toks[tok].line, (int)p->toks[tok].column, "%s", message);
	p->err_tok = tok;
	return NULL;
}

void *
hcl_parser_fail_nomem(struct hcl_parser *p)
{
	if (!hc_error_is_set(&p->err)) {
		hc_error_set(&p->err, HC_ERR_NOMEM, "out of memory parsing %s",
		    p->file->path);
		p->err_tok = 0;
	}
	return NULL;
}

/* Take a new region for parser_alloc(), or take a node too large to
 * share one from the arena directly. */
void *
hcl_parser_alloc_region(struct hcl_parser *p, size_t size)
{
	char *region;

	if (size > HCL_PARSER_REGION / 4)
		return hcl_arena_alloc(p->file->arena, size);
	/* Not zeroed: the three callers of parser_alloc() set every
	 * field of what they take. */
	region = hcl_arena_alloc_raw(p->file->arena, HCL_PARSER_REGION);
	if (region == NULL)
		return NULL;
	p->spare = region + size;
	p->nspare = HCL_PARSER_REGION - size;
	return region;
}

int
hcl_parser_grow(struct hcl_parser *p, void **array, size_t *cap, size_t elem)
{
	size_t n = *cap ? *cap * 2 : 64;
	void *grown;

	grown = realloc(*array, n * elem);
	if (grown == NULL) {
		hcl_parser_fail_nomem(p);
		return -1;
	}
	*array = grown;
	*cap = n;
	return 0;
}

/* Move the children pushed since mark into e. */
struct hcl_expr *
hcl_parser_take_children(struct hcl_parser *p, struct hcl_expr *e, size_t mark)
{
	size_t n = p->nexprs - mark;

	if (e == NULL)
		return NULL;
	if (n > 0) {
		e->children = parser_alloc(p, n * sizeof *e->children);
		if (e->children == NULL)
			return hcl_parser_fail_nomem(p);
		memcpy(e->children, p->exprs + mark, n * sizeof *e->children);
	}
	e->nchildren = n;
	p->nexprs = mark;
	return e;
}

/* A node with the given children (NULL for none), for the fixed-arity
 * types: the node and its child array in one allocation. */
struct hcl_expr *
hcl_parser_node(struct hcl_parser *p, enum hcl_expr_type type, uint32_t first,
    uint32_t last, struct hcl_expr *a, struct hcl_expr *b, struct hcl_expr *c)
{
	struct hcl_expr *e;
	size_t n = 1;

	if (c != NULL)
		n = 3;
	else if (b != NULL)
		n = 2;

	e = parser_alloc(p, sizeof *e + n * sizeof *e->children);
	if (e == NULL)
		return hcl_parser_fail_nomem(p);
	e->type = type;
	e->first = first;
	e->last = last;
	e->name_token = HCL_NO_TOKEN;
	e->op_token = HCL_NO_TOKEN;
	e->expand = 0;
	e->children = (struct hcl_expr **)(e + 1);
	e->children[0] = a;
	if (n > 1)
		e->children[1] = b;
	if (n > 2)
		e->children[2] = c;
	e->nchildren = n;
	return e;
}

struct hcl_expr *
hcl_parser_literal(struct hcl_parser *p, uint32_t tok)
{
	const struct hcl_token *t = &p->toks[tok];
	const char *why;
	size_t bad;

	if (t->type == HCL_TOK_QUOTED_LIT &&
	    hcl_strlit_check(p->file->src + t->offset, t->length, &bad, &why) ==
		-1) {
		hc_error_set_at(&p->err, HC_ERR_PARSE, p->file->path,
		    (int)t->line, (int)(t->column + bad), "%s", why);
		p->err_tok = tok;
		return NULL;
	}
	return hcl_parser_new_expr(p, HCL_EXPR_LITERAL, tok, tok);
}
