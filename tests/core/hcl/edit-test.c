/* Tests for core/hcl/edit.c and core/hcl/fmt.c: edits on small texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/edit.h"
#include "core/hcl/parse.h"
#include "core/hcl/query.h"

/* The operation a case runs on the parsed input. */
typedef int (*edit_fn)(struct hcl_edits *edits, const struct hcl_file *file,
    struct hc_error *err);

static const struct hcl_item *
first_block(const struct hcl_file *file)
{
	size_t i;

	for (i = 0; i < file->body.nitems; i++) {
		if (file->body.items[i].type == HCL_ITEM_BLOCK)
			return &file->body.items[i];
	}
	return NULL;
}

static const struct hcl_expr *
attr_expr(const struct hcl_file *file, const char *name)
{
	const struct hcl_item *a = hcl_body_attribute(file, &file->body, name);

	return a != NULL ? a->expr : NULL;
}

/* Parse in, run fn, apply, and compare with want. */
static void
check(const char *in, edit_fn fn, const char *want)
{
	struct hcl_file *file;
	struct hcl_edits edits;
	struct hc_error err;
	char *out = NULL;
	size_t len;

	hc_error_init(&err);
	file = hcl_parse("t.tf", in, strlen(in), &err);
	assert_non_null(file);
	hcl_edits_init(&edits, file);
	assert_int_equal(fn(&edits, file, &err), 0);
	assert_int_equal(hcl_edits_apply(&edits, &out, &len, &err), 0);
	assert_int_equal(len, strlen(out));
	assert_string_equal(out, want);
	free(out);
	hcl_edits_done(&edits);
	hcl_file_free(file);
}

static int
set_first_run(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_set_attribute(e, first_block(f), "image_pull",
	    "\"SERVICE_ROLE\"", HCL_EDIT_FIRST_RUN, err);
}

static int
set_last_run(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_set_attribute(e, first_block(f), "image_pull",
	    "\"SERVICE_ROLE\"", HCL_EDIT_LAST_RUN, err);
}

static int
set_top(struct hcl_edits *e, const struct hcl_file *f, struct hc_error *err)
{
	(void)f;
	return hcl_edit_set_attribute(e, NULL, "ccc", "3", HCL_EDIT_LAST_RUN,
	    err);
}

static void
attribute_joins_first_run(void **state)
{
	(void)state;
	/* Only the first run is realigned; the run after the blank line
	 * and the nested block keep their bytes. */
	check("env {\n  a   = 1\n  bbb = 2\n\n  cc = 3\n  d  = 4\n\n"
	    "  x {\n    y = 1\n  }\n}\n", set_first_run,
	    "env {\n  a          = 1\n  bbb        = 2\n"
	    "  image_pull = \"SERVICE_ROLE\"\n\n  cc = 3\n  d  = 4\n\n"
	    "  x {\n    y = 1\n  }\n}\n");
}

static void
attribute_joins_last_run(void **state)
{
	(void)state;
	check("module \"m\" {\n  source = \"./m\"\n\n  a = 1\n}\n",
	    set_last_run,
	    "module \"m\" {\n  source = \"./m\"\n\n  a          = 1\n"
	    "  image_pull = \"SERVICE_ROLE\"\n}\n");
}

static void
attribute_replaced_in_place(void **state)
{
	(void)state;
	check("env {\n  image_pull = \"CODEBUILD\" # why\n"
	    "  b          = 1\n}\n", set_first_run,
	    "env {\n  image_pull = \"SERVICE_ROLE\" # why\n"
	    "  b          = 1\n}\n");
}

static void
attribute_same_value_no_change(void **state)
{
	(void)state;
	check("env {\n  image_pull = \"SERVICE_ROLE\"\n}\n", set_first_run,
	    "env {\n  image_pull = \"SERVICE_ROLE\"\n}\n");
}

static void
attribute_before_blocks(void **state)
{
	(void)state;
	check("env {\n  x {\n    y = 1\n  }\n}\n", set_first_run,
	    "env {\n  image_pull = \"SERVICE_ROLE\"\n\n  x {\n    y = 1\n"
	    "  }\n}\n");
}

