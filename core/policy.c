/* IAM policy forms: recognise them, check grants, add statements. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/query.h"
#include "core/policy.h"

const char *
policy_form_name(enum policy_form form)
{
	switch (form) {
	case POLICY_FORM_HEREDOC_JSON:
		return "heredoc JSON";
	case POLICY_FORM_JSONENCODE:
		return "jsonencode";
	case POLICY_FORM_DOCUMENT:
		return "aws_iam_policy_document";
	case POLICY_FORM_TEMPLATE:
		return "templatefile/file";
	case POLICY_FORM_STRING:
		return "JSON string";
	case POLICY_FORM_OTHER:
		break;
	}
	return "other";
}

int
policy_form_editable(enum policy_form form)
{
	return form == POLICY_FORM_HEREDOC_JSON ||
	    form == POLICY_FORM_JSONENCODE || form == POLICY_FORM_DOCUMENT;
}

enum policy_form
policy_form_of(const struct hcl_file *file, const struct hcl_expr *expr,
    char *doc_name, size_t size)
{
	static const char prefix[] = "data.aws_iam_policy_document.";
	char ref[512];
	size_t n;
	int len;

	if (doc_name != NULL && size > 0)
		doc_name[0] = '\0';
	switch (expr->type) {
	case HCL_EXPR_HEREDOC:
		return POLICY_FORM_HEREDOC_JSON;
	case HCL_EXPR_CALL:
		if (hcl_token_is(file, expr->name_token, "jsonencode") &&
		    expr->nchildren == 1 &&
		    expr->children[0]->type == HCL_EXPR_OBJECT)
			return POLICY_FORM_JSONENCODE;
		if (hcl_token_is(file, expr->name_token, "templatefile") ||
		    hcl_token_is(file, expr->name_token, "file"))
			return POLICY_FORM_TEMPLATE;
		return POLICY_FORM_OTHER;
	case HCL_EXPR_TEMPLATE:
	case HCL_EXPR_TRAVERSAL:
		len = hcl_expr_reference(file, expr, ref, sizeof ref);
		n = sizeof prefix - 1;
		if (len > (int)n + 5 && strncmp(ref, prefix, n) == 0 &&
		    strcmp(ref + len - 5, ".json") == 0) {
			if (doc_name != NULL && size > 0) {
				len -= (int)n + 5;
				if ((size_t)len >= size)
					len = (int)size - 1;
				memcpy(doc_name, ref + n, (size_t)len);
				doc_name[len] = '\0';
			}
			return POLICY_FORM_DOCUMENT;
		}
		return expr->type == HCL_EXPR_TEMPLATE ? POLICY_FORM_STRING :
		    POLICY_FORM_OTHER;
	default:
		return POLICY_FORM_OTHER;
	}
}

int
policy_glob(const char *pattern, size_t plen, const char *text, int nocase)
{
	size_t p = 0, t = 0, star_p = (size_t)-1, star_t = 0;
	size_t tlen = strlen(text);

	while (t < tlen) {
		if (p < plen && pattern[p] == '*') {
			star_p = p++;
			star_t = t;
		} else if (p < plen && (pattern[p] == '?' ||
		    pattern[p] == text[t] || (nocase &&
		    tolower((unsigned char)pattern[p]) ==
		    tolower((unsigned char)text[t])))) {
			p++;
			t++;
		} else if (star_p != (size_t)-1) {
			p = star_p + 1;
			t = ++star_t;
		} else {
			return 0;
		}
	}
	while (p < plen && pattern[p] == '*')
		p++;
	return p == plen;
}

/* A resource pattern (text of a string, unquoted) against the query. */
/* The kind of a statement's Condition: none, only kms:ViaService (the
 * condition hubcred writes for a KMS key), or any other. */
enum condition_kind {
	CONDITION_NONE,
	CONDITION_VIA_SERVICE,
	CONDITION_OTHER,
};

/* Whether the n bytes at s name the kms:ViaService condition key
 * (condition keys ignore case). */
static int
via_service_key(const char *s, size_t n)
{
	return n == 14 && strncasecmp(s, "kms:ViaService", 14) == 0;
}

static int
resource_matches(const char *s, size_t n, const struct policy_query *q)
{
	char ref[256];
	size_t k = 0, i;

	/* "${var.x}" with optional blanks inside. */
	if (n > 3 && s[0] == '$' && s[1] == '{' && s[n - 1] == '}') {
		for (i = 2; i + 1 < n && k + 1 < sizeof ref; i++) {
			if (s[i] != ' ')
				ref[k++] = s[i];
		}
		ref[k] = '\0';
		return q->var_ref != NULL && strcmp(ref, q->var_ref) == 0;
	}
	if (q->literal != NULL)
		return policy_glob(s, n, q->literal, 0);
	if (q->name != NULL && !(n == 1 && s[0] == '*')) {
		const char *at = memmem(s, n, ":secret:", 8);
		char arn_name[600];

		if (at == NULL)
			return 0;
		/* The ARN of a secret adds "-" and six characters. */
		snprintf(arn_name, sizeof arn_name, "%.500s-AbCdEf", q->name);
		at += 8;
		return policy_glob(at, n - (size_t)(at - s), arn_name, 0);
	}
	return n == 1 && s[0] == '*';
}

static int
action_matches(const char *s, size_t n, const struct policy_query *q)
{
	return policy_glob(s, n, q->action, 1);
}

/*
 * A small JSON reader for policy heredocs. Values are nodes over byte
 * ranges of the text; ${...} may stand for a value or sit inside a
 * string.
 */
