/* Tests for core/diff.c: hunks, ids, rendering and selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/diff.h"

/* Twenty numbered lines "l1\n".."l20\n", with line n replaced by repl. */
static char *
numbered(const char *eol, int n, const char *repl, const char *tail)
{
	static char buf[4096];
	size_t len = 0;
	int i;

	for (i = 1; i <= 20; i++) {
		if (i == n)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "%s%s", repl, eol);
		else
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "l%d%s", i, eol);
	}
	snprintf(buf + len, sizeof buf - len, "%s", tail);
	return strdup(buf);
}

static void
plan_with(struct plan *plan, const char *path, const char *old,
    const char *new)
{
	assert_int_equal(plan_init(plan, "/tmp/root", NULL), 0);
	assert_int_equal(plan_set_file(plan, path, old, old ? strlen(old) : 0,
	    new, strlen(new), NULL), 0);
}

static void
edit_in_middle(void **state)
{
	char *old = numbered("\n", 0, "", "");
	char *new = numbered("\n", 10, "ten", "");
	struct plan plan;
	struct diff *d;
	const struct diff_hunk *h;
	char *text;

	(void)state;
	plan_with(&plan, "main.tf", old, new);
	d = diff_new(&plan, NULL);
	assert_non_null(d);
	assert_int_equal(d->nfiles, 1);
	assert_int_equal(d->nhunks, 1);
	h = &d->files[0].hunks[0];
	assert_string_equal(h->header, "@@ -7,7 +7,7 @@ l6");
	assert_int_equal(h->nlines, 8);
	assert_int_equal(h->lines[0].origin, ' ');
	assert_string_equal(h->lines[0].text, "l7");
	assert_int_equal(h->lines[0].old_lineno, 7);
	assert_int_equal(h->lines[3].origin, '-');
	assert_string_equal(h->lines[3].text, "l10");
	assert_int_equal(h->lines[3].new_lineno, -1);
	assert_int_equal(h->lines[4].origin, '+');
	assert_string_equal(h->lines[4].text, "ten");
	assert_int_equal(h->lines[4].new_lineno, 10);
	assert_int_equal(h->lines[4].old_lineno, -1);

	text = diff_render_string(d, NULL, NULL);
	assert_string_equal(text,
	    "--- a/main.tf\n+++ b/main.tf\n@@ -7,7 +7,7 @@ l6\n"
	    " l7\n l8\n l9\n-l10\n+ten\n l11\n l12\n l13\n");
	free(text);
	diff_free(d);
	plan_done(&plan);
	free(old);
	free(new);
}

static void
edit_at_end_without_newline(void **state)
{
	char *old = numbered("\n", 0, "", "last");
	char *new = numbered("\n", 0, "", "last\nmore\n");
	struct plan plan, sel;
	struct diff *d;
	const struct diff_hunk *h;
	char *text;

	(void)state;
	plan_with(&plan, "a.tf", old, new);
	d = diff_new(&plan, NULL);
	assert_non_null(d);
	assert_int_equal(d->nhunks, 1);
	h = &d->files[0].hunks[0];
	assert_string_equal(h->lines[h->nlines - 3].text, "last");
	assert_int_equal(h->lines[h->nlines - 3].eol, DIFF_EOL_NONE);
	text = diff_render_string(d, NULL, NULL);
	assert_non_null(strstr(text, "-last\n\\ No newline at end of file\n"
	    "+last\n+more\n"));
	free(text);

	assert_int_equal(diff_select(d, (const char *const[]){ h->id, NULL },
	    &sel, NULL), 0);
	assert_int_equal(sel.nfiles, 1);
	assert_int_equal(sel.files[0].new_len, strlen(new));
	assert_memory_equal(sel.files[0].new_text, new, strlen(new));
	plan_done(&sel);
	diff_free(d);
	plan_done(&plan);
	free(old);
	free(new);
}

