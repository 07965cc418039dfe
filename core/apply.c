/* Atomic, journaled writes of a plan's files, and their undo. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/apply-private.h"
#include "core/apply.h"
#include "core/journal.h"
#include "core/log.h"

/* One file of a plan (or of a journal, for undo), resolved on disk. */
struct target {
	const struct plan_file *pf;
	char *abs;		/* the file to write: a symlink resolved */
	const char *rel;	/* abs relative to the root (points into abs) */
	char *dir;		/* abs's folder */
	const char *base;	/* abs's last component (points into abs) */
	bool exists;
	bool already;		/* has its new content already */
	struct stat st;		/* of abs, when it exists */
	char *tmp;		/* temp file, once written */
	char before[APPLY_SHA256_HEX];
	char after[APPLY_SHA256_HEX];
};

/* One apply or undo in progress. */
struct run {
	char *root;		/* realpath of the root */
	size_t rootlen;
	struct target *t;
	size_t n;
};

/* Add "; no file was changed" (or another outcome) to the hint. */
static void
hint_outcome(struct hc_error *err, const char *outcome)
{
	char hint[HC_ERROR_HINT_MAX];

	if (err == NULL)
		return;
	snprintf(hint, sizeof hint, "%s", err->hint);
	if (hint[0] != '\0')
		hc_error_hint(err, "%s; %s", hint, outcome);
	else
		hc_error_hint(err, "%s", outcome);
}

static void
run_done(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->t[i].tmp != NULL)
			unlink(r->t[i].tmp);
		free(r->t[i].tmp);
		free(r->t[i].abs);
		free(r->t[i].dir);
	}
	free(r->t);
	free(r->root);
	memset(r, 0, sizeof *r);
}

static int
run_init(struct run *r, const char *root, size_t n, struct hc_error *err)
{
	memset(r, 0, sizeof *r);
	r->root = realpath(root, NULL);
	if (r->root == NULL) {
		apply_error_errno(err, errno, "opening the root", root);
		return -1;
	}
	r->rootlen = strcmp(r->root, "/") == 0 ? 0 : strlen(r->root);
	r->t = calloc(n + 1, sizeof *r->t);
	if (r->t == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	r->n = n;
	return 0;
}

static bool
inside(const struct run *r, const char *path)
{
	return strncmp(path, r->root, r->rootlen) == 0 &&
	    path[r->rootlen] == '/';
}

/* A relative path of plain components: no "", "." or "..". */
static bool
path_valid(const char *path)
{
	const char *p = path, *end;
	size_t n;

	if (*path == '\0' || *path == '/')
		return false;
	for (;;) {
		end = strchr(p, '/');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (end == NULL)
			return true;
		p = end + 1;
	}
}

/* Where a symlink at name leads; it must stay inside the root. */
static int
link_follow(struct run *r, struct target *t, const char *name,
    struct hc_error *err)
{
	char *real = realpath(t->abs, NULL);

	if (real == NULL) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s is a symbolic link to "
		    "a file that does not exist", name);
		hc_error_hint(err, "fix or remove the link and run again");
		return -1;
	}
	if (!inside(r, real)) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s is a symbolic link to "
		    "%s, outside %s; hubcred does not write there", name,
		    real, r->root);
		hc_error_hint(err, "make the change in %s by hand, or replace "
		    "the link with a copy of the file", real);
		free(real);
		return -1;
	}
	free(t->abs);
	t->abs = real;
	if (lstat(t->abs, &t->st) < 0) {
		apply_error_errno(err, errno, "reading", name);
		return -1;
	}
	return 0;
}

/*
 * Resolve name (relative to the root) to the file to write: its folder
 * resolved inside the root, a symlink at the end followed when it stays
 * inside. Sets t->abs, rel, dir, base, exists and st.
 */
static int
target_resolve(struct run *r, struct target *t, const char *name,
    struct hc_error *err)
{
	char *full = NULL, *pdir = NULL;
	const char *slash = strrchr(name, '/');
	int rc = -1;

