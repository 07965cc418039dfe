/*
 * libFuzzer target for AWS error bodies (core/aws/error.c). The input is
 * "X-Amzn-ErrorType value NUL body", or a body alone when it has no NUL.
 * The body is copied into a buffer of its exact size, so a read past its
 * end is an ASan error. Properties: no crash, leak or out-of-bounds read;
 * code and message are NUL-terminated and fit their buffers, even small
 * ones; a code that does not come from XML has no ':', because
 * aws_error_clean_type() cuts it there.
 *
 * Build and run with tests/fuzz/run.sh aws-error SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
decode(const char *body, size_t len, const char *type, size_t code_size,
    size_t message_size)
{
	char *code, *message;

	code = malloc(code_size);
	message = malloc(message_size);
	CHECK(code != NULL);
	CHECK(message != NULL);
	aws_error_decode(body, len, type, code, code_size, message,
	    message_size);
	CHECK(memchr(code, '\0', code_size) != NULL);
	CHECK(memchr(message, '\0', message_size) != NULL);
	/* A code from JSON or the header is cut at ':', but one from XML
	 * is the text between its tags. */
	if (memchr(body, '<', len) == NULL)
		CHECK(strchr(code, ':') == NULL);
	free(code);
	free(message);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	char *type = NULL, *body, clean[64];
	size_t len;

	if (nul != NULL) {
		type = strndup((const char *)data, (size_t)(nul - data));
		CHECK(type != NULL);
		size -= (size_t)(nul - data) + 1;
		data = nul + 1;
	}
	len = size;
	body = malloc(len ? len : 1);
	CHECK(body != NULL);
	memcpy(body, data, len);
	decode(body, len, type, 64, 300);
	decode(body, len, type, 1, 1);
	decode(body, len, type, 2, 3);
	if (type != NULL) {
		aws_error_clean_type(type, clean, sizeof clean);
		CHECK(strchr(clean, ':') == NULL);
		CHECK(strlen(clean) < sizeof clean);
	}
	free(body);
	free(type);
	return 0;
}
