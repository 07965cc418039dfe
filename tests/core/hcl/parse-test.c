/* Tests for core/hcl/lex.c and core/hcl/parse.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/hcl/lex.h"
#include "core/hcl/parse.h"
#include "core/hcl/query.h"

static struct hcl_file *
parse_ok(const char *src)
{
	struct hc_error err;
	struct hcl_file *f;

	hc_error_init(&err);
	f = hcl_parse("t.tf", src, strlen(src), &err);
	if (f == NULL)
		fail_msg("parse failed: %d:%d: %s\n--- input:\n%s", err.line,
		    err.column, err.message, src);
	return f;
}

/* Parse src expecting an error at line:column whose message contains
 * part. */
static void
parse_fails(const char *src, int line, int column, const char *part)
{
	struct hc_error err;
	struct hcl_file *f;

	hc_error_init(&err);
	f = hcl_parse("bad.tf", src, strlen(src), &err);
	if (f != NULL) {
		hcl_file_free(f);
		fail_msg("parsed, expected \"%s\":\n%s", part, src);
	}
	assert_int_equal(err.code, HC_ERR_PARSE);
	assert_string_equal(err.file, "bad.tf");
	if (err.line != line || err.column != column ||
	    strstr(err.message, part) == NULL)
		fail_msg("got %d:%d: %s\nwant %d:%d: ...%s...\n--- input:\n%s",
		    err.line, err.column, err.message, line, column, part, src);
}

/* Every byte is in a token or is horizontal whitespace. */
static void
assert_covered(const struct hcl_file *f)
{
	size_t pos = f->has_bom ? 3 : 0, i;

	for (i = 0; i < f->ntokens; i++) {
		const struct hcl_token *t = &f->tokens[i];

		assert_true(t->offset >= pos);
		for (; pos < t->offset; pos++)
			assert_true(f->src[pos] == ' ' || f->src[pos] == '\t' ||
			    f->src[pos] == '\r');
		pos = (size_t)t->offset + t->length;
	}
	assert_int_equal(pos, f->len);
	assert_int_equal(f->tokens[f->ntokens - 1].type, HCL_TOK_EOF);
}

static const struct hcl_expr *
attr_expr(const struct hcl_file *f, const char *name)
{
	const struct hcl_item *it = hcl_body_attribute(f, &f->body, name);

	assert_non_null(it);
	return it->expr;
}

/* Token types of src, up to EOF, as a space-separated string of names. */
static void
assert_tokens(const char *src, const enum hcl_token_type *want, size_t n)
{
	struct hcl_file *f = parse_ok(src);
	size_t i;

	assert_covered(f);
	for (i = 0; i < n && i < f->ntokens; i++)
		if (f->tokens[i].type != want[i])
			fail_msg("token %zu of %s: got %s, want %s", i, src,
			    hcl_lex_token_name(f->tokens[i].type),
			    hcl_lex_token_name(want[i]));
	assert_int_equal(f->ntokens, n);
	hcl_file_free(f);
}

static void
tokens_of_an_attribute(void **state)
{
	static const enum hcl_token_type want[] = {
		HCL_TOK_IDENT, HCL_TOK_EQUAL, HCL_TOK_OQUOTE,
		HCL_TOK_QUOTED_LIT, HCL_TOK_TEMPLATE_INTERP, HCL_TOK_IDENT,
		HCL_TOK_DOT, HCL_TOK_IDENT, HCL_TOK_TEMPLATE_SEQ_END,
		HCL_TOK_CQUOTE, HCL_TOK_COMMENT, HCL_TOK_NEWLINE, HCL_TOK_EOF,
	};

	(void)state;
	assert_tokens("a = \"x-${var.y}\" # note\n", want,
	    sizeof want / sizeof want[0]);
}

