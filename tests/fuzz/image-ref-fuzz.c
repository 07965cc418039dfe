/*
 * libFuzzer target for the Docker image reference parser. Properties:
 * no crash or out-of-bounds read; a parsed reference has bounded,
 * NUL-terminated fields, a lower-case path and a kind, and its familiar
 * form parses again to the same reference (the same kind unless the
 * form drops the domain) unless its path starts like a domain; classify never fails.
 *
 * Build and run with tests/fuzz/run.sh image-ref SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dockerhub/image.h"
#include "core/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

/* Whether the first component of path would be read as a domain. */
static int
looks_like_domain(const char *path)
{
	size_t n = strcspn(path, "/");

	return path[n] == '/' && (memchr(path, '.', n) != NULL ||
	    memchr(path, ':', n) != NULL ||
	    (n == 9 && strncmp(path, "localhost", 9) == 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dockerhub_image img, again;
	struct hc_error err;
	enum dockerhub_image_kind kind;
	char *text, buf[1024];
	const char *c;
	int n;

	text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';

	kind = dockerhub_image_classify(text);
	CHECK(kind <= DOCKERHUB_IMAGE_UNKNOWN);
	CHECK(dockerhub_image_kind_name(kind) != NULL);
	CHECK(dockerhub_image_kind_explain(kind) != NULL);

	hc_error_init(&err);
	if (dockerhub_image_parse(text, &img, &err) < 0) {
		CHECK(err.code == HC_ERR_INPUT);
		CHECK(err.message[0] != '\0');
		goto out;
	}
	CHECK(strlen(img.domain) <= DOCKERHUB_IMAGE_NAME_MAX);
	CHECK(strlen(img.path) <= DOCKERHUB_IMAGE_NAME_MAX);
	CHECK(strlen(img.tag) <= DOCKERHUB_IMAGE_TAG_MAX);
	CHECK(strlen(img.digest) <= DOCKERHUB_IMAGE_DIGEST_MAX);
	CHECK(img.path[0] != '\0' && img.domain[0] != '\0');
	for (c = img.path; *c != '\0'; c++)
		CHECK(!(*c >= 'A' && *c <= 'Z'));
	CHECK(img.kind <= DOCKERHUB_IMAGE_UNKNOWN);
	CHECK(dockerhub_image_reference(&img)[0] != '\0');

	n = dockerhub_image_format(&img, buf, sizeof buf);
	CHECK(n >= 0);
	dockerhub_image_format(&img, buf, 1);
	n = dockerhub_image_format(&img, buf, sizeof buf);
	CHECK((size_t)n < sizeof buf);
	/* Like Docker's FamiliarString, "docker.io/a.b/c" prints as
	 * "a.b/c", which names registry a.b: no round trip there. */
	if (looks_like_domain(img.path))
		goto out;
	CHECK(dockerhub_image_parse(buf, &again, &err) == 0);
	CHECK(strcmp(again.domain, img.domain) == 0);
	CHECK(strcmp(again.path, img.path) == 0);
	CHECK(strcmp(again.tag, img.tag) == 0);
	CHECK(strcmp(again.digest, img.digest) == 0);
	/* "docker.io/aws/codebuild/..." names Docker Hub, while its
	 * familiar form "aws/codebuild/..." is CodeBuild's own image. */
	CHECK(again.kind == img.kind ||
	    again.explicit_domain != img.explicit_domain);
out:
	free(text);
	return 0;
}
