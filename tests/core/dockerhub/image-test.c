/* Image references: Docker's grammar, normalisation and our registry
 * classification, as a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/dockerhub/image.h"

#define HEX64 "0123456789abcdef0123456789abcdef" \
	"0123456789abcdef0123456789abcdef"
#define HEX128 HEX64 HEX64

struct parse_case {
	const char *text;
	/* Expected domain, path, tag, digest and kind; domain NULL when
	 * the text must be rejected, with error containing path. */
	const char *domain;
	const char *path;
	const char *tag;
	const char *digest;
	enum dockerhub_image_kind kind;
};

#define HUB DOCKERHUB_IMAGE_DOCKER_HUB
#define ECR DOCKERHUB_IMAGE_ECR
#define ECRP DOCKERHUB_IMAGE_ECR_PUBLIC
#define CB DOCKERHUB_IMAGE_CODEBUILD
#define OTHER DOCKERHUB_IMAGE_OTHER
#define UNKNOWN DOCKERHUB_IMAGE_UNKNOWN
#define BAD(text, message) {text, NULL, message, NULL, NULL, UNKNOWN}

static const struct parse_case parse_cases[] = {
	/* Docker Hub, official and organisation images. */
	{"alpine", "docker.io", "library/alpine", "", "", HUB},
	{"alpine:3.20", "docker.io", "library/alpine", "3.20", "", HUB},
	{"python:3.12-bookworm", "docker.io", "library/python",
	    "3.12-bookworm", "", HUB},
	{"gradle:8.7-jdk21", "docker.io", "library/gradle", "8.7-jdk21", "",
	    HUB},
	{"docker.io/library/python:3.12", "docker.io", "library/python",
	    "3.12", "", HUB},
	{"docker.io/python", "docker.io", "library/python", "", "", HUB},
	{"index.docker.io/library/node:20", "docker.io", "library/node",
	    "20", "", HUB},
	{"index.docker.io/node", "docker.io", "library/node", "", "", HUB},
	{"registry-1.docker.io/library/node", "registry-1.docker.io",
	    "library/node", "", "", HUB},
	{"acmecorp/build-tools:3.2", "docker.io", "acmecorp/build-tools",
	    "3.2", "", HUB},
	{"hashicorp/terraform:1.7.5", "docker.io", "hashicorp/terraform",
	    "1.7.5", "", HUB},
	{"bitnami/git:2.44.0", "docker.io", "bitnami/git", "2.44.0", "", HUB},
	{"example-org/builder", "docker.io", "example-org/builder", "", "",
	    HUB},
	{"a/b/c/d:e", "docker.io", "a/b/c/d", "e", "", HUB},
	{"my_org/my__app", "docker.io", "my_org/my__app", "", "", HUB},
	{"org/app---x.y_z", "docker.io", "org/app---x.y_z", "", "", HUB},
	{"alpine@sha256:" HEX64, "docker.io", "library/alpine", "",
	    "sha256:" HEX64, HUB},
	{"alpine:3@sha256:" HEX64, "docker.io", "library/alpine", "3",
	    "sha256:" HEX64, HUB},
	{"org/app@sha512:" HEX128, "docker.io", "org/app", "",
	    "sha512:" HEX128, HUB},
	{"node:Latest_V2", "docker.io", "library/node", "Latest_V2", "", HUB},
	/* "localhost:5000" alone is the image "localhost", tag "5000". */
	{"localhost:5000", "docker.io", "library/localhost", "5000", "", HUB},
	/* CodeBuild's own images. */
	{"aws/codebuild/standard:7.0", "docker.io", "aws/codebuild/standard",
	    "7.0", "", CB},
	{"aws/codebuild/amazonlinux2-x86_64-standard:5.0", "docker.io",
	    "aws/codebuild/amazonlinux2-x86_64-standard", "5.0", "", CB},
	{"docker.io/aws/codebuild/standard:7.0", "docker.io",
	    "aws/codebuild/standard", "7.0", "", HUB},
	/* ECR, ECR Public. */
	{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1",
	    "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "app", "1", "",
	    ECR},
	{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app",
	    "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "team/app", "",
	    "", ECR},
	{"123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/app",
	    "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com", "app", "", "",
	    ECR},
	{"123456789012.dkr-ecr.us-east-1.on.aws/app",
	    "123456789012.dkr-ecr.us-east-1.on.aws", "app", "", "", ECR},
	{"12345.dkr.ecr.eu-west-1.amazonaws.com/app",
	    "12345.dkr.ecr.eu-west-1.amazonaws.com", "app", "", "", OTHER},
	{"public.ecr.aws/docker/library/node:20", "public.ecr.aws",
	    "docker/library/node", "20", "", ECRP},
	{"public.ecr.aws/codebuild/amazonlinux2-x86_64-standard:5.0",
	    "public.ecr.aws", "codebuild/amazonlinux2-x86_64-standard", "5.0",
	    "", ECRP},
	/* Other registries. */
	{"quay.io/prometheus/node-exporter:v1.8.0", "quay.io",
	    "prometheus/node-exporter", "v1.8.0", "", OTHER},
	{"ghcr.io/org/tool:main", "ghcr.io", "org/tool", "main", "", OTHER},
	{"mcr.microsoft.com/dotnet/sdk:8.0", "mcr.microsoft.com",
	    "dotnet/sdk", "8.0", "", OTHER},
	{"localhost:5000/app:dev", "localhost:5000", "app", "dev", "", OTHER},
	{"localhost/app", "localhost", "app", "", "", OTHER},
	{"127.0.0.1:5000/app", "127.0.0.1:5000", "app", "", "", OTHER},
	{"[::1]:5000/app:1", "[::1]:5000", "app", "1", "", OTHER},
	{"registry.example.com:443/a/b@sha256:" HEX64,
	    "registry.example.com:443", "a/b", "", "sha256:" HEX64, OTHER},
	/* An upper-case first component is a registry, as in Docker. */
	{"Registry/app", "Registry", "app", "", "", OTHER},
	{"Quay.IO/org/app", "Quay.IO", "org/app", "", "", OTHER},
	/* Rejected, with Docker's wording. */
	BAD("", "at least one component"),
	BAD("Alpine", "must be lowercase"),
	BAD("docker.io/Org/app", "must be lowercase"),
	BAD("org/App:1", "must be lowercase"),
	BAD(HEX64, "64-byte hexadecimal"),
	BAD("alpine:", "invalid reference format"),
	BAD(":3.20", "invalid reference format"),
	BAD("alpine:.x", "invalid reference format"),
	BAD("alpine:-x", "invalid reference format"),
	BAD("org//app", "invalid reference format"),
	BAD("org/app/", "invalid reference format"),
	BAD("/app", "invalid reference format"),
	BAD("org/-app", "invalid reference format"),
	BAD("org/app_", "invalid reference format"),
	BAD("org/a___b", "invalid reference format"),
	BAD("org/a..b", "invalid reference format"),
	BAD("-host.io/app", "invalid reference format"),
	BAD("host-.io/app", "invalid reference format"),
	BAD("host.io:/app", "invalid reference format"),
	BAD("host.io:5x/app", "invalid reference format"),
	BAD("app with space", "invalid reference format"),
	BAD("app:tag:again", "invalid reference format"),
	BAD("app@sha256:abc", "invalid reference format"),
	BAD("app@", "invalid reference format"),
	BAD("app@sha256:" HEX64 "0", "invalid checksum digest length"),
	BAD("app@md5:" HEX64, "unsupported digest algorithm"),
	BAD("app@sha256:" "0123456789ABCDEF0123456789abcdef"
	    "0123456789abcdef0123456789abcdef", "digest format"),
	BAD("${var.image}", "invalid reference format"),
	BAD("a:"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "9", "invalid reference format"),
	BAD("org/"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123",
	    "more than 255 characters"),
};

