/*
 * The HCL native-syntax parser: tokens to the tree of core/hcl/tree.h.
 *
 * A recursive descent over the token array that follows hclsyntax's
 * parser.go, including where newlines matter: in bodies and object
 * constructors a newline ends an item, inside parentheses, brackets,
 * function arguments, for expressions and template sequences it is
 * ignored. Comments are never significant.
 *
 * Children of a node are collected on a scratch stack while it is parsed
 * and copied into the arena once their number is known, so the tree
 * needs no reallocation. The first syntax error stops the parse. The only
 * error found out of order is a redefined attribute: it is checked when
 * its body is complete, and reported if it comes first in the file.
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
#include "core/hcl/strlit.h"

/* Largest file accepted: offsets are 32-bit. */
#define PARSE_MAX_SIZE ((size_t)UINT32_MAX - 1)

struct parser {
	struct hcl_file *file;
	const struct hcl_token *toks;
	size_t pos;		/* next token to look at */
	int newlines;		/* newline tokens are significant */
	int depth;
	size_t peek_pos;	/* peek()'s last answer, for pos/newlines */
	int peek_newlines;
	uint32_t peek_tok;
	struct hc_error err;	/* the syntax error, once found */
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
};

/* Template parts end at the closing token or at one of these directives. */
enum template_stop {
	STOP_END,
	STOP_ELSE,
	STOP_ENDIF,
	STOP_ENDFOR,
};

static struct hcl_expr *parse_expr(struct parser *p);
static struct hcl_expr *parse_operand(struct parser *p);
static int parse_body(struct parser *p, struct hcl_body *body,
    uint32_t open);

static enum hcl_token_type
tt(const struct parser *p, size_t i)
{
	return p->toks[i].type;
}

/* peek() past comments and, when they do not count, newlines. */
static uint32_t
peek_skip(struct parser *p)
{
	size_t i = p->pos;

	/* The same position is looked at several times in a row. */
	if (i == p->peek_pos && p->newlines == p->peek_newlines)
		return p->peek_tok;
	for (;;) {
		enum hcl_token_type t = p->toks[i].type;

		if (t == HCL_TOK_COMMENT || (t == HCL_TOK_NEWLINE &&
		    !p->newlines)) {
			i++;
			continue;
		}
		p->peek_pos = p->pos;
		p->peek_newlines = p->newlines;
		p->peek_tok = (uint32_t)i;
		return (uint32_t)i;
	}
}

/*
 * Index of the next significant token. The last token is EOF, which is
 * never skipped, so this always stops. Most tokens are neither comments
 * nor newlines, so they are answered without the loop.
 */
static inline uint32_t
peek(struct parser *p)
{
	enum hcl_token_type t = p->toks[p->pos].type;

	if (t != HCL_TOK_COMMENT && t != HCL_TOK_NEWLINE)
		return (uint32_t)p->pos;
	return peek_skip(p);
}

static uint32_t
next(struct parser *p)
{
	uint32_t i = peek(p);

	if (p->toks[i].type != HCL_TOK_EOF)
		p->pos = (size_t)i + 1;
	return i;
}

static int
token_is_n(const struct parser *p, uint32_t i, const char *word, size_t n)
{
	const struct hcl_token *tok = &p->toks[i];

	return tok->type == HCL_TOK_IDENT && tok->length == n &&
	    memcmp(p->file->src + tok->offset, word, n) == 0;
}

/* Whether token i is the identifier word, a string literal. */
#define token_is(p, i, word) token_is_n((p), (i), (word), sizeof(word) - 1)

/* Record the syntax error at token tok; always returns NULL. */
static void *
fail(struct parser *p, uint32_t tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void *
fail(struct parser *p, uint32_t tok, const char *fmt, ...)
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

static void *
fail_nomem(struct parser *p)
{
	if (!hc_error_is_set(&p->err)) {
		hc_error_set(&p->err, HC_ERR_NOMEM, "out of memory parsing %s",
		    p->file->path);
		p->err_tok = 0;
	}
	return NULL;
}

static int
grow(struct parser *p, void **array, size_t *cap, size_t elem)
{
	size_t n = *cap ? *cap * 2 : 64;
	void *grown;

	grown = realloc(*array, n * elem);
	if (grown == NULL) {
		fail_nomem(p);
		return -1;
	}
	*array = grown;
	*cap = n;
	return 0;
}

static int
push_expr(struct parser *p, struct hcl_expr *e)
{
	if (p->nexprs == p->cap_exprs && grow(p, (void **)&p->exprs,
	    &p->cap_exprs, sizeof *p->exprs) == -1)
		return -1;
	p->exprs[p->nexprs++] = e;
	return 0;
}

static struct hcl_expr *
new_expr(struct parser *p, enum hcl_expr_type type, uint32_t first,
    uint32_t last)
{
	struct hcl_expr *e;

	e = hcl_arena_alloc(p->file->arena, sizeof *e);
	if (e == NULL)
		return fail_nomem(p);
	e->type = type;
	e->first = first;
	e->last = last;
	e->name_token = HCL_NO_TOKEN;
	e->op_token = HCL_NO_TOKEN;
	return e;
}

/* Move the children pushed since mark into e. */
static struct hcl_expr *
take_children(struct parser *p, struct hcl_expr *e, size_t mark)
{
	size_t n = p->nexprs - mark;

	if (e == NULL)
		return NULL;
	if (n > 0) {
		e->children = hcl_arena_alloc(p->file->arena,
		    n * sizeof *e->children);
		if (e->children == NULL)
			return fail_nomem(p);
		memcpy(e->children, p->exprs + mark, n * sizeof *e->children);
	}
	e->nchildren = n;
	p->nexprs = mark;
	return e;
}

/* A node with the given children (NULL for none), for the fixed-arity
 * types: the node and its child array in one allocation. */
static struct hcl_expr *
node(struct parser *p, enum hcl_expr_type type, uint32_t first,
    uint32_t last, struct hcl_expr *a, struct hcl_expr *b,
    struct hcl_expr *c)
{
	struct hcl_expr *e;
	size_t n = 1;

	if (c != NULL)
		n = 3;
	else if (b != NULL)
		n = 2;

	e = hcl_arena_alloc(p->file->arena, sizeof *e +
	    n * sizeof *e->children);
	if (e == NULL)
		return fail_nomem(p);
	e->type = type;
	e->first = first;
	e->last = last;
	e->name_token = HCL_NO_TOKEN;
	e->op_token = HCL_NO_TOKEN;
	e->children = (struct hcl_expr **)(e + 1);
	e->children[0] = a;
	if (n > 1)
		e->children[1] = b;
	if (n > 2)
		e->children[2] = c;
	e->nchildren = n;
	return e;
}

static int
number_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	/* Go's number parser takes "1.e5"; the lexer never ends a number
	 * with its dot. */
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t d;

		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == d)
			return 0;
	}
	return i == n;
}

