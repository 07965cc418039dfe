/* Scanning a tree for its projects from per-module summaries. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/hcl/parse.h"
#include "core/hcl/query.h"
#include "core/tf/project-private.h"
#include "core/tf/root-private.h"
#include "core/tf/scan.h"

#define SCAN_MAX_THREADS 8
#define SCAN_VALUE_MAX 512	/* the largest buffer a value resolves into */

/* An expression reduced to what resolution reads from it. */
enum sexpr_kind {
	SEXPR_NONE,		/* missing, or neither a string nor a
				   var.x or local.x reference */
	SEXPR_STRING,
	SEXPR_VAR,
	SEXPR_LOCAL,
};

struct sexpr {
	enum sexpr_kind kind;
	char *text;		/* the string, variable name or local name */
};

/* The tables of named values in a module summary. */
enum entry_table {
	TABLE_VARIABLE,		/* default of each variable declaration */
	TABLE_LOCAL,
	TABLE_ARGUMENT,		/* owner: the module call */
	TABLE_TFVARS,		/* owner: the tfvars file's rank */
};

struct entry {
	enum entry_table table;
	size_t owner;
	size_t order;		/* declaration order: the first one wins */
	char *name;
	struct sexpr value;
};

/* A project as its own module declares it. */
struct template {
	char name[128];
	size_t file;		/* index into the scan's paths */
	int line;
	int json;		/* written in JSON syntax: image and status
				   are final */
	char *image;		/* JSON syntax only */
	const char *status;	/* JSON syntax only */
	int has_credential_text;	/* registry_credential names one */
	int has_grant;
	struct sexpr image_expr;
	struct sexpr pull_type;
	struct sexpr provider;
};

struct call {
	char name[128];
	int target;		/* module index, -1 when not in the tree */
};

/* A module summary: the part of a module kept once its trees are freed. */
struct summary {
	struct entry *entries;	/* sorted by table, owner, name, order */
	size_t nentries;
	size_t capentries;
	struct call *calls;
	size_t ncalls;
	int *tfvars_auto;	/* per tfvars file, in Terraform's order:
				   read without -var-file */
	size_t ntfvars;
	struct template *templates;
	size_t ntemplates;
	int called;
};

/* The files of one folder: the unit of work of a thread. */
struct unit {
	char *dir;
	size_t *files;		/* indices into the paths, ascending */
	size_t nfiles;
	int module;		/* -1 for a folder with only tfvars files */
	size_t bytes;
};

/* Folder name to unit index, open addressing. */
struct dir_map {
	size_t *slots;		/* unit index + 1, 0 when free */
	size_t mask;
};

struct scan_ctx {
	const char *dir;
	int dfd;
	char **paths;
	size_t npaths;
	struct unit *units;
	size_t nunits;
	struct dir_map map;
	struct summary *modules;
	size_t nmodules;
	atomic_size_t next;	/* next unit to take */
	atomic_size_t failed;	/* index of the first failing file so far,
				   SIZE_MAX when none */
	pthread_mutex_t lock;
	struct hc_error err;	/* of file failed */
};

static size_t
hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* The unit of folder dir, or -1. */
static long
map_get(const struct scan_ctx *s, const char *dir)
{
	size_t i = hash_str(dir) & s->map.mask;

	for (; s->map.slots[i] != 0; i = (i + 1) & s->map.mask) {
		if (strcmp(s->units[s->map.slots[i] - 1].dir, dir) == 0)
			return (long)s->map.slots[i] - 1;
	}
	return -1;
}

static void
map_put(struct scan_ctx *s, const char *dir, size_t unit)
{
	size_t i = hash_str(dir) & s->map.mask;

	while (s->map.slots[i] != 0)
		i = (i + 1) & s->map.mask;
	s->map.slots[i] = unit + 1;
}

