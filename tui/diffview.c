/*
 * Unified diff viewer: file list, coloured hunks, motion by line, hunk and
 * file, and search.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/app.h"
#include "tui/diffview.h"
#include "tui/xalloc.h"

/* Rows of the file list at most; more files are summed up in one row. */
#define DIFF_FILE_ROWS 4

/* Characters one sideways scroll moves. */
#define DIFF_SIDE_STEP 8

/* Maximum line length, in bytes, that sideways scrolling reaches. */
#define DIFF_LONGEST_MAX 100000

/* Prefix of a rejected hunk's @@ line. */
#define DIFF_REJECTED "[rejected] "

/* Messages for a search that went round an end of the diff. */
#define DIFF_WRAPPED_DOWN "search hit the bottom, went on from the top"
#define DIFF_WRAPPED_UP "search hit the top, went on from the bottom"

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
	file->first_hunk = -1;
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

/* Split the copy into lines (in place) and find the longest. */
static void
split_lines(struct tui_diffview *view)
{
	size_t cap = 0, longest = 0;
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
		if ((size_t)(nl - p) > longest)
			longest = (size_t)(nl - p);
		p = nl + 1;
	}
	if (strlen(p) > longest)
		longest = strlen(p);
	view->longest = longest > DIFF_LONGEST_MAX ? DIFF_LONGEST_MAX :
	    (int)longest;
}

static void
add_hunk(struct tui_diffview *view, size_t line, size_t *cap)
{
	if (view->nhunks == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		view->hunks = tui_xreallocarray(view->hunks, *cap,
		    sizeof *view->hunks);
	}
	view->hunks[view->nhunks++] = line;
}

/*
 * Classify each line and collect files and hunks. Each line's hunk is
 * kept so that drawing a row and moving by hunk never search the list.
 */
static void
index_lines(struct tui_diffview *view)
{
	struct hunk_left left = {0, 0};
	struct tui_diff_line *line;
	struct tui_diff_file *file;
	size_t i, cap = 0;

	view->line_hunk = tui_xcalloc(view->nlines + 1,
	    sizeof *view->line_hunk);
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
			add_hunk(view, i, &cap);
		}
		view->line_hunk[i] = (long)view->nhunks - 1;
		if (line->file < 0)
			continue;
		file = &view->files[line->file];
		if (line->kind == TUI_DIFF_HUNK && file->hunks++ == 0)
			file->first_hunk = (long)view->nhunks - 1;
		else if (line->kind == TUI_DIFF_ADD)
			file->adds++;
		else if (line->kind == TUI_DIFF_DEL)
			file->dels++;
	}
}

void
tui_diffview_init(struct tui_diffview *view, const char *diff)
{
	memset(view, 0, sizeof *view);
	view->text = tui_xstrdup(diff);
	view->textlen = strlen(view->text);
	split_lines(view);
	index_lines(view);

	view->rejected = tui_xcalloc(view->nhunks + 1,
	    sizeof *view->rejected);
	view->naccepted = view->nhunks;

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
	free(view->line_hunk);
	free(view->hunks);
	free(view->rejected);
	free(view->folded);
	free(view->matches);
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
	return line < view->nlines ? view->line_hunk[line] : -1;
}

/* File of the top line, or -1 above the first file. */
static long
current_file(const struct tui_diffview *view)
{
	return view->top < view->nlines ? view->lines[view->top].file : -1;
}

/*
 * Return the hunk under the cursor: the one that contains the top line,
 * except on a file's header lines, which belong to the hunk below them.
 * Returns -1 without hunks.
 */
static long
cursor_hunk(const struct tui_diffview *view)
{
	long hunk = hunk_at(view, view->top);
	long file = current_file(view);

	if (view->nhunks == 0)
		return -1;
	if (file >= 0 && view->lines[view->top].kind == TUI_DIFF_HEADER &&
	    view->files[file].first_hunk > hunk)
		return view->files[file].first_hunk;
	return hunk < 0 ? 0 : hunk;
}