enum pj_type { PJ_OBJECT, PJ_ARRAY, PJ_STRING, PJ_OTHER };

struct pj_node {
	enum pj_type type;
	uint32_t start;		/* first byte ('{', '[', '"', ...) */
	uint32_t end;		/* one past the last byte */
	int parent;
	int key;		/* for a member value: its key's node */
};

struct pj {
	const char *s;
	size_t n;
	size_t pos;
	struct pj_node *nodes;
	size_t nnodes;
	size_t cap;
	int failed;
};

static void
pj_ws(struct pj *pj)
{
	while (pj->pos < pj->n && strchr(" \t\r\n", pj->s[pj->pos]) != NULL)
		pj->pos++;
}

/* Skip "${ ... }" or "%{ ... }" starting at pos (at '$' or '%'). */
static void
pj_skip_interp(struct pj *pj)
{
	int depth = 0;

	pj->pos += 2;
	depth = 1;
	while (pj->pos < pj->n && depth > 0) {
		char c = pj->s[pj->pos++];

		if (c == '{') {
			depth++;
		} else if (c == '}') {
			depth--;
		} else if (c == '"') {
			while (pj->pos < pj->n && pj->s[pj->pos] != '"') {
				if (pj->s[pj->pos] == '\\')
					pj->pos++;
				pj->pos++;
			}
			pj->pos++;
		}
	}
}

static int
pj_is_interp(const struct pj *pj)
{
	return pj->pos + 1 < pj->n && (pj->s[pj->pos] == '$' ||
	    pj->s[pj->pos] == '%') && pj->s[pj->pos + 1] == '{';
}

static int
pj_add(struct pj *pj, enum pj_type type, int parent)
{
	struct pj_node *nodes;

	if (pj->nnodes == pj->cap) {
		size_t cap = pj->cap ? pj->cap * 2 : 64;

		nodes = realloc(pj->nodes, cap * sizeof *nodes);
		if (nodes == NULL) {
			pj->failed = 1;
			return -1;
		}
		pj->nodes = nodes;
		pj->cap = cap;
	}
	nodes = &pj->nodes[pj->nnodes];
	nodes->type = type;
	nodes->start = (uint32_t)pj->pos;
	nodes->end = (uint32_t)pj->pos;
	nodes->parent = parent;
	nodes->key = -1;
	return (int)pj->nnodes++;
}

static int pj_value(struct pj *pj, int parent);

static int
pj_string(struct pj *pj, int parent)
{
	int id = pj_add(pj, PJ_STRING, parent);

	if (id < 0)
		return -1;
	pj->pos++;
	while (pj->pos < pj->n && pj->s[pj->pos] != '"') {
		if (pj->s[pj->pos] == '\\') {
			pj->pos += 2;
		} else if (pj->s[pj->pos] == '$' && pj->pos + 1 < pj->n &&
		    pj->s[pj->pos + 1] == '$') {
			pj->pos += 2;
		} else if (pj_is_interp(pj)) {
			pj_skip_interp(pj);
		} else {
			pj->pos++;
		}
	}
	if (pj->pos >= pj->n)
		return -1;
	pj->pos++;
	pj->nodes[id].end = (uint32_t)pj->pos;
	return id;
}

static int
pj_container(struct pj *pj, int parent, int object)
{
	int id = pj_add(pj, object ? PJ_OBJECT : PJ_ARRAY, parent);
	char close = object ? '}' : ']';

	if (id < 0)
		return -1;
	pj->pos++;
	for (;;) {
		int key = -1, value;

		pj_ws(pj);
		if (pj->pos < pj->n && pj->s[pj->pos] == close)
			break;
		if (object) {
			if (pj->pos >= pj->n || pj->s[pj->pos] != '"')
				return -1;
			key = pj_string(pj, id);
			if (key < 0)
				return -1;
			pj_ws(pj);
			if (pj->pos >= pj->n || pj->s[pj->pos] != ':')
				return -1;
			pj->pos++;
			pj_ws(pj);
		}
		value = pj_value(pj, id);
		if (value < 0)
			return -1;
		pj->nodes[value].key = key;
		pj_ws(pj);
		if (pj->pos < pj->n && pj->s[pj->pos] == ',') {
			pj->pos++;
			continue;
		}
		if (pj->pos < pj->n && pj->s[pj->pos] == close)
			break;
		return -1;
	}
	pj->pos++;
	pj->nodes[id].end = (uint32_t)pj->pos;
	return id;
}

static int
pj_value(struct pj *pj, int parent)
{
	int id;

	if (pj->pos >= pj->n)
		return -1;
	switch (pj->s[pj->pos]) {
	case '{':
		return pj_container(pj, parent, 1);
	case '[':
		return pj_container(pj, parent, 0);
	case '"':
		return pj_string(pj, parent);
	default:
		break;
	}
	id = pj_add(pj, PJ_OTHER, parent);
	if (id < 0)
		return -1;
	if (pj_is_interp(pj)) {
		pj_skip_interp(pj);
	} else {
		while (pj->pos < pj->n && (isalnum((unsigned char)
		    pj->s[pj->pos]) || strchr("+-.", pj->s[pj->pos])))
			pj->pos++;
	}
	if (pj->nodes[id].start == pj->pos)
		return -1;
	pj->nodes[id].end = (uint32_t)pj->pos;
	return id;
}