static struct hcl_expr *
parse_number(struct parser *p)
{
	uint32_t tok = next(p);
	const struct hcl_token *t = &p->toks[tok];

	if (!number_valid(p->file->src + t->offset, t->length))
		return fail(p, tok, "Invalid number literal: failed to "
		    "recognize the value of this number literal");
	return new_expr(p, HCL_EXPR_LITERAL, tok, tok);
}

static struct hcl_expr *
parse_literal_part(struct parser *p, uint32_t tok)
{
	const struct hcl_token *t = &p->toks[tok];
	const char *why;
	size_t bad;

	if (t->type == HCL_TOK_QUOTED_LIT &&
	    hcl_strlit_check(p->file->src + t->offset, t->length, &bad,
	    &why) == -1) {
		hc_error_set_at(&p->err, HC_ERR_PARSE, p->file->path,
		    (int)t->line, (int)(t->column + bad), "%s", why);
		p->err_tok = tok;
		return NULL;
	}
	return new_expr(p, HCL_EXPR_LITERAL, tok, tok);
}

static const char *
stop_name(enum template_stop stop)
{
	switch (stop) {
	case STOP_ELSE:
		return "else";
	case STOP_ENDIF:
		return "endif";
	case STOP_ENDFOR:
		return "endfor";
	default:
		return "end";
	}
}

/* "}" or "~}" closing a template sequence opened at open. */
static int
expect_seq_end(struct parser *p, uint32_t open, const char *what)
{
	uint32_t close = peek(p);
	enum hcl_token_type t = tt(p, close);

	if (t == HCL_TOK_TEMPLATE_SEQ_END) {
		next(p);
		return 0;
	}
	if (what != NULL) {
		fail(p, close, "Extra characters in %s marker: expected a "
		    "closing brace to end the sequence, but found extra "
		    "characters", what);
		return -1;
	}
	if (t == HCL_TOK_EOF)
		fail(p, open, "Unclosed template interpolation sequence: "
		    "there is no closing brace for this interpolation "
		    "sequence before the end of the file");
	else if (t == HCL_TOK_COLON)
		fail(p, close, "Extra characters after interpolation "
		    "expression: template interpolation doesn't expect a "
		    "colon here; to include a literal \"${\", write "
		    "\"$${\"");
	else if (t == HCL_TOK_CQUOTE || t == HCL_TOK_OQUOTE)
		fail(p, open, "Unclosed template interpolation sequence: "
		    "there is no closing brace for this interpolation "
		    "sequence before the end of the quoted template");
	else
		fail(p, close, "Extra characters after interpolation "
		    "expression: expected a closing brace to end the "
		    "interpolation expression, but found extra characters; "
		    "to include a literal \"${\", write \"$${\"");
	return -1;
}

static struct hcl_expr *parse_template_directive(struct parser *p,
    uint32_t open, enum hcl_token_type end, enum template_stop *stop,
    uint32_t *stop_tok);

/*
 * Parse template parts until the closing token (left unread) or an
 * else/endif/endfor directive (read). Parts are pushed on the scratch
 * stack. *stop is set to what ended them and *stop_tok to where.
 */
static int
parse_template_parts(struct parser *p, uint32_t open, enum hcl_token_type end,
    enum template_stop *stop, uint32_t *stop_tok)
{
	for (;;) {
		uint32_t tok = peek(p);
		enum hcl_token_type t = tt(p, tok);
		struct hcl_expr *e;
		int saved;

		if (t == end) {
			*stop = STOP_END;
			*stop_tok = tok;
			return 0;
		}
		switch (t) {
		case HCL_TOK_QUOTED_LIT:
		case HCL_TOK_STRING_LIT:
			next(p);
			e = parse_literal_part(p, tok);
			break;
		case HCL_TOK_TEMPLATE_INTERP:
			next(p);
			saved = p->newlines;
			p->newlines = 0;
			e = parse_expr(p);
			if (e != NULL && expect_seq_end(p, tok, NULL) == -1)
				e = NULL;
			p->newlines = saved;
			break;
		case HCL_TOK_TEMPLATE_CONTROL:
			next(p);
			e = parse_template_directive(p, tok, end, stop,
			    stop_tok);
			if (e == NULL && !hc_error_is_set(&p->err))
				return 0;
			break;
		default:
			if (end == HCL_TOK_CHEREDOC)
				fail(p, open, "Unclosed heredoc: there is no "
				    "closing marker for this heredoc before "
				    "the end of the file");
			else
				fail(p, open, "Unterminated template string: "
				    "no closing quote was found for this "
				    "string before the end of the line");
			return -1;
		}
		if (e == NULL || push_expr(p, e) == -1)
			return -1;
	}
}

/* A TEMPLATE node over the parts parsed from here to a stop. */
static struct hcl_expr *
parse_template_branch(struct parser *p, uint32_t open,
    enum hcl_token_type end, enum template_stop *stop, uint32_t *stop_tok)
{
	size_t mark = p->nexprs;
	uint32_t first = (uint32_t)p->pos;
	struct hcl_expr *e;

	if (parse_template_parts(p, open, end, stop, stop_tok) == -1)
		return NULL;
	e = new_expr(p, HCL_EXPR_TEMPLATE, first, *stop_tok - 1);
	return take_children(p, e, mark);
}

static const char *
position(const struct parser *p, uint32_t tok, char *buf, size_t size)
{
	snprintf(buf, size, "line %u, column %u", p->toks[tok].line,
	    p->toks[tok].column);
	return buf;
}