/* One row of the file list. */
static void
draw_file(const struct tui_diffview *view, size_t i, long current, int y,
    const struct tui_rect *rect, char *line, size_t size)
{
	snprintf(line, size, " %s %s  +%zu -%zu",
	    (long)i == current ? tui_draw_glyph(TUI_GLYPH_CURRENT) : " ",
	    view->files[i].name, view->files[i].adds, view->files[i].dels);
	tui_draw_line(y, rect->x, rect->w, line,
	    (long)i == current ? A_BOLD : A_NORMAL);
}

/*
 * Draw the file list and return the rows used. With more files than rows
 * it shows the current file and its neighbours, and a row that shows the
 * current file's number.
 */
static int
draw_files(const struct tui_diffview *view, const struct tui_rect *rect)
{
	long current = current_file(view);
	long hunk = cursor_hunk(view);
	int more = view->nfiles > DIFF_FILE_ROWS;
	size_t shown = more ? DIFF_FILE_ROWS - 1 : view->nfiles;
	size_t first = 0, i;
	char line[512], top[512] = "";
	int row = 0, room;

	if (more && current > 0)
		first = (size_t)current - 1 < view->nfiles - shown ?
		    (size_t)current - 1 : view->nfiles - shown;
	for (i = first; i < first + shown && row < rect->h; i++, row++)
		draw_file(view, i, current, rect->y + row, rect,
		    row == 0 ? top : line, sizeof line);
	if (more && row < rect->h) {
		snprintf(line, sizeof line, "   file %ld of %zu  (] and [ "
		    "move between files)", current < 0 ? 1 : current + 1,
		    view->nfiles);
		tui_draw_line(rect->y + row, rect->x, rect->w, line,
		    tui_draw_attr(TUI_COLOUR_DIM));
		row++;
	}
	if (row > 0 && view->nhunks > 0) {
		/* On the first file's row, after its text and two spaces,
		 * with one blank column before the box's right border: the
		 * long form, the short one, or nothing where neither fits. */
		room = rect->w - 1 - tui_draw_width(top) - 2;
		snprintf(line, sizeof line, "%zu of %zu %s accepted  "
		    "hunk %ld/%zu", view->naccepted, view->nhunks,
		    view->nhunks == 1 ? "hunk" : "hunks", hunk + 1,
		    view->nhunks);
		if ((int)strlen(line) > room)
			snprintf(line, sizeof line, "%zu/%zu accepted",
			    view->naccepted, view->nhunks);
		if ((int)strlen(line) <= room)
			tui_draw_text(rect->y, rect->x + rect->w - 1 -
			    (int)strlen(line), (int)strlen(line), line,
			    tui_draw_attr(TUI_COLOUR_DIM));
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

/* Display width of the n bytes at text. A span of 1024 bytes or more
 * counts as 1024 cells, which is wider than any row. */
static int
span_width(const char *text, size_t n)
{
	char buf[1024];

	if (n >= sizeof buf)
		return (int)sizeof buf;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return tui_draw_width(buf);
}

/*
 * Screen position of part of a line: the bytes from start to end are
 * drawn from column x on. A body line has two pieces, its +/- column and
 * the rest after the sideways scroll.
 */
struct piece {
	const char *start;
	const char *end;
	int x;
};

/* Reverse the cells of the bytes from..to that fall inside piece. */
static void
highlight(const struct piece *piece, const char *from, const char *to,
    int y, const struct tui_rect *rect, int attr)
{
	int x, n, right = rect->x + rect->w;

	if (from < piece->start)
		from = piece->start;
	if (to > piece->end)
		to = piece->end;
	if (from >= to)
		return;
	x = piece->x + span_width(piece->start, (size_t)(from - piece->start));
	if (x >= right)
		return;
	n = span_width(from, (size_t)(to - from));
	if (n > right - x)
		n = right - x;
	mvchgat(y, x, n, (attr & ~A_COLOR) | A_REVERSE, PAIR_NUMBER(attr),
	    NULL);
}

/*
 * Reverse every match of the search in a drawn line. A case-blind search
 * looks in the folded copy, whose bytes sit at the same offsets.
 */
static void
highlight_matches(const struct tui_diffview *view,
    const struct tui_diff_line *line, const struct piece *pieces,
    int npieces, int y, const struct tui_rect *rect, int attr)
{
	size_t len = strlen(view->pattern);
	const char *hay = line->text;
	const char *p, *hit;
	int i;

	if (len == 0)
		return;
	if (view->fold)
		hay = view->folded + (line->text - view->text);
	for (p = hay; (hit = strstr(p, view->pattern)) != NULL;
	    p = hit + len) {
		for (i = 0; i < npieces; i++)
			highlight(&pieces[i], line->text + (hit - hay),
			    line->text + (hit - hay) + len, y, rect, attr);
		/* Past the right edge nothing more shows. */
		if (span_width(line->text, (size_t)(hit - hay)) >
		    view->left + rect->w)
			break;
	}
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
	const char *end = line->text + strlen(line->text);
	char mark[2] = {line->text[0], '\0'};
	char header[1024];
	struct piece pieces[2];
	int npieces = 1;

	pieces[0] = (struct piece){line->text, end, rect->x};
	if (line->kind == TUI_DIFF_HUNK && rejected) {
		snprintf(header, sizeof header, DIFF_REJECTED "%s",
		    line->text);
		tui_draw_fit(y, rect->x, rect->w, header, attr);
		pieces[0].x += (int)strlen(DIFF_REJECTED);
	} else if (line->kind == TUI_DIFF_HEADER ||
	    line->kind == TUI_DIFF_HUNK || line->text[0] == '\0') {
		tui_draw_fit(y, rect->x, rect->w, line->text, attr);
	} else {
		tui_draw_text(y, rect->x, 1, mark, attr);
		pieces[1].start = skip_chars(line->text + 1, view->left);
		pieces[1].end = end;
		pieces[1].x = rect->x + 1;
		pieces[0].end = line->text + 1;
		npieces = 2;
		tui_draw_fit(y, rect->x + 1, rect->w - 1, pieces[1].start,
		    attr);
	}
	if (view->pattern[0] != '\0')
		highlight_matches(view, line, pieces, npieces, y, rect, attr);
}

/* Position of the first match at or after line (nmatches when none). */
static size_t
match_from(const struct tui_diffview *view, size_t line)
{
	size_t lo = 0, hi = view->nmatches, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (view->matches[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Draw the bottom row: the prompt, a message, or the current match. */
static void
draw_status(const struct tui_diffview *view, int y,
    const struct tui_rect *rect)
{
	char line[TUI_DIFF_PATTERN_MAX + 64];
	size_t at;
	int used;

	if (view->prompting) {
		snprintf(line, sizeof line, "/%s", view->prompt);
		used = tui_draw_text(y, rect->x, rect->w, line, A_NORMAL);
		/* A cursor cell that shows without colours. */
		if (used < rect->w)
			tui_draw_text(y, rect->x + used, 1, " ", A_REVERSE);
		return;
	}
	if (view->message != NULL) {
		tui_draw_fit(y, rect->x, rect->w, view->message, A_BOLD);
		return;
	}
	at = match_from(view, view->top);
	if (at < view->nmatches && view->matches[at] == view->top)
		snprintf(line, sizeof line, "/%s  match %zu of %zu lines",
		    view->pattern, at + 1, view->nmatches);
	else
		snprintf(line, sizeof line, "/%s  %zu matching lines",
		    view->pattern, view->nmatches);
	tui_draw_fit(y, rect->x, rect->w, line, tui_draw_attr(TUI_COLOUR_DIM));
}

void
tui_diffview_draw(struct tui_diffview *view, const struct tui_rect *rect)
{
	const struct tui_diff_line *line;
	int used, row, rejected, status;
	long hunk;
	size_t i;

	status = view->prompting || view->message != NULL ||
	    view->pattern[0] != '\0';
	used = draw_files(view, rect);
	if (used > 0)
		used++;
	view->body_rows = rect->h - used - status;
	if (status && rect->h > 0)
		draw_status(view, rect->y + rect->h - 1, rect);
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

/* To the next hunk, or back to the start of this one or the previous. */
static void
jump_hunk(struct tui_diffview *view, int forward)
{
	long hunk = hunk_at(view, view->top);

	if (view->nhunks == 0)
		return;
	if (forward) {
		if (hunk + 1 < (long)view->nhunks)
			view->top = view->hunks[hunk + 1];
		return;
	}
	if (hunk >= 0 && view->hunks[hunk] == view->top)
		hunk--;
	if (hunk >= 0)
		view->top = view->hunks[hunk];
}

/* Where a file is shown from: its first hunk, or its header. */
static size_t
file_start(const struct tui_diffview *view, size_t file)
{
	const struct tui_diff_file *f = &view->files[file];

	return f->first_hunk >= 0 ? view->hunks[f->first_hunk] : f->first;
}

/* To the next file, or back to the start of this one or the previous. */
static void
jump_file(struct tui_diffview *view, int forward)
{
	long file = current_file(view);

	if (view->nfiles == 0)
		return;
	if (forward) {
		if (file + 1 < (long)view->nfiles)
			view->top = file_start(view, (size_t)(file + 1));
		return;
	}
	if (file >= 0 && file_start(view, (size_t)file) >= view->top)
		file--;
	if (file >= 0)
		view->top = file_start(view, (size_t)file);
}

/* Make the lower-case copy a case-blind search looks in. */
static void
fold_text(struct tui_diffview *view)
{
	size_t i;
	char c;

	if (view->folded != NULL)
		return;
	view->folded = tui_xreallocarray(NULL, view->textlen + 1, 1);
	for (i = 0; i <= view->textlen; i++) {
		c = view->text[i];
		view->folded[i] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
	}
}

/* Index of the line that contains byte offset off of the text. */
static size_t
line_of(const struct tui_diffview *view, size_t off)
{
	size_t lo = 0, hi = view->nlines, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if ((size_t)(view->lines[mid].text - view->text) <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Collect the lines that contain the pattern. The text is searched as one
 * block, because the line ends are NUL bytes, which no pattern contains.
 * The cost is one pass over the bytes, not a call per line.
 */
static void
find_matches(struct tui_diffview *view)
{
	const char *hay = view->fold ? view->folded : view->text;
	size_t len = strlen(view->pattern), off = 0, line;
	const char *hit;

	if (view->matches == NULL)
		view->matches = tui_xcalloc(view->nlines + 1,
		    sizeof *view->matches);
	view->nmatches = 0;
	while (off < view->textlen && (hit = memmem(hay + off,
	    view->textlen - off, view->pattern, len)) != NULL) {
		line = line_of(view, (size_t)(hit - hay));
		view->matches[view->nmatches++] = line;
		/* One entry a line: go on at the next line. */
		if (line + 1 >= view->nlines)
			break;
		off = (size_t)(view->lines[line + 1].text - view->text);
	}
}

static void
not_found(struct tui_diffview *view)
{
	snprintf(view->message_buf, sizeof view->message_buf,
	    "pattern not found: %s", view->prompt);
	view->message = view->message_buf;
}

/* To the next or previous match, round the end of the diff. */
static void
search_step(struct tui_diffview *view, int forward)
{
	size_t at;

	if (forward) {
		at = match_from(view, view->top + 1);
		if (at == view->nmatches) {
			at = 0;
			view->message = DIFF_WRAPPED_DOWN;
		}
	} else {
		at = match_from(view, view->top);
		if (at == 0) {
			at = view->nmatches;
			view->message = DIFF_WRAPPED_UP;
		}
		at--;
	}
	view->top = view->matches[at];
}

/*
 * Run the prompt's search from the top line. A case-blind search (no
 * capital in the pattern) folds the pattern and the text to lower case.
 */
static void
search_run(struct tui_diffview *view)
{
	char *p;

	view->nmatches = 0;
	view->pattern[0] = '\0';
	if (view->prompt[0] == '\0')
		return;
	memcpy(view->pattern, view->prompt, sizeof view->pattern);
	view->fold = 1;
	for (p = view->pattern; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			view->fold = 0;
	if (view->fold)
		fold_text(view);
	find_matches(view);
	if (view->nmatches == 0) {
		not_found(view);
		view->pattern[0] = '\0';
		return;
	}
	if (match_from(view, view->top) == view->nmatches)
		view->message = DIFF_WRAPPED_DOWN;
	view->top = view->matches[match_from(view, view->top) %
	    view->nmatches];
}

/* A key while the prompt is open: every key is the prompt's. */
static int
prompt_key(struct tui_diffview *view, int key)
{
	size_t len = strlen(view->prompt);

	switch (key) {
	case TUI_KEY_ESC:
		view->prompting = 0;
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		view->prompting = 0;
		search_run(view);
		return 1;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (len == 0)
			view->prompting = 0;
		/* Drop a whole UTF-8 character. */
		while (len > 0 && (view->prompt[--len] & 0xc0) == 0x80)
			;
		view->prompt[len] = '\0';
		return 1;
	}
	if (key >= ' ' && key <= 0xff && key != 127 &&
	    len + 1 < sizeof view->prompt) {
		view->prompt[len] = (char)key;
		view->prompt[len + 1] = '\0';
	}
	return 1;
}

/* Motion keys; returns 1 when the key was one. */
static int
motion_key(struct tui_diffview *view, int key)
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
		if (view->left + DIFF_SIDE_STEP < view->longest)
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
	case '\t':
		jump_hunk(view, 1);
		return 1;
	case 'p':
	case 'N':
	case KEY_BTAB:
		jump_hunk(view, 0);
		return 1;
	case ']':
		jump_file(view, 1);
		return 1;
	case '[':
		jump_file(view, 0);
		return 1;
	}
	return 0;
}

int
tui_diffview_key(struct tui_diffview *view, int key)
{
	/* A message is read by the time the next key comes. */
	view->message = NULL;
	if (view->prompting)
		return prompt_key(view, key);
	if (key == '/') {
		view->prompting = 1;
		view->prompt[0] = '\0';
		return 1;
	}
	if (view->pattern[0] != '\0' && (key == 'n' || key == 'N')) {
		search_step(view, key == 'n');
		return 1;
	}
	return motion_key(view, key);
}

int
tui_diffview_prompting(const struct tui_diffview *view)
{
	return view->prompting;
}

int
tui_diffview_searching(const struct tui_diffview *view)
{
	return view->pattern[0] != '\0';
}

void
tui_diffview_clear_search(struct tui_diffview *view)
{
	view->pattern[0] = '\0';
	view->nmatches = 0;
}

long
tui_diffview_hunk(const struct tui_diffview *view)
{
	return cursor_hunk(view);
}

void
tui_diffview_toggle_hunk(struct tui_diffview *view, size_t hunk)
{
	view->message = NULL;
	if (hunk >= view->nhunks)
		return;
	view->rejected[hunk] = !view->rejected[hunk];
	if (view->rejected[hunk])
		view->naccepted--;
	else
		view->naccepted++;
}

int
tui_diffview_hunk_accepted(const struct tui_diffview *view, size_t hunk)
{
	return hunk < view->nhunks && !view->rejected[hunk];
}

size_t
tui_diffview_accepted_count(const struct tui_diffview *view)
{
	return view->naccepted;
}