static void
test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
		const struct parse_case *c = &parse_cases[i];
		struct dockerhub_image image;
		struct hc_error err;
		int rc;

		hc_error_init(&err);
		rc = dockerhub_image_parse(c->text, &image, &err);
		if (c->domain == NULL) {
			if (rc != -1 || strstr(err.message, c->path) == NULL)
				fail_msg("%s: want error '%s', got rc %d '%s'",
				    c->text, c->path, rc, err.message);
			assert_int_equal(err.code, HC_ERR_INPUT);
			continue;
		}
		if (rc != 0)
			fail_msg("%s: %s", c->text, err.message);
		assert_string_equal(image.domain, c->domain);
		assert_string_equal(image.path, c->path);
		assert_string_equal(image.tag, c->tag);
		assert_string_equal(image.digest, c->digest);
		if (image.kind != c->kind)
			fail_msg("%s: kind %s, want %s", c->text,
			    dockerhub_image_kind_name(image.kind),
			    dockerhub_image_kind_name(c->kind));
		assert_int_equal(dockerhub_image_classify(c->text), c->kind);
	}
}

struct classify_case {
	const char *text;
	enum dockerhub_image_kind kind;
};

static const struct classify_case classify_cases[] = {
	{NULL, UNKNOWN},
	{"", UNKNOWN},
	{"${var.image}", UNKNOWN},
	{"${var.image}:latest", UNKNOWN},
	{"${var.org}/app:1", UNKNOWN},
	{"${local.registry}/org/app", UNKNOWN},
	{"var.build_image", UNKNOWN},
	{"local.image", UNKNOWN},
	{"node:${var.node_version}", HUB},
	{"org/${var.name}:latest", HUB},
	{"docker.io/org/app-${var.flavour}:1", HUB},
	{"aws/codebuild/standard:${var.v}", CB},
	{"${var.account}.dkr.ecr.${var.region}.amazonaws.com/app:1", ECR},
	{"${data.aws_caller_identity.c.account_id}.dkr.ecr.eu-west-1"
	    ".amazonaws.com/${var.repo}:${var.tag}", ECR},
	{"${var.account}.dkr.ecr.cn-north-1.amazonaws.com.cn/app", ECR},
	{"quay.io/${var.org}/app:${var.tag}", OTHER},
	{"public.ecr.aws/${var.alias}/app", ECRP},
	{"org/app@${var.digest}", HUB},
	{"%{if var.x}a%{else}b%{endif}", UNKNOWN},
	{"node:${var.unterminated", UNKNOWN},
	{"Not An Image", UNKNOWN},
};

