/*
 * Docker image references: parse them the way docker pull does, and tell
 * which registry an image comes from.
 *
 * Grammar and normalisation follow github.com/distribution/reference
 * (regexp.go, normalize.go) and the digest rules of
 * github.com/opencontainers/go-digest (algorithm.go).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/dockerhub/image.h"

#define DEFAULT_DOMAIN "docker.io"
#define LEGACY_DOMAIN "index.docker.io"
#define OFFICIAL_PREFIX "library/"

static const char *const kind_names[] = {
#define DOCKERHUB_IMAGE_KIND_ROW(name, text) text,
	DOCKERHUB_IMAGE_KINDS(DOCKERHUB_IMAGE_KIND_ROW)
#undef DOCKERHUB_IMAGE_KIND_ROW
};

static int
is_lower_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int
is_alnum(int c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_hex_lower(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static int
is_word(int c)
{
	return is_alnum(c) || c == '_';
}

static int
has_upper(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			return 1;
	}
	return 0;
}

/*
 * domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 * Returns the length matched at s (stopping before '.', ':' or the end).
 */
static size_t
match_domain_component(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (is_alnum(s[i]) || s[i] == '-'))
		i++;
	if (i == 0 || s[0] == '-' || s[i - 1] == '-')
		return 0;
	return i;
}

/* host [ ":" port ] where host is a DNS name, IPv4 or [IPv6]. */
static int
valid_domain(const char *s, size_t n)
{
	size_t i = 0, k;

	if (n > 0 && s[0] == '[') {
		/* An IPv6 address in brackets: hex digits, ':' and '.'. */
		for (i = 1; i < n && s[i] != ']'; i++) {
			if (!is_alnum(s[i]) && s[i] != ':' && s[i] != '.')
				return 0;
		}
		if (i >= n || i == 1)
			return 0;
		i++;
	} else {
		for (;;) {
			k = match_domain_component(s + i, n - i);
			if (k == 0)
				return 0;
			i += k;
			if (i < n && s[i] == '.') {
				i++;
				continue;
			}
			break;
		}
	}
	if (i == n)
		return 1;
	if (s[i] != ':' || i + 1 == n)
		return 0;
	for (i++; i < n; i++) {
		if (!is_digit(s[i]))
			return 0;
	}
	return 1;
}

/*
 * path-component := [a-z0-9]+ ( separator [a-z0-9]+ )*
 * separator      := [_.] | "__" | "-"+
 * Upper case letters are accepted here when fold is set, so that the
 * caller can tell "must be lowercase" from other errors.
 */
static int
valid_path_component(const char *s, size_t n, int fold)
{
	size_t i = 0, sep;

	for (;;) {
		size_t start = i;

		while (i < n && (is_lower_alnum(s[i]) ||
		    (fold && is_alnum(s[i]))))
			i++;
		if (i == start)
			return 0;
		if (i == n)
			return 1;
		sep = i;
		if (s[i] == '.')
			i++;
		else if (s[i] == '_')
			i += (i + 1 < n && s[i + 1] == '_') ? 2 : 1;
		else
			while (i < n && s[i] == '-')
				i++;
		if (i == sep)
			return 0;
	}
}

static int
valid_path(const char *s, size_t n, int fold)
{
	const char *slash;

	while ((slash = memchr(s, '/', n)) != NULL) {
		if (!valid_path_component(s, (size_t)(slash - s), fold))
			return 0;
		n -= (size_t)(slash - s) + 1;
		s = slash + 1;
	}
	return valid_path_component(s, n, fold);
}

/* tag := [\w][\w.-]{0,127} */
static int
valid_tag(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > DOCKERHUB_IMAGE_TAG_MAX || !is_word(s[0]))
		return 0;
	for (i = 1; i < n; i++) {
		if (!is_word(s[i]) && s[i] != '.' && s[i] != '-')
			return 0;
	}
	return 1;
}