static void
tokens_of_operators(void **state)
{
	static const enum hcl_token_type want[] = {
		HCL_TOK_IDENT, HCL_TOK_EQUAL, HCL_TOK_NUMBER, HCL_TOK_EQUAL_OP,
		HCL_TOK_NUMBER, HCL_TOK_AND, HCL_TOK_NUMBER, HCL_TOK_NOT_EQUAL,
		HCL_TOK_NUMBER, HCL_TOK_OR, HCL_TOK_NUMBER, HCL_TOK_LESS_EQUAL,
		HCL_TOK_NUMBER, HCL_TOK_OR, HCL_TOK_NUMBER,
		HCL_TOK_GREATER_EQUAL, HCL_TOK_NUMBER, HCL_TOK_OR,
		HCL_TOK_NUMBER, HCL_TOK_LESS, HCL_TOK_NUMBER, HCL_TOK_OR,
		HCL_TOK_BANG, HCL_TOK_LPAREN, HCL_TOK_NUMBER, HCL_TOK_GREATER,
		HCL_TOK_NUMBER, HCL_TOK_STAR, HCL_TOK_NUMBER, HCL_TOK_SLASH,
		HCL_TOK_NUMBER, HCL_TOK_PERCENT, HCL_TOK_NUMBER, HCL_TOK_PLUS,
		HCL_TOK_MINUS, HCL_TOK_NUMBER, HCL_TOK_RPAREN, HCL_TOK_EOF,
	};

	(void)state;
	assert_tokens("x = 1 == 2.5 && 3e4 != 5E-6 || 7 <= 8 || 9 >= 1 || "
	    "2 < 3 || !(4 > 5 * 6 / 7 % 8 + -9)", want,
	    sizeof want / sizeof want[0]);
}

static void
tokens_of_heredoc(void **state)
{
	static const enum hcl_token_type want[] = {
		HCL_TOK_IDENT, HCL_TOK_EQUAL, HCL_TOK_OHEREDOC,
		HCL_TOK_STRING_LIT, HCL_TOK_TEMPLATE_INTERP, HCL_TOK_IDENT,
		HCL_TOK_TEMPLATE_SEQ_END, HCL_TOK_STRING_LIT,
		HCL_TOK_CHEREDOC, HCL_TOK_NEWLINE, HCL_TOK_EOF,
	};
	struct hcl_file *f;

	(void)state;
	assert_tokens("p = <<-EOT\n  a ${b}\n  EOT\n", want,
	    sizeof want / sizeof want[0]);
	f = parse_ok("p = <<-EOT\n  a ${b}\n  EOT\n");
	/* The end marker token keeps its indentation. */
	assert_true(hcl_token_is(f, 8, "  EOT"));
	assert_int_equal(f->tokens[8].line, 3);
	assert_int_equal(f->tokens[8].column, 1);
	hcl_file_free(f);
}

static void
crlf_bom_and_tabs_are_covered(void **state)
{
	const char *src = "\xef\xbb\xbf" "a\t= 1   \r\n"
	    "b = <<EOF\r\nx\r\n  EOF  \r\n"
	    "c {\r\n\td = \"e\" // c\r\n}\r\n";
	struct hcl_file *f;

	(void)state;
	f = parse_ok(src);
	assert_covered(f);
	assert_true(f->has_bom);
	assert_true(f->crlf);
	assert_int_equal(f->tokens[0].column, 1);
	assert_int_equal(f->body.nitems, 3);
	/* The newline after a comment is its own token, "\r\n" whole. */
	assert_true(hcl_token_is(f, f->body.items[2].body.items[0].last + 2,
	    "\r\n"));
	hcl_file_free(f);
}

static void
body_shape(void **state)
{
	struct hcl_file *f;
	const struct hcl_item *r, *b;

	(void)state;
	f = parse_ok("resource \"aws_x\" y {\n  a = 1\n\n  inner {}\n"
	    "  one { k = \"v\" }\n}\n");
	assert_int_equal(f->body.nitems, 1);
	r = &f->body.items[0];
	assert_int_equal(r->type, HCL_ITEM_BLOCK);
	assert_int_equal(r->nlabels, 2);
	assert_int_equal(f->tokens[r->labels[0]].type, HCL_TOK_OQUOTE);
	assert_int_equal(f->tokens[r->labels[1]].type, HCL_TOK_IDENT);
	assert_true(hcl_token_is(f, r->open_brace, "{"));
	assert_true(hcl_token_is(f, r->close_brace, "}"));
	assert_int_equal(r->last, r->close_brace);
	assert_int_equal(r->body.nitems, 3);
	assert_int_equal(r->body.items[0].type, HCL_ITEM_ATTRIBUTE);
	assert_true(hcl_token_is(f, r->body.items[0].equals, "="));
	assert_int_equal(r->body.items[0].last, r->body.items[0].expr->last);
	b = &r->body.items[1];
	assert_int_equal(b->body.nitems, 0);
	b = &r->body.items[2];
	assert_int_equal(b->body.nitems, 1);
	assert_int_equal(b->body.items[0].expr->type, HCL_EXPR_TEMPLATE);
	hcl_file_free(f);
}

