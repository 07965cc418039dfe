/*
 * Unicode properties of code points beyond ASCII, as HashiCorp's code
 * has them: which characters HCL accepts in identifiers, and how
 * `terraform fmt` counts the columns of text when it aligns.
 */
#ifndef HUBCRED_CORE_HCL_UNICODE_H
#define HUBCRED_CORE_HCL_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* Whether code point cp (from U+0080) may start an identifier, or with
 * start 0, continue one. The table is HashiCorp HCL's, which is Unicode's
 * ID_Start and ID_Continue of an older Unicode version. */
int hcl_ident_char(uint32_t cp, int start);

/*
 * Count the columns fmt gives the n bytes at s: their grapheme clusters,
 * as the go-textseg that hclwrite uses counts them. A letter and its
 * combining accents take one column, and so do a flag of two regional
 * indicators, an emoji joined by U+200D, a Hangul syllable of jamo, and
 * a prepended mark such as U+0600 with what follows. Bytes that are not
 * UTF-8 count one column each. NOTE: conjoining Hangul jamo (U+1100 to
 * U+11FF) follow Unicode's rules here, and go-textseg differs on some
 * runs of them, such as a leading consonant, a syllable and a trailing
 * consonant, which it counts as two.
 */
size_t hcl_unicode_columns(const char *s, size_t n);

#endif
