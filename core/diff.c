/* Unified diffs and hunk selection, on top of libgit2's buffer diffs. */
#include <ctype.h>
#include <git2.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/diff.h"

static int git_ready;

/* libgit2 and libsodium must be initialised once before their first use. */
static int
diff_libs_init(struct hc_error *err)
{
	if (git_ready)
		return 0;
	if (git_libgit2_init() < 0 || sodium_init() < 0) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot initialise libgit2 or libsodium");
		return -1;
	}
	git_ready = 1;
	return 0;
}

static char *
copy_bytes(const char *text, size_t n)
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
hunk_done(struct diff_hunk *hunk)
{
	size_t i;

	for (i = 0; i < hunk->nlines; i++)
		free(hunk->lines[i].text);
	free(hunk->lines);
	free(hunk->header);
}

static void
file_done(struct diff_file *file)
{
	size_t i;

	for (i = 0; i < file->nhunks; i++)
		hunk_done(&file->hunks[i]);
	free(file->hunks);
	free(file->path);
	free(file->old_text);
}

void
diff_free(struct diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nfiles; i++)
		file_done(&d->files[i]);
	for (i = 0; i < d->nnotes; i++)
		free(d->notes[i]);
	free(d->notes);
	free(d->files);
	free(d->root);
	free(d);
}

/* Copy one libgit2 line, splitting its line ending off the text. */
static int
line_copy(struct diff_line *line, const git_diff_line *gl)
{
	size_t len = gl->content_len;

	line->origin = (char)gl->origin;
	line->old_lineno = gl->old_lineno;
	line->new_lineno = gl->new_lineno;
	line->eol = DIFF_EOL_NONE;
	if (len > 0 && gl->content[len - 1] == '\n') {
		len--;
		line->eol = DIFF_EOL_LF;
		if (len > 0 && gl->content[len - 1] == '\r') {
			len--;
			line->eol = DIFF_EOL_CRLF;
		}
	}
	line->len = len;
	line->text = copy_bytes(gl->content, len);
	return line->text == NULL ? -1 : 0;
}

/*
 * Hash text into st, leaving out the account and the random six-character
 * suffix of each Secrets Manager secret ARN. So a hunk reviewed with a new
 * secret's placeholder ARN (arn:...:ACCOUNT:secret:NAME-??????) keeps its
 * id once CreateSecret has returned the real ARN, and in later runs.
 */
static void
hash_masking_arns(crypto_hash_sha256_state *st, const char *text, size_t len)
{
	static const char service[] = ":secretsmanager:";
	const char *p = text, *end = text + len, *svc, *acct, *sec, *q;

	while ((svc = memmem(p, (size_t)(end - p), service,
	    sizeof service - 1)) != NULL) {
		/* arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX */
		acct = memchr(svc + sizeof service - 1, ':',
		    (size_t)(end - svc - (sizeof service - 1)));
		if (acct == NULL)
			break;
		acct++;
		sec = acct;
		while (sec < end && *sec != ':')
			sec++;
		if ((size_t)(end - sec) < 8 || memcmp(sec, ":secret:", 8) != 0) {
			crypto_hash_sha256_update(st, (const unsigned char *)p,
			    (size_t)(acct - p));
			p = acct;
			continue;
		}
		crypto_hash_sha256_update(st, (const unsigned char *)p,
		    (size_t)(acct - p));
		/* The name runs to a character no name has; its last seven
		 * bytes are "-" and the suffix. */
		q = sec + 8;
		while (q < end && (isalnum((unsigned char)*q) ||
		    strchr("/_+=.@-?", *q) != NULL))
			q++;
		if (q - (sec + 8) > 7 && q[-7] == '-') {
			crypto_hash_sha256_update(st,
			    (const unsigned char *)sec, (size_t)(q - 7 - sec));
			p = q;
		} else {
			p = sec;
		}
	}
	crypto_hash_sha256_update(st, (const unsigned char *)p,
	    (size_t)(end - p));
}

/* "<path>:<8 hex>" from SHA-256 over path, header and the lines, secret
 * ARNs masked (see hash_masking_arns()). */
