/*
 * Secrets Manager calls. Bodies without a secret are built with jansson.
 * Bodies with a secret are written by hand into a struct hc_secret, so
 * the value never leaves guarded memory.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/aws/request.h"
#include "core/aws/secretsmanager.h"

#define SM_PREFIX "secretsmanager."

void
aws_secretsmanager_ref_done(struct aws_secret_ref *ref)
{
	free(ref->arn);
	free(ref->name);
	free(ref->version_id);
	free(ref->kms_key_id);
	memset(ref, 0, sizeof(*ref));
}

void
aws_secretsmanager_list_done(struct aws_secret_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		aws_secretsmanager_ref_done(&list->items[i]);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

int
aws_secretsmanager_append_json_string(struct hc_secret *dst,
    const char *src, size_t n, struct hc_error *err)
{
	static const char hex[] = "0123456789abcdef";
	char esc[7] = "\\u00";
	size_t i, run = 0;
	unsigned char c;

	if (hc_secret_append(dst, "\"", 1, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		c = (unsigned char)src[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		/* Flush the run of plain bytes before this one. */
		if (hc_secret_append(dst, src + run, i - run, err) < 0)
			return -1;
		run = i + 1;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			if (hc_secret_append(dst, esc, 2, err) < 0)
				return -1;
			esc[1] = 'u';
			continue;
		}
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		if (hc_secret_append(dst, esc, 6, err) < 0)
			return -1;
	}
	if (hc_secret_append(dst, src + run, n - run, err) < 0)
		return -1;
	return hc_secret_append(dst, "\"", 1, err);
}

static int
append_str(struct hc_secret *dst, const char *s, struct hc_error *err)
{
	return hc_secret_append(dst, s, strlen(s), err);
}

/* ,"key":"value" */
static int
append_member(struct hc_secret *dst, const char *key, const char *value,
    struct hc_error *err)
{
	if (append_str(dst, ",", err) < 0 ||
	    aws_secretsmanager_append_json_string(dst, key, strlen(key),
	    err) < 0 || append_str(dst, ":", err) < 0)
		return -1;
	return aws_secretsmanager_append_json_string(dst, value,
	    strlen(value), err);
}

/* Write a random UUID version 4, the form AWS recommends for
 * ClientRequestToken. */
static void
uuid_v4(char out[37])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/*
 * Build {"<id_key>":"<id>","ClientRequestToken":"<token>"
 * [,"KmsKeyId":"..."],"SecretString":"<value>"} in guarded memory.
 * Caller frees.
 */
static struct hc_secret *
secret_body(const char *id_key, const char *id, const char *token,
    const char *kms_key_id, struct hc_secret *value, struct hc_error *err)
{
	struct hc_secret *body;
	int rc;

	body = hc_secret_new(0, err);
	if (body == NULL)
		return NULL;
	rc = append_str(body, "{", err);
	if (rc == 0)
		rc = aws_secretsmanager_append_json_string(body, id_key,
		    strlen(id_key), err);
	if (rc == 0)
		rc = append_str(body, ":", err);
	if (rc == 0)
		rc = aws_secretsmanager_append_json_string(body, id,
		    strlen(id), err);
	if (rc == 0)
		rc = append_member(body, "ClientRequestToken", token, err);
	if (rc == 0 && kms_key_id != NULL)
		rc = append_member(body, "KmsKeyId", kms_key_id, err);
	if (rc == 0)
		rc = append_str(body, ",\"SecretString\":", err);
	if (rc == 0) {
		rc = aws_secretsmanager_append_json_string(body,
		    hc_secret_open(value), hc_secret_len(value), err);
		hc_secret_close(value);
	}
	if (rc == 0)
		rc = append_str(body, "}", err);
	if (rc < 0) {
		hc_secret_free(body);
		return NULL;
	}
	return body;
}

