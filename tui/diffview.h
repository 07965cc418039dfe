/*
 * A viewer for unified diffs: the list of files with their added and
 * removed line counts, then the hunks, scrolled by line, hunk or file,
 * and searched for text. Added lines are green and removed lines red when
 * colours are on. The '+' and '-' in the first column carry the meaning
 * either way, and search matches are in reverse video.
 *
 * Every key but the Enter that runs a search costs the same whatever the
 * size of the diff: init indexes each line's hunk and file once, and a
 * draw touches only the rows on screen.
 */
#ifndef HUBCRED_TUI_DIFFVIEW_H
#define HUBCRED_TUI_DIFFVIEW_H

#include <stddef.h>

#include "tui/draw.h"

enum tui_diff_kind {
	TUI_DIFF_HEADER,	/* diff, index, ---, +++ lines */
	TUI_DIFF_HUNK,		/* @@ -a,b +c,d @@ */
	TUI_DIFF_CONTEXT,
	TUI_DIFF_ADD,
	TUI_DIFF_DEL,
};

struct tui_diff_line {
	const char *text;	/* points into the view's copy; no '\n' */
	enum tui_diff_kind kind;
	long file;		/* index in files, -1 before the first */
};

/* Maximum length of a search pattern, in bytes, terminator included. */
#define TUI_DIFF_PATTERN_MAX 128

struct tui_diff_file {
	char *name;
	size_t first;		/* index of its first line */
	long first_hunk;	/* index in hunks, -1 when it has none */
	size_t adds;
	size_t dels;
	size_t hunks;
};

struct tui_diffview {
	char *text;		/* owned copy, split in place */
	struct tui_diff_line *lines;
	size_t nlines;
	struct tui_diff_file *files;
	size_t nfiles;
	size_t textlen;		/* bytes in text */
	long *line_hunk;	/* per line: index in hunks of the hunk
				   that holds it, -1 before the first */
	size_t *hunks;		/* line index of each @@ line */
	size_t nhunks;
	unsigned char *rejected;	/* per hunk: 1 when rejected */
	size_t naccepted;
	int longest;		/* bytes in the longest line, capped */
	size_t top;		/* first body line on screen */
	int left;		/* characters hidden on the left of body
				   lines, after the +/- column */
	int body_rows;		/* rows the body had at the last draw */

	/* Search. The prompt is open while prompting is 1. The pattern
	 * contains the last search run, or "" when none is set. */
	int prompting;
	char prompt[TUI_DIFF_PATTERN_MAX];
	char pattern[TUI_DIFF_PATTERN_MAX];
	int fold;		/* 1: the pattern ignores case */
	char *folded;		/* text with ASCII letters in lower case,
				   made by the first search that needs it */
	size_t *matches;	/* line indexes that match, ascending */
	size_t nmatches;
	const char *message;	/* shown on the bottom row until the next
				   key, or NULL: a literal or message_buf */
	char message_buf[TUI_DIFF_PATTERN_MAX + 64];
};

/* Parse a unified diff (copied). Unknown lines are shown as headers, and
 * running out of memory exits through tui_app_die(), so it cannot fail.
 * Free with tui_diffview_done(). */
void tui_diffview_init(struct tui_diffview *view, const char *diff);
void tui_diffview_done(struct tui_diffview *view);

void tui_diffview_draw(struct tui_diffview *view, const struct tui_rect *rect);

/*
 * j/k, arrows, space, PgUp/PgDn, g/G; tab and shift-tab (next, previous
 * hunk); ] and [ (next, previous file); right/left or >/< to scroll long
 * lines sideways; / to open the search prompt. n and N go to the next and
 * previous line that matches the search, or without a search to the next
 * and previous hunk (p too, always). The left arrow is the viewer's only
 * while the lines are scrolled.
 *
 * While the prompt is open every key is the viewer's. Text is typed into
 * it and Backspace deletes. Esc closes it and keeps the search that was
 * set. Enter runs the search from the top line, or clears the search when
 * the prompt is empty. Returns 1 when the key was the viewer's.
 */
int tui_diffview_key(struct tui_diffview *view, int key);

/* Return 1 while the search prompt is open. */
int tui_diffview_prompting(const struct tui_diffview *view);

/* Return 1 when a search is set (n and N move between matches). */
int tui_diffview_searching(const struct tui_diffview *view);

/* Drop the search that is set, as Esc does before it leaves the step. */
void tui_diffview_clear_search(struct tui_diffview *view);

/* Return the index of the hunk under the cursor (the one that contains
 * the top line; on a file's header lines, or above the first hunk, the
 * hunk below), or -1 without hunks. */
long tui_diffview_hunk(const struct tui_diffview *view);

/* Mark a hunk rejected, or accepted again. Every hunk starts accepted,
 * and rejected hunks are drawn dim with a marker on their @@ line. */
void tui_diffview_toggle_hunk(struct tui_diffview *view, size_t hunk);

/* Return 1 when the hunk is accepted. */
int tui_diffview_hunk_accepted(const struct tui_diffview *view, size_t hunk);

/* Return the number of accepted hunks. */
size_t tui_diffview_accepted_count(const struct tui_diffview *view);

#endif
