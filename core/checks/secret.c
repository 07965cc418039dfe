/*
 * Checks of the secret a project pulls with: how registry_credential
 * names it, whether the variable has a value, whether the service role
 * may read it, how policies spell its ARN, and whether the token ends
 * up in Terraform state.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arn.h"
#include "core/checks/checks-private.h"
#include "core/hcl/query.h"
#include "core/policy.h"

#define GET_SECRET_VALUE "secretsmanager:GetSecretValue"

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

/* 1 when module declares variable name, or may in a JSON file. */
static int
variable_declared(const struct tf_root *root, int module, const char *name)
{
	size_t f;

	if (tf_root_find_block(root, module, "variable", name, NULL,
	    &f) != NULL)
		return 1;
	for (f = 0; f < root->nfiles; f++) {
		if (root->files[f].module == module &&
		    root->files[f].hcl == NULL)
			return 1;
	}
	return 0;
}

/* 1 when a tfvars file of the root module sets name. */
static int
tfvars_sets(const struct tf_root *root, int module, const char *name)
{
	const char **files = NULL;
	const struct tf_file *tf;
	size_t n, i;
	long k;
	int found = 0;

	if (tf_root_tfvars_files(root, root->modules[module].dir, &files, &n,
	    NULL) < 0)
		return 1;
	for (i = 0; i < n && !found; i++) {
		k = tf_root_file_index(root, files[i]);
		if (k < 0)
			continue;
		tf = &root->files[k];
		/* JSON tfvars: assume they set it rather than report. */
		found = tf->hcl == NULL || hcl_body_attribute(tf->hcl,
		    &tf->hcl->body, name) != NULL;
	}
	free(files);
	return found;
}

/*
 * 1 when variable name of the module at depth gets a value: a default,
 * a tfvars assignment in the root module, or an argument of the module
 * call (followed when it passes a variable on). 1 too when unsure.
 */
static int
variable_has_value(const struct tf_root *root, const struct tf_project *p,
    size_t depth, const char *name, int budget)
{
	const struct tf_module_call *call;
	const struct hcl_item *item, *attr;
	const struct hcl_file *hcl;
	int module = module_at(root, p, depth);
	char ref[256];
	size_t f;

	if (module < 0 || budget <= 0)
		return 1;
	item = tf_root_find_block(root, module, "variable", name, NULL, &f);
	if (item == NULL)
		return 1;
	if (hcl_body_attribute(root->files[f].hcl, &item->body,
	    "default") != NULL)
		return 1;
	if (depth == 0)
		return tfvars_sets(root, module, name);
	call = &root->modules[p->chain[depth - 1].module].calls[
	    p->chain[depth - 1].call];
	if (call->item == NULL)
		return 1;
	hcl = root->files[call->file].hcl;
	attr = hcl_body_attribute(hcl, &call->item->body, name);
	if (attr == NULL)
		return 0;
	if (hcl_expr_reference(hcl, attr->expr, ref, sizeof ref) >= 0 &&
	    strncmp(ref, "var.", 4) == 0 && strchr(ref + 4, '.') == NULL)
		return variable_has_value(root, p, depth - 1, ref + 4,
		    budget - 1);
	return 1;
}

/* A Docker Hub token, a JSON object of credentials, or an e-mail. */
static int
looks_like_credentials(const char *value)
{
	if (strncmp(value, "dckr_pat_", 9) == 0 ||
	    strncmp(value, "dckr_oat_", 9) == 0 || value[0] == '{')
		return 1;
	return strncmp(value, "arn:", 4) != 0 && strchr(value, '@') != NULL &&
	    strchr(value, '.') != NULL;
}

/* Whether value could be a Secrets Manager secret's name: 1 to 512 of
 * the characters a name may have. */
static int
secret_name_like(const char *value)
{
	size_t n = strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789/_+=.@-");

	return n > 0 && n <= 512 && value[n] == '\0';
}

