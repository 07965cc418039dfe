/* CodeBuild projects: addresses, images, service roles, policies. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/query.h"
#include "core/tf/project-private.h"
#include "core/tf/project.h"
#include "core/tf/root-private.h"

const char *
tf_image_kind_name(enum tf_image_kind kind)
{
	switch (kind) {
	case TF_IMAGE_DOCKER_HUB:
		return "Docker Hub";
	case TF_IMAGE_CODEBUILD:
		return "CodeBuild managed";
	case TF_IMAGE_OTHER:
		return "other registry";
	case TF_IMAGE_UNKNOWN:
		break;
	}
	return "unknown";
}

enum tf_image_kind
tf_image_classify(const char *image)
{
	const char *slash = strchr(image, '/');
	size_t n;

	if (image[0] == '\0' || strcmp(image, "unknown") == 0 ||
	    strstr(image, "${") != NULL)
		return TF_IMAGE_UNKNOWN;
	if (strncmp(image, "aws/codebuild/", 14) == 0)
		return TF_IMAGE_CODEBUILD;
	if (slash == NULL)
		return TF_IMAGE_DOCKER_HUB;
	n = (size_t)(slash - image);
	/* The first component is a registry host when it has a dot or a
	 * port, or is localhost (the rule Docker's reference parser uses). */
	if (memchr(image, '.', n) == NULL && memchr(image, ':', n) == NULL &&
	    !(n == 9 && strncmp(image, "localhost", 9) == 0))
		return TF_IMAGE_DOCKER_HUB;
	if ((n == 9 && strncmp(image, "docker.io", 9) == 0) ||
	    (n == 15 && strncmp(image, "index.docker.io", 15) == 0) ||
	    (n == 20 && strncmp(image, "registry-1.docker.io", 20) == 0))
		return TF_IMAGE_DOCKER_HUB;
	return TF_IMAGE_OTHER;
}

const struct tf_project *
tf_root_projects(const struct tf_root *root, size_t *n)
{
	*n = root->nprojects;
	return root->projects;
}

const struct tf_project *
tf_root_find_project(const struct tf_root *root, const char *address)
{
	size_t i;

	for (i = 0; i < root->nprojects; i++) {
		if (strcmp(root->projects[i].address, address) == 0)
			return &root->projects[i];
	}
	return NULL;
}

size_t
tf_root_pick_project(const struct tf_root *root, const char *address,
    const char *tfvars, size_t *matches, int *in_folder)
{
	const char *slash = tfvars != NULL ? strrchr(tfvars, '/') : NULL;
	size_t dlen = slash != NULL ? (size_t)(slash - tfvars) : 1;
	const char *dir = slash != NULL ? tfvars : ".";
	size_t i, found = SIZE_MAX;

	*matches = 0;
	*in_folder = 0;
	for (i = 0; i < root->nprojects; i++) {
		const char *rdir;

		if (strcmp(root->projects[i].address, address) != 0)
			continue;
		(*matches)++;
		rdir = root->modules[root->projects[i].root_module].dir;
		if (!*in_folder && strlen(rdir) == dlen &&
		    strncmp(rdir, dir, dlen) == 0) {
			found = i;
			*in_folder = 1;
		}
		if (found == SIZE_MAX)
			found = i;
	}
	return found;
}

/* The module at depth d of the project's chain (0: the root module). */
static int
module_at(const struct tf_root *root, const struct tf_project *p, size_t d)
{
	const struct tf_call_link *link;

	if (d == 0)
		return p->root_module;
	link = &p->chain[d - 1];
	return root->modules[link->module].calls[link->call].target;
}

/* The value of variable name in the root module from its tfvars. */
static int
tfvars_value(const struct tf_root *root, int module, const char *name,
    char *buf, size_t size)
{
	const char **files = NULL;
	size_t n, i;
	int len = -1;

	if (tf_root_tfvars_files(root, root->modules[module].dir, &files, &n,
	    NULL) < 0)
		return -1;
	/* Later files override earlier ones; *.tfvars other than
	 * terraform.tfvars and *.auto.tfvars are only read with -var-file,
	 * so they count only when nothing else sets the variable. */
	for (i = 0; i < n; i++) {
		long f = tf_root_file_index(root, files[i]);
		const struct hcl_file *hcl = root->files[f].hcl;
		const struct hcl_item *a = NULL;
		const char *base = strrchr(files[i], '/'), *value;
		int auto_loaded;

		base = base ? base + 1 : files[i];
		auto_loaded = strncmp(base, "terraform.tfvars", 16) == 0 ||
		    strstr(base, ".auto.tfvars") != NULL;
		if (!auto_loaded && len >= 0)
			continue;
		if (hcl == NULL) {
			value = json_string_value(json_object_get(
			    root->files[f].json, name));
			if (value != NULL)
				len = snprintf(buf, size, "%s", value);
			continue;
		}
		a = hcl_body_attribute(hcl, &hcl->body, name);
		if (a != NULL)
			len = hcl_expr_string(hcl, a->expr, buf, size);
	}
	free(files);
	return len;
}

/*
 * The argument name of a module call written in JSON syntax (call): a
 * string with no "${" is its value, any other argument is unresolved.
 * Returns -2 when the call has no such argument, so the variable's
 * default applies.
 */
static int
json_argument(json_t *call, const char *name, char *buf, size_t size,
    int budget)
{
	json_t *arg = json_object_get(call, name);
	const char *value = json_string_value(arg);

	if (arg == NULL)
		return -2;
	if (budget <= 0 || value == NULL || strstr(value, "${") != NULL)
		return -1;
	return snprintf(buf, size, "%s", value);
}

