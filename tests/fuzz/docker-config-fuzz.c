/*
 * libFuzzer target for docker's config.json, parsed by
 * dockerhub_dockerconfig_parse(): "auths" (base64 "user:secret" or
 * username and password), "credHelpers" and "credsStore". No helper is
 * run. The input is copied into a buffer of its exact size. Properties:
 * no crash, leak or out-of-bounds read; an error is one that
 * dockerhub_dockerconfig_find() documents, with a message, and leaves
 * the login empty; a login has a username and a non-empty secret and
 * names the file as its source.
 *
 * Build and run with tests/fuzz/run.sh docker-config SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dockerhub/dockerconfig.h"
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
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	char *text, *helper;

	text = malloc(size ? size : 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	hc_error_init(&err);
	if (dockerhub_dockerconfig_parse(text, size, "config.json", &helper,
	    &login, &err) < 0) {
		CHECK(err.code == HC_ERR_PARSE || err.code == HC_ERR_NOMEM ||
		    err.code == HC_ERR_NOT_FOUND ||
		    err.code == HC_ERR_UNSUPPORTED);
		CHECK(err.message[0] != '\0');
		CHECK(login.secret == NULL);
		CHECK(login.username[0] == '\0');
	} else {
		CHECK(!hc_error_is_set(&err));
		CHECK(login.username[0] != '\0');
		CHECK(login.secret != NULL);
		CHECK(hc_secret_len(login.secret) > 0);
		CHECK(strcmp(login.source, "config.json") == 0);
		CHECK(!login.from_helper);
	}
	if (helper != NULL)
		CHECK(helper[0] != '\0');
	free(helper);
	dockerhub_dockerconfig_login_done(&login);
	free(text);
	return 0;
}