static void
crlf_lines_keep_their_endings(void **state)
{
	char *old = numbered("\r\n", 0, "", "");
	char *new = numbered("\r\n", 5, "five", "");
	struct plan plan, sel;
	struct diff *d;
	const struct diff_hunk *h;
	bool all = true;

	(void)state;
	plan_with(&plan, "c.tf", old, new);
	d = diff_new(&plan, NULL);
	assert_non_null(d);
	h = &d->files[0].hunks[0];
	assert_string_equal(h->lines[0].text, "l2");
	assert_int_equal(h->lines[0].eol, DIFF_EOL_CRLF);
	assert_int_equal(diff_select_mask(d, &all, &sel, NULL), 0);
	assert_int_equal(sel.files[0].new_len, strlen(new));
	assert_memory_equal(sel.files[0].new_text, new, strlen(new));
	plan_done(&sel);
	diff_free(d);
	plan_done(&plan);
	free(old);
	free(new);
}

static void
created_file_diffs_against_empty(void **state)
{
	struct plan plan, sel;
	struct diff *d;
	bool no = false, yes = true;
	char *text;

	(void)state;
	plan_with(&plan, "terraform.tfvars", NULL, "x = 1\n");
	d = diff_new(&plan, NULL);
	assert_non_null(d);
	assert_true(d->files[0].created);
	text = diff_render_string(d, NULL, NULL);
	assert_string_equal(text, "--- /dev/null\n+++ b/terraform.tfvars\n"
	    "@@ -0,0 +1 @@\n+x = 1\n");
	free(text);

	assert_int_equal(diff_select_mask(d, &no, &sel, NULL), 0);
	assert_int_equal(sel.nfiles, 0);
	assert_string_equal(sel.root, "/tmp/root");
	plan_done(&sel);
	assert_int_equal(diff_select_mask(d, &yes, &sel, NULL), 0);
	assert_int_equal(sel.nfiles, 1);
	assert_null(sel.files[0].old_text);
	assert_string_equal(sel.files[0].new_text, "x = 1\n");
	plan_done(&sel);
	diff_free(d);
	plan_done(&plan);
}

static void
hunk_ids_are_stable(void **state)
{
	char *old = numbered("\n", 0, "", "");
	char *new = numbered("\n", 2, "two", "");
	char *other = numbered("\n", 2, "TWO", "");
	struct plan p1, p2, p3;
	struct diff *d1, *d2, *d3;
	const char *id;

	(void)state;
	plan_with(&p1, "m/x.tf", old, new);
	plan_with(&p2, "m/x.tf", old, new);
	plan_with(&p3, "m/x.tf", old, other);
	d1 = diff_new(&p1, NULL);
	d2 = diff_new(&p2, NULL);
	d3 = diff_new(&p3, NULL);
	id = d1->files[0].hunks[0].id;
	assert_int_equal(strlen(id), strlen("m/x.tf:") + 8);
	assert_memory_equal(id, "m/x.tf:", 7);
	assert_string_equal(id, d2->files[0].hunks[0].id);
	assert_string_not_equal(id, d3->files[0].hunks[0].id);
	assert_ptr_equal(diff_find_hunk(d1, id), &d1->files[0].hunks[0]);
	assert_null(diff_find_hunk(d1, "m/x.tf:00000000"));
	diff_free(d1);
	diff_free(d2);
	diff_free(d3);
	plan_done(&p1);
	plan_done(&p2);
	plan_done(&p3);
	free(old);
	free(new);
	free(other);
}