static int
nomem(struct hc_error *err)
{
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

/* Group the paths by folder and number the modules as tf_root_load()
 * does: in the order of their first .tf or .tf.json file. */
static int
make_units(struct scan_ctx *s, struct hc_error *err)
{
	size_t i, cap = 16;
	size_t *grown;

	while (cap < 2 * s->npaths + 2)
		cap *= 2;
	s->map.slots = calloc(cap, sizeof *s->map.slots);
	s->map.mask = cap - 1;
	s->units = calloc(s->npaths + 1, sizeof *s->units);
	if (s->map.slots == NULL || s->units == NULL)
		return nomem(err);
	for (i = 0; i < s->npaths; i++) {
		char *dir = tf_root_dir_of(s->paths[i]);
		struct unit *u;
		long k;

		if (dir == NULL)
			return nomem(err);
		k = map_get(s, dir);
		if (k < 0) {
			k = (long)s->nunits++;
			s->units[k].dir = dir;
			s->units[k].module = -1;
			map_put(s, dir, (size_t)k);
		} else {
			free(dir);
		}
		u = &s->units[k];
		grown = realloc(u->files, (u->nfiles + 1) * sizeof *grown);
		if (grown == NULL)
			return nomem(err);
		u->files = grown;
		u->files[u->nfiles++] = i;
		if (u->module < 0 && !tf_root_is_tfvars(s->paths[i])) {
			u->module = (int)s->nmodules;
			s->nmodules++;
		}
	}
	s->modules = calloc(s->nmodules + 1, sizeof *s->modules);
	return s->modules == NULL ? nomem(err) : 0;
}

/* Keep the error of file index when it is the first failing file. */
static void
fail_at(struct scan_ctx *s, size_t index, const struct hc_error *err)
{
	pthread_mutex_lock(&s->lock);
	if (index < atomic_load(&s->failed)) {
		s->err = *err;
		atomic_store(&s->failed, index);
	}
	pthread_mutex_unlock(&s->lock);
}

/*
 * Read the file name (relative to dfd) into *buf, grown as needed and
 * reused across files; path names it in errors. Regular files end at
 * the first short read, so a file that fits takes a single read.
 */
static int
read_file(int dfd, const char *name, const char *path, char **buf,
    size_t *cap, size_t *len, struct hc_error *err)
{

	size_t want;
	ssize_t got;
	char *grown;
	int fd;

	*len = 0;
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		hc_error_set(err, HC_ERR_IO, "cannot open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		if (*cap - *len < 4096) {
			grown = realloc(*buf, *cap * 2 + 65536);
			if (grown == NULL) {
				close(fd);
				return nomem(err);
			}
			*buf = grown;
			*cap = *cap * 2 + 65536;
		}
		want = *cap - *len - 1;
		got = read(fd, *buf + *len, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			hc_error_set(err, HC_ERR_IO, "cannot read %s: %s",
			    path, strerror(errno));
			close(fd);
			return -1;
		}
		*len += (size_t)got;
		if (got == 0 || (size_t)got < want)
			break;
	}
	close(fd);
	(*buf)[*len] = '\0';
	return 0;
}

/* Parse a file read into buf into f, as tf_root_load() would. */
static int
parse_file(struct tf_file *f, const char *buf, size_t len,
    struct hc_error *err)
{
	size_t n = strlen(f->path);

	if (n < 5 || strcmp(f->path + n - 5, ".json") != 0) {
		f->hcl = hcl_parse(f->path, buf, len, err);
		if (f->hcl == NULL)
			return -1;
		f->len = f->hcl->len;
		return 0;
	}
	f->text = malloc(len + 1);
	if (f->text == NULL)
		return nomem(err);
	memcpy(f->text, buf, len);
	f->text[len] = '\0';
	f->len = len;
	return tf_root_parse_json(f->path, f->text, f->len, &f->json, err);
}

/* Reduce expr to a string, a var.x or local.x reference, or nothing. */
static int
sexpr_of(const struct hcl_file *hcl, const struct hcl_expr *expr,
    struct sexpr *out)
{
	char buf[SCAN_VALUE_MAX];
	const char *text = NULL;

	out->kind = SEXPR_NONE;
	out->text = NULL;
	if (expr == NULL)
		return 0;
	if (hcl_expr_string(hcl, expr, buf, sizeof buf) >= 0) {
		out->kind = SEXPR_STRING;
		text = buf;
	} else if (hcl_expr_reference(hcl, expr, buf, 256) >= 0) {
		if (strncmp(buf, "var.", 4) == 0 &&
		    strchr(buf + 4, '.') == NULL) {
			out->kind = SEXPR_VAR;
			text = buf + 4;
		} else if (strncmp(buf, "local.", 6) == 0 &&
		    strchr(buf + 6, '.') == NULL) {
			out->kind = SEXPR_LOCAL;
			text = buf + 6;
		}
	}
	if (text == NULL)
		return 0;
	out->text = strdup(text);
	return out->text == NULL ? -1 : 0;
}

