/*
 * Expressions: operators, terms, traversal steps, calls, collections and
 * for expressions, as hclsyntax's parser.go reads them, including where
 * newlines count (see core/hcl/parse.c).
 */
#include <string.h>

#include "core/hcl/lex.h"
#include "core/hcl/parser.h"

static struct hcl_expr *parse_operand(struct hcl_parser *p);

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
parse_number(struct hcl_parser *p)
{
	uint32_t tok = next(p);
	const struct hcl_token *t = &p->toks[tok];

	if (!number_valid(p->file->src + t->offset, t->length))
		return hcl_parser_fail(p, tok,
		    "Invalid number literal: failed to "
		    "recognize the value of this number literal");
	return hcl_parser_new_expr(p, HCL_EXPR_LITERAL, tok, tok);
}

/* Whether tokens i and i + 1 are a "::", two colons with nothing
 * between them. */
static int
double_colon(const struct hcl_parser *p, uint32_t i)
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
parse_call_name(struct hcl_parser *p)
{
	uint32_t tok;

	next(p);
	while (double_colon(p, peek(p))) {
		next(p);
		next(p);
		tok = peek(p);
		if (tt(p, tok) != HCL_TOK_IDENT) {
			hcl_parser_fail(p, tok,
			    "Missing function name: the scope "
			    "resolution symbol \"::\" must be followed by a "
			    "function name");
			return HCL_NO_TOKEN;
		}
		next(p);
	}
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_LPAREN) {
		hcl_parser_fail(p, tok,
		    "Missing function call: a namespaced function "
		    "name must be followed by its arguments in parentheses");
		return HCL_NO_TOKEN;
	}
	return next(p);
}

static struct hcl_expr *
parse_call(struct hcl_parser *p)
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
		arg = hcl_expr_parse(p);
		if (arg == NULL || hcl_parser_push_expr(p, arg) == -1)
			goto out;
		sep = next(p);
		if (tt(p, sep) == HCL_TOK_RPAREN)
			break;
		if (tt(p, sep) == HCL_TOK_ELLIPSIS) {
			uint32_t ellipsis = sep;

			expand = 1;
			sep = next(p);
			if (tt(p, sep) != HCL_TOK_RPAREN) {
				hcl_parser_fail(p, ellipsis,
				    "Missing closing parenthesis: "
				    "an expanded function argument (with ...) "
				    "must be immediately followed by closing "
				    "parentheses");
				goto out;
			}
			break;
		}
		if (tt(p, sep) == HCL_TOK_EOF) {
			hcl_parser_fail(p, name,
			    "Unterminated function call: there is no "
			    "closing parenthesis for this function call "
			    "before the end of the file");
			goto out;
		}
		if (tt(p, sep) != HCL_TOK_COMMA) {
			hcl_parser_fail(p, sep,
			    "Missing argument separator: a comma is "
			    "required to separate each function argument from "
			    "the next");
			goto out;
		}
		if (tt(p, peek(p)) == HCL_TOK_RPAREN) {
			sep = next(p);
			break;
		}
	}
	e = hcl_parser_new_expr(p, HCL_EXPR_CALL, name, sep);
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
	return hcl_parser_take_children(p, e, mark);
}

