/* Tests for core/hcl/query.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/parse.h"
#include "core/hcl/query.h"

static struct hcl_file *
parse_ok(const char *src)
{
	struct hc_error err;
	struct hcl_file *f;

	hc_error_init(&err);
	f = hcl_parse("q.tf", src, strlen(src), &err);
	if (f == NULL)
		fail_msg("%d:%d: %s", err.line, err.column, err.message);
	return f;
}

static const struct hcl_expr *
attr_expr(const struct hcl_file *f, const struct hcl_body *body,
    const char *name)
{
	const struct hcl_item *it = hcl_body_attribute(f, body, name);

	if (it == NULL)
		fail_msg("no attribute %s", name);
	return it->expr;
}

static const char blocks_src[] =
	"resource \"aws_iam_role\" \"ci\" {\n  name = \"a\"\n}\n"
	"resource \"aws_codebuild_project\" \"one\" {\n  name = \"b\"\n}\n"
	"data \"aws_iam_policy_document\" \"ci\" {}\n"
	"resource \"aws_codebuild_project\" \"t\\u0077o\" {\n}\n"
	"resource aws_codebuild_project three {\n}\n"
	"locals {\n  x = 1\n}\n";

static void
next_block_by_type_and_labels(void **state)
{
	struct hcl_file *f = parse_ok(blocks_src);
	const char *const any[] = {"aws_codebuild_project", NULL};
	const char *const two[] = {"aws_codebuild_project", "two"};
	const struct hcl_item *b;
	size_t cursor = 0;
	char label[64];

	(void)state;
	b = hcl_body_next_block(f, &f->body, &cursor, "resource", any, 2);
	assert_non_null(b);
	assert_int_equal(hcl_block_label(f, b, 1, label, sizeof label), 3);
	assert_string_equal(label, "one");
	b = hcl_body_next_block(f, &f->body, &cursor, "resource", any, 2);
	assert_non_null(b);
	hcl_block_label(f, b, 1, label, sizeof label);
	assert_string_equal(label, "two");
	b = hcl_body_next_block(f, &f->body, &cursor, "resource", any, 2);
	assert_non_null(b);
	hcl_block_label(f, b, 1, label, sizeof label);
	assert_string_equal(label, "three");
	assert_null(hcl_body_next_block(f, &f->body, &cursor, "resource", any,
	    2));

	cursor = 0;
	b = hcl_body_next_block(f, &f->body, &cursor, "resource", two, 2);
	assert_non_null(b);
	assert_int_equal(cursor, 4);
	assert_int_equal(hcl_block_label(f, b, 2, label, sizeof label), -1);
	assert_string_equal(label, "");

	cursor = 0;
	b = hcl_body_next_block(f, &f->body, &cursor, "locals", NULL, 0);
	assert_non_null(b);
	assert_int_equal(attr_expr(f, &b->body, "x")->type, HCL_EXPR_LITERAL);
	assert_null(hcl_body_attribute(f, &b->body, "y"));
	hcl_file_free(f);
}

static void
label_truncates(void **state)
{
	struct hcl_file *f = parse_ok("a \"0123456789\" {}\n");
	char label[5];

	(void)state;
	assert_int_equal(hcl_block_label(f, &f->body.items[0], 0, label,
	    sizeof label), 10);
	assert_string_equal(label, "0123");
	hcl_file_free(f);
}

static void
string_values_decode_escapes(void **state)
{
	struct hcl_file *f = parse_ok(
	    "a = \"x\\n\\t\\\"\\\\\\u00e9\\U0001F600 $${y} %%{z}\"\n"
	    "b = \"${var.y}\"\n"
	    "c = \"\"\n"
	    "d = <<EOT\nline $${x}\n  two\nEOT\n"
	    "e = <<-EOT\n    one\n\n      two\n    EOT\n"
	    "f = 12\n"
	    "g = \"a${b}\"\n");
	char buf[128];

	(void)state;
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "a"), buf,
	    sizeof buf), 21);
	assert_string_equal(buf, "x\n\t\"\\\xc3\xa9\xf0\x9f\x98\x80 ${y} %{z}");
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "b"), buf,
	    sizeof buf), -1);
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "c"), buf,
	    sizeof buf), 0);
	assert_string_equal(buf, "");
	assert_true(hcl_expr_string(f, attr_expr(f, &f->body, "d"), buf,
	    sizeof buf) > 0);
	assert_string_equal(buf, "line ${x}\n  two\n");
	assert_true(hcl_expr_string(f, attr_expr(f, &f->body, "e"), buf,
	    sizeof buf) > 0);
	assert_string_equal(buf, "one\n\n  two\n");
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "f"), buf,
	    sizeof buf), -1);
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "g"), buf,
	    sizeof buf), -1);
	/* Truncation keeps the NUL and reports the full length. */
	assert_int_equal(hcl_expr_string(f, attr_expr(f, &f->body, "d"), buf,
	    6), 16);
	assert_string_equal(buf, "line ");
	hcl_file_free(f);
}

