/*
 * STS GetCallerIdentity and AssumeRole over the awsQuery protocol: a
 * form-encoded POST with an XML response.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/request.h"
#include "core/aws/sts.h"

#define FORM_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* Return the text of the first <tag>...</tag> of xml and its length in
 * *n, or NULL when the tag is missing or not closed. */
static const char *
xml_text(const char *xml, const char *tag, size_t *n)
{
	char open[48], close[48];
	const char *start, *end;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	start = strstr(xml, open);
	if (start == NULL)
		return NULL;
	start += strlen(open);
	end = strstr(start, close);
	if (end == NULL)
		return NULL;
	*n = (size_t)(end - start);
	return start;
}

/* Copy the text of the first <tag>...</tag> of xml into out. Return 0,
 * or -1 when the tag is missing or too long. */
static int
xml_get(const char *xml, const char *tag, char *out, size_t size)
{
	const char *start;
	size_t n;

	start = xml_text(xml, tag, &n);
	if (start == NULL || n >= size)
		return -1;
	memcpy(out, start, n);
	out[n] = '\0';
	return 0;
}

int
aws_sts_get_caller_identity(const struct aws_config *cfg,
    struct aws_identity *out, struct hc_error *err)
{
	static const char body[] = "Action=GetCallerIdentity&"
	    "Version=2011-06-15";
	struct aws_request req = {
		.service = AWS_SERVICE_STS,
		.operation = "GetCallerIdentity",
		.content_type = FORM_TYPE,
		.body = body,
		.body_len = sizeof(body) - 1,
	};
	struct aws_response resp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (aws_request_perform(cfg, &req, &resp, err) < 0)
		return -1;
	if (strstr(resp.body, "<GetCallerIdentityResult>") == NULL ||
	    xml_get(resp.body, "Account", out->account,
	    sizeof(out->account)) < 0 ||
	    xml_get(resp.body, "Arn", out->arn, sizeof(out->arn)) < 0) {
		hc_error_set(err, HC_ERR_REMOTE, "sts GetCallerIdentity: "
		    "invalid response (HTTP %ld)", resp.status);
		hc_error_remote(err, NULL, (int)resp.status,
		    resp.request_id[0] ? resp.request_id : NULL);
		goto out;
	}
	xml_get(resp.body, "UserId", out->user_id, sizeof(out->user_id));
	rc = 0;
out:
	aws_response_done(&resp);
	return rc;
}

/* Append "&key=value" to form (or "key=value" when it is empty), with
 * every byte of value outside RFC 3986's unreserved set percent-encoded.
 * form must have room for strlen(key) + 3 * strlen(value) + 2 more. */
static void
form_add(char *form, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	char *end = form + strlen(form);
	unsigned char c;

	if (end != form)
		*end++ = '&';
	end += sprintf(end, "%s=", key);
	for (; *value != '\0'; value++) {
		c = (unsigned char)*value;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL) {
			*end++ = (char)c;
		} else {
			*end++ = '%';
			*end++ = hex[c >> 4];
			*end++ = hex[c & 15];
		}
	}
	*end = '\0';
}