/* The rest of a for expression after "[" or "{". */
static struct hcl_expr *
parse_for(struct hcl_parser *p, uint32_t open)
{
	enum hcl_token_type close_type;
	struct hcl_expr *coll, *key = NULL, *value, *cond = NULL, *e;
	uint32_t kv = HCL_NO_TOKEN, vv, tok, ellipsis = HCL_NO_TOKEN;
	size_t mark = p->nexprs;
	int object;

	object = tt(p, open) == HCL_TOK_LBRACE;
	close_type = object ? HCL_TOK_RBRACE : HCL_TOK_RBRACK;
	next(p); /* "for" */
	vv = peek(p);
	if (tt(p, vv) != HCL_TOK_IDENT)
		return hcl_parser_fail(p, vv,
		    "Invalid 'for' expression: for expression "
		    "requires variable name after 'for'");
	next(p);
	if (tt(p, peek(p)) == HCL_TOK_COMMA) {
		next(p);
		kv = vv;
		vv = peek(p);
		if (tt(p, vv) != HCL_TOK_IDENT)
			return hcl_parser_fail(p, vv,
			    "Invalid 'for' expression: for "
			    "expression requires value variable name after "
			    "comma");
		next(p);
	}
	tok = peek(p);
	if (!token_is(p, tok, "in"))
		return hcl_parser_fail(p, tok,
		    "Invalid 'for' expression: for expression "
		    "requires the 'in' keyword after its name declarations");
	next(p);
	coll = hcl_expr_parse(p);
	if (coll == NULL)
		return NULL;
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_COLON)
		return hcl_parser_fail(p, tok,
		    "Invalid 'for' expression: for expression "
		    "requires a colon after the collection expression");
	next(p);
	value = hcl_expr_parse(p);
	if (value == NULL)
		return NULL;
	if (tt(p, peek(p)) == HCL_TOK_FAT_ARROW) {
		next(p);
		key = value;
		value = hcl_expr_parse(p);
		if (value == NULL)
			return NULL;
	}
	if (tt(p, peek(p)) == HCL_TOK_ELLIPSIS)
		ellipsis = next(p);
	if (token_is(p, peek(p), "if")) {
		next(p);
		cond = hcl_expr_parse(p);
		if (cond == NULL)
			return NULL;
	}
	tok = peek(p);
	if (tt(p, tok) != close_type)
		return hcl_parser_fail(p, tok,
		    "Invalid 'for' expression: extra "
		    "characters after the end of the 'for' expression");
	next(p);
	if (!object && key != NULL)
		return hcl_parser_fail(p, key->first,
		    "Invalid 'for' expression: key "
		    "expression is not valid when building a tuple");
	if (!object && ellipsis != HCL_NO_TOKEN)
		return hcl_parser_fail(p, ellipsis,
		    "Invalid 'for' expression: grouping "
		    "ellipsis (...) cannot be used when building a tuple");
	if (object && key == NULL)
		return hcl_parser_fail(p, value->first,
		    "Invalid 'for' expression: key "
		    "expression is required when building an object");
	if (hcl_parser_push_expr(p, coll) == -1 ||
	    (key && hcl_parser_push_expr(p, key) == -1) ||
	    hcl_parser_push_expr(p, value) == -1 ||
	    (cond && hcl_parser_push_expr(p, cond) == -1))
		return NULL;
	e = hcl_parser_new_expr(p, HCL_EXPR_FOR, open, tok);
	if (e != NULL) {
		e->name_token = vv;
		e->op_token = kv;
		e->expand = ellipsis != HCL_NO_TOKEN;
	}
	return hcl_parser_take_children(p, e, mark);
}

static struct hcl_expr *
parse_tuple(struct hcl_parser *p)
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
		item = hcl_expr_parse(p);
		if (item == NULL || hcl_parser_push_expr(p, item) == -1)
			goto out;
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_RBRACK)
			break;
		if (tt(p, tok) == HCL_TOK_EOF) {
			hcl_parser_fail(p, open,
			    "Unterminated tuple constructor "
			    "expression: there is no corresponding closing "
			    "bracket before the end of the file");
			goto out;
		}
		if (tt(p, tok) != HCL_TOK_COMMA) {
			hcl_parser_fail(p, tok,
			    "Missing item separator: expected a comma "
			    "to mark the beginning of the next item");
			goto out;
		}
		next(p);
	}
	next(p);
	e = hcl_parser_new_expr(p, HCL_EXPR_TUPLE, open, tok);
out:
	p->newlines = saved;
	if (e == NULL) {
		p->nexprs = mark;
		return NULL;
	}
	return hcl_parser_take_children(p, e, mark);
}

