/*
 * Tests for tui/diffview.c: parsing unified diffs into files and hunks,
 * motion by hunk and file, and search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "tui/diffview.h"

static const char two_files[] =
    "--- a/build.tf\n"
    "+++ b/build.tf\n"
    "@@ -1,3 +1,4 @@\n"
    " resource \"aws_codebuild_project\" \"api\" {\n"
    "-  name = \"old\"\n"
    "+  name = \"new\"\n"
    "+  x    = 1\n"
    " }\n"
    "@@ -10 +11 @@\n"
    "-a\n"
    "+b\n"
    "--- /dev/null\n"
    "+++ b/hubcred.auto.tfvars\n"
    "@@ -0,0 +1 @@\n"
    "+docker_hub_secret_arn = \"arn\"\n";

static void
files_hunks_and_counts(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	assert_int_equal(view.nfiles, 2);
	assert_string_equal(view.files[0].name, "build.tf");
	assert_int_equal(view.files[0].hunks, 2);
	assert_int_equal(view.files[0].adds, 3);
	assert_int_equal(view.files[0].dels, 2);
	assert_string_equal(view.files[1].name, "hubcred.auto.tfvars");
	assert_int_equal(view.files[1].adds, 1);
	assert_int_equal(view.files[1].dels, 0);
	assert_int_equal(view.nhunks, 3);
	assert_int_equal(view.lines[view.hunks[2]].file, 1);
	tui_diffview_done(&view);
}

static void
opens_on_first_hunk(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	assert_int_equal(view.top, 2);
	assert_int_equal(view.lines[view.top].kind, TUI_DIFF_HUNK);
	tui_diffview_done(&view);
}

/* A removed "-- x" and an added "++ y" read like file headers. */
static void
header_lookalikes_in_hunk(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view,
	    "--- a/x.tf\n"
	    "+++ b/x.tf\n"
	    "@@ -1,2 +1,2 @@\n"
	    "--- x\n"
	    "+++ y\n"
	    " z\n");
	assert_int_equal(view.nfiles, 1);
	assert_int_equal(view.lines[3].kind, TUI_DIFF_DEL);
	assert_int_equal(view.lines[4].kind, TUI_DIFF_ADD);
	assert_int_equal(view.lines[5].kind, TUI_DIFF_CONTEXT);
	assert_int_equal(view.files[0].adds, 1);
	assert_int_equal(view.files[0].dels, 1);
	tui_diffview_done(&view);
}

static void
no_newline_marker(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view,
	    "--- a/v.tfvars\n"
	    "+++ b/v.tfvars\n"
	    "@@ -1 +1,2 @@\n"
	    "-a = 1\n"
	    "\\ No newline at end of file\n"
	    "+a = 1\n"
	    "+b = 2\n");
	assert_int_equal(view.lines[4].kind, TUI_DIFF_CONTEXT);
	assert_int_equal(view.files[0].adds, 2);
	assert_int_equal(view.files[0].dels, 1);
	tui_diffview_done(&view);
}

static void
empty_diff(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, "");
	assert_int_equal(view.nlines, 0);
	assert_int_equal(view.nfiles, 0);
	assert_int_equal(view.nhunks, 0);
	tui_diffview_done(&view);
}

static void
hunk_keys(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	view.body_rows = 3;
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, view.hunks[1]);
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, view.hunks[2]);
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, view.hunks[2]);
	assert_int_equal(tui_diffview_key(&view, 'p'), 1);
	assert_int_equal(view.top, view.hunks[1]);
	assert_int_equal(tui_diffview_key(&view, 'g'), 1);
	assert_int_equal(view.top, 0);
	assert_int_equal(tui_diffview_key(&view, 'G'), 1);
	assert_int_equal(view.top, view.nlines - 3);
	assert_int_equal(tui_diffview_key(&view, 'x'), 0);
	tui_diffview_done(&view);
}

static void
sideways_keys(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	assert_int_equal(tui_diffview_key(&view, KEY_LEFT), 0);
	assert_int_equal(tui_diffview_key(&view, '>'), 1);
	assert_int_equal(view.left, 8);
	assert_int_equal(tui_diffview_key(&view, KEY_RIGHT), 1);
	assert_int_equal(tui_diffview_key(&view, KEY_RIGHT), 1);
	assert_int_equal(tui_diffview_key(&view, KEY_RIGHT), 1);
	assert_true(view.left < 43);
	while (view.left > 0)
		assert_int_equal(tui_diffview_key(&view, KEY_LEFT), 1);
	assert_int_equal(tui_diffview_key(&view, KEY_LEFT), 0);
	assert_int_equal(tui_diffview_key(&view, '<'), 1);
	tui_diffview_done(&view);
}