static int
add_entry(struct summary *m, enum entry_table table, size_t owner,
    const char *name, size_t len, const struct sexpr *value)
{
	struct entry *grown, *e;

	if (m->nentries == m->capentries) {
		m->capentries = m->capentries ? m->capentries * 2 : 16;
		grown = realloc(m->entries, m->capentries * sizeof *grown);
		if (grown == NULL)
			return -1;
		m->entries = grown;
	}
	e = &m->entries[m->nentries];
	e->name = strndup(name, len);
	if (e->name == NULL)
		return -1;
	e->table = table;
	e->owner = owner;
	e->order = m->nentries++;
	e->value = *value;
	return 0;
}

/* Add every attribute of body to table (owner), with its value. */
static int
add_attributes(struct summary *m, const struct hcl_file *hcl,
    const struct hcl_body *body, enum entry_table table, size_t owner)
{
	struct sexpr v;
	const char *name;
	size_t i, len;

	for (i = 0; i < body->nitems; i++) {
		const struct hcl_item *it = &body->items[i];

		if (it->type != HCL_ITEM_ATTRIBUTE)
			continue;
		name = hcl_token_text(hcl, it->first, &len);
		if (sexpr_of(hcl, it->expr, &v) < 0 ||
		    add_entry(m, table, owner, name, len, &v) < 0) {
			free(v.text);
			return -1;
		}
	}
	return 0;
}

static int
add_call(struct scan_ctx *s, const struct unit *u, struct summary *m,
    const char *name, const char *source)
{
	struct call *grown, *c;
	char target[PATH_MAX];
	long k;

	grown = realloc(m->calls, (m->ncalls + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	m->calls = grown;
	c = &m->calls[m->ncalls++];
	snprintf(c->name, sizeof c->name, "%s", name);
	c->target = -1;
	if (source == NULL || (strncmp(source, "./", 2) != 0 &&
	    strncmp(source, "../", 3) != 0) ||
	    tf_root_join_source(u->dir, source, target, sizeof target) < 0)
		return 0;
	k = map_get(s, target);
	if (k >= 0 && s->units[k].module >= 0 && s->units[k].module != u->module)
		c->target = s->units[k].module;
	return 0;
}

/* Add the arguments of a module call written in JSON syntax: a string
 * with no "${" is a value, anything else is unresolved. */
static int
add_json_arguments(struct summary *m, json_t *call, size_t owner)
{
	const char *key, *value;
	struct sexpr v;
	json_t *arg;

	json_object_foreach(call, key, arg) {
		value = json_string_value(arg);
		v.kind = SEXPR_NONE;
		v.text = NULL;
		if (value != NULL && strstr(value, "${") == NULL) {
			v.kind = SEXPR_STRING;
			if ((v.text = strdup(value)) == NULL)
				return -1;
		}
		if (add_entry(m, TABLE_ARGUMENT, owner, key, strlen(key),
		    &v) < 0) {
			free(v.text);
			return -1;
		}
	}
	return 0;
}

/* Record module call item of hcl, with its arguments. */
static int
read_call(struct scan_ctx *s, const struct unit *u, struct summary *m,
    const struct hcl_file *hcl, const struct hcl_item *item)
{
	const struct hcl_item *src;
	char name[128], source[512];
	int ok;

	hcl_block_label(hcl, item, 0, name, sizeof name);
	src = hcl_body_attribute(hcl, &item->body, "source");
	ok = src != NULL && hcl_expr_string(hcl, src->expr, source,
	    sizeof source) >= 0;
	if (add_call(s, u, m, name, ok ? source : NULL) < 0)
		return -1;
	return add_attributes(m, hcl, &item->body, TABLE_ARGUMENT,
	    m->ncalls - 1);
}

/* Record variable declaration item of hcl with its default. */
static int
read_variable(struct summary *m, const struct hcl_file *hcl,
    const struct hcl_item *item)
{
	const struct hcl_item *def;
	struct sexpr v;
	char name[256];
	int len;

	len = hcl_block_label(hcl, item, 0, name, sizeof name);
	if (len < 0)
		return 0;
	def = hcl_body_attribute(hcl, &item->body, "default");
	if (sexpr_of(hcl, def != NULL ? def->expr : NULL, &v) < 0 ||
	    add_entry(m, TABLE_VARIABLE, 0, name, (size_t)len, &v) < 0) {
		free(v.text);
		return -1;
	}
	return 0;
}

/* The module calls, variable declarations and locals of the HCL file
 * hcl, in one pass over its top-level blocks. */
static int
read_blocks(struct scan_ctx *s, const struct unit *u, struct summary *m,
    const struct hcl_file *hcl)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < hcl->body.nitems; i++) {
		const struct hcl_item *item = &hcl->body.items[i];

		if (item->type != HCL_ITEM_BLOCK)
			continue;
		if (hcl_token_is(hcl, item->first, "module"))
			rc = read_call(s, u, m, hcl, item);
		else if (hcl_token_is(hcl, item->first, "variable"))
			rc = read_variable(m, hcl, item);
		else if (hcl_token_is(hcl, item->first, "locals"))
			rc = add_attributes(m, hcl, &item->body, TABLE_LOCAL,
			    0);
	}
	return rc;
}

