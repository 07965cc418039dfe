/* hubcred undo: restore the files of the last apply. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/apply.h"

int
cli_undo(const struct cli_options *options)
{
	struct undo_result result;
	struct hc_error err;

	hc_error_init(&err);
	if (apply_undo(options->root, &result, &err) < 0)
		return cli_report_error(&err);
	printf("undone %s: %zu file%s restored, %zu removed\n",
	    result.journal, result.nrestored,
	    result.nrestored == 1 ? "" : "s", result.ndeleted);
	if (result.note[0] != '\0')
		printf("%s\n", result.note);
	if (result.secret_hint[0] != '\0')
		printf("%s\n", result.secret_hint);
	return 0;
}
