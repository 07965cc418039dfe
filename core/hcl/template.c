/*
 * Templates: "..." strings and heredocs with their ${ } interpolations
 * and %{ } directives, as hclsyntax's parser_template.go reads them.
 */
#include <stdio.h>
#include <string.h>

#include "core/hcl/lex.h"
#include "core/hcl/parser.h"

/* Template parts end at the closing token or at one of these directives. */
enum template_stop {
	STOP_END,
	STOP_ELSE,
	STOP_ENDIF,
	STOP_ENDFOR,
};

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
expect_seq_end(struct hcl_parser *p, uint32_t open, const char *what)
{
	uint32_t close = peek(p);
	enum hcl_token_type t = tt(p, close);

	if (t == HCL_TOK_TEMPLATE_SEQ_END) {
		next(p);
		return 0;
	}
	if (what != NULL) {
		hcl_parser_fail(p, close,
		    "Extra characters in %s marker: expected a "
		    "closing brace to end the sequence, but found extra "
		    "characters",
		    what);
		return -1;
	}
	if (t == HCL_TOK_EOF)
		hcl_parser_fail(p, open,
		    "Unclosed template interpolation sequence: "
		    "there is no closing brace for this interpolation "
		    "sequence before the end of the file");
	else if (t == HCL_TOK_COLON)
		hcl_parser_fail(p, close,
		    "Extra characters after interpolation "
		    "expression: template interpolation doesn't expect a "
		    "colon here; to include a literal \"${\", write "
		    "\"$${\"");
	else if (t == HCL_TOK_CQUOTE || t == HCL_TOK_OQUOTE)
		hcl_parser_fail(p, open,
		    "Unclosed template interpolation sequence: "
		    "there is no closing brace for this interpolation "
		    "sequence before the end of the quoted template");
	else
		hcl_parser_fail(p, close,
		    "Extra characters after interpolation "
		    "expression: expected a closing brace to end the "
		    "interpolation expression, but found extra characters; "
		    "to include a literal \"${\", write \"$${\"");
	return -1;
}

static struct hcl_expr *parse_template_directive(struct hcl_parser *p,
    uint32_t open, enum hcl_token_type end, enum template_stop *stop,
    uint32_t *stop_tok);

/*
 * Parse template parts until the closing token (left unread) or an
 * else/endif/endfor directive (read). Parts are pushed on the scratch
 * stack. *stop is set to what ended them and *stop_tok to where.
 */
static int
parse_template_parts(struct hcl_parser *p, uint32_t open,
    enum hcl_token_type end, enum template_stop *stop, uint32_t *stop_tok)
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
			e = hcl_parser_literal(p, tok);
			break;
		case HCL_TOK_TEMPLATE_INTERP:
			next(p);
			saved = p->newlines;
			p->newlines = 0;
			e = hcl_expr_parse(p);
			if (e != NULL && expect_seq_end(p, tok, NULL) == -1)
				e = NULL;
			p->newlines = saved;
			break;
		case HCL_TOK_TEMPLATE_CONTROL:
			next(p);
			e = parse_template_directive(
			    p, tok, end, stop, stop_tok);
			if (e == NULL && !hc_error_is_set(&p->err))
				return 0;
			break;
		default:
			if (end == HCL_TOK_CHEREDOC)
				hcl_parser_fail(p, open,
				    "Unclosed heredoc: there is no "
				    "closing marker for this heredoc before "
				    "the end of the file");
			else
				hcl_parser_fail(p, open,
				    "Unterminated template string: "
				    "no closing quote was found for this "
				    "string before the end of the line");
			return -1;
		}
		if (e == NULL || hcl_parser_push_expr(p, e) == -1)
			return -1;
	}
}

/* A TEMPLATE node over the parts parsed from here to a stop. */
static struct hcl_expr *
parse_template_branch(struct hcl_parser *p, uint32_t open,
    enum hcl_token_type end, enum template_stop *stop, uint32_t *stop_tok)
{
	size_t mark = p->nexprs;
	uint32_t first = (uint32_t)p->pos;
	struct hcl_expr *e;

	if (parse_template_parts(p, open, end, stop, stop_tok) == -1)
		return NULL;
	e = hcl_parser_new_expr(p, HCL_EXPR_TEMPLATE, first, *stop_tok - 1);
	return hcl_parser_take_children(p, e, mark);
}

static const char *
position(const struct hcl_parser *p, uint32_t tok, char *buf, size_t size)
{
	snprintf(buf, size, "line %u, column %u", p->toks[tok].line,
	    p->toks[tok].column);
	return buf;
}

/* The rest of "%{ if cond }...%{ else }...%{ endif }" after the opener. */
static struct hcl_expr *
parse_template_if(struct hcl_parser *p, uint32_t open, enum hcl_token_type end)
{
	struct hcl_expr *cond, *yes, *no = NULL;
	enum template_stop stop;
	uint32_t stop_tok, close;
	char where[64];

	cond = hcl_expr_parse(p);
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
			return hcl_parser_fail(p, stop_tok,
			    "Unexpected else directive: "
			    "already in the else clause for the if started "
			    "at %s",
			    position(p, open, where, sizeof where));
	}
	if (stop == STOP_END)
		return hcl_parser_fail(p, stop_tok,
		    "Unexpected end of template: the if "
		    "directive at %s is missing its corresponding endif "
		    "directive",
		    position(p, open, where, sizeof where));
	if (stop != STOP_ENDIF)
		return hcl_parser_fail(p, stop_tok,
		    "Unexpected %s directive: expecting "
		    "an endif directive for the if started at %s",
		    stop_name(stop), position(p, open, where, sizeof where));
	close = (uint32_t)p->pos - 1;
	return hcl_parser_node(
	    p, HCL_EXPR_TEMPLATE_IF, open, close, cond, yes, no);
}

