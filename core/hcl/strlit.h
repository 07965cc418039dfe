/*
 * The text of HCL string literal tokens: checking and decoding escapes.
 */
#ifndef HUBCRED_CORE_HCL_STRLIT_H
#define HUBCRED_CORE_HCL_STRLIT_H

#include <stddef.h>

/*
 * Check the escapes of the raw text of a QUOTED_LIT token. Returns 0 when
 * they are valid, else -1 with *bad set to the offset of the offending
 * backslash and *why to a static message.
 */
int hcl_strlit_check(const char *s, size_t n, size_t *bad, const char **why);

/*
 * Decode n raw bytes of a literal token (quoted: a QUOTED_LIT with
 * backslash escapes; else a heredoc STRING_LIT) into out, which receives
 * at most size - 1 bytes and a NUL when size > 0. "$${" and "%%{" become
 * "${" and "%{". Returns the full decoded length.
 */
size_t hcl_strlit_decode(const char *s, size_t n, int quoted, char *out,
    size_t size);

#endif
