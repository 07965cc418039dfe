/*
 * libFuzzer target for the output of a credential_process, parsed by
 * aws_config_credential_parse() without running a process. The input is
 * copied into a buffer of its exact size, so a read past the end is an
 * ASan error. Properties: no crash, leak or out-of-bounds read; a failure
 * is an authentication or out-of-memory error with a message and leaves
 * the credentials empty; a success has a key id and a secret key, and a
 * session token only when it is not empty.
 *
 * Build and run with tests/fuzz/run.sh credential-process SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/config.h"
#include "core/error.h"
#include "core/secret.h"

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
	struct aws_credentials creds;
	struct hc_error err;
	char *text;

	text = malloc(size ? size : 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	memset(&creds, 0, sizeof creds);
	hc_error_init(&err);
	if (aws_config_credential_parse(text, size, &creds, &err) < 0) {
		CHECK(err.code == HC_ERR_AUTH || err.code == HC_ERR_NOMEM);
		CHECK(err.message[0] != '\0');
		CHECK(creds.access_key_id == NULL);
		CHECK(creds.secret_access_key == NULL);
		CHECK(creds.session_token == NULL);
	} else {
		CHECK(!hc_error_is_set(&err));
		CHECK(creds.access_key_id != NULL);
		CHECK(creds.secret_access_key != NULL);
		CHECK(creds.session_token == NULL ||
		    hc_secret_len(creds.session_token) > 0);
	}
	aws_credentials_done(&creds);
	free(text);
	return 0;
}