/* The rest of "%{ if cond }...%{ else }...%{ endif }" after the opener. */
static struct hcl_expr *
parse_template_if(struct parser *p, uint32_t open, enum hcl_token_type end)
{
	struct hcl_expr *cond, *yes, *no = NULL;
	enum template_stop stop;
	uint32_t stop_tok, close;
	char where[64];

	cond = parse_expr(p);
	if (cond == NULL || expect_seq_end(p, open, "if") == -1)
		return NULL;
	yes = parse_template_branch(p, open, end, &stop, &stop_tok);
	if (yes == NULL)
		return NULL;
	if (stop == STOP_ELSE) {
		no = parse_template_branch(p, open, end, &stop, &stop_tok);
		if (no == NULL)
			return NULL;
		if (stop == STOP_ELSE)
			return fail(p, stop_tok, "Unexpected else directive: "
			    "already in the else clause for the if started "
			    "at %s", position(p, open, where, sizeof where));
	}
	if (stop == STOP_END)
		return fail(p, stop_tok, "Unexpected end of template: the if "
		    "directive at %s is missing its corresponding endif "
		    "directive", position(p, open, where, sizeof where));
	if (stop != STOP_ENDIF)
		return fail(p, stop_tok, "Unexpected %s directive: expecting "
		    "an endif directive for the if started at %s",
		    stop_name(stop), position(p, open, where, sizeof where));
	close = (uint32_t)p->pos - 1;
	return node(p, HCL_EXPR_TEMPLATE_IF, open, close, cond, yes, no);
}

/* The rest of "%{ for k, v in coll }...%{ endfor }" after "for". */
static struct hcl_expr *
parse_template_for(struct parser *p, uint32_t open, enum hcl_token_type end)
{
	struct hcl_expr *coll, *body, *e;
	enum template_stop stop;
	uint32_t stop_tok, key = HCL_NO_TOKEN, value;
	char where[64];

	value = peek(p);
	if (tt(p, value) != HCL_TOK_IDENT)
		return fail(p, value, "Invalid 'for' directive: for directive "
		    "requires variable name after 'for'");
	next(p);
	if (tt(p, peek(p)) == HCL_TOK_COMMA) {
		next(p);
		key = value;
		value = peek(p);
		if (tt(p, value) != HCL_TOK_IDENT)
			return fail(p, value, "Invalid 'for' directive: for "
			    "directive requires value variable name after "
			    "comma");
		next(p);
	}
	if (!token_is(p, peek(p), "in"))
		return fail(p, peek(p), "Invalid 'for' directive: for "
		    "directive requires 'in' keyword after names");
	next(p);
	coll = parse_expr(p);
	if (coll == NULL || expect_seq_end(p, open, "for") == -1)
		return NULL;
	body = parse_template_branch(p, open, end, &stop, &stop_tok);
	if (body == NULL)
		return NULL;
	if (stop == STOP_END)
		return fail(p, stop_tok, "Unexpected end of template: the for "
		    "directive at %s is missing its corresponding endfor "
		    "directive", position(p, open, where, sizeof where));
	if (stop != STOP_ENDFOR)
		return fail(p, stop_tok, "Unexpected %s directive: expecting "
		    "an endfor directive for the for started at %s",
		    stop_name(stop), position(p, open, where, sizeof where));
	e = node(p, HCL_EXPR_TEMPLATE_FOR, open, (uint32_t)p->pos - 1, coll,
	    body, NULL);
	if (e != NULL) {
		e->name_token = value;
		e->op_token = key;
	}
	return e;
}

/*
 * A "%{" directive, after the opener. if and for parse their whole
 * construct and return it; else, endif and endfor set *stop and return
 * NULL without an error.
 */
static struct hcl_expr *
parse_template_directive(struct parser *p, uint32_t open,
    enum hcl_token_type end, enum template_stop *stop, uint32_t *stop_tok)
{
	struct hcl_expr *e = NULL;
	uint32_t kw;
	int saved;

	saved = p->newlines;
	p->newlines = 0;
	kw = peek(p);
	if (tt(p, kw) != HCL_TOK_IDENT) {
		fail(p, kw, "Invalid template directive: a template "
		    "directive keyword (\"if\", \"for\", etc) is expected at "
		    "the beginning of a %%{ sequence");
		goto out;
	}
	next(p);
	if (token_is(p, kw, "if") || token_is(p, kw, "for")) {
		/* The nested parts restore newline mode themselves. */
		if (token_is(p, kw, "if"))
			e = parse_template_if(p, open, end);
		else
			e = parse_template_for(p, open, end);
		goto out;
	}
	if (token_is(p, kw, "else"))
		*stop = STOP_ELSE;
	else if (token_is(p, kw, "endif"))
		*stop = STOP_ENDIF;
	else if (token_is(p, kw, "endfor"))
		*stop = STOP_ENDFOR;
	else {
		size_t n;
		const char *text;

		text = p->file->src + p->toks[kw].offset;
		n = p->toks[kw].length;
		fail(p, kw, "Invalid template control keyword: \"%.*s\" is "
		    "not a valid template control keyword", (int)n, text);
		goto out;
	}
	*stop_tok = open;
	expect_seq_end(p, open, stop_name(*stop));
out:
	p->newlines = saved;
	return e;
}

/* After the opening quote or heredoc token: the whole template. */
static struct hcl_expr *
parse_template(struct parser *p)
{
	uint32_t open = next(p), stop_tok;
	enum hcl_token_type end;
	enum template_stop stop;
	size_t mark = p->nexprs;
	struct hcl_expr *e;

	end = tt(p, open) == HCL_TOK_OQUOTE ? HCL_TOK_CQUOTE :
	    HCL_TOK_CHEREDOC;
	if (parse_template_parts(p, open, end, &stop, &stop_tok) == -1)
		return NULL;
	if (stop != STOP_END)
		return fail(p, stop_tok, "Unexpected %s directive: the "
		    "control directives within this template are "
		    "unbalanced", stop_name(stop));
	next(p);
	e = new_expr(p, end == HCL_TOK_CQUOTE ? HCL_EXPR_TEMPLATE :
	    HCL_EXPR_HEREDOC, open, stop_tok);
	return take_children(p, e, mark);
}

