/* Shared output helpers of the commands that run without a terminal. */
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