static void
hunk_make_id(struct diff_hunk *hunk, const char *path)
{
	static const char eols[][3] = { "\n", "\r\n", "" };
	crypto_hash_sha256_state st;
	unsigned char sum[crypto_hash_sha256_BYTES];
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	size_t i;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)path,
	    strlen(path) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)hunk->header,
	    strlen(hunk->header) + 1);
	for (i = 0; i < hunk->nlines; i++) {
		const struct diff_line *l = &hunk->lines[i];
		const char *eol = eols[l->eol];

		crypto_hash_sha256_update(&st,
		    (const unsigned char *)&l->origin, 1);
		hash_masking_arns(&st, l->text, l->len);
		crypto_hash_sha256_update(&st, (const unsigned char *)eol,
		    strlen(eol) + 1);
	}
	crypto_hash_sha256_final(&st, sum);
	sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
	snprintf(hunk->id, sizeof hunk->id, "%.1000s:%.8s", path, hex);
}

/* Copy hunk number h of patch into hunk. */
static int
hunk_copy(struct diff_hunk *hunk, git_patch *patch, size_t h,
    const char *path)
{
	const git_diff_hunk *gh;
	const git_diff_line *gl;
	size_t n, i, len;

	if (git_patch_get_hunk(&gh, &n, patch, h) < 0)
		return -1;
	len = gh->header_len;
	while (len > 0 && (gh->header[len - 1] == '\n' ||
	    gh->header[len - 1] == '\r'))
		len--;
	hunk->header = copy_bytes(gh->header, len);
	hunk->lines = calloc(n > 0 ? n : 1, sizeof *hunk->lines);
	if (hunk->header == NULL || hunk->lines == NULL)
		return -1;
	hunk->old_start = gh->old_start;
	hunk->old_lines = gh->old_lines;
	hunk->new_start = gh->new_start;
	hunk->new_lines = gh->new_lines;
	for (i = 0; i < n; i++) {
		if (git_patch_get_line_in_hunk(&gl, patch, h, i) < 0)
			return -1;
		/* The "no newline" markers are not lines, because eol
		 * records the missing newline. */
		if (gl->origin != GIT_DIFF_LINE_CONTEXT &&
		    gl->origin != GIT_DIFF_LINE_ADDITION &&
		    gl->origin != GIT_DIFF_LINE_DELETION)
			continue;
		if (line_copy(&hunk->lines[hunk->nlines], gl) < 0)
			return -1;
		hunk->nlines++;
	}
	hunk_make_id(hunk, path);
	return 0;
}

static int
file_diff(struct diff *d, struct diff_file *file, const struct plan_file *pf,
    struct hc_error *err)
{
	git_diff_options opts;
	const git_diff_delta *delta;
	git_patch *patch = NULL;
	size_t i, n;
	int rc = -1;

	file->created = pf->old_text == NULL;
	file->path = strdup(pf->path);
	file->old_len = file->created ? 0 : pf->old_len;
	file->old_text = copy_bytes(file->created ? "" : pf->old_text,
	    file->old_len);
	if (file->path == NULL || file->old_text == NULL)
		goto nomem;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 3;
	if (git_patch_from_buffers(&patch, file->old_text, file->old_len,
	    pf->path, pf->new_text, pf->new_len, pf->path, &opts) < 0) {
		hc_error_set(err, HC_ERR_INTERNAL, "diffing %s: %s", pf->path,
		    git_error_last() ? git_error_last()->message : "failed");
		goto out;
	}
	delta = git_patch_get_delta(patch);
	if (delta->flags & GIT_DIFF_FLAG_BINARY) {
		hc_error_set(err, HC_ERR_UNSUPPORTED,
		    "%s holds binary data and cannot be shown as a diff",
		    pf->path);
		goto out;
	}
	n = git_patch_num_hunks(patch);
	file->hunks = calloc(n > 0 ? n : 1, sizeof *file->hunks);
	if (file->hunks == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		struct diff_hunk *hunk = &file->hunks[i];

		hunk->index = d->nhunks + i;
		file->nhunks++;
		if (hunk_copy(hunk, patch, i, pf->path) < 0)
			goto nomem;
	}
	d->nhunks += n;
	rc = 0;
	goto out;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory diffing %s", pf->path);
out:
	git_patch_free(patch);
	return rc;
}

