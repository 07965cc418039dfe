/* Planning the Terraform edits of a setup. */
#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arn.h"
#include "core/hcl/edit.h"
#include "core/hcl/fmt.h"
#include "core/hcl/query.h"
#include "core/policy.h"
#include "core/tf/json-write.h"
#include "core/tf/project.h"
#include "core/tf/setup.h"

#define GET_SECRET "secretsmanager:GetSecretValue"
#define KMS_DECRYPT "kms:Decrypt"

/* The descriptions of the variables hubcred declares. */
#define VARIABLE_DESCRIPTION \
	"ARN of the Secrets Manager secret with the Docker Hub credentials"
#define VARIABLE_KMS_DESCRIPTION \
	"ARN of the KMS key that encrypts the Docker Hub secret"

/* The edits of one file, existing or created. */
struct file_edit {
	long file;		/* index into root->files, -1 when new */
	char path[PATH_MAX];
	struct hcl_edits edits;
	struct hcl_edit_buf created;
	json_t *json;		/* edited copy of a JSON syntax file */
};

struct setup {
	struct tf_root *root;
	const struct tf_setup_request *req;
	const struct tf_project *p;
	struct plan *plan;
	struct file_edit *files;
	size_t nfiles;
	char var[128];
	char kvar[160];
	char via[128];		/* secretsmanager.REGION.amazonaws.com */
	const char *kms_key_arn;	/* the request's, or kms_found */
	char kms_found[300];	/* the key of the secret's resource */
	int legacy;
	int crlf;		/* most files use \r\n: so do new ones */
	int *folder;		/* per module: the lowest index of a module
				   in the same real folder, which links can
				   reach under several paths; NULL when out
				   of memory (each module then stands alone) */
};

void
tf_setup_kms_variable(const char *var, char *buf, size_t size)
{
	size_t n = strlen(var);

	if (n > 4 && strcmp(var + n - 4, "_arn") == 0)
		n -= 4;
	snprintf(buf, size, "%.*s_kms_key_arn", (int)n, var);
}

static int
note(struct setup *s, struct hc_error *err, const char *fmt, const char *a,
    const char *b)
{
	return plan_add_note(s->plan, err, fmt, a, b ? b : "");
}

static struct file_edit *
file_edit_new(struct setup *s, long file, const char *path,
    struct hc_error *err)
{
	struct file_edit *v;

	v = realloc(s->files, (s->nfiles + 1) * sizeof *v);
	if (v == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	s->files = v;
	v = &s->files[s->nfiles++];
	memset(v, 0, sizeof *v);
	v->file = file;
	snprintf(v->path, sizeof v->path, "%s", path);
	hcl_edits_init(&v->edits, file >= 0 ? s->root->files[file].hcl :
	    NULL);
	hcl_edit_buf_init(&v->created);
	return v;
}

/* The edits of existing file index f. */
static struct hcl_edits *
edits_for(struct setup *s, size_t f, struct hc_error *err)
{
	struct file_edit *fe;
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		if (s->files[i].file == (long)f)
			return &s->files[i].edits;
	}
	fe = file_edit_new(s, (long)f, s->root->files[f].path, err);
	return fe != NULL ? &fe->edits : NULL;
}

/* The text of a file to create at path. */
static struct hcl_edit_buf *
created_for(struct setup *s, const char *path, struct hc_error *err)
{
	struct file_edit *fe;
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		if (s->files[i].file < 0 && strcmp(s->files[i].path, path) == 0)
			return &s->files[i].created;
	}
	fe = file_edit_new(s, -1, path, err);
	return fe != NULL ? &fe->created : NULL;
}

/*
 * Check that JSON syntax file f can be rewritten. HCL's JSON syntax allows
 * a key to repeat in an object, but jansson keeps only its last value, so
 * a rewrite would drop the others. An integer beyond 64 bits was read as
 * a real, and a real with more digits than a double keeps was rounded:
 * either would be written back changed.
 */
static int
json_rewritable(const struct tf_file *f, struct hc_error *err)
{
	json_error_t jerr;
	json_t *strict;
	char number[64];
	int line;

	strict = json_loadb(f->text, f->len, JSON_REJECT_DUPLICATES |
	    JSON_ALLOW_NUL, &jerr);
	if (strict != NULL) {
		json_decref(strict);
		line = tf_json_inexact_number(f->text, f->len, number,
		    sizeof number);
		if (line == 0)
			return 0;
		hc_error_set_at(err, HC_ERR_UNSUPPORTED, f->path, line, 0,
		    "cannot rewrite this file without changing a value: the "
		    "number %s has more digits than hubcred keeps", number);
		hc_error_hint(err, "write it with at most 17 significant "
		    "digits, or as a string, or make the change by hand");
		return -1;
	}
	hc_error_set_at(err, HC_ERR_UNSUPPORTED, f->path, jerr.line,
	    jerr.column, "cannot rewrite this file without losing a value: "
	    "%s", jerr.text);
	if (strstr(jerr.text, "too big") != NULL)
		hc_error_hint(err, "hubcred keeps integers of up to 64 bits; "
		    "write the number as a string, or make the change by "
		    "hand");
	else
		hc_error_hint(err, "merge the repeated keys into one, or make "
		    "the change by hand");
	return -1;
}

/*
 * The edited copy of JSON syntax file f, or of a new JSON file at path
 * when f is -1. Fails for a file that cannot be rewritten.
 */
static json_t *
json_for(struct setup *s, long f, const char *path, struct hc_error *err)
{
	struct file_edit *fe = NULL;
	size_t i;

	for (i = 0; i < s->nfiles && fe == NULL; i++) {
		if (s->files[i].file == f && (f >= 0 || (path != NULL &&
		    strcmp(s->files[i].path, path) == 0)))
			fe = &s->files[i];
	}
	if (fe == NULL && f >= 0 && json_rewritable(&s->root->files[f],
	    err) < 0)
		return NULL;
	if (fe == NULL)
		fe = file_edit_new(s, f, f >= 0 ? s->root->files[f].path : path,
		    err);
	if (fe == NULL)
		return NULL;
	if (fe->json == NULL)
		fe->json = f >= 0 ? json_deep_copy(s->root->files[f].json) :
		    json_object();
	if (fe->json == NULL)
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return fe->json;
}

/* obj[key], created as an empty object when missing. */
static json_t *
json_child(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL && json_object_set_new(obj, key, json_object()) == 0)
		v = json_object_get(obj, key);
	return json_is_object(v) ? v : NULL;
}

static int
json_set_string(json_t *obj, const char *key, const char *value,
    struct hc_error *err)
{
	if (obj == NULL || json_object_set_new(obj, key,
	    json_string(value)) < 0) {
		hc_error_set(err, HC_ERR_UNSUPPORTED, "cannot set %s in a JSON "
		    "configuration file", key);
		return -1;
	}
	return 0;
}

static void
setup_done(struct setup *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		hcl_edits_done(&s->files[i].edits);
		hcl_edit_buf_done(&s->files[i].created);
		json_decref(s->files[i].json);
	}
	free(s->files);
	free(s->folder);
}

