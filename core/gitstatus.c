/* Uncommitted changes of the files a plan edits, read with libgit2. */
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/gitstatus.h"
#include "core/log.h"

/* The path of root/relative inside the work tree of repo. */
static int
repo_path(git_repository *repo, const char *root, const char *relative,
    char *buf, size_t size)
{
	const char *workdir = git_repository_workdir(repo);
	size_t len;
	int n;

	if (workdir == NULL)
		return -1;
	len = strlen(workdir);
	/* workdir ends in '/'; root is absolute and inside it. */
	if (strncmp(root, workdir, len - 1) != 0)
		return -1;
	root += len - 1;
	if (*root == '/')
		root++;
	n = snprintf(buf, size, "%s%s%s", root, *root ? "/" : "", relative);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
gitstatus_note_dirty(struct plan *plan, struct hc_error *err)
{
	git_repository *repo = NULL;
	char path[PATH_MAX];
	unsigned int flags;
	size_t i;
	int rc = 0;

	git_libgit2_init();
	if (git_repository_open_ext(&repo, plan->root, 0, NULL) != 0)
		goto out;
	for (i = 0; i < plan->nfiles && rc == 0; i++) {
		if (repo_path(repo, plan->root, plan->files[i].path, path,
		    sizeof path) < 0)
			continue;
		if (git_status_file(&flags, repo, path) != 0) {
			hc_log(HC_LOG_DEBUG, "gitstatus", "no status for %s: %s",
			    path, git_error_last() ? git_error_last()->message
						   : "unknown error");
			continue;
		}
		if (flags & GIT_STATUS_WT_NEW)
			rc = plan_add_note(plan, err, "%s is not committed to "
			    "git yet", plan->files[i].path);
		else if (flags & (GIT_STATUS_WT_MODIFIED |
		    GIT_STATUS_INDEX_MODIFIED | GIT_STATUS_INDEX_NEW))
			rc = plan_add_note(plan, err, "%s has uncommitted "
			    "changes in git; commit or stash them first to "
			    "review hubcred's edits on their own",
			    plan->files[i].path);
	}
out:
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
