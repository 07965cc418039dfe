/*
 * A Terraform configuration directory: its files, modules and tfvars.
 *
 * tf_root_load() reads every .tf, .tfvars, .tf.json and .tfvars.json
 * file below a directory (hidden folders and .terraform/ skipped),
 * parses them all, and groups them into modules: one per folder with .tf
 * or .tf.json files. Symbolic links are followed as Terraform follows
 * them, also out of the directory. A file keeps the path it has in the
 * tree. A file that really lies outside also gets its real path, so that
 * it is read but never written. Module calls whose
 * source is a local path ("./..." or "../...") are resolved to the module
 * of that folder. The modules no other module calls are the roots.
 * Projects are modelled in core/tf/project.h.
 */
#ifndef HUBCRED_CORE_TF_ROOT_H
#define HUBCRED_CORE_TF_ROOT_H

#include <stddef.h>

#include "core/error.h"
#include "core/hcl/tree.h"

struct tf_project;
struct tf_block_index;
struct json_t;

/* A file in HCL native syntax (hcl set) or JSON syntax (json set). */
struct tf_file {
	char *path;		/* relative to the directory, '/' separated */
	char *link;		/* the real path, when a symbolic link (the
				   file or a folder above it) leads out of
				   the directory; NULL inside it */
	struct hcl_file *hcl;
	struct json_t *json;	/* .tf.json and .tfvars.json */
	char *text;		/* the bytes of a JSON file */
	size_t len;
	int module;		/* index of its module, -1 for a tfvars file
				   outside any module folder */
	int tfvars;		/* a .tfvars file */
};

struct tf_module_call {
	char name[128];
	size_t file;		/* index into root->files */
	const struct hcl_item *item;	/* NULL in a JSON file */
	struct json_t *json;	/* the call's object in a JSON file */
	char source[512];
	int local;		/* source is a local path */
	int target;		/* module index, -1 when not in the tree */
};

struct tf_module {
	char *dir;		/* relative; "." for the directory itself */
	size_t *files;		/* indices of its .tf files, sorted */
	size_t nfiles;
	size_t *json_files;	/* indices of its .tf.json files */
	size_t njson_files;
	struct tf_module_call *calls;
	size_t ncalls;
	int called;		/* some module calls it */
	int legacy;		/* required_version pins Terraform < 0.12 */
	char required_version[128];
	char region[64];	/* provider "aws" region, when literal */
	struct tf_block_index *index;	/* of its top-level blocks, or
					   NULL: see core/tf/root-private.h */
};

struct tf_root {
	char *dir;		/* as given */
	struct tf_file *files;
	size_t nfiles;
	struct tf_module *modules;
	size_t nmodules;
	size_t bytes;		/* total size of the files read */
	struct tf_project *projects;
	size_t nprojects;
};

/*
 * Load dir. On the first parse error returns NULL with err set to
 * HC_ERR_PARSE and the file (relative to dir), line and column. The caller
 * frees the result with tf_root_free().
 */
struct tf_root *tf_root_load(const char *dir, struct hc_error *err);
void tf_root_free(struct tf_root *root);

/* Index of the file with this relative path, or -1. */
long tf_root_file_index(const struct tf_root *root, const char *path);

/*
 * The object of block type "label" in the JSON files of module, such as
 * {"variable": {"label": {...}}}. Sets *file. NULL when there is none.
 */
struct json_t *tf_root_find_json_block(const struct tf_root *root,
    int module, const char *type, const char *label, size_t *file);

/* The object of section "type" "name" (a resource or data source) in
 * the JSON files of module. Sets *file. NULL when there is none. */
struct json_t *tf_root_find_json_resource(const struct tf_root *root,
    int module, const char *section, const char *type, const char *name,
    size_t *file);

/* Index of the module of folder dir ("." for the top), or -1. */
long tf_root_module_index(const struct tf_root *root, const char *dir);

/*
 * The top-level block type "label0" "label1" of module (labels may be
 * NULL to match any). Sets *file to the index of the file holding it.
 * Returns NULL when there is none.
 */
const struct hcl_item *tf_root_find_block(const struct tf_root *root,
    int module, const char *type, const char *label0, const char *label1,
    size_t *file);

/*
 * The tfvars files of the root module whose folder is dir ("." for the
 * top), relative paths, in the order Terraform reads them
 * (terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars and
 * *.auto.tfvars.json sorted), then other *.tfvars and *.tfvars.json.
 * *out is a malloc'd array of pointers into root (free only the array).
 */
int tf_root_tfvars_files(const struct tf_root *root, const char *dir,
    const char ***out, size_t *n, struct hc_error *err);

/* 1 when a required_version constraint only admits versions below
 * 0.12 ("0.11.14", "~> 0.11.0", "< 0.12"). */
int tf_root_version_is_legacy(const char *constraint);

/* 1 when path names a file Terraform reads: .tf, .tf.json, .tfvars or
 * .tfvars.json. hubcred's own outputs must never be written there. */
int tf_path_is_terraform(const char *path);

#endif