/* Type text into the open prompt, one key a byte. */
static void
type(struct tui_diffview *view, const char *text)
{
	while (*text != '\0')
		assert_int_equal(tui_diffview_key(view,
		    (unsigned char)*text++), 1);
}

/* Open the prompt, type pattern and press Enter. */
static void
search(struct tui_diffview *view, const char *pattern)
{
	assert_int_equal(tui_diffview_key(view, '/'), 1);
	assert_true(tui_diffview_prompting(view));
	type(view, pattern);
	assert_int_equal(tui_diffview_key(view, '\r'), 1);
	assert_false(tui_diffview_prompting(view));
}

static void
file_keys(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	view.body_rows = 3;
	assert_int_equal(view.files[0].first_hunk, 0);
	assert_int_equal(view.files[1].first_hunk, 2);
	assert_int_equal(tui_diffview_key(&view, ']'), 1);
	assert_int_equal(view.top, view.hunks[2]);
	assert_int_equal(tui_diffview_key(&view, ']'), 1);
	assert_int_equal(view.top, view.hunks[2]);
	assert_int_equal(tui_diffview_key(&view, '['), 1);
	assert_int_equal(view.top, view.hunks[0]);
	/* A file's header lines belong to the hunk below them. */
	view.top = view.files[1].first;
	assert_int_equal(view.line_hunk[view.top], 1);
	assert_int_equal(tui_diffview_hunk(&view), 2);
	/* From inside a file, [ goes back to the start of that file. */
	view.top = view.hunks[1] + 1;
	assert_int_equal(tui_diffview_key(&view, '['), 1);
	assert_int_equal(view.top, view.hunks[0]);
	tui_diffview_done(&view);

	/* Above the first file, ] goes to its first hunk. */
	tui_diffview_init(&view, "header\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n"
	    "-a\n+b\n");
	view.top = 0;
	assert_int_equal(tui_diffview_key(&view, ']'), 1);
	assert_int_equal(view.top, 3);
	tui_diffview_done(&view);
}

static void
tab_and_shift_tab_move_by_hunk(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	assert_int_equal(tui_diffview_key(&view, '\t'), 1);
	assert_int_equal(view.top, view.hunks[1]);
	/* From inside a hunk, back goes to its own @@ line first. */
	view.top++;
	assert_int_equal(tui_diffview_key(&view, KEY_BTAB), 1);
	assert_int_equal(view.top, view.hunks[1]);
	assert_int_equal(tui_diffview_key(&view, 'N'), 1);
	assert_int_equal(view.top, view.hunks[0]);
	tui_diffview_done(&view);
}

/* Each line's hunk and the accepted count agree with a plain count. */
static void
line_index_matches_the_hunks(void **state)
{
	struct tui_diffview view;
	long expect;
	size_t i, h;

	(void)state;
	tui_diffview_init(&view, two_files);
	for (i = 0; i < view.nlines; i++) {
		expect = -1;
		for (h = 0; h < view.nhunks && view.hunks[h] <= i; h++)
			expect = (long)h;
		assert_int_equal(view.line_hunk[i], expect);
	}
	assert_int_equal(tui_diffview_accepted_count(&view), 3);
	tui_diffview_toggle_hunk(&view, 1);
	tui_diffview_toggle_hunk(&view, 2);
	assert_int_equal(tui_diffview_accepted_count(&view), 1);
	tui_diffview_toggle_hunk(&view, 2);
	tui_diffview_toggle_hunk(&view, 7);
	assert_int_equal(tui_diffview_accepted_count(&view), 2);
	assert_false(tui_diffview_hunk_accepted(&view, 1));
	tui_diffview_done(&view);
}

static void
search_finds_and_steps(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	search(&view, "name");
	assert_true(tui_diffview_searching(&view));
	assert_int_equal(view.nmatches, 2);
	assert_int_equal(view.matches[0], 4);
	assert_int_equal(view.matches[1], 5);
	assert_int_equal(view.top, 4);
	assert_null(view.message);
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, 5);
	/* Past the last match, n goes round to the first with a message. */
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, 4);
	assert_non_null(view.message);
	assert_non_null(strstr(view.message, "bottom"));
	assert_int_equal(tui_diffview_key(&view, 'N'), 1);
	assert_int_equal(view.top, 5);
	assert_non_null(strstr(view.message, "top"));
	assert_int_equal(tui_diffview_key(&view, 'N'), 1);
	assert_int_equal(view.top, 4);
	assert_null(view.message);
	tui_diffview_done(&view);
}