/* HC121 and HC124 on the value the credential resolves to. */
static void
check_value(struct checks_ctx *ctx, const struct tf_project *p,
    const struct hcl_item *attr, const char *value, const char *origin)
{
	struct checks_finding *f;
	struct arn arn;

	if (looks_like_credentials(value)) {
		checks_add(ctx, CHECKS_HC124, p->address, p->file, attr->first,
		    "CodeBuild rejects a credential that is not the ARN or "
		    "name of a Secrets Manager secret", "The credential of "
		    "%s (%s) holds a Docker Hub token, password or e-mail "
		    "address instead of a secret's ARN; it is now in your "
		    "repository and state. Fix: revoke that token on Docker "
		    "Hub, store a new one with hubcred, and set credential "
		    "to the secret's ARN.", p->address, origin);
		return;
	}
	if (arn_parse_secret(value, NULL, NULL) == 0)
		return;
	if (strncmp(value, "arn:", 4) != 0) {
		checks_add(ctx, CHECKS_HC121, p->address, p->file, attr->first,
		    NULL, "The credential of %s (%s) is a secret name, not "
		    "an ARN: CodeBuild finds it only in its own Region and "
		    "IAM policies on the ARN do not match it. Fix: use the "
		    "full ARN of the secret (arn:aws:secretsmanager:REGION:"
		    "ACCOUNT:secret:NAME-XXXXXX).", p->address, origin);
		return;
	}
	if (arn_parse(value, &arn, NULL) == 0 &&
	    strcmp(arn.service, "secretsmanager") == 0 &&
	    strncmp(arn.resource, "secret:", 7) == 0) {
		checks_add(ctx, CHECKS_HC121, p->address, p->file, attr->first,
		    NULL, "The credential of %s (%s) is the partial ARN %s, "
		    "without the six characters Secrets Manager appends. "
		    "Fix: use the full ARN shown by aws secretsmanager "
		    "describe-secret.", p->address, origin, value);
		return;
	}
	f = checks_add(ctx, CHECKS_HC121, p->address, p->file, attr->first,
	    "CodeBuild cannot read registry credentials from a resource "
	    "that is not a Secrets Manager secret", "The credential of %s "
	    "(%s) is %s, which is not the ARN of a Secrets Manager "
	    "secret. Fix: use the full ARN of the secret holding the "
	    "Docker Hub username and token.", p->address, origin, value);
	if (f != NULL)
		f->severity = CHECKS_ERROR;
}

void
checks_secret_credential(struct checks_ctx *ctx, const struct tf_project *p,
    const struct hcl_item *attr)
{
	const struct tf_root *root = ctx->root;
	const struct hcl_file *hcl = root->files[p->file].hcl;
	char ref[256], value[2048], origin[300], error[512];
	const char *name;

	if (hcl_expr_reference(hcl, attr->expr, ref, sizeof ref) < 0) {
		if (hcl_expr_string(hcl, attr->expr, value, sizeof value) >= 0)
			check_value(ctx, p, attr, value, "a literal");
		return;
	}
	if (strncmp(ref, "var.", 4) != 0 || strchr(ref + 4, '.') != NULL)
		return;
	name = ref + 4;
	if (!variable_declared(root, p->module, name)) {
		snprintf(error, sizeof error, "Reference to undeclared input "
		    "variable: An input variable with the name \"%s\" has not "
		    "been declared.", name);
		checks_add(ctx, CHECKS_HC122, p->address, p->file, attr->first,
		    error, "The registry_credential of %s uses var.%s, which "
		    "its module does not declare. Fix: declare variable "
		    "\"%s\" { type = string } and set it to the secret's ARN "
		    "in a tfvars file.", p->address, name, name);
		return;
	}
	if (!variable_has_value(root, p, p->nchain, name, 16)) {
		snprintf(error, sizeof error, "No value for required variable: "
		    "The root module input variable \"%s\" is not set, and "
		    "has no default value.", name);
		checks_add(ctx, CHECKS_HC123, p->address, p->file, attr->first,
		    error, "var.%s, the secret ARN of %s, has no default and "
		    "no tfvars file sets it. Fix: add %s = \"<secret ARN>\" "
		    "to terraform.tfvars.", name, p->address, name);
		return;
	}
	if (tf_project_resolve(root, p, p->nchain, hcl, attr->expr, value,
	    sizeof value) < 0)
		return;
	snprintf(origin, sizeof origin, "the value of var.%s", name);
	check_value(ctx, p, attr, value, origin);
}

const struct hcl_item *
checks_credential_attribute(const struct hcl_file *hcl, const struct tf_project *p)
{
	const struct hcl_item *env, *rc;
	size_t cursor = 0;

	env = hcl_body_next_block(hcl, &p->item->body, &cursor,
	    "environment", NULL, 0);
	if (env == NULL)
		return NULL;
	cursor = 0;
	rc = hcl_body_next_block(hcl, &env->body, &cursor,
	    "registry_credential", NULL, 0);
	if (rc == NULL)
		return NULL;
	return hcl_body_attribute(hcl, &rc->body, "credential");
}

struct role_ref {
	char prefix[300];	/* "aws_iam_role.NAME" */
	int found;
};

