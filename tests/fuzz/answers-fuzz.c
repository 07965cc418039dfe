/*
 * libFuzzer target for the answers file parser. Properties: parsing
 * never crashes, leaks or reads out of bounds; a failure is an input or
 * out-of-memory error with a message; a success has a known version's
 * fields, each a NUL-terminated string or NULL.
 *
 * Build and run with tests/fuzz/run.sh answers SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/answers.h"
#include "core/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

static void
check_string(const char *s)
{
	if (s != NULL)
		CHECK(strlen(s) < (size_t)1 << 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hc_error err;
	struct answers a;
	size_t i;

	hc_error_init(&err);
	answers_init(&a);
	if (answers_parse("fuzz.json", (const char *)data, size, &a,
	    &err) < 0) {
		CHECK(err.code == HC_ERR_INPUT || err.code == HC_ERR_PARSE ||
		    err.code == HC_ERR_NOMEM);
		CHECK(err.message[0] != '\0');
	} else {
		CHECK(!hc_error_is_set(&err));
		check_string(a.project);
		check_string(a.dockerhub_username);
		check_string(a.secret_name);
		check_string(a.secret_region);
		check_string(a.secret_arn);
		check_string(a.kms_key_id);
		check_string(a.variable);
		check_string(a.tfvars);
		check_string(a.policy);
		CHECK(a.nhunks == 0 || a.hunks != NULL);
		for (i = 0; i < a.nhunks; i++)
			CHECK(a.hunks[i] != NULL);
		CHECK(answers_secret_action_name(a.secret_action) != NULL);
	}
	answers_done(&a);
	return 0;
}