static int
pj_parse(struct pj *pj, const char *s, size_t n)
{
	memset(pj, 0, sizeof *pj);
	pj->s = s;
	pj->n = n;
	pj_ws(pj);
	if (pj_value(pj, -1) != 0 || pj->nodes[0].type != PJ_OBJECT) {
		free(pj->nodes);
		pj->nodes = NULL;
		return -1;
	}
	return 0;
}

/* The member value called name of object node obj, or -1. */
static int
pj_member(const struct pj *pj, int obj, const char *name)
{
	size_t len = strlen(name), i;

	for (i = (size_t)obj + 1; i < pj->nnodes; i++) {
		const struct pj_node *v = &pj->nodes[i];
		const struct pj_node *k;

		if (v->parent != obj || v->key < 0)
			continue;
		k = &pj->nodes[v->key];
		if (k->end - k->start == len + 2 && strncasecmp(pj->s +
		    k->start + 1, name, len) == 0)
			return (int)i;
	}
	return -1;
}

/* Call fn on each string of a string-or-array node; 1 if any matched. */
static int
pj_any_string(const struct pj *pj, int node, const struct policy_query *q,
    int (*fn)(const char *, size_t, const struct policy_query *))
{
	size_t i;

	if (node < 0)
		return 0;
	if (pj->nodes[node].type == PJ_STRING)
		return fn(pj->s + pj->nodes[node].start + 1,
		    pj->nodes[node].end - pj->nodes[node].start - 2, q);
	if (pj->nodes[node].type != PJ_ARRAY)
		return 0;
	for (i = (size_t)node + 1; i < pj->nnodes; i++) {
		if (pj->nodes[i].parent == node && pj_any_string(pj, (int)i,
		    q, fn))
			return 1;
	}
	return 0;
}

/* Whether a statement's effect and conditions match q: an Allow without
 * conditions or with kms:ViaService ones only, or for policy_denies() a
 * Deny without conditions. */
static int
effect_counts(int allow, enum condition_kind cond,
    const struct policy_query *q)
{
	if (q->deny)
		return !allow && cond == CONDITION_NONE;
	return allow && cond != CONDITION_OTHER;
}

/* The kind of the Condition of JSON statement node st. */
static enum condition_kind
pj_condition_kind(const struct pj *pj, int st)
{
	int cond = pj_member(pj, st, "Condition");
	size_t i, j;

	if (cond < 0)
		return CONDITION_NONE;
	if (pj->nodes[cond].type != PJ_OBJECT)
		return CONDITION_OTHER;
	/* Each member is an operator whose object names the keys. */
	for (i = (size_t)cond + 1; i < pj->nnodes; i++) {
		/* Members are the nodes with a key; keys have none. */
		if (pj->nodes[i].parent != cond || pj->nodes[i].key < 0)
			continue;
		if (pj->nodes[i].type != PJ_OBJECT)
			return CONDITION_OTHER;
		for (j = i + 1; j < pj->nnodes; j++) {
			const struct pj_node *k;

			if (pj->nodes[j].parent != (int)i ||
			    pj->nodes[j].key < 0)
				continue;
			k = &pj->nodes[pj->nodes[j].key];
			if (!via_service_key(pj->s + k->start + 1,
			    k->end - k->start - 2))
				return CONDITION_OTHER;
		}
	}
	return CONDITION_VIA_SERVICE;
}

static int
pj_statement_grants(const struct pj *pj, int st, const struct policy_query *q)
{
	int effect = pj_member(pj, st, "Effect");
	int allow;

	if (effect < 0 || pj->nodes[effect].type != PJ_STRING)
		return 0;
	allow = strncmp(pj->s + pj->nodes[effect].start, "\"Allow\"", 7) == 0;
	if (!allow && strncmp(pj->s + pj->nodes[effect].start, "\"Deny\"",
	    6) != 0)
		return 0;
	if (!effect_counts(allow, pj_condition_kind(pj, st), q))
		return 0;
	return pj_any_string(pj, pj_member(pj, st, "Action"), q,
	    action_matches) && pj_any_string(pj, pj_member(pj, st,
	    "Resource"), q, resource_matches);
}

int
policy_json_grants(const char *json, size_t len, const struct policy_query *q)
{
	struct pj pj;
	int list, found = 0;
	size_t i;

	if (pj_parse(&pj, json, len) < 0)
		return 0;
	list = pj_member(&pj, 0, "Statement");
	if (list >= 0 && pj.nodes[list].type == PJ_OBJECT) {
		found = pj_statement_grants(&pj, list, q);
	} else if (list >= 0 && pj.nodes[list].type == PJ_ARRAY) {
		for (i = (size_t)list + 1; i < pj.nnodes && !found; i++) {
			if (pj.nodes[i].parent == list &&
			    pj.nodes[i].type == PJ_OBJECT)
				found = pj_statement_grants(&pj, (int)i, q);
		}
	}
	free(pj.nodes);
	return found;
}

/* Blanks from the start of the line of offset up to it; -1 when other
 * text comes first. */
static int
column_of(const char *s, uint32_t offset)
{
	uint32_t a = offset;

	while (a > 0 && s[a - 1] != '\n') {
		if (s[a - 1] != ' ' && s[a - 1] != '\t')
			return -1;
		a--;
	}
	return (int)(offset - a);
}

static int
same_line(const char *s, uint32_t a, uint32_t b)
{
	for (; a < b; a++) {
		if (s[a] == '\n')
			return 0;
	}
	return 1;
}

