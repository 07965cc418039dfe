/*
 * JSON text laid out as Python's json.dumps(value, indent=2) writes it,
 * the layout hubcred gives an edited .tf.json or .tfvars.json file.
 */
#ifndef HUBCRED_CORE_TF_JSON_WRITE_H
#define HUBCRED_CORE_TF_JSON_WRITE_H

#include <jansson.h>

#include "core/hcl/edit.h"

/*
 * Append value to buf as json.dumps(value, indent=2) writes it with its
 * default ensure_ascii. Indentation is two spaces, keys keep their
 * order, and empty containers are "{}" and "[]". Every character outside
 * printable ASCII is escaped as \uxxxx in lower case, with a surrogate
 * pair above U+FFFF. Reals take their shortest form that reads back to
 * the same double, such as 0.1, 100.0 and 1e-05. Line breaks are
 * newline ("\n" or "\r\n"), and no final one is written. Memory
 * failures are left in buf->failed.
 */
void tf_json_write(const json_t *value, const char *newline,
    struct hcl_edit_buf *buf);

/*
 * Find a number in JSON text that tf_json_write() cannot write back
 * with the same value: a real with more significant digits than a
 * double keeps (3.14159265358979323846). Spellings of one value, such as
 * 1E2 and 100.0, do not count. Returns the number's line, or 0, with the
 * number in out.
 */
int tf_json_inexact_number(const char *text, size_t len, char *out,
    size_t size);

#endif