static int
resolve_depth(const struct tf_root *root, const struct tf_project *p,
    size_t depth, const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size, int budget)
{
	char ref[256];
	int module = module_at(root, p, depth);
	const struct hcl_item *item, *attr;
	size_t f;
	int len;

	if (budget <= 0 || module < 0)
		return -1;
	len = hcl_expr_string(file, expr, buf, size);
	if (len >= 0)
		return len;
	if (hcl_expr_reference(file, expr, ref, sizeof ref) < 0)
		return -1;
	if (strncmp(ref, "var.", 4) == 0 && strchr(ref + 4, '.') == NULL) {
		if (depth > 0) {
			const struct tf_call_link *l = &p->chain[depth - 1];
			const struct tf_module_call *c =
			    &root->modules[l->module].calls[l->call];
			const struct hcl_file *cf = root->files[c->file].hcl;

			if (c->item == NULL) {
				len = json_argument(c->json, ref + 4, buf,
				    size, budget - 1);
				if (len != -2)
					return len;
			} else {
				attr = hcl_body_attribute(cf, &c->item->body,
				    ref + 4);
				if (attr != NULL)
					return resolve_depth(root, p,
					    depth - 1, cf, attr->expr, buf,
					    size, budget - 1);
			}
		} else {
			len = tfvars_value(root, module, ref + 4, buf, size);
			if (len >= 0)
				return len;
		}
		item = tf_root_find_block(root, module, "variable", ref + 4,
		    NULL, &f);
		if (item == NULL)
			return -1;
		attr = hcl_body_attribute(root->files[f].hcl, &item->body,
		    "default");
		if (attr == NULL)
			return -1;
		return resolve_depth(root, p, depth, root->files[f].hcl,
		    attr->expr, buf, size, budget - 1);
	}
	if (strncmp(ref, "local.", 6) == 0 && strchr(ref + 6, '.') == NULL) {
		const struct tf_module *m = &root->modules[module];
		size_t k, cursor;

		for (k = 0; k < m->nfiles; k++) {
			const struct hcl_file *h = root->files[m->files[k]].hcl;

			cursor = 0;
			while ((item = hcl_body_next_block(h, &h->body, &cursor,
			    "locals", NULL, 0)) != NULL) {
				attr = hcl_body_attribute(h, &item->body,
				    ref + 6);
				if (attr != NULL)
					return resolve_depth(root, p, depth, h,
					    attr->expr, buf, size, budget - 1);
			}
		}
	}
	return -1;
}

int
tf_project_resolve(const struct tf_root *root, const struct tf_project *p,
    size_t depth, const struct hcl_file *file, const struct hcl_expr *expr,
    char *buf, size_t size)
{
	return resolve_depth(root, p, depth, file, expr, buf, size, 16);
}

/* Whether s is a valid IAM role name: 1 to 64 of A-Z a-z 0-9 +=,.@_- */
static int
role_name_valid(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+=,.@_-");

	return n > 0 && n <= 64 && s[n] == '\0';
}

/*
 * A service_role given as a literal: an IAM role ARN
 * (arn:aws:iam::123456789012:role/path/name) or a role name. Set the
 * outside role to its name, or record in role_why why it cannot be used.
 */
static void
role_from_literal(struct tf_project *p, const char *value)
{
	const char *name = value, *role;

	if (strncmp(value, "arn:", 4) == 0) {
		role = strstr(value, ":role/");
		name = role != NULL ? strrchr(role, '/') + 1 : "";
		if (role == NULL || strncmp(strchr(value + 4, ':'), ":iam:",
		    5) != 0) {
			snprintf(p->role_why, sizeof p->role_why,
			    "the service_role of %s, \"%.300s\", is not the ARN "
			    "of an IAM role", p->address, value);
			return;
		}
	}
	if (!role_name_valid(name)) {
		snprintf(p->role_why, sizeof p->role_why,
		    "the service_role of %s, \"%.300s\", is not an IAM role's "
		    "ARN or name", p->address, value);
		return;
	}
	p->outside = TF_OUTSIDE_NAME;
	snprintf(p->outside_role, sizeof p->outside_role, "%s", name);
	snprintf(p->role_why, sizeof p->role_why,
	    "the service role %s comes from outside the root: a new "
	    "aws_iam_role_policy can name it", name);
}

/*
 * A service_role that refers to something other than an aws_iam_role
 * resource: a data "aws_iam_role", or a variable, local or module output
 * holding the ARN. The role is outside the root.
 */
static void
role_from_outside(struct tf_project *p, const char *ref)
{
	char label[200];
	size_t n;

	if (sscanf(ref, "data.aws_iam_role.%199[^.[]%zn", label,
	    &n) == 1 && (strcmp(ref + n, ".arn") == 0 ||
	    strcmp(ref + n, ".name") == 0 || strcmp(ref + n, ".id") == 0)) {
		p->outside = TF_OUTSIDE_DATA;
		snprintf(p->outside_role, sizeof p->outside_role, "%s",
		    label);
	} else {
		p->outside = TF_OUTSIDE_ARN_REF;
		snprintf(p->outside_role, sizeof p->outside_role, "%s", ref);
	}
	snprintf(p->role_why, sizeof p->role_why,
	    "the service role comes from outside the root (%.200s): a new "
	    "aws_iam_role_policy can name it", ref);
}

/*
 * Resolve a service_role reference (aws_iam_role.x.arn) to an
 * aws_iam_role of the project's module, written in either syntax. Any
 * other reference, and a literal (ref NULL, literal the value), names a
 * role outside the root.
 */