/* Without capitals case is ignored; with one it counts. */
static void
search_case(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	search(&view, "resource");
	assert_int_equal(view.nmatches, 1);
	search(&view, "RESOURCE");
	assert_false(tui_diffview_searching(&view));
	assert_non_null(view.message);
	search(&view, "Docker_Hub");
	assert_false(tui_diffview_searching(&view));
	search(&view, "docker_hub");
	assert_int_equal(view.nmatches, 1);
	assert_int_equal(view.top, view.nlines - 1);
	tui_diffview_done(&view);
}

static void
search_not_found(void **state)
{
	struct tui_diffview view;
	size_t top;

	(void)state;
	tui_diffview_init(&view, two_files);
	top = view.top;
	search(&view, "nowhere");
	assert_false(tui_diffview_searching(&view));
	assert_string_equal(view.message, "pattern not found: nowhere");
	assert_int_equal(view.top, top);
	/* Without a search, n is the next hunk again. */
	assert_int_equal(tui_diffview_key(&view, 'n'), 1);
	assert_int_equal(view.top, view.hunks[1]);
	assert_null(view.message);
	tui_diffview_done(&view);
}

/* Esc keeps the search that was set; an empty search clears it. */
static void
prompt_esc_backspace_and_clear(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, two_files);
	search(&view, "new");
	assert_int_equal(view.nmatches, 1);
	assert_int_equal(tui_diffview_key(&view, '/'), 1);
	type(&view, "xq");
	assert_int_equal(tui_diffview_key(&view, KEY_BACKSPACE), 1);
	assert_string_equal(view.prompt, "x");
	/* q and Enter-like keys belong to the prompt while it is open. */
	assert_int_equal(tui_diffview_key(&view, 'q'), 1);
	assert_int_equal(tui_diffview_key(&view, 27), 1);
	assert_false(tui_diffview_prompting(&view));
	assert_string_equal(view.pattern, "new");
	/* Backspace on an empty prompt closes it. */
	assert_int_equal(tui_diffview_key(&view, '/'), 1);
	assert_int_equal(tui_diffview_key(&view, 127), 1);
	assert_false(tui_diffview_prompting(&view));
	search(&view, "");
	assert_false(tui_diffview_searching(&view));
	assert_null(view.message);
	tui_diffview_done(&view);
}

/* A UTF-8 character is deleted whole, and a full prompt takes no more. */
static void
prompt_utf8_and_length(void **state)
{
	struct tui_diffview view;
	int i;

	(void)state;
	tui_diffview_init(&view, two_files);
	assert_int_equal(tui_diffview_key(&view, '/'), 1);
	type(&view, "a\xc3\xa9");
	assert_int_equal(tui_diffview_key(&view, KEY_BACKSPACE), 1);
	assert_string_equal(view.prompt, "a");
	for (i = 0; i < 2 * TUI_DIFF_PATTERN_MAX; i++)
		tui_diffview_key(&view, 'z');
	assert_int_equal(strlen(view.prompt), TUI_DIFF_PATTERN_MAX - 1);
	tui_diffview_key(&view, 27);
	tui_diffview_done(&view);
}

/* One entry a line however often it matches, and the last line too. */
static void
search_one_entry_a_line(void **state)
{
	struct tui_diffview view;

	(void)state;
	tui_diffview_init(&view, "--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n"
	    "-aa aa\n+aaaa\n+b aa");
	search(&view, "aa");
	assert_int_equal(view.nmatches, 3);
	assert_int_equal(view.matches[0], 3);
	assert_int_equal(view.matches[1], 4);
	assert_int_equal(view.matches[2], 5);
	tui_diffview_done(&view);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files_hunks_and_counts),
		cmocka_unit_test(opens_on_first_hunk),
		cmocka_unit_test(header_lookalikes_in_hunk),
		cmocka_unit_test(no_newline_marker),
		cmocka_unit_test(empty_diff),
		cmocka_unit_test(hunk_keys),
		cmocka_unit_test(sideways_keys),
		cmocka_unit_test(file_keys),
		cmocka_unit_test(tab_and_shift_tab_move_by_hunk),
		cmocka_unit_test(line_index_matches_the_hunks),
		cmocka_unit_test(search_finds_and_steps),
		cmocka_unit_test(search_case),
		cmocka_unit_test(search_not_found),
		cmocka_unit_test(prompt_esc_backspace_and_clear),
		cmocka_unit_test(prompt_utf8_and_length),
		cmocka_unit_test(search_one_entry_a_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