struct diff *
diff_new(const struct plan *plan, struct hc_error *err)
{
	struct diff *d;
	size_t i;

	if (diff_libs_init(err) < 0)
		return NULL;
	d = calloc(1, sizeof *d);
	if (d == NULL)
		goto nomem;
	d->secret = plan->secret;
	d->root = strdup(plan->root != NULL ? plan->root : "");
	d->files = calloc(plan->nfiles + 1, sizeof *d->files);
	d->notes = calloc(plan->nnotes + 1, sizeof *d->notes);
	if (d->root == NULL || d->files == NULL || d->notes == NULL)
		goto nomem;
	for (i = 0; i < plan->nnotes; i++) {
		d->notes[i] = strdup(plan->notes[i]);
		if (d->notes[i] == NULL)
			goto nomem;
		d->nnotes++;
	}
	for (i = 0; i < plan->nfiles; i++) {
		d->nfiles++;
		if (file_diff(d, &d->files[i], &plan->files[i], err) < 0)
			goto fail;
	}
	return d;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory building the diff");
fail:
	diff_free(d);
	return NULL;
}

const struct diff_hunk *
diff_find_hunk(const struct diff *d, const char *id)
{
	size_t i, j;

	for (i = 0; i < d->nfiles; i++) {
		for (j = 0; j < d->files[i].nhunks; j++) {
			if (strcmp(d->files[i].hunks[j].id, id) == 0)
				return &d->files[i].hunks[j];
		}
	}
	return NULL;
}

static bool
file_any_accepted(const struct diff_file *file, const bool *accept)
{
	size_t j;

	for (j = 0; j < file->nhunks; j++) {
		if (accept == NULL || accept[file->hunks[j].index])
			return true;
	}
	return false;
}

static void
render_hunk(const struct diff_hunk *hunk, FILE *out)
{
	static const char *eols[] = { "\n", "\r\n", "" };
	size_t i;

	fprintf(out, "%s\n", hunk->header);
	for (i = 0; i < hunk->nlines; i++) {
		const struct diff_line *l = &hunk->lines[i];

		fputc(l->origin, out);
		fwrite(l->text, 1, l->len, out);
		fputs(eols[l->eol], out);
		if (l->eol == DIFF_EOL_NONE)
			fputs("\n\\ No newline at end of file\n", out);
	}
}

int
diff_render_unified(const struct diff *d, const bool *accept, FILE *out,
    struct hc_error *err)
{
	size_t i, j;

	for (i = 0; i < d->nfiles; i++) {
		const struct diff_file *file = &d->files[i];

		if (!file_any_accepted(file, accept))
			continue;
		if (file->created)
			fprintf(out, "--- /dev/null\n");
		else
			fprintf(out, "--- a/%s\n", file->path);
		fprintf(out, "+++ b/%s\n", file->path);
		for (j = 0; j < file->nhunks; j++) {
			if (accept == NULL || accept[file->hunks[j].index])
				render_hunk(&file->hunks[j], out);
		}
	}
	if (ferror(out)) {
		hc_error_set(err, HC_ERR_IO, "writing the diff failed");
		return -1;
	}
	return 0;
}

char *
diff_render_string(const struct diff *d, const bool *accept,
    struct hc_error *err)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem;
	int rc;

	mem = open_memstream(&buf, &size);
	if (mem == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	rc = diff_render_unified(d, accept, mem, err);
	/* glibc's fclose() returns 0 and sets buf to NULL when its last
	 * realloc() fails. */
	if ((fclose(mem) != 0 || buf == NULL) && rc == 0) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		rc = -1;
	}
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A growing byte buffer for rebuilt file texts. */
struct text {
	char *buf;
	size_t len, size;
};

static int
text_add(struct text *t, const char *bytes, size_t n)
{
	char *grown;
	size_t size;

	if (t->len + n + 1 > t->size) {
		size = t->size > 0 ? t->size : 256;
		while (t->len + n + 1 > size)
			size *= 2;
		grown = realloc(t->buf, size);
		if (grown == NULL)
			return -1;
		t->buf = grown;
		t->size = size;
	}
	if (n > 0)
		memcpy(t->buf + t->len, bytes, n);
	t->len += n;
	t->buf[t->len] = '\0';
	return 0;
}