static void
role_from_reference(const struct tf_root *root, struct tf_project *p,
    char *ref, const char *literal)
{
	char *dot, *br;

	p->outside = TF_OUTSIDE_NONE;
	p->outside_role[0] = '\0';
	if (ref == NULL && literal != NULL) {
		role_from_literal(p, literal);
		return;
	}
	if (ref == NULL) {
		snprintf(p->role_why, sizeof p->role_why,
		    "the service_role of %s is an expression hubcred cannot "
		    "follow to a role", p->address);
		return;
	}
	if (strncmp(ref, "aws_iam_role.", 13) != 0) {
		role_from_outside(p, ref);
		return;
	}
	/* aws_iam_role.x[0].arn (count) names the same block as x. */
	dot = strchr(ref + 13, '.');
	br = strchr(ref + 13, '[');
	if (dot != NULL && br != NULL && br < dot) {
		memmove(br, dot, strlen(dot) + 1);
		dot = br;
	}
	if (dot == NULL || (strcmp(dot, ".arn") != 0 &&
	    strcmp(dot, ".name") != 0 && strcmp(dot, ".id") != 0)) {
		snprintf(p->role_why, sizeof p->role_why,
		    "the service_role of %s is %s, not a role's arn, name or "
		    "id", p->address, ref);
		return;
	}
	*dot = '\0';
	p->role_item = tf_root_find_block(root, p->module, "resource",
	    "aws_iam_role", ref + 13, &p->role_file);
	if (p->role_item == NULL)
		p->role_json = tf_root_find_json_resource(root, p->module,
		    "resource", "aws_iam_role", ref + 13, &p->role_file);
	if (p->role_item == NULL && p->role_json == NULL) {
		snprintf(p->role_why, sizeof p->role_why,
		    "aws_iam_role.%s is not declared in the module of %s",
		    ref + 13, p->address);
		return;
	}
	snprintf(p->role, sizeof p->role, "%s", ref + 13);
}

/* The reference inside a JSON syntax string "${ref}", into buf. */
static char *
json_reference(const char *s, char *buf, size_t size)
{
	size_t n;

	if (s == NULL || strncmp(s, "${", 2) != 0)
		return NULL;
	n = strlen(s);
	if (n < 4 || s[n - 1] != '}' || n - 3 >= size ||
	    strpbrk(s + 2, "${ ") != NULL)
		return NULL;
	memcpy(buf, s + 2, n - 3);
	buf[n - 3] = '\0';
	return buf;
}

static const struct hcl_item *find_local(const struct tf_root *root,
    int module, const char *name, size_t *file);

void
tf_project_find_role(const struct tf_root *root, struct tf_project *p)
{
	const struct hcl_file *hcl = root->files[p->file].hcl;
	const struct hcl_item *attr, *local;
	const struct hcl_expr *expr;
	char ref[256], literal[512];
	size_t f, steps;

	p->outside = TF_OUTSIDE_NONE;
	p->role_line = 0;
	attr = hcl_body_attribute(hcl, &p->item->body, "service_role");
	if (attr == NULL) {
		snprintf(p->role_why, sizeof p->role_why,
		    "%s has no service_role", p->address);
		return;
	}
	p->role_line = (int)hcl->tokens[attr->first].line;
	expr = attr->expr;
	/* Follow local.x to the value of the local, eight steps at most. */
	for (steps = 0; steps < 8; steps++) {
		if (hcl_expr_reference(hcl, expr, ref, sizeof ref) < 0 ||
		    strncmp(ref, "local.", 6) != 0 ||
		    strchr(ref + 6, '.') != NULL)
			break;
		local = find_local(root, p->module, ref + 6, &f);
		if (local == NULL)
			break;
		hcl = root->files[f].hcl;
		expr = local->expr;
	}
	if (hcl_expr_reference(hcl, expr, ref, sizeof ref) >= 0)
		role_from_reference(root, p, ref, NULL);
	else
		role_from_reference(root, p, NULL, hcl_expr_string(hcl,
		    expr, literal, sizeof literal) >= 0 ? literal : NULL);
}

void
tf_project_read_environment(const struct tf_root *root,
    struct tf_project *p, struct tf_project_exprs *exprs)
{
	const struct hcl_file *hcl = root->files[p->file].hcl;
	const struct hcl_item *env, *rc, *attr;
	size_t cursor = 0;

	memset(exprs, 0, sizeof *exprs);
	exprs->file = hcl;
	env = hcl_body_next_block(hcl, &p->item->body, &cursor,
	    "environment", NULL, 0);
	if (env == NULL)
		return;
	attr = hcl_body_attribute(hcl, &env->body, "image");
	exprs->image = attr != NULL ? attr->expr : NULL;
	attr = hcl_body_attribute(hcl, &env->body,
	    "image_pull_credentials_type");
	exprs->pull_type = attr != NULL ? attr->expr : NULL;
	cursor = 0;
	rc = hcl_body_next_block(hcl, &env->body, &cursor,
	    "registry_credential", NULL, 0);
	if (rc == NULL)
		return;
	attr = hcl_body_attribute(hcl, &rc->body, "credential");
	if (attr != NULL && hcl_expr_reference(hcl, attr->expr,
	    p->credential, sizeof p->credential) < 0)
		hcl_expr_string(hcl, attr->expr, p->credential,
		    sizeof p->credential);
	attr = hcl_body_attribute(hcl, &rc->body, "credential_provider");
	exprs->provider = attr != NULL ? attr->expr : NULL;
}

/* What is already in the environment block, resolved through the
 * modules of the project's chain. */
static void
read_environment(const struct tf_root *root, struct tf_project *p)
{
	struct tf_project_exprs e;
	char value[64];

	tf_project_read_environment(root, p, &e);
	if (e.image != NULL && tf_project_resolve(root, p, p->nchain, e.file,
	    e.image, p->image, sizeof p->image) < 0)
		snprintf(p->image, sizeof p->image, "unknown");
	p->has_pull_type = e.pull_type != NULL && tf_project_resolve(root, p,
	    p->nchain, e.file, e.pull_type, value, sizeof value) >= 0 &&
	    strcmp(value, "SERVICE_ROLE") == 0;
	p->has_credential = p->credential[0] != '\0' && e.provider != NULL &&
	    tf_project_resolve(root, p, p->nchain, e.file, e.provider, value,
	    sizeof value) >= 0 && strcmp(value, "SECRETS_MANAGER") == 0;
}

