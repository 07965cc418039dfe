/* Journals of applies: manifests and backups in the state folder. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/apply-private.h"
#include "core/journal.h"
#include "core/log.h"

#define MANIFEST "manifest.json"

static const char *const secret_actions[] = {
	[PLAN_SECRET_NONE] = "none",
	[PLAN_SECRET_CREATE] = "create",
	[PLAN_SECRET_UPDATE] = "update",
};

static void
file_done(struct journal_file *f)
{
	free(f->path);
	free(f->target);
	free(f->backup);
}

void
journal_done(struct journal *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->nfiles; i++)
		file_done(&j->files[i]);
	free(j->files);
	free(j->root);
	free(j->dir);
	free(j->name);
	memset(j, 0, sizeof *j);
}

static int
journal_paths(struct journal *j, const char *root, const char *name,
    struct hc_error *err)
{
	char state[PATH_MAX];

	if (apply_state_dir(root, state, sizeof state, err) < 0)
		return -1;
	j->root = strdup(root);
	j->name = strdup(name);
	if (j->root == NULL || j->name == NULL ||
	    asprintf(&j->dir, "%s/journal/%s", state, name) < 0) {
		j->dir = NULL;
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* The folder of root's journals into buf. */
static int
journal_base(const char *root, char *buf, size_t size, struct hc_error *err)
{
	char state[PATH_MAX];

	if (apply_state_dir(root, state, sizeof state, err) < 0)
		return -1;
	if (apply_path(buf, size, "%s/journal", state) < 0) {
		apply_error_errno(err, errno, "opening", state);
		return -1;
	}
	return 0;
}