/* Fill s->folder: modules whose paths lead to one real folder through
 * symbolic links are one module to Terraform's callers. */
static void
group_folders(struct setup *s)
{
	const struct tf_root *root = s->root;
	char **real;
	char path[PATH_MAX];
	size_t i, j;

	s->folder = calloc(root->nmodules ? root->nmodules : 1,
	    sizeof *s->folder);
	real = calloc(root->nmodules ? root->nmodules : 1, sizeof *real);
	if (s->folder == NULL || real == NULL) {
		free(s->folder);
		s->folder = NULL;
		free(real);
		return;
	}
	for (i = 0; i < root->nmodules; i++) {
		snprintf(path, sizeof path, "%s/%s", root->dir,
		    root->modules[i].dir);
		real[i] = realpath(path, NULL);
		s->folder[i] = (int)i;
		for (j = 0; j < i && real[i] != NULL; j++) {
			if (real[j] != NULL && strcmp(real[i], real[j]) == 0) {
				s->folder[i] = s->folder[j];
				break;
			}
		}
	}
	for (i = 0; i < root->nmodules; i++)
		free(real[i]);
	free(real);
}

/* Whether modules a and b are one folder, reached under two paths. */
static int
same_folder(const struct setup *s, int a, int b)
{
	return a == b || (s->folder != NULL && s->folder[a] == s->folder[b]);
}

static const struct hcl_file *
hcl_of(const struct setup *s, size_t f)
{
	return s->root->files[f].hcl;
}

static int
refuse(const struct setup *s, size_t f, int line, struct hc_error *err,
    const char *why)
{
	hc_error_set_at(err, HC_ERR_UNSUPPORTED, s->root->files[f].path, line,
	    1, "%s", why);
	return -1;
}

/* "var.x", or "${var.x}" for Terraform 0.11. */
static void
var_expr(const struct setup *s, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, s->legacy ? "\"${var.%s}\"" : "var.%s", name);
}

/* The string value of expr in the project's module, through variables
 * and locals, so a value passed in from outside is not overwritten. */
static int
resolve(const struct setup *s, const struct hcl_file *h,
    const struct hcl_expr *expr, char *buf, size_t size)
{
	return tf_project_resolve(s->root, s->p, s->p->nchain, h, expr, buf,
	    size);
}

/* A nested block in JSON syntax: an object, or the first of an array. */
static json_t *
json_block(json_t *parent, const char *name)
{
	json_t *v = json_object_get(parent, name);

	return json_is_array(v) ? json_array_get(v, 0) : v;
}

/* The environment edits of a project written in JSON syntax. */
static int
plan_environment_json(struct setup *s, struct hc_error *err)
{
	const struct tf_project *p = s->p;
	json_t *copy, *env, *rc;
	const char *v;
	char want[200];

	copy = json_for(s, (long)p->file, NULL, err);
	if (copy == NULL)
		return -1;
	env = json_block(json_object_get(json_object_get(json_object_get(copy,
	    "resource"), "aws_codebuild_project"), p->name), "environment");
	if (!json_is_object(env))
		return refuse(s, p->file, p->line, err,
		    "the project has no environment block");
	v = json_string_value(json_object_get(env,
	    "image_pull_credentials_type"));
	if (v != NULL && strcmp(v, "SERVICE_ROLE") == 0) {
		if (note(s, err, "%s: image_pull_credentials_type is already "
		    "SERVICE_ROLE%s", p->address, NULL) < 0)
			return -1;
	} else if (json_set_string(env, "image_pull_credentials_type",
	    "SERVICE_ROLE", err) < 0) {
		return -1;
	}
	snprintf(want, sizeof want, "${var.%s}", s->var);
	rc = json_block(env, "registry_credential");
	if (rc == NULL && (rc = json_object_get(env,
	    "registry_credentials")) != NULL) {
		/* Rename the misspelt block: it moves to the end. */
		json_incref(rc);
		json_object_del(env, "registry_credentials");
		if (json_object_set_new(env, "registry_credential", rc) < 0)
			return refuse(s, p->file, p->line, err,
			    "cannot rename registry_credentials");
		rc = json_block(env, "registry_credential");
	}
	if (rc == NULL) {
		rc = json_pack("{s:s, s:s}", "credential", want,
		    "credential_provider", "SECRETS_MANAGER");
		if (rc == NULL || json_object_set_new(env,
		    "registry_credential", rc) < 0)
			return refuse(s, p->file, p->line, err,
			    "cannot add registry_credential");
		return 0;
	}
	v = json_string_value(json_object_get(rc, "credential"));
	if ((v == NULL || strcmp(v, want) != 0) && json_set_string(rc,
	    "credential", want, err) < 0)
		return -1;
	v = json_string_value(json_object_get(rc, "credential_provider"));
	if ((v == NULL || strcmp(v, "SECRETS_MANAGER") != 0) &&
	    json_set_string(rc, "credential_provider", "SECRETS_MANAGER",
	    err) < 0)
		return -1;
	return 0;
}

/* Environment: pull type and registry_credential. */
static int
plan_environment(struct setup *s, struct hc_error *err)
{
	const struct tf_project *p = s->p;
	const struct hcl_file *h = hcl_of(s, p->file);
	const struct hcl_item *env, *rc, *attr;
	struct hcl_edits *e;
	char value[128], ref[256], want[256];
	size_t cursor = 0;

	if (h == NULL)
		return plan_environment_json(s, err);
	env = hcl_body_next_block(h, &p->item->body, &cursor, "environment",
	    NULL, 0);
	if (env == NULL) {
		const char *dynamic_env[] = { "environment" };
		const struct hcl_item *dyn;

		cursor = 0;
		dyn = hcl_body_next_block(h, &p->item->body, &cursor,
		    "dynamic", dynamic_env, 1);
		if (dyn == NULL)
			return refuse(s, p->file, p->line, err,
			    "the project has no environment block");
		refuse(s, p->file, (int)h->tokens[dyn->first].line, err,
		    "the project's environment is a dynamic block, which "
		    "hubcred does not edit");
		hc_error_hint(err, "add image_pull_credentials_type = "
		    "\"SERVICE_ROLE\" and a registry_credential block to its "
		    "content block by hand, or write the environment as a "
		    "plain block");
		return -1;
	}
	e = edits_for(s, p->file, err);
	if (e == NULL)
		return -1;
	attr = hcl_body_attribute(h, &env->body, "image_pull_credentials_type");
	if (attr != NULL && resolve(s, h, attr->expr, value,
	    sizeof value) >= 0 && strcmp(value, "SERVICE_ROLE") == 0) {
		if (note(s, err, "%s: image_pull_credentials_type is already "
		    "SERVICE_ROLE%s", p->address, NULL) < 0)
			return -1;
	} else if (hcl_edit_set_attribute(e, env,
	    "image_pull_credentials_type", "\"SERVICE_ROLE\"",
	    HCL_EDIT_FIRST_RUN, err) < 0) {
		return -1;
	}

	var_expr(s, s->var, want, sizeof want);
	cursor = 0;
	rc = hcl_body_next_block(h, &env->body, &cursor,
	    "registry_credential", NULL, 0);
	if (rc == NULL) {
		cursor = 0;
		rc = hcl_body_next_block(h, &env->body, &cursor,
		    "registry_credentials", NULL, 0);
		if (rc != NULL && hcl_edit_rename_block(e, rc,
		    "registry_credential", err) < 0)
			return -1;
	}
	if (rc == NULL) {
		char block[512];

		snprintf(block, sizeof block, "registry_credential {\n"
		    "  credential = %s\n"
		    "  credential_provider = \"SECRETS_MANAGER\"\n}", want);
		return hcl_edit_append_block(e, env, block, err);
	}
	attr = hcl_body_attribute(h, &rc->body, "credential");
	snprintf(ref, sizeof ref, "var.%s", s->var);
	if (attr == NULL || hcl_expr_reference(h, attr->expr, value,
	    sizeof value) < 0 || strcmp(value, ref) != 0) {
		if (hcl_edit_set_attribute(e, rc, "credential", want,
		    HCL_EDIT_FIRST_RUN, err) < 0)
			return -1;
	}
	attr = hcl_body_attribute(h, &rc->body, "credential_provider");
	if (attr == NULL || resolve(s, h, attr->expr, value,
	    sizeof value) < 0 || strcmp(value, "SECRETS_MANAGER") != 0) {
		if (hcl_edit_set_attribute(e, rc, "credential_provider",
		    "\"SECRETS_MANAGER\"", HCL_EDIT_FIRST_RUN, err) < 0)
			return -1;
	}
	return 0;
}