void
tf_project_read_grant(const struct tf_root *root, struct tf_project *p)
{
	struct tf_policy *pol = NULL;
	struct policy_query q = {0};
	size_t n = 0, i;

	if (p->credential[0] != '\0' && (p->role[0] != '\0' ||
	    p->outside != TF_OUTSIDE_NONE) &&
	    tf_project_policies(root, p, &pol, &n, NULL) == 0) {
		q.action = "secretsmanager:GetSecretValue";
		q.var_ref = strncmp(p->credential, "var.", 4) == 0 ?
		    p->credential : NULL;
		q.literal = q.var_ref == NULL ? p->credential : NULL;
		for (i = 0; i < n && !p->has_grant; i++)
			p->has_grant = policy_grants(&pol[i].ref, &q);
	}
	free(pol);
}

const char *
tf_project_status(const struct tf_project *p)
{
	int pieces = p->has_pull_type + (p->credential[0] != '\0') +
	    p->has_grant;

	if (p->has_pull_type && p->has_credential && p->has_grant)
		return "configured";
	if (pieces > 0)
		return "partial";
	if (p->image_kind == TF_IMAGE_DOCKER_HUB)
		return "needs setup";
	if (p->image_kind == TF_IMAGE_CODEBUILD)
		return "CodeBuild managed image";
	if (p->image_kind == TF_IMAGE_OTHER)
		return "not Docker Hub";
	return "unknown image";
}

static void
set_status(const struct tf_root *root, struct tf_project *p)
{
	tf_project_read_grant(root, p);
	p->status = tf_project_status(p);
}

void
tf_project_read_block(const struct tf_root *root, struct tf_project *p,
    size_t file, const struct hcl_item *item, const char *prefix)
{
	const struct hcl_file *hcl = root->files[file].hcl;

	p->file = file;
	p->item = item;
	p->line = (int)hcl->tokens[item->first].line;
	hcl_block_label(hcl, item, 1, p->name, sizeof p->name);
	snprintf(p->address, sizeof p->address, "%saws_codebuild_project.%s",
	    prefix, p->name);
	snprintf(p->image, sizeof p->image, "unknown");
}