int
journal_create(struct journal *j, const char *root, struct hc_error *err)
{
	char name[64], base[PATH_MAX];
	struct timespec ts;
	struct tm tm;

	memset(j, 0, sizeof *j);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(j->started, sizeof j->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Names sort by time, so the newest journal is the last name. */
	strftime(name, 32, "%Y%m%dT%H%M%S", &tm);
	snprintf(name + strlen(name), sizeof name - strlen(name),
	    ".%09ldZ-%ld", (long)ts.tv_nsec, (long)getpid());
	if (journal_paths(j, root, name, err) < 0 ||
	    journal_base(root, base, sizeof base, err) < 0)
		return -1;
	if (mkdir(base, 0755) < 0 && errno != EEXIST) {
		apply_error_errno(err, errno, "creating", base);
		return -1;
	}
	if (mkdir(j->dir, 0700) < 0) {
		apply_error_errno(err, errno, "creating", j->dir);
		return -1;
	}
	return apply_fsync_dir(base, err);
}

int
journal_add_file(struct journal *j, const char *path, const char *target,
    bool created, bool already, const char *before, const char *after,
    struct hc_error *err)
{
	struct journal_file *grown, *f;

	grown = realloc(j->files, (j->nfiles + 1) * sizeof *grown);
	if (grown == NULL)
		goto nomem;
	j->files = grown;
	f = &j->files[j->nfiles];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	f->target = strdup(target);
	if (f->path == NULL || f->target == NULL) {
		file_done(f);
		goto nomem;
	}
	f->created = created;
	f->already = already;
	snprintf(f->before, sizeof f->before, "%s", before ? before : "");
	snprintf(f->after, sizeof f->after, "%s", after);
	j->nfiles++;
	return 0;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

int
journal_write_backup(struct journal *j, size_t i, const char *buf,
    size_t len, struct hc_error *err)
{
	char name[32], path[PATH_MAX];
	int fd, rc = -1;

	snprintf(name, sizeof name, "%zu.orig", i);
	if (apply_path(path, sizeof path, "%s/%s", j->dir, name) < 0) {
		apply_error_errno(err, errno, "creating the backup in",
		    j->dir);
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		apply_error_errno(err, errno, "creating the backup", path);
		return -1;
	}
	if (apply_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		apply_error_errno(err, errno, "writing the backup", path);
		goto out;
	}
	free(j->files[i].backup);
	j->files[i].backup = strdup(name);
	if (j->files[i].backup == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	if (close(fd) < 0 && rc == 0) {
		apply_error_errno(err, errno, "writing the backup", path);
		rc = -1;
	}
	return rc;
}

static json_t *
file_json(const struct journal_file *f)
{
	return json_pack("{s:s, s:s, s:b, s:b, s:s?, s:s, s:s?}",
	    "path", f->path, "target", f->target, "created", f->created,
	    "already", f->already,
	    "sha256_before", f->created ? NULL : f->before,
	    "sha256_after", f->after, "backup", f->backup);
}

static json_t *
manifest_json(const struct journal *j, const char *status)
{
	json_t *root, *files, *remote;
	size_t i;

	files = json_array();
	remote = json_array();
	for (i = 0; i < j->nfiles && files != NULL; i++) {
		if (json_array_append_new(files, file_json(&j->files[i])))
			goto fail;
	}
	if (remote != NULL && j->secret_action != PLAN_SECRET_NONE &&
	    json_array_append_new(remote, json_pack("{s:s, s:s, s:s, s:s, "
	    "s:s}", "service", "secretsmanager",
	    "action", secret_actions[j->secret_action],
	    "name", j->secret_name, "arn", j->secret_arn,
	    "region", j->secret_region)))
		goto fail;
	root = json_pack("{s:i, s:s, s:s, s:s, s:o, s:o}",
	    "hubcred_journal", 1, "name", j->name, "status", status,
	    "started", j->started, "files", files, "remote", remote);
	return root;

fail:
	json_decref(files);
	json_decref(remote);
	return NULL;
}

int
journal_save(struct journal *j, const char *status, struct hc_error *err)
{
	char path[PATH_MAX];
	json_t *doc;
	char *text = NULL;
	size_t len;
	int rc = -1;

	doc = manifest_json(j, status);
	if (doc == NULL)
		goto nomem;
	/* Dump into a malloc'd buffer, because jansson's allocator may
	 * have been replaced by one that plain free() cannot release. */
	len = json_dumpb(doc, NULL, 0, JSON_INDENT(2) | JSON_SORT_KEYS);
	text = malloc(len + 1);
	if (text == NULL)
		goto nomem;
	json_dumpb(doc, text, len, JSON_INDENT(2) | JSON_SORT_KEYS);
	text[len++] = '\n';
	if (apply_path(path, sizeof path, "%s/%s", j->dir, MANIFEST) < 0) {
		apply_error_errno(err, errno, "writing", j->dir);
		goto out;
	}
	if (apply_replace(path, path, text, len, NULL, err) < 0)
		goto out;
	snprintf(j->status, sizeof j->status, "%s", status);
	rc = 0;
	goto out;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
out:
	json_decref(doc);
	free(text);
	return rc;
}

static int
str_copy(char **dst, json_t *v)
{
	const char *s = json_string_value(v);

	*dst = s != NULL ? strdup(s) : NULL;
	return s != NULL && *dst == NULL ? -1 : 0;
}

static int
file_load(struct journal_file *f, json_t *v)
{
	const char *before = NULL, *after = NULL;
	int created = 0, already = 0;

	memset(f, 0, sizeof *f);
	/* sha256_before and backup are null for a created file. */
	if (json_unpack(v, "{s:b, s?b, s:s}", "created", &created,
	    "already", &already, "sha256_after", &after) < 0)
		return -1;
	before = json_string_value(json_object_get(v, "sha256_before"));
	if (str_copy(&f->path, json_object_get(v, "path")) < 0 ||
	    str_copy(&f->target, json_object_get(v, "target")) < 0 ||
	    str_copy(&f->backup, json_object_get(v, "backup")) < 0 ||
	    f->path == NULL || f->target == NULL)
		return -1;
	f->created = created;
	f->already = already;
	snprintf(f->before, sizeof f->before, "%s", before ? before : "");
	snprintf(f->after, sizeof f->after, "%s", after);
	if (!f->created && (f->backup == NULL || before == NULL))
		return -1;
	return 0;
}

static void
remote_load(struct journal *j, json_t *remote)
{
	json_t *r = json_array_get(remote, 0);
	const char *action = "", *name = "", *arn = "", *region = "";
	size_t k;

	if (r == NULL || json_unpack(r, "{s:s, s?s, s?s, s?s}", "action",
	    &action, "name", &name, "arn", &arn, "region", &region) < 0)
		return;
	for (k = 0; k < sizeof secret_actions / sizeof *secret_actions; k++) {
		if (strcmp(action, secret_actions[k]) == 0)
			j->secret_action = (enum plan_secret_action)k;
	}
	snprintf(j->secret_name, sizeof j->secret_name, "%s", name);
	snprintf(j->secret_arn, sizeof j->secret_arn, "%s", arn);
	snprintf(j->secret_region, sizeof j->secret_region, "%s", region);
}

int
journal_load(struct journal *j, const char *root, const char *name,
    struct hc_error *err)
{
	char path[PATH_MAX];
	const char *status = NULL, *started = "";
	json_error_t jerr;
	json_t *doc = NULL, *files = NULL, *v;
	size_t i;
	int rc = -1;

	memset(j, 0, sizeof *j);
	if (journal_paths(j, root, name, err) < 0)
		return -1;
	if (apply_path(path, sizeof path, "%s/%s", j->dir, MANIFEST) < 0) {
		apply_error_errno(err, errno, "reading", j->dir);
		return -1;
	}
	doc = json_load_file(path, 0, &jerr);
	if (doc == NULL || json_unpack(doc, "{s:s, s?s, s:o}", "status",
	    &status, "started", &started, "files", &files) < 0 ||
	    !json_is_array(files))
		goto bad;
	snprintf(j->status, sizeof j->status, "%s", status);
	snprintf(j->started, sizeof j->started, "%s", started);
	j->files = calloc(json_array_size(files) + 1, sizeof *j->files);
	if (j->files == NULL)
		goto bad;
	json_array_foreach(files, i, v) {
		j->nfiles++;
		if (file_load(&j->files[i], v) < 0)
			goto bad;
	}
	remote_load(j, json_object_get(doc, "remote"));
	rc = 0;
	goto out;

bad:
	hc_error_set(err, HC_ERR_INPUT, "%s is not a journal hubcred can "
	    "read%s%s", path, doc == NULL ? ": " : "",
	    doc == NULL ? jerr.text : "");
out:
	json_decref(doc);
	return rc;
}

static int
name_cmp_desc(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

int
journal_list(const char *root, char ***names, struct hc_error *err)
{
	char base[PATH_MAX];
	struct dirent *de;
	char **list = NULL, **grown;
	size_t n = 0;
	DIR *d;

	*names = NULL;
	list = calloc(1, sizeof *list);
	if (list == NULL)
		goto nomem;
	if (journal_base(root, base, sizeof base, err) < 0) {
		free(list);
		return -1;
	}
	d = opendir(base);
	if (d == NULL) {
		if (errno == ENOENT) {
			*names = list;
			return 0;
		}
		apply_error_errno(err, errno, "reading", base);
		free(list);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		grown = realloc(list, (n + 2) * sizeof *list);
		if (grown == NULL)
			break;
		list = grown;
		list[n] = strdup(de->d_name);
		if (list[n] == NULL)
			break;
		list[++n] = NULL;
	}
	closedir(d);
	if (de != NULL) {
		journal_names_free(list);
		goto nomem;
	}
	qsort(list, n, sizeof *list, name_cmp_desc);
	*names = list;
	return 0;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

void
journal_names_free(char **names)
{
	size_t i;

	for (i = 0; names != NULL && names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

/* Remove the plain files in dir, then dir. */
static int
dir_remove(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (apply_path(path, sizeof path, "%s/%s", dir,
		    de->d_name) == 0)
			unlink(path);
	}
	closedir(d);
	return rmdir(dir);
}

int
journal_remove(struct journal *j, struct hc_error *err)
{
	if (dir_remove(j->dir) < 0) {
		apply_error_errno(err, errno, "removing", j->dir);
		return -1;
	}
	return 0;
}

/* Remove ".NAME.hubcred-XXXXXX" temp files of target (root-relative). */
static void
temps_remove(const char *root, const char *target)
{
	char dir[PATH_MAX], path[PATH_MAX], prefix[NAME_MAX + 16];
	const char *slash = strrchr(target, '/');
	const char *base = slash != NULL ? slash + 1 : target;
	struct dirent *de;
	size_t plen;
	DIR *d;

	if (apply_path(dir, sizeof dir, "%s/%.*s", root,
	    slash != NULL ? (int)(slash - target) : 0, target) < 0)
		return;
	snprintf(prefix, sizeof prefix, ".%s%s", base, APPLY_TEMP_MARK);
	plen = strlen(prefix);
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0 ||
		    strlen(de->d_name) != plen + 6)
			continue;
		if (apply_path(path, sizeof path, "%s/%s", dir,
		    de->d_name) == 0 && unlink(path) == 0)
			hc_log(HC_LOG_INFO, "journal", "removed %s left by an "
			    "interrupted run", path);
	}
	closedir(d);
}

void
journal_recover(const char *root)
{
	struct journal j;
	char **names = NULL;
	char path[PATH_MAX];
	size_t i, k;

	if (journal_list(root, &names, NULL) < 0)
		return;
	for (i = 0; names[i] != NULL; i++) {
		if (journal_load(&j, root, names[i], NULL) < 0) {
			/* No manifest: killed before the first rename and
			 * before any temp file existed. */
			if (j.dir != NULL && apply_path(path, sizeof path,
			    "%s/%s", j.dir, MANIFEST) == 0 &&
			    access(path, F_OK) < 0 && errno == ENOENT)
				dir_remove(j.dir);
			journal_done(&j);
			continue;
		}
		if (strcmp(j.status, JOURNAL_PREPARED) == 0 ||
		    strcmp(j.status, JOURNAL_UNDOING) == 0) {
			for (k = 0; k < j.nfiles; k++)
				temps_remove(root, j.files[k].target);
		}
		/* Leftover temp files of the manifest itself. */
		temps_remove(j.dir, MANIFEST);
		journal_done(&j);
	}
	journal_names_free(names);
}
