/*
 * Reading the tree: items by name, token text, string values and
 * references.
 */
#ifndef HUBCRED_CORE_HCL_QUERY_H
#define HUBCRED_CORE_HCL_QUERY_H

#include <stddef.h>

#include "core/hcl/tree.h"

/* Pointer to the bytes of token index tok, and their length. */
const char *hcl_token_text(const struct hcl_file *file, uint32_t tok,
    size_t *len);

/* 1 when token tok's bytes are exactly text. */
int hcl_token_is(const struct hcl_file *file, uint32_t tok,
    const char *text);

/* The attribute called name in body, or NULL. */
const struct hcl_item *hcl_body_attribute(const struct hcl_file *file,
    const struct hcl_body *body, const char *name);

/*
 * The next block of body after *cursor (start with *cursor = 0) whose type
 * is type and whose first labels match labels[0..nlabels-1] (a NULL entry
 * matches any label). Advances *cursor; returns NULL when none is left.
 */
const struct hcl_item *hcl_body_next_block(const struct hcl_file *file,
    const struct hcl_body *body, size_t *cursor, const char *type,
    const char *const *labels, size_t nlabels);

/* Copy label i of block (unquoted, escapes decoded) into buf. Returns the
 * length, or -1 when i is out of range. buf is always NUL-terminated. */
int hcl_block_label(const struct hcl_file *file, const struct hcl_item *block,
    size_t i, char *buf, size_t size);

/*
 * When expr is a string with no interpolation or directive, write its
 * decoded value into buf and return its length. Otherwise return -1.
 * The value is truncated to fit; buf is always NUL-terminated.
 */
int hcl_expr_string(const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size);

/*
 * When expr is a traversal made only of names, attributes and literal
 * indices (aws_iam_role.build.arn, var.x, module.ci.out, a.b[0].c), write
 * it in canonical form (no whitespace) into buf and return its length.
 * Otherwise return -1. Quoted template "${var.x}" with nothing else is
 * unwrapped to var.x.
 */
int hcl_expr_reference(const struct hcl_file *file,
    const struct hcl_expr *expr, char *buf, size_t size);

typedef int (*hcl_reference_fn)(const struct hcl_file *file,
    const struct hcl_expr *traversal, const char *reference, void *data);

/* Call fn for every traversal inside expr, depth first; stop and return
 * fn's value when it returns non-zero. */
int hcl_expr_each_reference(const struct hcl_file *file,
    const struct hcl_expr *expr, hcl_reference_fn fn, void *data);

/* Byte offset just after the last byte of token tok. */
uint32_t hcl_token_end(const struct hcl_file *file, uint32_t tok);

#endif
