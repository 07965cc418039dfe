/*
 * libFuzzer target for the ARN parser. Properties: no crash or
 * out-of-bounds read; a parsed ARN's fields are NUL-terminated, contain
 * no ':' except in the resource, and join back to the input; a secret
 * ARN is also an ARN of service secretsmanager.
 *
 * Build and run with tests/fuzz/run.sh arn SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arn.h"
#include "core/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arn arn, secret;
	struct hc_error err;
	char *text, *joined;
	size_t len;

	text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';

	hc_error_init(&err);
	if (arn_parse(text, &arn, &err) == 0) {
		CHECK(memchr(arn.partition, '\0', sizeof arn.partition));
		CHECK(memchr(arn.resource, '\0', sizeof arn.resource));
		CHECK(strchr(arn.partition, ':') == NULL);
		CHECK(strchr(arn.service, ':') == NULL);
		CHECK(strchr(arn.region, ':') == NULL);
		CHECK(strchr(arn.account, ':') == NULL);
		len = strlen(text) + 1;
		joined = malloc(len);
		CHECK(joined != NULL);
		snprintf(joined, len, "arn:%s:%s:%s:%s:%s", arn.partition,
		    arn.service, arn.region, arn.account, arn.resource);
		CHECK(strcmp(joined, text) == 0);
		free(joined);
	} else {
		CHECK(err.code == HC_ERR_INPUT);
		CHECK(err.message[0] != '\0');
	}

	hc_error_init(&err);
	if (arn_parse_secret(text, &secret, &err) == 0) {
		CHECK(strcmp(secret.service, "secretsmanager") == 0);
		CHECK(strncmp(secret.resource, "secret:", 7) == 0);
	} else {
		CHECK(err.code == HC_ERR_INPUT);
		CHECK(err.message[0] != '\0');
	}
	free(text);
	return 0;
}
