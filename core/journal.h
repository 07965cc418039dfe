/*
 * The journal of one apply: journal/<timestamp>-<pid>/ in the root's state
 * folder (ROOT/.hubcred by default). It contains manifest.json and a
 * backup of each file's original content. The manifest lists each file's
 * path, SHA-256 before and after and whether it was created, and the
 * remote write to Secrets Manager (never the secret value). It is on
 * disk, fsynced, before the first file is renamed, so `hubcred undo` can
 * always find what to put back. See docs/internals/APPLY.md.
 */
#ifndef HUBCRED_CORE_JOURNAL_H
#define HUBCRED_CORE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/plan.h"

/* Journal states, in the order a journal goes through them. */
#define JOURNAL_PREPARED "prepared"	/* saved; files may be renamed */
#define JOURNAL_APPLIED "applied"	/* every file has its new content */
#define JOURNAL_UNDOING "undoing"	/* undo started */
#define JOURNAL_UNDONE "undone"		/* undo finished; never reused */

struct journal_file {
	char *path;		/* as in the plan, relative to the root */
	char *target;		/* file written: path, or where the symlink
				   at path leads, relative to the root */
	bool created;		/* did not exist before */
	bool already;		/* had its new content before this apply */
	char before[65];	/* hex SHA-256; "" when created */
	char after[65];
	char *backup;		/* name in the journal folder; NULL when
				   created */
};

struct journal {
	char *root;		/* as given */
	char *dir;		/* the journal's folder */
	char *name;		/* "<timestamp>-<pid>" */
	char status[16];
	char started[40];
	struct journal_file *files;
	size_t nfiles;

	/* The remote effect done before the files were written. */
	enum plan_secret_action secret_action;
	char secret_name[512];
	char secret_arn[2048];
	char secret_region[64];
};

/*
 * Make a new journal folder under the root's state folder (which must
 * exist). j is initialised here; free it with journal_done().
 */
int journal_create(struct journal *j, const char *root, struct hc_error *err);

/* Add a file entry (strings copied); backup content written separately. */
int journal_add_file(struct journal *j, const char *path, const char *target,
    bool created, bool already, const char *before, const char *after,
    struct hc_error *err);

/*
 * Write backup content for file entry i (a new file in the journal
 * folder, fsynced) and record its name in the entry.
 */
int journal_write_backup(struct journal *j, size_t i, const char *buf,
    size_t len, struct hc_error *err);

/* Save manifest.json with status (atomic replace, folder fsynced). */
int journal_save(struct journal *j, const char *status,
    struct hc_error *err);

/* Read journal name of root into j (initialised here). */
int journal_load(struct journal *j, const char *root, const char *name,
    struct hc_error *err);

/*
 * Names of root's journals, newest first, in *names (a NULL-terminated
 * array the caller frees with journal_names_free()). No journal folder
 * is not an error: *names is then empty.
 */
int journal_list(const char *root, char ***names, struct hc_error *err);
void journal_names_free(char **names);

/* Remove the journal's folder and everything in it. */
int journal_remove(struct journal *j, struct hc_error *err);

/*
 * Clean up after interrupted runs (call with the lock held): remove
 * temp files named after the files of journals that never finished, and
 * journal folders that never got a manifest.
 */
void journal_recover(const char *root);

void journal_done(struct journal *j);

#endif
