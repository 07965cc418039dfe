/*
 * A test driver for the widgets in tui/, without the flow: tmux tests run
 * it to check the frame, the list, the masked field, the diff viewer and
 * the spinner through a real terminal.
 *
 *   tui-demo list      a two-row list; Enter writes "chosen N"
 *   tui-demo input     a username and a masked token; Enter on the token
 *                      writes "user=NAME len=N" (never the token)
 *   tui-demo diff FILE the diff viewer on FILE; Enter writes "accepted"
 *   tui-demo task      a 1.2-second wait through core/net.h with the
 *                      spinner; Esc cancels it
 *
 * Results go to the file named by DEMO_OUT. Exit status: 0 on a result,
 * 130 on q or Ctrl-C, 2 on a usage error.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/net.h"
#include "core/secret.h"
#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/diffview.h"
#include "tui/input.h"
#include "tui/list.h"
#include "tui/spinner.h"

static const char *const steps[] = {
	"Scan", "Project", "Docker Hub", "Secret", "Permissions", "Review",
	"Apply",
};

static const struct tui_hint hints[] = {
	{.arrows = 1, .label = "move", .help = "move (also j and k)"},
	{.key = "enter", .label = "choose", .help = "choose the item"},
	{.key = "/", .label = "filter", .help = "filter the list"},
	{.key = "?", .label = "help", .help = "show this help"},
	{.key = "esc", .label = "back"},
	{.key = "q", .label = "quit", .help = "quit"},
	TUI_HINT_END,
};

struct demo {
	struct tui_app app;
	struct tui_dialog dialog;
	struct tui_list list;
	struct tui_input user;
	struct tui_input token;
	struct hc_secret *secret;
	struct tui_diffview diff;
	struct tui_spinner spinner;
	int task_running;
	int focus;
	const char *mode;
	char result[256];
};

static void
demo_fill_list(struct demo *d)
{
	tui_list_init(&d->list, 2);
	tui_list_add(&d->list, "aws_codebuild_project.api", "build.tf:12",
	    "example-org/builder:3.1", "needs setup", 0);
	tui_list_add(&d->list, "aws_codebuild_project.docs", "docs.tf:4",
	    "aws/codebuild/standard:7.0", "managed image: no setup", 1);
	tui_list_add(&d->list, "module.ci.aws_codebuild_project.main",
	    "ci/main.tf:30", "node:20", "2 findings", 0);
	tui_list_add(&d->list, "aws_codebuild_project.lint", "lint.tf:1",
	    "golangci/golangci-lint:v1", "needs setup", 0);
}

static void
demo_draw(struct demo *d)
{
	struct tui_rect content, whole;

	if (tui_app_draw_frame(&d->app, "Choose the CodeBuild project",
	    hints, &content) == 0) {
		if (d->task_running)
			tui_spinner_draw(&d->spinner, content.y + 1,
			    content.x + 1, content.w - 2);
		else if (strcmp(d->mode, "list") == 0)
			tui_list_draw(&d->list, &content);
		else if (strcmp(d->mode, "input") == 0) {
			tui_input_draw(&d->user, content.y + 1, content.x + 1,
			    content.w - 2, 10, d->focus == 0);
			tui_input_draw(&d->token, content.y + 3,
			    content.x + 1, content.w - 2, 10, d->focus == 1);
		} else if (strcmp(d->mode, "diff") == 0)
			tui_diffview_draw(&d->diff, &content);
		else
			tui_draw_text(content.y + 1, content.x + 1,
			    content.w - 2, d->result, A_BOLD);
		whole = tui_app_screen_rect(&d->app);
		tui_dialog_draw(&d->dialog, &whole);
	}
	tui_app_show(&d->app);
}

/* The net hook: redraw the spinner, and cancel on Esc. */
static enum net_action
demo_on_net(void *arg, const char *what, int ready)
{
	struct demo *d = arg;
	int key, cancel = 0;

	(void)what;
	(void)ready;
	while ((key = tui_app_read_key(&d->app, 0)) != TUI_KEY_NONE)
		if (key == TUI_KEY_ESC)
			cancel = 1;
	demo_draw(d);
	return cancel ? NET_CANCEL : NET_WAIT;
}

/* Wait through core/net.h with the spinner, as the wizard's calls do. */
static void
demo_task(struct demo *d)
{
	struct net_hook hook = {.fn = demo_on_net, .arg = d,
	    .fd = STDIN_FILENO, .tick_ms = 100};
	struct hc_error err;
	int rc;

	hc_error_init(&err);
	net_hook_set(&hook);
	rc = net_sleep(1200, "sleeping", &err);
	net_hook_set(NULL);
	d->task_running = 0;
	snprintf(d->result, sizeof d->result, "task finished rc=%d%s%s", rc,
	    rc != 0 ? " " : "", rc != 0 ? hc_code_name(err.code) : "");
}

