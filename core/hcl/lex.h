/*
 * Splitting HCL native syntax into the tokens of core/hcl/tree.h.
 *
 * The lexer is context sensitive in the same way as HashiCorp's scanner:
 * inside "..." and heredocs it produces template literal tokens, inside
 * ${ } and %{ } it is back to expression tokens, and a "}" closes
 * whichever of a brace or an interpolation is innermost.
 */
#ifndef HUBCRED_CORE_HCL_LEX_H
#define HUBCRED_CORE_HCL_LEX_H

#include "core/error.h"
#include "core/hcl/tree.h"

/* Nesting deeper than this (braces, brackets, parentheses, templates) is
 * refused with a parse error instead of risking the stack. */
#define HCL_MAX_DEPTH 1000

/* Zero bytes the lexer needs after the end of the source, so it can
 * look at 16 bytes at a time without bounds checks. */
#define HCL_LEX_PAD 16

/*
 * Fill file->tokens and file->ntokens (a malloc'd array the file owns;
 * hcl_file_free() releases it) from file->src and file->len, and set
 * has_bom and crlf. The last token is always HCL_TOK_EOF, zero bytes
 * long at offset len. Characters HCL does not allow outside strings and
 * comments, bad UTF-8 and newlines inside "..." fail here with
 * HC_ERR_PARSE at their position; structural mistakes (an unclosed
 * string or heredoc, a missing brace) are left to the parser.
 */
int hcl_lex_file(struct hcl_file *file, struct hc_error *err);

/* Short description of a token type for messages, like "newline". */
const char *hcl_lex_token_name(enum hcl_token_type type);

#endif