	if (!path_valid(name)) {
		hc_error_set(err, HC_ERR_INPUT, "%s is not a path inside the "
		    "root", name);
		return -1;
	}
	if (asprintf(&full, "%s/%s", r->root, name) < 0) {
		full = NULL;
		goto nomem;
	}
	if (slash != NULL) {
		char *parent = apply_dir_of(full);

		if (parent == NULL)
			goto nomem;
		pdir = realpath(parent, NULL);
		free(parent);
	} else {
		pdir = realpath(r->root, NULL);
	}
	if (pdir == NULL) {
		apply_error_errno(err, errno, "opening the folder of", name);
		goto out;
	}
	if (strcmp(pdir, r->root) != 0 && !inside(r, pdir)) {
		hc_error_set(err, HC_ERR_CONFLICT, "the folder of %s is %s, "
		    "outside %s; hubcred does not write there", name, pdir,
		    r->root);
		hc_error_hint(err, "make the change in %s by hand, or replace "
		    "the link to that folder with a copy", pdir);
		goto out;
	}
	if (asprintf(&t->abs, "%s/%s", pdir,
	    slash != NULL ? slash + 1 : name) < 0) {
		t->abs = NULL;
		goto nomem;
	}
	t->exists = lstat(t->abs, &t->st) == 0;
	if (!t->exists && errno != ENOENT) {
		apply_error_errno(err, errno, "reading", name);
		goto out;
	}
	if (t->exists && S_ISLNK(t->st.st_mode) &&
	    link_follow(r, t, name, err) < 0)
		goto out;
	if (t->exists && !S_ISREG(t->st.st_mode)) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s is not a regular file",
		    name);
		goto out;
	}
	t->dir = apply_dir_of(t->abs);
	if (t->dir == NULL)
		goto nomem;
	t->rel = t->abs + r->rootlen + 1;
	t->base = strrchr(t->abs, '/') + 1;
	rc = 0;
	goto out;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
out:
	free(full);
	free(pdir);
	return rc;
}

/* Both the file and its folder must be writable; never forced. */
static int
target_writable(const struct target *t, const char *name,
    struct hc_error *err)
{
	struct stat dst;

	/* Mode bits are checked as well as access(2), because root may
	 * write anything: a read-only file was made so on purpose. */
	if (t->exists && ((t->st.st_mode & 0222) == 0 ||
	    access(t->abs, W_OK) < 0)) {
		hc_error_set(err, HC_ERR_IO, "%s is read-only", name);
		hc_error_hint(err, "make it writable (chmod u+w %s) and run "
		    "again; hubcred does not override that", t->rel);
		return -1;
	}
	if (stat(t->dir, &dst) < 0) {
		apply_error_errno(err, errno, "reading the folder of", name);
		return -1;
	}
	if ((dst.st_mode & 0222) == 0 || access(t->dir, W_OK | X_OK) < 0) {
		hc_error_set(err, HC_ERR_IO, "the folder %s of %s is "
		    "read-only", t->dir, name);
		hc_error_hint(err, "make it writable (chmod u+w %s) and run "
		    "again; hubcred writes a new file next to the old one "
		    "and renames it", t->dir);
		return -1;
	}
	return 0;
}

static bool
same_text(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Compare the file on disk with what the plan expects to find there. */
static int
target_compare(struct target *t, struct hc_error *err)
{
	const struct plan_file *pf = t->pf;
	char *have = NULL;
	size_t len;
	int rc = -1;

	apply_sha256_hex(pf->new_text, pf->new_len, t->after);
	if (pf->old_text != NULL)
		apply_sha256_hex(pf->old_text, pf->old_len, t->before);
	if (!t->exists) {
		if (pf->old_text == NULL)
			return 0;
		hc_error_set(err, HC_ERR_CONFLICT, "%s was removed since its "
		    "diff was made", pf->path);
		goto changed;
	}
	if (apply_read_file(t->abs, pf->path, &have, &len, err) < 0)
		return -1;
	if (same_text(have, len, pf->new_text, pf->new_len)) {
		t->already = true;
		rc = 0;
	} else if (pf->old_text == NULL) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s exists now, but the "
		    "plan creates it", pf->path);
	} else if (!same_text(have, len, pf->old_text, pf->old_len)) {
		char sum[APPLY_SHA256_HEX];

		/* Log the SHA-256 values, because the journal records
		 * files by them too. */
		apply_sha256_hex(have, len, sum);
		hc_log(HC_LOG_INFO, "apply", "%s: sha256 %s, expected %s",
		    pf->path, sum, t->before);
		hc_error_set(err, HC_ERR_CONFLICT, "%s changed since its diff "
		    "was made", pf->path);
	} else {
		rc = 0;
	}
	free(have);
	if (rc == 0)
		return 0;