static int
add_project(struct tf_root *root, const struct tf_project *proto, size_t file,
    const struct hcl_item *item, const char *prefix, struct hc_error *err)
{
	struct tf_project *p, *ps;

	ps = realloc(root->projects, (root->nprojects + 1) * sizeof *ps);
	if (ps == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	root->projects = ps;
	p = &ps[root->nprojects++];
	*p = *proto;
	tf_project_read_block(root, p, file, item, prefix);
	read_environment(root, p);
	p->image_kind = tf_image_classify(p->image);
	tf_project_find_role(root, p);
	set_status(root, p);
	return 0;
}

/* The 1-based line of the first "key" after the first "after" in text. */
static int
json_line(const char *text, const char *after, const char *key)
{
	char quoted[256];
	const char *at;
	int line = 1;

	snprintf(quoted, sizeof quoted, "\"%s\"", after);
	at = strstr(text, quoted);
	snprintf(quoted, sizeof quoted, "\"%s\"", key);
	at = at != NULL ? strstr(at, quoted) : NULL;
	if (at == NULL)
		return 1;
	for (; text < at; text++)
		line += *text == '\n';
	return line;
}

/* A nested block in JSON syntax: an object, or the first of an array. */
static json_t *
json_block(json_t *parent, const char *name)
{
	json_t *v = json_object_get(parent, name);

	return json_is_array(v) ? json_array_get(v, 0) : v;
}

void
tf_project_read_json(const struct tf_root *root, struct tf_project *p,
    size_t file, const char *name, json_t *res, const char *prefix)
{
	json_t *env, *rc;
	const char *s;
	char ref[256];

	p->file = file;
	p->item = NULL;
	p->line = json_line(root->files[file].text, "aws_codebuild_project",
	    name);
	snprintf(p->name, sizeof p->name, "%s", name);
	snprintf(p->address, sizeof p->address, "%saws_codebuild_project.%s",
	    prefix, p->name);
	env = json_block(res, "environment");
	s = json_string_value(json_object_get(env, "image"));
	snprintf(p->image, sizeof p->image, "%s", s != NULL ? s : "unknown");
	p->image_kind = tf_image_classify(p->image);
	s = json_string_value(json_object_get(env,
	    "image_pull_credentials_type"));
	p->has_pull_type = s != NULL && strcmp(s, "SERVICE_ROLE") == 0;
	rc = json_block(env, "registry_credential");
	s = json_string_value(json_object_get(rc, "credential"));
	if (json_reference(s, ref, sizeof ref) != NULL)
		snprintf(p->credential, sizeof p->credential, "%s", ref);
	else if (s != NULL)
		snprintf(p->credential, sizeof p->credential, "%s", s);
	s = json_string_value(json_object_get(rc, "credential_provider"));
	p->has_credential = p->credential[0] != '\0' && s != NULL &&
	    strcmp(s, "SECRETS_MANAGER") == 0;
	s = json_string_value(json_object_get(res, "service_role"));
	if (s == NULL)
		snprintf(p->role_why, sizeof p->role_why,
		    "%s has no service_role", p->address);
	else
		role_from_reference(root, p, json_reference(s, ref,
		    sizeof ref), strstr(s, "${") == NULL ? s : NULL);
	set_status(root, p);
}

/* A project written in JSON syntax. */
static int
add_json_project(struct tf_root *root, const struct tf_project *proto,
    size_t file, const char *name, json_t *res, const char *prefix,
    struct hc_error *err)
{
	struct tf_project *p, *ps;

	ps = realloc(root->projects, (root->nprojects + 1) * sizeof *ps);
	if (ps == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	root->projects = ps;
	p = &ps[root->nprojects++];
	*p = *proto;
	tf_project_read_json(root, p, file, name, res, prefix);
	return 0;
}

/* The projects of module (reached through proto's chain) and of the
 * modules it calls. */
static int
scan_instance(struct tf_root *root, struct tf_project *proto, int module,
    const char *prefix, struct hc_error *err)
{
	const char *type[1] = { "aws_codebuild_project" };
	const struct tf_module *m = &root->modules[module];
	char sub[512];
	size_t k, cursor;

	proto->module = module;
	for (k = 0; k < m->nfiles; k++) {
		const struct hcl_file *h = root->files[m->files[k]].hcl;
		const struct hcl_item *item;

		cursor = 0;
		while ((item = hcl_body_next_block(h, &h->body, &cursor,
		    "resource", type, 1)) != NULL) {
			if (add_project(root, proto, m->files[k], item, prefix,
			    err) < 0)
				return -1;
		}
	}
	for (k = 0; k < m->njson_files; k++) {
		json_t *projects = json_object_get(json_object_get(
		    root->files[m->json_files[k]].json, "resource"),
		    "aws_codebuild_project");
		const char *name;
		json_t *res;

		json_object_foreach(projects, name, res) {
			if (add_json_project(root, proto, m->json_files[k],
			    name, res, prefix, err) < 0)
				return -1;
		}
	}
	if (proto->nchain == TF_MAX_DEPTH)
		return 0;
	for (k = 0; k < m->ncalls; k++) {
		const struct tf_module_call *c = &m->calls[k];

		if (c->target < 0)
			continue;
		proto->chain[proto->nchain].module = module;
		proto->chain[proto->nchain].call = k;
		proto->nchain++;
		snprintf(sub, sizeof sub, "%smodule.%s.", prefix, c->name);
		if (scan_instance(root, proto, c->target, sub, err) < 0)
			return -1;
		proto->nchain--;
		proto->module = module;
	}
	return 0;
}

int
tf_project_scan(struct tf_root *root, struct hc_error *err)
{
	struct tf_project proto;
	size_t i;

	for (i = 0; i < root->nmodules; i++) {
		if (root->modules[i].called)
			continue;
		memset(&proto, 0, sizeof proto);
		proto.root_module = (int)i;
		if (scan_instance(root, &proto, (int)i, "", err) < 0)
			return -1;
	}
	return 0;
}

int
tf_project_credential_variable(const struct tf_project *project, char *buf,
    size_t size)
{
	if (strncmp(project->credential, "var.", 4) != 0)
		return -1;
	return snprintf(buf, size, "%s", project->credential + 4);
}

/* Policies. */

/* The address prefix of the project's module ("module.ci."). */
static void
module_prefix(const struct tf_project *p, char *buf, size_t size)
{
	const char *end = strstr(p->address, "aws_codebuild_project.");
	size_t n = end != NULL ? (size_t)(end - p->address) : 0;

	if (n >= size)
		n = size - 1;
	memcpy(buf, p->address, n);
	buf[n] = '\0';
}

int
tf_project_role_value(const struct tf_project *p, enum tf_role_syntax syntax,
    char *buf, size_t size)
{
	char expr[400];

	switch (p->outside) {
	case TF_OUTSIDE_NONE:
		if (p->role[0] == '\0')
			return -1;
		snprintf(expr, sizeof expr, "aws_iam_role.%s.id", p->role);
		break;
	case TF_OUTSIDE_NAME:
		return snprintf(buf, size, syntax == TF_ROLE_JSON ? "%s" :
		    "\"%s\"", p->outside_role);
	case TF_OUTSIDE_DATA:
		snprintf(expr, sizeof expr, "data.aws_iam_role.%s.name",
		    p->outside_role);
		break;
	case TF_OUTSIDE_ARN_REF:
		snprintf(expr, sizeof expr, "basename(%s)", p->outside_role);
		break;
	default:
		return -1;
	}
	switch (syntax) {
	case TF_ROLE_HCL:
		return snprintf(buf, size, "%s", expr);
	case TF_ROLE_HCL_LEGACY:
		return snprintf(buf, size, "\"${%s}\"", expr);
	default:
		return snprintf(buf, size, "${%s}", expr);
	}
}

/* 1 when ref is data.aws_iam_role.x followed by a step, x the outside
 * role's data source. */
static int
data_role_reference(const struct tf_project *p, const char *ref)
{
	size_t n = strlen(p->outside_role);

	return strncmp(ref, "data.aws_iam_role.", 18) == 0 &&
	    strncmp(ref + 18, p->outside_role, n) == 0 &&
	    (ref[18 + n] == '.' || ref[18 + n] == '[');
}

/*
 * 1 when expr names the outside role as tf_project_role_value() writes
 * it: the literal name, a reference to the data source, or basename()
 * of the reference holding the ARN, alone or as "${...}".
 */
static int
names_outside_role(const struct tf_project *p, const struct hcl_file *hcl,
    const struct hcl_expr *expr)
{
	char text[512];

	switch (p->outside) {
	case TF_OUTSIDE_NAME:
		return hcl_expr_string(hcl, expr, text, sizeof text) >= 0 &&
		    strcmp(text, p->outside_role) == 0;
	case TF_OUTSIDE_DATA:
		return hcl_expr_reference(hcl, expr, text, sizeof text) >= 0 &&
		    data_role_reference(p, text);
	case TF_OUTSIDE_ARN_REF:
		if (expr->type == HCL_EXPR_TEMPLATE && expr->nchildren == 1)
			expr = expr->children[0];
		return expr->type == HCL_EXPR_CALL && expr->nchildren == 1 &&
		    !expr->expand &&
		    hcl_token_is(hcl, expr->name_token, "basename") &&
		    expr->op_token == expr->name_token + 1 &&
		    hcl_expr_reference(hcl, expr->children[0], text,
		    sizeof text) >= 0 && strcmp(text, p->outside_role) == 0;
	default:
		return 0;
	}
}

/* 1 when expr names the project's role (its id, name, or literal name). */
static int
names_role(const struct tf_root *root, const struct tf_project *p,
    const struct hcl_file *hcl, const struct hcl_expr *expr)
{
	const struct hcl_file *rh = root->files[p->role_file].hcl;
	const struct hcl_item *name;
	char ref[256], want[512], lit[256];

	if (p->outside != TF_OUTSIDE_NONE)
		return names_outside_role(p, hcl, expr);
	if (hcl_expr_reference(hcl, expr, ref, sizeof ref) >= 0) {
		size_t n;

		snprintf(want, sizeof want, "aws_iam_role.%s", p->role);
		n = strlen(want);
		return strncmp(ref, want, n) == 0 && (ref[n] == '.' ||
		    ref[n] == '[');
	}
	if (p->role_json != NULL) {
		const char *s = json_string_value(json_object_get(p->role_json,
		    "name"));

		if (s == NULL)
			return 0;
		snprintf(want, sizeof want, "%s", s);
	} else {
		name = hcl_body_attribute(rh, &p->role_item->body, "name");
		if (name == NULL || hcl_expr_string(rh, name->expr, want,
		    sizeof want) < 0)
			return 0;
	}
	return hcl_expr_string(hcl, expr, lit, sizeof lit) >= 0 &&
	    strcmp(lit, want) == 0;
}

struct policy_list {
	struct tf_policy *v;
	size_t n;
	int failed;
};

static void
list_add(struct policy_list *l, const struct tf_policy *pol)
{
	struct tf_policy *v;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].address, pol->address) == 0)
			return;
	}
	v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (v == NULL) {
		l->failed = 1;
		return;
	}
	l->v = v;
	l->v[l->n++] = *pol;
}