static int
names_role(const struct hcl_file *file, const struct hcl_expr *traversal,
    const char *reference, void *data)
{
	struct role_ref *r = data;
	size_t n = strlen(r->prefix);

	(void)file;
	(void)traversal;
	if (strncmp(reference, r->prefix, n) == 0 &&
	    (reference[n] == '.' || reference[n] == '['))
		r->found = 1;
	return 0;
}

/*
 * 1 when the role may get permissions hubcred cannot read: managed
 * policies by ARN (attachments or managed_policy_arns) or policy forms
 * it does not evaluate.
 */
static int
grants_unknown(const struct tf_root *root, const struct tf_project *p,
    const struct tf_policy *pol, size_t n)
{
	static const char *const types[] = {
		"aws_iam_role_policy_attachment", "aws_iam_policy_attachment",
	};
	const struct hcl_file *rh = root->files[p->role_file].hcl;
	const struct tf_module *m = &root->modules[p->module];
	const struct hcl_item *item, *role, *arn;
	struct role_ref r;
	char ref[256];
	size_t i, k, t, cursor;

	for (i = 0; i < n; i++) {
		if (pol[i].form != POLICY_FORM_HEREDOC_JSON &&
		    pol[i].form != POLICY_FORM_JSONENCODE &&
		    pol[i].form != POLICY_FORM_DOCUMENT)
			return 1;
	}
	if (hcl_body_attribute(rh, &p->role_item->body,
	    "managed_policy_arns") != NULL)
		return 1;
	snprintf(r.prefix, sizeof r.prefix, "aws_iam_role.%s", p->role);
	for (k = 0; k < m->nfiles; k++) {
		const struct hcl_file *h = root->files[m->files[k]].hcl;

		for (t = 0; t < 2; t++) {
			const char *labels[1] = { types[t] };

			cursor = 0;
			while ((item = hcl_body_next_block(h, &h->body,
			    &cursor, "resource", labels, 1)) != NULL) {
				role = hcl_body_attribute(h, &item->body,
				    t == 0 ? "role" : "roles");
				arn = hcl_body_attribute(h, &item->body,
				    "policy_arn");
				r.found = 0;
				if (role == NULL || arn == NULL)
					continue;
				hcl_expr_each_reference(h, role->expr,
				    names_role, &r);
				if (!r.found)
					continue;
				if (hcl_expr_reference(h, arn->expr, ref,
				    sizeof ref) < 0 || strncmp(ref,
				    "aws_iam_policy.", 15) != 0)
					return 1;
			}
		}
	}
	return 0;
}

void
checks_secret_permissions(struct checks_ctx *ctx, const struct tf_project *p)
{
	const struct tf_root *root = ctx->root;
	const struct hcl_file *hcl;
	const struct hcl_item *cred;
	struct checks_finding *f;
	struct tf_policy *pol = NULL;
	struct policy_query q = {0};
	char value[2048], error[512];
	const char *shown;
	size_t n = 0, i;
	int granted = 0;

	if (p->item == NULL || p->credential[0] == '\0' ||
	    p->role_item == NULL || p->image_kind == TF_IMAGE_CODEBUILD)
		return;
	hcl = root->files[p->file].hcl;
	cred = checks_credential_attribute(hcl, p);
	if (cred == NULL || tf_project_policies(root, p, &pol, &n, NULL) < 0)
		return;
	q.action = GET_SECRET_VALUE;
	q.var_ref = strncmp(p->credential, "var.", 4) == 0 ?
	    p->credential : NULL;
	q.literal = NULL;
	if (tf_project_resolve(root, p, p->nchain, hcl, cred->expr, value,
	    sizeof value) >= 0)
		q.literal = value;
	/* A secret's name (HC121 asks for the ARN instead): a policy on
	 * that name's ARNs, or on every resource, still lets the role read
	 * it. */
	if (q.literal != NULL && strncmp(q.literal, "arn:", 4) != 0 &&
	    !looks_like_credentials(q.literal) && secret_name_like(q.literal)) {
		q.name = q.literal;
		q.literal = NULL;
	}
	for (i = 0; i < n && !granted; i++)
		granted = policy_grants(&pol[i].ref, &q);
	/* Name the secret only by a reference, an ARN or a secret's name:
	 * a literal credential may be a pasted token (HC124 reports it). */
	if (q.var_ref != NULL)
		shown = p->credential;
	else if (q.literal != NULL && strncmp(q.literal, "arn:", 4) == 0)
		shown = q.literal;
	else if (q.name != NULL)
		shown = q.name;
	else
		shown = NULL;
	for (i = 0; shown != NULL && i < n; i++) {
		if (!policy_denies(&pol[i].ref, &q))
			continue;
		snprintf(error, sizeof error, "AccessDeniedException: ... is "
		    "not authorized to perform: " GET_SECRET_VALUE " on "
		    "resource: %s with an explicit deny", shown);
		checks_add_at(ctx, CHECKS_HC131, p->address,
		    root->files[pol[i].file].path, pol[i].line, error,
		    "%s, a policy of aws_iam_role.%s (the service "
		    "role of %s), denies " GET_SECRET_VALUE " on %s, and a "
		    "Deny overrides every Allow. Fix: narrow or remove that "
		    "Deny statement.", pol[i].address, p->role, p->address,
		    shown);
		free(pol);
		return;
	}
	if (shown == NULL)
		granted = 1;
	if (!granted) {
		snprintf(error, sizeof error, "AccessDeniedException: ... is "
		    "not authorized to perform: " GET_SECRET_VALUE " on "
		    "resource: %s", q.literal != NULL &&
		    strncmp(q.literal, "arn:", 4) == 0 ? q.literal : shown);
		f = checks_add(ctx, CHECKS_HC131, p->address, p->file,
		    cred->first, error, "No policy of aws_iam_role.%s, the "
		    "service role of %s, allows " GET_SECRET_VALUE " on %s. "
		    "Fix: run hubcred and choose this project, or add an "
		    "Allow statement for " GET_SECRET_VALUE " on it to the "
		    "role's policy.", p->role, p->address, shown);
		if (f != NULL && grants_unknown(root, p, pol, n)) {
			f->severity = CHECKS_INFO;
			snprintf(f->message, sizeof f->message, "hubcred found "
			    "no statement allowing " GET_SECRET_VALUE " on %.200s "
			    "for aws_iam_role.%.200s, the service role of %.300s, but "
			    "the role also has policies it cannot read. Fix: "
			    "check that one of them allows it.", shown,
			    p->role, p->address);
		}
	}
	free(pol);
}

