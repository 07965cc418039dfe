/*
 * Reading a parsed HCL file: items by name, decoded strings and labels,
 * references in canonical form.
 */
#include <stdlib.h>
#include <string.h>

#include "core/hcl/query.h"
#include "core/hcl/strlit.h"

const char *
hcl_token_text(const struct hcl_file *file, uint32_t tok, size_t *len)
{
	const struct hcl_token *t = &file->tokens[tok];

	if (len != NULL)
		*len = t->length;
	return file->src + t->offset;
}

int
hcl_token_is(const struct hcl_file *file, uint32_t tok, const char *text)
{
	const struct hcl_token *t;
	size_t n;

	if (tok >= file->ntokens)
		return 0;
	t = &file->tokens[tok];
	n = strlen(text);
	return t->length == n && memcmp(file->src + t->offset, text, n) == 0;
}

uint32_t
hcl_token_end(const struct hcl_file *file, uint32_t tok)
{
	return file->tokens[tok].offset + file->tokens[tok].length;
}

const struct hcl_item *
hcl_body_attribute(const struct hcl_file *file, const struct hcl_body *body,
    const char *name)
{
	size_t i;

	for (i = 0; i < body->nitems; i++)
		if (body->items[i].type == HCL_ITEM_ATTRIBUTE &&
		    hcl_token_is(file, body->items[i].first, name))
			return &body->items[i];
	return NULL;
}

/* The QUOTED_LIT of a quoted label at OQUOTE tok, or HCL_NO_TOKEN for an
 * empty label. */
static uint32_t
label_literal(const struct hcl_file *file, uint32_t tok)
{
	if (file->tokens[tok + 1].type == HCL_TOK_QUOTED_LIT)
		return tok + 1;
	return HCL_NO_TOKEN;
}

/* Decoded text of label tok into buf; returns the full length. */
static size_t
label_text(const struct hcl_file *file, uint32_t tok, char *buf, size_t size)
{
	const struct hcl_token *t = &file->tokens[tok];
	uint32_t lit;

	if (t->type == HCL_TOK_IDENT) {
		if (size > 0) {
			size_t n = t->length < size - 1 ? t->length : size - 1;

			memcpy(buf, file->src + t->offset, n);
			buf[n] = '\0';
		}
		return t->length;
	}
	lit = label_literal(file, tok);
	if (lit == HCL_NO_TOKEN) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	t = &file->tokens[lit];
	return hcl_strlit_decode(file->src + t->offset, t->length, 1, buf,
	    size);
}

static int
label_is(const struct hcl_file *file, uint32_t tok, const char *want)
{
	char small[256], *buf = small;
	size_t n, len, cap;
	int same;

	if (file->tokens[tok].type == HCL_TOK_IDENT)
		return hcl_token_is(file, tok, want);
	len = strlen(want);
	/* Decoding never makes a literal longer. */
	cap = file->tokens[tok + 1].length + 1;
	if (cap > sizeof small) {
		buf = malloc(cap);
		if (buf == NULL)
			return 0;
	}
	n = label_text(file, tok, buf, cap);
	same = n == len && memcmp(buf, want, len) == 0;
	if (buf != small)
		free(buf);
	return same;
}

const struct hcl_item *
hcl_body_next_block(const struct hcl_file *file, const struct hcl_body *body,
    size_t *cursor, const char *type, const char *const *labels,
    size_t nlabels)
{
	size_t i, k;

	for (i = *cursor; i < body->nitems; i++) {
		const struct hcl_item *it = &body->items[i];

		if (it->type != HCL_ITEM_BLOCK)
			continue;
		if (type != NULL && !hcl_token_is(file, it->first, type))
			continue;
		if (it->nlabels < nlabels)
			continue;
		for (k = 0; k < nlabels; k++)
			if (labels[k] != NULL &&
			    !label_is(file, it->labels[k], labels[k]))
				break;
		if (k < nlabels)
			continue;
		*cursor = i + 1;
		return it;
	}
	*cursor = body->nitems;
	return NULL;
}

int
hcl_block_label(const struct hcl_file *file, const struct hcl_item *block,
    size_t i, char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	if (block->type != HCL_ITEM_BLOCK || i >= block->nlabels)
		return -1;
	return (int)label_text(file, block->labels[i], buf, size);
}

/* Leading whitespace of a heredoc line, in characters. */
static size_t
indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static int
blank_line(const char *s, size_t n)
{
	size_t i = indent_of(s, n);

	if (i < n && s[i] == '\r')
		i++;
	return i == n - 1 && s[i] == '\n';
}

/*
 * The indentation <<- removes: the smallest of the lines that are not
 * blank (HCL leaves blank lines alone).
 */
static size_t
flush_indent(const struct hcl_file *file, const struct hcl_expr *expr)
{
	size_t i, min = (size_t)-1;

	for (i = 0; i < expr->nchildren; i++) {
		const struct hcl_token *t;
		const char *s;
		size_t n;

		t = &file->tokens[expr->children[i]->first];
		s = file->src + t->offset;
		if (blank_line(s, t->length))
			continue;
		n = indent_of(s, t->length);
		if (n < min)
			min = n;
	}
	return min == (size_t)-1 ? 0 : min;
}

