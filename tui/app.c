/* The terminal application: frame, keys, signals and the test dump. */
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui/app.h"

static const int app_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define APP_NSIGNALS (sizeof app_signals / sizeof app_signals[0])

/* The running app, for the die path and the atexit hook. */
static struct tui_app *app_running;
static struct sigaction app_old_actions[APP_NSIGNALS];
static volatile sig_atomic_t app_signalled;

/*
 * Only set a flag: curses is not async-signal-safe. The key loop never
 * blocks for long (see tui_app_read_key), so it sees the flag and leaves
 * through the normal path, which restores the terminal.
 */
static void
app_on_signal(int signo)
{
	app_signalled = signo;
}

static void
app_restore_at_exit(void)
{
	if (app_running != NULL)
		tui_app_stop(app_running);
}

static void
app_install_signals(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read must return so the flag is seen. */
	sa.sa_flags = 0;
	for (i = 0; i < APP_NSIGNALS; i++)
		sigaction(app_signals[i], &sa, &app_old_actions[i]);
}

static void
app_restore_signals(void)
{
	size_t i;

	for (i = 0; i < APP_NSIGNALS; i++)
		sigaction(app_signals[i], &app_old_actions[i], NULL);
}

static void
app_init_colours(struct tui_app *app)
{
	static const short fg[TUI_COLOUR_COUNT] = {
		[TUI_COLOUR_TITLE] = COLOR_CYAN,
		[TUI_COLOUR_FRAME] = COLOR_BLUE,
		[TUI_COLOUR_SELECT] = COLOR_WHITE,
		[TUI_COLOUR_DIM] = COLOR_WHITE,
		[TUI_COLOUR_ADD] = COLOR_GREEN,
		[TUI_COLOUR_DEL] = COLOR_RED,
		[TUI_COLOUR_HUNK] = COLOR_CYAN,
		[TUI_COLOUR_ERROR] = COLOR_RED,
		[TUI_COLOUR_OK] = COLOR_GREEN,
	};
	const char *no_colour = getenv("NO_COLOR");
	short i;

	/* https://no-color.org: set and not empty turns colour off. */
	app->colour = has_colors() &&
	    (no_colour == NULL || no_colour[0] == '\0');
	if (!app->colour)
		return;
	start_color();
	use_default_colors();
	for (i = 1; i < TUI_COLOUR_COUNT; i++)
		init_pair(i, fg[i], -1);
}

int
tui_app_start(struct tui_app *app, struct hc_error *err)
{
	static int atexit_done;
	const char *codeset;
	SCREEN *screen;

	/* Only the character set: numbers and messages stay in the C locale
	 * that the core's formatting and parsing expect. */
	setlocale(LC_CTYPE, "");
	codeset = nl_langinfo(CODESET);
	app->utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	app->dump_path = getenv("HUBCRED_TUI_DUMP");
	if (app->dump_path != NULL && app->dump_path[0] == '\0')
		app->dump_path = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		hc_error_set(err, HC_ERR_USAGE, "the wizard needs a terminal");
		hc_error_hint(err, "run it in a terminal, or use "
		    "'hubcred replay FILE' in scripts");
		return -1;
	}

	/* Before newterm(): curses then leaves these handlers alone. */
	app_signalled = 0;
	app_install_signals();
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		app_restore_signals();
		hc_error_set(err, HC_ERR_IO, "cannot use terminal type '%s'",
		    getenv("TERM") ? getenv("TERM") : "");
		hc_error_hint(err, "set TERM to a known terminal, e.g. xterm");
		return -1;
	}
	app->screen = screen;
	app->started = 1;
	app_running = app;
	if (!atexit_done) {
		atexit(app_restore_at_exit);
		atexit_done = 1;
	}

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	app_init_colours(app);
	tui_draw_set_mode(app->utf8, app->colour);
	return 0;
}

void
tui_app_stop(struct tui_app *app)
{
	if (app == NULL || !app->started)
		return;
	app->started = 0;
	endwin();
	delscreen(app->screen);
	app->screen = NULL;
	app_restore_signals();
	if (app_running == app)
		app_running = NULL;
}