static void
expression_shapes(void **state)
{
	struct hcl_file *f;
	const struct hcl_expr *e;

	(void)state;
	f = parse_ok("a = x ? 1 + 2 * 3 : -y.z[0]\n"
	    "b = [for k, v in m : v if k != \"\"]\n"
	    "c = {for k, v in m : k => v...}\n"
	    "d = f(1, [2]...)\n"
	    "e = g().h[\"i\"]\n"
	    "f = a.b[*].c[var.i]\n"
	    "g = a.*.b\n"
	    "h = a[var.k].b\n"
	    "i = (1)\n"
	    "j = {\n  k = 1\n  l = 2, m = 3\n}\n"
	    "k = a.0.b\n");
	e = attr_expr(f, "a");
	assert_int_equal(e->type, HCL_EXPR_CONDITIONAL);
	assert_int_equal(e->nchildren, 3);
	assert_int_equal(e->children[1]->type, HCL_EXPR_BINARY);
	assert_true(hcl_token_is(f, e->children[1]->op_token, "+"));
	assert_int_equal(e->children[1]->children[1]->type, HCL_EXPR_BINARY);
	assert_int_equal(e->children[2]->type, HCL_EXPR_UNARY);
	assert_int_equal(e->children[2]->children[0]->type,
	    HCL_EXPR_TRAVERSAL);

	e = attr_expr(f, "b");
	assert_int_equal(e->type, HCL_EXPR_FOR);
	assert_int_equal(e->nchildren, 3);
	assert_true(hcl_token_is(f, e->name_token, "v"));
	assert_true(hcl_token_is(f, e->op_token, "k"));

	e = attr_expr(f, "c");
	assert_int_equal(e->type, HCL_EXPR_FOR);
	assert_int_equal(e->nchildren, 3);
	assert_true(e->expand);

	e = attr_expr(f, "d");
	assert_int_equal(e->type, HCL_EXPR_CALL);
	assert_int_equal(e->nchildren, 2);
	assert_true(e->expand);
	assert_true(hcl_token_is(f, e->name_token, "f"));

	e = attr_expr(f, "e");
	assert_int_equal(e->type, HCL_EXPR_INDEX);
	assert_int_equal(e->children[0]->type, HCL_EXPR_GETATTR);
	assert_int_equal(e->children[0]->children[0]->type, HCL_EXPR_CALL);

	e = attr_expr(f, "f");
	assert_int_equal(e->type, HCL_EXPR_SPLAT);
	assert_int_equal(e->nchildren, 2);
	assert_int_equal(e->children[0]->type, HCL_EXPR_TRAVERSAL);
	assert_true(hcl_token_is(f, e->last, "]"));

	e = attr_expr(f, "g");
	assert_int_equal(e->type, HCL_EXPR_SPLAT);
	assert_true(hcl_token_is(f, e->last, "b"));

	e = attr_expr(f, "h");
	assert_int_equal(e->type, HCL_EXPR_GETATTR);
	assert_int_equal(e->children[0]->type, HCL_EXPR_INDEX);

	e = attr_expr(f, "i");
	assert_int_equal(e->type, HCL_EXPR_PARENS);

	e = attr_expr(f, "j");
	assert_int_equal(e->type, HCL_EXPR_OBJECT);
	assert_int_equal(e->nchildren, 6);

	e = attr_expr(f, "k");
	assert_int_equal(e->type, HCL_EXPR_TRAVERSAL);
	hcl_file_free(f);
}

static void
template_shapes(void **state)
{
	struct hcl_file *f;
	const struct hcl_expr *e;

	(void)state;
	f = parse_ok("a = \"x%{ if c }y%{ else }z%{ endif }\"\n"
	    "b = <<EOT\n%{ for i, v in l ~}\n${v}\n%{~ endfor }\nEOT\n"
	    "c = \"\"\n");
	e = attr_expr(f, "a");
	assert_int_equal(e->type, HCL_EXPR_TEMPLATE);
	assert_int_equal(e->nchildren, 2);
	assert_int_equal(e->children[1]->type, HCL_EXPR_TEMPLATE_IF);
	assert_int_equal(e->children[1]->nchildren, 3);
	assert_int_equal(e->children[1]->children[1]->nchildren, 1);
	assert_true(hcl_token_is(f, e->children[1]->last, "}"));

	e = attr_expr(f, "b");
	assert_int_equal(e->type, HCL_EXPR_HEREDOC);
	assert_int_equal(e->children[0]->type, HCL_EXPR_TEMPLATE_FOR);
	assert_int_equal(e->children[0]->nchildren, 2);
	assert_true(hcl_token_is(f, e->children[0]->name_token, "v"));

	e = attr_expr(f, "c");
	assert_int_equal(e->nchildren, 0);
	hcl_file_free(f);
}

