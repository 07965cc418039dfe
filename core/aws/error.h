/*
 * Error bodies of AWS APIs: the awsJson1_1 form {"__type", "message"}
 * and the awsQuery form <ErrorResponse><Error><Code>, <Message>.
 *
 * These are pure functions on bytes, kept apart from the HTTP transfer so
 * that they can be tested and fuzzed on their own.
 */
#ifndef HUBCRED_CORE_AWS_ERROR_H
#define HUBCRED_CORE_AWS_ERROR_H

#include <stddef.h>

/*
 * Write the short code of an AWS error type into out (size > 0). The
 * type is cut at the first ':' and only the part after the first '#' is
 * kept, so "aws.x#FooError:http://..." gives "FooError".
 */
void aws_error_clean_type(const char *type, char *out, size_t size);

/*
 * Decode the error code and message of an error body of len bytes (it
 * need not end in NUL, and nothing past len is read). A body that is
 * neither a JSON object nor XML gives neither. A missing code is taken
 * from error_type (the X-Amzn-ErrorType header, may be NULL). code and
 * message are always NUL-terminated and cut to their sizes (> 0).
 */
void aws_error_decode(const char *body, size_t len, const char *error_type,
    char *code, size_t code_size, char *message, size_t message_size);

#endif
