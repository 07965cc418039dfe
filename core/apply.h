/*
 * Carry out the file part of a plan, safely, and undo it.
 *
 * apply_plan() takes ROOT/.hubcred/lock and checks that every file still
 * has the content its diff was made from. It journals the originals and
 * writes each new content to a temp file next to its file. Only once all
 * of them are written and fsynced does it rename them over the originals.
 * A failure before the renames leaves every file as it was. A crash at any
 * point leaves each file entirely old or entirely new, and running apply
 * or undo again finishes the job. The caller does the remote secret write
 * first and passes the ARN through the options, so the journal records
 * it. See docs/internals/APPLY.md.
 */
#ifndef HUBCRED_CORE_APPLY_H
#define HUBCRED_CORE_APPLY_H

#include <limits.h>
#include <stddef.h>

#include "core/error.h"
#include "core/lock.h"
#include "core/plan.h"

/*
 * Keep the lock and journals of every root under
 * dir/<root's name>-<hash of its real path> instead of ROOT/.hubcred, so
 * nothing is added to the root (dir is copied; NULL goes back to
 * ROOT/.hubcred). The lock then only keeps out runs of users who share
 * dir.
 */
int apply_set_state_home(const char *dir, struct hc_error *err);

struct apply_options {
	/* The lock of the plan's root when the caller already holds it
	 * (taken before the secret write); NULL: apply takes and releases
	 * its own. */
	struct lock *lock;

	/* ARN the secret write produced; NULL or "": plan->secret.arn. */
	const char *secret_arn;
};

struct apply_result {
	char journal[PATH_MAX];	/* journal folder; "" if nothing written */
	size_t nwritten;	/* files replaced or created */
	size_t ncreated;	/* of which created */
	size_t nalready;	/* files that already had their new content */
	char note[512];		/* e.g. an interrupted run's lock taken over;
				   "" when there is nothing to say */
};

/*
 * Check, without writing anything, that the plan can be applied. Each
 * file must be inside the root and have the content its diff was made
 * from, or already its new content. A file to create must not exist.
 * Each file to write and its folder must be writable. The errors are
 * those of apply_plan(). Callers run it before the secret write, so an
 * apply that would fail writes nothing to AWS either.
 */
int apply_check(const struct plan *plan, struct hc_error *err);

/*
 * Apply the file changes of plan (opts may be NULL) and fill out (may be
 * NULL) with what was done. Errors: HC_ERR_CONFLICT when the lock is held
 * (naming the holder) or a file changed since the diff (naming it),
 * HC_ERR_IO for read-only files or folders and write failures, with a
 * hint. A file that already has its new content is left alone, so
 * applying the same plan twice, or after an interrupted apply, is safe.
 */
int apply_plan(const struct plan *plan, const struct apply_options *opts,
    struct apply_result *out, struct hc_error *err);

struct undo_result {
	char journal[PATH_MAX];	/* journal that was undone */
	size_t nrestored;	/* files given back their old content */
	size_t ndeleted;	/* created files removed */
	size_t nunchanged;	/* files that already had it */

	/* The remote write of that apply, which undo leaves alone. */
	enum plan_secret_action secret_action;
	char secret_name[512];
	char secret_arn[2048];
	char secret_region[64];
	char secret_hint[2560];	/* how to delete the secret; "" if none */
	char note[512];		/* "" when there is nothing to say */
};

/*
 * Undo the last apply in root. When every file it wrote still has the
 * content it wrote, restore the backups (atomically, as apply writes) and
 * delete the files it created. Otherwise fail with HC_ERR_CONFLICT,
 * naming the file that changed and where its backup is. AWS is never
 * touched: out names the secret the apply wrote and how to delete it.
 * Fails with HC_ERR_NOT_FOUND when there is nothing to undo.
 */
int apply_undo(const char *root, struct undo_result *out,
    struct hc_error *err);

#endif
