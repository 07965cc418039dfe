/*
 * Entry point: options, process set-up, then the terminal wizard or one of
 * the commands that run without a terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/alloc.h"
#include "core/apply.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/harden.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/tf/root.h"
#include "screens/screens.h"

/* Last: term.h defines macros named like terminal capabilities. */
#include <curses.h>
#include <term.h>

#define HUBCRED_VERSION "0.1.0"

static const char usage_text[] =
"usage: hubcred [-C DIR] [--record FILE] [--dry-run] [--log FILE]\n"
"       hubcred scan [-C DIR] [--json]\n"
"       hubcred doctor [-C DIR] [--json | --sarif] [--live]\n"
"       hubcred doctor --fix [-C DIR] [--dry-run] [--yes]\n"
"       hubcred replay FILE [-C DIR] [--dry-run] [--yes] [--json]"
" [--token-stdin]\n"
"       hubcred validate FILE [-C DIR]\n"
"       hubcred undo [-C DIR]\n"
"       hubcred --help | --version\n";

static const char help_text[] =
"\n"
"Give an AWS CodeBuild project Docker Hub credentials: store them in AWS\n"
"Secrets Manager and edit the project's Terraform to pull with them.\n"
"\n"
"Without a command, open the interactive wizard in the terminal.\n"
"\n"
"Commands:\n"
"  scan       list the aws_codebuild_project resources below DIR\n"
"  doctor     report what is wrong with existing setups; --fix fixes it\n"
"  replay     repeat a recorded run without a terminal\n"
"  validate   check an answers file without changing anything\n"
"  undo       restore the files of the last apply\n"
"\n"
"Options:\n"
"  -C, --directory DIR  Terraform root folder (default: .)\n"
"      --record FILE    save every choice of the wizard to FILE\n"
"                       (never a secret)\n"
"      --dry-run        stop after showing the plan; write nothing\n"
"      --log FILE       append a log of what hubcred does to FILE\n"
"  -v, --verbose        log debug messages too (with --log)\n"
"      --json           machine-readable output (scan, replay)\n"
"  -y, --yes            apply without asking (replay)\n"
"      --sarif          doctor: SARIF 2.1.0 for code scanning\n"
"      --fix            doctor: apply the automatic fixes\n"
"      --live           doctor: also compare with AWS (reads only)\n"
"      --token-stdin    read the Docker Hub token from standard input\n"
"                       (replay; otherwise DOCKERHUB_TOKEN)\n"
"  -h, --help           show this help\n"
"  -V, --version        show the version\n"
"\n"
"Environment: AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID,\n"
"AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_ENDPOINT_URL*,\n"
"AWS_CA_BUNDLE, DOCKERHUB_USERNAME, DOCKERHUB_TOKEN,\n"
"HUBCRED_DOCKERHUB_AUTH_URL, HUBCRED_DOCKERHUB_REGISTRY_URL,\n"
"HUBCRED_CA_BUNDLE, XDG_STATE_HOME, NO_COLOR.\n"
"See hubcred(1).\n";

enum {
	OPT_RECORD = 256,
	OPT_DRY_RUN,
	OPT_LOG,
	OPT_JSON,
	OPT_TOKEN_STDIN,
	OPT_SARIF,
	OPT_LIVE,
	OPT_FIX,
};

static const struct option long_options[] = {
	{"directory", required_argument, NULL, 'C'},
	{"record", required_argument, NULL, OPT_RECORD},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"log", required_argument, NULL, OPT_LOG},
	{"verbose", no_argument, NULL, 'v'},
	{"json", no_argument, NULL, OPT_JSON},
	{"yes", no_argument, NULL, 'y'},
	{"token-stdin", no_argument, NULL, OPT_TOKEN_STDIN},
	{"sarif", no_argument, NULL, OPT_SARIF},
	{"live", no_argument, NULL, OPT_LIVE},
	{"fix", no_argument, NULL, OPT_FIX},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

struct main_options {
	struct cli_options cli;
	const char *command;
	const char *record;
	const char *log;
	int verbose;
	unsigned given;		/* OPTION_* bits of the options given */
};

