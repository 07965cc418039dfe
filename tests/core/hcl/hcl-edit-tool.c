/*
 * hcl-edit-tool: run the edit operations of core/hcl/edit.h that a JSON
 * file describes on one HCL file, and print the result.
 *
 *   hcl-edit-tool EDITS.json INPUT.tf
 *
 * EDITS.json is an object whose "edits" member lists the operations, all
 * made on the parsed input and applied together:
 *   {"op": "set", "block": B, "name": N, "value": V, "where": "first"}
 *   {"op": "replace", "block": B, "name": N, "path": P, "value": V}
 *   {"op": "append_block", "block": B, "text": T}
 *   {"op": "rename", "block": B, "type": T}
 *   {"op": "tuple_append", "block": B, "name": N, "path": P, "value": V}
 *   {"op": "object_add", "block": B, "name": N, "path": P, "key": K,
 *    "value": V}
 *   {"op": "remove", "block": B, "name": N}   (no "name": the block)
 * B names a block by its type and labels joined with dots, nested blocks
 * separated by "/" ("resource.aws_codebuild_project.ci/environment"); the
 * first match is taken, and "" or no "block" is the file's top level.
 * "where" is "first" or "last" (the run of attributes a new one joins).
 * P leads from attribute N's value to the expression an operation works
 * on: a string steps into an object by key, a number into a tuple by
 * index, and a function call such as jsonencode(...) is stepped through
 * to its first argument. Other members of EDITS.json are ignored.
 *
 * Exit status: 0 with the edited text on stdout, 1 when an edit or the
 * input fails (message on stderr), 3 on a usage or I/O error.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hcl/edit.h"
#include "core/hcl/parse.h"
#include "core/hcl/query.h"

static const char *program = "hcl-edit-tool";

static int __attribute__((format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* The first block of body matching one path segment "type.label...". */
static const struct hcl_item *
find_segment(const struct hcl_file *file, const struct hcl_body *body,
    char *segment)
{
	const char *labels[8];
	size_t nlabels = 0, cursor = 0;
	char *type = segment, *dot;

	while ((dot = strchr(segment, '.')) != NULL) {
		*dot = '\0';
		segment = dot + 1;
		if (nlabels == sizeof labels / sizeof labels[0])
			return NULL;
		labels[nlabels++] = segment;
	}
	return hcl_body_next_block(file, body, &cursor, type, labels,
	    nlabels);
}

/*
 * Resolve a block path to *out: NULL for the top level. Returns -1 when
 * a segment matches no block.
 */
static int
find_block(const struct hcl_file *file, const char *path,
    const struct hcl_item **out)
{
	const struct hcl_body *body = &file->body;
	const struct hcl_item *block = NULL;
	char *copy, *segment, *rest;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return 0;
	copy = strdup(path);
	if (copy == NULL)
		return fail("out of memory");
	for (segment = strtok_r(copy, "/", &rest); segment != NULL;
	    segment = strtok_r(NULL, "/", &rest)) {
		block = find_segment(file, body, segment);
		if (block == NULL) {
			free(copy);
			return fail("no block %s", path);
		}
		body = &block->body;
	}
	free(copy);
	*out = block;
	return 0;
}

/* Whether the object key expression key is the name or string text. */
static int
key_matches(const struct hcl_file *file, const struct hcl_expr *key,
    const char *text)
{
	char buf[256];

	if (key->type == HCL_EXPR_TRAVERSAL && key->first == key->last)
		return hcl_token_is(file, key->first, text);
	return hcl_expr_string(file, key, buf, sizeof buf) >= 0 &&
	       strcmp(buf, text) == 0;
}

/* Follow one step of a path from e; NULL when it leads nowhere. */
static const struct hcl_expr *
step(const struct hcl_file *file, const struct hcl_expr *e,
    const json_t *key)
{
	size_t i;

	while (e->type == HCL_EXPR_CALL || e->type == HCL_EXPR_PARENS) {
		if (e->nchildren == 0)
			return NULL;
		e = e->children[0];
	}
	if (json_is_integer(key)) {
		json_int_t index = json_integer_value(key);

		if (e->type != HCL_EXPR_TUPLE || index < 0 ||
		    (size_t)index >= e->nchildren)
			return NULL;
		return e->children[index];
	}
	if (!json_is_string(key) || e->type != HCL_EXPR_OBJECT)
		return NULL;
	for (i = 0; i + 1 < e->nchildren; i += 2)
		if (key_matches(file, e->children[i], json_string_value(key)))
			return e->children[i + 1];
	return NULL;
}

/*
 * The expression an operation works on: attribute name's value in block,
 * followed along path, with the call and parentheses around the end
 * stepped through for the tuple and object operations (unwrap set).
 */
