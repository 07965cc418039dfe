/* Parsing and checking ARNs. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arn.h"

/* Copy the field ending at the next ':' (or at the end when last) into
 * dst; returns the position after it, or NULL. */
static const char *
take_field(const char *p, char *dst, size_t size, int last)
{
	const char *end = last ? p + strlen(p) : strchr(p, ':');
	size_t len;

	if (end == NULL)
		return NULL;
	len = (size_t)(end - p);
	if (len >= size)
		return NULL;
	memcpy(dst, p, len);
	dst[len] = '\0';
	return last ? end : end + 1;
}

/* Characters that appear in the ARNs hubcred handles. Anything else (a
 * quote, "${", a backslash, whitespace) would break the Terraform string
 * the ARN is written into, and no AWS resource name has it. */
static int
arn_char_valid(unsigned char c)
{
	return isalnum(c) || strchr(":/_+=.@,-*", c) != NULL;
}

int
arn_parse(const char *text, struct arn *out, struct hc_error *err)
{
	const char *p = text;

	memset(out, 0, sizeof *out);
	for (p = text; *p != '\0'; p++) {
		if (!arn_char_valid((unsigned char)*p)) {
			hc_error_set(err, HC_ERR_INPUT, "invalid character "
			    "'%c' in ARN \"%.200s\"", isprint((unsigned char)*p)
			    ? *p : '?', text);
			hc_error_hint(err, "copy the ARN exactly as AWS shows "
			    "it; it has only letters, digits and :/_+=.@-");
			return -1;
		}
	}
	p = text;
	if (strncmp(p, "arn:", 4) != 0)
		goto invalid;
	p += 4;
	if ((p = take_field(p, out->partition, sizeof out->partition, 0)) ==
		NULL ||
	    (p = take_field(p, out->service, sizeof out->service, 0)) ==
		NULL ||
	    (p = take_field(p, out->region, sizeof out->region, 0)) == NULL ||
	    (p = take_field(p, out->account, sizeof out->account, 0)) ==
		NULL ||
	    take_field(p, out->resource, sizeof out->resource, 1) == NULL)
		goto invalid;
	if (out->partition[0] == '\0' || out->service[0] == '\0' ||
	    out->resource[0] == '\0')
		goto invalid;
	return 0;

invalid:
	hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is not a valid ARN",
	    text);
	hc_error_hint(err, "an ARN looks like arn:aws:secretsmanager:"
	    "REGION:ACCOUNT:secret:NAME-AbCdEf");
	return -1;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/* Secrets Manager appends "-" and six random letters or digits to the
 * name in every full secret ARN. */
static int
has_random_suffix(const char *name)
{
	size_t len = strlen(name);
	size_t i;

	if (len < 8 || name[len - 7] != '-')
		return 0;
	for (i = len - 6; i < len; i++) {
		if (!isalnum((unsigned char)name[i]))
			return 0;
	}
	return 1;
}

int
arn_parse_secret(const char *text, struct arn *out, struct hc_error *err)
{
	struct arn local;
	struct arn *arn = out != NULL ? out : &local;

	if (text[0] == '\0') {
		hc_error_set(err, HC_ERR_INPUT, "the secret's ARN is missing");
		hc_error_hint(err, "give the full ARN from the Secrets "
		    "Manager console or `aws secretsmanager describe-secret "
		    "--secret-id NAME`");
		return -1;
	}
	if (strncmp(text, "arn:", 4) != 0) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is a secret name, "
		    "not an ARN", text);
		hc_error_hint(err, "give the full ARN from the Secrets "
		    "Manager console or `aws secretsmanager describe-secret "
		    "--secret-id NAME`; a name only works in the project's "
		    "own region");
		return -1;
	}
	if (arn_parse(text, arn, err) < 0)
		return -1;
	if (strcmp(arn->service, "secretsmanager") != 0 ||
	    strncmp(arn->resource, "secret:", 7) != 0) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is not the ARN "
		    "of a Secrets Manager secret", text);
		hc_error_hint(err, "a secret ARN has the form arn:aws:"
		    "secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf");
		return -1;
	}
	if (arn->region[0] == '\0' || !all_digits(arn->account, 12)) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" lacks a region or "
		    "a 12-digit account id", text);
		return -1;
	}
	if (!has_random_suffix(arn->resource + 7)) {
		hc_error_set(err, HC_ERR_INPUT, "\"%.200s\" is a partial "
		    "ARN: it lacks the six-character suffix that Secrets "
		    "Manager adds to the name", text);
		hc_error_hint(err, "copy the full ARN, ending in -XXXXXX, "
		    "from the Secrets Manager console or describe-secret");
		return -1;
	}
	return 0;
}

int
arn_kms_key(const char *key, const char *secret_arn, char *buf, size_t size)
{
	struct arn parsed;
	size_t n = strlen(key);
	int len;

	if (arn_parse(key, &parsed, NULL) == 0) {
		if (strcmp(parsed.service, "kms") != 0 ||
		    strncmp(parsed.resource, "key/", 4) != 0)
			return -1;
		len = snprintf(buf, size, "%s", key);
	} else {
		if (n != 36 || strspn(key, "0123456789abcdefABCDEF-") != n ||
		    arn_parse(secret_arn, &parsed, NULL) < 0)
			return -1;
		len = snprintf(buf, size, "arn:%s:kms:%s:%s:key/%s",
		    parsed.partition, parsed.region, parsed.account, key);
	}
	return len >= 0 && (size_t)len < size ? 0 : -1;
}