static void
newlines_inside_brackets(void **state)
{
	struct hcl_file *f;

	(void)state;
	f = parse_ok("a = [\n  1,\n  2\n]\nb = f(\n  1,\n  2,\n)\n"
	    "c = (\n 1 +\n 2\n)\nd = x[\n0\n]\n"
	    "e = [for x in y :\n x]\n");
	assert_covered(f);
	assert_int_equal(f->body.nitems, 5);
	hcl_file_free(f);
}

static void
unclosed_block_names_its_line(void **state)
{
	const char *src =
	    "provider \"aws\" {\n"
	    "  region = \"us-east-1\"\n"
	    "}\n"
	    "\n"
	    "resource \"aws_codebuild_project\" \"quotes\" {\n"
	    "  name = \"quotes\"\n"
	    "\n"
	    "  environment {\n"
	    "    image = \"x\"\n"
	    "    environment_variable {\n"
	    "      name = \"A\"\n"
	    "    }\n"
	    "\n"
	    "  source {\n"
	    "    type = \"GITHUB\"\n"
	    "  }\n"
	    "}\n";
	struct hc_error err;

	(void)state;
	parse_fails(src, 5, 43, "Unclosed configuration block");
	hc_error_init(&err);
	assert_null(hcl_parse("main.tf", src, strlen(src), &err));
	assert_non_null(strstr(err.hint, "line 8"));
	assert_non_null(strstr(err.hint, "after line 12"));
}

static void
error_positions(void **state)
{
	(void)state;
	parse_fails("a = \n", 1, 5, "Invalid expression");
	parse_fails("a = ", 1, 5, "Missing expression");
	parse_fails("a {\n  b = 1\n", 1, 3, "Unclosed configuration block");
	parse_fails("\"a\" = 1\n", 1, 1, "Invalid argument name");
	parse_fails("a b = 1\n", 1, 5, "Invalid block definition");
	parse_fails("a\n", 1, 1, "Argument or block definition required");
	parse_fails("}\n", 1, 1, "Argument or block definition required");
	parse_fails("a = 1 b = 2\n", 1, 7, "Missing newline after argument");
	parse_fails("a = 1, b = 2\n", 1, 6, "Unexpected comma");
	parse_fails("a = \"abc\n", 1, 9, "Invalid multi-line string");
	parse_fails("a = \"abc", 1, 5, "Unterminated template string");
	parse_fails("a = <<EOF\nabc\n", 1, 5, "Unclosed heredoc");
	parse_fails("a = <<EOF\nabc\nEOF", 1, 5, "Unclosed heredoc");
	parse_fails("a = \"\\q\"\n", 1, 6, "Invalid escape sequence");
	parse_fails("a = \"\\u12\"\n", 1, 6, "four hexadecimal digits");
	parse_fails("a = 'x'\n", 1, 5, "single quotes");
	parse_fails("a = 1;\n", 1, 6, "Invalid character");
	parse_fails("a = 1 & 2\n", 1, 7, "Unsupported operator");
	parse_fails("a = \xe2\x80\x9cx\xe2\x80\x9d\n", 1, 5, "curly quotes");
	parse_fails("a = \"\xff\"\n", 1, 6, "Invalid character encoding");
	parse_fails("a = 1\na = 2\n", 2, 1, "Attribute redefined");
	parse_fails("a { b = 1, c = 2 }\n", 1, 10, "Invalid single-argument");
	parse_fails("a { b = 1\n}\n", 1, 10, "Invalid single-argument");
	parse_fails("a { b {} }\n", 1, 5, "Argument definition required");
	parse_fails("a {} b {}\n", 1, 6, "Missing newline after block");
	parse_fails("a = [1 2]\n", 1, 8, "Missing item separator");
	parse_fails("a = [1\n", 1, 5, "Unterminated tuple");
	parse_fails("a = [1,\n", 2, 1, "Missing expression");
	parse_fails("a = {b = 1 c = 2}\n", 1, 12,
	    "Missing attribute separator");
	parse_fails("a = {b 1}\n", 1, 8, "Missing key/value separator");
	parse_fails("a = f(1 2)\n", 1, 9, "Missing argument separator");
	parse_fails("a = f(1\n", 1, 5, "Unterminated function call");
	parse_fails("a = (1\n", 2, 1, "Unbalanced parentheses");
	parse_fails("a = x ? 1\n", 1, 10, "Missing false expression");
	parse_fails("a = [for x in y: k => x]\n", 1, 18, "key expression is "
	    "not valid");
	parse_fails("a = {for x in y: x}\n", 1, 18, "key expression is "
	    "required");
	parse_fails("a = x.\n", 1, 7, "Invalid attribute name");
	parse_fails("a = x.0.1\n", 1, 7, "Invalid legacy index");
	parse_fails("a = 1.2.3\n", 1, 5, "Invalid number literal");
	parse_fails("a = \"${x\"\n", 1, 10, "Invalid multi-line string");
	parse_fails("a = \"${x\"", 1, 6, "Unclosed template interpolation");
	parse_fails("a = \"${x y}\"\n", 1, 10, "Extra characters after "
	    "interpolation");
	parse_fails("a = \"%{if x}y\"\n", 1, 14, "missing its corresponding "
	    "endif");
	parse_fails("a = \"%{endif}\"\n", 1, 6, "Unexpected endif");
	parse_fails("a = \"%{bogus}\"\n", 1, 8, "Invalid template control "
	    "keyword");
	parse_fails("a \"${x}\" {}\n", 1, 4, "Invalid string literal");
	parse_fails("/* x\n", 1, 1, "Unterminated comment");
	parse_fails("a = 1\r2\n", 1, 6, "Invalid character");
	parse_fails("a = b[*\n", 1, 8, "Missing close bracket on splat");
	parse_fails("a = b[1\n", 2, 1, "Missing close bracket on index");
}