/* One key for the current mode; returns 1 when the demo has a result. */
static int
demo_key(struct demo *d, int key)
{
	struct hc_error err;
	long i;

	hc_error_init(&err);
	if (strcmp(d->mode, "list") == 0) {
		if (tui_list_key(&d->list, key) != TUI_LIST_CHOSEN)
			return 0;
		i = tui_list_selected(&d->list);
		if (d->list.items[i].dim) {
			tui_dialog_open(&d->dialog, TUI_DIALOG_MESSAGE, 1,
			    "Nothing to set up", "%s uses a managed image.",
			    d->list.items[i].text[0]);
			return 0;
		}
		snprintf(d->result, sizeof d->result, "chosen %ld", i);
		return 1;
	}
	if (strcmp(d->mode, "input") == 0) {
		if (key == '\t') {
			d->focus = !d->focus;
			return 0;
		}
		if (tui_input_key(d->focus ? &d->token : &d->user, key, &err)
		    != TUI_INPUT_SUBMIT)
			return 0;
		if (d->focus == 0) {
			d->focus = 1;
			return 0;
		}
		snprintf(d->result, sizeof d->result, "user=%s len=%zu",
		    tui_input_text(&d->user), hc_secret_len(d->secret));
		return 1;
	}
	if (strcmp(d->mode, "diff") == 0) {
		if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			snprintf(d->result, sizeof d->result, "accepted");
			return 1;
		}
		tui_diffview_key(&d->diff, key);
		return 0;
	}
	return d->result[0] != '\0';
}

/* Keys outside the widgets; returns an exit status, or -1 to go on. */
static int
demo_global(struct demo *d, int key)
{
	if (key == TUI_KEY_INTERRUPT)
		return 130;
	if (d->dialog.open) {
		tui_dialog_key(&d->dialog, key);
		return -1;
	}
	if (d->task_running) {
		demo_task(d);
		return -1;
	}
	if (key == TUI_KEY_NONE || key == KEY_RESIZE)
		return -1;
	if (strcmp(d->mode, "input") != 0 && !d->list.filtering) {
		if (key == 'q')
			return 130;
		if (key == '?') {
			tui_dialog_open(&d->dialog, TUI_DIALOG_MESSAGE, 1,
			    "Keys", "enter    choose\nq        quit");
			return -1;
		}
	}
	return demo_key(d, key) ? 0 : -1;
}

static int
demo_setup(struct demo *d, int argc, char **argv)
{
	struct hc_error err;
	char text[8192];
	size_t n;
	FILE *fp;

	hc_error_init(&err);
	if (strcmp(d->mode, "list") == 0) {
		demo_fill_list(d);
	} else if (strcmp(d->mode, "input") == 0) {
		if (hc_secret_library_init(&err) != 0 ||
		    (d->secret = hc_secret_new(4096, &err)) == NULL)
			return -1;
		tui_input_init(&d->user, "Username", NULL);
		tui_input_init_masked(&d->token, "Token", d->secret);
	} else if (strcmp(d->mode, "diff") == 0 && argc > 2) {
		fp = fopen(argv[2], "r");
		if (fp == NULL)
			return -1;
		n = fread(text, 1, sizeof text - 1, fp);
		fclose(fp);
		text[n] = '\0';
		tui_diffview_init(&d->diff, text);
	} else if (strcmp(d->mode, "task") == 0) {
		tui_spinner_start(&d->spinner, "Sleeping a second");
		d->task_running = 1;
	} else {
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static struct demo d;
	struct hc_error err;
	const char *out = getenv("DEMO_OUT");
	FILE *fp;
	int status = -1;

	hc_error_init(&err);
	d.mode = argc > 1 ? argv[1] : "";
	if (demo_setup(&d, argc, argv) != 0) {
		fprintf(stderr, "usage: tui-demo list|input|diff FILE|task\n");
		return 2;
	}
	if (tui_app_start(&d.app, &err) != 0) {
		fprintf(stderr, "tui-demo: %s\n", err.message);
		return 1;
	}
	tui_app_set_steps(&d.app, steps, 7);
	tui_app_set_step(&d.app, 1);
	tui_app_mark_done(&d.app, 0, 1);
	tui_app_set_title(&d.app, "~/infra/ci", "account 123456789012 "
	    "eu-west-1");
	while (status < 0) {
		demo_draw(&d);
		status = demo_global(&d, tui_app_read_key(&d.app,
		    d.task_running ? 0 : 500));
	}
	tui_app_stop(&d.app);
	if (status == 0 && out != NULL && (fp = fopen(out, "w")) != NULL) {
		fprintf(fp, "%s\n", d.result);
		fclose(fp);
	}
	hc_secret_free(d.secret);
	return status;
}