/* Two hunks in one file and one in another: keep a subset. */
static void
selecting_a_subset(void **state)
{
	char *old = numbered("\n", 0, "", "");
	char *new1 = numbered("\n", 2, "two", "l21\n");
	char *want = numbered("\n", 0, "", "l21\n");
	struct plan plan, sel;
	struct diff *d;
	const char *ids[2] = { NULL, NULL };
	struct hc_error err;

	(void)state;
	plan_with(&plan, "a.tf", old, new1);
	assert_int_equal(plan_set_file(&plan, "b.tf", "x\n", 2, "y\n", 2,
	    NULL), 0);
	plan.secret.action = PLAN_SECRET_CREATE;
	snprintf(plan.secret.name, sizeof plan.secret.name, "cb/dh");
	d = diff_new(&plan, NULL);
	assert_non_null(d);
	assert_int_equal(d->nhunks, 3);
	assert_int_equal(d->files[0].nhunks, 2);

	ids[0] = d->files[0].hunks[1].id;
	assert_int_equal(diff_select(d, ids, &sel, NULL), 0);
	assert_int_equal(sel.nfiles, 1);
	assert_string_equal(sel.files[0].path, "a.tf");
	assert_string_equal(sel.files[0].old_text, old);
	assert_string_equal(sel.files[0].new_text, want);
	assert_int_equal(sel.secret.action, PLAN_SECRET_CREATE);
	assert_string_equal(sel.secret.name, "cb/dh");
	plan_done(&sel);

	hc_error_init(&err);
	ids[0] = "a.tf:deadbeef";
	assert_int_equal(diff_select(d, ids, &sel, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_non_null(strstr(err.message, "a.tf:deadbeef"));
	assert_int_equal(sel.nfiles, 0);

	diff_free(d);
	plan_done(&plan);
	free(old);
	free(new1);
	free(want);
}

/* A small deterministic generator, so failures can be replayed. */
static unsigned long rng_state;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng_state >> 33) % n;
}

/* Append a random line that ends in eol (LF or CRLF). */
static void
add_line(char *buf, size_t size, const char *eol)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "line %u%s", rng(1000), eol);
}

/*
 * A random old text and an edited copy: lines replaced, inserted and
 * removed at random places, with a final newline or not.
 */
static void
random_pair(char *old, char *new, size_t size)
{
	const char *eol = rng(2) ? "\n" : "\r\n";
	size_t nlines = 30 + rng(60), i;
	char line[64];

	old[0] = new[0] = '\0';
	for (i = 0; i < nlines; i++) {
		line[0] = '\0';
		add_line(line, sizeof line, eol);
		strncat(old, line, size - strlen(old) - 1);
		switch (rng(12)) {
		case 0:		/* replaced */
			add_line(new, size, eol);
			break;
		case 1:		/* removed */
			break;
		case 2:		/* a line inserted before */
			add_line(new, size, eol);
			strncat(new, line, size - strlen(new) - 1);
			break;
		default:
			strncat(new, line, size - strlen(new) - 1);
		}
	}
	if (rng(3) == 0)
		old[strlen(old) - strlen(eol)] = '\0';
	if (rng(3) == 0 && strlen(new) >= strlen(eol))
		new[strlen(new) - strlen(eol)] = '\0';
}

/* The changed lines of every hunk of d, origin first, one per line. */
static char *
changed_lines(const struct diff *d, const bool *accept)
{
	char *buf = NULL;
	size_t size = 0, j, k;
	FILE *mem = open_memstream(&buf, &size);

	for (j = 0; d->nfiles > 0 && j < d->files[0].nhunks; j++) {
		const struct diff_hunk *h = &d->files[0].hunks[j];

		if (accept != NULL && !accept[h->index])
			continue;
		for (k = 0; k < h->nlines; k++) {
			if (h->lines[k].origin != ' ')
				fprintf(mem, "%c%s|%d\n", h->lines[k].origin,
				    h->lines[k].text, (int)h->lines[k].eol);
		}
	}
	fclose(mem);
	return buf;
}

/*
 * For random edits and every subset of their hunks (up to 64), the
 * selection's own diff from the old text shows exactly the accepted
 * changes, and all hunks give back the new text byte for byte.
 */