changed:
	hc_error_hint(err, "run hubcred again, so the changes are planned "
	    "from the current files; nothing was written");
	return -1;
}

/* Resolve and check every file of plan into r. */
static int
run_check(struct run *r, const struct plan *plan, struct hc_error *err)
{
	size_t i, k;

	if (run_init(r, plan->root, plan->nfiles, err) < 0)
		return -1;
	for (i = 0; i < plan->nfiles; i++) {
		struct target *t = &r->t[i];

		t->pf = &plan->files[i];
		if (target_resolve(r, t, t->pf->path, err) < 0 ||
		    target_compare(t, err) < 0)
			return -1;
		if (!t->already && target_writable(t, t->pf->path, err) < 0)
			return -1;
		for (k = 0; k < i; k++) {
			if (strcmp(r->t[k].abs, t->abs) != 0)
				continue;
			hc_error_set(err, HC_ERR_INPUT, "%s and %s are the "
			    "same file", r->t[k].pf->path, t->pf->path);
			return -1;
		}
	}
	return 0;
}

int
apply_check(const struct plan *plan, struct hc_error *err)
{
	struct run r;
	int rc;

	if (sodium_init() < 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot start libsodium");
		return -1;
	}
	rc = run_check(&r, plan, err);
	run_done(&r);
	return rc;
}

/* Journal every file and back up the originals, before any rename. */
static int
journal_prepare(struct run *r, struct journal *j, const struct plan *plan,
    const struct apply_options *opts, struct hc_error *err)
{
	const struct plan_secret *s = &plan->secret;
	const char *arn = s->arn;
	size_t i;

	if (journal_create(j, plan->root, err) < 0)
		return -1;
	if (opts != NULL && opts->secret_arn != NULL &&
	    opts->secret_arn[0] != '\0')
		arn = opts->secret_arn;
	j->secret_action = s->action;
	snprintf(j->secret_name, sizeof j->secret_name, "%s", s->name);
	snprintf(j->secret_arn, sizeof j->secret_arn, "%s", arn);
	snprintf(j->secret_region, sizeof j->secret_region, "%s", s->region);
	for (i = 0; i < r->n; i++) {
		const struct target *t = &r->t[i];
		const struct plan_file *pf = t->pf;

		if (journal_add_file(j, pf->path, t->rel, pf->old_text == NULL,
		    t->already, t->before, t->after, err) < 0)
			return -1;
		/* The plan's old text is what the file held: checked just
		 * now, or before an interrupted apply wrote it. */
		if (pf->old_text != NULL && journal_write_backup(j, i,
		    pf->old_text, pf->old_len, err) < 0)
			return -1;
	}
	if (apply_fsync_dir(j->dir, err) < 0)
		return -1;
	return journal_save(j, JOURNAL_PREPARED, err);
}

/* Phase one: every new content in a temp file next to its file. */
static int
temps_write(struct run *r, struct hc_error *err)
{
	size_t i;
	int fd;

	for (i = 0; i < r->n; i++) {
		struct target *t = &r->t[i];

		if (t->already)
			continue;
		fd = apply_temp_open(t->dir, t->base, &t->tmp, err);
		if (fd >= 0 && t->exists)
			apply_copy_xattrs(t->abs, fd, t->pf->path);
		if (fd < 0 || apply_temp_fill(fd, t->pf->path,
		    t->pf->new_text, t->pf->new_len,
		    t->exists ? &t->st : NULL, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * Compare a file to replace with its old text once more, so an edit made
 * by someone else while hubcred was writing is not overwritten.
 */
static int
target_recheck(const struct target *t, struct hc_error *err)
{
	struct stat st;
	size_t len;
	char *have;
	int same;

	if (!t->exists) {
		same = lstat(t->abs, &st) < 0 && errno == ENOENT;
	} else {
		if (apply_read_file(t->abs, t->pf->path, &have, &len,
		    err) < 0)
			return -1;
		same = same_text(have, len, t->pf->old_text, t->pf->old_len);
		free(have);
	}
	if (!same) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s changed while hubcred "
		    "was writing", t->pf->path);
		hc_error_hint(err, "run hubcred again once nothing else edits "
		    "the files");
		return -1;
	}
	return 0;
}

/* Recheck every file before the first rename, when failing is clean. */
static int
targets_recheck(struct run *r, struct hc_error *err)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->t[i].tmp != NULL && target_recheck(&r->t[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Remove the temp files not renamed yet. */
static void
temps_remove(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->t[i].tmp != NULL)
			unlink(r->t[i].tmp);
		free(r->t[i].tmp);
		r->t[i].tmp = NULL;
	}
}

/* Put back the files renamed before a failed rename. */
static int
renames_roll_back(struct run *r, size_t done)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < done; i++) {
		struct target *t = &r->t[i];

		if (t->already)
			continue;
		if (!t->exists) {
			if (unlink(t->abs) < 0)
				rc = -1;
		} else if (apply_replace(t->abs, t->pf->path, t->pf->old_text,
		    t->pf->old_len, &t->st, NULL) < 0) {
			rc = -1;
		}
	}
	return rc;
}