static struct hcl_expr *
parse_object(struct hcl_parser *p)
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
		key = hcl_expr_parse(p);
		if (key == NULL || hcl_parser_push_expr(p, key) == -1)
			goto out;
		tok = peek(p);
		switch (tt(p, tok)) {
		case HCL_TOK_EQUAL:
		case HCL_TOK_COLON:
			break;
		case HCL_TOK_NEWLINE:
		case HCL_TOK_COMMA:
			hcl_parser_fail(p, tok,
			    "Missing attribute value: expected an "
			    "attribute value, introduced by an equals sign "
			    "(\"=\")");
			goto out;
		case HCL_TOK_EOF:
			hcl_parser_fail(p, open,
			    "Unterminated object constructor "
			    "expression: there is no corresponding closing "
			    "brace before the end of the file");
			goto out;
		default:
			hcl_parser_fail(p, tok,
			    "Missing key/value separator: expected an "
			    "equals sign (\"=\") to mark the beginning of the "
			    "attribute value");
			goto out;
		}
		next(p);
		value = hcl_expr_parse(p);
		if (value == NULL || hcl_parser_push_expr(p, value) == -1)
			goto out;
		tok = peek(p);
		if (tt(p, tok) == HCL_TOK_RBRACE)
			break;
		if (tt(p, tok) == HCL_TOK_EOF) {
			hcl_parser_fail(p, open,
			    "Unterminated object constructor "
			    "expression: there is no corresponding closing "
			    "brace before the end of the file");
			goto out;
		}
		if (tt(p, tok) != HCL_TOK_COMMA &&
		    tt(p, tok) != HCL_TOK_NEWLINE) {
			hcl_parser_fail(p, tok,
			    "Missing attribute separator: expected a "
			    "newline or comma to mark the beginning of the "
			    "next attribute");
			goto out;
		}
		next(p);
	}
	next(p);
	e = hcl_parser_new_expr(p, HCL_EXPR_OBJECT, open, tok);
out:
	p->newlines = saved;
	if (e == NULL) {
		p->nexprs = mark;
		return NULL;
	}
	return hcl_parser_take_children(p, e, mark);
}

static struct hcl_expr *
parse_parens(struct hcl_parser *p)
{
	uint32_t open = next(p), close;
	int saved = p->newlines;
	struct hcl_expr *inner;

	p->newlines = 0;
	inner = hcl_expr_parse(p);
	if (inner == NULL) {
		p->newlines = saved;
		return NULL;
	}
	close = peek(p);
	if (tt(p, close) != HCL_TOK_RPAREN) {
		p->newlines = saved;
		return hcl_parser_fail(p, close,
		    "Unbalanced parentheses: expected a "
		    "closing parenthesis to terminate the expression");
	}
	next(p);
	p->newlines = saved;
	return hcl_parser_node(
	    p, HCL_EXPR_PARENS, open, close, inner, NULL, NULL);
}

/* Whether the name token tok is true, false or null. */
static int
keyword_literal(const struct hcl_parser *p, uint32_t tok)
{
	uint32_t n = p->toks[tok].length;

	if (n != 4 && n != 5)
		return 0;
	return token_is(p, tok, "true") || token_is(p, tok, "false") ||
	       token_is(p, tok, "null");
}