static void
test_classify_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof classify_cases / sizeof classify_cases[0];
	    i++) {
		const struct classify_case *c = &classify_cases[i];
		enum dockerhub_image_kind got;

		got = dockerhub_image_classify(c->text);
		if (got != c->kind)
			fail_msg("%s: %s, want %s", c->text ? c->text : "NULL",
			    dockerhub_image_kind_name(got),
			    dockerhub_image_kind_name(c->kind));
	}
}

static void
test_format_and_reference(void **state)
{
	static const char *const round_trip[][2] = {
		{"docker.io/library/alpine:3.20", "alpine:3.20"},
		{"index.docker.io/org/app", "org/app"},
		{"alpine@sha256:" HEX64, "alpine@sha256:" HEX64},
		{"quay.io/org/app:1", "quay.io/org/app:1"},
		{"localhost:5000/library/app", "localhost:5000/library/app"},
	};
	struct dockerhub_image image;
	char buf[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof round_trip / sizeof round_trip[0]; i++) {
		assert_int_equal(dockerhub_image_parse(round_trip[i][0], &image,
		    NULL), 0);
		assert_int_equal(dockerhub_image_format(&image, buf,
		    sizeof buf), (int)strlen(round_trip[i][1]));
		assert_string_equal(buf, round_trip[i][1]);
	}

	assert_int_equal(dockerhub_image_parse("alpine", &image, NULL), 0);
	assert_string_equal(dockerhub_image_reference(&image), "latest");
	assert_int_equal(dockerhub_image_parse("alpine:3", &image, NULL), 0);
	assert_string_equal(dockerhub_image_reference(&image), "3");
	assert_int_equal(dockerhub_image_parse("alpine:3@sha256:" HEX64,
	    &image, NULL), 0);
	assert_string_equal(dockerhub_image_reference(&image),
	    "sha256:" HEX64);
}

static void
test_kind_strings(void **state)
{
	(void)state;
	assert_string_equal(dockerhub_image_kind_name(HUB), "dockerhub");
	assert_string_equal(dockerhub_image_kind_name(ECRP), "ecr-public");
	assert_string_equal(dockerhub_image_kind_name(CB), "codebuild");
	assert_string_equal(dockerhub_image_kind_name(UNKNOWN), "unknown");
	assert_non_null(strstr(dockerhub_image_kind_explain(CB),
	    "SERVICE_ROLE must not be used"));
	assert_non_null(strstr(dockerhub_image_kind_explain(OTHER),
	    "not Docker Hub"));
	assert_non_null(strstr(dockerhub_image_kind_explain(HUB),
	    "rate limit"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_classify_table),
		cmocka_unit_test(test_format_and_reference),
		cmocka_unit_test(test_kind_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