/* Phase two: rename every temp file over its file, then sync folders. */
static int
renames_do(struct run *r, struct journal *j, struct hc_error *err)
{
	size_t i, k;

	for (i = 0; i < r->n; i++) {
		struct target *t = &r->t[i];

		if (t->tmp == NULL)
			continue;
		/* Checked again just before its own rename, which leaves
		 * the smallest window for an edit to be lost. */
		if (target_recheck(t, err) < 0 || rename(t->tmp, t->abs) < 0) {
			apply_error_errno(err, errno, "replacing",
			    t->pf->path);
			/* Temp files go before the journal: a crash in
			 * between leaves a journal that recovery uses to
			 * find them. */
			temps_remove(r);
			if (renames_roll_back(r, i) == 0) {
				journal_remove(j, NULL);
				hint_outcome(err, "no file was changed");
			} else {
				hint_outcome(err, "some files were changed: "
				    "run hubcred undo to restore them");
			}
			return -1;
		}
		free(t->tmp);
		t->tmp = NULL;
		if (j->files[i].backup != NULL)
			hc_log(HC_LOG_INFO, "apply", "wrote %s, backup %s/%s",
			    t->rel, j->dir, j->files[i].backup);
		else
			hc_log(HC_LOG_INFO, "apply", "created %s", t->rel);
	}
	for (i = 0; i < r->n; i++) {
		for (k = 0; k < i; k++) {
			if (strcmp(r->t[k].dir, r->t[i].dir) == 0)
				break;
		}
		if (k == i && !r->t[i].already &&
		    apply_fsync_dir(r->t[i].dir, err) < 0) {
			hint_outcome(err, "the files were written but may not "
			    "be on disk yet");
			return -1;
		}
	}
	return 0;
}

static void
result_fill(struct apply_result *out, const struct run *r,
    const struct journal *j)
{
	size_t i;

	if (out == NULL)
		return;
	if (j->dir != NULL)
		snprintf(out->journal, sizeof out->journal, "%s", j->dir);
	for (i = 0; i < r->n; i++) {
		if (r->t[i].already) {
			out->nalready++;
			continue;
		}
		out->nwritten++;
		if (!r->t[i].exists)
			out->ncreated++;
	}
}

int
apply_plan(const struct plan *plan, const struct apply_options *opts,
    struct apply_result *out, struct hc_error *err)
{
	struct lock *own = NULL;
	struct journal j = { 0 };
	struct run r = { 0 };
	size_t i, nchange = 0;
	int rc = -1;

	if (out != NULL)
		memset(out, 0, sizeof *out);
	if (sodium_init() < 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot start libsodium");
		return -1;
	}
	if (opts == NULL || opts->lock == NULL) {
		own = lock_take(plan->root, err);
		if (own == NULL)
			return -1;
	}
	if (out != NULL)
		snprintf(out->note, sizeof out->note, "%s",
		    lock_note(own != NULL ? own : opts->lock));
	journal_recover(plan->root);
	if (run_check(&r, plan, err) < 0)
		goto out;
	for (i = 0; i < r.n; i++)
		nchange += !r.t[i].already;
	if (nchange == 0) {
		rc = 0;
		goto out;
	}
	if (journal_prepare(&r, &j, plan, opts, err) < 0) {
		if (j.dir != NULL)
			journal_remove(&j, NULL);
		hint_outcome(err, "no file was changed");
		goto out;
	}
	if (temps_write(&r, err) < 0 || targets_recheck(&r, err) < 0) {
		/* Temp files go first: a crash in between leaves a
		 * journal that recovery uses to find them. */
		temps_remove(&r);
		journal_remove(&j, NULL);
		hint_outcome(err, "no file was changed");
		goto out;
	}
	if (renames_do(&r, &j, err) < 0)
		goto out;
	if (journal_save(&j, JOURNAL_APPLIED, NULL) < 0)
		hc_log(HC_LOG_ERROR, "apply", "%s stays marked prepared; "
		    "undo handles it the same", j.dir);
	hc_log(HC_LOG_INFO, "apply", "wrote %zu files, journal %s", nchange,
	    j.dir);
	rc = 0;
out:
	if (rc == 0)
		result_fill(out, &r, &j);
	run_done(&r);
	journal_done(&j);
	lock_release(own);
	return rc;
}

