/* Tests for core/error.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/error.h"

static void
first_error_wins(void **state)
{
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	hc_error_set(&err, HC_ERR_IO, "reading %s failed", "a.tf");
	hc_error_set(&err, HC_ERR_INTERNAL, "later");
	assert_int_equal(err.code, HC_ERR_IO);
	assert_string_equal(err.message, "reading a.tf failed");
}

static void
prefix_and_position_format(void **state)
{
	struct hc_error err;
	char text[600];

	(void)state;
	hc_error_init(&err);
	hc_error_set_at(&err, HC_ERR_PARSE, "main.tf", 5, 3,
	    "Unclosed configuration block");
	hc_error_prefix(&err, "scanning");
	hc_error_hint(&err, "add the missing }");
	hc_error_format(&err, text, sizeof text);
	assert_string_equal(text, "main.tf:5:3: scanning: Unclosed "
	    "configuration block\n  hint: add the missing }");
}

static void
remote_details_format(void **state)
{
	struct hc_error err;
	char text[600];

	(void)state;
	hc_error_init(&err);
	hc_error_set(&err, HC_ERR_REMOTE, "CreateSecret failed");
	hc_error_remote(&err, "AccessDeniedException", 400, "r-1");
	hc_error_format(&err, text, sizeof text);
	assert_string_equal(text, "CreateSecret failed\n  "
	    "(AccessDeniedException, HTTP 400, request id r-1)");
}

static void
exit_status_by_code(void **state)
{
	(void)state;
	assert_int_equal(hc_code_exit_status(HC_ERR_PARSE), 2);
	assert_int_equal(hc_code_exit_status(HC_ERR_REMOTE), 3);
	assert_int_equal(hc_code_exit_status(HC_ERR_CANCELLED), 130);
	assert_int_equal(hc_code_exit_status(HC_ERR_CONFLICT), 1);
}

static void
null_error_ignored(void **state)
{
	(void)state;
	hc_error_set(NULL, HC_ERR_IO, "x");
	hc_error_prefix(NULL, "y");
	assert_false(hc_error_is_set(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_error_wins),
		cmocka_unit_test(prefix_and_position_format),
		cmocka_unit_test(remote_details_format),
		cmocka_unit_test(exit_status_by_code),
		cmocka_unit_test(null_error_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