/* The attribute name of a locals block of module, or NULL. */
static const struct hcl_item *
find_local(const struct tf_root *root, int module, const char *name,
    size_t *file)
{
	const struct tf_module *m = &root->modules[module];
	const struct hcl_item *block, *attr;
	size_t k, cursor;

	for (k = 0; k < m->nfiles; k++) {
		const struct hcl_file *h = root->files[m->files[k]].hcl;

		cursor = 0;
		while ((block = hcl_body_next_block(h, &h->body, &cursor,
		    "locals", NULL, 0)) != NULL) {
			attr = hcl_body_attribute(h, &block->body, name);
			if (attr != NULL) {
				*file = m->files[k];
				return attr;
			}
		}
	}
	return NULL;
}

/*
 * Follow a policy written as local.x or jsonencode(local.x) to the local,
 * so a document kept in locals is edited where it is written.
 */
static void
follow_local(const struct tf_root *root, const struct tf_project *p,
    struct tf_policy *pol)
{
	const struct hcl_file *hcl = pol->ref.file;
	const struct hcl_expr *e = pol->ref.expr, *arg = NULL;
	const struct hcl_item *local;
	char ref[256];
	size_t lf;

	if (e->type == HCL_EXPR_CALL && hcl_token_is(hcl, e->name_token,
	    "jsonencode") && e->nchildren == 1)
		arg = e->children[0];
	if (hcl_expr_reference(hcl, arg != NULL ? arg : e, ref,
	    sizeof ref) < 0 || strncmp(ref, "local.", 6) != 0 ||
	    strchr(ref + 6, '.') != NULL)
		return;
	local = find_local(root, p->module, ref + 6, &lf);
	if (local == NULL)
		return;
	hcl = root->files[lf].hcl;
	if (arg != NULL && local->expr->type == HCL_EXPR_OBJECT) {
		pol->form = POLICY_FORM_JSONENCODE;
		pol->ref.object = local->expr;
	} else if (arg == NULL) {
		pol->form = policy_form_of(hcl, local->expr, NULL, 0);
		if (pol->form == POLICY_FORM_DOCUMENT)
			pol->form = POLICY_FORM_OTHER;
	} else {
		return;
	}
	pol->ref.form = pol->form;
	pol->ref.file = hcl;
	pol->ref.expr = local->expr;
	pol->file = lf;
	pol->line = (int)hcl->tokens[local->first].line;
}

/* Describe the policy attribute policy_attr of block (address addr). */
static void
add_document(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, size_t file, const struct hcl_item *policy_attr,
    const char *addr, const char *via)
{
	const struct hcl_file *hcl = root->files[file].hcl;
	struct tf_policy pol;
	char prefix[256], doc[128];
	size_t df;

	memset(&pol, 0, sizeof pol);
	module_prefix(p, prefix, sizeof prefix);
	pol.form = policy_form_of(hcl, policy_attr->expr, doc, sizeof doc);
	pol.file = file;
	pol.line = (int)hcl->tokens[policy_attr->first].line;
	pol.ref.form = pol.form;
	pol.ref.file = hcl;
	pol.ref.expr = policy_attr->expr;
	snprintf(pol.address, sizeof pol.address, "%s%s", prefix, addr);
	snprintf(pol.via, sizeof pol.via, "%s%s", prefix, via);
	if (pol.form == POLICY_FORM_DOCUMENT) {
		pol.ref.document = tf_root_find_block(root, p->module, "data",
		    "aws_iam_policy_document", doc, &df);
		if (pol.ref.document == NULL) {
			pol.form = pol.ref.form = POLICY_FORM_OTHER;
		} else {
			pol.file = df;
			pol.ref.file = root->files[df].hcl;
			pol.line = (int)pol.ref.file->tokens[
			    pol.ref.document->first].line;
			snprintf(pol.address, sizeof pol.address,
			    "%sdata.aws_iam_policy_document.%s", prefix, doc);
		}
	}
	if (pol.form == POLICY_FORM_OTHER)
		follow_local(root, p, &pol);
	pol.editable = policy_form_editable(pol.form);
	list_add(l, &pol);
}