/* Whether tokens i and i + 1 are a "::", two colons with nothing
 * between them. */
static int
double_colon(const struct parser *p, uint32_t i)
{
	return p->toks[i].type == HCL_TOK_COLON &&
	    p->toks[i + 1].type == HCL_TOK_COLON &&
	    p->toks[i + 1].offset == p->toks[i].offset + 1;
}

/*
 * The name of a call up to its "(": a name, or a namespaced name such
 * as provider::aws::arn_parse (Terraform 1.8's provider functions).
 * Returns the "(" or HCL_NO_TOKEN after an error.
 */
static uint32_t
parse_call_name(struct parser *p)
{
	uint32_t tok;

	next(p);
	while (double_colon(p, peek(p))) {
		next(p);
		next(p);
		tok = peek(p);
		if (tt(p, tok) != HCL_TOK_IDENT) {
			fail(p, tok, "Missing function name: the scope "
			    "resolution symbol \"::\" must be followed by a "
			    "function name");
			return HCL_NO_TOKEN;
		}
		next(p);
	}
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_LPAREN) {
		fail(p, tok, "Missing function call: a namespaced function "
		    "name must be followed by its arguments in parentheses");
		return HCL_NO_TOKEN;
	}
	return next(p);
}

static struct hcl_expr *
parse_call(struct parser *p)
{
	uint32_t name = peek(p), open, sep;
	size_t mark = p->nexprs;
	int saved = p->newlines, expand = 0;
	struct hcl_expr *e = NULL, *arg;

	open = parse_call_name(p);
	if (open == HCL_NO_TOKEN)
		return NULL;
	p->newlines = 0;
	for (;;) {
		if (tt(p, peek(p)) == HCL_TOK_RPAREN) {
			sep = next(p);
			break;
		}
		arg = parse_expr(p);
		if (arg == NULL || push_expr(p, arg) == -1)
			goto out;
		sep = next(p);
		if (tt(p, sep) == HCL_TOK_RPAREN)
			break;
		if (tt(p, sep) == HCL_TOK_ELLIPSIS) {
			uint32_t ellipsis = sep;

			expand = 1;
			sep = next(p);
			if (tt(p, sep) != HCL_TOK_RPAREN) {
				fail(p, ellipsis, "Missing closing parenthesis: "
				    "an expanded function argument (with ...) "
				    "must be immediately followed by closing "
				    "parentheses");
				goto out;
			}
			break;
		}
		if (tt(p, sep) == HCL_TOK_EOF) {
			fail(p, name, "Unterminated function call: there is no "
			    "closing parenthesis for this function call "
			    "before the end of the file");
			goto out;
		}
		if (tt(p, sep) != HCL_TOK_COMMA) {
			fail(p, sep, "Missing argument separator: a comma is "
			    "required to separate each function argument from "
			    "the next");
			goto out;
		}
		if (tt(p, peek(p)) == HCL_TOK_RPAREN) {
			sep = next(p);
			break;
		}
	}
	e = new_expr(p, HCL_EXPR_CALL, name, sep);
	if (e != NULL) {
		e->name_token = name;
		e->op_token = open;
		e->expand = expand;
	}
out:
	p->newlines = saved;
	if (e == NULL) {
		p->nexprs = mark;
		return NULL;
	}
	return take_children(p, e, mark);
}

/* The rest of a for expression after "[" or "{". */
static struct hcl_expr *
parse_for(struct parser *p, uint32_t open)
{
	enum hcl_token_type close_type;
	struct hcl_expr *coll, *key = NULL, *value, *cond = NULL, *e;
	uint32_t kv = HCL_NO_TOKEN, vv, tok, ellipsis = HCL_NO_TOKEN;
	size_t mark = p->nexprs;
	int object;

	object = tt(p, open) == HCL_TOK_LBRACE;
	close_type = object ? HCL_TOK_RBRACE : HCL_TOK_RBRACK;
	next(p);	/* "for" */
	vv = peek(p);
	if (tt(p, vv) != HCL_TOK_IDENT)
		return fail(p, vv, "Invalid 'for' expression: for expression "
		    "requires variable name after 'for'");
	next(p);
	if (tt(p, peek(p)) == HCL_TOK_COMMA) {
		next(p);
		kv = vv;
		vv = peek(p);
		if (tt(p, vv) != HCL_TOK_IDENT)
			return fail(p, vv, "Invalid 'for' expression: for "
			    "expression requires value variable name after "
			    "comma");
		next(p);
	}
	tok = peek(p);
	if (!token_is(p, tok, "in"))
		return fail(p, tok, "Invalid 'for' expression: for expression "
		    "requires the 'in' keyword after its name declarations");
	next(p);
	coll = parse_expr(p);
	if (coll == NULL)
		return NULL;
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_COLON)
		return fail(p, tok, "Invalid 'for' expression: for expression "
		    "requires a colon after the collection expression");
	next(p);
	value = parse_expr(p);
	if (value == NULL)
		return NULL;
	if (tt(p, peek(p)) == HCL_TOK_FAT_ARROW) {
		next(p);
		key = value;
		value = parse_expr(p);
		if (value == NULL)
			return NULL;
	}
	if (tt(p, peek(p)) == HCL_TOK_ELLIPSIS)
		ellipsis = next(p);
	if (token_is(p, peek(p), "if")) {
		next(p);
		cond = parse_expr(p);
		if (cond == NULL)
			return NULL;
	}
	tok = peek(p);
	if (tt(p, tok) != close_type)
		return fail(p, tok, "Invalid 'for' expression: extra "
		    "characters after the end of the 'for' expression");
	next(p);
	if (!object && key != NULL)
		return fail(p, key->first, "Invalid 'for' expression: key "
		    "expression is not valid when building a tuple");
	if (!object && ellipsis != HCL_NO_TOKEN)
		return fail(p, ellipsis, "Invalid 'for' expression: grouping "
		    "ellipsis (...) cannot be used when building a tuple");
	if (object && key == NULL)
		return fail(p, value->first, "Invalid 'for' expression: key "
		    "expression is required when building an object");
	if (push_expr(p, coll) == -1 || (key && push_expr(p, key) == -1) ||
	    push_expr(p, value) == -1 || (cond && push_expr(p, cond) == -1))
		return NULL;
	e = new_expr(p, HCL_EXPR_FOR, open, tok);
	if (e != NULL) {
		e->name_token = vv;
		e->op_token = kv;
		e->expand = ellipsis != HCL_NO_TOKEN;
	}
	return take_children(p, e, mark);
}