/* The file a new variable of module m goes to; -1 means create path. */
static long
variables_file(const struct setup *s, int m, char *path, size_t size)
{
	const struct tf_module *mod = &s->root->modules[m];
	long best = -1, named;
	size_t i, max_count = 0;

	if (strcmp(mod->dir, ".") == 0)
		snprintf(path, size, "variables.tf");
	else
		snprintf(path, size, "%s/variables.tf", mod->dir);
	named = tf_root_file_index(s->root, path);
	if (named >= 0 && s->root->files[named].link == NULL)
		return named;
	/* A file out of the root is read but never written. So the
	 * declaration goes to a file of the root, or is rejected in
	 * commit_files(). */
	for (i = 0; i < mod->njson_files; i++) {
		json_t *vars = json_object_get(
		    s->root->files[mod->json_files[i]].json, "variable");

		if (s->root->files[mod->json_files[i]].link != NULL)
			continue;
		if (json_is_object(vars) &&
		    json_object_size(vars) > max_count) {
			max_count = json_object_size(vars);
			best = (long)mod->json_files[i];
		}
	}
	if (best < 0 && mod->nfiles == 0 && mod->njson_files > 0)
		return (long)mod->json_files[0];
	for (i = 0; i < mod->nfiles; i++) {
		const struct hcl_file *h = hcl_of(s, mod->files[i]);
		size_t k, count = 0;

		if (s->root->files[mod->files[i]].link != NULL)
			continue;
		for (k = 0; k < h->body.nitems; k++) {
			if (h->body.items[k].type == HCL_ITEM_BLOCK &&
			    hcl_token_is(h, h->body.items[k].first, "variable"))
				count++;
		}
		if (count > max_count) {
			max_count = count;
			best = (long)mod->files[i];
		}
	}
	return best >= 0 ? best : named;
}

/* Whether a variable's type expression takes a string: string, any, or
 * Terraform 0.11's "string". */
static int
takes_string(const struct hcl_file *h, const struct hcl_expr *type)
{
	char text[16];

	if (hcl_expr_reference(h, type, text, sizeof text) >= 0 ||
	    hcl_expr_string(h, type, text, sizeof text) >= 0)
		return strcmp(text, "string") == 0 || strcmp(text, "any") == 0;
	return 0;
}

/* Fail when the declared variable name cannot hold an ARN: its type is
 * set and is not a string. */
static int
check_declared_type(struct setup *s, const struct hcl_item *decl,
    json_t *json_decl, size_t f, const char *name, struct hc_error *err)
{
	const struct hcl_file *h = decl != NULL ? hcl_of(s, f) : NULL;
	const struct hcl_item *type = NULL;
	const char *json_type = NULL;
	int line = 1, column = 1;

	if (decl != NULL) {
		type = hcl_body_attribute(h, &decl->body, "type");
		if (type == NULL || takes_string(h, type->expr))
			return 0;
		line = (int)h->tokens[type->first].line;
		column = (int)h->tokens[type->first].column;
	} else {
		json_type = json_string_value(json_object_get(json_decl,
		    "type"));
		if (json_object_get(json_decl, "type") == NULL ||
		    (json_type != NULL && (strcmp(json_type, "string") == 0 ||
		    strcmp(json_type, "${string}") == 0 ||
		    strcmp(json_type, "any") == 0)))
			return 0;
	}
	hc_error_set_at(err, HC_ERR_INPUT, s->root->files[f].path, line,
	    column, "variable \"%s\" is already declared with a type that is not a "
	    "string, so it cannot hold the secret's ARN", name);
	hc_error_hint(err, "choose another variable name for the ARN, or "
	    "change that variable's type to string");
	return -1;
}

static int
declare_variable(struct setup *s, int m, const char *name,
    struct hc_error *err)
{
	char path[PATH_MAX], text[512];
	const struct hcl_item *decl;
	struct hcl_edit_buf *buf;
	struct hcl_edits *e;
	const char *about;
	json_t *json_decl = NULL;
	size_t f;
	long target;

	decl = tf_root_find_block(s->root, m, "variable", name, NULL, &f);
	if (decl == NULL)
		json_decl = tf_root_find_json_block(s->root, m, "variable",
		    name, &f);
	if (decl != NULL || json_decl != NULL) {
		if (check_declared_type(s, decl, json_decl, f, name,
		    err) < 0)
			return -1;
		return note(s, err, "variable \"%s\" is already declared in %s",
		    name, s->root->files[f].path);
	}
	about = strcmp(name, s->kvar) == 0 ? VARIABLE_KMS_DESCRIPTION :
	    VARIABLE_DESCRIPTION;
	snprintf(text, sizeof text, "variable \"%s\" {\n"
	    "  description = \"%s\"\n  type        = %s\n}", name, about,
	    s->legacy ? "\"string\"" : "string");
	target = variables_file(s, m, path, sizeof path);
	if (target >= 0 && s->root->files[target].json != NULL) {
		json_t *vars, *decl;

		/* JSON syntax: the type is the string "string". */
		vars = json_for(s, target, NULL, err);
		vars = vars != NULL ? json_child(vars, "variable") : NULL;
		decl = json_pack("{s:s, s:s}", "description", about, "type",
		    "string");
		if (vars == NULL || decl == NULL || json_object_set_new(vars,
		    name, decl) < 0) {
			hc_error_set(err, HC_ERR_UNSUPPORTED, "cannot declare "
			    "%s in %s", name, s->root->files[target].path);
			return -1;
		}
		return 0;
	}
	if (target >= 0) {
		e = edits_for(s, (size_t)target, err);
		return e != NULL ? hcl_edit_append_block(e, NULL, text, err) :
		    -1;
	}
	buf = created_for(s, path, err);
	if (buf == NULL)
		return -1;
	if (buf->len > 0)
		hcl_edit_buf_adds(buf, "\n");
	hcl_edit_buf_printf(buf, "%s\n", text);
	return 0;
}

