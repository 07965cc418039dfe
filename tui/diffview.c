/* Unified diff viewer: file list, coloured hunks, line and hunk motion. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/diffview.h"
#include "tui/xalloc.h"

/* Rows of the file list at most; more files are summed up in one row. */
#define DIFF_FILE_ROWS 4

/* Characters one sideways scroll moves. */
#define DIFF_SIDE_STEP 8

static int
starts(const char *text, const char *prefix)
{
	return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The file name of a "--- a/x" or "+++ b/x" line, without the prefix. */
static const char *
header_name(const char *line)
{
	const char *name = line + 4;

	if (starts(name, "a/") || starts(name, "b/"))
		name += 2;
	return name;
}

static char *
name_dup(const char *name)
{
	char *copy = tui_xstrdup(name);

	/* git puts a tab and a timestamp after the name in some forms. */
	copy[strcspn(copy, "\t")] = '\0';
	return copy;
}

static void
add_file(struct tui_diffview *view, size_t first, const char *minus,
    const char *plus)
{
	struct tui_diff_file *file;
	const char *name = header_name(plus);

	if (strcmp(plus + 4, "/dev/null") == 0)
		name = header_name(minus);
	view->files = tui_xreallocarray(view->files, view->nfiles + 1,
	    sizeof *view->files);
	file = &view->files[view->nfiles++];
	memset(file, 0, sizeof *file);
	file->name = name_dup(name);
	file->first = first;
}

/* Lines left to read in the current hunk, from its "@@" header. */
struct hunk_left {
	long old_lines;
	long new_lines;
};

static int
hunk_open(const struct hunk_left *left)
{
	return left->old_lines > 0 || left->new_lines > 0;
}

/* One side of a hunk range, "12,3" or "12" (a count of 1). */
static long
range_count(const char *p, const char **end)
{
	long count = 1;
	char *q;

	strtol(p, &q, 10);
	if (*q == ',')
		count = strtol(q + 1, &q, 10);
	*end = q;
	return count;
}

/* Read the counts of "@@ -a[,b] +c[,d] @@". */
static void
hunk_start(struct hunk_left *left, const char *header)
{
	const char *p = header + 2;

	left->old_lines = 0;
	left->new_lines = 0;
	while (*p == ' ')
		p++;
	if (*p++ != '-')
		return;
	left->old_lines = range_count(p, &p);
	while (*p == ' ')
		p++;
	if (*p++ != '+')
		return;
	left->new_lines = range_count(p, &p);
}

/*
 * Kind of one line. Inside a hunk the counts decide, so a removed line
 * that reads "-- x" is never taken for a "--- file" header.
 */
static enum tui_diff_kind
line_kind(const char *text, struct hunk_left *left)
{
	if (!hunk_open(left))
		return starts(text, "@@") ? TUI_DIFF_HUNK : TUI_DIFF_HEADER;
	switch (text[0]) {
	case '+':
		left->new_lines--;
		return TUI_DIFF_ADD;
	case '-':
		left->old_lines--;
		return TUI_DIFF_DEL;
	case '\\':
		return TUI_DIFF_CONTEXT;
	}
	left->old_lines--;
	left->new_lines--;
	return TUI_DIFF_CONTEXT;
}

/* Split the copy into lines (in place). */
static void
split_lines(struct tui_diffview *view)
{
	size_t cap = 0;
	char *p = view->text;
	char *nl;

	while (*p != '\0') {
		if (view->nlines == cap) {
			cap = cap ? cap * 2 : 64;
			view->lines = tui_xreallocarray(view->lines, cap,
			    sizeof *view->lines);
		}
		nl = strchr(p, '\n');
		if (nl != NULL)
			*nl = '\0';
		view->lines[view->nlines].text = p;
		view->lines[view->nlines].file = -1;
		view->nlines++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* Classify each line and collect files and hunks. */
static void
index_lines(struct tui_diffview *view)
{
	struct hunk_left left = {0, 0};
	struct tui_diff_line *line;
	size_t i;

	for (i = 0; i < view->nlines; i++) {
		line = &view->lines[i];
		if (!hunk_open(&left) && starts(line->text, "--- ") &&
		    i + 1 < view->nlines &&
		    starts(view->lines[i + 1].text, "+++ "))
			add_file(view, i, line->text, view->lines[i + 1].text);
		line->kind = line_kind(line->text, &left);
		line->file = (long)view->nfiles - 1;
		if (line->kind == TUI_DIFF_HUNK) {
			hunk_start(&left, line->text);
			view->hunks = tui_xreallocarray(view->hunks,
			    view->nhunks + 1, sizeof *view->hunks);
			view->hunks[view->nhunks++] = i;
		}
		if (line->file < 0)
			continue;
		if (line->kind == TUI_DIFF_HUNK)
			view->files[line->file].hunks++;
		else if (line->kind == TUI_DIFF_ADD)
			view->files[line->file].adds++;
		else if (line->kind == TUI_DIFF_DEL)
			view->files[line->file].dels++;
	}
}

void
tui_diffview_init(struct tui_diffview *view, const char *diff)
{
	memset(view, 0, sizeof *view);
	view->text = tui_xstrdup(diff);
	split_lines(view);
	index_lines(view);

	view->rejected = tui_xcalloc(view->nhunks + 1,
	    sizeof *view->rejected);

	/* Open on the first hunk: the file list above names its file. */
	if (view->nhunks > 0)
		view->top = view->hunks[0];
}

void
tui_diffview_done(struct tui_diffview *view)
{
	size_t i;

	for (i = 0; i < view->nfiles; i++)
		free(view->files[i].name);
	free(view->files);
	free(view->lines);
	free(view->hunks);
	free(view->rejected);
	free(view->text);
	memset(view, 0, sizeof *view);
}

static int
kind_attr(enum tui_diff_kind kind)
{
	switch (kind) {
	case TUI_DIFF_ADD:
		return tui_draw_attr(TUI_COLOUR_ADD);
	case TUI_DIFF_DEL:
		return tui_draw_attr(TUI_COLOUR_DEL);
	case TUI_DIFF_HUNK:
		return tui_draw_attr(TUI_COLOUR_HUNK);
	case TUI_DIFF_HEADER:
		return A_BOLD;
	case TUI_DIFF_CONTEXT:
		break;
	}
	return A_NORMAL;
}

/* Index of the hunk that contains line, or -1 before the first. */
static long
hunk_at(const struct tui_diffview *view, size_t line)
{
	long found = -1;
	size_t i;

	for (i = 0; i < view->nhunks && view->hunks[i] <= line; i++)
		found = (long)i;
	return found;
}

/* The file list; returns the rows used. */
static int
draw_files(const struct tui_diffview *view, const struct tui_rect *rect)
{
	long current = view->top < view->nlines ?
	    view->lines[view->top].file : -1;
	long hunk = hunk_at(view, view->top);
	int more = view->nfiles > DIFF_FILE_ROWS;
	char line[512];
	size_t i;
	int row = 0;

	for (i = 0; i < view->nfiles && row < rect->h; i++, row++) {
		if (row == DIFF_FILE_ROWS - 1 && more) {
			snprintf(line, sizeof line, "   and %zu more files",
			    view->nfiles - i);
			tui_draw_line(rect->y + row, rect->x, rect->w, line,
			    tui_draw_attr(TUI_COLOUR_DIM));
			row++;
			break;
		}
		snprintf(line, sizeof line, " %s %s  +%zu -%zu",
		    (long)i == current ? tui_draw_glyph(TUI_GLYPH_CURRENT) :
		    " ", view->files[i].name, view->files[i].adds,
		    view->files[i].dels);
		tui_draw_line(rect->y + row, rect->x, rect->w, line,
		    (long)i == current ? A_BOLD : A_NORMAL);
	}
	if (row > 0 && view->nhunks > 0) {
		/* Above the first hunk, the first is the one in view. */
		snprintf(line, sizeof line, "%zu of %zu hunks accepted  "
		    "hunk %ld/%zu", tui_diffview_accepted_count(view),
		    view->nhunks, hunk < 0 ? 1 : hunk + 1, view->nhunks);
		tui_draw_text(rect->y, rect->x + rect->w - (int)strlen(line),
		    (int)strlen(line), line, tui_draw_attr(TUI_COLOUR_DIM));
	}
	return row;
}

/* Skip n characters of UTF-8 text, stopping at its end. */
static const char *
skip_chars(const char *text, int n)
{
	while (n-- > 0 && *text != '\0') {
		text++;
		while ((*text & 0xc0) == 0x80)
			text++;
	}
	return text;
}

/*
 * One body line. Changed and context lines keep their +/- column while
 * the rest scrolls sideways; a cut line ends in an ellipsis, so nothing
 * is hidden without a sign.
 */
static void
draw_line(const struct tui_diffview *view, const struct tui_diff_line *line,
    int y, const struct tui_rect *rect, int rejected)
{
	int attr = rejected ? (int)(tui_draw_attr(TUI_COLOUR_DIM) | A_DIM) :
	    kind_attr(line->kind);
	char mark[2] = {line->text[0], '\0'};
	char header[1024];

	if (line->kind == TUI_DIFF_HUNK && rejected) {
		snprintf(header, sizeof header, "[rejected] %s", line->text);
		tui_draw_fit(y, rect->x, rect->w, header, attr);
		return;
	}
	if (line->kind == TUI_DIFF_HEADER || line->kind == TUI_DIFF_HUNK ||
	    line->text[0] == '\0') {
		tui_draw_fit(y, rect->x, rect->w, line->text, attr);
		return;
	}
	tui_draw_text(y, rect->x, 1, mark, attr);
	tui_draw_fit(y, rect->x + 1, rect->w - 1,
	    skip_chars(line->text + 1, view->left), attr);
}

void
tui_diffview_draw(struct tui_diffview *view, const struct tui_rect *rect)
{
	const struct tui_diff_line *line;
	int used, row, rejected;
	long hunk;
	size_t i;

	used = draw_files(view, rect);
	if (used > 0)
		used++;
	view->body_rows = rect->h - used;
	if (view->nlines == 0) {
		tui_draw_text(rect->y + used, rect->x, rect->w,
		    "(no changes)", tui_draw_attr(TUI_COLOUR_DIM));
		return;
	}
	for (row = 0, i = view->top; row < view->body_rows &&
	    i < view->nlines; row++, i++) {
		line = &view->lines[i];
		hunk = hunk_at(view, i);
		rejected = line->kind != TUI_DIFF_HEADER && hunk >= 0 &&
		    view->rejected[hunk];
		draw_line(view, line, rect->y + used + row, rect, rejected);
	}
}

/* Bytes in the longest line: enough to bound sideways scrolling. */
static int
longest_line(const struct tui_diffview *view)
{
	size_t longest = 0, n, i;

	for (i = 0; i < view->nlines; i++) {
		n = strlen(view->lines[i].text);
		if (n > longest)
			longest = n;
	}
	return longest > 100000 ? 100000 : (int)longest;
}

static void
scroll_to(struct tui_diffview *view, long top)
{
	long last = (long)view->nlines - (view->body_rows > 0 ?
	    view->body_rows : 1);

	if (top > last)
		top = last;
	if (top < 0)
		top = 0;
	view->top = (size_t)top;
}

static void
jump_hunk(struct tui_diffview *view, int forward)
{
	size_t i;

	if (forward) {
		for (i = 0; i < view->nhunks; i++) {
			if (view->hunks[i] > view->top) {
				view->top = view->hunks[i];
				return;
			}
		}
		return;
	}
	for (i = view->nhunks; i > 0; i--) {
		if (view->hunks[i - 1] < view->top) {
			view->top = view->hunks[i - 1];
			return;
		}
	}
}

int
tui_diffview_key(struct tui_diffview *view, int key)
{
	long page = view->body_rows > 1 ? view->body_rows - 1 : 1;

	switch (key) {
	case 'j':
	case KEY_DOWN:
		scroll_to(view, (long)view->top + 1);
		return 1;
	case 'k':
	case KEY_UP:
		scroll_to(view, (long)view->top - 1);
		return 1;
	case ' ':
	case KEY_NPAGE:
		scroll_to(view, (long)view->top + page);
		return 1;
	case 'b':
	case KEY_PPAGE:
		scroll_to(view, (long)view->top - page);
		return 1;
	case 'g':
	case KEY_HOME:
		view->top = 0;
		return 1;
	case 'G':
	case KEY_END:
		scroll_to(view, (long)view->nlines);
		return 1;
	case KEY_RIGHT:
	case 'l':
	case '>':
		if (view->left + DIFF_SIDE_STEP < longest_line(view))
			view->left += DIFF_SIDE_STEP;
		return 1;
	case KEY_LEFT:
	case '<':
		if (view->left == 0)
			return key == '<';
		view->left = view->left > DIFF_SIDE_STEP ?
		    view->left - DIFF_SIDE_STEP : 0;
		return 1;
	case 'n':
		jump_hunk(view, 1);
		return 1;
	case 'p':
		jump_hunk(view, 0);
		return 1;
	}
	return 0;
}

long
tui_diffview_hunk(const struct tui_diffview *view)
{
	long hunk;

	if (view->nhunks == 0)
		return -1;
	hunk = hunk_at(view, view->top);
	return hunk < 0 ? 0 : hunk;
}

void
tui_diffview_toggle_hunk(struct tui_diffview *view, size_t hunk)
{
	if (hunk < view->nhunks)
		view->rejected[hunk] = !view->rejected[hunk];
}

int
tui_diffview_hunk_accepted(const struct tui_diffview *view, size_t hunk)
{
	return hunk < view->nhunks && !view->rejected[hunk];
}

size_t
tui_diffview_accepted_count(const struct tui_diffview *view)
{
	size_t count = 0, i;

	for (i = 0; i < view->nhunks; i++)
		count += !view->rejected[i];
	return count;
}