/* The aws_iam_policy that arn (aws_iam_policy.x.arn) names, via addr. */
static void
add_managed(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, const struct hcl_file *h,
    const struct hcl_expr *arn, const char *via)
{
	const struct hcl_item *item, *pol;
	char ref[256], pname[128];
	size_t pf;

	if (hcl_expr_reference(h, arn, ref, sizeof ref) < 0 || sscanf(ref,
	    "aws_iam_policy.%127[^.].arn", pname) != 1)
		return;
	item = tf_root_find_block(root, p->module, "resource",
	    "aws_iam_policy", pname, &pf);
	pol = item ? hcl_body_attribute(root->files[pf].hcl, &item->body,
	    "policy") : NULL;
	if (pol == NULL)
		return;
	snprintf(ref, sizeof ref, "aws_iam_policy.%s", pname);
	add_document(root, p, l, pf, pol, ref, via);
}

/* 1 when attribute role (or one element of roles) names the role. */
static int
attaches_role(const struct tf_root *root, const struct tf_project *p,
    const struct hcl_file *h, const struct hcl_item *item)
{
	const struct hcl_item *attr = hcl_body_attribute(h, &item->body,
	    "role");
	size_t i;

	if (attr != NULL)
		return names_role(root, p, h, attr->expr);
	attr = hcl_body_attribute(h, &item->body, "roles");
	if (attr == NULL || attr->expr->type != HCL_EXPR_TUPLE)
		return 0;
	for (i = 0; i < attr->expr->nchildren; i++) {
		if (names_role(root, p, h, attr->expr->children[i]))
			return 1;
	}
	return 0;
}

/* Add the policy of resource item (of type) in file when it attaches
 * one to the project's role. */
static void
add_attached(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, const char *type, size_t file,
    const struct hcl_item *item)
{
	const struct hcl_file *h = root->files[file].hcl;
	const struct hcl_item *pol, *arn;
	char name[128], addr[512];

	hcl_block_label(h, item, 1, name, sizeof name);
	snprintf(addr, sizeof addr, "%s.%s", type, name);
	if (!attaches_role(root, p, h, item))
		return;
	pol = hcl_body_attribute(h, &item->body, "policy");
	arn = hcl_body_attribute(h, &item->body, "policy_arn");
	if (pol != NULL)
		add_document(root, p, l, file, pol, addr, addr);
	else if (arn != NULL)
		add_managed(root, p, l, h, arn->expr, addr);
}

/*
 * scan_resources() through the module's index: a resource whose role is
 * a reference to another role is skipped without looking at its tree,
 * as names_role() would reject it.
 */
static void
scan_indexed(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, const char *type)
{
	const struct tf_block_entry *e;
	char want[512];
	size_t n, i, len;

	/* Only a role in the module or a data source is named by a
	 * reference; the other outside roles never are. */
	if (p->outside == TF_OUTSIDE_NONE)
		len = (size_t)snprintf(want, sizeof want, "aws_iam_role.%s",
		    p->role);
	else if (p->outside == TF_OUTSIDE_DATA)
		len = (size_t)snprintf(want, sizeof want,
		    "data.aws_iam_role.%s", p->outside_role);
	else
		len = 0;
	e = tf_root_index_range(root->modules[p->module].index, "resource",
	    type, &n);
	for (i = 0; i < n; i++) {
		if (e[i].role_ref != NULL && (len == 0 ||
		    strncmp(e[i].role_ref, want, len) != 0 ||
		    (e[i].role_ref[len] != '.' && e[i].role_ref[len] != '[')))
			continue;
		add_attached(root, p, l, type, e[i].file, e[i].item);
	}
}

static void
scan_resources(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, const char *type)
{
	const char *labels[1] = { type };
	const struct tf_module *m = &root->modules[p->module];
	const struct hcl_item *item;
	size_t k, cursor;

	if (m->index != NULL) {
		scan_indexed(root, p, l, type);
		return;
	}
	for (k = 0; k < m->nfiles; k++) {
		const struct hcl_file *h = root->files[m->files[k]].hcl;

		cursor = 0;
		while ((item = hcl_body_next_block(h, &h->body, &cursor,
		    "resource", labels, 1)) != NULL)
			add_attached(root, p, l, type, m->files[k], item);
	}
}

/* Policies listed in the role's managed_policy_arns. */
static void
scan_managed_arns(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l)
{
	const struct hcl_file *h = root->files[p->role_file].hcl;
	const struct hcl_item *attr;
	char via[512];
	size_t i;

	if (p->role_item == NULL)
		return;
	attr = hcl_body_attribute(h, &p->role_item->body,
	    "managed_policy_arns");
	if (attr == NULL || attr->expr->type != HCL_EXPR_TUPLE)
		return;
	snprintf(via, sizeof via, "aws_iam_role.%s", p->role);
	for (i = 0; i < attr->expr->nchildren; i++)
		add_managed(root, p, l, h, attr->expr->children[i], via);
}

static void
scan_inline(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l)
{
	const struct hcl_file *h = root->files[p->role_file].hcl;
	const struct hcl_item *block, *pol;
	char addr[512];
	size_t cursor = 0, i = 0;

	if (p->role_item == NULL)
		return;
	while ((block = hcl_body_next_block(h, &p->role_item->body, &cursor,
	    "inline_policy", NULL, 0)) != NULL) {
		pol = hcl_body_attribute(h, &block->body, "policy");
		snprintf(addr, sizeof addr,
		    "aws_iam_role.%s.inline_policy[%zu]", p->role, i++);
		if (pol != NULL)
			add_document(root, p, l, p->role_file, pol, addr,
			    addr);
	}
}