/* Set name to value in the JSON tfvars file f (or new file path). */
static int
json_tfvars(struct setup *s, long f, const char *path, const char *name,
    const char *value, struct hc_error *err)
{
	const char *have = NULL;
	json_t *obj;

	if (f >= 0)
		have = json_string_value(json_object_get(
		    s->root->files[f].json, name));
	if (have != NULL && strcmp(have, value) == 0)
		return note(s, err, "%s is already set in %s", name,
		    s->root->files[f].path);
	obj = json_for(s, f, path, err);
	if (obj == NULL || json_set_string(obj, name, value, err) < 0)
		return -1;
	if (f >= 0 && json_object_get(s->root->files[f].json, name) != NULL)
		return note(s, err, "%s had another value in %s: replaced",
		    name, s->root->files[f].path);
	return 0;
}

/*
 * Set name = "value" in the tfvars of root module m: the chosen file for
 * the project's root, a file of the same name in the folder of another
 * root that calls the module too.
 */
/*
 * Add "name = value" to a tfvars file hubcred creates, whose lines are
 * all such assignments, and line their = signs up as terraform fmt
 * does.
 */
static int
append_assignment(struct hcl_edit_buf *buf, const char *name,
    const char *value, struct hc_error *err)
{
	struct hcl_edit_buf out;
	const char *line, *end, *eq;
	size_t widest = hcl_fmt_columns(name, strlen(name)), w;
	int pass;

	hcl_edit_buf_printf(buf, "%s = %s\n", name, value);
	/* Pass 0 measures the names, pass 1 writes the lines padded. */
	hcl_edit_buf_init(&out);
	for (pass = 0; pass < 2; pass++) {
		for (line = buf->data; line < buf->data + buf->len;
		    line = end + 1) {
			end = strchr(line, '\n');
			eq = strstr(line, " = ");
			if (end == NULL || eq == NULL || eq > end)
				break;
			while (eq > line && eq[-1] == ' ')
				eq--;
			w = hcl_fmt_columns(line, (size_t)(eq - line));
			if (pass == 0) {
				widest = w > widest ? w : widest;
				continue;
			}
			hcl_edit_buf_add(&out, line, (size_t)(eq - line));
			hcl_edit_buf_printf(&out, "%*s", (int)(widest - w + 1),
			    "");
			eq = strstr(eq, "= ");
			hcl_edit_buf_add(&out, eq, (size_t)(end - eq + 1));
		}
	}
	if (out.failed || buf->failed) {
		hcl_edit_buf_done(&out);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	hcl_edit_buf_done(buf);
	*buf = out;
	return 0;
}

static int
plan_tfvars(struct setup *s, int m, const char *name, const char *value,
    struct hc_error *err)
{
	const char *tfvars = s->req->tfvars ? s->req->tfvars :
	    "terraform.tfvars";
	const char *base = strrchr(tfvars, '/');
	const char *dir = s->root->modules[m].dir;
	char chosen[PATH_MAX];
	const char **files = NULL;
	const struct hcl_item *attr = NULL;
	struct hcl_edit_buf *buf;
	struct hcl_edits *e;
	char quoted[2300], have[2048];
	size_t n, i;
	long f = -1;
	int rc = -1;

	base = base != NULL ? base + 1 : tfvars;
	if (m == s->p->root_module)
		snprintf(chosen, sizeof chosen, "%s", tfvars);
	else if (strcmp(dir, ".") == 0)
		snprintf(chosen, sizeof chosen, "%s", base);
	else
		snprintf(chosen, sizeof chosen, "%s/%s", dir, base);
	if (m != s->p->root_module && note(s, err, "the root in %s%s also "
	    "uses the module of the project: it gets the same value", dir,
	    NULL) < 0)
		return -1;
	if (tf_root_tfvars_files(s->root, dir, &files, &n, err) < 0)
		return -1;
	for (i = 0; i < n && attr == NULL; i++) {
		f = tf_root_file_index(s->root, files[i]);
		if (s->root->files[f].json != NULL) {
			if (json_object_get(s->root->files[f].json, name) !=
			    NULL) {
				rc = json_tfvars(s, f, NULL, name, value, err);
				goto out;
			}
			continue;
		}
		attr = hcl_body_attribute(hcl_of(s, (size_t)f),
		    &hcl_of(s, (size_t)f)->body, name);
	}
	snprintf(quoted, sizeof quoted, "\"%s\"", value);
	if (attr != NULL) {
		if (hcl_expr_string(hcl_of(s, (size_t)f), attr->expr, have,
		    sizeof have) >= 0 && strcmp(have, value) == 0) {
			rc = note(s, err, "%s is already set in %s", name,
			    s->root->files[f].path);
			goto out;
		}
		e = edits_for(s, (size_t)f, err);
		if (e == NULL || hcl_edit_replace_expr(e, attr->expr, quoted,
		    err) < 0)
			goto out;
		rc = note(s, err, "%s had another value in %s: replaced",
		    name, s->root->files[f].path);
		goto out;
	}
	f = tf_root_file_index(s->root, chosen);
	if ((f >= 0 && s->root->files[f].json != NULL) || (f < 0 &&
	    strlen(chosen) > 5 && strcmp(chosen + strlen(chosen) - 5,
	    ".json") == 0)) {
		rc = json_tfvars(s, f, chosen, name, value, err);
		goto out;
	}
	if (f >= 0) {
		e = edits_for(s, (size_t)f, err);
		rc = e == NULL ? -1 : hcl_edit_set_attribute(e, NULL, name,
		    quoted, HCL_EDIT_LAST_RUN, err);
		goto out;
	}
	buf = created_for(s, chosen, err);
	if (buf == NULL)
		goto out;
	rc = append_assignment(buf, name, quoted, err);
out:
	free(files);
	return rc;
}

/* Pass var.name in a module call written in JSON syntax. Returns 1 when
 * the call already passes it. */
static int
json_call_argument(struct setup *s, const struct tf_module_call *c,
    const char *name, struct hc_error *err)
{
	char arg[256];
	json_t *obj;

	if (json_object_get(c->json, name) != NULL) {
		if (note(s, err, "module \"%s\" already receives %s",
		    c->name, name) < 0)
			return -1;
		return 1;
	}
	obj = json_for(s, (long)c->file, NULL, err);
	obj = obj != NULL ? json_object_get(json_object_get(obj, "module"),
	    c->name) : NULL;
	snprintf(arg, sizeof arg, "${var.%s}", name);
	return json_set_string(obj, name, arg, err);
}

/* Whether call k of module m leads from the project's root module to
 * the project, rather than to another use of a module on the way. */
static int
on_project_chain(const struct setup *s, int m, size_t k)
{
	size_t i;

	for (i = 0; i < s->p->nchain; i++) {
		if (s->p->chain[i].module == m && s->p->chain[i].call == k)
			return 1;
	}
	return 0;
}

/*
 * Declare variable name in module m and have every local call of m pass
 * it, up to the roots, whose tfvars give it value. A module shared by
 * several roots gets the argument from each of them, so none of their
 * plans misses a required argument.
 */
static int
provide_variable(struct setup *s, int m, const char *name, const char *value,
    char *visited, struct hc_error *err)
{
	struct tf_root *root = s->root;
	char arg[256];
	size_t i, k;
	int rc, called;

	if (visited[m])
		return 0;
	/* The other paths to m's folder share its declaration. */
	called = 0;
	for (i = 0; i < root->nmodules; i++) {
		if (same_folder(s, (int)i, m)) {
			visited[i] = 1;
			called |= root->modules[i].called;
		}
	}
	if (declare_variable(s, m, name, err) < 0)
		return -1;
	if (!called)
		return plan_tfvars(s, m, name, value, err);
	var_expr(s, name, arg, sizeof arg);
	for (i = 0; i < root->nmodules; i++) {
		for (k = 0; k < root->modules[i].ncalls; k++) {
			const struct tf_module_call *c =
			    &root->modules[i].calls[k];
			const struct hcl_file *h = hcl_of(s, c->file);
			struct hcl_edits *e;

			if (c->target < 0 || !same_folder(s, c->target, m))
				continue;
			if (c->item == NULL) {
				rc = json_call_argument(s, c, name, err);
				if (rc < 0)
					return -1;
				if (rc == 0 && provide_variable(s, (int)i,
				    name, value, visited, err) < 0)
					return -1;
				continue;
			}
			if (hcl_body_attribute(h, &c->item->body, name) !=
			    NULL) {
				if (note(s, err, "module \"%s\" already "
				    "receives %s", c->name, name) < 0)
					return -1;
				continue;
			}
			e = edits_for(s, c->file, err);
			if (e == NULL || hcl_edit_set_attribute(e, c->item,
			    name, arg, HCL_EDIT_LAST_RUN, err) < 0)
				return -1;
			if (!on_project_chain(s, (int)i, k) &&
			    plan_add_note(s->plan, err, "module \"%s\" in %s "
			    "calls the same module, so it passes %s too, and "
			    "its projects will pull with the same secret",
			    c->name, root->files[c->file].path, name) < 0)
				return -1;
			if (provide_variable(s, (int)i, name, value, visited,
			    err) < 0)
				return -1;
		}
	}
	return 0;
}

static int
thread_variable(struct setup *s, const char *name, const char *value,
    struct hc_error *err)
{
	char *visited = calloc(s->root->nmodules, 1);
	int rc;

	if (visited == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = provide_variable(s, s->p->module, name, value, visited, err);
	free(visited);
	return rc;
}

/* Text of a dedicated aws_iam_role_policy for the project. */
static void
new_policy_text(const struct setup *s, const char *name,
    const struct policy_statement *st, size_t n, struct hcl_edit_buf *b)
{
	char role[600];
	size_t i;

	hcl_edit_buf_printf(b, "resource \"aws_iam_role_policy\" \"%s\" {\n",
	    name);
	tf_project_role_value(s->p, s->legacy ? TF_ROLE_HCL_LEGACY :
	    TF_ROLE_HCL, role, sizeof role);
	if (s->legacy) {
		hcl_edit_buf_printf(b, "  role = %s\n", role);
		hcl_edit_buf_adds(b, "  policy = <<EOF\n{\n"
		    "  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
		for (i = 0; i < n; i++) {
			hcl_edit_buf_printf(b, "    {\n"
			    "      \"Effect\": \"Allow\",\n"
			    "      \"Action\": \"%s\",\n"
			    "      \"Resource\": \"${%s}\"\n    }%s\n",
			    st[i].action, st[i].var_ref,
			    i + 1 < n ? "," : "");
		}
		hcl_edit_buf_adds(b, "  ]\n}\nEOF\n}");
		return;
	}
	hcl_edit_buf_printf(b, "  role = %s\n", role);
	hcl_edit_buf_adds(b, "  policy = jsonencode({\n"
	    "    Version = \"2012-10-17\"\n    Statement = [\n");
	for (i = 0; i < n; i++) {
		hcl_edit_buf_printf(b, "      {\n"
		    "        Effect = \"Allow\"\n"
		    "        Action = [\"%s\"]\n"
		    "        Resource = %s\n", st[i].action, st[i].var_ref);
		if (st[i].via_service != NULL)
			hcl_edit_buf_printf(b, "        Condition = {\n"
			    "          StringEquals = {\n"
			    "            \"kms:ViaService\" = \"%s\"\n"
			    "          }\n        }\n", st[i].via_service);
		hcl_edit_buf_printf(b, "      }%s\n", i + 1 < n ? "," : "");
	}
	hcl_edit_buf_adds(b, "    ]\n  })\n}");
}

/*
 * A dedicated aws_iam_role_policy in the project's JSON syntax file: the
 * document is a JSON string whose Resource interpolates the variable.
 */
static int
add_new_json_policy(struct setup *s, const char *name,
    const struct policy_statement *st, size_t n, struct hc_error *err)
{
	json_t *doc, *list, *copy, *res, *obj;
	char ref[300], *text;
	size_t i;
	int rc = -1;

	doc = json_pack("{s:s, s:[]}", "Version", "2012-10-17", "Statement");
	list = json_object_get(doc, "Statement");
	for (i = 0; i < n && list != NULL; i++) {
		snprintf(ref, sizeof ref, "${%s}", st[i].var_ref);
		obj = json_pack("{s:s, s:s, s:s}", "Effect", "Allow", "Action",
		    st[i].action, "Resource", ref);
		if (obj != NULL && st[i].via_service != NULL)
			json_object_set_new(obj, "Condition", json_pack(
			    "{s:{s:s}}", "StringEquals", "kms:ViaService",
			    st[i].via_service));
		json_array_append_new(list, obj);
	}
	text = doc != NULL ? json_dumps(doc, JSON_PRESERVE_ORDER |
	    JSON_COMPACT) : NULL;
	copy = json_for(s, (long)s->p->file, NULL, err);
	res = copy != NULL ? json_child(json_child(copy, "resource"),
	    "aws_iam_role_policy") : NULL;
	tf_project_role_value(s->p, TF_ROLE_JSON, ref, sizeof ref);
	obj = text != NULL ? json_pack("{s:s, s:s}", "role", ref, "policy",
	    text) : NULL;
	if (res != NULL && obj != NULL && json_object_set_new(res, name,
	    obj) == 0)
		rc = 0;
	else
		hc_error_set(err, HC_ERR_NOMEM, "cannot add "
		    "aws_iam_role_policy.%s", name);
	free(text);
	json_decref(doc);
	return rc;
}

static int
add_new_policy(struct setup *s, const struct policy_statement *st, size_t n,
    struct hc_error *err)
{
	struct hcl_edit_buf b;
	struct hcl_edits *e;
	char name[256];
	int rc;

	snprintf(name, sizeof name, "%s_docker_hub", s->p->name);
	if (tf_root_find_block(s->root, s->p->module, "resource",
	    "aws_iam_role_policy", name, NULL) != NULL ||
	    tf_root_find_json_resource(s->root, s->p->module, "resource",
	    "aws_iam_role_policy", name, NULL) != NULL) {
		hc_error_set(err, HC_ERR_CONFLICT, "aws_iam_role_policy.%s "
		    "exists but does not grant %s", name, st[0].action);
		return -1;
	}
	if (s->root->files[s->p->file].json != NULL)
		return add_new_json_policy(s, name, st, n, err);
	e = edits_for(s, s->p->file, err);
	if (e == NULL)
		return -1;
	hcl_edit_buf_init(&b);
	new_policy_text(s, name, st, n, &b);
	if (b.failed) {
		hcl_edit_buf_done(&b);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = hcl_edit_append_block(e, NULL, b.data, err);
	hcl_edit_buf_done(&b);
	return rc;
}

static const struct tf_policy *
choose_policy(const struct setup *s, const struct tf_policy *pol, size_t n,
    struct hc_error *err)
{
	const char *want = s->req->policy;
	size_t i;

	if (want == NULL || want[0] == '\0') {
		for (i = 0; i < n; i++) {
			if (pol[i].editable)
				return &pol[i];
		}
		return NULL;
	}
	if (strcmp(want, "new") == 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strcmp(pol[i].address, want) == 0 ||
		    strcmp(pol[i].via, want) == 0)
			return &pol[i];
	}
	hc_error_set(err, HC_ERR_NOT_FOUND, "%s is not a policy of the "
	    "service role of %s", want, s->p->address);
	return NULL;
}

/*
 * Fail when a policy of the role denies q outright: an explicit Deny
 * overrides every Allow, so no statement hubcred adds could work.
 */
static int
refuse_denied(struct setup *s, const struct tf_policy *pol, size_t npol,
    const struct policy_query *q, struct hc_error *err)
{
	size_t i;

	for (i = 0; i < npol; i++) {
		if (!policy_denies(&pol[i].ref, q))
			continue;
		hc_error_set_at(err, HC_ERR_UNSUPPORTED,
		    s->root->files[pol[i].file].path, pol[i].line, 1,
		    "%s denies %s on %s to the service role of %s, and a "
		    "Deny overrides any Allow hubcred could add",
		    pol[i].address, q->action, q->var_ref, s->p->address);
		hc_error_hint(err, "narrow or remove that Deny statement, "
		    "then run hubcred again");
		return -1;
	}
	return 0;
}

/* The statements the role still lacks, then add them to the policy. */
static int
plan_policy(struct setup *s, struct hc_error *err)
{
	struct policy_statement st[2];
	struct policy_query q = {0};
	struct tf_policy *pol = NULL;
	const struct tf_policy *target;
	char ref[200], kref[200];
	size_t n = 0, npol, i;
	int rc = -1, granted;

	if (tf_project_policies(s->root, s->p, &pol, &npol, err) < 0)
		return -1;
	snprintf(ref, sizeof ref, "var.%s", s->var);
	q.action = GET_SECRET;
	q.var_ref = ref;
	q.literal = s->req->secret_arn;
	if (refuse_denied(s, pol, npol, &q, err) < 0)
		goto out;
	for (i = 0, granted = 0; i < npol && !granted; i++)
		granted = policy_grants(&pol[i].ref, &q);
	if (granted) {
		if (note(s, err, "%s already allows " GET_SECRET " on the "
		    "secret that %s names",
		    pol[i - 1].address, ref) < 0)
			goto out;
	} else {
		st[n].action = GET_SECRET;
		st[n].var_ref = ref;
		st[n].via_service = NULL;
		n++;
	}
	if (s->kms_key_arn != NULL) {
		snprintf(kref, sizeof kref, "var.%s", s->kvar);
		q.action = KMS_DECRYPT;
		q.var_ref = kref;
		q.literal = s->kms_key_arn;
		if (refuse_denied(s, pol, npol, &q, err) < 0)
			goto out;
		for (i = 0, granted = 0; i < npol && !granted; i++)
			granted = policy_grants(&pol[i].ref, &q);
		if (granted) {
			if (note(s, err, "%s already allows " KMS_DECRYPT
			    " on the key that %s names", pol[i - 1].address,
			    kref) < 0)
				goto out;
		} else {
			st[n].action = KMS_DECRYPT;
			st[n].var_ref = kref;
			st[n].via_service = s->via[0] ? s->via : NULL;
			n++;
		}
	}
	if (n == 0) {
		rc = 0;
		goto out;
	}
	target = choose_policy(s, pol, npol, err);
	if (hc_error_is_set(err))
		goto out;
	if (target == NULL) {
		rc = add_new_policy(s, st, n, err);
		goto out;
	}
	if (!target->editable) {
		char why[1024];

		snprintf(why, sizeof why, "the policy %s is written as %s, "
		    "which hubcred cannot edit", target->address,
		    policy_form_name(target->form));
		hc_error_set_at(err, HC_ERR_UNSUPPORTED,
		    s->root->files[target->file].path, target->line, 1, "%s",
		    why);
		hc_error_hint(err, "choose policy \"new\" to add a dedicated "
		    "aws_iam_role_policy");
		goto out;
	}
	if (target->json_doc[0] != '\0') {
		json_t *copy = json_for(s, (long)target->file, NULL, err);

		copy = json_object_get(json_object_get(json_object_get(copy,
		    "data"), "aws_iam_policy_document"), target->json_doc);
		rc = copy != NULL ? policy_json_document_add(copy, st, n,
		    err) : -1;
		goto out;
	}
	{
		struct hcl_edits *e = edits_for(s, target->file, err);

		if (e == NULL)
			goto out;
		rc = policy_add_statements(e, &target->ref, st, n, s->legacy,
		    err);
		if (rc < 0 && err != NULL && err->file[0] == '\0') {
			/* The JSON editor works on text: no file position. */
			snprintf(err->file, sizeof err->file, "%s",
			    s->root->files[target->file].path);
			err->line = target->line;
			err->column = 1;
		}
		if (rc < 0 && err != NULL && err->code == HC_ERR_UNSUPPORTED &&
		    err->hint[0] == '\0')
			hc_error_hint(err, "choose policy \"new\" to add a "
			    "dedicated aws_iam_role_policy");
	}
out:
	free(pol);
	return rc;
}

/*
 * Reject a change to file f, which a symbolic link leads out of the root.
 * hubcred reads such a file for its declarations but changes nothing
 * outside the root, and apply would reject the write too.
 */
static int
reject_outside(const struct setup *s, size_t f, struct hc_error *err)
{
	const struct tf_file *file = &s->root->files[f];
	char full[PATH_MAX];
	struct stat st;
	int n;

	n = snprintf(full, sizeof full, "%s/%s", s->root->dir, file->path);
	if (n >= 0 && (size_t)n < sizeof full && lstat(full, &st) == 0 &&
	    S_ISLNK(st.st_mode))
		hc_error_set_at(err, HC_ERR_UNSUPPORTED, file->path, 0, 0,
		    "this file is a symbolic link to %s, outside the root; "
		    "hubcred reads it but does not write there", file->link);
	else
		hc_error_set_at(err, HC_ERR_UNSUPPORTED, file->path, 0, 0,
		    "this file is %s, reached through a symbolic link to a "
		    "folder outside the root; hubcred reads it but does not "
		    "write there", file->link);
	hc_error_hint(err, "make the change to the shared file by hand, or "
	    "replace the link with a copy; a policy or tfvars file can be "
	    "swapped for one in the root (policy \"new\" adds one)");
	return -1;
}

/* 1 when text differs from old. */
static int
changed(const char *old, size_t old_len, const char *text, size_t len)
{
	return old_len != len || memcmp(old, text, len) != 0;
}

/*
 * Write the text of an edited JSON syntax file into buf as
 * json.dumps(indent=2) would: keys in their order, new keys last,
 * non-ASCII escaped, with the original's final newline and line ends.
 */
static int
json_text(const struct setup *s, const struct file_edit *fe,
    struct hcl_edit_buf *buf, struct hc_error *err)
{
	const struct tf_file *orig = fe->file >= 0 ?
	    &s->root->files[fe->file] : NULL;
	const char *newline = "\n";

	if (orig != NULL ? strstr(orig->text, "\r\n") != NULL : s->crlf)
		newline = "\r\n";
	hcl_edit_buf_init(buf);
	tf_json_write(fe->json, newline, buf);
	if (orig == NULL || (orig->len > 0 && orig->text[orig->len - 1] ==
	    '\n'))
		hcl_edit_buf_adds(buf, newline);
	if (buf->failed) {
		hcl_edit_buf_done(buf);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static int
commit_json(struct setup *s, struct file_edit *fe, struct hc_error *err)
{
	const struct tf_file *orig = fe->file >= 0 ?
	    &s->root->files[fe->file] : NULL;
	struct hcl_edit_buf buf;
	int rc;

	if (json_text(s, fe, &buf, err) < 0)
		return -1;
	rc = plan_set_file(s->plan, fe->path, orig ? orig->text : NULL,
	    orig ? orig->len : 0, buf.data, buf.len, err);
	hcl_edit_buf_done(&buf);
	return rc;
}

/*
 * Reject a change to a file that a link leads out of the root, before
 * anything goes into the plan. Edits that change nothing pass.
 */
static int
check_outside(struct setup *s, struct hc_error *err)
{
	struct hcl_edit_buf buf;
	char *text;
	size_t i, len;
	int differs;

	for (i = 0; i < s->nfiles; i++) {
		const struct file_edit *fe = &s->files[i];
		const struct tf_file *f;

		if (fe->file < 0 || s->root->files[fe->file].link == NULL)
			continue;
		f = &s->root->files[fe->file];
		if (fe->json != NULL) {
			if (json_text(s, fe, &buf, err) < 0)
				return -1;
			differs = changed(f->text, f->len, buf.data, buf.len);
			hcl_edit_buf_done(&buf);
		} else if (fe->edits.nsplices > 0) {
			if (hcl_edits_apply(&fe->edits, &text, &len, err) < 0)
				return -1;
			differs = changed(f->hcl->src, f->hcl->len, text, len);
			free(text);
		} else
			continue;
		if (differs)
			return reject_outside(s, (size_t)fe->file, err);
	}
	return 0;
}

/* A new HCL file, with the root's line ends. */
static int
commit_created(struct setup *s, struct file_edit *fe, struct hc_error *err)
{
	struct hcl_edit_buf buf;
	size_t k;
	int rc;

	if (fe->created.failed) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	hcl_edit_buf_init(&buf);
	for (k = 0; k < fe->created.len; k++) {
		if (fe->created.data[k] == '\n' && s->crlf)
			hcl_edit_buf_add(&buf, "\r", 1);
		hcl_edit_buf_add(&buf, &fe->created.data[k], 1);
	}
	if (buf.failed) {
		hcl_edit_buf_done(&buf);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = plan_set_file(s->plan, fe->path, NULL, 0, buf.data ? buf.data :
	    "", buf.len, err);
	hcl_edit_buf_done(&buf);
	return rc;
}

/* Turn the collected edits into the plan's files. */
static int
commit_files(struct setup *s, struct hc_error *err)
{
	size_t i;

	if (check_outside(s, err) < 0)
		return -1;
	for (i = 0; i < s->nfiles; i++) {
		struct file_edit *fe = &s->files[i];
		const struct hcl_file *h;
		char *text;
		size_t len;
		int rc;

		if (fe->json != NULL) {
			if (commit_json(s, fe, err) < 0)
				return -1;
			continue;
		}
		if (fe->file < 0) {
			if (commit_created(s, fe, err) < 0)
				return -1;
			continue;
		}
		if (fe->edits.nsplices == 0)
			continue;
		h = hcl_of(s, (size_t)fe->file);
		if (hcl_edits_apply(&fe->edits, &text, &len, err) < 0) {
			hc_error_prefix(err, "editing %s", fe->path);
			return -1;
		}
		rc = plan_set_file(s->plan, fe->path, h->src, h->len, text, len,
		    err);
		free(text);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* A region from the secret's ARN for the kms:ViaService condition. */
static void
via_service(const char *arn, char *buf, size_t size)
{
	char region[64];

	buf[0] = '\0';
	if (arn != NULL && sscanf(arn, "arn:%*[^:]:secretsmanager:%63[^:]:",
	    region) == 1)
		snprintf(buf, size, "secretsmanager.%s.amazonaws.com", region);
}

/* Explain a project address that is not in the model. */
static int
not_found(const struct tf_root *root, const char *address,
    struct hc_error *err)
{
	char name[128];
	size_t i, k;

	if (sscanf(address, "module.%127[^.].", name) == 1) {
		for (i = 0; i < root->nmodules; i++) {
			const struct tf_module *m = &root->modules[i];

			for (k = 0; k < m->ncalls; k++) {
				const struct tf_module_call *c = &m->calls[k];
				const struct hcl_file *h =
				    root->files[c->file].hcl;

				if (m->called || strcmp(c->name, name) != 0 ||
				    c->target >= 0)
					continue;
				hc_error_set_at(err, HC_ERR_UNSUPPORTED,
				    root->files[c->file].path,
				    (int)h->tokens[c->item->first].line,
				    (int)h->tokens[c->item->first].column,
				    "module \"%s\" comes from \"%s\", not from "
				    "a folder of this root: hubcred cannot "
				    "edit it", c->name, c->source);
				hc_error_hint(err, "set up the project in the "
				    "module's own repository, then pass the "
				    "secret ARN as a module argument");
				return -1;
			}
		}
	}
	hc_error_set(err, HC_ERR_NOT_FOUND, "no project %s below %s", address,
	    root->dir);
	return -1;
}

/* 1 when most of the root's HCL files end their lines with \r\n. */
static int
crlf_root(const struct tf_root *root)
{
	size_t i, crlf = 0, hcl = 0;

	for (i = 0; i < root->nfiles; i++) {
		if (root->files[i].hcl == NULL)
			continue;
		hcl++;
		crlf += root->files[i].hcl->crlf != 0;
	}
	return crlf * 2 > hcl;
}

/*
 * A project whose registry_credential already names var.y keeps y, so
 * setup completes the existing wiring instead of starting a second one.
 */
static int
adopt_variable(struct setup *s, struct hc_error *err)
{
	char have[128];

	if (tf_project_credential_variable(s->p, have, sizeof have) <= 0 ||
	    strcmp(have, s->var) == 0)
		return 0;
	if (plan_add_note(s->plan, err, "%s already takes its credential "
	    "from var.%s: using that variable instead of %s", s->p->address,
	    have, s->var) < 0)
		return -1;
	snprintf(s->var, sizeof s->var, "%s", have);
	tf_setup_kms_variable(s->var, s->kvar, sizeof s->kvar);
	return 0;
}

/*
 * The project at the request's address. When several roots below the
 * directory reach a module with that address, the one whose folder
 * contains the chosen tfvars file wins.
 */
static const struct tf_project *
find_project(const struct tf_root *root, const struct tf_setup_request *req)
{
	size_t i, matches;
	int in_folder;

	i = tf_root_pick_project(root, req->project, req->tfvars, &matches,
	    &in_folder);
	return i != SIZE_MAX ? &root->projects[i] : NULL;
}

/*
 * The name a secret was created with, from its ARN
 * (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf): Secrets
 * Manager adds a dash and six characters to the name.
 */
static int
secret_name_of(const char *arn, char *buf, size_t size)
{
	const char *name = strstr(arn, ":secret:");
	size_t n;

	if (name == NULL)
		return -1;
	name += 8;
	n = strlen(name);
	if (n > 7 && name[n - 7] == '-')
		n -= 7;
	if (n == 0 || n >= size)
		return -1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return 0;
}

/*
 * When no KMS key was given, look for the secret among the root's
 * aws_secretsmanager_secret resources, by name. A kms_key_id that is a
 * key ARN or key ID gets kms:Decrypt as a key the user gave would. Any
 * other kms_key_id adds a note asking for the key's ARN.
 */
static int
find_secret_key(struct setup *s, struct hc_error *err)
{
	static const char *const types[1] = { "aws_secretsmanager_secret" };
	char want[256], name[256], key[300], where[600];
	const struct hcl_item *item, *attr;
	size_t i, cursor;

	if (secret_name_of(s->req->secret_arn, want, sizeof want) < 0)
		return 0;
	for (i = 0; i < s->root->nfiles; i++) {
		const struct hcl_file *h = s->root->files[i].hcl;

		if (h == NULL || s->root->files[i].tfvars)
			continue;
		cursor = 0;
		while ((item = hcl_body_next_block(h, &h->body, &cursor,
		    "resource", types, 1)) != NULL) {
			attr = hcl_body_attribute(h, &item->body, "name");
			if (attr == NULL || hcl_expr_string(h, attr->expr,
			    name, sizeof name) < 0 || strcmp(name, want) != 0)
				continue;
			attr = hcl_body_attribute(h, &item->body,
			    "kms_key_id");
			if (attr == NULL)
				return 0;
			hcl_block_label(h, item, 1, name, sizeof name);
			snprintf(where, sizeof where,
			    "aws_secretsmanager_secret.%s (%s:%d)", name,
			    s->root->files[i].path,
			    (int)h->tokens[attr->first].line);
			if (hcl_expr_string(h, attr->expr, key, sizeof key) >= 0
			    && arn_kms_key(key, s->req->secret_arn,
			    s->kms_found, sizeof s->kms_found) == 0) {
				s->kms_key_arn = s->kms_found;
				return note(s, err, "%s encrypts the secret with "
				    "KMS key %s: the role may decrypt with it",
				    where, s->kms_found);
			}
			return note(s, err, "%s encrypts the secret with a KMS "
			    "key hubcred cannot name by ARN (%s): give the "
			    "key's ARN in the secret step so the role may "
			    "decrypt with it", where, "an alias or a reference");
		}
	}
	return 0;
}

int
tf_setup_plan(struct tf_root *root, const struct tf_setup_request *req,
    struct plan *plan, struct hc_error *err)
{
	struct setup s;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.root = root;
	s.req = req;
	s.plan = plan;
	s.p = find_project(root, req);
	if (s.p == NULL)
		return not_found(root, req->project, err);
	snprintf(s.var, sizeof s.var, "%s", req->variable ? req->variable :
	    TF_SETUP_DEFAULT_VARIABLE);
	if (s.p->image_kind == TF_IMAGE_CODEBUILD) {
		hc_error_set_at(err, HC_ERR_UNSUPPORTED,
		    root->files[s.p->file].path, s.p->line, 1, "%s uses the "
		    "CodeBuild managed image %s, which CodeBuild pulls "
		    "itself: it takes no registry credential", s.p->address,
		    s.p->image);
		return -1;
	}
	tf_setup_kms_variable(s.var, s.kvar, sizeof s.kvar);
	via_service(req->secret_arn, s.via, sizeof s.via);
	s.legacy = root->modules[s.p->root_module].legacy ||
	    root->modules[s.p->module].legacy;
	s.crlf = crlf_root(root);
	if (s.p->role[0] == '\0' && s.p->outside == TF_OUTSIDE_NONE) {
		refuse(&s, s.p->file, s.p->role_line > 0 ? s.p->role_line :
		    s.p->line, err, s.p->role_why);
		hc_error_hint(err, "give the project a service_role that is an "
		    "aws_iam_role of the same module, an IAM role's ARN, or "
		    "a reference holding one");
		return -1;
	}
	group_folders(&s);
	if (adopt_variable(&s, err) < 0 || plan_environment(&s, err) < 0 ||
	    thread_variable(&s, s.var, req->secret_arn, err) < 0)
		goto out;
	s.kms_key_arn = req->kms_key_arn;
	if (s.kms_key_arn == NULL && find_secret_key(&s, err) < 0)
		goto out;
	if (s.kms_key_arn != NULL && thread_variable(&s, s.kvar,
	    s.kms_key_arn, err) < 0)
		goto out;
	if (plan_policy(&s, err) < 0 || commit_files(&s, err) < 0)
		goto out;
	rc = 0;
out:
	setup_done(&s);
	return rc;
}
