/* The plan: file changes and the remote write, before anything happens. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/plan.h"

int
plan_init(struct plan *plan, const char *root, struct hc_error *err)
{
	memset(plan, 0, sizeof *plan);
	plan->root = strdup(root);
	if (plan->root == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static void
plan_file_done(struct plan_file *file)
{
	free(file->path);
	free(file->old_text);
	free(file->new_text);
}

void
plan_done(struct plan *plan)
{
	size_t i;

	if (plan == NULL)
		return;
	for (i = 0; i < plan->nfiles; i++)
		plan_file_done(&plan->files[i]);
	for (i = 0; i < plan->nnotes; i++)
		free(plan->notes[i]);
	free(plan->files);
	free(plan->notes);
	free(plan->root);
	memset(plan, 0, sizeof *plan);
}

const struct plan_file *
plan_find(const struct plan *plan, const char *path)
{
	size_t i;

	for (i = 0; i < plan->nfiles; i++) {
		if (strcmp(plan->files[i].path, path) == 0)
			return &plan->files[i];
	}
	return NULL;
}

/* A NUL-terminated copy of n bytes, so texts can be used as C strings. */
static char *
copy_text(const char *text, size_t n)
{
	char *copy;

	copy = malloc(n + 1);
	if (copy == NULL)
		return NULL;
	if (n > 0)
		memcpy(copy, text, n);
	copy[n] = '\0';
	return copy;
}

static void
plan_remove(struct plan *plan, size_t index)
{
	plan_file_done(&plan->files[index]);
	memmove(&plan->files[index], &plan->files[index + 1],
	    (plan->nfiles - index - 1) * sizeof plan->files[0]);
	plan->nfiles--;
}

int
plan_set_file(struct plan *plan, const char *path, const char *old_text,
    size_t old_len, const char *new_text, size_t new_len,
    struct hc_error *err)
{
	struct plan_file *file = (struct plan_file *)plan_find(plan, path);
	struct plan_file *grown;
	char *copy;

	if (file != NULL) {
		copy = copy_text(new_text, new_len);
		if (copy == NULL)
			goto nomem;
		free(file->new_text);
		file->new_text = copy;
		file->new_len = new_len;
		if (file->old_text != NULL && file->old_len == new_len &&
		    memcmp(file->old_text, new_text, new_len) == 0)
			plan_remove(plan, (size_t)(file - plan->files));
		return 0;
	}
	if (old_text != NULL && old_len == new_len &&
	    memcmp(old_text, new_text, new_len) == 0)
		return 0;

	grown = realloc(plan->files, (plan->nfiles + 1) * sizeof *grown);
	if (grown == NULL)
		goto nomem;
	plan->files = grown;
	file = &plan->files[plan->nfiles];
	memset(file, 0, sizeof *file);
	file->path = strdup(path);
	file->new_text = copy_text(new_text, new_len);
	file->new_len = new_len;
	if (old_text != NULL) {
		file->old_text = copy_text(old_text, old_len);
		file->old_len = old_len;
	}
	if (file->path == NULL || file->new_text == NULL ||
	    (old_text != NULL && file->old_text == NULL)) {
		plan_file_done(file);
		goto nomem;
	}
	plan->nfiles++;
	return 0;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory recording %s", path);
	return -1;
}

int
plan_add_note(struct plan *plan, struct hc_error *err, const char *fmt, ...)
{
	char **grown;
	char *note;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&note, fmt, ap);
	va_end(ap);
	if (rc < 0)
		goto nomem;
	grown = realloc(plan->notes, (plan->nnotes + 1) * sizeof *grown);
	if (grown == NULL) {
		free(note);
		goto nomem;
	}
	plan->notes = grown;
	plan->notes[plan->nnotes++] = note;
	return 0;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

int
plan_is_empty(const struct plan *plan)
{
	return plan->nfiles == 0 && plan->secret.action == PLAN_SECRET_NONE;
}
