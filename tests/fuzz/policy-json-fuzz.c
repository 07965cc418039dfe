/*
 * libFuzzer target for the policy JSON of heredocs (core/policy.c). The
 * first byte picks the options: CRLF line ends (bit 0) and a second
 * statement, kms:Decrypt with a kms:ViaService condition (bit 1). The
 * rest is the policy text. Properties: policy_json_add() and policy_json_grants()
 * never crash, leak or read out of bounds; the insertion offset lies
 * inside the text; when the text is a JSON object and the insertion
 * succeeds, the result is still JSON and policy_json_grants() finds the
 * added permission. policy_glob() is checked against a plain comparison
 * for patterns without wildcards.
 *
 * Build and run with tests/fuzz/run.sh policy-json SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/error.h"
#include "core/policy.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

static const struct policy_statement statements[] = {
	{ "secretsmanager:GetSecretValue", "var.docker_hub_secret_arn", NULL },
	{ "kms:Decrypt", "var.docker_hub_secret_kms_key_arn",
	    "secretsmanager.eu-west-1.amazonaws.com" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Insert text at offset into json and check the result. */
static void
check_result(const char *json, size_t len, uint32_t offset, const char *text,
    size_t n)
{
	struct policy_query q = {0};
	size_t tlen = strlen(text), i;
	json_t *before, *after;
	char *out;

	CHECK(offset <= len);
	out = malloc(len + tlen);
	CHECK(out != NULL);
	memcpy(out, json, offset);
	memcpy(out + offset, text, tlen);
	memcpy(out + offset + tlen, json + offset, len - offset);
	before = json_loadb(json, len, 0, NULL);
	if (before != NULL) {
		json_decref(before);
		after = json_loadb(out, len + tlen, 0, NULL);
		CHECK(after != NULL);
		json_decref(after);
		for (i = 0; i < n; i++) {
			q.action = statements[i].action;
			q.var_ref = statements[i].var_ref;
			q.literal = NULL;
			CHECK(policy_json_grants(out, len + tlen, &q) == 1);
		}
	}
	free(out);
}

static void
check_glob(const uint8_t *data, size_t size)
{
	size_t half = size / 2;
	char *text;

	text = malloc(size - half + 1);
	CHECK(text != NULL);
	memcpy(text, data + half, size - half);
	text[size - half] = '\0';
	if (memchr(data, '*', half) == NULL && memchr(data, '?', half) ==
	    NULL) {
		int same = strlen(text) == half &&
		    memcmp(data, text, half) == 0;

		CHECK(policy_glob((const char *)data, half, text, 0) == same);
		if (same)
			CHECK(policy_glob((const char *)data, half, text, 1));
	}
	CHECK(policy_glob("*", 1, text, 0) == 1);
	if (policy_glob((const char *)data, half, text, 0))
		CHECK(policy_glob((const char *)data, half, text, 1));
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_query q = {
		.action = "secretsmanager:GetSecretValue",
		.var_ref = "var.docker_hub_secret_arn",
		.literal = "arn:aws:secretsmanager:eu-west-1:1:secret:ci/hub-AbCdEf",
	};
	struct hc_error err;
	uint32_t offset = 0;
	const char *json;
	char *text = NULL;
	size_t len, n;
	uint8_t flags;

	if (size == 0)
		return 0;
	flags = data[0];
	json = (const char *)data + 1;
	len = size - 1;
	n = flags & 2 ? 2 : 1;
	check_glob(data, size);
	(void)policy_json_grants(json, len, &q);
	hc_error_init(&err);
	if (policy_json_add(json, len, flags & 1 ? "\r\n" : "\n", statements,
	    n, &offset, &text, &err) == 0) {
		CHECK(text != NULL);
		check_result(json, len, offset, text, n);
	} else {
		CHECK(err.message[0] != '\0');
		CHECK(text == NULL);
	}
	free(text);
	return 0;
}