void
tui_app_die(const char *fmt, ...)
{
	va_list ap;

	if (app_running != NULL)
		tui_app_stop(app_running);
	fputs("hubcred: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void
tui_app_set_title(struct tui_app *app, const char *title, const char *status)
{
	snprintf(app->title, sizeof app->title, "%s", title ? title : "");
	snprintf(app->status, sizeof app->status, "%s", status ? status : "");
}

void
tui_app_set_status(struct tui_app *app, const char *status)
{
	snprintf(app->status, sizeof app->status, "%s", status ? status : "");
}

void
tui_app_set_steps(struct tui_app *app, const char *const *titles, size_t n)
{
	size_t i;

	if (n > TUI_APP_MAX_STEPS)
		n = TUI_APP_MAX_STEPS;
	for (i = 0; i < n; i++) {
		app->steps[i] = titles[i];
		app->done[i] = 0;
	}
	app->nsteps = n;
	app->current = 0;
}

void
tui_app_set_step(struct tui_app *app, size_t current)
{
	app->current = current;
}

void
tui_app_mark_done(struct tui_app *app, size_t step, int done)
{
	if (step < app->nsteps)
		app->done[step] = done;
}

int
tui_app_too_small(const struct tui_app *app)
{
	(void)app;
	return COLS < TUI_APP_MIN_COLS || LINES < TUI_APP_MIN_ROWS;
}

struct tui_rect
tui_app_screen_rect(const struct tui_app *app)
{
	struct tui_rect rect = {.y = 0, .x = 0, .h = LINES, .w = COLS};

	(void)app;
	return rect;
}

static void
app_draw_too_small(void)
{
	static const char hint[] = "enlarge it, or ctrl-c to quit";
	char msg[64];
	int width, y, x;

	snprintf(msg, sizeof msg, "terminal too small (need %dx%d)",
	    TUI_APP_MIN_COLS, TUI_APP_MIN_ROWS);
	width = (int)strlen(msg);
	y = LINES / 2;
	x = COLS > width ? (COLS - width) / 2 : 0;
	tui_draw_text(y, x, COLS, msg, A_BOLD);
	width = (int)strlen(hint);
	x = COLS > width ? (COLS - width) / 2 : 0;
	if (y + 1 < LINES)
		tui_draw_text(y + 1, x, COLS, hint, 0);
}

static void
app_draw_title(const struct tui_app *app)
{
	int attr = tui_draw_attr(TUI_COLOUR_TITLE);
	int status_width = tui_draw_width(app->status);
	int used;

	tui_draw_line(0, 0, COLS, "", attr);
	used = tui_draw_text(0, 1, COLS - 1, "hubcred", attr | A_BOLD);
	tui_draw_text(0, 3 + used, COLS - status_width - used - 5,
	    app->title, attr);
	if (status_width < COLS - 2)
		tui_draw_text(0, COLS - status_width, status_width,
		    app->status, attr);
}

static void
app_draw_steps(const struct tui_app *app, const struct tui_rect *rect)
{
	struct tui_rect inner = tui_draw_inner(rect);
	const char *mark;
	size_t i;
	int attr;

	tui_draw_box(rect, "Steps");
	for (i = 0; i < app->nsteps && (int)i < inner.h; i++) {
		mark = " ";
		attr = A_NORMAL;
		if (i == app->current) {
			mark = tui_draw_glyph(TUI_GLYPH_CURRENT);
			attr = A_BOLD;
		} else if (app->done[i]) {
			mark = tui_draw_glyph(TUI_GLYPH_DONE);
		}
		tui_draw_text(inner.y + (int)i, inner.x + 1, 1, mark,
		    i == app->current ? (int)A_BOLD :
		    tui_draw_attr(TUI_COLOUR_OK));
		tui_draw_text(inner.y + (int)i, inner.x + 3, inner.w - 3,
		    app->steps[i], attr);
	}
}

int
tui_app_draw_frame(struct tui_app *app, const char *box_title,
    const struct tui_hint *hints, struct tui_rect *content)
{
	struct tui_rect steps = {
		.y = 1, .x = 0, .h = LINES - 2, .w = TUI_APP_STEPS_WIDTH,
	};
	struct tui_rect box = {
		.y = 1, .x = TUI_APP_STEPS_WIDTH, .h = LINES - 2,
		.w = COLS - TUI_APP_STEPS_WIDTH,
	};

	erase();
	tui_draw_set_cursor(-1, 0);
	if (tui_app_too_small(app)) {
		app_draw_too_small();
		memset(content, 0, sizeof *content);
		return -1;
	}
	app_draw_title(app);
	app_draw_steps(app, &steps);
	tui_draw_box(&box, box_title);
	tui_hints_draw_bar(hints, LINES - 1, 2, COLS - 3);
	*content = tui_draw_inner(&box);
	return 0;
}

void
tui_app_show(struct tui_app *app)
{
	int y, x;

	/* The dump reads the screen and so moves the window's cursor,
	 * which getch() would carry to the terminal: dump first. */
	if (app->dump_path != NULL)
		tui_app_dump(app, app->dump_path, NULL);
	/* The terminal's own cursor marks the field that takes the keys. */
	if (tui_draw_cursor(&y, &x)) {
		move(y, x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	refresh();
}

int
tui_app_read_key(struct tui_app *app, int timeout_ms)
{
	int key = ERR;

	(void)app;
	if (!app_signalled) {
		timeout(timeout_ms);
		key = getch();
	}
	/* Report each signal once, so a caller that goes on waiting (for a
	 * running task) does not spin. */
	if (app_signalled) {
		app_signalled = 0;
		return TUI_KEY_INTERRUPT;
	}
	if (key == ERR)
		return TUI_KEY_NONE;
	return key;
}

/* One screen row as UTF-8 without trailing blanks. */
static void
app_row_text(int y, char *out, size_t size)
{
	wchar_t wide[512];
	size_t n;
	int cols = COLS < 511 ? COLS : 511;

	out[0] = '\0';
	if (mvinnwstr(y, 0, wide, cols) == ERR)
		return;
	wide[cols] = L'\0';
	n = wcstombs(out, wide, size - 1);
	if (n == (size_t)-1)
		n = 0;
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

int
tui_app_dump(const struct tui_app *app, const char *path,
    struct hc_error *err)
{
	char tmp[4096];
	char line[2048];
	FILE *fp;
	int y, rc = -1;

	(void)app;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fp = fopen(tmp, "w");
	if (fp == NULL) {
		hc_error_set(err, HC_ERR_IO, "%s: %s", tmp, strerror(errno));
		return -1;
	}
	for (y = 0; y < LINES; y++) {
		app_row_text(y, line, sizeof line);
		fprintf(fp, "%s\n", line);
	}
	if (fclose(fp) != 0) {
		hc_error_set(err, HC_ERR_IO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (rename(tmp, path) != 0) {
		hc_error_set(err, HC_ERR_IO, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		unlink(tmp);
	return rc;
}