static void
attribute_into_empty_block(void **state)
{
	(void)state;
	check("env {}\n", set_first_run,
	    "env {\n  image_pull = \"SERVICE_ROLE\"\n}\n");
	check("env {\n}\n", set_first_run,
	    "env {\n  image_pull = \"SERVICE_ROLE\"\n}\n");
}

static int
set_and_append(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	const struct hcl_item *env = &first_block(f)->body.items[0];

	if (hcl_edit_set_attribute(e, env, "image_pull", "\"SERVICE_ROLE\"",
	    HCL_EDIT_FIRST_RUN, err) < 0)
		return -1;
	return hcl_edit_append_block(e, env, "rc {\n  c = 1\n}", err);
}

static void
one_line_block_expanded(void **state)
{
	(void)state;
	/* Two edits of one "x { a = 1 }" block make one expansion. */
	check("p {\n  env { a = 1 }\n}\n", set_and_append,
	    "p {\n  env {\n    a          = 1\n"
	    "    image_pull = \"SERVICE_ROLE\"\n\n    rc {\n      c = 1\n"
	    "    }\n  }\n}\n");
}

static void
heredoc_attribute_is_one_line(void **state)
{
	(void)state;
	/* fmt treats "p = <<EOF ... EOF" as one line of the group. */
	check("env {\n  p = <<EOF\nhi\nEOF\n  q = 1\n}\n", set_first_run,
	    "env {\n  p          = <<EOF\nhi\nEOF\n  q          = 1\n"
	    "  image_pull = \"SERVICE_ROLE\"\n}\n");
}

static void
multi_line_value_ends_group(void **state)
{
	(void)state;
	/* "policy = jsonencode({" has no balanced assign: it splits the
	 * groups, so "a" is not realigned. */
	check("r {\n  a = 1\n  policy = jsonencode({\n    V = 1\n  })\n"
	    "  b = 2\n}\n", set_last_run,
	    "r {\n  a = 1\n  policy = jsonencode({\n    V = 1\n  })\n"
	    "  b          = 2\n  image_pull = \"SERVICE_ROLE\"\n}\n");
}

static void
trailing_comments_realigned(void **state)
{
	(void)state;
	check("a  = 1 # one\nbb = 2 # two\n", set_top,
	    "a   = 1 # one\nbb  = 2 # two\nccc = 3\n");
}

static int
append_y(struct hcl_edits *e, const struct hcl_file *f, struct hc_error *err)
{
	return hcl_edit_tuple_append(e, attr_expr(f, "a"), "\"y\"", err);
}

static void
comma_after_heredoc_own_line(void **state)
{
	(void)state;
	/* Nothing may follow a heredoc's end marker on its line. */
	check("a = [\n  <<EOF\nx\nEOF\n]\n", append_y,
	    "a = [\n  <<EOF\nx\nEOF\n  ,\n  \"y\"\n]\n");
}

static int
set_in_a(struct hcl_edits *e, const struct hcl_file *f, struct hc_error *err)
{
	return hcl_edit_set_attribute(e, first_block(f), "x", "1",
	    HCL_EDIT_LAST_RUN, err);
}

static void
item_on_brace_line_expanded(void **state)
{
	(void)state;
	/* "a { b = {" opens a one-line block even though its item goes
	 * on over two lines: a new item needs the block expanded. */
	check("a { b = { c = 2\n} }\n", set_in_a,
	    "a {\n  b = { c = 2\n}\n  x = 1\n}\n");
}

static void
hand_layout_kept(void **state)
{
	(void)state;
	/* A group that fmt would realign keeps its layout: only the new
	 * line is added. */
	check("a = 1 # one\nbb = 2 # two\n", set_top,
	    "a = 1 # one\nbb = 2 # two\nccc = 3\n");
}

static int
remove_widest(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_remove_item(e, &f->body.items[1], err);
}

