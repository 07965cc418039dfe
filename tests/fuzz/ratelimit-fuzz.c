/*
 * libFuzzer target for Docker Hub's rate-limit headers and 429 bodies.
 * The input is split at its first two NUL bytes into a header value, a
 * Content-Type and a body. Properties: no crash, leak or out-of-bounds
 * read; a parsed value leaves its outputs untouched on failure and gives
 * a count >= 0; Retry-After is -1 or >= 0; the summary formats within
 * its buffer.
 *
 * Build and run with tests/fuzz/run.sh ratelimit SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dockerhub/ratelimit.h"

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
	static const char *const names[] = {
		"ratelimit-limit", "RateLimit-Remaining",
		"docker-ratelimit-source", "x-other",
	};
	struct dockerhub_ratelimit rl;
	char *copy, *value, *type, *body, *nul, buf[512];
	size_t i, body_len;
	long count = -7, window = -7, wait;
	int n;

	copy = malloc(size + 1);
	CHECK(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = '\0';
	value = copy;
	type = NULL;
	body = copy + size;
	body_len = 0;
	nul = memchr(copy, '\0', size);
	if (nul != NULL) {
		type = nul + 1;
		nul = memchr(type, '\0', (size_t)(copy + size - type));
		if (nul != NULL) {
			body = nul + 1;
			body_len = (size_t)(copy + size - body);
		}
	}

	if (dockerhub_ratelimit_parse_value(value, &count, &window) < 0) {
		CHECK(count == -7 && window == -7);
	} else {
		CHECK(count >= 0);
		CHECK(window >= -1);
	}
	wait = dockerhub_ratelimit_retry_after(value, 1700000000);
	CHECK(wait >= -1);

	dockerhub_ratelimit_init(&rl);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		dockerhub_ratelimit_feed(&rl, names[i], value);
	CHECK(memchr(rl.source, '\0', sizeof rl.source) != NULL);
	rl.checked = 1;
	rl.http_status = 200;
	rl.throttle = dockerhub_ratelimit_classify_429(type, body, body_len);
	CHECK(rl.throttle <= DOCKERHUB_THROTTLE_OTHER);
	CHECK(dockerhub_ratelimit_throttle_explain(rl.throttle) != NULL);
	n = dockerhub_ratelimit_format(&rl, &rl, value, buf, sizeof buf);
	CHECK(n >= 0);
	CHECK(strlen(buf) < sizeof buf);
	n = dockerhub_ratelimit_format(&rl, NULL, NULL, buf, 1);
	CHECK(n >= 0 && buf[0] == '\0');
	free(copy);
	return 0;
}