/* The style of the statement the new ones copy. */
struct pj_style {
	int indent;		/* of the statement's '{' */
	int key_indent;		/* of its keys */
	char prefix[64];	/* the bytes before the statement's '{' on
				   its line, which new lines start with */
	int nprefix;
	char fill;		/* what indents further: ' ', or '\t' for
				   tab indentation */
	char sep[8];		/* between key and value, e.g. ": " */
	struct pj_value_style {
		int list;	/* an array */
		int multi;	/* ...over several lines */
		int item_indent;	/* of the array's items */
	} action, resource;
	const char *order[3];	/* Effect, Action, Resource as found */
};

/* Whether a value is a string or an array, on one line or several. */
static void
value_style(const struct pj *pj, int v, const struct pj_style *style,
    int list_default, struct pj_value_style *out)
{
	size_t n;

	out->list = v < 0 ? list_default : pj->nodes[v].type == PJ_ARRAY;
	out->multi = 0;
	out->item_indent = style->key_indent + (style->key_indent -
	    style->indent);
	if (v < 0 || !out->list || same_line(pj->s, pj->nodes[v].start,
	    pj->nodes[v].end))
		return;
	out->multi = 1;
	for (n = (size_t)v + 1; n < pj->nnodes; n++) {
		if (pj->nodes[n].parent == v) {
			if (column_of(pj->s, pj->nodes[n].start) >= 0)
				out->item_indent = column_of(pj->s,
				    pj->nodes[n].start);
			break;
		}
	}
}

static void
pj_style_of(const struct pj *pj, int st, struct pj_style *style)
{
	static const char *const names[3] = { "Effect", "Action",
	    "Resource" };
	uint32_t pos[3];
	int idx[3], i, j, k;
	size_t n;

	style->indent = column_of(pj->s, pj->nodes[st].start);
	style->nprefix = 0;
	if (style->indent > 0 && (size_t)style->indent < sizeof style->prefix) {
		style->nprefix = style->indent;
		memcpy(style->prefix, pj->s + pj->nodes[st].start -
		    style->indent, (size_t)style->indent);
	}
	style->fill = style->indent > 0 && pj->s[pj->nodes[st].start - 1] ==
	    '\t' ? '\t' : ' ';
	style->key_indent = style->indent + (style->fill == '\t' ? 1 : 2);
	strcpy(style->sep, ": ");
	for (i = 0; i < 3; i++) {
		int v = pj_member(pj, st, names[i]);

		pos[i] = v >= 0 ? pj->nodes[v].start : UINT32_MAX;
		if (v >= 0 && pj->nodes[v].key >= 0) {
			const struct pj_node *key;

			key = &pj->nodes[pj->nodes[v].key];

			if (column_of(pj->s, key->start) > 0) {
				style->key_indent = column_of(pj->s,
				    key->start);
				/* Indentation of tabs then spaces goes
				 * on with what the keys add. */
				style->fill = pj->s[key->start - 1] == '\t' ?
				    '\t' : ' ';
			}
			n = pj->nodes[v].start - key->end;
			if (n < sizeof style->sep && same_line(pj->s,
			    key->end, pj->nodes[v].start)) {
				memcpy(style->sep, pj->s + key->end, n);
				style->sep[n] = '\0';
			}
		}
	}
	/* Key order: the three names sorted by where they appear. */
	for (i = 0; i < 3; i++)
		idx[i] = i;
	for (i = 1; i < 3; i++) {
		for (j = i; j > 0 && pos[idx[j - 1]] > pos[idx[j]]; j--) {
			k = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = k;
		}
	}
	for (i = 0; i < 3; i++)
		style->order[i] = names[idx[i]];
	value_style(pj, pj_member(pj, st, "Action"), style, 1,
	    &style->action);
	value_style(pj, pj_member(pj, st, "Resource"), style, 0,
	    &style->resource);
}

static void
pad(struct hcl_edit_buf *buf, const struct pj_style *style, int n)
{
	int same = n < style->nprefix ? n : style->nprefix;

	/* Keys indented less than their brace make the nested steps of a
	 * Condition negative: no indentation then. */
	if (n <= 0)
		return;
	/* The statement's own indentation, byte for byte, then fill. */
	hcl_edit_buf_add(buf, style->prefix, (size_t)same);
	for (n -= same; n > 0; n--)
		hcl_edit_buf_add(buf, &style->fill, 1);
}

static void
pj_write_value(struct hcl_edit_buf *buf, const struct pj_style *style,
    const struct pj_value_style *vs, const char *value, const char *nl)
{
	if (!vs->list) {
		hcl_edit_buf_adds(buf, value);
	} else if (!vs->multi) {
		hcl_edit_buf_printf(buf, "[%s]", value);
	} else {
		hcl_edit_buf_printf(buf, "[%s", nl);
		pad(buf, style, vs->item_indent);
		hcl_edit_buf_printf(buf, "%s%s", value, nl);
		pad(buf, style, style->key_indent);
		hcl_edit_buf_adds(buf, "]");
	}
}