static void
provider_function_names(void **state)
{
	struct hcl_file *f;
	const struct hcl_expr *e;

	(void)state;
	f = parse_ok("a = provider::aws::arn_parse(var.x).region\n");
	e = attr_expr(f, "a");
	assert_int_equal(e->type, HCL_EXPR_GETATTR);
	e = e->children[0];
	assert_int_equal(e->type, HCL_EXPR_CALL);
	assert_true(hcl_token_is(f, e->name_token, "provider"));
	assert_true(hcl_token_is(f, e->op_token, "("));
	assert_true(hcl_token_is(f, e->op_token - 1, "arn_parse"));
	assert_int_equal(e->nchildren, 1);
	hcl_file_free(f);
	parse_fails("a = provider::aws\n", 1, 18, "Missing function call");
	parse_fails("a = provider::(1)\n", 1, 15, "Missing function name");
	/* Colons apart are no scope operator. */
	parse_fails("a = b: :c()\n", 1, 6, "Missing newline");
}

static void
redefined_attribute_in_large_body(void **state)
{
	char src[1024];
	size_t at = 0;
	int i;

	(void)state;
	/* Sixteen or more items take the sorting path. */
	for (i = 0; i < 30; i++)
		at += (size_t)snprintf(src + at, sizeof src - at,
		    "a%02d = %d\n", i, i);
	snprintf(src + at, sizeof src - at, "b {}\na07 = 1\na03 = 2\n");
	parse_fails(src, 32, 1, "Attribute redefined");
	/* The same name as a block is no redefinition. */
	snprintf(src + at, sizeof src - at, "a07 {}\n");
	hcl_file_free(parse_ok(src));
	/* An earlier redefinition wins over a later syntax error. */
	parse_fails("x {\n  a = 1\n  a = 2\n}\ny = = 1\n", 3, 3,
	    "Attribute redefined");
	parse_fails("y = = 1\nx {\n  a = 1\n  a = 2\n}\n", 1, 5,
	    "Invalid expression");
}

/* "x = " and n levels of brackets around 1, parsed. */
static struct hcl_file *
brackets(size_t n, struct hc_error *err)
{
	char *src = malloc(2 * n + 16);
	struct hcl_file *f;
	size_t at, i;

	assert_non_null(src);
	at = (size_t)sprintf(src, "x = ");
	for (i = 0; i < n; i++)
		src[at++] = '[';
	src[at++] = '1';
	for (i = 0; i < n; i++)
		src[at++] = ']';
	src[at++] = '\n';
	hc_error_init(err);
	f = hcl_parse("deep.tf", src, at, err);
	free(src);
	return f;
}