/* 1 when a JSON syntax role value names the project's role. */
static int
json_names_role(const struct tf_project *p, const char *s)
{
	char ref[256], want[300];
	const char *name;
	size_t n;

	if (s == NULL)
		return 0;
	if (p->outside == TF_OUTSIDE_DATA)
		return json_reference(s, ref, sizeof ref) != NULL &&
		    data_role_reference(p, ref);
	if (p->outside != TF_OUTSIDE_NONE)
		return tf_project_role_value(p, TF_ROLE_JSON, want,
		    sizeof want) >= 0 && strcmp(s, want) == 0;
	if (json_reference(s, ref, sizeof ref) != NULL) {
		n = (size_t)snprintf(want, sizeof want, "aws_iam_role.%s",
		    p->role);
		return strncmp(ref, want, n) == 0 && (ref[n] == '.' ||
		    ref[n] == '[');
	}
	name = p->role_json != NULL ? json_string_value(json_object_get(
	    p->role_json, "name")) : NULL;
	return name != NULL && strcmp(name, s) == 0;
}

/* A policy document given as a JSON syntax string in file. */
static void
add_json_document(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, size_t file, const char *policy,
    const char *addr, const char *via)
{
	struct tf_policy pol;
	char prefix[256], ref[256], doc[128];
	size_t df;

	memset(&pol, 0, sizeof pol);
	module_prefix(p, prefix, sizeof prefix);
	pol.form = POLICY_FORM_STRING;
	pol.ref.json_text = policy;
	pol.file = file;
	pol.line = json_line(root->files[file].text, addr, "policy");
	snprintf(pol.address, sizeof pol.address, "%s%s", prefix, addr);
	snprintf(pol.via, sizeof pol.via, "%s%s", prefix, via);
	if (json_reference(policy, ref, sizeof ref) != NULL && sscanf(ref,
	    "data.aws_iam_policy_document.%127[^.].json", doc) == 1) {
		pol.ref.document = tf_root_find_block(root, p->module, "data",
		    "aws_iam_policy_document", doc, &df);
		if (pol.ref.document == NULL)
			pol.ref.json_document = tf_root_find_json_resource(root,
			    p->module, "data", "aws_iam_policy_document", doc,
			    &df);
		if (pol.ref.document != NULL || pol.ref.json_document != NULL) {
			pol.form = POLICY_FORM_DOCUMENT;
			pol.file = df;
			pol.ref.file = root->files[df].hcl;
			pol.line = pol.ref.document != NULL ?
			    (int)pol.ref.file->tokens[pol.ref.document->first]
			    .line : json_line(root->files[df].text,
			    "aws_iam_policy_document", doc);
			if (pol.ref.json_document != NULL)
				snprintf(pol.json_doc, sizeof pol.json_doc,
				    "%s", doc);
			snprintf(pol.address, sizeof pol.address,
			    "%sdata.aws_iam_policy_document.%s", prefix, doc);
		}
	}
	pol.ref.form = pol.form;
	pol.editable = policy_form_editable(pol.form);
	list_add(l, &pol);
}

/* Role policies and attachments written in JSON syntax. */
static void
scan_json_resources(const struct tf_root *root, const struct tf_project *p,
    struct policy_list *l, const char *type)
{
	const struct tf_module *m = &root->modules[p->module];
	char addr[512], ref[256], pname[128];
	const char *name, *arn;
	json_t *res, *pol;
	size_t k, pf;

	for (k = 0; k < m->njson_files; k++) {
		json_t *all = json_object_get(json_object_get(
		    root->files[m->json_files[k]].json, "resource"), type);

		json_object_foreach(all, name, res) {
			if (!json_names_role(p, json_string_value(
			    json_object_get(res, "role"))))
				continue;
			snprintf(addr, sizeof addr, "%s.%s", type, name);
			if (json_is_string(json_object_get(res, "policy"))) {
				add_json_document(root, p, l, m->json_files[k],
				    json_string_value(json_object_get(res,
				    "policy")), addr, addr);
				continue;
			}
			arn = json_string_value(json_object_get(res,
			    "policy_arn"));
			if (json_reference(arn, ref, sizeof ref) == NULL ||
			    sscanf(ref, "aws_iam_policy.%127[^.].arn",
			    pname) != 1)
				continue;
			pol = tf_root_find_json_resource(root, p->module,
			    "resource", "aws_iam_policy", pname, &pf);
			snprintf(ref, sizeof ref, "aws_iam_policy.%s", pname);
			if (pol != NULL && json_is_string(json_object_get(pol,
			    "policy")))
				add_json_document(root, p, l, pf,
				    json_string_value(json_object_get(pol,
				    "policy")), ref, addr);
		}
	}
}

int
tf_project_policies(const struct tf_root *root,
    const struct tf_project *project, struct tf_policy **out, size_t *n,
    struct hc_error *err)
{
	struct policy_list l = { NULL, 0, 0 };

	*out = NULL;
	*n = 0;
	if (project->role[0] == '\0' && project->outside == TF_OUTSIDE_NONE)
		return 0;
	scan_resources(root, project, &l, "aws_iam_role_policy");
	scan_resources(root, project, &l, "aws_iam_role_policy_attachment");
	scan_resources(root, project, &l, "aws_iam_policy_attachment");
	scan_managed_arns(root, project, &l);
	scan_json_resources(root, project, &l, "aws_iam_role_policy");
	scan_json_resources(root, project, &l,
	    "aws_iam_role_policy_attachment");
	scan_inline(root, project, &l);
	if (l.failed) {
		free(l.v);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}