static struct hcl_expr *
parse_tuple(struct parser *p)
{
	uint32_t open = next(p), tok;
	size_t mark = p->nexprs;
	int saved = p->newlines;
	struct hcl_expr *e = NULL, *item;

	p->newlines = 0;
	if (token_is(p, peek(p), "for")) {
		e = parse_for(p, open);
		p->newlines = saved;
		return e;
	}
	for (;;) {
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_RBRACK)
			break;
		item = parse_expr(p);
		if (item == NULL || push_expr(p, item) == -1)
			goto out;
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_RBRACK)
			break;
		if (tt(p, tok) == HCL_TOK_EOF) {
			fail(p, open, "Unterminated tuple constructor "
			    "expression: there is no corresponding closing "
			    "bracket before the end of the file");
			goto out;
		}
		if (tt(p, tok) != HCL_TOK_COMMA) {
			fail(p, tok, "Missing item separator: expected a comma "
			    "to mark the beginning of the next item");
			goto out;
		}
		next(p);
	}
	next(p);
	e = new_expr(p, HCL_EXPR_TUPLE, open, tok);
out:
	p->newlines = saved;
	if (e == NULL) {
		p->nexprs = mark;
		return NULL;
	}
	return take_children(p, e, mark);
}

static struct hcl_expr *
parse_object(struct parser *p)
{
	uint32_t open = next(p), tok;
	size_t mark = p->nexprs;
	int saved = p->newlines;
	struct hcl_expr *e = NULL, *key, *value;

	p->newlines = 0;
	if (token_is(p, peek(p), "for")) {
		e = parse_for(p, open);
		p->newlines = saved;
		return e;
	}
	p->newlines = 1;
	for (;;) {
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_NEWLINE) {
			next(p);
			continue;
		}
		if (tt(p, tok) == HCL_TOK_RBRACE)
			break;
		key = parse_expr(p);
		if (key == NULL || push_expr(p, key) == -1)
			goto out;
		tok = peek(p);
		switch (tt(p, tok)) {
		case HCL_TOK_EQUAL:
		case HCL_TOK_COLON:
			break;
		case HCL_TOK_NEWLINE:
		case HCL_TOK_COMMA:
			fail(p, tok, "Missing attribute value: expected an "
			    "attribute value, introduced by an equals sign "
			    "(\"=\")");
			goto out;
		case HCL_TOK_EOF:
			fail(p, open, "Unterminated object constructor "
			    "expression: there is no corresponding closing "
			    "brace before the end of the file");
			goto out;
		default:
			fail(p, tok, "Missing key/value separator: expected an "
			    "equals sign (\"=\") to mark the beginning of the "
			    "attribute value");
			goto out;
		}
		next(p);
		value = parse_expr(p);
		if (value == NULL || push_expr(p, value) == -1)
			goto out;
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_RBRACE)
			break;
		if (tt(p, tok) == HCL_TOK_EOF) {
			fail(p, open, "Unterminated object constructor "
			    "expression: there is no corresponding closing "
			    "brace before the end of the file");
			goto out;
		}
		if (tt(p, tok) != HCL_TOK_COMMA &&
		    tt(p, tok) != HCL_TOK_NEWLINE) {
			fail(p, tok, "Missing attribute separator: expected a "
			    "newline or comma to mark the beginning of the "
			    "next attribute");
			goto out;
		}
		next(p);
	}
	next(p);
	e = new_expr(p, HCL_EXPR_OBJECT, open, tok);
out:
	p->newlines = saved;
	if (e == NULL) {
		p->nexprs = mark;
		return NULL;
	}
	return take_children(p, e, mark);
}

static struct hcl_expr *
parse_parens(struct parser *p)
{
	uint32_t open = next(p), close;
	int saved = p->newlines;
	struct hcl_expr *inner;

	p->newlines = 0;
	inner = parse_expr(p);
	if (inner == NULL) {
		p->newlines = saved;
		return NULL;
	}
	close = peek(p);
	if (tt(p, close) != HCL_TOK_RPAREN) {
		p->newlines = saved;
		return fail(p, close, "Unbalanced parentheses: expected a "
		    "closing parenthesis to terminate the expression");
	}
	next(p);
	p->newlines = saved;
	return node(p, HCL_EXPR_PARENS, open, close, inner, NULL, NULL);
}

/* A term: literal, name, call, template, constructor, parens, unary. */
static struct hcl_expr *
parse_term(struct parser *p)
{
	uint32_t tok = peek(p);
	struct hcl_expr *operand;

	switch (tt(p, tok)) {
	case HCL_TOK_LPAREN:
		return parse_parens(p);
	case HCL_TOK_NUMBER:
		return parse_number(p);
	case HCL_TOK_IDENT:
		next(p);
		if (tt(p, peek(p)) == HCL_TOK_LPAREN ||
		    double_colon(p, peek(p))) {
			p->pos = tok;
			return parse_call(p);
		}
		if (token_is(p, tok, "true") || token_is(p, tok, "false") ||
		    token_is(p, tok, "null"))
			return new_expr(p, HCL_EXPR_LITERAL, tok, tok);
		return new_expr(p, HCL_EXPR_TRAVERSAL, tok, tok);
	case HCL_TOK_OQUOTE:
	case HCL_TOK_OHEREDOC:
		return parse_template(p);
	case HCL_TOK_MINUS:
	case HCL_TOK_BANG:
		next(p);
		operand = parse_operand(p);
		if (operand == NULL)
			return NULL;
		operand = node(p, HCL_EXPR_UNARY, tok, operand->last,
		    operand, NULL, NULL);
		if (operand != NULL)
			operand->op_token = tok;
		return operand;
	case HCL_TOK_LBRACK:
		return parse_tuple(p);
	case HCL_TOK_LBRACE:
		return parse_object(p);
	case HCL_TOK_EOF:
		return fail(p, tok, "Missing expression: expected the start "
		    "of an expression, but found the end of the file");
	default:
		return fail(p, tok, "Invalid expression: expected the start "
		    "of an expression, but found %s",
		    hcl_lex_token_name(tt(p, tok)));
	}
}