static void
references_in_canonical_form(void **state)
{
	struct hcl_file *f = parse_ok(
	    "a = aws_iam_role.x.arn\n"
	    "b = \"${var.y}\"\n"
	    "c = module.z.out\n"
	    "d = a.b[0].c\n"
	    "e = a.b[\n  \"k\"\n].c\n"
	    "g = a.0.b\n"
	    "h = \"x${var.y}\"\n"
	    "i = f(a)\n"
	    "j = a[var.k]\n");
	char buf[64];

	(void)state;
	assert_int_equal(hcl_expr_reference(f, attr_expr(f, &f->body, "a"),
	    buf, sizeof buf), 18);
	assert_string_equal(buf, "aws_iam_role.x.arn");
	hcl_expr_reference(f, attr_expr(f, &f->body, "b"), buf, sizeof buf);
	assert_string_equal(buf, "var.y");
	hcl_expr_reference(f, attr_expr(f, &f->body, "c"), buf, sizeof buf);
	assert_string_equal(buf, "module.z.out");
	hcl_expr_reference(f, attr_expr(f, &f->body, "d"), buf, sizeof buf);
	assert_string_equal(buf, "a.b[0].c");
	hcl_expr_reference(f, attr_expr(f, &f->body, "e"), buf, sizeof buf);
	assert_string_equal(buf, "a.b[\"k\"].c");
	hcl_expr_reference(f, attr_expr(f, &f->body, "g"), buf, sizeof buf);
	assert_string_equal(buf, "a[0].b");
	assert_int_equal(hcl_expr_reference(f, attr_expr(f, &f->body, "h"),
	    buf, sizeof buf), -1);
	assert_int_equal(hcl_expr_reference(f, attr_expr(f, &f->body, "i"),
	    buf, sizeof buf), -1);
	assert_int_equal(hcl_expr_reference(f, attr_expr(f, &f->body, "j"),
	    buf, sizeof buf), -1);
	hcl_file_free(f);
}

struct seen {
	char refs[16][64];
	size_t n;
	size_t stop_at;
};

static int
collect(const struct hcl_file *file, const struct hcl_expr *traversal,
    const char *reference, void *data)
{
	struct seen *seen = data;

	(void)file;
	assert_int_equal(traversal->type, HCL_EXPR_TRAVERSAL);
	if (seen->n < 16)
		snprintf(seen->refs[seen->n], 64, "%s", reference);
	seen->n++;
	return seen->stop_at != 0 && seen->n == seen->stop_at ? 7 : 0;
}

static void
each_reference_walks_everything(void **state)
{
	struct hcl_file *f = parse_ok(
	    "a = {\n"
	    "  Name = \"${var.p}-x\"\n"
	    "  (local.k) = [for s in var.list : s.id if s.on]\n"
	    "  r = jsonencode({ Resource = aws_s3_bucket.b.arn })\n"
	    "  t = <<EOT\n%{ for x in data.d.ids }${x}${each.key}%{ endfor }\n"
	    "EOT\n"
	    "  u = c ? aws_iam_role.r[0].arn : null\n"
	    "}\n");
	const struct hcl_expr *e = attr_expr(f, &f->body, "a");
	struct seen seen;

	(void)state;
	memset(&seen, 0, sizeof seen);
	assert_int_equal(hcl_expr_each_reference(f, e, collect, &seen), 0);
	assert_int_equal(seen.n, 8);
	assert_string_equal(seen.refs[0], "var.p");
	assert_string_equal(seen.refs[1], "local.k");
	assert_string_equal(seen.refs[2], "var.list");
	assert_string_equal(seen.refs[3], "aws_s3_bucket.b.arn");
	assert_string_equal(seen.refs[4], "data.d.ids");
	assert_string_equal(seen.refs[5], "each.key");
	assert_string_equal(seen.refs[6], "c");
	assert_string_equal(seen.refs[7], "aws_iam_role.r[0].arn");

	memset(&seen, 0, sizeof seen);
	seen.stop_at = 2;
	assert_int_equal(hcl_expr_each_reference(f, e, collect, &seen), 7);
	assert_int_equal(seen.n, 2);
	hcl_file_free(f);
}

static void
token_helpers(void **state)
{
	struct hcl_file *f = parse_ok("name = \"v\"\n");
	size_t n;
	const char *s;

	(void)state;
	s = hcl_token_text(f, 0, &n);
	assert_int_equal(n, 4);
	assert_memory_equal(s, "name", 4);
	assert_true(hcl_token_is(f, 0, "name"));
	assert_false(hcl_token_is(f, 0, "nam"));
	assert_false(hcl_token_is(f, 99, "name"));
	assert_int_equal(hcl_token_end(f, 0), 4);
	assert_int_equal(hcl_token_end(f, 4), 10);
	hcl_file_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(next_block_by_type_and_labels),
		cmocka_unit_test(label_truncates),
		cmocka_unit_test(string_values_decode_escapes),
		cmocka_unit_test(references_in_canonical_form),
		cmocka_unit_test(each_reference_walks_everything),
		cmocka_unit_test(token_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
