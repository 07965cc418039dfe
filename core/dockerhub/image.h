/*
 * Image references as Docker reads them, and which registry they name.
 *
 * The grammar is the one of github.com/distribution/reference
 * (reference.go, normalize.go):
 *
 *	reference := name [ ":" tag ] [ "@" digest ]
 *	name      := [ domain "/" ] path-component [ "/" path-component ]*
 *	domain    := host [ ":" port ]
 *
 * A first component without "." or ":" that is not "localhost" (and is
 * all lower case) is not a domain: "alpine" is docker.io/library/alpine
 * and "org/app" is docker.io/org/app. Repository paths must be lower
 * case; the domain may not be.
 *
 * Everything here is pure string work: no allocation, no network.
 */
#ifndef HUBCRED_CORE_DOCKERHUB_IMAGE_H
#define HUBCRED_CORE_DOCKERHUB_IMAGE_H

#include "core/error.h"

/* Maximum length of a repository name (domain, "/" and path). */
#define DOCKERHUB_IMAGE_NAME_MAX 255
#define DOCKERHUB_IMAGE_TAG_MAX 128
/* "sha512:" and 128 hex digits is the longest digest in use. */
#define DOCKERHUB_IMAGE_DIGEST_MAX 256

#define DOCKERHUB_IMAGE_KINDS(X)                                          \
	X(DOCKER_HUB, "dockerhub")                                        \
	X(ECR, "ecr")                                                     \
	X(ECR_PUBLIC, "ecr-public")                                       \
	X(CODEBUILD, "codebuild")                                         \
	X(OTHER, "other")                                                 \
	X(UNKNOWN, "unknown")

enum dockerhub_image_kind {
#define DOCKERHUB_IMAGE_KIND_ENUM(name, text) DOCKERHUB_IMAGE_##name,
	DOCKERHUB_IMAGE_KINDS(DOCKERHUB_IMAGE_KIND_ENUM)
#undef DOCKERHUB_IMAGE_KIND_ENUM
};

struct dockerhub_image {
	/* Normalised registry: "docker.io" for Docker Hub, else host[:port]
	 * as written. */
	char domain[DOCKERHUB_IMAGE_NAME_MAX + 1];
	/* Repository path inside the registry: "library/alpine". */
	char path[DOCKERHUB_IMAGE_NAME_MAX + 1];
	/* Empty when the reference has none. */
	char tag[DOCKERHUB_IMAGE_TAG_MAX + 1];
	char digest[DOCKERHUB_IMAGE_DIGEST_MAX + 1];
	/* Whether the text named the registry itself. */
	int explicit_domain;
	enum dockerhub_image_kind kind;
};

/*
 * Parse text as a Docker image reference into out (filled in place, owns
 * nothing). Fails with HC_ERR_INPUT and Docker's own wording ("invalid
 * reference format", "repository name must be lowercase") when text is
 * not a reference; expressions such as "${var.image}" fail too (use
 * dockerhub_image_classify() for those).
 */
int dockerhub_image_parse(const char *text, struct dockerhub_image *out,
    struct hc_error *err);

/*
 * Return the kind of registry that text names. Unlike dockerhub_image_parse() this accepts
 * Terraform template text: "${var.tag}" in a tag or path is read as a
 * placeholder, "${var.account}.dkr.ecr.${var.region}.amazonaws.com/app"
 * is ECR. Empty text, a bare expression and anything that does not parse
 * give DOCKERHUB_IMAGE_UNKNOWN.
 */
enum dockerhub_image_kind dockerhub_image_classify(const char *text);

/* Stable short name ("dockerhub", "ecr", ...), used in scan --json. */
const char *dockerhub_image_kind_name(enum dockerhub_image_kind kind);

/*
 * One or two sentences for a person on what the kind means for the
 * pull: why no Docker Hub setup is needed, or why it is.
 */
const char *dockerhub_image_kind_explain(enum dockerhub_image_kind kind);

/* Return the manifest reference to request: the digest, else the tag, else
 * "latest". Points into image. */
const char *dockerhub_image_reference(const struct dockerhub_image *image);

/*
 * Familiar form of the image as Docker prints it: "alpine:3.20",
 * "org/app@sha256:...", "quay.io/org/app:1". Returns the length needed,
 * like snprintf().
 */
int dockerhub_image_format(const struct dockerhub_image *image, char *buf,
    size_t size);

#endif