/* A literal index key keeps a traversal a traversal, as in HCL. */
static int
literal_key(const struct hcl_expr *key)
{
	if (key->type == HCL_EXPR_LITERAL)
		return 1;
	if (key->type != HCL_EXPR_TEMPLATE && key->type != HCL_EXPR_HEREDOC)
		return 0;
	return key->nchildren == 0 || (key->nchildren == 1 &&
	    key->children[0]->type == HCL_EXPR_LITERAL);
}

/* ".0" or ".0.1" after a dot: the legacy index syntax. */
static int
legacy_index(struct parser *p, uint32_t num)
{
	const struct hcl_token *t = &p->toks[num];
	const char *s = p->file->src + t->offset;

	if (memchr(s, '.', t->length) != NULL) {
		fail(p, num, "Invalid legacy index syntax: when using the "
		    "legacy index syntax, chaining two indexes together is "
		    "not permitted; use the proper index syntax instead, "
		    "like [0][1]");
		return -1;
	}
	if (!number_valid(s, t->length)) {
		fail(p, num, "Invalid number literal: failed to recognize "
		    "the value of this number literal");
		return -1;
	}
	return 0;
}

/*
 * The steps after a term: .name, .0, [key], .* and [*]. With a non-NULL
 * each, we are inside a splat: nothing is built, the keys of non-literal
 * indexes are pushed as children of the splat and *each gets the last
 * token. Returns the expression, or NULL.
 */
static struct hcl_expr *
parse_steps(struct parser *p, struct hcl_expr *e, uint32_t *each)
{
	for (;;) {
		uint32_t tok = peek(p), step, close, last;
		struct hcl_expr *key;
		int saved;

		if (tt(p, tok) == HCL_TOK_DOT) {
			next(p);
			step = peek(p);
			switch (tt(p, step)) {
			case HCL_TOK_IDENT:
				next(p);
				if (each != NULL)
					*each = step;
				else if (e->type == HCL_EXPR_TRAVERSAL)
					e->last = step;
				else {
					e = node(p, HCL_EXPR_GETATTR, e->first,
					    step, e, NULL, NULL);
					if (e == NULL)
						return NULL;
					e->name_token = step;
				}
				continue;
			case HCL_TOK_NUMBER:
				next(p);
				if (legacy_index(p, step) == -1)
					return NULL;
				if (each != NULL)
					*each = step;
				else if (e->type == HCL_EXPR_TRAVERSAL)
					e->last = step;
				else {
					key = new_expr(p, HCL_EXPR_LITERAL,
					    step, step);
					e = node(p, HCL_EXPR_INDEX, e->first,
					    step, e, key, NULL);
					if (e == NULL)
						return NULL;
				}
				continue;
			case HCL_TOK_STAR:
				next(p);
				last = step;
				while (tt(p, peek(p)) == HCL_TOK_DOT) {
					next(p);
					step = peek(p);
					if (tt(p, step) == HCL_TOK_NUMBER) {
						next(p);
						if (legacy_index(p, step) == -1)
							return NULL;
					} else if (tt(p, step) == HCL_TOK_IDENT) {
						next(p);
					} else if (tt(p, step) == HCL_TOK_STAR) {
						return fail(p, step, "Nested "
						    "splat expression not "
						    "allowed: a splat "
						    "expression (*) cannot be "
						    "used inside another "
						    "attribute-only splat");
					} else {
						return fail(p, step, "Invalid "
						    "attribute name: an "
						    "attribute name is required "
						    "after a dot");
					}
					last = step;
				}
				if (each != NULL)
					*each = last;
				else {
					e = node(p, HCL_EXPR_SPLAT, e->first,
					    last, e, NULL, NULL);
					if (e == NULL)
						return NULL;
				}
				continue;
			default:
				return fail(p, step, "Invalid attribute name: an "
				    "attribute name is required after a dot");
			}
		}
		if (tt(p, tok) != HCL_TOK_LBRACK)
			return e;
		next(p);
		if (tt(p, peek(p)) == HCL_TOK_STAR) {
			size_t mark = p->nexprs;
			uint32_t end;

			next(p);
			close = next(p);
			if (tt(p, close) != HCL_TOK_RBRACK)
				return fail(p, close, "Missing close bracket "
				    "on splat index: the star for a full splat "
				    "operator must be immediately followed by "
				    "a closing bracket (\"]\")");
			end = close;
			if (each == NULL && push_expr(p, e) == -1)
				return NULL;
			if (parse_steps(p, e, &end) == NULL)
				return NULL;
			if (each != NULL) {
				*each = end;
				continue;
			}
			e = new_expr(p, HCL_EXPR_SPLAT, e->first, end);
			/* A full splat takes every step after it. */
			return take_children(p, e, mark);
		}
		saved = p->newlines;
		p->newlines = 0;
		key = parse_expr(p);
		if (key == NULL) {
			p->newlines = saved;
			return NULL;
		}
		close = next(p);
		p->newlines = saved;
		if (tt(p, close) != HCL_TOK_RBRACK)
			return fail(p, close, "Missing close bracket on index: "
			    "the index operator must end with a closing "
			    "bracket (\"]\")");
		if (each != NULL) {
			*each = close;
			if (!literal_key(key) && push_expr(p, key) == -1)
				return NULL;
		} else if (e->type == HCL_EXPR_TRAVERSAL && literal_key(key)) {
			e->last = close;
		} else {
			e = node(p, HCL_EXPR_INDEX, e->first, close, e, key,
			    NULL);
			if (e == NULL)
				return NULL;
		}
	}
}

/* A term and its steps: the operand of unary and binary operators. */
static struct hcl_expr *
parse_operand(struct parser *p)
{
	struct hcl_expr *e;

	if (++p->depth > HCL_MAX_DEPTH) {
		p->depth--;
		return fail(p, peek(p), "Nesting too deep: more than %d "
		    "levels of nested expressions", HCL_MAX_DEPTH);
	}
	e = parse_term(p);
	if (e != NULL)
		e = parse_steps(p, e, NULL);
	p->depth--;
	return e;
}