/* Options that only some commands take; -C, --log and -v go with all. */
enum {
	OPTION_RECORD = 1 << 0,
	OPTION_DRY_RUN = 1 << 1,
	OPTION_JSON = 1 << 2,
	OPTION_YES = 1 << 3,
	OPTION_TOKEN_STDIN = 1 << 4,
	OPTION_SARIF = 1 << 5,
	OPTION_LIVE = 1 << 6,
	OPTION_FIX = 1 << 7,
};

static const char *const option_names[] = {
	"--record", "--dry-run", "--json", "--yes", "--token-stdin",
	"--sarif", "--live", "--fix",
};

/* The options each command takes; NULL is the wizard. */
static const struct {
	const char *command;
	unsigned options;
} command_options[] = {
	{NULL, OPTION_RECORD | OPTION_DRY_RUN},
	{"scan", OPTION_JSON},
	{"doctor", OPTION_JSON | OPTION_SARIF | OPTION_LIVE | OPTION_FIX |
	    OPTION_DRY_RUN | OPTION_YES},
	{"replay", OPTION_DRY_RUN | OPTION_YES | OPTION_JSON |
	    OPTION_TOKEN_STDIN},
	{"validate", 0},
	{"undo", 0},
};

static FILE *log_file;

/* Write one log line: UTC time, level, module, message with control
 * characters escaped so a hostile value cannot forge lines. */
static void
log_write(enum hc_log_level level, const char *module, const char *message,
    void *data)
{
	static const char *const names[] = {"error", "info", "debug"};
	struct timeval now;
	struct tm tm;
	const unsigned char *p;

	(void)data;
	/* The wizard's network calls log from a worker thread: one line
	 * at a time. */
	flockfile(log_file);
	gettimeofday(&now, NULL);
	gmtime_r(&now.tv_sec, &tm);
	fprintf(log_file, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s: ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long)(now.tv_usec / 1000), names[level],
	    module);
	for (p = (const unsigned char *)message; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(log_file, "\\x%02x", *p);
		else
			fputc(*p, log_file);
	}
	fputc('\n', log_file);
	fflush(log_file);
	funlockfile(log_file);
}

/*
 * Whether the log may be appended to path: a new or empty file, one
 * that is not a regular file (a terminal, a pipe), or an earlier
 * hubcred log, whose first line starts with a UTC time such as
 * "2026-12-05T03:50:22.123Z ". A Terraform file never is.
 */
static int
log_appendable(const char *path)
{
	char head[25];
	struct stat st;
	ssize_t n;
	int fd;

	if (tf_path_is_terraform(path))
		return 0;
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0)
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;	/* open_log() reports why */
	n = read(fd, head, sizeof head);
	close(fd);
	return n == (ssize_t)sizeof head && head[4] == '-' &&
	    head[10] == 'T' && head[19] == '.' && head[23] == 'Z' &&
	    head[24] == ' ';
}

