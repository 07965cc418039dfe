/* Tests for tui/diffview.c: parsing unified diffs into files and hunks. */
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
