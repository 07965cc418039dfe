/*
 * Keystroke cost of the diff viewer, for bench/diffview.sh.
 *
 *   diffview-bench FILE [ROUNDS]
 *
 * Loads the unified diff in FILE into a viewer and drives it on a curses
 * screen whose output goes to /dev/null. As in the review, each key is
 * handled, then the box is erased and drawn again and the screen is
 * refreshed. Each kind of key is pressed ROUNDS times (default 200), and
 * one line per kind gives the median and the largest time per key on the
 * harness's own clock.
 *
 * Under callgrind (valgrind --tool=callgrind --collect-atstart=no) only
 * the keys themselves are counted: collection is switched on around each
 * key and off around setting it up, and the counts of each kind are
 * dumped under the name "key KIND", so the script can divide them by
 * ROUNDS.
 */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Without valgrind's headers the harness still runs, on its clock only. */
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(name) ((void)(name))
#endif

#include "tui/diffview.h"

/* The review's box at 80x24, inside the frame and below the notes. */
static const struct tui_rect bench_rect = {.y = 4, .x = 20, .h = 18,
    .w = 59};

/* Search pattern, in about one line in a hundred of bench/diffview.sh's
 * diff. */
#define BENCH_PATTERN "kms_key_id"

struct bench_kind {
	const char *name;
	int key;		/* 0: space, which the review handles */
};

static const struct bench_kind bench_kinds[] = {
	{"j", 'j'},
	{"k", 'k'},
	{"pgdn", KEY_NPAGE},
	{"next-hunk", '\t'},
	{"next-file", ']'},
	{"search", '\r'},
	{"next-match", 'n'},
	{"space", 0},
};

/* Read all of path into a string the caller frees, or return NULL. */
static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long size;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto out;
	text = malloc((size_t)size + 1);
	if (text == NULL)
		goto out;
	if (fread(text, 1, (size_t)size, f) != (size_t)size) {
		free(text);
		text = NULL;
		goto out;
	}
	text[size] = '\0';
out:
	fclose(f);
	return text;
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
redraw(struct tui_diffview *view)
{
	erase();
	tui_diffview_draw(view, &bench_rect);
	refresh();
}

/* Set up the key of kind, outside what is counted. */
static void
prepare(struct tui_diffview *view, const struct bench_kind *kind)
{
	/* Keep moving: back to the start before the end is reached. */
	if (view->top + 2 * (size_t)bench_rect.h >= view->nlines ||
	    (kind->key == '\t' && tui_diffview_hunk(view) + 1 >=
	    (long)view->nhunks) || (kind->key == ']' &&
	    view->lines[view->top].file + 1 >= (long)view->nfiles))
		tui_diffview_key(view, 'g');
	if (kind->key == '\r') {
		tui_diffview_key(view, '/');
		snprintf(view->prompt, sizeof view->prompt, BENCH_PATTERN);
	}
}

/* Press the key of kind once and draw. */
static void
press(struct tui_diffview *view, const struct bench_kind *kind)
{
	if (kind->key == 0)
		tui_diffview_toggle_hunk(view,
		    (size_t)tui_diffview_hunk(view));
	else
		tui_diffview_key(view, kind->key);
	redraw(view);
}

/* Press one kind of key rounds times and print its times per key. */
static void
run_kind(struct tui_diffview *view, const struct bench_kind *kind,
    double *times, int rounds)
{
	char dump[64];
	double start;
	int i;

	for (i = 0; i < rounds; i++) {
		prepare(view, kind);
		redraw(view);
		CALLGRIND_TOGGLE_COLLECT;
		start = now_ns();
		press(view, kind);
		times[i] = now_ns() - start;
		CALLGRIND_TOGGLE_COLLECT;
	}
	snprintf(dump, sizeof dump, "key %s", kind->name);
	CALLGRIND_DUMP_STATS_AT(dump);
	qsort(times, (size_t)rounds, sizeof *times, by_value);
	printf("%-10s median %8.1f us  max %8.1f us\n", kind->name,
	    times[rounds / 2] / 1e3, times[rounds - 1] / 1e3);
}

/* A curses screen that writes to /dev/null, 80x24, with colours. */
static SCREEN *
start_screen(FILE **out, FILE **in)
{
	SCREEN *screen;

	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	if (*out == NULL || *in == NULL)
		return NULL;
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	screen = newterm("xterm-256color", *out, *in);
	if (screen == NULL)
		return NULL;
	start_color();
	use_default_colors();
	init_pair(TUI_COLOUR_ADD, COLOR_GREEN, -1);
	init_pair(TUI_COLOUR_DEL, COLOR_RED, -1);
	init_pair(TUI_COLOUR_HUNK, COLOR_CYAN, -1);
	tui_draw_set_mode(1, 1);
	return screen;
}

int
main(int argc, char **argv)
{
	struct tui_diffview view;
	FILE *out = NULL, *in = NULL;
	SCREEN *screen;
	double *times;
	char *text;
	int rounds, i;

	if (argc < 2) {
		fprintf(stderr, "usage: diffview-bench FILE [ROUNDS]\n");
		return 2;
	}
	rounds = argc > 2 ? atoi(argv[2]) : 200;
	if (rounds < 1)
		rounds = 1;
	setlocale(LC_CTYPE, "C.UTF-8");
	text = read_file(argv[1]);
	times = calloc((size_t)rounds, sizeof *times);
	if (text == NULL || times == NULL) {
		fprintf(stderr, "diffview-bench: cannot read %s: %s\n",
		    argv[1], strerror(errno));
		return 1;
	}
	screen = start_screen(&out, &in);
	if (screen == NULL) {
		fprintf(stderr, "diffview-bench: newterm failed: is the "
		    "xterm-256color terminfo entry installed?\n");
		return 1;
	}

	tui_diffview_init(&view, text);
	printf("%zu lines, %zu bytes, %zu files, %zu hunks, %d rounds\n",
	    view.nlines, view.textlen, view.nfiles, view.nhunks, rounds);
	redraw(&view);
	for (i = 0; i < (int)(sizeof bench_kinds / sizeof *bench_kinds); i++)
		run_kind(&view, &bench_kinds[i], times, rounds);
	printf("search: %zu matching lines\n", view.nmatches);

	tui_diffview_done(&view);
	endwin();
	delscreen(screen);
	fclose(out);
	fclose(in);
	free(times);
	free(text);
	return 0;
}
