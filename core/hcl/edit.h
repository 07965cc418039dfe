/*
 * Editing one parsed HCL file as byte splices.
 *
 * An edit never rewrites the file: each operation adds splices (offset,
 * bytes deleted, text inserted) against the original bytes, and
 * hcl_edits_apply() produces the new text. Bytes outside the splices
 * survive exactly. New lines use the file's newline style and the
 * indentation of their siblings. After applying, the `=` and trailing
 * comments of each fmt alignment group that a new or changed line joins
 * are realigned the way `terraform fmt` does (see core/hcl/fmt.h).
 * Nothing else moves.
 *
 * Text given to the operations uses "\n" and no indentation of its own
 * beyond the relative one of nested lines; the operation indents it for
 * its place and converts newlines.
 */
#ifndef HUBCRED_CORE_HCL_EDIT_H
#define HUBCRED_CORE_HCL_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hcl/tree.h"

/* A growing string. On allocation failure it stops growing and sets
 * failed; check failed once at the end. */
struct hcl_edit_buf {
	char *data;		/* NUL-terminated; owned, free with _done */
	size_t len;
	size_t cap;
	int failed;
};

void hcl_edit_buf_init(struct hcl_edit_buf *buf);
void hcl_edit_buf_done(struct hcl_edit_buf *buf);
void hcl_edit_buf_add(struct hcl_edit_buf *buf, const char *s, size_t n);
void hcl_edit_buf_adds(struct hcl_edit_buf *buf, const char *s);
void hcl_edit_buf_printf(struct hcl_edit_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (free() it); buf is empty afterwards.
 * NULL when the buffer failed. */
char *hcl_edit_buf_take(struct hcl_edit_buf *buf, size_t *len);

struct hcl_splice {
	uint32_t offset;	/* in the original bytes */
	uint32_t length;	/* bytes removed there */
	char *text;		/* inserted text, owned */
	size_t text_len;
	int align;		/* realign the fmt groups of its lines */
};

struct hcl_edits {
	const struct hcl_file *file;	/* borrowed; must outlive edits */
	struct hcl_splice *splices;	/* sorted by offset */
	size_t nsplices;
	size_t cap;
};

void hcl_edits_init(struct hcl_edits *edits, const struct hcl_file *file);
void hcl_edits_done(struct hcl_edits *edits);

/*
 * Add a raw splice (text copied). Fails with HC_ERR_CONFLICT when it
 * overlaps an earlier splice; two insertions at the same offset keep the
 * order they were added in.
 */
int hcl_edits_splice(struct hcl_edits *edits, uint32_t offset,
    uint32_t length, const char *text, size_t text_len, int align,
    struct hc_error *err);

/*
 * Produce the edited text into *out (malloc'd, NUL-terminated, caller
 * frees) and its length. The result is parsed again to realign the
 * groups of the splices marked align. A result that does not parse is
 * an HC_ERR_INTERNAL error naming the position.
 */
int hcl_edits_apply(const struct hcl_edits *edits, char **out,
    size_t *out_len, struct hc_error *err);

/* "\r\n" for a CRLF file, else "\n". */
const char *hcl_edit_newline(const struct hcl_file *file);

/* Where a new attribute goes when the body does not have it yet. */
enum hcl_edit_where {
	HCL_EDIT_FIRST_RUN,	/* end of the first run of attributes */
	HCL_EDIT_LAST_RUN,	/* end of the last run of attributes */
};

/*
 * Set attribute name of block's body (block NULL: the file's top level)
 * to the expression text value. An existing attribute gets its value
 * replaced in place (nothing when it is already byte-identical); a new
 * one joins the chosen run of consecutive attribute lines, or starts the
 * body when it has no attribute.
 */
int hcl_edit_set_attribute(struct hcl_edits *edits,
    const struct hcl_item *block, const char *name, const char *value,
    enum hcl_edit_where where, struct hc_error *err);

/* Replace the bytes of expr with text (realigned). Lines of text after
 * the first get the indentation of the line where expr starts. */
int hcl_edit_replace_expr(struct hcl_edits *edits,
    const struct hcl_expr *expr, const char *text, struct hc_error *err);

/*
 * Append a nested block, given as text "type \"label\" {\n  a = 1\n}", as
 * the last element of block's body (block NULL: end of the file), with
 * one blank line before it unless the body is empty.
 */
int hcl_edit_append_block(struct hcl_edits *edits,
    const struct hcl_item *block, const char *text, struct hc_error *err);

/* Rename the type token of block. */
int hcl_edit_rename_block(struct hcl_edits *edits,
    const struct hcl_item *block, const char *type, struct hc_error *err);

/*
 * Append an element to a tuple expression. A multi-line tuple gets the
 * element on its own line, with a trailing comma when the last element
 * has one, else a comma after the previous element; a one-line tuple
 * gets ", value" before its bracket.
 */
int hcl_edit_tuple_append(struct hcl_edits *edits,
    const struct hcl_expr *tuple, const char *value, struct hc_error *err);

/* Add "key = value" as the last element of an object constructor. */
int hcl_edit_object_add(struct hcl_edits *edits,
    const struct hcl_expr *object, const char *key, const char *value,
    struct hc_error *err);

/* Remove an attribute or block with its line(s) and trailing comment. */
int hcl_edit_remove_item(struct hcl_edits *edits,
    const struct hcl_item *item, struct hc_error *err);

/*
 * Edit and reparse in one step: apply, then parse the result as path.
 * A helper for callers that chain operations on one file.
 */
struct hcl_file *hcl_edits_apply_parse(const struct hcl_edits *edits,
    struct hc_error *err);

#endif