/* Length of the secret ARN at s, or 0 when s does not start one. */
static size_t
secret_arn_length(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != '"' && s[n] != ',' && s[n] != ']' &&
	    !isspace((unsigned char)s[n]))
		n++;
	if (n < 24 || memmem(s, n, ":secretsmanager:", 16) == NULL ||
	    memmem(s, n, ":secret:", 8) == NULL)
		return 0;
	return n;
}

/* 1 when the ARN ends with a wildcard or the six-character suffix. */
static int
arn_has_suffix(const char *arn, size_t n)
{
	const char *name = memmem(arn, n, ":secret:", 8);
	size_t len, i;

	name += 8;
	len = n - (size_t)(name - arn);
	if (len == 0 || name[len - 1] == '*' || name[len - 1] == '?')
		return 1;
	if (len < 8 || name[len - 7] != '-')
		return 0;
	for (i = len - 6; i < len; i++) {
		if (!isalnum((unsigned char)name[i]))
			return 0;
	}
	return 1;
}

/* HC132 in the string tokens first..last of one policy. */
static void
scan_policy(struct checks_ctx *ctx, const struct tf_project *p,
    const struct tf_policy *pol)
{
	const struct hcl_file *hcl = pol->ref.file;
	const struct hcl_token *tok;
	struct checks_finding *f;
	uint32_t first, last, t;
	const char *text, *at;
	size_t len, n, off;
	int ends;

	first = pol->ref.document ? pol->ref.document->first :
	    pol->ref.expr->first;
	last = pol->ref.document ? pol->ref.document->last :
	    pol->ref.expr->last;
	for (t = first; t <= last && t < hcl->ntokens; t++) {
		tok = &hcl->tokens[t];
		if (tok->type != HCL_TOK_QUOTED_LIT &&
		    tok->type != HCL_TOK_STRING_LIT)
			continue;
		text = hcl_token_text(hcl, t, &len);
		for (off = 0; off + 4 < len; off++) {
			at = text + off;
			if (memcmp(at, "arn:", 4) != 0)
				continue;
			n = secret_arn_length(at, len - off);
			if (n == 0)
				continue;
			/* An ARN running into "${" is built at plan time. */
			ends = off + n < len || (t + 1 < hcl->ntokens &&
			    hcl->tokens[t + 1].type == HCL_TOK_CQUOTE);
			if (!ends || arn_has_suffix(at, n)) {
				off += n;
				continue;
			}
			f = checks_add(ctx, CHECKS_HC132, p->address,
			    pol->file, t, "AccessDeniedException: ... is not "
			    "authorized to perform: " GET_SECRET_VALUE,
			    "%s names the secret %.*s without the six "
			    "characters Secrets Manager appends to its ARN, "
			    "so the statement matches no secret. Fix: end "
			    "the ARN with -?\?\?\?\?\? (or use the full ARN).",
			    pol->address, (int)n, at);
			if (f != NULL) {
				f->fixable = 1;
				f->fix.kind = CHECKS_FIX_SPLICE;
				f->fix.offset = tok->offset +
				    (uint32_t)(off + n);
				snprintf(f->fix.text, sizeof f->fix.text,
				    "-?\?\?\?\?\?");
			}
			off += n;
		}
	}
}