static void
nesting_limit_is_1000_levels(void **state)
{
	struct hc_error err;
	struct hcl_file *f;

	(void)state;
	/* 999 brackets and the value inside: 1000 levels of expressions. */
	f = brackets(999, &err);
	assert_non_null(f);
	hcl_file_free(f);
	f = brackets(1000, &err);
	assert_null(f);
	assert_non_null(strstr(err.message, "more than 1000 levels"));
}

static void
deep_nesting_is_refused(void **state)
{
	size_t n = 200000, i;
	char *src = malloc(n * 2 + 16);
	struct hc_error err;
	struct hcl_file *f;

	(void)state;
	assert_non_null(src);
	/* Parentheses, brackets, unary minus and braces each. */
	{
		static const char opens[] = "([-{";
		static const char closes[] = ")] }";
		size_t k;

		for (k = 0; k < 4; k++) {
			size_t at;

			memcpy(src, "a = ", 4);
			at = 4;
			for (i = 0; i < n; i++)
				src[at++] = opens[k];
			src[at++] = '1';
			for (i = 0; i < n && closes[k] != ' '; i++)
				src[at++] = closes[k];
			hc_error_init(&err);
			f = hcl_parse("deep.tf", src, at, &err);
			assert_null(f);
			assert_non_null(strstr(err.message, "too deep"));
		}
	}
	free(src);
}

static void
long_flat_inputs_do_not_recurse(void **state)
{
	size_t n = 100000, at, i;
	char *src = malloc(n * 8 + 64);
	struct hc_error err;
	struct hcl_file *f;

	(void)state;
	assert_non_null(src);
	/* Splat after splat: every one is a step of the first. */
	at = (size_t)sprintf(src, "a = b");
	for (i = 0; i < n; i++)
		at += (size_t)sprintf(src + at, "[*]");
	at += (size_t)sprintf(src + at, ".c\n");
	f = parse_ok(src);
	assert_int_equal(f->body.items[0].expr->type, HCL_EXPR_SPLAT);
	hcl_file_free(f);
	/* Directives nest without braces: refused past the limit. */
	at = (size_t)sprintf(src, "a = \"");
	for (i = 0; i < n / 10; i++)
		at += (size_t)sprintf(src + at, "%%{if x}");
	at += (size_t)sprintf(src + at, "\"\n");
	hc_error_init(&err);
	assert_null(hcl_parse("deep.tf", src, at, &err));
	assert_non_null(strstr(err.message, "too deep"));
	free(src);
}

static void
empty_and_comment_only_files(void **state)
{
	struct hcl_file *f;

	(void)state;
	f = parse_ok("");
	assert_int_equal(f->ntokens, 1);
	hcl_file_free(f);
	f = parse_ok("# only\n/* a\nb */\n// c");
	assert_covered(f);
	assert_int_equal(f->body.nitems, 0);
	hcl_file_free(f);
}

static void
parse_file_reads_and_names(void **state)
{
	char path[] = "/tmp/hcl-parse-test-XXXXXX";
	struct hc_error err;
	struct hcl_file *f;
	FILE *fp;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fputs("a = {\n", fp);
	fclose(fp);
	hc_error_init(&err);
	f = hcl_parse_file(path, "shown.tf", &err);
	assert_null(f);
	assert_string_equal(err.file, "shown.tf");
	assert_int_equal(err.line, 2);
	assert_int_equal(err.column, 1);
	assert_non_null(strstr(err.message, "Missing expression"));
	unlink(path);
	hc_error_init(&err);
	assert_null(hcl_parse_file(path, NULL, &err));
	assert_int_equal(err.code, HC_ERR_IO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens_of_an_attribute),
		cmocka_unit_test(tokens_of_operators),
		cmocka_unit_test(tokens_of_heredoc),
		cmocka_unit_test(crlf_bom_and_tabs_are_covered),
		cmocka_unit_test(body_shape),
		cmocka_unit_test(expression_shapes),
		cmocka_unit_test(template_shapes),
		cmocka_unit_test(newlines_inside_brackets),
		cmocka_unit_test(unclosed_block_names_its_line),
		cmocka_unit_test(error_positions),
		cmocka_unit_test(provider_function_names),
		cmocka_unit_test(redefined_attribute_in_large_body),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(nesting_limit_is_1000_levels),
		cmocka_unit_test(long_flat_inputs_do_not_recurse),
		cmocka_unit_test(empty_and_comment_only_files),
		cmocka_unit_test(parse_file_reads_and_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
