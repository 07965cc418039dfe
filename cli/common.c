/* Shared output helpers of the commands that run without a terminal. */
#include <jansson.h>
#include <stdio.h>

#include "cli/cli.h"

int
cli_report_error(const struct hc_error *err)
{
	char text[1200];

	hc_error_format(err, text, sizeof text);
	/* Syntax errors read FILE:LINE:COLUMN: message, as compilers and
	 * terraform print them, so editors can jump to the place. */
	if (err->code == HC_ERR_PARSE && err->file[0] != '\0')
		fprintf(stderr, "%s\n", text);
	else
		fprintf(stderr, "hubcred: %s\n", text);
	return hc_code_exit_status(err->code);
}

/* Print the error of a failed run as JSON on standard output, for --json:
 * {"error": {"code", "message", "hint", "file", "line", "exit_status"}}.
 * The text still goes to standard error. */
void
cli_print_json_error(const struct hc_error *err, int status)
{
	json_malloc_t json_malloc;
	json_free_t json_free;
	json_t *error, *root;
	char *text;

	error = json_pack("{s:s, s:s, s:i}", "code", hc_code_name(err->code),
	    "message", err->message, "exit_status", status);
	if (error == NULL)
		return;
	if (err->hint[0] != '\0')
		json_object_set_new(error, "hint", json_string(err->hint));
	if (err->file[0] != '\0')
		json_object_set_new(error, "file", json_string(err->file));
	if (err->line > 0)
		json_object_set_new(error, "line", json_integer(err->line));
	if (err->column > 0)
		json_object_set_new(error, "column",
		    json_integer(err->column));
	if (err->remote_code[0] != '\0')
		json_object_set_new(error, "remote_code",
		    json_string(err->remote_code));
	if (err->http_status > 0)
		json_object_set_new(error, "http_status",
		    json_integer(err->http_status));
	root = json_pack("{s:o}", "error", error);
	text = root != NULL ? json_dumps(root, JSON_INDENT(2) |
	    JSON_PRESERVE_ORDER) : NULL;
	json_decref(root);
	if (text != NULL)
		puts(text);
	json_get_alloc_funcs(&json_malloc, &json_free);
	json_free(text);
}