void
checks_secret_policies(struct checks_ctx *ctx)
{
	const struct tf_root *root = ctx->root;
	const struct tf_project *projects;
	struct tf_policy *pol;
	size_t np, n, i, k, j;
	const void **seen = NULL, **grown;
	size_t nseen = 0;
	int dup;

	projects = tf_root_projects(root, &np);
	for (i = 0; i < np; i++) {
		if (projects[i].role_item == NULL || tf_project_policies(root,
		    &projects[i], &pol, &n, NULL) < 0)
			continue;
		for (k = 0; k < n; k++) {
			const void *key = pol[k].ref.document ?
			    (const void *)pol[k].ref.document :
			    (const void *)pol[k].ref.expr;

			dup = 0;
			for (j = 0; j < nseen && !dup; j++)
				dup = seen[j] == key;
			if (dup || key == NULL || pol[k].ref.file == NULL)
				continue;
			grown = realloc(seen, (nseen + 1) * sizeof *seen);
			if (grown == NULL) {
				ctx->failed = 1;
				break;
			}
			seen = grown;
			seen[nseen++] = key;
			scan_policy(ctx, &projects[i], &pol[k]);
		}
		free(pol);
	}
	free(seen);
}

struct var_scan {
	int any;		/* some var.* reference */
	int docker;		/* one whose name suggests Docker Hub */
};

/* 1 when a name suggests Docker Hub ("dockerhub_token", "hub_pat"), but
 * not GitHub. */
static int
docker_word(const char *s)
{
	if (strcasestr(s, "docker") != NULL || strcasestr(s, "dckr") != NULL ||
	    strcasestr(s, "registry") != NULL)
		return 1;
	return strcasestr(s, "hub") != NULL && strcasestr(s, "github") == NULL;
}

static int
scan_var(const struct hcl_file *file, const struct hcl_expr *traversal,
    const char *reference, void *data)
{
	struct var_scan *v = data;

	(void)file;
	(void)traversal;
	if (strncmp(reference, "var.", 4) == 0) {
		v->any = 1;
		v->docker |= docker_word(reference + 4);
	}
	return 0;
}

/* HC171 for one aws_secretsmanager_secret_version block. */
static void
check_version(struct checks_ctx *ctx, size_t file,
    const struct hcl_item *item)
{
	const struct hcl_file *h = ctx->root->files[file].hcl;
	const struct hcl_item *value, *id;
	struct var_scan v = { 0, 0 };
	char name[128], address[300], id_text[256];

	value = hcl_body_attribute(h, &item->body, "secret_string");
	if (value == NULL)
		return;
	hcl_block_label(h, item, 1, name, sizeof name);
	snprintf(address, sizeof address,
	    "aws_secretsmanager_secret_version.%s", name);
	hcl_expr_each_reference(h, value->expr, scan_var, &v);
	id = hcl_body_attribute(h, &item->body, "secret_id");
	if (id != NULL && hcl_expr_reference(h, id->expr, id_text,
	    sizeof id_text) >= 0)
		v.docker |= docker_word(id_text);
	v.docker |= docker_word(name);
	if (v.any && v.docker)
		checks_add(ctx, CHECKS_HC171, address, file, value->first, NULL,
		    "%s takes its secret_string from a variable, so "
		    "Terraform writes the Docker Hub token into its state "
		    "file in plain text. Fix: create the secret's value "
		    "outside Terraform (hubcred writes it through the AWS "
		    "API), remove this resource with terraform state rm, "
		    "and rotate the token.", address);
}

void
checks_secret_versions(struct checks_ctx *ctx)
{
	const struct tf_root *root = ctx->root;
	const char *labels[1] = { "aws_secretsmanager_secret_version" };
	const struct hcl_item *item;
	const struct hcl_file *h;
	size_t i, cursor;

	for (i = 0; i < root->nfiles; i++) {
		h = root->files[i].hcl;
		if (h == NULL || root->files[i].tfvars)
			continue;
		cursor = 0;
		while ((item = hcl_body_next_block(h, &h->body, &cursor,
		    "resource", labels, 1)) != NULL)
			check_version(ctx, i, item);
	}
}