static void
pj_write_statement(struct hcl_edit_buf *buf, const struct pj_style *style,
    const struct policy_statement *st, const char *nl)
{
	int step = style->key_indent - style->indent;
	char value[512];
	int i;

	pad(buf, style, style->indent);
	hcl_edit_buf_adds(buf, "{");
	for (i = 0; i < 3; i++) {
		const char *name = style->order[i];

		hcl_edit_buf_printf(buf, "%s%s", i ? "," : "", nl);
		pad(buf, style, style->key_indent);
		hcl_edit_buf_printf(buf, "\"%s\"%s", name, style->sep);
		if (strcmp(name, "Effect") == 0) {
			hcl_edit_buf_adds(buf, "\"Allow\"");
		} else if (strcmp(name, "Resource") == 0) {
			snprintf(value, sizeof value, "\"${%s}\"",
			    st->var_ref);
			pj_write_value(buf, style, &style->resource, value, nl);
		} else {
			snprintf(value, sizeof value, "\"%s\"", st->action);
			pj_write_value(buf, style, &style->action, value, nl);
		}
	}
	if (st->via_service != NULL) {
		hcl_edit_buf_printf(buf, ",%s", nl);
		pad(buf, style, style->key_indent);
		hcl_edit_buf_printf(buf, "\"Condition\"%s{%s", style->sep, nl);
		pad(buf, style, style->key_indent + step);
		hcl_edit_buf_printf(buf, "\"StringEquals\"%s{%s", style->sep,
		    nl);
		pad(buf, style, style->key_indent + 2 * step);
		hcl_edit_buf_printf(buf, "\"kms:ViaService\"%s\"%s\"%s",
		    style->sep, st->via_service, nl);
		pad(buf, style, style->key_indent + step);
		hcl_edit_buf_printf(buf, "}%s", nl);
		pad(buf, style, style->key_indent);
		hcl_edit_buf_adds(buf, "}");
	}
	hcl_edit_buf_adds(buf, nl);
	pad(buf, style, style->indent);
	hcl_edit_buf_adds(buf, "}");
}