int
hcl_expr_string(const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size)
{
	size_t i, at = 0, strip = 0;
	int quoted;

	if (size > 0)
		buf[0] = '\0';
	if (expr->type != HCL_EXPR_TEMPLATE && expr->type != HCL_EXPR_HEREDOC)
		return -1;
	for (i = 0; i < expr->nchildren; i++)
		if (expr->children[i]->type != HCL_EXPR_LITERAL)
			return -1;
	quoted = expr->type == HCL_EXPR_TEMPLATE;
	if (!quoted && file->src[file->tokens[expr->first].offset + 2] == '-')
		strip = flush_indent(file, expr);
	for (i = 0; i < expr->nchildren; i++) {
		const struct hcl_token *t;
		const char *s;
		size_t n, cut = 0;

		t = &file->tokens[expr->children[i]->first];
		s = file->src + t->offset;
		n = t->length;
		if (strip > 0 && !blank_line(s, n))
			cut = strip;
		at += hcl_strlit_decode(s + cut, n - cut, quoted,
		    at < size ? buf + at : NULL, at < size ? size - at : 0);
	}
	if (size > 0 && at >= size)
		buf[size - 1] = '\0';
	return (int)at;
}

/* Append n bytes to buf at *at, truncating; *at counts every byte. */
static void
append(char *buf, size_t size, size_t *at, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, (*at)++)
		if (*at + 1 < size)
			buf[*at] = s[i];
}

/* The canonical text of a traversal, or -1 when it has other parts. */
static int
traversal_text(const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size)
{
	size_t at = 0;
	uint32_t i;

	for (i = expr->first; i <= expr->last; i++) {
		const struct hcl_token *t = &file->tokens[i];
		const char *s = file->src + t->offset;

		switch (t->type) {
		case HCL_TOK_COMMENT:
		case HCL_TOK_NEWLINE:
			continue;
		case HCL_TOK_NUMBER:
			/* The legacy a.0 is written a[0]. */
			if (file->tokens[i - 1].type == HCL_TOK_DOT) {
				at--;
				append(buf, size, &at, "[", 1);
				append(buf, size, &at, s, t->length);
				append(buf, size, &at, "]", 1);
				continue;
			}
			break;
		case HCL_TOK_IDENT:
		case HCL_TOK_DOT:
		case HCL_TOK_LBRACK:
		case HCL_TOK_RBRACK:
		case HCL_TOK_OQUOTE:
		case HCL_TOK_QUOTED_LIT:
		case HCL_TOK_CQUOTE:
			break;
		default:
			return -1;
		}
		append(buf, size, &at, s, t->length);
	}
	if (size > 0)
		buf[at < size ? at : size - 1] = '\0';
	return (int)at;
}

int
hcl_expr_reference(const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size)
{
	if (size > 0)
		buf[0] = '\0';
	if (expr->type == HCL_EXPR_TEMPLATE && expr->nchildren == 1 &&
	    expr->children[0]->type == HCL_EXPR_TRAVERSAL)
		expr = expr->children[0];
	if (expr->type != HCL_EXPR_TRAVERSAL)
		return -1;
	return traversal_text(file, expr, buf, size);
}

/* Names bound by enclosing for expressions and directives. */
struct scope {
	const struct scope *up;
	uint32_t vars[2];
};

static int
bound(const struct hcl_file *file, const struct scope *scope, uint32_t tok)
{
	const struct hcl_token *t = &file->tokens[tok];
	const struct hcl_token *v;
	int k;

	for (; scope != NULL; scope = scope->up)
		for (k = 0; k < 2; k++) {
			if (scope->vars[k] == HCL_NO_TOKEN)
				continue;
			v = &file->tokens[scope->vars[k]];
			if (v->length == t->length && memcmp(file->src +
			    v->offset, file->src + t->offset, t->length) == 0)
				return 1;
		}
	return 0;
}

static int
visit_traversal(const struct hcl_file *file, const struct hcl_expr *expr,
    const struct scope *scope, hcl_reference_fn fn, void *data)
{
	char small[512], *buf = small;
	int n, rc;

	if (bound(file, scope, expr->first))
		return 0;
	n = traversal_text(file, expr, small, sizeof small);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof small) {
		buf = malloc((size_t)n + 1);
		if (buf == NULL)
			return 0;
		traversal_text(file, expr, buf, (size_t)n + 1);
	}
	rc = fn(file, expr, buf, data);
	if (buf != small)
		free(buf);
	return rc;
}

static int
each_reference(const struct hcl_file *file, const struct hcl_expr *expr,
    const struct scope *scope, hcl_reference_fn fn, void *data)
{
	struct scope inner;
	size_t i;
	int rc;

	switch (expr->type) {
	case HCL_EXPR_TRAVERSAL:
		return visit_traversal(file, expr, scope, fn, data);
	case HCL_EXPR_FOR:
	case HCL_EXPR_TEMPLATE_FOR:
		/* The collection sees the outer names only. */
		rc = each_reference(file, expr->children[0], scope, fn, data);
		if (rc != 0)
			return rc;
		inner.up = scope;
		inner.vars[0] = expr->name_token;
		inner.vars[1] = expr->op_token;
		for (i = 1; i < expr->nchildren; i++) {
			rc = each_reference(file, expr->children[i], &inner,
			    fn, data);
			if (rc != 0)
				return rc;
		}
		return 0;
	default:
		break;
	}
	for (i = 0; i < expr->nchildren; i++) {
		const struct hcl_expr *child = expr->children[i];

		/* A bare object key is a name, not a reference. */
		if (expr->type == HCL_EXPR_OBJECT && i % 2 == 0 &&
		    child->type == HCL_EXPR_TRAVERSAL &&
		    child->first == child->last)
			continue;
		rc = each_reference(file, child, scope, fn, data);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
hcl_expr_each_reference(const struct hcl_file *file,
    const struct hcl_expr *expr, hcl_reference_fn fn, void *data)
{
	return each_reference(file, expr, NULL, fn, data);
}