/* Binary operator precedence, loosest first; 0 for other tokens. */
static int
binary_level(enum hcl_token_type t)
{
	switch (t) {
	case HCL_TOK_OR:
		return 1;
	case HCL_TOK_AND:
		return 2;
	case HCL_TOK_EQUAL_OP:
	case HCL_TOK_NOT_EQUAL:
		return 3;
	case HCL_TOK_LESS:
	case HCL_TOK_LESS_EQUAL:
	case HCL_TOK_GREATER:
	case HCL_TOK_GREATER_EQUAL:
		return 4;
	case HCL_TOK_PLUS:
	case HCL_TOK_MINUS:
		return 5;
	case HCL_TOK_STAR:
	case HCL_TOK_SLASH:
	case HCL_TOK_PERCENT:
		return 6;
	default:
		return 0;
	}
}

/*
 * Operators of level and tighter, left associative, by precedence
 * climbing: one call per operand rather than one per level.
 */
static struct hcl_expr *
parse_binary(struct parser *p, int level)
{
	struct hcl_expr *lhs, *rhs;
	uint32_t op;
	int op_level;

	lhs = parse_operand(p);
	for (;;) {
		if (lhs == NULL)
			return NULL;
		op = peek(p);
		op_level = binary_level(tt(p, op));
		if (op_level == 0 || op_level < level)
			return lhs;
		next(p);
		rhs = parse_binary(p, op_level + 1);
		if (rhs == NULL)
			return NULL;
		lhs = node(p, HCL_EXPR_BINARY, lhs->first, rhs->last, lhs, rhs,
		    NULL);
		if (lhs != NULL)
			lhs->op_token = op;
	}
}

static struct hcl_expr *
parse_expr(struct parser *p)
{
	struct hcl_expr *cond, *yes, *no;
	uint32_t tok;

	if (++p->depth > HCL_MAX_DEPTH) {
		p->depth--;
		return fail(p, peek(p), "Nesting too deep: more than %d "
		    "levels of nested expressions", HCL_MAX_DEPTH);
	}
	cond = parse_binary(p, 1);
	if (cond == NULL || tt(p, peek(p)) != HCL_TOK_QUESTION)
		goto out;
	next(p);
	yes = parse_expr(p);
	if (yes == NULL) {
		cond = NULL;
		goto out;
	}
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_COLON) {
		cond = fail(p, tok, "Missing false expression in conditional: "
		    "the conditional operator (...?...:...) requires a false "
		    "expression, delimited by a colon");
		goto out;
	}
	next(p);
	no = parse_expr(p);
	if (no == NULL)
		cond = NULL;
	else
		cond = node(p, HCL_EXPR_CONDITIONAL, cond->first, no->last,
		    cond, yes, no);
out:
	p->depth--;
	return cond;
}

static int
push_item(struct parser *p, const struct hcl_item *item)
{
	if (p->nitems == p->cap_items && grow(p, (void **)&p->items,
	    &p->cap_items, sizeof *p->items) == -1)
		return -1;
	p->items[p->nitems++] = *item;
	return 0;
}

/* "name = expr" after the name; single_line when inside "a { ... }". */
static int
parse_attribute(struct parser *p, struct hcl_item *item, int single_line)
{
	uint32_t end;

	item->type = HCL_ITEM_ATTRIBUTE;
	item->equals = next(p);
	item->expr = parse_expr(p);
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
		fail(p, end, "Unexpected comma after argument: argument "
		    "definitions must be separated by newlines, not commas");
	else
		fail(p, end, "Missing newline after argument: an argument "
		    "definition must end with a newline");
	return -1;
}

/* A quoted block label: no template sequences, valid escapes. */
static int
parse_label(struct parser *p)
{
	uint32_t open = next(p), tok;

	for (;;) {
		tok = next(p);
		switch (tt(p, tok)) {
		case HCL_TOK_CQUOTE:
			return 0;
		case HCL_TOK_QUOTED_LIT:
			if (parse_literal_part(p, tok) == NULL)
				return -1;
			continue;
		case HCL_TOK_TEMPLATE_INTERP:
		case HCL_TOK_TEMPLATE_CONTROL:
			fail(p, tok, "Invalid string literal: template "
			    "sequences are not allowed in a block label; to "
			    "include a literal \"%c{\", write \"%c%c{\"",
			    p->file->src[p->toks[tok].offset],
			    p->file->src[p->toks[tok].offset],
			    p->file->src[p->toks[tok].offset]);
			return -1;
		case HCL_TOK_EOF:
			fail(p, open, "Unterminated string literal: unable to "
			    "find the closing quote mark before the end of "
			    "the file");
			return -1;
		default:
			fail(p, tok, "Invalid string literal: this item is not "
			    "valid in a string literal");
			return -1;
		}
	}
}

static int
push_label(struct parser *p, uint32_t tok)
{
	if (p->nlabels == p->cap_labels && grow(p, (void **)&p->labels,
	    &p->cap_labels, sizeof *p->labels) == -1)
		return -1;
	p->labels[p->nlabels++] = tok;
	return 0;
}

