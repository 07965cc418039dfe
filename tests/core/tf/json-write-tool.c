/*
 * Test tool: read each FILE as JSON the way hubcred reads a .tf.json file
 * and write it with tf_json_write(), each output followed by a NUL byte.
 * A file jansson rejects gives "error: MESSAGE" in its place.
 *
 * With --inexact, print instead the line tf_json_inexact_number() finds
 * in each file's text (0 for none), each followed by a NUL byte.
 *
 * usage: json-write-tool [--inexact] FILE...
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/hcl/edit.h"
#include "core/tf/json-write.h"

/* Print the line of the first inexact number of each file. */
static int
print_inexact(int argc, char **argv)
{
	static char text[1 << 20];
	char number[400];
	size_t len;
	FILE *f;
	int i;

	for (i = 2; i < argc; i++) {
		f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		len = fread(text, 1, sizeof text, f);
		fclose(f);
		printf("%d%c", tf_json_inexact_number(text, len, number,
		    sizeof number), '\0');
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct hcl_edit_buf buf;
	json_error_t jerr;
	json_t *doc;
	int i;

	if (argc > 1 && strcmp(argv[1], "--inexact") == 0)
		return print_inexact(argc, argv);
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