static char *
json_dup(json_t *root, const char *key)
{
	json_t *v = json_object_get(root, key);

	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

/* Parse a response that carries ARN, Name, VersionId and KmsKeyId. */
static int
parse_ref(const struct aws_response *resp, const char *operation,
    struct aws_secret_ref *out, struct hc_error *err)
{
	json_t *root;

	root = json_loadb(resp->body, resp->len, 0, NULL);
	if (!json_is_object(root) ||
	    !json_is_string(json_object_get(root, "ARN"))) {
		json_decref(root);
		hc_error_set(err, HC_ERR_REMOTE, "secretsmanager %s: "
		    "invalid response (HTTP %ld)", operation, resp->status);
		hc_error_remote(err, NULL, (int)resp->status,
		    resp->request_id[0] ? resp->request_id : NULL);
		return -1;
	}
	out->arn = json_dup(root, "ARN");
	out->name = json_dup(root, "Name");
	out->version_id = json_dup(root, "VersionId");
	out->kms_key_id = json_dup(root, "KmsKeyId");
	json_decref(root);
	if (out->arn == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* Send body (or body_secret when it is set) and parse the secret
 * reference in the response. */
static int
call(const struct aws_config *cfg, const char *operation,
    const char *secret_id, const char *body, struct hc_secret *body_secret,
    struct aws_secret_ref *out, struct hc_error *err)
{
	char target[64], region[64];
	struct aws_request req = {
		.service = AWS_SERVICE_SECRETSMANAGER,
		.operation = operation,
		.target = target,
		.body = body,
		.body_len = body ? strlen(body) : 0,
		.secret_body = body_secret,
		.resource = secret_id,
	};
	struct aws_response resp;
	int rc;

	snprintf(target, sizeof(target), SM_PREFIX "%s", operation);
	req.region = aws_arn_region(secret_id, region, sizeof(region));
	memset(out, 0, sizeof(*out));
	if (aws_request_perform(cfg, &req, &resp, err) < 0)
		return -1;
	rc = parse_ref(&resp, operation, out, err);
	aws_response_done(&resp);
	if (rc < 0)
		aws_secretsmanager_ref_done(out);
	return rc;
}

static int
write_value(const struct aws_config *cfg, const char *operation,
    const char *id_key, const char *id, const char *kms_key_id,
    struct hc_secret *value, struct aws_secret_ref *out,
    struct hc_error *err)
{
	struct hc_secret *body;
	char token[37];
	int rc;

	/* One token for all attempts: AWS ignores a repeat with the same
	 * token and value, so a retry cannot add a second version. */
	uuid_v4(token);
	body = secret_body(id_key, id, token, kms_key_id, value, err);
	if (body == NULL)
		return -1;
	rc = call(cfg, operation, id, NULL, body, out, err);
	hc_secret_free(body);
	return rc;
}

int
aws_secretsmanager_create_secret(const struct aws_config *cfg,
    const char *name, struct hc_secret *value, const char *kms_key_id,
    struct aws_secret_ref *out, struct hc_error *err)
{
	return write_value(cfg, "CreateSecret", "Name", name, kms_key_id,
	    value, out, err);
}

int
aws_secretsmanager_put_secret_value(const struct aws_config *cfg,
    const char *secret_id, struct hc_secret *value,
    struct aws_secret_ref *out, struct hc_error *err)
{
	return write_value(cfg, "PutSecretValue", "SecretId", secret_id, NULL,
	    value, out, err);
}

/* Serialize root (and release it) as a request body for a call without
 * a secret. Caller frees with free(). */
static char *
dump(json_t *root, struct hc_error *err)
{
	char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;

	json_decref(root);
	if (text == NULL)
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return text;
}

int
aws_secretsmanager_describe_secret(const struct aws_config *cfg,
    const char *secret_id, struct aws_secret_ref *out,
    struct hc_error *err)
{
	char *body;
	int rc;

	body = dump(json_pack("{s:s}", "SecretId", secret_id), err);
	if (body == NULL)
		return -1;
	rc = call(cfg, "DescribeSecret", secret_id, body, NULL, out, err);
	free(body);
	return rc;
}

/* Append the entries of one ListSecrets page to out. */
static int
list_page(json_t *page, struct aws_secret_list *out, struct hc_error *err)
{
	json_t *list = json_object_get(page, "SecretList"), *item;
	struct aws_secret_ref *grown, *ref;
	size_t i;

	if (!json_is_array(list))
		return 0;
	grown = realloc(out->items, (out->n + json_array_size(list)) *
	    sizeof(*grown) + 1);
	if (grown == NULL)
		goto oom;
	out->items = grown;
	json_array_foreach(list, i, item) {
		if (!json_is_string(json_object_get(item, "ARN")))
			continue;
		ref = &out->items[out->n++];
		memset(ref, 0, sizeof(*ref));
		ref->arn = json_dup(item, "ARN");
		ref->name = json_dup(item, "Name");
		ref->kms_key_id = json_dup(item, "KmsKeyId");
		if (ref->arn == NULL)
			goto oom;
	}
	return 0;
oom:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return -1;
}

static json_t *
list_request(const char *name_filter, const char *next_token)
{
	json_t *root = json_pack("{s:i}", "MaxResults", 100);

	if (root != NULL && name_filter != NULL)
		json_object_set_new(root, "Filters", json_pack("[{s:s,s:[s]}]",
		    "Key", "name", "Values", name_filter));
	if (root != NULL && next_token != NULL)
		json_object_set_new(root, "NextToken",
		    json_string(next_token));
	return root;
}

int
aws_secretsmanager_list_secrets(const struct aws_config *cfg,
    const char *name_filter, struct aws_secret_list *out,
    struct hc_error *err)
{
	struct aws_request req = {
		.service = AWS_SERVICE_SECRETSMANAGER,
		.operation = "ListSecrets",
		.target = SM_PREFIX "ListSecrets",
		.resource = "*",
	};
	struct aws_response resp;
	json_t *page = NULL, *next;
	char *token = NULL, *body = NULL;
	int rc = -1, pages;

	memset(out, 0, sizeof(*out));
	/* Stop after 1000 pages in case a server keeps sending NextToken. */
	for (pages = 0; pages < 1000; pages++) {
		body = dump(list_request(name_filter, token), err);
		if (body == NULL)
			goto out;
		req.body = body;
		req.body_len = strlen(body);
		if (aws_request_perform(cfg, &req, &resp, err) < 0)
			goto out;
		page = json_loadb(resp.body, resp.len, 0, NULL);
		aws_response_done(&resp);
		if (!json_is_object(page)) {
			hc_error_set(err, HC_ERR_REMOTE, "secretsmanager "
			    "ListSecrets: invalid response");
			goto out;
		}
		if (list_page(page, out, err) < 0)
			goto out;
		next = json_object_get(page, "NextToken");
		free(token);
		free(body);
		body = NULL;
		token = json_is_string(next) ? strdup(json_string_value(next))
		    : NULL;
		json_decref(page);
		page = NULL;
		if (token == NULL)
			break;
	}
	rc = 0;
out:
	json_decref(page);
	free(token);
	free(body);
	if (rc < 0)
		aws_secretsmanager_list_done(out);
	return rc;
}
