/*
 * Listing the CodeBuild projects of a large tree, for `hubcred scan`.
 *
 * tf_scan_run() reads the same files and finds the same projects, with
 * the same images and statuses, as tf_root_load() and tf_root_projects().
 * It parses the tree folder by folder on a few threads. Of each module it
 * keeps only what resolving values across modules needs: module calls and
 * their arguments, variable defaults, locals, tfvars values and its
 * projects. Every tree is freed once its module is summarised, so memory
 * stays a fraction of the tree's size. The wizard and doctor,
 * which edit and check the trees, use tf_root_load().
 */
#ifndef HUBCRED_CORE_TF_SCAN_H
#define HUBCRED_CORE_TF_SCAN_H

#include <stddef.h>

#include "core/error.h"

struct tf_scan_project {
	char *address;		/* module.ci.aws_codebuild_project.main */
	const char *file;	/* relative to the directory */
	int line;		/* of the resource block, 1-based */
	char *image;		/* resolved, or "unknown" */
	const char *status;	/* as tf_project.status */
};

struct tf_scan {
	size_t nmodules;
	size_t nfiles;
	size_t bytes;		/* total size of the files read */
	char **paths;		/* the files, relative, sorted */
	struct tf_scan_project *projects;	/* in tf_root_projects()
						   order */
	size_t nprojects;
};

/*
 * Scan dir with threads parsing threads (0: one per online CPU, at most
 * 8). The result does not depend on the number of threads. On failure
 * returns NULL with err set as tf_root_load() sets it: for parse errors,
 * those of the first failing file in path order. The caller frees the
 * result with tf_scan_free().
 */
struct tf_scan *tf_scan_run(const char *dir, unsigned threads,
    struct hc_error *err);
void tf_scan_free(struct tf_scan *scan);

#endif