/*
 * Offset in text where 0-based line number lineno starts (text->len past
 * the last line). Lines end at '\n', as libgit2 counts them.
 */
static size_t
line_offset(const char *text, size_t len, size_t from, size_t *fromline,
    size_t lineno)
{
	const char *nl;

	while (*fromline < lineno && from < len) {
		nl = memchr(text + from, '\n', len - from);
		from = nl == NULL ? len : (size_t)(nl - text) + 1;
		(*fromline)++;
	}
	return from;
}

/* Old text of file with the accepted hunks applied, into t. */
static int
file_rebuild(const struct diff_file *file, const bool *accept,
    struct text *t)
{
	static const char *eols[] = { "\n", "\r\n", "" };
	size_t pos = 0, posline = 0, start, end, j, k;

	for (j = 0; j < file->nhunks; j++) {
		const struct diff_hunk *hunk = &file->hunks[j];
		size_t first;

		/* "-N,0" inserts after line N; otherwise N is the first
		 * line the hunk covers. */
		first = hunk->old_lines == 0 ? (size_t)hunk->old_start :
		    (size_t)hunk->old_start - 1;
		start = line_offset(file->old_text, file->old_len, pos,
		    &posline, first);
		if (text_add(t, file->old_text + pos, start - pos) < 0)
			return -1;
		end = line_offset(file->old_text, file->old_len, start,
		    &posline, first + (size_t)hunk->old_lines);
		if (!accept[hunk->index]) {
			if (text_add(t, file->old_text + start,
			    end - start) < 0)
				return -1;
		} else {
			for (k = 0; k < hunk->nlines; k++) {
				const struct diff_line *l = &hunk->lines[k];

				if (l->origin == '-')
					continue;
				if (text_add(t, l->text, l->len) < 0 ||
				    text_add(t, eols[l->eol],
				    strlen(eols[l->eol])) < 0)
					return -1;
			}
		}
		pos = end;
	}
	return text_add(t, file->old_text + pos, file->old_len - pos);
}

static int
plan_copy_frame(const struct diff *d, struct plan *out, struct hc_error *err)
{
	size_t i;

	if (plan_init(out, d->root, err) < 0)
		return -1;
	out->secret = d->secret;
	for (i = 0; i < d->nnotes; i++) {
		if (plan_add_note(out, err, "%s", d->notes[i]) < 0)
			return -1;
	}
	return 0;
}

int
diff_select_mask(const struct diff *d, const bool *accept,
    struct plan *out, struct hc_error *err)
{
	struct text t = { 0 };
	size_t i;
	int rc = -1;

	if (plan_copy_frame(d, out, err) < 0)
		goto out;
	for (i = 0; i < d->nfiles; i++) {
		const struct diff_file *file = &d->files[i];

		if (!file_any_accepted(file, accept))
			continue;
		t.len = 0;
		if (text_add(&t, "", 0) < 0 ||
		    file_rebuild(file, accept, &t) < 0) {
			hc_error_set(err, HC_ERR_NOMEM,
			    "out of memory rebuilding %s", file->path);
			goto out;
		}
		if (plan_set_file(out, file->path,
		    file->created ? NULL : file->old_text, file->old_len,
		    t.buf, t.len, err) < 0)
			goto out;
	}
	rc = 0;
out:
	free(t.buf);
	if (rc < 0)
		plan_done(out);
	return rc;
}

int
diff_select(const struct diff *d, const char *const *hunk_ids,
    struct plan *out, struct hc_error *err)
{
	const struct diff_hunk *hunk;
	bool *accept;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	accept = calloc(d->nhunks + 1, sizeof *accept);
	if (accept == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; hunk_ids != NULL && hunk_ids[i] != NULL; i++) {
		hunk = diff_find_hunk(d, hunk_ids[i]);
		if (hunk == NULL) {
			hc_error_set(err, HC_ERR_INPUT,
			    "no hunk %s in the diff", hunk_ids[i]);
			hc_error_hint(err, "the files changed since the hunk "
			    "ids were recorded; run with --dry-run to list "
			    "the current ids");
			goto out;
		}
		accept[hunk->index] = true;
	}
	rc = diff_select_mask(d, accept, out, err);
out:
	free(accept);
	return rc;
}
