/*
 * The alignment part of `terraform fmt` (hclwrite's format), applied to
 * chosen lines only.
 *
 * fmt splits a file into lines at newline tokens. A line has an "assign"
 * cell when an `=` follows its first token and the brackets from that `=`
 * to the end of the line balance; consecutive lines with an assign cell
 * form a group whose `=` signs line up one column after the widest lead.
 * A line ending in a `#` or `//` comment after other tokens has a comment
 * cell; consecutive such lines line their comments up the same way.
 */
#ifndef HUBCRED_CORE_HCL_FMT_H
#define HUBCRED_CORE_HCL_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/hcl/edit.h"
#include "core/hcl/tree.h"

/* Count the columns fmt gives n bytes of text: its grapheme clusters
 * (see hcl_unicode_columns()). */
size_t hcl_fmt_columns(const char *s, size_t n);

/*
 * Add to out (whose file is file) the splices that realign every assign
 * group, and every comment group, that contains a line touched by one of
 * the byte ranges [ranges[2i], ranges[2i+1]) of file or a line next to
 * one. Lines outside those groups are never changed. When file is the
 * result of origin's splices, a group is realigned only if each of its
 * lines that origin's file already had was aligned there as fmt aligns
 * it. So in a file laid out by hand only the edited lines change.
 */
int hcl_fmt_align(const struct hcl_file *file, const uint32_t *ranges,
    size_t nranges, const struct hcl_edits *origin, struct hcl_edits *out,
    struct hc_error *err);

#endif
