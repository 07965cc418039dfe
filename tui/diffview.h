/*
 * A viewer for unified diffs: the list of files with their added and
 * removed line counts, then the hunks, scrolled by line or by hunk. Added
 * lines are green and removed lines red when colours are on; the '+' and
 * '-' in the first column carry the meaning either way.
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

struct tui_diff_file {
	char *name;
	size_t first;		/* index of its first line */
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
	size_t *hunks;		/* line index of each @@ line */
	size_t nhunks;
	unsigned char *rejected;	/* per hunk: 1 when rejected */
	size_t top;		/* first body line on screen */
	int left;		/* characters hidden on the left of body
				   lines, after the +/- column */
	int body_rows;		/* rows the body had at the last draw */
};

/* Parse a unified diff (copied). Unknown lines are shown as headers, and
 * running out of memory exits through tui_app_die(), so it cannot fail.
 * Free with tui_diffview_done(). */
void tui_diffview_init(struct tui_diffview *view, const char *diff);
void tui_diffview_done(struct tui_diffview *view);

void tui_diffview_draw(struct tui_diffview *view, const struct tui_rect *rect);

/* j/k, arrows, space, PgUp/PgDn, g/G, n/p (next, previous hunk), and
 * right/left or >/< to scroll long lines sideways. The left arrow is the
 * viewer's only while the lines are scrolled. Returns 1 when the key was
 * the viewer's. */
int tui_diffview_key(struct tui_diffview *view, int key);

/* Return the index of the hunk under the cursor (the one that contains
 * the top line, or the first when the top is above it), or -1 without
 * hunks. */
long tui_diffview_hunk(const struct tui_diffview *view);

/* Mark a hunk rejected, or accepted again. Every hunk starts accepted,
 * and rejected hunks are drawn dim with a marker on their @@ line. */
void tui_diffview_toggle_hunk(struct tui_diffview *view, size_t hunk);

/* Return 1 when the hunk is accepted. */
int tui_diffview_hunk_accepted(const struct tui_diffview *view, size_t hunk);

/* Return the number of accepted hunks. */
size_t tui_diffview_accepted_count(const struct tui_diffview *view);

#endif