static void
removal_realigns_group(void **state)
{
	(void)state;
	/* Without its widest key the group closes up, as fmt lays it. */
	check("a      = 1\nwidest = 2\nbb     = 3\n", remove_widest,
	    "a  = 1\nbb = 3\n");
}

static void
crlf_lines_stay_crlf(void **state)
{
	(void)state;
	check("env {\r\n  a = 1\r\n}\r\n", set_first_run,
	    "env {\r\n  a          = 1\r\n"
	    "  image_pull = \"SERVICE_ROLE\"\r\n}\r\n");
}

static void
missing_final_newline(void **state)
{
	(void)state;
	check("a  = 1\nbb = 2", set_top, "a   = 1\nbb  = 2\nccc = 3\n");
	check("a = 1\r\nb = 2", set_top,
	    "a   = 1\r\nb   = 2\r\nccc = 3\r\n");
}

static int
append_block(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_append_block(e, first_block(f),
	    "registry_credential {\n  credential = var.x\n"
	    "  credential_provider = \"SECRETS_MANAGER\"\n}", err);
}

static void
empty_block_one_space_step(void **state)
{
	(void)state;
	/* The file indents by one space: "x {}" opens with that step and
	 * its closing brace goes back to column 1. */
	check("a {}\nb {\n c = 1\n}\n", append_block,
	    "a {\n registry_credential {\n  credential          = var.x\n"
	    "  credential_provider = \"SECRETS_MANAGER\"\n }\n}\n"
	    "b {\n c = 1\n}\n");
}

static void
block_appended_last(void **state)
{
	(void)state;
	check("env {\n  a = 1 # c\n\n  x {\n  }\n  # closing note\n}\n",
	    append_block,
	    "env {\n  a = 1 # c\n\n  x {\n  }\n\n"
	    "  registry_credential {\n    credential          = var.x\n"
	    "    credential_provider = \"SECRETS_MANAGER\"\n  }\n"
	    "  # closing note\n}\n");
	check("env {\n}\n", append_block,
	    "env {\n  registry_credential {\n    credential          = var.x\n"
	    "    credential_provider = \"SECRETS_MANAGER\"\n  }\n}\n");
}

static int
append_top_block(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	(void)f;
	return hcl_edit_append_block(e, NULL, "variable \"v\" {\n"
	    "  type = string\n}", err);
}

static void
block_appended_at_end_of_file(void **state)
{
	(void)state;
	check("variable \"a\" {}\n# end\n", append_top_block,
	    "variable \"a\" {}\n# end\n\nvariable \"v\" {\n  type = string\n"
	    "}\n");
	check("variable \"a\" {}", append_top_block,
	    "variable \"a\" {}\n\nvariable \"v\" {\n  type = string\n}\n");
}

static int
rename(struct hcl_edits *e, const struct hcl_file *f, struct hc_error *err)
{
	const struct hcl_item *env = first_block(f);

	return hcl_edit_rename_block(e, &env->body.items[0],
	    "registry_credential", err);
}

static void
block_renamed(void **state)
{
	(void)state;
	check("env {\n  registry_credentials {\n    a = 1\n  }\n}\n", rename,
	    "env {\n  registry_credential {\n    a = 1\n  }\n}\n");
}

static int
tuple_add(struct hcl_edits *e, const struct hcl_file *f, struct hc_error *err)
{
	return hcl_edit_tuple_append(e, attr_expr(f, "x"), "\"c\"", err);
}

static void
tuple_comma_styles(void **state)
{
	(void)state;
	check("x = [\n  \"a\",\n  \"b\"\n]\n", tuple_add,
	    "x = [\n  \"a\",\n  \"b\",\n  \"c\"\n]\n");
	check("x = [\n  \"a\",\n  \"b\",\n]\n", tuple_add,
	    "x = [\n  \"a\",\n  \"b\",\n  \"c\",\n]\n");
	check("x = [\"a\", \"b\"]\n", tuple_add, "x = [\"a\", \"b\", \"c\"]\n");
	check("x = []\n", tuple_add, "x = [\"c\"]\n");
	check("x = [\n]\n", tuple_add, "x = [\n  \"c\"\n]\n");
}

