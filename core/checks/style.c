/*
 * Checks of Terraform syntax left over from 0.11 (quoted type
 * constraints, interpolation-only strings) and of projects hubcred
 * cannot see (remote modules).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/checks/checks-private.h"
#include "core/hcl/query.h"

/* 1 when some module pins Terraform below 0.12: then 0.11 syntax is
 * what the whole tree needs. */
static int
tree_is_legacy(const struct tf_root *root)
{
	size_t i;

	for (i = 0; i < root->nmodules; i++) {
		if (root->modules[i].legacy)
			return 1;
	}
	return 0;
}

/* "aws_s3_bucket.x", "data.t.x", "var.x", "module.x", ... of a block. */
static void
block_address(const struct hcl_file *hcl, const struct hcl_item *block,
    char *buf, size_t size)
{
	char type[64], a[128], b[128];

	checks_token_copy(hcl, block->first, type, sizeof type);
	if (hcl_block_label(hcl, block, 0, a, sizeof a) < 0)
		a[0] = '\0';
	if (hcl_block_label(hcl, block, 1, b, sizeof b) < 0)
		b[0] = '\0';
	if (strcmp(type, "resource") == 0)
		snprintf(buf, size, "%s.%s", a, b);
	else if (strcmp(type, "data") == 0)
		snprintf(buf, size, "data.%s.%s", a, b);
	else if (strcmp(type, "variable") == 0)
		snprintf(buf, size, "var.%s", a);
	else if (a[0] != '\0')
		snprintf(buf, size, "%s.%s", type, a);
	else
		snprintf(buf, size, "%s", type);
}

/* HC141 on one variable block. */
static void
check_type(struct checks_ctx *ctx, size_t file, const struct hcl_item *var)
{
	const struct hcl_file *hcl = ctx->root->files[file].hcl;
	const struct hcl_item *type;
	struct checks_finding *f;
	char value[32], address[300], error[512];
	const char *fixed;

	type = hcl_body_attribute(hcl, &var->body, "type");
	if (type == NULL || type->expr->type != HCL_EXPR_TEMPLATE ||
	    hcl_expr_string(hcl, type->expr, value, sizeof value) < 0)
		return;
	if (strcmp(value, "string") == 0)
		fixed = "string";
	else if (strcmp(value, "list") == 0)
		fixed = "list(string)";
	else if (strcmp(value, "map") == 0)
		fixed = "map(string)";
	else
		return;
	block_address(hcl, var, address, sizeof address);
	snprintf(error, sizeof error, "Invalid quoted type constraints: "
	    "Terraform 0.11 and earlier required type constraints to be "
	    "given in quotes. Remove the quotes around \"%s\".", value);
	f = checks_add(ctx, CHECKS_HC141, address, file, type->first, error,
	    "%s has type = \"%s\", which Terraform 0.15 and later refuse. "
	    "Fix: write type = %s.", address, value, fixed);
	if (f != NULL) {
		f->fixable = 1;
		f->fix.kind = CHECKS_FIX_REPLACE_EXPR;
		f->fix.expr = type->expr;
		snprintf(f->fix.text, sizeof f->fix.text, "%s", fixed);
	}
}

/* HC142 on the attributes of body, recursively. */
static void
check_interpolations(struct checks_ctx *ctx, size_t file,
    const struct hcl_body *body, const char *address)
{
	const struct hcl_file *hcl = ctx->root->files[file].hcl;
	const struct hcl_expr *e, *inner;
	struct checks_finding *f;
	char name[128];
	uint32_t start, end;
	size_t i;

	for (i = 0; i < body->nitems; i++) {
		const struct hcl_item *it = &body->items[i];

		if (it->type == HCL_ITEM_BLOCK) {
			check_interpolations(ctx, file, &it->body, address);
			continue;
		}
		e = it->expr;
		if (e->type != HCL_EXPR_TEMPLATE || e->nchildren != 1 ||
		    e->children[0]->type == HCL_EXPR_LITERAL ||
		    e->children[0]->type == HCL_EXPR_TEMPLATE_IF ||
		    e->children[0]->type == HCL_EXPR_TEMPLATE_FOR)
			continue;
		inner = e->children[0];
		start = hcl->tokens[inner->first].offset;
		end = hcl_token_end(hcl, inner->last);
		checks_token_copy(hcl, it->first, name, sizeof name);
		f = checks_add(ctx, CHECKS_HC142, address, file, it->first,
		    NULL, "%s of %s is \"${%.*s}\", an interpolation-only "
		    "string. Fix: write %s = %.*s.", name, address,
		    (int)(end - start), hcl->src + start, name,
		    (int)(end - start), hcl->src + start);
		if (f != NULL && end - start < sizeof f->fix.text) {
			f->fixable = 1;
			f->fix.kind = CHECKS_FIX_REPLACE_EXPR;
			f->fix.expr = e;
			snprintf(f->fix.text, sizeof f->fix.text, "%.*s",
			    (int)(end - start), hcl->src + start);
		}
	}
}

/* HC151: module calls outside the tree that look like CodeBuild. */
static void
check_remote_modules(struct checks_ctx *ctx)
{
	const struct tf_root *root = ctx->root;
	const struct tf_module_call *c;
	char address[300];
	size_t i, k;

	for (i = 0; i < root->nmodules; i++) {
		for (k = 0; k < root->modules[i].ncalls; k++) {
			c = &root->modules[i].calls[k];
			if (c->target >= 0 || c->item == NULL ||
			    (strcasestr(c->name, "codebuild") == NULL &&
			    strcasestr(c->source, "codebuild") == NULL))
				continue;
			snprintf(address, sizeof address, "module.%s", c->name);
			checks_add(ctx, CHECKS_HC151, address, c->file,
			    c->item->first, NULL, "module.%s comes from %s, "
			    "outside this directory, so hubcred cannot check "
			    "or edit the CodeBuild projects in it. Fix: pass "
			    "the pull credentials through the module's "
			    "inputs if it has them, or run hubcred on the "
			    "module's own source.", c->name, c->source);
		}
	}
}

void
checks_style_run(struct checks_ctx *ctx)
{
	const struct tf_root *root = ctx->root;
	const struct hcl_file *hcl;
	const struct hcl_item *it;
	char type[64], address[300];
	size_t i, k;

	check_remote_modules(ctx);
	if (tree_is_legacy(root))
		return;
	for (i = 0; i < root->nfiles; i++) {
		hcl = root->files[i].hcl;
		if (hcl == NULL || root->files[i].tfvars ||
		    root->files[i].module < 0)
			continue;
		for (k = 0; k < hcl->body.nitems; k++) {
			it = &hcl->body.items[k];
			if (it->type != HCL_ITEM_BLOCK)
				continue;
			checks_token_copy(hcl, it->first, type, sizeof type);
			if (strcmp(type, "variable") == 0)
				check_type(ctx, i, it);
			block_address(hcl, it, address, sizeof address);
			check_interpolations(ctx, i, &it->body, address);
		}
	}
}
