/* Tests for core/diff.c: hunks, ids, rendering and selection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
