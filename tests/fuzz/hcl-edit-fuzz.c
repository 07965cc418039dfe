/*
 * libFuzzer target for the HCL edit operations. The first byte of an
 * input chooses the operations, the rest is an HCL file. On a file that
 * parses, no operation may crash, leak or read out of bounds. The edited
 * text must parse again, so hcl_edits_apply() never fails with
 * HC_ERR_INTERNAL, its error for a result that does not parse.
 *
 * Build and run with tests/fuzz/run.sh hcl-edit SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/edit.h"
#include "core/hcl/parse.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__,	\
		    #cond);						\
		abort();						\
	}								\
} while (0)

/* The first expression of type in e or below, depth first. */
static const struct hcl_expr *
find_expr(const struct hcl_expr *e, enum hcl_expr_type type)
{
	const struct hcl_expr *found;
	size_t i;

	if (e == NULL)
		return NULL;
	if (e->type == type)
		return e;
	for (i = 0; i < e->nchildren; i++) {
		found = find_expr(e->children[i], type);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* The first block of body, or NULL. */
static const struct hcl_item *
first_block(const struct hcl_body *body)
{
	size_t i;

	for (i = 0; i < body->nitems; i++)
		if (body->items[i].type == HCL_ITEM_BLOCK)
			return &body->items[i];
	return NULL;
}

/* The first attribute value of body or of a block below it. */
static const struct hcl_expr *
first_value(const struct hcl_body *body, enum hcl_expr_type type)
{
	const struct hcl_expr *found;
	size_t i;

	for (i = 0; i < body->nitems; i++) {
		const struct hcl_item *it = &body->items[i];

		found = it->type == HCL_ITEM_ATTRIBUTE ?
		    find_expr(it->expr, type) : first_value(&it->body, type);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* Add the operations that bits choose; a failing one is skipped. */
static void
add_edits(struct hcl_edits *edits, const struct hcl_file *f, uint8_t bits,
    struct hc_error *err)
{
	const struct hcl_item *block = first_block(&f->body), *inner = NULL;
	const struct hcl_expr *e;

	if (block != NULL && (bits & 0x80))
		inner = first_block(&block->body);
	if (inner != NULL)
		block = inner;
	if (bits & 0x01)
		hcl_edit_set_attribute(edits, block,
		    "image_pull_credentials_type", "\"SERVICE_ROLE\"",
		    (bits & 0x40) ? HCL_EDIT_LAST_RUN : HCL_EDIT_FIRST_RUN,
		    err);
	hc_error_init(err);
	if (bits & 0x02)
		hcl_edit_append_block(edits, block, "registry_credential {\n"
		    "  credential          = var.x\n"
		    "  credential_provider = \"SECRETS_MANAGER\"\n}", err);
	hc_error_init(err);
	if ((bits & 0x04) && (e = first_value(&f->body, HCL_EXPR_TUPLE)))
		hcl_edit_tuple_append(edits, e, "{\n  Effect = \"Allow\"\n"
		    "  Resource = var.x\n}", err);
	hc_error_init(err);
	if ((bits & 0x08) && (e = first_value(&f->body, HCL_EXPR_OBJECT)))
		hcl_edit_object_add(edits, e, "Sid", "\"DockerHub\"", err);
	hc_error_init(err);
	if ((bits & 0x10) && f->body.nitems > 0)
		hcl_edit_remove_item(edits,
		    &f->body.items[f->body.nitems - 1], err);
	hc_error_init(err);
	if ((bits & 0x20) && block != NULL && block->body.nitems > 0 &&
	    block->body.items[0].type == HCL_ITEM_ATTRIBUTE)
		hcl_edit_replace_expr(edits, block->body.items[0].expr,
		    "jsonencode({\n  a = 1\n})", err);
	hc_error_init(err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hcl_file *f, *again;
	struct hcl_edits edits;
	struct hc_error err;
	char *out = NULL;
	size_t len;

	if (size < 1)
		return 0;
	hc_error_init(&err);
	f = hcl_parse("fuzz.tf", (const char *)data + 1, size - 1, &err);
	if (f == NULL)
		return 0;
	hcl_edits_init(&edits, f);
	add_edits(&edits, f, data[0], &err);
	if (hcl_edits_apply(&edits, &out, &len, &err) == 0) {
		CHECK(out != NULL);
		hc_error_init(&err);
		again = hcl_parse("fuzz.tf", out, len, &err);
		CHECK(again != NULL);
		hcl_file_free(again);
	} else {
		/* Splices may conflict; what is written must still parse. */
		CHECK(err.code != HC_ERR_INTERNAL);
	}
	free(out);
	hcl_edits_done(&edits);
	hcl_file_free(f);
	return 0;
}
