/*
 * Errors that say what failed, where, and what to do next.
 *
 * Every core function that can fail takes a struct hc_error * as its last
 * argument (NULL is allowed and discards the error). The first error set
 * wins: later calls to hc_error_set() on an error that is already set do
 * nothing, so a low-level reason is not overwritten by a vaguer one.
 * Callers add context with hc_error_prefix().
 */
#ifndef HUBCRED_CORE_ERROR_H
#define HUBCRED_CORE_ERROR_H

#include <stddef.h>

/*
 * Error codes, their names and the exit status the command line maps them
 * to: 2 for usage and input errors, 3 for remote failures, 130 for a
 * cancellation, 1 for everything else.
 */
#define HC_ERROR_CODES(X)                                                 \
	X(OK, "ok", 0)                                                    \
	X(NOMEM, "out of memory", 1)                                      \
	X(IO, "input/output error", 1)                                    \
	X(USAGE, "usage error", 2)                                        \
	X(INPUT, "invalid input", 2)                                      \
	X(PARSE, "syntax error", 2)                                       \
	X(UNSUPPORTED, "unsupported configuration", 2)                    \
	X(NOT_FOUND, "not found", 2)                                      \
	X(CONFLICT, "conflict", 1)                                        \
	X(AUTH, "authentication failed", 3)                               \
	X(REMOTE, "remote service error", 3)                              \
	X(NETWORK, "network error", 3)                                    \
	X(CANCELLED, "cancelled", 130)                                    \
	X(INTERNAL, "internal error", 1)

enum hc_code {
#define HC_ERROR_ENUM(name, text, status) HC_ERR_##name,
	HC_ERROR_CODES(HC_ERROR_ENUM)
#undef HC_ERROR_ENUM
};

#define HC_ERROR_MESSAGE_MAX 512
#define HC_ERROR_HINT_MAX 256
#define HC_ERROR_FILE_MAX 256

struct hc_error {
	enum hc_code code;
	char message[HC_ERROR_MESSAGE_MAX];
	char hint[HC_ERROR_HINT_MAX];

	/* Position in a file, when the error is about one (1-based). */
	char file[HC_ERROR_FILE_MAX];
	int line;
	int column;

	/* Remote failures: service error code, HTTP status, request id. */
	char remote_code[64];
	int http_status;
	char request_id[80];
};

void hc_error_init(struct hc_error *err);

/* Set code and message unless err is NULL or already set. */
void hc_error_set(struct hc_error *err, enum hc_code code, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Like hc_error_set(), with a file position (line and column 1-based). */
void hc_error_set_at(struct hc_error *err, enum hc_code code,
    const char *file, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Set the next-step hint; a later hint replaces an earlier one. */
void hc_error_hint(struct hc_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Put "what the caller was doing: " in front of the message. */
void hc_error_prefix(struct hc_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Record the remote side of a failure; any argument may be NULL or 0. */
void hc_error_remote(struct hc_error *err, const char *remote_code,
    int http_status, const char *request_id);

int hc_error_is_set(const struct hc_error *err);
const char *hc_code_name(enum hc_code code);
int hc_code_exit_status(enum hc_code code);

/*
 * Format the error for a person, on one or more lines:
 * "FILE:LINE:COLUMN: message" then the remote details and the hint.
 * Returns the length that was needed, like snprintf().
 */
int hc_error_format(const struct hc_error *err, char *buf, size_t size);

#endif