static void
random_selections_are_exact(void **state)
{
	static char old[8192], new[8192];
	struct plan plan, sel, again;
	struct diff *d, *d2;
	bool accept[64];
	unsigned long mask, nmasks;
	size_t i, trial;
	char *want, *have;

	(void)state;
	for (trial = 0; trial < 40; trial++) {
		rng_state = trial + 1;
		random_pair(old, new, sizeof old);
		plan_with(&plan, "r.tf", old, new);
		if (plan.nfiles == 0) {
			plan_done(&plan);
			continue;
		}
		d = diff_new(&plan, NULL);
		assert_non_null(d);
		assert_true(d->nhunks > 0);
		nmasks = d->nhunks >= 6 ? 64 : 1UL << d->nhunks;
		for (mask = 0; mask < nmasks; mask++) {
			for (i = 0; i < d->nhunks && i < 64; i++)
				accept[i] = i < 6 ? (mask >> i) & 1 : true;
			assert_int_equal(diff_select_mask(d, accept, &sel,
			    NULL), 0);
			if (mask == nmasks - 1 && d->nhunks <= 6) {
				assert_int_equal(sel.files[0].new_len,
				    strlen(new));
				assert_memory_equal(sel.files[0].new_text,
				    new, strlen(new));
			}
			want = changed_lines(d, accept);
			plan_with(&again, "r.tf", old, sel.nfiles ?
			    sel.files[0].new_text : old);
			d2 = diff_new(&again, NULL);
			assert_non_null(d2);
			have = changed_lines(d2, NULL);
			assert_string_equal(have, want);
			free(want);
			free(have);
			diff_free(d2);
			plan_done(&again);
			plan_done(&sel);
		}
		diff_free(d);
		plan_done(&plan);
	}
}

/* git apply reads the rendered diff back into the new files. */
static void
rendered_diff_applies_with_git(void **state)
{
	static char old[8192], new[8192];
	char dir[] = "/tmp/hubcred-diff-XXXXXX", path[PATH_MAX], cmd[512];
	struct plan plan;
	struct diff *d;
	FILE *f;
	size_t trial, n;
	char *text;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (trial = 0; trial < 10; trial++) {
		rng_state = 100 + trial;
		random_pair(old, new, sizeof old);
		assert_int_equal(plan_init(&plan, dir, NULL), 0);
		assert_int_equal(plan_set_file(&plan, "a.tf", old,
		    strlen(old), new, strlen(new), NULL), 0);
		assert_int_equal(plan_set_file(&plan, "sub/new.tf", NULL, 0,
		    "x = 1\r\ny = 2", 12, NULL), 0);
		d = diff_new(&plan, NULL);
		assert_non_null(d);
		text = diff_render_string(d, NULL, NULL);
		assert_non_null(text);

		snprintf(cmd, sizeof cmd, "rm -rf '%s/a.tf' '%s/sub'", dir,
		    dir);
		assert_int_equal(system(cmd), 0);
		snprintf(path, sizeof path, "%s/a.tf", dir);
		f = fopen(path, "w");
		fputs(old, f);
		fclose(f);
		snprintf(path, sizeof path, "%s/x.patch", dir);
		f = fopen(path, "w");
		fputs(text, f);
		fclose(f);
		snprintf(cmd, sizeof cmd, "cd '%s' && git apply "
		    "--whitespace=nowarn x.patch", dir);
		assert_int_equal(system(cmd), 0);

		snprintf(path, sizeof path, "%s/a.tf", dir);
		f = fopen(path, "r");
		n = fread(old, 1, sizeof old - 1, f);
		fclose(f);
		old[n] = '\0';
		assert_string_equal(old, new);
		free(text);
		diff_free(d);
		plan_done(&plan);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(edit_in_middle),
		cmocka_unit_test(edit_at_end_without_newline),
		cmocka_unit_test(crlf_lines_keep_their_endings),
		cmocka_unit_test(created_file_diffs_against_empty),
		cmocka_unit_test(hunk_ids_are_stable),
		cmocka_unit_test(selecting_a_subset),
		cmocka_unit_test(random_selections_are_exact),
		cmocka_unit_test(rendered_diff_applies_with_git),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