/* Length of the hex part each registered algorithm needs (go-digest). */
static size_t
digest_hex_length(const char *algorithm, size_t n)
{
	static const struct {
		const char *name;
		size_t hex;
	} known[] = {
		{"sha256", 64},
		{"sha384", 96},
		{"sha512", 128},
	};
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strlen(known[i].name) == n &&
		    memcmp(known[i].name, algorithm, n) == 0)
			return known[i].hex;
	}
	return 0;
}

/*
 * digest := algorithm ":" hex, algorithm components [A-Za-z][A-Za-z0-9]*
 * joined by [+._-]; hex at least 32 characters. Then go-digest's own
 * checks: a known algorithm, lower-case hex of the right length.
 */
static int
check_digest(const char *s, struct hc_error *err)
{
	const char *colon = strchr(s, ':'), *p;
	size_t hex;
	int start = 1;

	if (colon == NULL || colon == s)
		goto invalid;
	for (p = s; p < colon; p++) {
		if (start && !((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z')))
			goto invalid;
		start = strchr("+._-", *p) != NULL;
		if (!start && !is_alnum(*p))
			goto invalid;
	}
	if (start || strlen(colon + 1) < 32)
		goto invalid;
	for (p = colon + 1; *p != '\0'; p++) {
		if (!is_digit(*p) && !((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f'))
			goto invalid;
	}
	hex = digest_hex_length(s, (size_t)(colon - s));
	if (hex == 0) {
		hc_error_set(err, HC_ERR_INPUT, "unsupported digest algorithm");
		return -1;
	}
	for (p = colon + 1; *p != '\0'; p++) {
		if (!is_hex_lower(*p)) {
			hc_error_set(err, HC_ERR_INPUT,
			    "invalid checksum digest format");
			return -1;
		}
	}
	if (strlen(colon + 1) != hex) {
		hc_error_set(err, HC_ERR_INPUT,
		    "invalid checksum digest length");
		return -1;
	}
	return 0;

invalid:
	hc_error_set(err, HC_ERR_INPUT, "invalid reference format");
	return -1;
}

static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++) {
		if (!is_hex_lower(s[i]))
			return 0;
	}
	return s[64] == '\0';
}

static int
is_docker_hub_domain(const char *domain)
{
	return strcasecmp(domain, DEFAULT_DOMAIN) == 0 ||
	    strcasecmp(domain, LEGACY_DOMAIN) == 0 ||
	    strcasecmp(domain, "registry-1.docker.io") == 0 ||
	    strcasecmp(domain, "registry.hub.docker.com") == 0;
}

/* Whether s (n bytes) ends with suffix, ignoring case. */
static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

/*
 * Private ECR registries:
 *   ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn] (and the isolated
 *   partitions' c2s.ic.gov, sc2s.sgov.gov), and the dual-stack form
 *   ACCOUNT.dkr-ecr[-fips].REGION.on.aws.
 * With loose set, the account and region may be template placeholders.
 * https://docs.aws.amazon.com/general/latest/gr/ecr.html
 */
static int
is_ecr_domain(const char *domain, int loose)
{
	static const char *const suffixes[] = {
		".amazonaws.com", ".amazonaws.com.cn", ".c2s.ic.gov",
		".sc2s.sgov.gov", ".on.aws",
	};
	const char *dot = strchr(domain, '.');
	size_t n = strlen(domain), i;
	int dual;

	if (dot == NULL)
		return 0;
	if (!loose) {
		if (dot - domain != 12)
			return 0;
		for (i = 0; i < 12; i++) {
			if (!is_digit(domain[i]))
				return 0;
		}
	}
	dual = ends_with(domain, n, ".on.aws");
	if (strncasecmp(dot, dual ? ".dkr-ecr." : ".dkr.ecr.", 9) != 0 &&
	    strncasecmp(dot, dual ? ".dkr-ecr-fips." : ".dkr.ecr-fips.",
	    14) != 0)
		return 0;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (ends_with(domain, n, suffixes[i]))
			return 1;
	}
	return 0;
}

static enum dockerhub_image_kind
kind_of(const struct dockerhub_image *image)
{
	if (is_docker_hub_domain(image->domain)) {
		/* CodeBuild's curated images are written without a
		 * registry; CodeBuild resolves them itself. */
		if (!image->explicit_domain &&
		    strncmp(image->path, "aws/codebuild/", 14) == 0)
			return DOCKERHUB_IMAGE_CODEBUILD;
		return DOCKERHUB_IMAGE_DOCKER_HUB;
	}
	if (strcasecmp(image->domain, "public.ecr.aws") == 0)
		return DOCKERHUB_IMAGE_ECR_PUBLIC;
	if (is_ecr_domain(image->domain, 0))
		return DOCKERHUB_IMAGE_ECR;
	return DOCKERHUB_IMAGE_OTHER;
}

/*
 * Split "name[:tag][@digest]" in place: rest is the name, *tag and
 * *digest point into the same buffer (NULL when absent). A ':' counts as
 * a tag separator only after the last '/', since "host:5000/app" has a
 * port.
 */
static void
split_reference(char *rest, char **tag, char **digest)
{
	char *at = strchr(rest, '@'), *colon, *slash;

	*tag = NULL;
	*digest = NULL;
	if (at != NULL) {
		*at = '\0';
		*digest = at + 1;
	}
	colon = strrchr(rest, ':');
	slash = strrchr(rest, '/');
	if (colon != NULL && (slash == NULL || colon > slash)) {
		*colon = '\0';
		*tag = colon + 1;
	}
}

/* Docker's splitDockerDomain(): decide whether the first component of
 * name is a registry. */
static size_t
domain_length(const char *name)
{
	const char *slash = strchr(name, '/');
	size_t n;

	if (slash == NULL)
		return 0;
	n = (size_t)(slash - name);
	if (memchr(name, '.', n) == NULL && memchr(name, ':', n) == NULL &&
	    !(n == 9 && memcmp(name, "localhost", 9) == 0) &&
	    !has_upper(name, n))
		return 0;
	return n;
}

static int
fill_name(const char *name, struct dockerhub_image *out,
    struct hc_error *err)
{
	size_t dn = domain_length(name);
	const char *path = dn ? name + dn + 1 : name;
	size_t pn = strlen(path);

	if (strlen(name) > DOCKERHUB_IMAGE_NAME_MAX)
		goto too_long;
	if (dn > 0 && !valid_domain(name, dn))
		goto invalid;
	if (!valid_path(path, pn, 1))
		goto invalid;
	if (has_upper(path, pn)) {
		hc_error_set(err, HC_ERR_INPUT, "invalid reference format: "
		    "repository name (%s) must be lowercase", path);
		return -1;
	}
	if (dn > 0) {
		memcpy(out->domain, name, dn);
		out->domain[dn] = '\0';
		out->explicit_domain = 1;
	} else {
		strcpy(out->domain, DEFAULT_DOMAIN);
	}
	if (strcmp(out->domain, LEGACY_DOMAIN) == 0)
		strcpy(out->domain, DEFAULT_DOMAIN);
	if (strcmp(out->domain, DEFAULT_DOMAIN) == 0 &&
	    memchr(path, '/', pn) == NULL) {
		if (pn + strlen(OFFICIAL_PREFIX) > DOCKERHUB_IMAGE_NAME_MAX)
			goto too_long;
		snprintf(out->path, sizeof out->path, OFFICIAL_PREFIX "%s",
		    path);
	} else {
		memcpy(out->path, path, pn + 1);
	}
	if (strlen(out->domain) + 1 + strlen(out->path) >
	    DOCKERHUB_IMAGE_NAME_MAX)
		goto too_long;
	return 0;

invalid:
	hc_error_set(err, HC_ERR_INPUT, "invalid reference format");
	return -1;
too_long:
	hc_error_set(err, HC_ERR_INPUT, "repository name must not be more "
	    "than %d characters", DOCKERHUB_IMAGE_NAME_MAX);
	return -1;
}

int
dockerhub_image_parse(const char *text, struct dockerhub_image *out,
    struct hc_error *err)
{
	char buf[DOCKERHUB_IMAGE_NAME_MAX + DOCKERHUB_IMAGE_TAG_MAX +
	    DOCKERHUB_IMAGE_DIGEST_MAX + 3];
	char *tag, *digest;

	memset(out, 0, sizeof *out);
	if (text == NULL || *text == '\0') {
		hc_error_set(err, HC_ERR_INPUT, "repository name must have "
		    "at least one component");
		return -1;
	}
	if (strlen(text) >= sizeof buf) {
		hc_error_set(err, HC_ERR_INPUT, "invalid reference format");
		return -1;
	}
	if (is_hex64(text)) {
		hc_error_set(err, HC_ERR_INPUT, "invalid repository name "
		    "(%s), cannot specify 64-byte hexadecimal strings", text);
		return -1;
	}
	strcpy(buf, text);
	split_reference(buf, &tag, &digest);
	if (*buf == '\0')
		goto invalid;
	if (fill_name(buf, out, err) < 0)
		goto fail;
	if (tag != NULL) {
		if (!valid_tag(tag))
			goto invalid;
		strcpy(out->tag, tag);
	}
	if (digest != NULL) {
		if (strlen(digest) > DOCKERHUB_IMAGE_DIGEST_MAX ||
		    check_digest(digest, err) < 0)
			goto invalid;
		strcpy(out->digest, digest);
	}
	out->kind = kind_of(out);
	return 0;

invalid:
	/* A no-op when a more precise reason was already set. */
	hc_error_set(err, HC_ERR_INPUT, "invalid reference format");
fail:
	memset(out, 0, sizeof *out);
	return -1;
}

/*
 * Terraform template text: replace each ${...} or %{...} (braces may
 * nest, quotes are not special here) with a single 0x01 byte. Returns
 * the number of placeholders, or -1 if a sequence is unterminated or the
 * result does not fit.
 */
static int
mark_templates(const char *text, char *out, size_t size)
{
	size_t o = 0;
	int count = 0, depth;

	while (*text != '\0') {
		if ((text[0] == '$' || text[0] == '%') && text[1] == '{') {
			/* "$${" is an escaped literal "${" in HCL. */
			if (text[0] == '$' && o > 0 && out[o - 1] == '$')
				return -1;
			for (depth = 0, text += 1; *text != '\0'; text++) {
				if (*text == '{')
					depth++;
				else if (*text == '}' && --depth == 0)
					break;
			}
			if (*text == '\0')
				return -1;
			text++;
			if (o + 1 >= size)
				return -1;
			out[o++] = '\x01';
			count++;
			continue;
		}
		if (o + 1 >= size)
			return -1;
		out[o++] = *text++;
	}
	out[o] = '\0';
	return count;
}

/* A bare Terraform reference such as "var.image", passed unevaluated. */
static int
is_bare_reference(const char *text)
{
	static const char *const roots[] = {
		"var.", "local.", "module.", "data.", "each.", "count.",
	};
	size_t i;

	if (strchr(text, '/') != NULL || strchr(text, ':') != NULL)
		return 0;
	for (i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		if (strncmp(text, roots[i], strlen(roots[i])) == 0)
			return 1;
	}
	return 0;
}

/* Classify template text whose placeholders are marked with 0x01. */
static enum dockerhub_image_kind
classify_marked(char *marked)
{
	struct dockerhub_image image;
	char *slash = strchr(marked, '/'), *p, *at;

	if (strspn(marked, "\x01") == strlen(marked))
		return DOCKERHUB_IMAGE_UNKNOWN;
	if (slash != NULL && memchr(marked, '\x01', (size_t)(slash - marked))) {
		/* The registry itself is computed; only ECR's shape is
		 * recognisable without the values. */
		*slash = '\0';
		return is_ecr_domain(marked, 1) ? DOCKERHUB_IMAGE_ECR :
		    DOCKERHUB_IMAGE_UNKNOWN;
	}
	if (slash == NULL) {
		/* "${var.image}:latest" may name any registry. */
		p = strchr(marked, ':');
		at = strchr(marked, '@');
		if (memchr(marked, '\x01', p ? (size_t)(p - marked) :
		    at ? (size_t)(at - marked) : strlen(marked)))
			return DOCKERHUB_IMAGE_UNKNOWN;
	}
	/* A computed digest cannot be checked; drop it. */
	if ((at = strchr(marked, '@')) != NULL && strchr(at, '\x01'))
		*at = '\0';
	for (p = marked; *p != '\0'; p++) {
		if (*p == '\x01')
			*p = 'x';
	}
	if (dockerhub_image_parse(marked, &image, NULL) < 0)
		return DOCKERHUB_IMAGE_UNKNOWN;
	return image.kind;
}

enum dockerhub_image_kind
dockerhub_image_classify(const char *text)
{
	char marked[DOCKERHUB_IMAGE_NAME_MAX + DOCKERHUB_IMAGE_TAG_MAX +
	    DOCKERHUB_IMAGE_DIGEST_MAX + 3];
	struct dockerhub_image image;
	int n;

	if (text == NULL || *text == '\0' || is_bare_reference(text))
		return DOCKERHUB_IMAGE_UNKNOWN;
	n = mark_templates(text, marked, sizeof marked);
	if (n < 0)
		return DOCKERHUB_IMAGE_UNKNOWN;
	if (n > 0)
		return classify_marked(marked);
	if (dockerhub_image_parse(text, &image, NULL) < 0)
		return DOCKERHUB_IMAGE_UNKNOWN;
	return image.kind;
}

const char *
dockerhub_image_kind_name(enum dockerhub_image_kind kind)
{
	if ((size_t)kind >= sizeof kind_names / sizeof kind_names[0])
		return "unknown";
	return kind_names[kind];
}

const char *
dockerhub_image_kind_explain(enum dockerhub_image_kind kind)
{
	switch (kind) {
	case DOCKERHUB_IMAGE_DOCKER_HUB:
		return "Docker Hub image: without credentials CodeBuild pulls "
		    "it anonymously, sharing the pull rate limit of its IP "
		    "address with other users, and cannot pull it at all if "
		    "the repository is private.";
	case DOCKERHUB_IMAGE_ECR:
		return "Amazon ECR image: CodeBuild pulls it with its own or "
		    "the service role's ECR permissions; Docker Hub "
		    "credentials do not apply.";
	case DOCKERHUB_IMAGE_ECR_PUBLIC:
		return "Amazon ECR Public image: pulled without Docker Hub "
		    "and its rate limits; no credentials needed.";
	case DOCKERHUB_IMAGE_CODEBUILD:
		return "CodeBuild-managed image: CodeBuild provides it "
		    "itself. Leave image_pull_credentials_type at CODEBUILD; "
		    "SERVICE_ROLE must not be used with managed images.";
	case DOCKERHUB_IMAGE_OTHER:
		return "Image from another registry, not Docker Hub: Docker "
		    "Hub credentials do not apply to it.";
	case DOCKERHUB_IMAGE_UNKNOWN:
		break;
	}
	return "The image is computed or empty, so hubcred cannot tell "
	    "which registry it comes from.";
}

const char *
dockerhub_image_reference(const struct dockerhub_image *image)
{
	if (image->digest[0] != '\0')
		return image->digest;
	if (image->tag[0] != '\0')
		return image->tag;
	return "latest";
}

int
dockerhub_image_format(const struct dockerhub_image *image, char *buf,
    size_t size)
{
	const char *path = image->path;
	const char *domain = image->domain;
	int hub = strcmp(domain, DEFAULT_DOMAIN) == 0;

	if (hub && strncmp(path, OFFICIAL_PREFIX, 8) == 0 &&
	    strchr(path + 8, '/') == NULL)
		path += 8;
	return snprintf(buf, size, "%s%s%s%s%s%s%s", hub ? "" : domain,
	    hub ? "" : "/", path, image->tag[0] ? ":" : "", image->tag,
	    image->digest[0] ? "@" : "", image->digest);
}
