/* Tests for tui/list.c: moving, the filter and choosing, without drawing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>

#include "tui/app.h"
#include "tui/list.h"

static void
fill(struct tui_list *list)
{
	tui_list_init(list, 2);
	tui_list_add(list, "aws_codebuild_project.api", "build.tf:1",
	    "example-org/builder:3.1", "needs setup", 0);
	tui_list_add(list, "aws_codebuild_project.docs", "docs.tf:1",
	    "aws/codebuild/standard:7.0", "managed image", 1);
	tui_list_add(list, "aws_codebuild_project.lint", "build.tf:20",
	    "golangci/golangci-lint:v1", "needs setup", 0);
}

static void
moves_and_stops_at_ends(void **state)
{
	struct tui_list list;

	(void)state;
	fill(&list);
	assert_int_equal(tui_list_selected(&list), 0);
	assert_int_equal(tui_list_key(&list, 'k'), TUI_LIST_HANDLED);
	assert_int_equal(tui_list_selected(&list), 0);
	tui_list_key(&list, 'j');
	assert_int_equal(tui_list_selected(&list), 1);
	tui_list_key(&list, KEY_DOWN);
	tui_list_key(&list, KEY_DOWN);
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_key(&list, 'g');
	assert_int_equal(tui_list_selected(&list), 0);
	tui_list_key(&list, 'G');
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_done(&list);
}

static void
enter_chooses_and_dim_items_count(void **state)
{
	struct tui_list list;

	(void)state;
	fill(&list);
	tui_list_key(&list, 'j');
	assert_int_equal(tui_list_key(&list, '\r'), TUI_LIST_CHOSEN);
	assert_int_equal(tui_list_selected(&list), 1);
	assert_int_equal(tui_list_key(&list, 'x'), TUI_LIST_UNHANDLED);
	assert_int_equal(tui_list_key(&list, TUI_KEY_ESC),
	    TUI_LIST_UNHANDLED);
	tui_list_done(&list);
}

static void
filter_matches_any_column(void **state)
{
	struct tui_list list;
	const char *typed = "GOLANG";

	(void)state;
	fill(&list);
	assert_int_equal(tui_list_key(&list, '/'), TUI_LIST_HANDLED);
	assert_int_equal(list.filtering, 1);
	for (; *typed != '\0'; typed++)
		tui_list_key(&list, *typed);
	assert_int_equal(list.nshown, 1);
	assert_int_equal(tui_list_selected(&list), 2);

	/* Letters go to the filter, not to the list's own keys. */
	assert_int_equal(tui_list_key(&list, 'j'), TUI_LIST_HANDLED);
	assert_string_equal(list.filter, "GOLANGj");
	assert_int_equal(list.nshown, 0);
	assert_int_equal(tui_list_selected(&list), -1);
	tui_list_key(&list, KEY_BACKSPACE);
	assert_int_equal(list.nshown, 1);

	tui_list_key(&list, '\r');
	assert_int_equal(list.filtering, 0);
	assert_int_equal(tui_list_key(&list, '\r'), TUI_LIST_CHOSEN);
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_done(&list);
}

static void
esc_clears_filter_and_keeps_item(void **state)
{
	struct tui_list list;

	(void)state;
	fill(&list);
	tui_list_key(&list, '/');
	tui_list_key(&list, 'l');
	tui_list_key(&list, 'i');
	tui_list_key(&list, 'n');
	tui_list_key(&list, '\r');
	assert_int_equal(tui_list_selected(&list), 2);
	assert_int_equal(tui_list_key(&list, TUI_KEY_ESC), TUI_LIST_HANDLED);
	assert_string_equal(list.filter, "");
	assert_int_equal(list.nshown, 3);
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_done(&list);
}

static void
select_by_index(void **state)
{
	struct tui_list list;

	(void)state;
	fill(&list);
	tui_list_select(&list, 2);
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_select(&list, 7);
	assert_int_equal(tui_list_selected(&list), 2);
	tui_list_clear(&list);
	assert_int_equal(tui_list_selected(&list), -1);
	tui_list_done(&list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(moves_and_stops_at_ends),
		cmocka_unit_test(enter_chooses_and_dim_items_count),
		cmocka_unit_test(filter_matches_any_column),
		cmocka_unit_test(esc_clears_filter_and_keeps_item),
		cmocka_unit_test(select_by_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
