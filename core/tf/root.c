/* Loading a Terraform directory: files, modules, module calls. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hcl/arena.h"
#include "core/hcl/parse.h"
#include "core/net.h"
#include "core/hcl/query.h"
#include "core/tf/project.h"
#include "core/tf/root-private.h"
#include "core/tf/root.h"

#define TF_MAX_FILES 50000

static int
has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* A collected file: its path in the tree, and its real path when a
 * symbolic link leads it out of the tree. */
struct walk_file {
	char *path;
	char *link;
};

/* Collected relative paths, before parsing. */
struct walk {
	const char *top;	/* the directory, resolved */
	struct walk_file *files;
	size_t n;
	size_t cap;
	struct stat seen[64];	/* the folders being walked, outermost
				   first, against link loops */
	size_t nseen;
	int outside;		/* folder links out of the tree on the way
				   to the folder being walked */
};

/* Enter folder st: 0 when it is already being walked (a link loop). */
static int
walk_enter(struct walk *w, const struct stat *st)
{
	size_t i;

	for (i = 0; i < w->nseen; i++) {
		if (w->seen[i].st_dev == st->st_dev &&
		    w->seen[i].st_ino == st->st_ino)
			return 0;
	}
	if (w->nseen == sizeof w->seen / sizeof w->seen[0])
		return 0;
	w->seen[w->nseen++] = *st;
	return 1;
}

/* Add rel to the collected files, with link (copied): its real path out
 * of the tree, or NULL. */
static int
walk_add(struct walk *w, const char *rel, const char *link,
    struct hc_error *err)
{
	struct walk_file *files, *f;

	if (w->n == TF_MAX_FILES) {
		hc_error_set(err, HC_ERR_UNSUPPORTED,
		    "more than %d Terraform files below %s", TF_MAX_FILES,
		    w->top);
		return -1;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		files = realloc(w->files, w->cap * sizeof *files);
		if (files == NULL)
			goto nomem;
		w->files = files;
	}
	f = &w->files[w->n];
	f->path = strdup(rel);
	f->link = link != NULL ? strdup(link) : NULL;
	if (f->path == NULL || (link != NULL && f->link == NULL)) {
		free(f->path);
		free(f->link);
		goto nomem;
	}
	w->n++;
	return 0;
nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

/* 1 when path is dir or a path below it (both resolved). */
static int
path_under(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return 1;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' ||
	    path[n] == '\0');
}

/* Collect file rel of a folder reached through a link out of the tree,
 * with its real path unless a further link led back in. */
static int
walk_add_outside(struct walk *w, const char *rel, struct hc_error *err)
{
	char path[PATH_MAX], *real;
	int n, rc;

	n = snprintf(path, sizeof path, "%s/%s", w->top, rel);
	if (n < 0 || (size_t)n >= sizeof path ||
	    (real = realpath(path, NULL)) == NULL)
		return 0;
	rc = walk_add(w, rel, path_under(w->top, real) ? NULL : real, err);
	free(real);
	return rc;
}

static int walk_dir(struct walk *w, int fd, const char *rel, int depth,
    struct hc_error *err);

/* Walk the folder name of the folder open as dfd (following a link). */
static int
walk_sub(struct walk *w, int dfd, const char *name, const char *child,
    int depth, struct hc_error *err)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	return walk_dir(w, fd, child, depth + 1, err);
}

/* The type of entry de of the folder open as dfd, without following a
 * link: DT_DIR, DT_REG, DT_LNK or DT_UNKNOWN for anything else. */
static int
entry_type(int dfd, const struct dirent *de)
{
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type;
	/* Some file systems do not fill d_type. */
	if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return DT_UNKNOWN;
	if (S_ISDIR(st.st_mode))
		return DT_DIR;
	if (S_ISREG(st.st_mode))
		return DT_REG;
	return S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
}

/*
 * Follow a link wherever it leads, as Terraform does. A folder is read
 * like a folder of the tree unless it is the top or contains it, because
 * that would read the tree again or everything next to it. walk_enter()
 * stops a loop below the top. A file out of the tree is collected with
 * its real path, so that nothing is written there.
 */