enum undo_state {
	UNDO_AT_BEFORE,		/* nothing to put back */
	UNDO_AT_AFTER,		/* has what the apply wrote */
	UNDO_CHANGED,		/* changed by someone else since */
};

/* Classify file f of a journal by its current content. */
static int
undo_look(struct run *r, struct target *t, const struct journal_file *f,
    enum undo_state *state, struct hc_error *err)
{
	char sum[APPLY_SHA256_HEX];
	char *have = NULL;
	size_t len;

	if (target_resolve(r, t, f->target, err) < 0)
		return -1;
	if (!t->exists) {
		*state = f->created ? UNDO_AT_BEFORE : UNDO_CHANGED;
		return 0;
	}
	if (apply_read_file(t->abs, f->path, &have, &len, err) < 0)
		return -1;
	apply_sha256_hex(have, len, sum);
	free(have);
	if (strcmp(sum, f->after) == 0)
		*state = UNDO_AT_AFTER;
	else if (!f->created && strcmp(sum, f->before) == 0)
		*state = UNDO_AT_BEFORE;
	else
		*state = UNDO_CHANGED;
	return 0;
}

static void
undo_conflict(const struct journal *j, const struct journal_file *f,
    const struct target *t, struct hc_error *err)
{
	if (f->created) {
		hc_error_set(err, HC_ERR_CONFLICT, "%s, created by hubcred, "
		    "changed after hubcred wrote it", f->path);
		hc_error_hint(err, "delete it by hand if it is not wanted, "
		    "then run hubcred undo again to undo the rest");
	} else {
		hc_error_set(err, HC_ERR_CONFLICT, "%s %s after hubcred wrote "
		    "it", f->path, t->exists ? "changed" : "was removed");
		hc_error_hint(err, "its content from before is in %s/%s: "
		    "merge it by hand, or copy it back and run hubcred undo "
		    "again", j->dir, f->backup);
	}
}

/* Give file f its content from before the apply. */
static int
undo_file(const struct journal *j, const struct journal_file *f,
    struct target *t, struct hc_error *err)
{
	char path[PATH_MAX], sum[APPLY_SHA256_HEX];
	char *old = NULL;
	size_t len;
	int rc = -1;

	if (f->created) {
		if (unlink(t->abs) < 0) {
			apply_error_errno(err, errno, "removing", f->path);
			return -1;
		}
		return apply_fsync_dir(t->dir, err);
	}
	if (apply_path(path, sizeof path, "%s/%s", j->dir, f->backup) < 0) {
		apply_error_errno(err, errno, "reading the backup of",
		    f->path);
		return -1;
	}
	if (apply_read_file(path, path, &old, &len, err) < 0)
		return -1;
	apply_sha256_hex(old, len, sum);
	if (strcmp(sum, f->before) != 0) {
		hc_error_set(err, HC_ERR_CONFLICT, "the backup %s of %s is "
		    "damaged", path, f->path);
		goto out;
	}
	rc = apply_replace(t->abs, f->path, old, len, &t->st, err);
out:
	free(old);
	return rc;
}

static void
undo_result_fill(struct undo_result *out, const struct journal *j)
{
	snprintf(out->journal, sizeof out->journal, "%s", j->dir);
	out->secret_action = j->secret_action;
	snprintf(out->secret_name, sizeof out->secret_name, "%s",
	    j->secret_name);
	snprintf(out->secret_arn, sizeof out->secret_arn, "%s",
	    j->secret_arn);
	snprintf(out->secret_region, sizeof out->secret_region, "%s",
	    j->secret_region);
	if (j->secret_action == PLAN_SECRET_CREATE && j->secret_arn[0])
		snprintf(out->secret_hint, sizeof out->secret_hint,
		    "undo does not touch AWS; to delete the secret too: aws "
		    "secretsmanager delete-secret --secret-id %s --region %s",
		    j->secret_arn, j->secret_region);
	else if (j->secret_action == PLAN_SECRET_UPDATE && j->secret_arn[0])
		snprintf(out->secret_hint, sizeof out->secret_hint,
		    "undo does not touch AWS; the secret's previous value is "
		    "its AWSPREVIOUS version: aws secretsmanager "
		    "get-secret-value --secret-id %s --region %s "
		    "--version-stage AWSPREVIOUS", j->secret_arn,
		    j->secret_region);
}