int
policy_json_add(const char *json, size_t len, const char *nl,
    const struct policy_statement *st, size_t n, uint32_t *offset,
    char **text, struct hc_error *err)
{
	struct hcl_edit_buf buf;
	struct pj_style style;
	struct pj pj;
	int list, last = -1;
	size_t i;

	*text = NULL;
	if (pj_parse(&pj, json, len) < 0) {
		hc_error_set(err, HC_ERR_UNSUPPORTED,
		    "the policy heredoc is not a JSON object hubcred can read");
		return -1;
	}
	list = pj_member(&pj, 0, "Statement");
	if (list >= 0 && pj.nodes[list].type == PJ_ARRAY) {
		for (i = (size_t)list + 1; i < pj.nnodes; i++) {
			if (pj.nodes[i].parent == list &&
			    pj.nodes[i].type == PJ_OBJECT)
				last = (int)i;
		}
	}
	if (last < 0 || column_of(json, pj.nodes[last].start) < 0) {
		free(pj.nodes);
		hc_error_set(err, HC_ERR_UNSUPPORTED,
		    "the policy's \"Statement\" is not a list of objects on "
		    "their own lines");
		return -1;
	}
	pj_style_of(&pj, last, &style);
	hcl_edit_buf_init(&buf);
	for (i = 0; i < n; i++) {
		hcl_edit_buf_printf(&buf, ",%s", nl);
		pj_write_statement(&buf, &style, &st[i], nl);
	}
	*offset = pj.nodes[last].end;
	free(pj.nodes);
	*text = hcl_edit_buf_take(&buf, NULL);
	if (*text == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* The HCL forms. */

/* The value of key name in an object constructor, or NULL. */
static const struct hcl_expr *
object_get(const struct hcl_file *file, const struct hcl_expr *obj,
    const char *name)
{
	char key[128];
	size_t i;

	if (obj == NULL || obj->type != HCL_EXPR_OBJECT)
		return NULL;
	for (i = 0; i + 1 < obj->nchildren; i += 2) {
		const struct hcl_expr *k = obj->children[i];

		if (k->type == HCL_EXPR_TRAVERSAL && k->first == k->last) {
			if (hcl_token_is(file, k->first, name))
				return obj->children[i + 1];
		} else if (hcl_expr_string(file, k, key, sizeof key) >= 0 &&
		    strcmp(key, name) == 0) {
			return obj->children[i + 1];
		}
	}
	return NULL;
}

/* Call fn on each string or reference of a value or tuple; 1 when one
 * matched. */
static int
hcl_any(const struct hcl_file *file, const struct hcl_expr *e,
    const struct policy_query *q,
    int (*fn)(const char *, size_t, const struct policy_query *))
{
	char text[2048];
	int n;
	size_t i;

	if (e == NULL)
		return 0;
	if (e->type == HCL_EXPR_TUPLE) {
		for (i = 0; i < e->nchildren; i++) {
			if (hcl_any(file, e->children[i], q, fn))
				return 1;
		}
		return 0;
	}
	n = hcl_expr_string(file, e, text, sizeof text);
	if (n >= 0)
		return fn(text, (size_t)n, q);
	n = hcl_expr_reference(file, e, text + 2, sizeof text - 3);
	if (n < 0 || fn != resource_matches)
		return 0;
	/* Compare a reference the way a "${ref}" string is compared. */
	text[0] = '$';
	text[1] = '{';
	text[n + 2] = '}';
	text[n + 3] = '\0';
	return fn(text, (size_t)n + 3, q);
}

/* The kind of the Condition of a jsonencode() statement object. */
static enum condition_kind
hcl_condition_kind(const struct hcl_file *file, const struct hcl_expr *st)
{
	const struct hcl_expr *cond = object_get(file, st, "Condition"), *op;
	char key[64];
	size_t i, j;
	int n;

	if (cond == NULL)
		return CONDITION_NONE;
	if (cond->type != HCL_EXPR_OBJECT)
		return CONDITION_OTHER;
	for (i = 1; i < cond->nchildren; i += 2) {
		op = cond->children[i];
		if (op->type != HCL_EXPR_OBJECT)
			return CONDITION_OTHER;
		for (j = 0; j + 1 < op->nchildren; j += 2) {
			n = hcl_expr_string(file, op->children[j], key,
			    sizeof key);
			if (n < 0 || !via_service_key(key, (size_t)n))
				return CONDITION_OTHER;
		}
	}
	return CONDITION_VIA_SERVICE;
}

static int
hcl_statement_grants(const struct hcl_file *file, const struct hcl_expr *st,
    const struct policy_query *q)
{
	char effect[16];
	const struct hcl_expr *e = object_get(file, st, "Effect");
	int allow;

	if (e == NULL || hcl_expr_string(file, e, effect, sizeof effect) < 0)
		return 0;
	allow = strcmp(effect, "Allow") == 0;
	if (!allow && strcmp(effect, "Deny") != 0)
		return 0;
	if (!effect_counts(allow, hcl_condition_kind(file, st), q))
		return 0;
	return hcl_any(file, object_get(file, st, "Action"), q,
	    action_matches) && hcl_any(file, object_get(file, st,
	    "Resource"), q, resource_matches);
}

static const struct hcl_expr *
jsonencode_statements(const struct policy_ref *ref)
{
	return object_get(ref->file, ref->object != NULL ? ref->object :
	    ref->expr->children[0], "Statement");
}

static int
document_statement_grants(const struct hcl_file *file,
    const struct hcl_item *st, const struct policy_query *q)
{
	const struct hcl_item *attr, *cond;
	enum condition_kind kind = CONDITION_NONE;
	char effect[16], variable[64];
	size_t cursor = 0;
	int allow = 1, n;

	attr = hcl_body_attribute(file, &st->body, "effect");
	if (attr != NULL) {
		if (hcl_expr_string(file, attr->expr, effect,
		    sizeof effect) < 0)
			return 0;
		allow = strcmp(effect, "Allow") == 0;
		if (!allow && strcmp(effect, "Deny") != 0)
			return 0;
	}
	while ((cond = hcl_body_next_block(file, &st->body, &cursor,
	    "condition", NULL, 0)) != NULL) {
		attr = hcl_body_attribute(file, &cond->body, "variable");
		n = attr != NULL ? hcl_expr_string(file, attr->expr, variable,
		    sizeof variable) : -1;
		kind = n >= 0 && via_service_key(variable, (size_t)n) &&
		    kind != CONDITION_OTHER ? CONDITION_VIA_SERVICE :
		    CONDITION_OTHER;
	}
	if (!effect_counts(allow, kind, q))
		return 0;
	attr = hcl_body_attribute(file, &st->body, "actions");
	if (attr == NULL || !hcl_any(file, attr->expr, q, action_matches))
		return 0;
	attr = hcl_body_attribute(file, &st->body, "resources");
	return attr != NULL && hcl_any(file, attr->expr, q,
	    resource_matches);
}

/* A string or an array of strings of a JSON value; 1 when one matched. */
static int
json_any(json_t *v, const struct policy_query *q,
    int (*fn)(const char *, size_t, const struct policy_query *))
{
	json_t *item;
	size_t i;

	if (json_is_string(v))
		return fn(json_string_value(v), json_string_length(v), q);
	json_array_foreach(v, i, item) {
		if (json_is_string(item) && fn(json_string_value(item),
		    json_string_length(item), q))
			return 1;
	}
	return 0;
}

/* The kind of the "condition" blocks of a statement of a JSON-syntax
 * aws_iam_policy_document. */
static enum condition_kind
json_condition_kind(json_t *st)
{
	json_t *list = json_object_get(st, "condition"), *cond;
	const char *variable;
	size_t i, n;

	if (list == NULL)
		return CONDITION_NONE;
	n = json_is_array(list) ? json_array_size(list) : 1;
	for (i = 0; i < n; i++) {
		cond = json_is_array(list) ? json_array_get(list, i) : list;
		variable = json_string_value(json_object_get(cond,
		    "variable"));
		if (variable == NULL ||
		    !via_service_key(variable, strlen(variable)))
			return CONDITION_OTHER;
	}
	return CONDITION_VIA_SERVICE;
}

static int
json_document_grants(json_t *doc, const struct policy_query *q)
{
	json_t *list = json_object_get(doc, "statement"), *st;
	const char *effect;
	size_t i, n;

	n = json_is_array(list) ? json_array_size(list) : 1;
	for (i = 0; i < n; i++) {
		int allow;

		st = json_is_array(list) ? json_array_get(list, i) : list;
		effect = json_string_value(json_object_get(st, "effect"));
		allow = effect == NULL || strcmp(effect, "Allow") == 0;
		if (!json_is_object(st) || (!allow &&
		    strcmp(effect, "Deny") != 0))
			continue;
		if (!effect_counts(allow, json_condition_kind(st), q))
			continue;
		if (json_any(json_object_get(st, "actions"), q,
		    action_matches) && json_any(json_object_get(st,
		    "resources"), q, resource_matches))
			return 1;
	}
	return 0;
}

int
policy_json_document_add(json_t *doc, const struct policy_statement *st,
    size_t n, struct hc_error *err)
{
	json_t *list = json_object_get(doc, "statement"), *obj, *cond;
	char ref[300];
	int effect = 0;
	size_t i;

	if (json_is_object(list)) {
		/* One block as an object: make it a list of blocks. */
		json_t *arr = json_array();

		if (arr == NULL || json_array_append(arr, list) < 0 ||
		    json_object_set_new(doc, "statement", arr) < 0)
			goto fail;
		list = arr;
	}
	if (list == NULL) {
		if (json_object_set_new(doc, "statement", json_array()) < 0)
			goto fail;
		list = json_object_get(doc, "statement");
	}
	json_array_foreach(list, i, obj) {
		if (json_object_get(obj, "effect") != NULL)
			effect = 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(ref, sizeof ref, "${%s}", st[i].var_ref);
		obj = effect ? json_pack("{s:s, s:[s], s:[s]}", "effect",
		    "Allow", "actions", st[i].action, "resources", ref) :
		    json_pack("{s:[s], s:[s]}", "actions", st[i].action,
		    "resources", ref);
		if (obj != NULL && st[i].via_service != NULL) {
			cond = json_pack("[{s:s, s:s, s:[s]}]", "test",
			    "StringEquals", "variable", "kms:ViaService",
			    "values", st[i].via_service);
			if (cond == NULL || json_object_set_new(obj,
			    "condition", cond) < 0) {
				json_decref(obj);
				goto fail;
			}
		}
		if (obj == NULL || json_array_append_new(list, obj) < 0)
			goto fail;
	}
	return 0;
fail:
	hc_error_set(err, HC_ERR_UNSUPPORTED, "cannot add a statement to the "
	    "policy document");
	return -1;
}

static int statement_covers(const struct policy_ref *ref,
    const struct policy_query *q);

int
policy_grants(const struct policy_ref *ref, const struct policy_query *q)
{
	struct policy_query allow = *q;

	allow.deny = 0;
	return statement_covers(ref, &allow);
}

int
policy_denies(const struct policy_ref *ref, const struct policy_query *q)
{
	struct policy_query deny = *q;

	deny.deny = 1;
	return statement_covers(ref, &deny);
}

/* 1 when a statement of the policy covers q, an Allow or, with q->deny,
 * a Deny. */
static int
statement_covers(const struct policy_ref *ref, const struct policy_query *q)
{
	const struct hcl_file *file = ref->file;
	const struct hcl_expr *list;
	const struct hcl_item *st;
	size_t i, cursor = 0;

	switch (ref->form) {
	case POLICY_FORM_HEREDOC_JSON: {
		uint32_t a = hcl_token_end(file, ref->expr->first);
		uint32_t b = file->tokens[ref->expr->last].offset;

		return b > a && policy_json_grants(file->src + a, b - a, q);
	}
	case POLICY_FORM_JSONENCODE:
		list = jsonencode_statements(ref);
		if (list != NULL && list->type == HCL_EXPR_OBJECT)
			return hcl_statement_grants(file, list, q);
		if (list == NULL || list->type != HCL_EXPR_TUPLE)
			return 0;
		for (i = 0; i < list->nchildren; i++) {
			if (hcl_statement_grants(file, list->children[i], q))
				return 1;
		}
		return 0;
	case POLICY_FORM_STRING: {
		char text[16384];
		int n;

		/* A document written as one string: parse the string. */
		if (ref->json_text != NULL)
			return policy_json_grants(ref->json_text,
			    strlen(ref->json_text), q);
		n = hcl_expr_string(file, ref->expr, text, sizeof text);
		return n > 0 && (size_t)n < sizeof text - 1 &&
		    policy_json_grants(text, (size_t)n, q);
	}
	case POLICY_FORM_DOCUMENT:
		if (ref->json_document != NULL)
			return json_document_grants(ref->json_document, q);
		while ((st = hcl_body_next_block(file, &ref->document->body,
		    &cursor, "statement", NULL, 0)) != NULL) {
			if (document_statement_grants(file, st, q))
				return 1;
		}
		return 0;
	default:
		return 0;
	}
}

static int
add_heredoc(struct hcl_edits *edits, const struct policy_ref *ref,
    const struct policy_statement *st, size_t n, struct hc_error *err)
{
	const struct hcl_file *file = ref->file;
	uint32_t a = hcl_token_end(file, ref->expr->first);
	uint32_t b = file->tokens[ref->expr->last].offset;
	uint32_t offset;
	char *text;
	int rc;

	if (policy_json_add(file->src + a, b - a, hcl_edit_newline(file), st,
	    n, &offset, &text, err) < 0)
		return -1;
	/* Inside a heredoc nothing is aligned: splice without realigning. */
	rc = hcl_edits_splice(edits, a + offset, 0, text, strlen(text), 0,
	    err);
	free(text);
	return rc;
}

/* Position of key name in object st, for ordering; UINT32_MAX if none. */
static uint32_t
key_pos(const struct hcl_file *file, const struct hcl_expr *st,
    const char *name)
{
	const struct hcl_expr *v = object_get(file, st, name);

	return v != NULL ? v->first : UINT32_MAX;
}

static void
write_hcl_statement(struct hcl_edit_buf *buf, const struct hcl_file *file,
    const struct hcl_expr *last, const struct policy_statement *st)
{
	static const char *const names[3] = { "Effect", "Action",
	    "Resource" };
	const struct hcl_expr *action = object_get(file, last, "Action");
	const struct hcl_expr *effect = object_get(file, last, "Effect");
	const struct hcl_expr *resource = object_get(file, last, "Resource");
	uint32_t pos[3];
	int idx[3] = { 0, 1, 2 }, i, j, k, quoted = 0;

	if (effect != NULL) {
		size_t ki;

		for (ki = 0; ki + 1 < last->nchildren; ki += 2) {
			if (last->children[ki + 1] == effect)
				quoted = last->children[ki]->type ==
				    HCL_EXPR_TEMPLATE;
		}
	}
	for (i = 0; i < 3; i++)
		pos[i] = key_pos(file, last, names[i]);
	for (i = 1; i < 3; i++) {
		for (j = i; j > 0 && pos[idx[j - 1]] > pos[idx[j]]; j--) {
			k = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = k;
		}
	}
	hcl_edit_buf_adds(buf, "{\n");
	for (i = 0; i < 3; i++) {
		const char *name = names[idx[i]];

		hcl_edit_buf_printf(buf, quoted ? "  \"%s\" = " : "  %s = ",
		    name);
		if (idx[i] == 0)
			hcl_edit_buf_adds(buf, "\"Allow\"\n");
		else if (idx[i] == 2 && resource != NULL &&
		    resource->type == HCL_EXPR_TUPLE)
			hcl_edit_buf_printf(buf, "[%s]\n", st->var_ref);
		else if (idx[i] == 2)
			hcl_edit_buf_printf(buf, "%s\n", st->var_ref);
		else if (action != NULL && action->type != HCL_EXPR_TUPLE)
			hcl_edit_buf_printf(buf, "\"%s\"\n", st->action);
		else
			hcl_edit_buf_printf(buf, "[\"%s\"]\n", st->action);
	}
	if (st->via_service != NULL) {
		hcl_edit_buf_printf(buf, quoted ? "  \"%s\" = {\n" :
		    "  %s = {\n", "Condition");
		hcl_edit_buf_printf(buf, quoted ? "    \"%s\" = {\n" :
		    "    %s = {\n", "StringEquals");
		hcl_edit_buf_printf(buf, "      \"kms:ViaService\" = \"%s\"\n",
		    st->via_service);
		hcl_edit_buf_adds(buf, "    }\n  }\n");
	}
	hcl_edit_buf_adds(buf, "}");
}

static int
add_jsonencode(struct hcl_edits *edits, const struct policy_ref *ref,
    const struct policy_statement *st, size_t n, struct hc_error *err)
{
	const struct hcl_expr *list = jsonencode_statements(ref);
	const struct hcl_expr *last;
	struct hcl_edit_buf buf;
	size_t i;
	int rc;

	if (list == NULL || list->type != HCL_EXPR_TUPLE ||
	    list->nchildren == 0 ||
	    list->children[list->nchildren - 1]->type != HCL_EXPR_OBJECT) {
		hc_error_set_at(err, HC_ERR_UNSUPPORTED, ref->file->path,
		    (int)ref->file->tokens[ref->expr->first].line,
		    (int)ref->file->tokens[ref->expr->first].column,
		    "the policy's Statement is not a list of objects");
		return -1;
	}
	last = list->children[list->nchildren - 1];
	hcl_edit_buf_init(&buf);
	for (i = 0; i < n; i++) {
		if (i > 0)
			hcl_edit_buf_adds(&buf, ",\n");
		write_hcl_statement(&buf, ref->file, last, &st[i]);
	}
	if (buf.failed) {
		hcl_edit_buf_done(&buf);
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = hcl_edit_tuple_append(edits, list, buf.data, err);
	hcl_edit_buf_done(&buf);
	return rc;
}

static int
add_document(struct hcl_edits *edits, const struct policy_ref *ref,
    const struct policy_statement *st, size_t n, int legacy,
    struct hc_error *err)
{
	const struct hcl_file *file = ref->file;
	const struct hcl_item *s;
	struct hcl_edit_buf buf;
	size_t i, cursor = 0;
	int effect = 0, rc = 0;

	while ((s = hcl_body_next_block(file, &ref->document->body, &cursor,
	    "statement", NULL, 0)) != NULL) {
		if (hcl_body_attribute(file, &s->body, "effect") != NULL)
			effect = 1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		hcl_edit_buf_init(&buf);
		hcl_edit_buf_adds(&buf, "statement {\n");
		if (effect)
			hcl_edit_buf_adds(&buf, "  effect = \"Allow\"\n");
		hcl_edit_buf_printf(&buf, "  actions = [\"%s\"]\n",
		    st[i].action);
		hcl_edit_buf_printf(&buf, legacy ? "  resources = "
		    "[\"${%s}\"]\n" : "  resources = [%s]\n", st[i].var_ref);
		if (st[i].via_service != NULL)
			hcl_edit_buf_printf(&buf, "\n  condition {\n"
			    "    test = \"StringEquals\"\n"
			    "    variable = \"kms:ViaService\"\n"
			    "    values = [\"%s\"]\n  }\n",
			    st[i].via_service);
		hcl_edit_buf_adds(&buf, "}");
		if (buf.failed) {
			hcl_edit_buf_done(&buf);
			hc_error_set(err, HC_ERR_NOMEM, "out of memory");
			return -1;
		}
		rc = hcl_edit_append_block(edits, ref->document, buf.data, err);
		hcl_edit_buf_done(&buf);
	}
	return rc;
}

int
policy_add_statements(struct hcl_edits *edits, const struct policy_ref *ref,
    const struct policy_statement *st, size_t n, int legacy,
    struct hc_error *err)
{
	switch (ref->form) {
	case POLICY_FORM_HEREDOC_JSON:
		return add_heredoc(edits, ref, st, n, err);
	case POLICY_FORM_JSONENCODE:
		return add_jsonencode(edits, ref, st, n, err);
	case POLICY_FORM_DOCUMENT:
		return add_document(edits, ref, st, n, legacy, err);
	default:
		hc_error_set(err, HC_ERR_UNSUPPORTED,
		    "a policy written as %s cannot be edited",
		    policy_form_name(ref->form));
		hc_error_hint(err, "choose policy \"new\" for a dedicated "
		    "aws_iam_role_policy");
		return -1;
	}
}
