/*
 * libFuzzer target for the HCL parser. Properties: parsing never crashes,
 * leaks or reads out of bounds; an error has a position inside the
 * input; a parsed file's tokens cover its bytes with only whitespace in
 * between; every node's tokens are in range; the queries run on every
 * attribute without crashing.
 *
 * Build and run with tests/fuzz/run.sh hcl-parse SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/parse.h"
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
		return 0;
	}
	check_covered(f, data, size);
	check_body(f, &f->body);
	hcl_file_free(f);
	return 0;
}
