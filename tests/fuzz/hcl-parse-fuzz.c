/*
 * libFuzzer target for the HCL parser. Properties: parsing never crashes,
 * leaks or reads out of bounds; an error has a position inside the
 * input; a parsed file's tokens cover its bytes with only whitespace in
 * between; every node's tokens are in range; the queries run on every
 * attribute without crashing; parsing without the parser's shortcuts
 * gives the same tree or the same error.
 *
 * Build and run with tests/fuzz/run.sh hcl-parse SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/parse.h"
#include "core/hcl/parser.h"
#include "core/hcl/query.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,	\
		    #cond);						\
		abort();						\
	}								\
} while (0)

static void
check_covered(const struct hcl_file *f, const uint8_t *data, size_t size)
{
	size_t pos = f->has_bom ? 3 : 0, i;

	CHECK(f->len == size);
	CHECK(size == 0 || memcmp(f->src, data, size) == 0);
	CHECK(f->ntokens > 0);
	for (i = 0; i < f->ntokens; i++) {
		const struct hcl_token *t = &f->tokens[i];

		CHECK(t->offset >= pos);
		CHECK((size_t)t->offset + t->length <= size);
		for (; pos < t->offset; pos++)
			CHECK(f->src[pos] == ' ' || f->src[pos] == '\t' ||
			    f->src[pos] == '\r');
		pos = (size_t)t->offset + t->length;
		CHECK(t->line >= 1 && t->column >= 1);
		CHECK(t->length > 0 || t->type == HCL_TOK_EOF);
	}
	CHECK(pos == size);
	CHECK(f->tokens[f->ntokens - 1].type == HCL_TOK_EOF);
}

static int
count_reference(const struct hcl_file *file, const struct hcl_expr *e,
    const char *reference, void *data)
{
	(void)file;
	CHECK(e->type == HCL_EXPR_TRAVERSAL);
	CHECK(reference[0] != '\0');
	(*(size_t *)data)++;
	return 0;
}

static void
check_expr(const struct hcl_file *f, const struct hcl_expr *e, int depth)
{
	char buf[64];
	size_t i, refs = 0;

	CHECK(depth < 5000);
	CHECK(e->first < f->ntokens && e->last < f->ntokens);
	CHECK(e->first <= e->last + 1);
	for (i = 0; i < e->nchildren; i++) {
		CHECK(e->children[i] != NULL);
		check_expr(f, e->children[i], depth + 1);
	}
	hcl_expr_string(f, e, buf, sizeof buf);
	hcl_expr_reference(f, e, buf, sizeof buf);
	hcl_expr_reference(f, e, buf, 1);
	if (depth == 0)
		hcl_expr_each_reference(f, e, count_reference, &refs);
}

static void
check_body(const struct hcl_file *f, const struct hcl_body *b)
{
	char label[16];
	size_t i, k, cursor = 0;

	for (i = 0; i < b->nitems; i++) {
		const struct hcl_item *it = &b->items[i];

		CHECK(it->first <= it->last && it->last < f->ntokens);
		if (it->type == HCL_ITEM_ATTRIBUTE) {
			CHECK(hcl_token_is(f, it->equals, "="));
			check_expr(f, it->expr, 0);
			continue;
		}
		CHECK(hcl_token_is(f, it->open_brace, "{"));
		CHECK(hcl_token_is(f, it->close_brace, "}"));
		for (k = 0; k <= it->nlabels; k++)
			CHECK((hcl_block_label(f, it, k, label,
			    sizeof label) < 0) == (k == it->nlabels));
		check_body(f, &it->body);
	}
	while (hcl_body_next_block(f, b, &cursor, NULL, NULL, 0) != NULL)
		;
}

static void
check_same_expr(const struct hcl_expr *a, const struct hcl_expr *b)
{
	size_t i;

	CHECK(a->type == b->type);
	CHECK(a->first == b->first);
	CHECK(a->last == b->last);
	CHECK(a->name_token == b->name_token);
	CHECK(a->op_token == b->op_token);
	CHECK(a->expand == b->expand);
	CHECK(a->nchildren == b->nchildren);
	for (i = 0; i < a->nchildren; i++)
		check_same_expr(a->children[i], b->children[i]);
}

static void
check_same_body(const struct hcl_body *a, const struct hcl_body *b)
{
	size_t i;

	CHECK(a->nitems == b->nitems);
	for (i = 0; i < a->nitems; i++) {
		const struct hcl_item *x = &a->items[i], *y = &b->items[i];

		CHECK(x->type == y->type);
		CHECK(x->first == y->first);
		CHECK(x->last == y->last);
		if (x->type == HCL_ITEM_ATTRIBUTE) {
			CHECK(x->equals == y->equals);
			check_same_expr(x->expr, y->expr);
			continue;
		}
		CHECK(x->nlabels == y->nlabels);
		CHECK(x->nlabels == 0 || memcmp(x->labels, y->labels,
		    x->nlabels * sizeof *x->labels) == 0);
		CHECK(x->open_brace == y->open_brace);
		CHECK(x->close_brace == y->close_brace);
		check_same_body(&x->body, &y->body);
	}
}

/* Parse again by the full descent and compare with f, or with the
 * error err when f is NULL. */
static void
check_without_shortcuts(const struct hcl_file *f, const struct hc_error *err,
    const uint8_t *data, size_t size)
{
	struct hc_error full_err;
	struct hcl_file *full;

	hc_error_init(&full_err);
	hcl_parser_shortcuts = 0;
	full = hcl_parse("fuzz.tf", (const char *)data, size, &full_err);
	hcl_parser_shortcuts = 1;
	CHECK((f == NULL) == (full == NULL));
	if (full == NULL) {
		CHECK(err->line == full_err.line);
		CHECK(err->column == full_err.column);
		CHECK(strcmp(err->message, full_err.message) == 0);
		return;
	}
	check_same_body(&f->body, &full->body);
	hcl_file_free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hc_error err;
	struct hcl_file *f;

	hc_error_init(&err);
	f = hcl_parse("fuzz.tf", (const char *)data, size, &err);
	if (f == NULL) {
		CHECK(err.code == HC_ERR_PARSE);
		CHECK(err.line >= 1 && err.column >= 1);
		CHECK(strcmp(err.file, "fuzz.tf") == 0);
		CHECK(err.message[0] != '\0');
		check_without_shortcuts(NULL, &err, data, size);
		return 0;
	}
	check_without_shortcuts(f, &err, data, size);
	check_covered(f, data, size);
	check_body(f, &f->body);
	hcl_file_free(f);
	return 0;
}
