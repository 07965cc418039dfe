/*
 * Commands that run without a terminal: scan, replay, validate, undo.
 * They drive core/flow.h like the screens do, print results to standard
 * output and progress to standard error, and never initialise ncurses.
 * Each returns the process exit status (see hc_code_exit_status()).
 */
#ifndef HUBCRED_CLI_CLI_H
#define HUBCRED_CLI_CLI_H

#include "core/error.h"

struct cli_options {
	const char *root;	/* -C DIR, "." by default */
	const char *answers;	/* replay and validate: the answers file */
	int json;		/* --json */
	int dry_run;		/* --dry-run */
	int yes;		/* --yes: apply without a terminal */
	int token_stdin;	/* --token-stdin */
	int sarif;		/* doctor --sarif */
	int live;		/* doctor --live */
	int fix;		/* doctor --fix */
};

int cli_scan(const struct cli_options *options);
int cli_doctor(const struct cli_options *options);
int cli_replay(const struct cli_options *options);
int cli_validate(const struct cli_options *options);
int cli_undo(const struct cli_options *options);

/* Print err to standard error as "hubcred: ..." and return its exit
 * status. */
int cli_report_error(const struct hc_error *err);

/* Print err as JSON on standard output, for --json:
 * {"error": {"code", "message", "hint", "file", "line", "exit_status"}}. */
void cli_print_json_error(const struct hc_error *err, int status);

#endif