static const struct hcl_expr *
find_expr(const struct hcl_file *file, const struct hcl_item *block,
    const json_t *edit, int unwrap)
{
	const struct hcl_body *body = block ? &block->body : &file->body;
	const char *name = json_string_value(json_object_get(edit, "name"));
	const struct hcl_item *attr;
	const struct hcl_expr *e;
	const json_t *path = json_object_get(edit, "path"), *key;
	size_t i;

	if (name == NULL) {
		fail("missing \"name\"");
		return NULL;
	}
	attr = hcl_body_attribute(file, body, name);
	if (attr == NULL) {
		fail("no attribute %s", name);
		return NULL;
	}
	e = attr->expr;
	json_array_foreach(path, i, key) {
		e = step(file, e, key);
		if (e == NULL) {
			fail("path step %zu of %s leads nowhere", i, name);
			return NULL;
		}
	}
	while (unwrap && e->nchildren > 0 &&
	    (e->type == HCL_EXPR_CALL || e->type == HCL_EXPR_PARENS))
		e = e->children[0];
	return e;
}

/* The member name of edit as a string, or NULL with a message. */
static const char *
member(const json_t *edit, const char *name)
{
	const char *value = json_string_value(json_object_get(edit, name));

	if (value == NULL)
		fail("missing string \"%s\"", name);
	return value;
}

/* Add the splices of one operation. */
static int
run_edit(struct hcl_edits *edits, const struct hcl_file *file,
    const json_t *edit, struct hc_error *err)
{
	const char *op = member(edit, "op"), *text, *value, *key, *where;
	const struct hcl_item *block, *item;
	const struct hcl_expr *e;
	const char *name;

	if (op == NULL ||
	    find_block(file, json_string_value(json_object_get(edit,
		"block")), &block) == -1)
		return -1;
	if (strcmp(op, "set") == 0) {
		name = member(edit, "name");
		value = member(edit, "value");
		where = json_string_value(json_object_get(edit, "where"));
		if (name == NULL || value == NULL)
			return -1;
		return hcl_edit_set_attribute(edits, block, name, value,
		    where != NULL && strcmp(where, "last") == 0 ?
		    HCL_EDIT_LAST_RUN : HCL_EDIT_FIRST_RUN, err);
	}
	if (strcmp(op, "append_block") == 0) {
		text = member(edit, "text");
		return text ? hcl_edit_append_block(edits, block, text, err) :
		    -1;
	}
	if (strcmp(op, "rename") == 0) {
		text = member(edit, "type");
		if (block == NULL)
			return fail("rename needs a \"block\"");
		return text ? hcl_edit_rename_block(edits, block, text, err) :
		    -1;
	}
	if (strcmp(op, "remove") == 0) {
		name = json_string_value(json_object_get(edit, "name"));
		item = block;
		if (name != NULL)
			item = hcl_body_attribute(file,
			    block ? &block->body : &file->body, name);
		if (item == NULL)
			return fail("nothing to remove");
		return hcl_edit_remove_item(edits, item, err);
	}
	e = find_expr(file, block, edit, strcmp(op, "replace") != 0);
	value = member(edit, "value");
	if (e == NULL || value == NULL)
		return -1;
	if (strcmp(op, "replace") == 0)
		return hcl_edit_replace_expr(edits, e, value, err);
	if (strcmp(op, "tuple_append") == 0) {
		if (e->type != HCL_EXPR_TUPLE)
			return fail("tuple_append: not a tuple");
		return hcl_edit_tuple_append(edits, e, value, err);
	}
	if (strcmp(op, "object_add") == 0) {
		key = member(edit, "key");
		if (key == NULL)
			return -1;
		if (e->type != HCL_EXPR_OBJECT)
			return fail("object_add: not an object");
		return hcl_edit_object_add(edits, e, key, value, err);
	}
	return fail("unknown op \"%s\"", op);
}

int
main(int argc, char **argv)
{
	struct hcl_file *file;
	struct hcl_edits edits;
	struct hc_error err;
	json_error_t jerr;
	json_t *spec, *list, *edit;
	char *out = NULL;
	size_t i, len;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: %s EDITS.json INPUT.tf\n", program);
		return 3;
	}
	spec = json_load_file(argv[1], 0, &jerr);
	if (spec == NULL) {
		fail("%s:%d: %s", argv[1], jerr.line, jerr.text);
		return 3;
	}
	list = json_object_get(spec, "edits");
	if (!json_is_array(list) || json_array_size(list) == 0) {
		fail("%s: \"edits\" must be a list of operations", argv[1]);
		json_decref(spec);
		return 3;
	}
	hc_error_init(&err);
	file = hcl_parse_file(argv[2], NULL, &err);
	if (file == NULL) {
		fail("%s", err.message);
		json_decref(spec);
		return 1;
	}
	hcl_edits_init(&edits, file);
	json_array_foreach(list, i, edit) {
		if (run_edit(&edits, file, edit, &err) == -1) {
			if (hc_error_is_set(&err))
				fail("edit %zu: %s", i, err.message);
			goto out;
		}
	}
	if (hcl_edits_apply(&edits, &out, &len, &err) == -1) {
		fail("%s", err.message);
		goto out;
	}
	if (fwrite(out, 1, len, stdout) != len || fflush(stdout) != 0) {
		fail("writing the result failed");
		rc = 3;
		goto out;
	}
	rc = 0;
out:
	free(out);
	hcl_edits_done(&edits);
	hcl_file_free(file);
	json_decref(spec);
	return rc;
}
