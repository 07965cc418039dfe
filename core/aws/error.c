/* Decoding of AWS error bodies, described in error.h. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/aws/error.h"

void
aws_error_clean_type(const char *type, char *out, size_t size)
{
	const char *hash, *end;
	size_t n;

	end = strchr(type, ':');
	n = end ? (size_t)(end - type) : strlen(type);
	hash = memchr(type, '#', n);
	if (hash != NULL) {
		n -= (size_t)(hash + 1 - type);
		type = hash + 1;
	}
	if (n >= size)
		n = size - 1;
	memcpy(out, type, n);
	out[n] = '\0';
}

/* Copy the text of the first <tag>...</tag> of the XML body (len bytes,
 * not NUL-terminated) into out. */
static void
xml_text(const char *xml, size_t len, const char *tag, char *out,
    size_t size)
{
	char open[64], close[64];
	const char *start, *end;
	size_t n, k;

	out[0] = '\0';
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	k = strlen(open);
	start = memmem(xml, len, open, k);
	if (start == NULL)
		return;
	start += k;
	end = memmem(start, len - (size_t)(start - xml), close, strlen(close));
	if (end == NULL)
		return;
	n = (size_t)(end - start);
	if (n >= size)
		n = size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
}

void
aws_error_decode(const char *body, size_t len,
    const char *error_type, char *code, size_t code_size, char *message,
    size_t message_size)
{
	json_t *root, *type, *msg;

	code[0] = message[0] = '\0';
	root = json_loadb(body, len, 0, NULL);
	if (json_is_object(root)) {
		type = json_object_get(root, "__type");
		if (!json_is_string(type))
			type = json_object_get(root, "code");
		if (json_is_string(type))
			aws_error_clean_type(json_string_value(type), code,
			    code_size);
		msg = json_object_get(root, "message");
		if (!json_is_string(msg))
			msg = json_object_get(root, "Message");
		if (json_is_string(msg))
			snprintf(message, message_size, "%s",
			    json_string_value(msg));
	} else if (memmem(body, len, "<ErrorResponse", 14) != NULL ||
	    memmem(body, len, "<Error>", 7) != NULL) {
		xml_text(body, len, "Code", code, code_size);
		xml_text(body, len, "Message", message, message_size);
	}
	json_decref(root);
	if (code[0] == '\0' && error_type != NULL && error_type[0] != '\0')
		aws_error_clean_type(error_type, code, code_size);
}
