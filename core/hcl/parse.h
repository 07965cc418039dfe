/*
 * Parsing HCL native syntax into the lossless tree of core/hcl/tree.h.
 */
#ifndef HUBCRED_CORE_HCL_PARSE_H
#define HUBCRED_CORE_HCL_PARSE_H

#include <stddef.h>

#include "core/error.h"
#include "core/hcl/tree.h"

/*
 * Parse len bytes of src (copied; need not be NUL-terminated). path is
 * used in error positions. On a syntax error returns NULL and sets err
 * with code HC_ERR_PARSE, the file, line and column, and a message in
 * HCL's usual terms ("Unclosed configuration block", "Invalid
 * expression", ...). The caller frees the result with hcl_file_free().
 */
struct hcl_file *hcl_parse(const char *path, const char *src, size_t len,
    struct hc_error *err);

/* Read path from disk and parse it; display_path (or path when NULL) is
 * what messages show. */
struct hcl_file *hcl_parse_file(const char *path, const char *display_path,
    struct hc_error *err);

void hcl_file_free(struct hcl_file *file);

#endif