static int
walk_link(struct walk *w, int dfd, const char *name, const char *child,
    int depth, struct hc_error *err)
{
	char path[PATH_MAX], *real;
	struct stat st;
	int n, out, rc = 0;

	n = snprintf(path, sizeof path, "%s/%s", w->top, child);
	if (n < 0 || (size_t)n >= sizeof path)
		return 0;
	/* Dangling links and loops of links fail here. Terraform fails to
	 * read a .tf file behind one, so hubcred reports it. */
	if (fstatat(dfd, name, &st, 0) < 0) {
		if (!(has_suffix(name, ".tf") || has_suffix(name,
		    ".tf.json")) || (errno != ENOENT && errno != ELOOP))
			return 0;
		hc_error_set_at(err, HC_ERR_PARSE, child, 0, 0, "this "
		    "symbolic link %s", errno == ENOENT ? "leads to nothing" :
		    "is part of a loop of links");
		hc_error_hint(err, "remove the link or point it at a file, as "
		    "terraform would need too");
		return -1;
	}
	if (!S_ISDIR(st.st_mode) &&
	    !(S_ISREG(st.st_mode) && tf_path_is_terraform(name)))
		return 0;
	real = realpath(path, NULL);
	if (real == NULL)
		return 0;
	out = !path_under(w->top, real);
	if (!S_ISDIR(st.st_mode))
		rc = walk_add(w, child, out ? real : NULL, err);
	else if (!path_under(real, w->top)) {
		w->outside += out;
		rc = walk_sub(w, dfd, name, child, depth, err);
		w->outside -= out;
	}
	free(real);
	return rc;
}

/* Collect the Terraform files below the folder open as fd (closed here),
 * whose path relative to the top is rel. Only links cost a path lookup:
 * every other entry is typed by readdir. */
static int
walk_dir(struct walk *w, int fd, const char *rel, int depth,
    struct hc_error *err)
{
	char child[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0, n, dfd;

	if (depth > 32 || fstat(fd, &st) < 0 || !walk_enter(w, &st)) {
		close(fd);
		return 0;
	}
	d = fdopendir(fd);
	if (d == NULL) {
		close(fd);
		w->nseen--;
		return 0;
	}
	dfd = dirfd(d);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		const char *name = de->d_name;

		if (name[0] == '.')
			continue;
		if (strcmp(rel, ".") == 0)
			n = snprintf(child, sizeof child, "%s", name);
		else
			n = snprintf(child, sizeof child, "%s/%s", rel, name);
		if (n < 0 || (size_t)n >= sizeof child ||
		    strlen(w->top) + 1 + (size_t)n >= PATH_MAX)
			continue;
		switch (entry_type(dfd, de)) {
		case DT_DIR:
			rc = walk_sub(w, dfd, name, child, depth, err);
			break;
		case DT_LNK:
			rc = walk_link(w, dfd, name, child, depth, err);
			break;
		case DT_REG:
			if (tf_path_is_terraform(name) && w->outside > 0)
				rc = walk_add_outside(w, child, err);
			else if (tf_path_is_terraform(name))
				rc = walk_add(w, child, NULL, err);
			break;
		default:
			break;
		}
	}
	closedir(d);
	w->nseen--;
	return rc;
}

static int
cmp_walk_file(const void *a, const void *b)
{
	const struct walk_file *x = a, *y = b;

	return strcmp(x->path, y->path);
}

int
tf_root_walk(const char *top, char ***paths, char ***links, size_t *n,
    struct hc_error *err)
{
	struct walk w;
	size_t i;
	int fd, rc = -1;

	memset(&w, 0, sizeof w);
	w.top = top;
	*paths = NULL;
	if (links != NULL)
		*links = NULL;
	*n = 0;
	fd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && walk_dir(&w, fd, ".", 0, err) < 0)
		goto out;
	if (w.n > 0)
		qsort(w.files, w.n, sizeof *w.files, cmp_walk_file);
	*paths = calloc(w.n + 1, sizeof **paths);
	if (links != NULL)
		*links = calloc(w.n + 1, sizeof **links);
	if (*paths == NULL || (links != NULL && *links == NULL)) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		free(*paths);
		*paths = NULL;
		if (links != NULL) {
			free(*links);
			*links = NULL;
		}
		goto out;
	}
	for (i = 0; i < w.n; i++) {
		(*paths)[i] = w.files[i].path;
		w.files[i].path = NULL;
		if (links != NULL) {
			(*links)[i] = w.files[i].link;
			w.files[i].link = NULL;
		}
	}
	*n = w.n;
	rc = 0;
out:
	for (i = 0; i < w.n; i++) {
		free(w.files[i].path);
		free(w.files[i].link);
	}
	free(w.files);
	return rc;
}