static int
open_log(const char *path, int verbose)
{
	int fd;

	if (!log_appendable(path)) {
		fprintf(stderr, "hubcred: %s: --log: %s\n  hint: give a new "
		    "file, such as hubcred.log, or an earlier hubcred log\n",
		    path, tf_path_is_terraform(path) ? "this is the name of a "
		    "Terraform file" : "the file exists and is not a hubcred "
		    "log");
		return -1;
	}
	/* O_NONBLOCK: a FIFO with no reader fails at once instead of
	 * blocking the start; writes block again after the open. */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
	    O_NONBLOCK, 0600);
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (fd < 0 || (log_file = fdopen(fd, "a")) == NULL) {
		fprintf(stderr, "hubcred: cannot open the log file %s: %s%s\n",
		    path, strerror(errno), errno == ENXIO ?
		    " (a FIFO needs a reader first)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	hc_log_set_handler(log_write, NULL,
	    verbose ? HC_LOG_DEBUG : HC_LOG_INFO);
	hc_log(HC_LOG_INFO, "main", "hubcred %s started", HUBCRED_VERSION);
	return 0;
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("hubcred: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(usage_text, stderr);
	return 2;
}

/* Reject an option the command does not take, which would otherwise be
 * ignored without a word. Returns -1 to continue, else 2. */
static int
check_command_options(const struct main_options *options)
{
	char what[64];
	size_t i, k;

	for (i = 0; i < sizeof command_options / sizeof command_options[0];
	    i++) {
		const char *name = command_options[i].command;

		if (name == NULL ? options->command != NULL :
		    options->command == NULL ||
		    strcmp(name, options->command) != 0)
			continue;
		for (k = 0; k < sizeof option_names / sizeof option_names[0];
		    k++) {
			if (!(options->given & (1u << k)) ||
			    (command_options[i].options & (1u << k)))
				continue;
			snprintf(what, sizeof what, "%s", name != NULL ? name :
			    "the wizard");
			fprintf(stderr, "hubcred: %s does not take %s\n", what,
			    option_names[k]);
			fputs(usage_text, stderr);
			return 2;
		}
	}
	return -1;
}

/* Parse argv into options; returns -1 to continue, else an exit status. */
static int
parse_options(int argc, char **argv, struct main_options *options)
{
	int c;

	memset(options, 0, sizeof *options);
	options->cli.root = ".";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:vyhV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'C':
			options->cli.root = optarg;
			break;
		case OPT_RECORD:
			options->record = optarg;
			options->given |= OPTION_RECORD;
			break;
		case OPT_DRY_RUN:
			options->cli.dry_run = 1;
			options->given |= OPTION_DRY_RUN;
			break;
		case OPT_LOG:
			options->log = optarg;
			break;
		case 'v':
			options->verbose = 1;
			break;
		case OPT_JSON:
			options->cli.json = 1;
			options->given |= OPTION_JSON;
			break;
		case 'y':
			options->cli.yes = 1;
			options->given |= OPTION_YES;
			break;
		case OPT_TOKEN_STDIN:
			options->cli.token_stdin = 1;
			options->given |= OPTION_TOKEN_STDIN;
			break;
		case OPT_SARIF:
			options->cli.sarif = 1;
			options->given |= OPTION_SARIF;
			break;
		case OPT_LIVE:
			options->cli.live = 1;
			options->given |= OPTION_LIVE;
			break;
		case OPT_FIX:
			options->cli.fix = 1;
			options->given |= OPTION_FIX;
			break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		case 'V':
			printf("hubcred %s\n", HUBCRED_VERSION);
			return 0;
		case ':':
			return usage_error("option %s needs a value",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option %s",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		options->command = argv[optind++];
	if (options->command != NULL &&
	    (strcmp(options->command, "replay") == 0 ||
	    strcmp(options->command, "validate") == 0)) {
		if (optind >= argc)
			return usage_error("%s needs an answers file",
			    options->command);
		options->cli.answers = argv[optind++];
	}
	if (optind < argc)
		return usage_error("unexpected argument %s", argv[optind]);
	if (options->log != NULL && options->record != NULL &&
	    strcmp(options->log, options->record) == 0)
		return usage_error("--log and --record name the same file %s",
		    options->log);
	return check_command_options(options);
}

/* Repeat the last screen's facts on the terminal once the wizard's
 * screen is gone: the secret's ARN and the files, to copy from, and the
 * command that undoes the apply. */
static void
print_applied(const struct flow *flow)
{
	const struct flow_apply_report *report = flow_last_apply(flow);

	if (report == NULL)
		return;
	if (report->dry_run) {
		printf("hubcred: dry run, nothing was written; the plan "
		    "changes %s\n", report->files[0] ? report->files :
		    "no file");
		return;
	}
	if (report->secret_arn[0] != '\0')
		printf("hubcred: the project pulls with the secret %s\n",
		    report->secret_arn);
	if (report->files_written > 0) {
		printf("hubcred: files written: %s\n", report->files);
		printf("hubcred: to undo them: hubcred undo -C %s\n",
		    flow_root(flow));
	}
	if (report->next_step[0] != '\0')
		printf("hubcred: next, %s\n", report->next_step);
}

/*
 * Journals and locks go to $XDG_STATE_HOME/hubcred (by default
 * ~/.local/state/hubcred), so an apply adds no file to the user's
 * Terraform root. Without a home folder they stay in ROOT/.hubcred.
 */
static int
set_state_home(struct hc_error *err)
{
	const char *base = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[4096];

	if (base != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/hubcred", base);
	else if (home != NULL && home[0] == '/')
		snprintf(dir, sizeof dir, "%s/.local/state/hubcred", home);
	else
		return 0;
	return apply_set_state_home(dir, err);
}

/* Secrets must be guarded before any library allocates: hardening, the
 * wiping allocators, then libsodium. */
static int
set_up_process(void)
{
	struct hc_error err;

	hc_error_init(&err);
	if (hc_harden_process(&err) < 0 || hc_alloc_install(&err) < 0 ||
	    hc_secret_library_init(&err) < 0 || set_state_home(&err) < 0)
		return cli_report_error(&err);
	return 0;
}

/*
 * Whether the terminal can move its cursor: without that capability (TERM
 * unset or dumb, or no terminfo entry) curses draws a blank screen.
 */
static int
terminal_can_draw(struct hc_error *err)
{
	const char *term = getenv("TERM");
	int errret = 0;
	int ok;

	if (term == NULL || term[0] == '\0' ||
	    setupterm(NULL, STDOUT_FILENO, &errret) != OK) {
		hc_error_set(err, HC_ERR_USAGE, "the wizard cannot draw on "
		    "the terminal \"%.60s\"", term != NULL ? term : "");
		return 0;
	}
	/* tigetstr() returns NULL or (char *)-1 when "cup" is missing. */
	ok = tigetstr("cup") != NULL && tigetstr("cup") != (char *)-1;
	del_curterm(cur_term);
	if (!ok)
		hc_error_set(err, HC_ERR_USAGE, "the terminal \"%.60s\" "
		    "cannot move the cursor, which the wizard needs", term);
	return ok;
}

static int
run_wizard(const struct main_options *options)
{
	struct flow_options flow_options = {
		.root = options->cli.root,
		.record_path = options->record,
		.dry_run = options->cli.dry_run,
	};
	struct hc_error err;
	struct flow *flow;
	int rc;

	hc_error_init(&err);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		hc_error_set(&err, HC_ERR_USAGE,
		    "the wizard needs a terminal");
		hc_error_hint(&err, "without a terminal, use hubcred replay "
		    "with an answers file recorded by --record");
		return cli_report_error(&err);
	}
	if (!terminal_can_draw(&err)) {
		hc_error_hint(&err, "set TERM to your terminal's type (such "
		    "as xterm-256color), or use hubcred replay with an "
		    "answers file recorded by --record");
		return cli_report_error(&err);
	}
	flow = flow_new(&flow_options, &err);
	if (flow == NULL)
		return cli_report_error(&err);
	rc = screens_run_wizard(flow, &err);
	if (rc >= 0)
		print_applied(flow);
	flow_free(flow);
	if (rc < 0)
		return cli_report_error(&err);
	return 0;
}

int
main(int argc, char **argv)
{
	struct main_options options;
	int status;

	status = parse_options(argc, argv, &options);
	if (status >= 0)
		return status;
	status = set_up_process();
	if (status != 0)
		return status;
	if (options.log != NULL && open_log(options.log, options.verbose) < 0)
		return 2;

	if (options.command == NULL)
		status = run_wizard(&options);
	else if (strcmp(options.command, "scan") == 0)
		status = cli_scan(&options.cli);
	else if (strcmp(options.command, "replay") == 0)
		status = cli_replay(&options.cli);
	else if (strcmp(options.command, "validate") == 0)
		status = cli_validate(&options.cli);
	else if (strcmp(options.command, "doctor") == 0)
		status = cli_doctor(&options.cli);
	else if (strcmp(options.command, "undo") == 0)
		status = cli_undo(&options.cli);
	else
		status = usage_error("unknown command %s", options.command);

	hc_log(HC_LOG_INFO, "main", "exit status %d", status);
	hc_alloc_cleanup();
	return status;
}
