/*
 * Test tool: read each FILE as JSON the way hubcred reads a .tf.json file
 * and write it with tf_json_write(), each output followed by a NUL byte.
 * A file jansson rejects gives "error: MESSAGE" in its place.
 *
 * usage: json-write-tool FILE...
 */
#include <jansson.h>
#include <stdio.h>

#include "core/hcl/edit.h"
#include "core/tf/json-write.h"

int
main(int argc, char **argv)
{
	struct hcl_edit_buf buf;
	json_error_t jerr;
	json_t *doc;
	int i;

	for (i = 1; i < argc; i++) {
		doc = json_load_file(argv[i], JSON_DECODE_ANY | JSON_ALLOW_NUL,
		    &jerr);
		if (doc == NULL) {
			printf("error: %s%c", jerr.text, '\0');
			continue;
		}
		hcl_edit_buf_init(&buf);
		tf_json_write(doc, "\n", &buf);
		json_decref(doc);
		if (buf.failed) {
			fprintf(stderr, "json-write-tool: out of memory\n");
			return 1;
		}
		fwrite(buf.data, 1, buf.len, stdout);
		putchar('\0');
		hcl_edit_buf_done(&buf);
	}
	return 0;
}
