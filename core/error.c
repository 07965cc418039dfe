/* Error values shared by every core module. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"

static const struct {
	const char *name;
	int status;
} codes[] = {
#define HC_ERROR_ROW(name, text, status) {text, status},
	HC_ERROR_CODES(HC_ERROR_ROW)
#undef HC_ERROR_ROW
};

void
hc_error_init(struct hc_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}

static void
error_vset(struct hc_error *err, enum hc_code code, const char *fmt,
    va_list ap)
{
	err->code = code;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
}

void
hc_error_set(struct hc_error *err, enum hc_code code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != HC_ERR_OK)
		return;
	va_start(ap, fmt);
	error_vset(err, code, fmt, ap);
	va_end(ap);
}

void
hc_error_set_at(struct hc_error *err, enum hc_code code, const char *file,
    int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->code != HC_ERR_OK)
		return;
	va_start(ap, fmt);
	error_vset(err, code, fmt, ap);
	va_end(ap);
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = column;
}

void
hc_error_hint(struct hc_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
}

void
hc_error_prefix(struct hc_error *err, const char *fmt, ...)
{
	char joined[HC_ERROR_MESSAGE_MAX];
	size_t used;
	va_list ap;
	int n;

	if (err == NULL || err->code == HC_ERR_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(joined, sizeof joined, fmt, ap);
	va_end(ap);
	used = n < 0 ? 0 : (size_t)n;
	if (used > sizeof joined - 1)
		used = sizeof joined - 1;
	/* The message is cut, not the prefix, when both do not fit. */
	if (used + 2 < sizeof joined) {
		memcpy(joined + used, ": ", 2);
		used += 2;
		n = (int)strnlen(err->message, sizeof joined - 1 - used);
		memcpy(joined + used, err->message, (size_t)n);
		used += (size_t)n;
	}
	joined[used] = '\0';
	memcpy(err->message, joined, used + 1);
}

void
hc_error_remote(struct hc_error *err, const char *remote_code,
    int http_status, const char *request_id)
{
	if (err == NULL)
		return;
	if (remote_code != NULL)
		snprintf(err->remote_code, sizeof err->remote_code, "%s",
		    remote_code);
	if (http_status != 0)
		err->http_status = http_status;
	if (request_id != NULL)
		snprintf(err->request_id, sizeof err->request_id, "%s",
		    request_id);
}

int
hc_error_is_set(const struct hc_error *err)
{
	return err != NULL && err->code != HC_ERR_OK;
}

const char *
hc_code_name(enum hc_code code)
{
	if ((size_t)code >= sizeof codes / sizeof codes[0])
		return "unknown error";
	return codes[code].name;
}

int
hc_code_exit_status(enum hc_code code)
{
	if ((size_t)code >= sizeof codes / sizeof codes[0])
		return 1;
	return codes[code].status;
}

int
hc_error_format(const struct hc_error *err, char *buf, size_t size)
{
	size_t used = 0;
	int n;

#define APPEND(...)                                                        \
	do {                                                               \
		n = snprintf(buf + (used < size ? used : size),            \
		    used < size ? size - used : 0, __VA_ARGS__);           \
		if (n > 0)                                                 \
			used += (size_t)n;                                 \
	} while (0)

	if (size > 0)
		buf[0] = '\0';
	if (err->file[0] != '\0' && err->line > 0 && err->column > 0)
		APPEND("%s:%d:%d: ", err->file, err->line, err->column);
	else if (err->file[0] != '\0' && err->line > 0)
		APPEND("%s:%d: ", err->file, err->line);
	else if (err->file[0] != '\0')
		APPEND("%s: ", err->file);
	APPEND("%s", err->message[0] ? err->message : hc_code_name(err->code));
	if (err->remote_code[0] != '\0' || err->http_status != 0) {
		APPEND("\n  (");
		if (err->remote_code[0] != '\0')
			APPEND("%s", err->remote_code);
		if (err->http_status != 0)
			APPEND("%sHTTP %d", err->remote_code[0] ? ", " : "",
			    err->http_status);
		if (err->request_id[0] != '\0')
			APPEND(", request id %s", err->request_id);
		APPEND(")");
	}
	if (err->hint[0] != '\0')
		APPEND("\n  hint: %s", err->hint);
#undef APPEND
	return (int)used;
}