/* The values of the folder's tfvars files, in Terraform's order. */
static int
read_tfvars(struct summary *m, const struct tf_root *mini, const char *dir)
{
	const char **list = NULL;
	struct sexpr v;
	size_t n, i;
	int rc = -1;

	if (tf_root_tfvars_files(mini, dir, &list, &n, NULL) < 0)
		return -1;
	m->tfvars_auto = calloc(n + 1, sizeof *m->tfvars_auto);
	if (m->tfvars_auto == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		const struct tf_file *f =
		    &mini->files[tf_root_file_index(mini, list[i])];
		const char *base = strrchr(list[i], '/'), *key;
		json_t *value;

		base = base != NULL ? base + 1 : list[i];
		m->tfvars_auto[i] = strncmp(base, "terraform.tfvars", 16) == 0 ||
		    strstr(base, ".auto.tfvars") != NULL;
		m->ntfvars++;
		if (f->hcl != NULL) {
			if (add_attributes(m, f->hcl, &f->hcl->body,
			    TABLE_TFVARS, i) < 0)
				goto out;
			continue;
		}
		/* In JSON syntax a value that is no string is skipped,
		 * where in HCL it makes the variable unresolved. */
		json_object_foreach(f->json, key, value) {
			if (!json_is_string(value))
				continue;
			v.kind = SEXPR_STRING;
			v.text = strdup(json_string_value(value));
			if (v.text == NULL || add_entry(m, TABLE_TFVARS, i,
			    key, strlen(key), &v) < 0) {
				free(v.text);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(list);
	return rc;
}

static int
add_template(struct summary *m, const struct template *t)
{
	struct template *grown;

	grown = realloc(m->templates, (m->ntemplates + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	m->templates = grown;
	m->templates[m->ntemplates++] = *t;
	return 0;
}

/* Clear what reading a project fills, without clearing all of the
 * large struct, which took a few percent of a scan's time. */
static void
reset_project(struct tf_project *p)
{
	p->root_module = p->module = 0;
	p->nchain = 0;
	p->item = NULL;
	p->image_kind = TF_IMAGE_UNKNOWN;
	p->status = NULL;
	p->role[0] = p->role_why[0] = p->credential[0] = '\0';
	p->outside = TF_OUTSIDE_NONE;
	p->outside_role[0] = '\0';
	p->role_line = 0;
	p->role_file = 0;
	p->role_item = NULL;
	p->role_json = NULL;
	p->has_pull_type = p->has_credential = p->has_grant = 0;
}

/* Record the HCL project of block e of the module held by mini. */
static int
read_project(const struct unit *u, struct summary *m,
    const struct tf_root *mini, const struct tf_block_entry *e,
    struct tf_project *p)
{
	const struct hcl_file *h = mini->files[e->file].hcl;
	struct tf_project_exprs x;
	struct template t;

	reset_project(p);
	memset(&t, 0, sizeof t);
	tf_project_read_block(mini, p, e->file, e->item, "");
	tf_project_read_environment(mini, p, &x);
	tf_project_find_role(mini, p);
	tf_project_read_grant(mini, p);
	snprintf(t.name, sizeof t.name, "%s", p->name);
	t.file = u->files[e->file];
	t.line = p->line;
	t.has_credential_text = p->credential[0] != '\0';
	t.has_grant = p->has_grant;
	if (sexpr_of(h, x.image, &t.image_expr) < 0 ||
	    sexpr_of(h, x.pull_type, &t.pull_type) < 0 ||
	    sexpr_of(h, x.provider, &t.provider) < 0 ||
	    add_template(m, &t) < 0) {
		free(t.image_expr.text);
		free(t.pull_type.text);
		free(t.provider.text);
		return -1;
	}
	return 0;
}

/* The projects of the module held by mini (module 0), in file order:
 * the index lists a type's blocks in that order. */
static int
read_projects(const struct unit *u, struct summary *m,
    const struct tf_root *mini)
{
	const struct tf_module *mod = &mini->modules[0];
	const struct tf_block_entry *e;
	struct tf_project *p;
	struct template t;
	size_t k, n;
	int rc = -1;

	p = calloc(1, sizeof *p);
	if (p == NULL)
		return -1;
	e = tf_root_index_range(mod->index, "resource",
	    "aws_codebuild_project", &n);
	for (k = 0; k < n; k++) {
		if (read_project(u, m, mini, &e[k], p) < 0)
			goto out;
	}
	for (k = 0; k < mod->njson_files; k++) {
		const struct tf_file *f = &mini->files[mod->json_files[k]];
		json_t *projects = json_object_get(json_object_get(f->json,
		    "resource"), "aws_codebuild_project");
		const char *name;
		json_t *res;

		json_object_foreach(projects, name, res) {
			reset_project(p);
			memset(&t, 0, sizeof t);
			tf_project_read_json(mini, p, mod->json_files[k], name,
			    res, "");
			snprintf(t.name, sizeof t.name, "%s", p->name);
			t.file = u->files[mod->json_files[k]];
			t.line = p->line;
			t.json = 1;
			t.status = p->status;
			t.image = strdup(p->image);
			if (t.image == NULL || add_template(m, &t) < 0) {
				free(t.image);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free(p);
	return rc;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The first entry of table (owner) called name, or NULL. */
static const struct entry *
find_entry(const struct summary *m, enum entry_table table, size_t owner,
    const char *name)
{
	struct entry key = { table, owner, 0, (char *)name, { 0, NULL } };
	size_t lo = 0, hi = m->nentries, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cmp_entry(&m->entries[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->nentries || m->entries[lo].table != table ||
	    m->entries[lo].owner != owner ||
	    strcmp(m->entries[lo].name, name) != 0)
		return NULL;
	return &m->entries[lo];
}

/* Summarise the module whose files mini holds, as its unit's module. */
static int
summarise(struct scan_ctx *s, const struct unit *u, struct tf_root *mini)
{
	struct summary *m = &s->modules[u->module];
	const struct tf_module *mod = &mini->modules[0];
	size_t k;

	/* Calls come in the order tf_root_load() records them: those of
	 * each HCL file, then those of each JSON file. */
	for (k = 0; k < mod->nfiles; k++) {
		const struct hcl_file *h = mini->files[mod->files[k]].hcl;

		if (read_blocks(s, u, m, h) < 0)
			return -1;
	}
	for (k = 0; k < mod->njson_files; k++) {
		json_t *calls = json_object_get(
		    mini->files[mod->json_files[k]].json, "module");
		const char *name;
		json_t *obj;

		json_object_foreach(calls, name, obj) {
			const char *src = json_string_value(
			    json_object_get(obj, "source"));
			char source[512];

			/* Truncated as tf_root_load() keeps it. */
			if (src != NULL)
				snprintf(source, sizeof source, "%s", src);
			if (!json_is_object(obj))
				continue;
			if (add_call(s, u, m, name, src != NULL ? source :
			    NULL) < 0 || add_json_arguments(m, obj,
			    m->ncalls - 1) < 0)
				return -1;
		}
	}
	if (tf_root_index_module(mini, 0, NULL) < 0 ||
	    read_tfvars(m, mini, u->dir) < 0 || read_projects(u, m, mini) < 0)
		return -1;
	if (m->nentries > 0)
		qsort(m->entries, m->nentries, sizeof *m->entries, cmp_entry);
	return 0;
}

static void
free_mini(struct tf_root *mini)
{
	size_t i;

	for (i = 0; i < mini->nfiles; i++) {
		hcl_file_free(mini->files[i].hcl);
		json_decref(mini->files[i].json);
		free(mini->files[i].text);
	}
	free(mini->files);
	if (mini->nmodules > 0) {
		free(mini->modules[0].files);
		free(mini->modules[0].json_files);
		tf_root_index_free(mini->modules[0].index);
	}
}

/* Add local file index i of mini to its module's HCL or JSON list. */
static int
add_module_file(struct tf_module *mod, const struct tf_file *f, size_t i)
{
	size_t **list = f->json != NULL ? &mod->json_files : &mod->files;
	size_t *count = f->json != NULL ? &mod->njson_files : &mod->nfiles;
	size_t *grown;

	grown = realloc(*list, (*count + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	*list = grown;
	grown[(*count)++] = i;
	return 0;
}

/*
 * Parse the files of unit u into a root of that one folder, summarise its
 * module and free the trees. Stops at a file after the first failing one
 * found so far, whose error then wins.
 */
static void
run_unit(struct scan_ctx *s, struct unit *u, char **buf, size_t *cap)
{
	struct tf_module mod;
	struct tf_root mini;
	struct hc_error err;
	const char *base;
	size_t i, len;
	int ufd = -1;

	hc_error_init(&err);
	memset(&mini, 0, sizeof mini);
	memset(&mod, 0, sizeof mod);
	mod.dir = u->dir;
	mini.dir = (char *)s->dir;
	mini.modules = &mod;
	mini.nmodules = u->module >= 0 ? 1 : 0;
	mini.files = calloc(u->nfiles, sizeof *mini.files);
	if (mini.files == NULL) {
		nomem(&err);
		fail_at(s, SIZE_MAX - 1, &err);
		return;
	}
	/* Opening each file relative to its folder saves a path walk per
	 * file. When the folder cannot be opened, the path is walked. */
	if (strcmp(u->dir, ".") != 0)
		ufd = openat(s->dfd, u->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (i = 0; i < u->nfiles; i++) {
		struct tf_file *f = &mini.files[i];
		size_t index = u->files[i];

		if (index > atomic_load(&s->failed))
			goto out;
		f->path = s->paths[index];
		f->tfvars = tf_root_is_tfvars(f->path);
		f->module = u->module >= 0 ? 0 : -1;
		mini.nfiles++;
		base = strrchr(f->path, '/');
		if (read_file(ufd >= 0 ? ufd : s->dfd, ufd >= 0 && base != NULL ?
		    base + 1 : f->path, f->path, buf, cap, &len, &err) < 0 ||
		    parse_file(f, *buf, len, &err) < 0) {
			fail_at(s, index, &err);
			goto out;
		}
		u->bytes += f->len;
		if (u->module >= 0 && !f->tfvars &&
		    add_module_file(&mod, f, i) < 0) {
			nomem(&err);
			fail_at(s, SIZE_MAX - 1, &err);
			goto out;
		}
	}
	if (u->module >= 0 && summarise(s, u, &mini) < 0) {
		nomem(&err);
		fail_at(s, SIZE_MAX - 1, &err);
	}
out:
	for (i = 0; i < mini.nfiles; i++)
		mini.files[i].path = NULL;
	free_mini(&mini);
	if (ufd >= 0)
		close(ufd);
}

static void *
worker(void *arg)
{
	struct scan_ctx *s = arg;
	char *buf = NULL;
	size_t cap = 0, k;

	while ((k = atomic_fetch_add(&s->next, 1)) < s->nunits)
		run_unit(s, &s->units[k], &buf, &cap);
	free(buf);
	return NULL;
}

/* Run the units on threads threads, the calling one included. */
static void
run_units(struct scan_ctx *s, unsigned threads)
{
	pthread_t tids[SCAN_MAX_THREADS];
	unsigned i, started = 0;

	for (i = 1; i < threads; i++) {
		if (pthread_create(&tids[started], NULL, worker, s) != 0)
			break;
		started++;
	}
	worker(s);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

/* A link of the way from a root module to a module it calls. */
struct link {
	int module;
	size_t call;
};

struct instance {
	int root_module;
	struct link chain[TF_MAX_DEPTH];
	size_t nchain;
};

static int
module_at(const struct scan_ctx *s, const struct instance *in, size_t depth)
{
	const struct link *l;

	if (depth == 0)
		return in->root_module;
	l = &in->chain[depth - 1];
	return s->modules[l->module].calls[l->call].target;
}

/* The value of variable name from the tfvars files of root module m, as
 * tfvars_value() in core/tf/project.c finds it. */
static int
tfvars_value(const struct summary *m, const char *name, char *buf,
    size_t size)
{
	const struct entry *e;
	size_t i;
	int len = -1;

	for (i = 0; i < m->ntfvars; i++) {
		if (!m->tfvars_auto[i] && len >= 0)
			continue;
		e = find_entry(m, TABLE_TFVARS, i, name);
		if (e == NULL)
			continue;
		if (e->value.kind == SEXPR_STRING)
			len = snprintf(buf, size, "%s", e->value.text);
		else
			len = -1;
	}
	return len;
}

/* Resolve e at depth of the instance's chain, as tf_project_resolve()
 * resolves the expression it was made from. */
static int
resolve(const struct scan_ctx *s, const struct instance *in, size_t depth,
    const struct sexpr *e, char *buf, size_t size, int budget)
{
	int module = module_at(s, in, depth);
	const struct summary *m;
	const struct entry *v;
	int len;

	if (budget <= 0 || module < 0)
		return -1;
	m = &s->modules[module];
	switch (e->kind) {
	case SEXPR_STRING:
		return snprintf(buf, size, "%s", e->text);
	case SEXPR_VAR:
		if (depth > 0) {
			const struct link *l = &in->chain[depth - 1];

			v = find_entry(&s->modules[l->module], TABLE_ARGUMENT,
			    l->call, e->text);
			if (v != NULL)
				return resolve(s, in, depth - 1, &v->value,
				    buf, size, budget - 1);
		} else {
			len = tfvars_value(m, e->text, buf, size);
			if (len >= 0)
				return len;
		}
		v = find_entry(m, TABLE_VARIABLE, 0, e->text);
		if (v == NULL)
			return -1;
		return resolve(s, in, depth, &v->value, buf, size, budget - 1);
	case SEXPR_LOCAL:
		v = find_entry(m, TABLE_LOCAL, 0, e->text);
		if (v == NULL)
			return -1;
		return resolve(s, in, depth, &v->value, buf, size, budget - 1);
	case SEXPR_NONE:
		break;
	}
	return -1;
}

static int
emit(struct tf_scan *out, const struct scan_ctx *s,
    const struct instance *in, const struct template *t, const char *prefix)
{
	struct tf_scan_project *grown, *p;
	struct tf_project status;
	char image[512], value[64], address[512];

	if (t->json) {
		snprintf(image, sizeof image, "%s", t->image);
		status.status = t->status;
	} else {
		if (t->image_expr.kind == SEXPR_NONE || resolve(s, in,
		    in->nchain, &t->image_expr, image, sizeof image, 16) < 0)
			snprintf(image, sizeof image, "unknown");
		status.has_pull_type = resolve(s, in, in->nchain,
		    &t->pull_type, value, sizeof value, 16) >= 0 &&
		    strcmp(value, "SERVICE_ROLE") == 0;
		status.has_credential = t->has_credential_text &&
		    resolve(s, in, in->nchain, &t->provider, value,
		    sizeof value, 16) >= 0 &&
		    strcmp(value, "SECRETS_MANAGER") == 0;
		status.has_grant = t->has_grant;
		status.credential[0] = t->has_credential_text ? 'x' : '\0';
		status.image_kind = tf_image_classify(image);
		status.status = tf_project_status(&status);
	}
	if (out->nprojects % 64 == 0) {
		grown = realloc(out->projects,
		    (out->nprojects + 64) * sizeof *grown);
		if (grown == NULL)
			return -1;
		out->projects = grown;
	}
	p = &out->projects[out->nprojects];
	snprintf(address, sizeof address, "%saws_codebuild_project.%s",
	    prefix, t->name);
	p->address = strdup(address);
	p->image = strdup(image);
	p->file = s->paths[t->file];
	p->line = t->line;
	p->status = status.status;
	if (p->address == NULL || p->image == NULL) {
		free(p->address);
		free(p->image);
		return -1;
	}
	out->nprojects++;
	return 0;
}

/* The projects of module reached through in's chain and of the modules
 * it calls, as scan_instance() in core/tf/project.c lists them. */
static int
expand(struct tf_scan *out, const struct scan_ctx *s, struct instance *in,
    int module, const char *prefix)
{
	const struct summary *m = &s->modules[module];
	char sub[512];
	size_t k;

	for (k = 0; k < m->ntemplates; k++) {
		if (emit(out, s, in, &m->templates[k], prefix) < 0)
			return -1;
	}
	if (in->nchain == TF_MAX_DEPTH)
		return 0;
	for (k = 0; k < m->ncalls; k++) {
		if (m->calls[k].target < 0)
			continue;
		in->chain[in->nchain].module = module;
		in->chain[in->nchain].call = k;
		in->nchain++;
		snprintf(sub, sizeof sub, "%smodule.%s.", prefix,
		    m->calls[k].name);
		if (expand(out, s, in, m->calls[k].target, sub) < 0)
			return -1;
		in->nchain--;
	}
	return 0;
}

static int
expand_roots(struct tf_scan *out, struct scan_ctx *s)
{
	struct instance in;
	size_t i, k;

	for (i = 0; i < s->nmodules; i++) {
		for (k = 0; k < s->modules[i].ncalls; k++) {
			if (s->modules[i].calls[k].target >= 0)
				s->modules[s->modules[i].calls[k].target]
				    .called = 1;
		}
	}
	for (i = 0; i < s->nmodules; i++) {
		if (s->modules[i].called)
			continue;
		memset(&in, 0, sizeof in);
		in.root_module = (int)i;
		if (expand(out, s, &in, (int)i, "") < 0)
			return -1;
	}
	return 0;
}

static void
free_summary(struct summary *m)
{
	size_t i;

	for (i = 0; i < m->nentries; i++) {
		free(m->entries[i].name);
		free(m->entries[i].value.text);
	}
	for (i = 0; i < m->ntemplates; i++) {
		free(m->templates[i].image);
		free(m->templates[i].image_expr.text);
		free(m->templates[i].pull_type.text);
		free(m->templates[i].provider.text);
	}
	free(m->entries);
	free(m->calls);
	free(m->tfvars_auto);
	free(m->templates);
}

static void
ctx_done(struct scan_ctx *s)
{
	size_t i;

	for (i = 0; i < s->nunits; i++) {
		free(s->units[i].dir);
		free(s->units[i].files);
	}
	for (i = 0; s->modules != NULL && i < s->nmodules; i++)
		free_summary(&s->modules[i]);
	free(s->modules);
	free(s->units);
	free(s->map.slots);
	if (s->dfd >= 0)
		close(s->dfd);
	pthread_mutex_destroy(&s->lock);
}

static unsigned
thread_count(unsigned threads, size_t units)
{
	long cpus;

	if (threads == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (threads > SCAN_MAX_THREADS)
		threads = SCAN_MAX_THREADS;
	if (threads > units)
		threads = units > 0 ? (unsigned)units : 1;
	return threads;
}

struct tf_scan *
tf_scan_run(const char *dir, unsigned threads, struct hc_error *err)
{
	struct tf_scan *out = NULL;
	struct scan_ctx s;
	char *top;
	size_t i;

	memset(&s, 0, sizeof s);
	s.dfd = -1;
	s.dir = dir;
	atomic_init(&s.next, 0);
	atomic_init(&s.failed, SIZE_MAX);
	pthread_mutex_init(&s.lock, NULL);
	hc_error_init(&s.err);
	top = realpath(dir, NULL);
	if (top == NULL) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "cannot open %s", dir);
		goto fail;
	}
	out = calloc(1, sizeof *out);
	if (out == NULL) {
		nomem(err);
		goto fail;
	}
	if (tf_root_walk(top, &out->paths, NULL, &out->nfiles, err) < 0)
		goto fail;
	s.paths = out->paths;
	s.npaths = out->nfiles;
	s.dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dfd < 0 && s.npaths > 0) {
		hc_error_set(err, HC_ERR_NOT_FOUND, "cannot open %s", dir);
		goto fail;
	}
	if (make_units(&s, err) < 0)
		goto fail;
	run_units(&s, thread_count(threads, s.nunits));
	if (atomic_load(&s.failed) != SIZE_MAX) {
		if (err != NULL)
			*err = s.err;
		goto fail;
	}
	for (i = 0; i < s.nunits; i++)
		out->bytes += s.units[i].bytes;
	out->nmodules = s.nmodules;
	if (expand_roots(out, &s) < 0) {
		nomem(err);
		goto fail;
	}
	ctx_done(&s);
	free(top);
	return out;
fail:
	ctx_done(&s);
	free(top);
	tf_scan_free(out);
	return NULL;
}

void
tf_scan_free(struct tf_scan *scan)
{
	size_t i;

	if (scan == NULL)
		return;
	for (i = 0; i < scan->nfiles; i++)
		free(scan->paths[i]);
	for (i = 0; i < scan->nprojects; i++) {
		free(scan->projects[i].address);
		free(scan->projects[i].image);
	}
	free(scan->paths);
	free(scan->projects);
	free(scan);
}