/* The rest of "%{ for k, v in coll }...%{ endfor }" after "for". */
static struct hcl_expr *
parse_template_for(struct hcl_parser *p, uint32_t open, enum hcl_token_type end)
{
	struct hcl_expr *coll, *body, *e;
	enum template_stop stop;
	uint32_t stop_tok, key = HCL_NO_TOKEN, value;
	char where[64];

	value = peek(p);
	if (tt(p, value) != HCL_TOK_IDENT)
		return hcl_parser_fail(p, value,
		    "Invalid 'for' directive: for directive "
		    "requires variable name after 'for'");
	next(p);
	if (tt(p, peek(p)) == HCL_TOK_COMMA) {
		next(p);
		key = value;
		value = peek(p);
		if (tt(p, value) != HCL_TOK_IDENT)
			return hcl_parser_fail(p, value,
			    "Invalid 'for' directive: for "
			    "directive requires value variable name after "
			    "comma");
		next(p);
	}
	if (!token_is(p, peek(p), "in"))
		return hcl_parser_fail(p, peek(p),
		    "Invalid 'for' directive: for "
		    "directive requires 'in' keyword after names");
	next(p);
	coll = hcl_expr_parse(p);
	if (coll == NULL || expect_seq_end(p, open, "for") == -1)
		return NULL;
	body = parse_template_branch(p, open, end, &stop, &stop_tok);
	if (body == NULL)
		return NULL;
	if (stop == STOP_END)
		return hcl_parser_fail(p, stop_tok,
		    "Unexpected end of template: the for "
		    "directive at %s is missing its corresponding endfor "
		    "directive",
		    position(p, open, where, sizeof where));
	if (stop != STOP_ENDFOR)
		return hcl_parser_fail(p, stop_tok,
		    "Unexpected %s directive: expecting "
		    "an endfor directive for the for started at %s",
		    stop_name(stop), position(p, open, where, sizeof where));
	e = hcl_parser_node(p, HCL_EXPR_TEMPLATE_FOR, open,
	    (uint32_t)p->pos - 1, coll, body, NULL);
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
parse_template_directive(struct hcl_parser *p, uint32_t open,
    enum hcl_token_type end, enum template_stop *stop, uint32_t *stop_tok)
{
	struct hcl_expr *e = NULL;
	uint32_t kw;
	int saved;

	saved = p->newlines;
	p->newlines = 0;
	/* Directives nest without a brace the lexer would count. */
	if (++p->depth > HCL_MAX_DEPTH) {
		hcl_parser_fail(p, open,
		    "Nesting too deep: more than %d "
		    "levels of nested template directives",
		    HCL_MAX_DEPTH);
		goto out;
	}
	kw = peek(p);
	if (tt(p, kw) != HCL_TOK_IDENT) {
		hcl_parser_fail(p, kw,
		    "Invalid template directive: a template "
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
		hcl_parser_fail(p, kw,
		    "Invalid template control keyword: \"%.*s\" is "
		    "not a valid template control keyword",
		    (int)n, text);
		goto out;
	}
	*stop_tok = open;
	expect_seq_end(p, open, stop_name(*stop));
out:
	p->depth--;
	p->newlines = saved;
	return e;
}

/* After the opening quote or heredoc token: the whole template. */
struct hcl_expr *
hcl_template_parse(struct hcl_parser *p)
{
	uint32_t open = next(p), stop_tok;
	enum hcl_token_type end;
	enum template_stop stop;
	size_t mark = p->nexprs;
	struct hcl_expr *e;

	end = tt(p, open) == HCL_TOK_OQUOTE ? HCL_TOK_CQUOTE : HCL_TOK_CHEREDOC;
	/* Most strings are one run of text, so make the node and its
	 * child in one allocation. Inside quotes there are no comments or newlines to
	 * skip, so the tokens follow each other. */
	if (end == HCL_TOK_CQUOTE && tt(p, open + 1) == HCL_TOK_QUOTED_LIT &&
	    tt(p, open + 2) == HCL_TOK_CQUOTE) {
		e = hcl_parser_literal(p, open + 1);
		if (e == NULL)
			return NULL;
		p->pos = (size_t)open + 3;
		return hcl_parser_node(p, HCL_EXPR_TEMPLATE, open, open + 2, e,
		    NULL, NULL);
	}
	if (parse_template_parts(p, open, end, &stop, &stop_tok) == -1)
		return NULL;
	if (stop != STOP_END)
		return hcl_parser_fail(p, stop_tok,
		    "Unexpected %s directive: the "
		    "control directives within this template are "
		    "unbalanced",
		    stop_name(stop));
	next(p);
	e = hcl_parser_new_expr(p,
	    end == HCL_TOK_CQUOTE ? HCL_EXPR_TEMPLATE : HCL_EXPR_HEREDOC, open,
	    stop_tok);
	return hcl_parser_take_children(p, e, mark);
}