/* Return the form body of an AssumeRole request. Caller frees. */
static char *
assume_role_form(const struct aws_assume_role *in, struct hc_error *err)
{
	char duration[16] = "";
	size_t size;
	char *form;

	if (in->duration_seconds > 0)
		snprintf(duration, sizeof(duration), "%d",
		    in->duration_seconds);
	size = 128 + 3 * (strlen(in->role_arn) + strlen(in->session_name) +
	    (in->external_id ? strlen(in->external_id) : 0));
	form = calloc(1, size);
	if (form == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	form_add(form, "Action", "AssumeRole");
	form_add(form, "Version", "2011-06-15");
	form_add(form, "RoleArn", in->role_arn);
	form_add(form, "RoleSessionName", in->session_name);
	if (in->external_id != NULL)
		form_add(form, "ExternalId", in->external_id);
	if (duration[0] != '\0')
		form_add(form, "DurationSeconds", duration);
	return form;
}

/* Copy n bytes of XML text into a new secret, undoing the five entities
 * XML predefines. */
static struct hc_secret *
secret_from_xml(const char *text, size_t n, struct hc_error *err)
{
	static const struct {
		const char *name;
		char c;
	} entities[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	struct hc_secret *secret;
	size_t i, k, m, len;
	char c;

	if (memchr(text, '&', n) == NULL)
		return hc_secret_new_from(text, n, err);
	secret = hc_secret_new(n, err);
	for (i = 0; secret != NULL && i < n; i += len) {
		c = text[i];
		len = 1;
		for (k = 0; c == '&' && k < sizeof(entities) /
		    sizeof(entities[0]); k++) {
			m = strlen(entities[k].name);
			if (m <= n - i && memcmp(text + i, entities[k].name,
			    m) == 0) {
				c = entities[k].c;
				len = m;
				break;
			}
		}
		if (hc_secret_append(secret, &c, 1, err) < 0) {
			hc_secret_free(secret);
			secret = NULL;
		}
	}
	c = '\0';
	return secret;
}

/* Read the Credentials of an AssumeRole response into out. */
static int
assume_role_parse(const char *xml, struct aws_credentials *out,
    struct hc_error *err)
{
	const char *creds, *secret, *token;
	char expiration[64];
	size_t n_secret, n_token;

	if (strstr(xml, "<AssumeRoleResult>") == NULL ||
	    (creds = strstr(xml, "<Credentials>")) == NULL)
		return -1;
	out->access_key_id = calloc(1, 129);
	if (out->access_key_id == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	/* The key id goes into logs and the Authorization header, so it
	 * must be what the STS model allows: 16 to 128 word characters. */
	if (xml_get(creds, "AccessKeyId", out->access_key_id, 129) < 0 ||
	    strlen(out->access_key_id) < 16 ||
	    strspn(out->access_key_id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(out->access_key_id))
		return -1;
	if (xml_get(creds, "Expiration", expiration, sizeof(expiration)) < 0 ||
	    aws_config_parse_time(expiration, &out->expiration) < 0)
		return -1;
	secret = xml_text(creds, "SecretAccessKey", &n_secret);
	token = xml_text(creds, "SessionToken", &n_token);
	if (secret == NULL || token == NULL || n_secret == 0 || n_token == 0)
		return -1;
	out->secret_access_key = secret_from_xml(secret, n_secret, err);
	if (out->secret_access_key == NULL)
		return -1;
	out->session_token = secret_from_xml(token, n_token, err);
	return out->session_token != NULL ? 0 : -1;
}

int
aws_sts_assume_role(const struct aws_config *cfg,
    const struct aws_assume_role *in, struct aws_credentials *out,
    struct hc_error *err)
{
	/* With no region the SDKs call the global endpoint, which signs as
	 * us-east-1. hubcred calls the regional endpoint of us-east-1. */
	struct aws_request req = {
		.service = AWS_SERVICE_STS,
		.region = cfg->region != NULL ? NULL : "us-east-1",
		.operation = "AssumeRole",
		.content_type = FORM_TYPE,
		.resource = in->role_arn,
	};
	struct aws_response resp;
	char *body;
	int rc;

	memset(out, 0, sizeof(*out));
	body = assume_role_form(in, err);
	if (body == NULL)
		return -1;
	req.body = body;
	req.body_len = strlen(body);
	rc = aws_request_perform(cfg, &req, &resp, err);
	free(body);
	if (rc < 0)
		return -1;
	rc = assume_role_parse(resp.body, out, err);
	if (rc < 0) {
		hc_error_set(err, HC_ERR_REMOTE, "sts AssumeRole: invalid "
		    "response (HTTP %ld)", resp.status);
		hc_error_remote(err, NULL, (int)resp.status,
		    resp.request_id[0] ? resp.request_id : NULL);
		aws_credentials_done(out);
	}
	aws_response_done(&resp);
	return rc;
}