/* The single attribute of "a { b = 1 }", up to the closing brace. */
static int
parse_single_line_body(struct parser *p, struct hcl_item *block)
{
	struct hcl_item attr;
	uint32_t name, tok;

	memset(&attr, 0, sizeof attr);
	name = next(p);
	attr.first = name;
	tok = peek(p);
	if (tt(p, name) != HCL_TOK_IDENT) {
		fail(p, name, "Argument or block definition required: an "
		    "argument or block definition is required here");
		return -1;
	}
	switch (tt(p, tok)) {
	case HCL_TOK_EQUAL:
		break;
	case HCL_TOK_OQUOTE:
	case HCL_TOK_LBRACE:
	case HCL_TOK_IDENT:
		fail(p, name, "Argument definition required: a single-line "
		    "block definition can contain only a single argument; "
		    "to define a nested block, place it on a line of its own "
		    "within its parent block");
		return -1;
	default:
		fail(p, name, "Argument or block definition required: an "
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
		fail(p, tok, "Invalid single-argument block definition: "
		    "single-line block syntax can include only one argument "
		    "definition; to define multiple arguments, use the "
		    "multi-line block syntax with one argument per line");
		return -1;
	case HCL_TOK_NEWLINE:
		fail(p, tok, "Invalid single-argument block definition: an "
		    "argument definition on the same line as its containing "
		    "block creates a single-line block definition, which "
		    "must also be closed on the same line");
		return -1;
	case HCL_TOK_EOF:
		fail(p, block->open_brace, "Unclosed configuration block: "
		    "there is no closing brace for this block before the "
		    "end of the file");
		return -1;
	default:
		fail(p, tok, "Invalid single-argument block definition: a "
		    "single-line block definition must end with a closing "
		    "brace immediately after its single argument "
		    "definition");
		return -1;
	}
	block->body.items = hcl_arena_alloc(p->file->arena,
	    sizeof *block->body.items);
	if (block->body.items == NULL) {
		fail_nomem(p);
		return -1;
	}
	block->body.items[0] = attr;
	block->body.nitems = 1;
	return 0;
}

/* "type label... {" then the body, after the type token. */
static int
parse_block(struct parser *p, struct hcl_item *item)
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
			fail(p, tok, "Invalid block definition: the equals sign "
			    "\"=\" indicates an argument definition, and must "
			    "not be used when defining a block");
		else if (tt(p, tok) == HCL_TOK_NEWLINE)
			fail(p, tok, "Invalid block definition: a block "
			    "definition must have block content delimited by "
			    "\"{\" and \"}\", starting on the same line as the "
			    "block header");
		else
			fail(p, tok, "Invalid block definition: either a quoted "
			    "string block label or an opening brace (\"{\") is "
			    "expected here");
		return -1;
	}
	item->nlabels = p->nlabels - mark;
	if (item->nlabels > 0) {
		item->labels = hcl_arena_alloc(p->file->arena,
		    item->nlabels * sizeof *item->labels);
		if (item->labels == NULL) {
			fail_nomem(p);
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
	fail(p, tok, "Missing newline after block definition: a block "
	    "definition must end with a newline");
	return -1;
}

static int
parse_item(struct parser *p)
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
		fail(p, item.first, "Argument or block definition required: "
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

	return ta->length == tb->length && memcmp(file->src + ta->offset,
	    file->src + tb->offset, ta->length) == 0;
}

static void
note_duplicate(struct parser *p, const struct hcl_item *first,
    const struct hcl_item *again)
{
	if (again->first < p->dup_tok) {
		p->dup_tok = again->first;
		p->dup_first = first->first;
	}
}

/* Find attributes set twice in one body, which HCL rejects. */
static int
check_duplicates(struct parser *p, struct hcl_item *items, size_t n)
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
		fail_nomem(p);
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
		    memcmp(sorted[i - 1].name, sorted[i].name,
		    sorted[i].len) == 0)
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
suspect_block(const struct parser *p, const struct hcl_item *items, size_t n)
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
hint_unclosed(struct parser *p, size_t mark)
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
		hc_error_hint(&p->err, "the block at line %u probably lacks "
		    "its closing brace, which belongs after line %u",
		    f->tokens[it->first].line, after);
	else
		hc_error_hint(&p->err, "the block at line %u probably lacks "
		    "its closing brace", f->tokens[it->first].line);
}

/*
 * Items up to the closing brace (left unread) of the block whose "{" is
 * open, or to the end of the file when open is HCL_NO_TOKEN.
 */
static int
parse_body(struct parser *p, struct hcl_body *body, uint32_t open)
{
	size_t mark = p->nitems, n;
	int saved = p->newlines, rc = -1;
	uint32_t tok;

	if (++p->depth > HCL_MAX_DEPTH) {
		fail(p, open, "Nesting too deep: more than %d levels of "
		    "nested blocks", HCL_MAX_DEPTH);
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
				fail(p, tok, "Invalid argument name: argument "
				    "names must not be quoted");
			else if (tt(p, tok) == HCL_TOK_EOF &&
			    open != HCL_NO_TOKEN) {
				fail(p, open, "Unclosed configuration block: "
				    "there is no closing brace for this block "
				    "before the end of the file");
				hint_unclosed(p, mark);
			} else if (tt(p, tok) != HCL_TOK_EOF)
				fail(p, tok, "Argument or block definition "
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
		body->items = hcl_arena_alloc(p->file->arena,
		    n * sizeof *body->items);
		if (body->items == NULL) {
			fail_nomem(p);
			goto out;
		}
		memcpy(body->items, p->items + mark, n * sizeof *body->items);
	}
	body->nitems = n;
	p->nitems = mark;
	rc = check_duplicates(p, body->items, n);
out:
	p->depth--;
	p->newlines = saved;
	return rc;
}

/* The syntax error or the redefined attribute, whichever comes first. */
static void
report(struct parser *p, struct hc_error *err)
{
	const struct hcl_token *again, *first;
	int have_err = hc_error_is_set(&p->err);

	if (p->dup_tok != UINT32_MAX && (!have_err ||
	    p->err.code != HC_ERR_PARSE || p->dup_tok < p->err_tok)) {
		again = &p->file->tokens[p->dup_tok];
		first = &p->file->tokens[p->dup_first];
		hc_error_set_at(err, HC_ERR_PARSE, p->file->path,
		    (int)again->line, (int)again->column, "Attribute "
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
	struct parser p;
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
	 * generated Terraform corpus (bench/hcl-parse.sh). */
	file->arena = hcl_arena_new(len * 5);
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
hcl_parse(const char *path, const char *src, size_t len,
    struct hc_error *err)
{
	char *buf;

	if (len > PARSE_MAX_SIZE) {
		hc_error_set(err, HC_ERR_INPUT, "%s: file too large (%zu "
		    "bytes)", path, len);
		return NULL;
	}
	buf = malloc(len + HCL_LEX_PAD);
	if (buf == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory reading %s",
		    path);
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
hcl_parse_file(const char *path, const char *display_path,
    struct hc_error *err)
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
		hc_error_set(err, HC_ERR_INPUT, "%s: file too large (%zu "
		    "bytes)", shown, len);
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