/*
 * Undo journal j. Returns 1 when it was an interrupted apply that had
 * changed nothing (the caller moves on to the one before), 0 when done.
 */
static int
undo_journal(const char *root, struct journal *j, struct undo_result *out,
    struct hc_error *err)
{
	enum undo_state *state = NULL;
	struct run r = { 0 };
	size_t i, nafter = 0;
	int rc = -1;

	if (run_init(&r, root, j->nfiles, err) < 0)
		goto out;
	state = calloc(j->nfiles + 1, sizeof *state);
	if (state == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < j->nfiles; i++) {
		if (undo_look(&r, &r.t[i], &j->files[i], &state[i], err) < 0)
			goto out;
		if (state[i] == UNDO_CHANGED) {
			undo_conflict(j, &j->files[i], &r.t[i], err);
			goto out;
		}
		if (state[i] == UNDO_AT_AFTER) {
			nafter++;
			if (target_writable(&r.t[i], j->files[i].path,
			    err) < 0)
				goto out;
		}
	}
	if (nafter == 0 && strcmp(j->status, JOURNAL_APPLIED) != 0) {
		rc = journal_save(j, JOURNAL_UNDONE, err) < 0 ? -1 : 1;
		goto out;
	}
	if (journal_save(j, JOURNAL_UNDOING, err) < 0)
		goto out;
	for (i = 0; i < j->nfiles; i++) {
		if (state[i] != UNDO_AT_AFTER) {
			out->nunchanged++;
			continue;
		}
		if (undo_file(j, &j->files[i], &r.t[i], err) < 0) {
			hint_outcome(err, "run hubcred undo again once that "
			    "is fixed");
			goto out;
		}
		if (j->files[i].created)
			out->ndeleted++;
		else
			out->nrestored++;
	}
	rc = journal_save(j, JOURNAL_UNDONE, err);
	undo_result_fill(out, j);
out:
	free(state);
	run_done(&r);
	return rc;
}

int
apply_undo(const char *root, struct undo_result *out, struct hc_error *err)
{
	struct undo_result scratch;
	struct journal j = { 0 };
	struct lock *lock;
	char **names = NULL, state[PATH_MAX];
	size_t i, skipped = 0;
	int rc = -1, step;

	if (out == NULL)
		out = &scratch;
	memset(out, 0, sizeof *out);
	if (sodium_init() < 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot start libsodium");
		return -1;
	}
	lock = lock_take(root, err);
	if (lock == NULL)
		return -1;
	journal_recover(root);
	if (journal_list(root, &names, err) < 0)
		goto out;
	for (i = 0; names[i] != NULL; i++) {
		if (journal_load(&j, root, names[i], err) < 0)
			goto out;
		if (strcmp(j.status, JOURNAL_UNDONE) == 0) {
			journal_done(&j);
			continue;
		}
		step = undo_journal(root, &j, out, err);
		journal_done(&j);
		if (step < 0)
			goto out;
		if (step == 0) {
			rc = 0;
			break;
		}
		skipped++;
	}
	if (rc < 0) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "nothing to undo in %s",
		    root);
		if (apply_state_dir(root, state, sizeof state, NULL) < 0)
			snprintf(state, sizeof state, "its state folder");
		hc_error_hint(err, "hubcred undo reverts the last apply "
		    "recorded in %s/journal", state);
		goto out;
	}
	if (skipped > 0 || lock_took_over(lock))
		snprintf(out->note, sizeof out->note, "%s%s%s",
		    lock_note(lock), lock_note(lock)[0] && skipped ? "; " : "",
		    skipped ? "an interrupted apply that had changed nothing "
		    "was set aside" : "");
out:
	journal_names_free(names);
	journal_done(&j);
	lock_release(lock);
	return rc;
}
