/*
 * Unified diffs of a plan's files, split into hunks a person can accept or
 * reject one by one.
 *
 * A diff is built once from a plan (libgit2 computes the hunks, with three
 * lines of context) and owns copies of everything it needs: it stays valid
 * after the plan is freed. Lines keep their exact bytes, so a selection of
 * hunks rebuilds the files byte for byte, CRLF and a missing final newline
 * included.
 *
 * Hunk ids look like "main.tf:3f2a9c1e": the file's path, a colon and the
 * first 8 hex digits of a SHA-256 over the path, the hunk header and every
 * line of the hunk (origin and bytes). The same plan gives the same ids on
 * every run; an id stops matching as soon as its hunk reads differently.
 */
#ifndef HUBCRED_CORE_DIFF_H
#define HUBCRED_CORE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "core/plan.h"

/* Line ending of a line in its file. */
enum diff_eol {
	DIFF_EOL_LF,
	DIFF_EOL_CRLF,
	DIFF_EOL_NONE,		/* last line of a file with no final newline */
};

struct diff_line {
	char origin;		/* ' ' context, '+' added, '-' removed */
	char *text;		/* the line without its line ending; NUL-
				   terminated, may hold a '\r' mid-line */
	size_t len;
	enum diff_eol eol;
	int old_lineno;		/* 1-based; -1 for an added line */
	int new_lineno;		/* 1-based; -1 for a removed line */
};

#define DIFF_HUNK_ID_MAX 1040

struct diff_hunk {
	char id[DIFF_HUNK_ID_MAX];	/* "<path>:<8 hex digits>" */
	char *header;		/* "@@ -12,6 +12,9 @@ resource ..." without
				   the newline */
	size_t index;		/* position among all hunks of the diff */
	int old_start, old_lines;
	int new_start, new_lines;
	struct diff_line *lines;
	size_t nlines;
};

struct diff_file {
	char *path;		/* as in the plan: relative, '/' separated */
	bool created;		/* the plan creates it: diffed against empty */
	char *old_text;		/* the plan's old text ("" if created) */
	size_t old_len;
	struct diff_hunk *hunks;
	size_t nhunks;
};

struct diff {
	char *root;
	struct plan_secret secret;	/* copied, so a selection keeps it */
	char **notes;
	size_t nnotes;
	struct diff_file *files;
	size_t nfiles;
	size_t nhunks;		/* over all files */
};

/*
 * Diff every file of plan. Returns a diff the caller frees with
 * diff_free(), or NULL with err set (out of memory, or a file that libgit2
 * classifies as binary).
 */
struct diff *diff_new(const struct plan *plan, struct hc_error *err);
void diff_free(struct diff *d);

/* The hunk with that id, or NULL. The pointer lives as long as d. */
const struct diff_hunk *diff_find_hunk(const struct diff *d, const char *id);

/*
 * Write the hunks whose accept[index] is true (all when accept is NULL) as
 * a unified diff to out ("--- a/path", "+++ b/path", "--- /dev/null" for a
 * created file; "\ No newline at end of file" where git writes it). Files
 * with no accepted hunk are left out. Fails only on a write error.
 */
int diff_render_unified(const struct diff *d, const bool *accept,
    FILE *out, struct hc_error *err);

/* The same into a NUL-terminated string the caller frees. */
char *diff_render_string(const struct diff *d, const bool *accept,
    struct hc_error *err);

/*
 * Build in out (initialised here; the caller calls plan_done()) the plan
 * that makes only the accepted hunks: each file's new text is its old text
 * with those hunks applied. A file with no accepted hunk is left out; a
 * created file is kept only when its hunk is accepted. Root, secret and
 * notes are carried over. accept has d->nhunks entries.
 */
int diff_select_mask(const struct diff *d, const bool *accept,
    struct plan *out, struct hc_error *err);

/*
 * Like diff_select_mask() with the accepted hunks named by id in a
 * NULL-terminated array. An id that names no hunk of d is an error that
 * names it (HC_ERR_INPUT), and out is left empty.
 */
int diff_select(const struct diff *d, const char *const *hunk_ids,
    struct plan *out, struct hc_error *err);

#endif