static int
tuple_add_object(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_tuple_append(e, attr_expr(f, "s"),
	    "{\n  Effect = \"Allow\"\n  Resource = var.x\n}", err);
}

static void
tuple_of_objects(void **state)
{
	(void)state;
	check("s = [\n  {\n    A = 1\n  },\n]\n", tuple_add_object,
	    "s = [\n  {\n    A = 1\n  },\n  {\n    Effect   = \"Allow\"\n"
	    "    Resource = var.x\n  },\n]\n");
	check("s = [\n  {\n    A = 1\n  }\n]\n", tuple_add_object,
	    "s = [\n  {\n    A = 1\n  },\n  {\n    Effect   = \"Allow\"\n"
	    "    Resource = var.x\n  }\n]\n");
	/* "[{ ... }]" grows as "}, {", indented the way fmt does. */
	check("s = [{\n  A = 1\n}]\n", tuple_add_object,
	    "s = [{\n  A = 1\n  }, {\n  Effect   = \"Allow\"\n"
	    "  Resource = var.x\n}]\n");
}

static int
object_add(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_object_add(e, attr_expr(f, "x"), "bb", "2", err);
}

static void
object_key_added(void **state)
{
	(void)state;
	check("x = {\n  a = 1\n}\n", object_add,
	    "x = {\n  a  = 1\n  bb = 2\n}\n");
	check("x = { a = 1 }\n", object_add, "x = { a = 1, bb = 2 }\n");
}

static int
remove_first(struct hcl_edits *e, const struct hcl_file *f,
    struct hc_error *err)
{
	return hcl_edit_remove_item(e, &f->body.items[0], err);
}

static void
item_removed(void **state)
{
	(void)state;
	check("a = 1 # gone too\nb = 2\n", remove_first, "b = 2\n");
}

static void
overlapping_splices_refused(void **state)
{
	struct hcl_file *file;
	struct hcl_edits edits;
	struct hc_error err;
	const char *in = "a = 1\n";

	(void)state;
	hc_error_init(&err);
	file = hcl_parse("t.tf", in, strlen(in), &err);
	assert_non_null(file);
	hcl_edits_init(&edits, file);
	assert_int_equal(hcl_edits_splice(&edits, 0, 3, "x", 1, 0, &err), 0);
	assert_int_equal(hcl_edits_splice(&edits, 2, 2, "y", 1, 0, &err), -1);
	assert_int_equal(err.code, HC_ERR_CONFLICT);
	hcl_edits_done(&edits);
	hcl_file_free(file);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attribute_joins_first_run),
		cmocka_unit_test(attribute_joins_last_run),
		cmocka_unit_test(attribute_replaced_in_place),
		cmocka_unit_test(attribute_same_value_no_change),
		cmocka_unit_test(attribute_before_blocks),
		cmocka_unit_test(attribute_into_empty_block),
		cmocka_unit_test(one_line_block_expanded),
		cmocka_unit_test(heredoc_attribute_is_one_line),
		cmocka_unit_test(multi_line_value_ends_group),
		cmocka_unit_test(trailing_comments_realigned),
		cmocka_unit_test(hand_layout_kept),
		cmocka_unit_test(comma_after_heredoc_own_line),
		cmocka_unit_test(item_on_brace_line_expanded),
		cmocka_unit_test(removal_realigns_group),
		cmocka_unit_test(crlf_lines_stay_crlf),
		cmocka_unit_test(missing_final_newline),
		cmocka_unit_test(block_appended_last),
		cmocka_unit_test(empty_block_one_space_step),
		cmocka_unit_test(block_appended_at_end_of_file),
		cmocka_unit_test(block_renamed),
		cmocka_unit_test(tuple_comma_styles),
		cmocka_unit_test(tuple_of_objects),
		cmocka_unit_test(object_key_added),
		cmocka_unit_test(item_removed),
		cmocka_unit_test(overlapping_splices_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