/* A term: literal, name, call, template, constructor, parens, unary. */
static struct hcl_expr *
parse_term(struct hcl_parser *p)
{
	uint32_t tok = peek(p), after;
	struct hcl_expr *operand;

	switch (tt(p, tok)) {
	case HCL_TOK_LPAREN:
		return parse_parens(p);
	case HCL_TOK_NUMBER:
		return parse_number(p);
	case HCL_TOK_IDENT:
		next(p);
		after = peek(p);
		if (tt(p, after) == HCL_TOK_LPAREN || double_colon(p, after)) {
			p->pos = tok;
			return parse_call(p);
		}
		return hcl_parser_new_expr(p, keyword_literal(p, tok) ?
		    HCL_EXPR_LITERAL : HCL_EXPR_TRAVERSAL, tok, tok);
	case HCL_TOK_OQUOTE:
	case HCL_TOK_OHEREDOC:
		return hcl_template_parse(p);
	case HCL_TOK_MINUS:
	case HCL_TOK_BANG:
		next(p);
		/* "!!!!x" nests without brackets. */
		if (__builtin_expect(++p->depth > HCL_MAX_DEPTH, 0)) {
			p->depth--;
			return hcl_parser_fail(p, tok,
			    "Nesting too deep: more than %d "
			    "levels of nested expressions",
			    HCL_MAX_DEPTH);
		}
		operand = parse_operand(p);
		p->depth--;
		if (operand == NULL)
			return NULL;
		operand = hcl_parser_node(
		    p, HCL_EXPR_UNARY, tok, operand->last, operand, NULL, NULL);
		if (operand != NULL)
			operand->op_token = tok;
		return operand;
	case HCL_TOK_LBRACK:
		return parse_tuple(p);
	case HCL_TOK_LBRACE:
		return parse_object(p);
	case HCL_TOK_EOF:
		return hcl_parser_fail(p, tok,
		    "Missing expression: expected the start "
		    "of an expression, but found the end of the file");
	default:
		return hcl_parser_fail(p, tok,
		    "Invalid expression: expected the start "
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
	return key->nchildren == 0 ||
	       (key->nchildren == 1 &&
		   key->children[0]->type == HCL_EXPR_LITERAL);
}

/* ".0" or ".0.1" after a dot: the legacy index syntax. */
static int
legacy_index(struct hcl_parser *p, uint32_t num)
{
	const struct hcl_token *t = &p->toks[num];
	const char *s = p->file->src + t->offset;

	if (memchr(s, '.', t->length) != NULL) {
		hcl_parser_fail(p, num,
		    "Invalid legacy index syntax: when using the "
		    "legacy index syntax, chaining two indexes together is "
		    "not permitted; use the proper index syntax instead, "
		    "like [0][1]");
		return -1;
	}
	if (!number_valid(s, t->length)) {
		hcl_parser_fail(p, num,
		    "Invalid number literal: failed to recognize "
		    "the value of this number literal");
		return -1;
	}
	return 0;
}

/*
 * Apply a step ending at token last to e: a traversal grows, anything
 * else gets a GETATTR node (key NULL, the name is last) or an INDEX node.
 * Inside a splat (each not NULL) nothing is built: *each moves to last,
 * and a non-literal key becomes a child of the splat.
 */
static struct hcl_expr *
add_step(struct hcl_parser *p, struct hcl_expr *e, uint32_t *each,
    uint32_t last, struct hcl_expr *key)
{
	if (each != NULL) {
		*each = last;
		if (key != NULL && !literal_key(key) &&
		    hcl_parser_push_expr(p, key) == -1)
			return NULL;
		return e;
	}
	if (e->type == HCL_EXPR_TRAVERSAL &&
	    (key == NULL || literal_key(key))) {
		e->last = last;
		return e;
	}
	if (key != NULL)
		return hcl_parser_node(
		    p, HCL_EXPR_INDEX, e->first, last, e, key, NULL);
	e = hcl_parser_node(p, HCL_EXPR_GETATTR, e->first, last, e, NULL, NULL);
	if (e != NULL)
		e->name_token = last;
	return e;
}

/* The .name and .0 steps of an attribute-only splat, after its ".*". */
static struct hcl_expr *
attr_splat(
    struct hcl_parser *p, struct hcl_expr *e, uint32_t *each, uint32_t star)
{
	uint32_t last = star, step;

	while (tt(p, peek(p)) == HCL_TOK_DOT) {
		next(p);
		step = peek(p);
		if (tt(p, step) == HCL_TOK_STAR)
			return hcl_parser_fail(p, step,
			    "Nested splat "
			    "expression not allowed: a splat expression (*) "
			    "cannot be used inside another attribute-only "
			    "splat");
		if (tt(p, step) != HCL_TOK_NUMBER &&
		    tt(p, step) != HCL_TOK_IDENT)
			return hcl_parser_fail(p, step,
			    "Invalid attribute "
			    "name: an attribute name is required after a dot");
		next(p);
		if (tt(p, step) == HCL_TOK_NUMBER &&
		    legacy_index(p, step) == -1)
			return NULL;
		last = step;
	}
	if (each != NULL) {
		*each = last;
		return e;
	}
	return hcl_parser_node(
	    p, HCL_EXPR_SPLAT, e->first, last, e, NULL, NULL);
}

/* A step after a dot: .name, .0 or .* */
static struct hcl_expr *
dot_step(struct hcl_parser *p, struct hcl_expr *e, uint32_t *each)
{
	struct hcl_expr *key;
	uint32_t step;

	next(p);
	step = peek(p);
	switch (tt(p, step)) {
	case HCL_TOK_IDENT:
		next(p);
		return add_step(p, e, each, step, NULL);
	case HCL_TOK_NUMBER:
		next(p);
		if (legacy_index(p, step) == -1)
			return NULL;
		key = hcl_parser_new_expr(p, HCL_EXPR_LITERAL, step, step);
		if (key == NULL)
			return NULL;
		return add_step(p, e, each, step, key);
	case HCL_TOK_STAR:
		next(p);
		return attr_splat(p, e, each, step);
	default:
		return hcl_parser_fail(p, step,
		    "Invalid attribute name: an "
		    "attribute name is required after a dot");
	}
}

static struct hcl_expr *parse_steps(
    struct hcl_parser *p, struct hcl_expr *e, uint32_t *each);

/*
 * "[*]" after its "[": a full splat, which takes every later step, so
 * *done is set. Inside a splat the marker only moves *each, which keeps
 * the recursion one level deep however many splats follow.
 */
static struct hcl_expr *
full_splat(struct hcl_parser *p, struct hcl_expr *e, uint32_t *each, int *done)
{
	size_t mark = p->nexprs;
	uint32_t close, end;

	next(p);
	close = next(p);
	if (tt(p, close) != HCL_TOK_RBRACK)
		return hcl_parser_fail(p, close,
		    "Missing close bracket on "
		    "splat index: the star for a full splat operator must be "
		    "immediately followed by a closing bracket (\"]\")");
	if (each != NULL) {
		*each = close;
		return e;
	}
	if (hcl_parser_push_expr(p, e) == -1)
		return NULL;
	end = close;
	if (parse_steps(p, e, &end) == NULL)
		return NULL;
	*done = 1;
	e = hcl_parser_new_expr(p, HCL_EXPR_SPLAT, e->first, end);
	return hcl_parser_take_children(p, e, mark);
}

/* A step after a "[": [*] or [key]. */
static struct hcl_expr *
bracket_step(
    struct hcl_parser *p, struct hcl_expr *e, uint32_t *each, int *done)
{
	struct hcl_expr *key;
	uint32_t close;
	int saved;

	if (tt(p, peek(p)) == HCL_TOK_STAR)
		return full_splat(p, e, each, done);
	saved = p->newlines;
	p->newlines = 0;
	key = hcl_expr_parse(p);
	close = key != NULL ? next(p) : HCL_NO_TOKEN;
	p->newlines = saved;
	if (key == NULL)
		return NULL;
	if (tt(p, close) != HCL_TOK_RBRACK)
		return hcl_parser_fail(p, close,
		    "Missing close bracket on "
		    "index: the index operator must end with a closing "
		    "bracket (\"]\")");
	return add_step(p, e, each, close, key);
}

/*
 * The steps after a term: .name, .0, [key], .* and [*]. With a non-NULL
 * each, we are inside a splat: nothing is built, the keys of non-literal
 * indexes are pushed as children of the splat and *each gets the last
 * token. Returns the expression, or NULL.
 */
static struct hcl_expr *
parse_steps(struct hcl_parser *p, struct hcl_expr *e, uint32_t *each)
{
	int done = 0;

	while (e != NULL && !done) {
		enum hcl_token_type t = tt(p, peek(p));

		if (t == HCL_TOK_DOT) {
			e = dot_step(p, e, each);
		} else if (t == HCL_TOK_LBRACK) {
			next(p);
			e = bracket_step(p, e, each, &done);
		} else {
			break;
		}
	}
	return e;
}

/*
 * A term and its steps: the operand of unary and binary operators. The
 * nesting it leads to goes through hcl_expr_parse() or a unary
 * operator, which count it, so one level of brackets counts once.
 */
static struct hcl_expr *
parse_operand(struct hcl_parser *p)
{
	struct hcl_expr *e;

	e = parse_term(p);
	/* Most terms have no steps, so spare them the call. */
	if (e != NULL) {
		enum hcl_token_type t = tt(p, peek(p));

		if (t == HCL_TOK_DOT || t == HCL_TOK_LBRACK)
			e = parse_steps(p, e, NULL);
	}
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
parse_binary(struct hcl_parser *p, int level)
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
		lhs = hcl_parser_node(
		    p, HCL_EXPR_BINARY, lhs->first, rhs->last, lhs, rhs, NULL);
		if (lhs != NULL)
			lhs->op_token = op;
	}
}

/*
 * Whether token i, right after a complete term, certainly ends the
 * expression: it cannot continue the term (".", "[", "(", "::"), is no
 * operator or "?", and is no comment or skipped newline that would need
 * looking past.
 */
static inline int
ends_term(const struct hcl_parser *p, uint32_t i)
{
	switch (tt(p, i)) {
	case HCL_TOK_NEWLINE:
		return p->newlines;
	case HCL_TOK_COMMA:
	case HCL_TOK_RBRACK:
	case HCL_TOK_RPAREN:
	case HCL_TOK_RBRACE:
	case HCL_TOK_TEMPLATE_SEQ_END:
	case HCL_TOK_EOF:
	case HCL_TOK_EQUAL:
	case HCL_TOK_FAT_ARROW:
	case HCL_TOK_ELLIPSIS:
	case HCL_TOK_IDENT:
		return 1;
	case HCL_TOK_COLON:
		return tt(p, i + 1) != HCL_TOK_COLON;
	default:
		return 0;
	}
}

/*
 * Terraform values are mostly a plain string, a number, a keyword or a
 * name like var.x, followed by a newline or a comma. Parse such a term
 * at tok straight away into *out (NULL after a syntax error), building
 * the same node the full descent would, and return 1; return 0 for
 * anything else.
 */
static int
simple_term(struct hcl_parser *p, uint32_t tok, struct hcl_expr **out)
{
	uint32_t i = tok;

	switch (tt(p, tok)) {
	case HCL_TOK_IDENT:
		if (keyword_literal(p, tok)) {
			if (!ends_term(p, tok + 1))
				return 0;
			p->pos = (size_t)tok + 1;
			*out = hcl_parser_new_expr(
			    p, HCL_EXPR_LITERAL, tok, tok);
			return 1;
		}
		while (tt(p, i + 1) == HCL_TOK_DOT &&
		    tt(p, i + 2) == HCL_TOK_IDENT)
			i += 2;
		if (!ends_term(p, i + 1))
			return 0;
		p->pos = (size_t)i + 1;
		*out = hcl_parser_new_expr(p, HCL_EXPR_TRAVERSAL, tok, i);
		return 1;
	case HCL_TOK_NUMBER:
		if (!ends_term(p, tok + 1))
			return 0;
		*out = parse_number(p);
		return 1;
	case HCL_TOK_OQUOTE:
		i = tok + 1;
		if (tt(p, i) == HCL_TOK_QUOTED_LIT)
			i++;
		if (tt(p, i) != HCL_TOK_CQUOTE || !ends_term(p, i + 1))
			return 0;
		*out = hcl_template_parse(p);
		return 1;
	default:
		return 0;
	}
}

int hcl_parser_shortcuts = 1;

struct hcl_expr *
hcl_expr_parse(struct hcl_parser *p)
{
	struct hcl_expr *cond, *yes, *no;
	uint32_t tok;

	if (__builtin_expect(++p->depth > HCL_MAX_DEPTH, 0)) {
		p->depth--;
		return hcl_parser_fail(p, peek(p),
		    "Nesting too deep: more than %d "
		    "levels of nested expressions",
		    HCL_MAX_DEPTH);
	}
	if (hcl_parser_shortcuts && simple_term(p, peek(p), &cond))
		goto out;
	cond = parse_binary(p, 1);
	if (cond == NULL || tt(p, peek(p)) != HCL_TOK_QUESTION)
		goto out;
	next(p);
	yes = hcl_expr_parse(p);
	if (yes == NULL) {
		cond = NULL;
		goto out;
	}
	tok = peek(p);
	if (tt(p, tok) != HCL_TOK_COLON) {
		cond = hcl_parser_fail(p, tok,
		    "Missing false expression in conditional: "
		    "the conditional operator (...?...:...) requires a false "
		    "expression, delimited by a colon");
		goto out;
	}
	next(p);
	no = hcl_expr_parse(p);
	if (no == NULL)
		cond = NULL;
	else
		cond = hcl_parser_node(p, HCL_EXPR_CONDITIONAL, cond->first,
		    no->last, cond, yes, no);
out:
	p->depth--;
	return cond;
}