char *
tf_root_dir_of(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	if (slash == NULL)
		return strdup(".");
	return strndup(rel, (size_t)(slash - rel));
}

static int
add_module(struct tf_root *root, const char *dir, struct hc_error *err)
{
	struct tf_module *mods;

	mods = realloc(root->modules, (root->nmodules + 1) * sizeof *mods);
	if (mods == NULL)
		goto nomem;
	root->modules = mods;
	memset(&mods[root->nmodules], 0, sizeof *mods);
	mods[root->nmodules].dir = strdup(dir);
	if (mods[root->nmodules].dir == NULL)
		goto nomem;
	root->nmodules++;
	return (int)root->nmodules - 1;
nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

long
tf_root_module_index(const struct tf_root *root, const char *dir)
{
	size_t i;

	for (i = 0; i < root->nmodules; i++) {
		if (strcmp(root->modules[i].dir, dir) == 0)
			return (long)i;
	}
	return -1;
}

long
tf_root_file_index(const struct tf_root *root, const char *path)
{
	size_t i;

	for (i = 0; i < root->nfiles; i++) {
		if (strcmp(root->files[i].path, path) == 0)
			return (long)i;
	}
	return -1;
}

int
tf_root_is_tfvars(const char *path)
{
	return has_suffix(path, ".tfvars") || has_suffix(path, ".tfvars.json");
}

int
tf_path_is_terraform(const char *path)
{
	return has_suffix(path, ".tf") || has_suffix(path, ".tf.json") ||
	    tf_root_is_tfvars(path);
}

/* Read and parse a JSON syntax file; errors carry its line and column. */
static int
load_json(struct tf_file *f, const char *full, struct hc_error *err)
{
	FILE *fp;
	long size;

	fp = fopen(full, "rb");
	if (fp == NULL || fseek(fp, 0, SEEK_END) < 0 ||
	    (size = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) < 0) {
		if (fp != NULL)
			fclose(fp);
		hc_error_set(err, HC_ERR_IO, "cannot read %s", f->path);
		return -1;
	}
	f->text = malloc((size_t)size + 1);
	if (f->text == NULL) {
		fclose(fp);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	f->len = fread(f->text, 1, (size_t)size, fp);
	f->text[f->len] = '\0';
	fclose(fp);
	return tf_root_parse_json(f->path, f->text, f->len, &f->json, err);
}

/* A key of the object being scanned: its bytes between the quotes. */
struct json_key {
	const char *at;
	size_t len;
};

/* The maximum number of keys of one object that the repeat check
 * compares, each with all before it. Larger objects are not checked. */
#define KEYS_CHECKED 4096

/*
 * Find a key that repeats in one object of valid JSON text. HCL's JSON
 * syntax reads each repeat (two "resource" keys are two sets of blocks),
 * but jansson keeps only the last value, so hubcred would not see the
 * others. "//" keys are comments and may repeat. Returns the line of the
 * repeat, or 0, with the key in key.
 */
static int
repeated_key(const char *text, size_t len, char *key, size_t size)
{
	struct json_key *keys = NULL;
	size_t *first = NULL, depth = 0, nkeys = 0, cap = 0, i, k;
	char *is_object = NULL;
	int line = 1, found = 0, want_key = 0;

	is_object = malloc(len + 1);
	first = malloc((len + 1) * sizeof *first);
	if (is_object == NULL || first == NULL)
		goto out;
	for (i = 0; i < len && !found; i++) {
		switch (text[i]) {
		case '\n':
			line++;
			break;
		case '{':
		case '[':
			is_object[depth] = text[i] == '{';
			first[depth++] = nkeys;
			want_key = text[i] == '{';
			break;
		case '}':
		case ']':
			if (depth > 0)
				nkeys = first[--depth];
			want_key = 0;
			break;
		case ',':
			want_key = depth > 0 && is_object[depth - 1];
			break;
		case '"':
			k = i + 1;
			while (k < len && text[k] != '"')
				k += text[k] == '\\' ? 2 : 1;
			if (want_key && depth > 0 &&
			    nkeys - first[depth - 1] < KEYS_CHECKED &&
			    !(k - i - 1 == 2 && text[i + 1] == '/' &&
			    text[i + 2] == '/')) {
				size_t j;

				for (j = first[depth - 1]; j < nkeys; j++) {
					if (keys[j].len == k - i - 1 &&
					    memcmp(keys[j].at, text + i + 1,
					    k - i - 1) == 0)
						break;
				}
				if (j < nkeys) {
					snprintf(key, size, "%.*s",
					    (int)(k - i - 1), text + i + 1);
					found = line;
					break;
				}
				if (nkeys == cap) {
					struct json_key *grown;

					cap = cap ? cap * 2 : 64;
					grown = realloc(keys, cap * sizeof *keys);
					if (grown == NULL)
						goto out;
					keys = grown;
				}
				keys[nkeys].at = text + i + 1;
				keys[nkeys++].len = k - i - 1;
			}
			want_key = 0;
			i = k;
			break;
		}
	}
out:
	free(keys);
	free(first);
	free(is_object);
	return found;
}

int
tf_root_parse_json(const char *path, const char *text, size_t len,
    struct json_t **json, struct hc_error *err)
{
	char key[64];
	int line;

	json_error_t jerr;

	*json = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);
	if (*json == NULL && strstr(jerr.text, "too big") != NULL)
		*json = json_loadb(text, len, JSON_ALLOW_NUL |
		    JSON_DECODE_INT_AS_REAL, &jerr);
	if (*json == NULL) {
		hc_error_set_at(err, HC_ERR_PARSE, path, jerr.line,
		    jerr.column, "Invalid JSON: %s", jerr.text);
		if (strstr(jerr.text, "overflow") != NULL)
			hc_error_hint(err, "hubcred reads numbers up to about "
			    "1.8e308; write a larger number as a string");
		return -1;
	}
	if (!json_is_object(*json)) {
		hc_error_set_at(err, HC_ERR_PARSE, path, 1, 1,
		    "a JSON configuration file must hold one object");
		return -1;
	}
	line = repeated_key(text, len, key, sizeof key);
	if (line > 0) {
		hc_error_set_at(err, HC_ERR_PARSE, path, line, 0, "the "
		    "key \"%s\" repeats in one object; Terraform reads every "
		    "repeat, but hubcred would see only the last", key);
		hc_error_hint(err, "merge the objects of the repeated key into "
		    "one, which Terraform reads the same way");
		return -1;
	}
	return 0;
}

/* The files that tf_root_walk() found, while they are parsed. */
struct walked {
	char **paths;
	char **links;
	size_t n;
};

/* Parse every collected file; modules for the folders of .tf files. */
static int
load_files(struct tf_root *root, struct walked *w, struct hc_error *err)
{
	char full[PATH_MAX];
	size_t i;

	root->files = calloc(w->n ? w->n : 1, sizeof *root->files);
	if (root->files == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < w->n; i++) {
		struct tf_file *f = &root->files[root->nfiles];
		char *dir;
		long m;

		if (net_progress("files read", i, w->n, err) < 0)
			return -1;

		snprintf(full, sizeof full, "%s/%s", root->dir, w->paths[i]);
		f->path = w->paths[i];
		f->link = w->links[i];
		w->paths[i] = NULL;
		w->links[i] = NULL;
		f->tfvars = tf_root_is_tfvars(f->path);
		root->nfiles++;
		if (has_suffix(f->path, ".json")) {
			if (load_json(f, full, err) < 0)
				return -1;
			root->bytes += f->len;
		} else {
			f->hcl = hcl_parse_file(full, f->path, err);
			if (f->hcl == NULL)
				return -1;
			root->bytes += f->hcl->len;
		}
		dir = tf_root_dir_of(f->path);
		if (dir == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		m = tf_root_module_index(root, dir);
		if (m < 0 && !f->tfvars)
			m = add_module(root, dir, err);
		free(dir);
		if (m < 0 && !f->tfvars)
			return -1;
		f->module = (int)m;
	}
	return 0;
}

/* A tfvars file whose folder only gets a module later. */
static void
attach_tfvars(struct tf_root *root)
{
	size_t i;

	for (i = 0; i < root->nfiles; i++) {
		struct tf_file *f = &root->files[i];
		char *dir;

		if (!f->tfvars || f->module >= 0)
			continue;
		dir = tf_root_dir_of(f->path);
		if (dir != NULL)
			f->module = (int)tf_root_module_index(root, dir);
		free(dir);
	}
}

static int
collect_module_files(struct tf_root *root, struct hc_error *err)
{
	size_t i;

	for (i = 0; i < root->nfiles; i++) {
		struct tf_file *f = &root->files[i];
		struct tf_module *m;
		size_t *files, **list, *count;

		if (f->tfvars || f->module < 0)
			continue;
		m = &root->modules[f->module];
		list = f->json != NULL ? &m->json_files : &m->files;
		count = f->json != NULL ? &m->njson_files : &m->nfiles;
		files = realloc(*list, (*count + 1) * sizeof *files);
		if (files == NULL) {
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		*list = files;
		files[(*count)++] = i;
	}
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct tf_block_entry *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	if (c != 0)
		return c;
	c = strcmp(x->label0 ? x->label0 : "", y->label0 ? y->label0 : "");
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Fill e from block item of file, its strings in arena; 0, or -1 when
 * out of memory. */
static int
index_entry(struct tf_block_entry *e, const struct hcl_file *hcl,
    const struct hcl_item *item, struct hcl_arena *arena)
{
	char buf[256];
	const struct hcl_item *role;
	const char *type;
	size_t len;

	type = hcl_token_text(hcl, item->first, &len);
	e->type = hcl_arena_strndup(arena, type, len);
	if (e->type == NULL)
		return -1;
	if (item->nlabels > 0) {
		hcl_block_label(hcl, item, 0, buf, sizeof buf);
		if ((e->label0 = hcl_arena_strndup(arena, buf,
		    strlen(buf))) == NULL)
			return -1;
	}
	if (item->nlabels > 1) {
		hcl_block_label(hcl, item, 1, buf, sizeof buf);
		if ((e->label1 = hcl_arena_strndup(arena, buf,
		    strlen(buf))) == NULL)
			return -1;
	}
	if (e->label0 == NULL || strcmp(e->type, "resource") != 0 ||
	    (strcmp(e->label0, "aws_iam_role_policy") != 0 &&
	    strcmp(e->label0, "aws_iam_role_policy_attachment") != 0 &&
	    strcmp(e->label0, "aws_iam_policy_attachment") != 0))
		return 0;
	role = hcl_body_attribute(hcl, &item->body, "role");
	if (role != NULL && hcl_expr_reference(hcl, role->expr, buf,
	    sizeof buf) >= 0 && (e->role_ref = hcl_arena_strndup(arena, buf,
	    strlen(buf))) == NULL)
		return -1;
	return 0;
}

int
tf_root_index_module(struct tf_root *root, int module, struct hc_error *err)
{
	struct tf_module *m = &root->modules[module];
	struct tf_block_index *index;
	struct tf_block_entry *grown;
	size_t k, i, cap = 0;

	index = calloc(1, sizeof *index);
	if (index == NULL)
		goto nomem;
	index->strings = hcl_arena_new(0);
	if (index->strings == NULL)
		goto nomem;
	for (k = 0; k < m->nfiles; k++) {
		const struct hcl_file *hcl = root->files[m->files[k]].hcl;

		for (i = 0; i < hcl->body.nitems; i++) {
			const struct hcl_item *item = &hcl->body.items[i];

			if (item->type != HCL_ITEM_BLOCK)
				continue;
			if (index->n == cap) {
				cap = cap ? cap * 2 : 64;
				grown = realloc(index->v, cap * sizeof *grown);
				if (grown == NULL)
					goto nomem;
				index->v = grown;
			}
			memset(&index->v[index->n], 0, sizeof *index->v);
			index->v[index->n].file = m->files[k];
			index->v[index->n].item = item;
			index->v[index->n].order = index->n;
			if (index_entry(&index->v[index->n++], hcl, item,
			    index->strings) < 0)
				goto nomem;
		}
	}
	if (index->n > 0)
		qsort(index->v, index->n, sizeof *index->v, cmp_entry);
	tf_root_index_free(m->index);
	m->index = index;
	return 0;
nomem:
	tf_root_index_free(index);
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

void
tf_root_index_free(struct tf_block_index *index)
{
	if (index == NULL)
		return;
	hcl_arena_free(index->strings);
	free(index->v);
	free(index);
}

/* The first entry of index not below key. */
static size_t
lower_bound(const struct tf_block_index *index,
    const struct tf_block_entry *key)
{
	size_t lo = 0, hi = index->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_entry(&index->v[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct tf_block_entry *
tf_root_index_range(const struct tf_block_index *index, const char *type,
    const char *label0, size_t *n)
{
	struct tf_block_entry key = { (char *)type, (char *)label0, NULL, 0,
	    NULL, 0, NULL };
	size_t lo, hi;

	*n = 0;
	if (index->n == 0)
		return index->v;
	lo = lower_bound(index, &key);
	key.order = SIZE_MAX;
	hi = lower_bound(index, &key);
	/* A block without labels sorts as one labelled "": never a match. */
	while (lo < hi && index->v[lo].label0 == NULL)
		lo++;
	*n = hi - lo;
	return &index->v[lo];
}

/* tf_root_find_block() through the module's index. */
static const struct hcl_item *
find_indexed(const struct tf_module *m, const char *type,
    const char *label0, const char *label1, size_t *file)
{
	const struct tf_block_entry *e;
	size_t n, i;

	e = tf_root_index_range(m->index, type, label0, &n);
	for (i = 0; i < n; i++) {
		if (label1 != NULL && (e[i].label1 == NULL ||
		    strcmp(e[i].label1, label1) != 0))
			continue;
		if (file != NULL)
			*file = e[i].file;
		return e[i].item;
	}
	return NULL;
}

const struct hcl_item *
tf_root_find_block(const struct tf_root *root, int module, const char *type,
    const char *label0, const char *label1, size_t *file)
{
	const char *labels[2] = { label0, label1 };
	const struct tf_module *m;
	const struct hcl_item *item;
	size_t i, cursor, nlabels = 0;

	if (label1 != NULL)
		nlabels = 2;
	else if (label0 != NULL)
		nlabels = 1;
	if (module < 0 || (size_t)module >= root->nmodules)
		return NULL;
	m = &root->modules[module];
	if (m->index != NULL && label0 != NULL)
		return find_indexed(m, type, label0, label1, file);
	for (i = 0; i < m->nfiles; i++) {
		const struct hcl_file *hcl = root->files[m->files[i]].hcl;

		cursor = 0;
		item = hcl_body_next_block(hcl, &hcl->body, &cursor, type,
		    labels, nlabels);
		if (item != NULL) {
			if (file != NULL)
				*file = m->files[i];
			return item;
		}
	}
	return NULL;
}

json_t *
tf_root_find_json_block(const struct tf_root *root, int module,
    const char *type, const char *label, size_t *file)
{
	const struct tf_module *m;
	json_t *block;
	size_t i;

	if (module < 0 || (size_t)module >= root->nmodules)
		return NULL;
	m = &root->modules[module];
	for (i = 0; i < m->njson_files; i++) {
		block = json_object_get(json_object_get(
		    root->files[m->json_files[i]].json, type), label);
		if (json_is_object(block)) {
			if (file != NULL)
				*file = m->json_files[i];
			return block;
		}
	}
	return NULL;
}

json_t *
tf_root_find_json_resource(const struct tf_root *root, int module,
    const char *section, const char *type, const char *name, size_t *file)
{
	const struct tf_module *m;
	json_t *obj;
	size_t i;

	if (module < 0 || (size_t)module >= root->nmodules)
		return NULL;
	m = &root->modules[module];
	for (i = 0; i < m->njson_files; i++) {
		obj = json_object_get(json_object_get(json_object_get(
		    root->files[m->json_files[i]].json, section), type), name);
		if (json_is_object(obj)) {
			if (file != NULL)
				*file = m->json_files[i];
			return obj;
		}
	}
	return NULL;
}

int
tf_root_join_source(const char *dir, const char *source, char *out, size_t size)
{
	char buf[PATH_MAX];
	char *parts[128], *save = NULL, *tok;
	size_t n = 0, i, len = 0;

	if (strcmp(dir, ".") == 0)
		snprintf(buf, sizeof buf, "%s", source);
	else
		snprintf(buf, sizeof buf, "%s/%s", dir, source);
	for (tok = strtok_r(buf, "/", &save); tok != NULL;
	    tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0 || tok[0] == '\0')
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n == 0)
				return -1;	/* leaves the tree */
			n--;
			continue;
		}
		if (n == 128)
			return -1;
		parts[n++] = tok;
	}
	out[0] = '\0';
	if (n == 0) {
		snprintf(out, size, ".");
		return 0;
	}
	for (i = 0; i < n; i++) {
		int w = snprintf(out + len, size - len, "%s%s", i ? "/" : "",
		    parts[i]);

		if (w < 0 || (size_t)w >= size - len)
			return -1;
		len += (size_t)w;
	}
	return 0;
}

/* Record a module call of an HCL file (item) or a JSON one (name, obj). */
static int
add_call(struct tf_root *root, int module, size_t file,
    const struct hcl_item *item, const char *name, json_t *obj,
    struct hc_error *err)
{
	const struct hcl_file *hcl = root->files[file].hcl;
	struct tf_module *m = &root->modules[module];
	struct tf_module_call *calls, *c;
	const struct hcl_item *src;
	char target[PATH_MAX];
	const char *source;

	calls = realloc(m->calls, (m->ncalls + 1) * sizeof *calls);
	if (calls == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	m->calls = calls;
	c = &calls[m->ncalls++];
	memset(c, 0, sizeof *c);
	c->file = file;
	c->item = item;
	c->json = obj;
	c->target = -1;
	if (item == NULL) {
		snprintf(c->name, sizeof c->name, "%s", name);
		source = json_string_value(json_object_get(obj, "source"));
		if (source == NULL)
			return 0;
		snprintf(c->source, sizeof c->source, "%s", source);
	} else {
		hcl_block_label(hcl, item, 0, c->name, sizeof c->name);
		src = hcl_body_attribute(hcl, &item->body, "source");
		if (src == NULL || hcl_expr_string(hcl, src->expr, c->source,
		    sizeof c->source) < 0)
			return 0;
	}
	c->local = strncmp(c->source, "./", 2) == 0 ||
	    strncmp(c->source, "../", 3) == 0;
	if (c->local && tf_root_join_source(m->dir, c->source, target,
	    sizeof target) == 0)
		c->target = (int)tf_root_module_index(root, target);
	if (c->target >= 0 && c->target != module)
		root->modules[c->target].called = 1;
	else
		c->target = -1;
	return 0;
}

static void
read_settings(struct tf_root *root, int module, size_t file)
{
	const struct hcl_file *hcl = root->files[file].hcl;
	struct tf_module *m = &root->modules[module];
	const struct hcl_item *item, *attr;
	size_t cursor = 0;
	const char *aws[1] = { "aws" };

	while ((item = hcl_body_next_block(hcl, &hcl->body, &cursor,
	    "terraform", NULL, 0)) != NULL) {
		attr = hcl_body_attribute(hcl, &item->body,
		    "required_version");
		if (attr != NULL && hcl_expr_string(hcl, attr->expr,
		    m->required_version, sizeof m->required_version) >= 0)
			m->legacy = tf_root_version_is_legacy(
			    m->required_version);
	}
	cursor = 0;
	while ((item = hcl_body_next_block(hcl, &hcl->body, &cursor,
	    "provider", aws, 1)) != NULL) {
		attr = hcl_body_attribute(hcl, &item->body, "region");
		if (attr != NULL && m->region[0] == '\0')
			hcl_expr_string(hcl, attr->expr, m->region,
			    sizeof m->region);
	}
}

static int
scan_modules(struct tf_root *root, struct hc_error *err)
{
	size_t i, k, cursor;

	for (i = 0; i < root->nmodules; i++) {
		struct tf_module *m = &root->modules[i];

		for (k = 0; k < m->nfiles; k++) {
			const struct hcl_file *hcl =
			    root->files[m->files[k]].hcl;
			const struct hcl_item *item;

			read_settings(root, (int)i, m->files[k]);
			cursor = 0;
			while ((item = hcl_body_next_block(hcl, &hcl->body,
			    &cursor, "module", NULL, 0)) != NULL) {
				if (add_call(root, (int)i, m->files[k], item,
				    NULL, NULL, err) < 0)
					return -1;
			}
		}
		for (k = 0; k < m->njson_files; k++) {
			json_t *calls = json_object_get(
			    root->files[m->json_files[k]].json, "module");
			const char *name;
			json_t *obj;

			json_object_foreach(calls, name, obj) {
				if (json_is_object(obj) && add_call(root,
				    (int)i, m->json_files[k], NULL, name, obj,
				    err) < 0)
					return -1;
			}
		}
	}
	return 0;
}

struct tf_root *
tf_root_load(const char *dir, struct hc_error *err)
{
	struct tf_root *root;
	struct walked w;
	char *top;
	size_t i;

	memset(&w, 0, sizeof w);
	top = realpath(dir, NULL);
	if (top == NULL) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "cannot open %s", dir);
		return NULL;
	}
	root = calloc(1, sizeof *root);
	if (root == NULL || (root->dir = strdup(dir)) == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto fail;
	}
	if (tf_root_walk(top, &w.paths, &w.links, &w.n, err) < 0)
		goto fail;
	if (load_files(root, &w, err) < 0)
		goto fail;
	attach_tfvars(root);
	if (collect_module_files(root, err) < 0)
		goto fail;
	/* With the index, finding a project's role and policies costs a
	 * binary search instead of a pass over its module's files. */
	for (i = 0; i < root->nmodules; i++) {
		if (tf_root_index_module(root, (int)i, err) < 0)
			goto fail;
	}
	if (scan_modules(root, err) < 0 || tf_project_scan(root, err) < 0)
		goto fail;
	free(w.paths);
	free(w.links);
	free(top);
	return root;
fail:
	for (i = 0; i < w.n; i++) {
		free(w.paths[i]);
		free(w.links[i]);
	}
	free(w.paths);
	free(w.links);
	free(top);
	tf_root_free(root);
	return NULL;
}

void
tf_root_free(struct tf_root *root)
{
	size_t i;

	if (root == NULL)
		return;
	for (i = 0; i < root->nfiles; i++) {
		free(root->files[i].path);
		free(root->files[i].link);
		hcl_file_free(root->files[i].hcl);
		json_decref(root->files[i].json);
		free(root->files[i].text);
	}
	for (i = 0; i < root->nmodules; i++) {
		free(root->modules[i].dir);
		free(root->modules[i].files);
		free(root->modules[i].json_files);
		free(root->modules[i].calls);
		tf_root_index_free(root->modules[i].index);
	}
	free(root->files);
	free(root->modules);
	free(root->projects);
	free(root->dir);
	free(root);
}

static int
tfvars_rank(const char *base)
{
	if (strcmp(base, "terraform.tfvars") == 0 ||
	    strcmp(base, "terraform.tfvars.json") == 0)
		return 0;
	if (has_suffix(base, ".auto.tfvars") ||
	    has_suffix(base, ".auto.tfvars.json"))
		return 1;
	return 2;
}

int
tf_root_tfvars_files(const struct tf_root *root, const char *dir,
    const char ***out, size_t *n, struct hc_error *err)
{
	const char **list;
	size_t i, k;
	int rank;

	*n = 0;
	list = calloc(root->nfiles + 1, sizeof *list);
	if (list == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	/* Files are sorted by path, so each rank comes out sorted. */
	for (rank = 0; rank < 3; rank++) {
		for (i = 0; i < root->nfiles; i++) {
			const char *p = root->files[i].path;
			const char *slash = strrchr(p, '/');
			const char *base = slash ? slash + 1 : p;
			size_t dlen = slash ? (size_t)(slash - p) : 1;
			const char *d = slash ? p : ".";

			if (!root->files[i].tfvars || strlen(dir) != dlen ||
			    strncmp(d, dir, dlen) != 0)
				continue;
			if (tfvars_rank(base) != rank)
				continue;
			for (k = 0; k < *n && strcmp(list[k], p) != 0; k++)
				;
			if (k == *n)
				list[(*n)++] = p;
		}
	}
	*out = list;
	return 0;
}

/* Parse "a.b.c" into three numbers (missing parts -1). */
static void
parse_version(const char *s, int v[3])
{
	int i;

	v[0] = v[1] = v[2] = -1;
	for (i = 0; i < 3 && *s >= '0' && *s <= '9'; i++) {
		v[i] = (int)strtol(s, (char **)&s, 10);
		if (*s != '.')
			break;
		s++;
	}
}

/* 1 when the clause caps the version below 0.12. */
static int
clause_legacy(const char *c)
{
	char op[3] = "";
	int v[3], k = 0;

	while (*c == ' ')
		c++;
	while (k < 2 && strchr("<>=!~", *c) != NULL && *c != '\0')
		op[k++] = *c++;
	op[k] = '\0';
	while (*c == ' ' || *c == 'v')
		c++;
	parse_version(c, v);
	if (v[0] < 0)
		return 0;
	if (op[0] == '\0' || strcmp(op, "=") == 0)
		return v[0] == 0 && v[1] >= 0 && v[1] < 12;
	if (strcmp(op, "<") == 0)
		return v[0] == 0 && v[1] >= 0 && v[1] <= 12 &&
		    (v[1] < 12 || v[2] <= 0);
	if (strcmp(op, "<=") == 0)
		return v[0] == 0 && v[1] >= 0 && v[1] < 12;
	if (strcmp(op, "~>") == 0)
		return v[0] == 0 && v[1] >= 0 && v[1] < 12 && v[2] >= 0;
	return 0;
}

int
tf_root_version_is_legacy(const char *constraint)
{
	char buf[128], *save = NULL, *tok;

	snprintf(buf, sizeof buf, "%s", constraint);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if (clause_legacy(tok))
			return 1;
	}
	return 0;
}
