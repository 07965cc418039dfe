/*
 * The parser's state and helpers, shared by parse.c (bodies), expr.c
 * (expressions) and template.c (templates). Internal to core/hcl/.
 *
 * The parser is a recursive descent over the token array of
 * core/hcl/lex.h. Children of a node are collected on a scratch stack
 * while it is parsed and copied into the file's arena once their number
 * is known. The first syntax error is recorded in err and every parse
 * function then returns NULL or -1.
 */
#ifndef HUBCRED_CORE_HCL_PARSER_H
#define HUBCRED_CORE_HCL_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/tree.h"

struct hcl_parser {
	struct hcl_file *file;
	const struct hcl_token *toks;
	size_t pos; /* next token to look at */
	int newlines; /* newline tokens are significant */
	int depth;
	size_t peek_pos; /* peek()'s last answer, for pos/newlines */
	int peek_newlines;
	uint32_t peek_tok;
	struct hc_error err; /* the syntax error, once found */
	uint32_t err_tok;

	/* The earliest redefined attribute, UINT32_MAX when none. */
	uint32_t dup_tok;
	uint32_t dup_first;

	/* Scratch stacks for children, body items and block labels. */
	struct hcl_expr **exprs;
	size_t nexprs;
	size_t cap_exprs;
	struct hcl_item *items;
	size_t nitems;
	size_t cap_items;
	uint32_t *labels;
	size_t nlabels;
	size_t cap_labels;

	/* The part of the last region taken from the arena that nodes
	 * have not used yet (see parser_alloc()). */
	char *spare;
	size_t nspare;
};

uint32_t hcl_parser_peek_skip(struct hcl_parser *p);

/* Type of token i. */
static inline enum hcl_token_type
tt(const struct hcl_parser *p, size_t i)
{
	return p->toks[i].type;
}

/*
 * Index of the next significant token. The last token is EOF, which is
 * never skipped, so this always stops. Most tokens are neither comments
 * nor skipped newlines, so they are returned without the loop.
 */
static inline uint32_t
peek(struct hcl_parser *p)
{
	enum hcl_token_type t = p->toks[p->pos].type;

	/* EOF, NEWLINE and COMMENT are the three lowest types, so one
	 * comparison lets every other token through. */
	if (__builtin_expect(t > HCL_TOK_COMMENT, 1) || t == HCL_TOK_EOF ||
	    (t == HCL_TOK_NEWLINE && p->newlines))
		return (uint32_t)p->pos;
	return hcl_parser_peek_skip(p);
}

/* Read the next significant token; EOF is never read past. */
static inline uint32_t
next(struct hcl_parser *p)
{
	uint32_t i = peek(p);

	if (p->toks[i].type != HCL_TOK_EOF)
		p->pos = (size_t)i + 1;
	return i;
}

/* Whether token i is the identifier word of n bytes. */
static inline int
token_is_n(const struct hcl_parser *p, uint32_t i, const char *word, size_t n)
{
	const struct hcl_token *tok = &p->toks[i];

	return tok->type == HCL_TOK_IDENT && tok->length == n &&
	       memcmp(p->file->src + tok->offset, word, n) == 0;
}

/* Whether token i is the identifier word, a string literal. */
#define token_is(p, i, word) token_is_n((p), (i), (word), sizeof(word) - 1)

/* Bytes the parser takes from the arena at a time for small nodes. */
#define HCL_PARSER_REGION 1024

void *hcl_parser_alloc_region(struct hcl_parser *p, size_t size);

/*
 * Return size bytes, not zeroed, for a node from the arena, which the file
 * frees. Nodes are bumped out of a region in line, which is cheaper
 * than a call per node. Returns NULL when out of memory and leaves the
 * error to the caller.
 */
static inline void *
parser_alloc(struct hcl_parser *p, size_t size)
{
	void *mem;

	size = (size + 7) & ~(size_t)7;
	if (__builtin_expect(size > p->nspare, 0))
		return hcl_parser_alloc_region(p, size);
	mem = p->spare;
	p->spare += size;
	p->nspare -= size;
	return mem;
}

/* Record the syntax error at token tok (the first one wins); always
 * returns NULL so callers can return it. Cold: the compiler moves the
 * paths that call it out of the way of the hot ones. */
void *hcl_parser_fail(struct hcl_parser *p, uint32_t tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), cold));

/* Record an allocation failure; always returns NULL. */
void *hcl_parser_fail_nomem(struct hcl_parser *p) __attribute__((cold));

/* Double the capacity of a scratch array of elem-sized items. */
int hcl_parser_grow(
    struct hcl_parser *p, void **array, size_t *cap, size_t elem);

/* Push e on the scratch stack of children. It is in line because it
 * runs once per child. */
static inline int
hcl_parser_push_expr(struct hcl_parser *p, struct hcl_expr *e)
{
	if (__builtin_expect(p->nexprs == p->cap_exprs, 0) &&
	    hcl_parser_grow(
		p, (void **)&p->exprs, &p->cap_exprs, sizeof *p->exprs) == -1)
		return -1;
	p->exprs[p->nexprs++] = e;
	return 0;
}


/* Make a node without children from the arena. It is in line because
 * most nodes are made here. */
static inline struct hcl_expr *
hcl_parser_new_expr(struct hcl_parser *p, enum hcl_expr_type type,
    uint32_t first, uint32_t last)
{
	struct hcl_expr *e;

	e = parser_alloc(p, sizeof *e);
	if (e == NULL)
		return hcl_parser_fail_nomem(p);
	e->type = type;
	e->first = first;
	e->last = last;
	e->name_token = HCL_NO_TOKEN;
	e->op_token = HCL_NO_TOKEN;
	e->expand = 0;
	e->children = NULL;
	e->nchildren = 0;
	return e;
}

/* Move the children pushed since mark into e; NULL when e is. */
struct hcl_expr *hcl_parser_take_children(
    struct hcl_parser *p, struct hcl_expr *e, size_t mark);

/* A node with one to three children (b and c may be NULL). */
struct hcl_expr *hcl_parser_node(struct hcl_parser *p, enum hcl_expr_type type,
    uint32_t first, uint32_t last, struct hcl_expr *a, struct hcl_expr *b,
    struct hcl_expr *c);

/* A LITERAL node over a QUOTED_LIT or STRING_LIT, escapes checked. */
struct hcl_expr *hcl_parser_literal(struct hcl_parser *p, uint32_t tok);

/*
 * Whether hcl_expr_parse() may parse common shapes (a plain string, a
 * number, a name like var.x) straight from the tokens: 1 unless a test
 * sets 0 before parsing, to compare the trees with and without.
 */
extern int hcl_parser_shortcuts;

/* An expression (expr.c). */
struct hcl_expr *hcl_expr_parse(struct hcl_parser *p);

/* A quoted template or heredoc at its opening token (template.c). */
struct hcl_expr *hcl_template_parse(struct hcl_parser *p);

#endif
