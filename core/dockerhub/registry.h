/*
 * Talking to Docker Hub: check a username + access token the way
 * CodeBuild will use them, and read the pull rate limits.
 *
 * The check is the registry token flow (distribution's token spec):
 *	GET {auth}/token?service=registry.docker.io&scope=repository:NAME:pull
 * with Basic auth. 401 {"details":"incorrect username or password"} means
 * wrong credentials. A token is granted even without access to a private
 * repository, but then it carries no pull action. The token's JWT
 * "access" claim shows this, or a manifest HEAD with the token returns
 * 401, 403 or 404.
 *
 * Endpoints: HUBCRED_DOCKERHUB_AUTH_URL (default https://auth.docker.io)
 * and HUBCRED_DOCKERHUB_REGISTRY_URL (default
 * https://registry-1.docker.io). Requests use HTTP/1.1 and are logged
 * (method, host, path, status, duration) at info level, never with their
 * Authorization header or body.
 *
 * Not thread-safe: one struct dockerhub_registry per thread.
 */
#ifndef HUBCRED_CORE_DOCKERHUB_REGISTRY_H
#define HUBCRED_CORE_DOCKERHUB_REGISTRY_H

#include "core/dockerhub/image.h"
#include "core/dockerhub/ratelimit.h"
#include "core/error.h"
#include "core/secret.h"

struct dockerhub_registry_config {
	/* NULL: the environment variable, else Docker Hub. */
	const char *auth_url;
	const char *registry_url;
	/* CA bundle to trust instead of the system's; NULL for the
	 * default. Callers pass HUBCRED_CA_BUNDLE or SSL_CERT_FILE. */
	const char *ca_file;
	/* Milliseconds; 0 gives 10 s to connect and 20 s in total. */
	long connect_timeout_ms;
	long timeout_ms;
	/* Longest Retry-After, in seconds, that is waited for before the
	 * one retry of a 429; 0 gives 10 s, negative never retries. */
	long max_retry_wait;
};

struct dockerhub_registry;

/*
 * A client for the configured endpoints (config may be NULL for all
 * defaults; its strings are copied). Caller frees with
 * dockerhub_registry_free().
 */
struct dockerhub_registry *dockerhub_registry_new(
    const struct dockerhub_registry_config *config, struct hc_error *err);

void dockerhub_registry_free(struct dockerhub_registry *reg);

#define DOCKERHUB_LOGIN_STATUSES(X)                                       \
	X(OK, "credentials work")                                         \
	X(BAD_CREDENTIALS, "incorrect username or access token")          \
	X(NO_ACCESS, "no pull access to the repository")                  \
	X(THROTTLED, "too many requests")                                 \
	X(REMOTE, "unexpected reply from Docker Hub")                     \
	X(NETWORK, "Docker Hub not reachable")

enum dockerhub_login_status {
#define DOCKERHUB_LOGIN_ENUM(name, text) DOCKERHUB_LOGIN_##name,
	DOCKERHUB_LOGIN_STATUSES(DOCKERHUB_LOGIN_ENUM)
#undef DOCKERHUB_LOGIN_ENUM
};

struct dockerhub_login_result {
	enum dockerhub_login_status status;
	/* HTTP status of the reply that decided the status (0: none). */
	long http_status;
	/* THROTTLED: which limit, and Retry-After in seconds or -1. */
	enum dockerhub_throttle throttle;
	long retry_after;
	/* Method that confirmed pull access: 1 the token's access claim,
	 * 2 a manifest HEAD, 0 none. */
	int access_checked_by;
};

/* Short text for a status, such as "no pull access to the repository". */
const char *dockerhub_registry_login_status_text(
    enum dockerhub_login_status status);

/*
 * Check that username and token can pull image, which must be a Docker
 * Hub image. The token is a personal access token or a password, and
 * its window is open only while libcurl copies it.
 *
 * Fills out in all cases. Returns 0 when the status is
 * DOCKERHUB_LOGIN_OK. Otherwise returns -1, and err has what failed and
 * what to do: HC_ERR_AUTH for bad credentials and missing access,
 * HC_ERR_REMOTE for 429s and other replies, HC_ERR_NETWORK.
 */
int dockerhub_registry_check_login(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct dockerhub_login_result *out,
    struct hc_error *err);

struct dockerhub_limits {
	struct dockerhub_ratelimit anonymous;
	struct dockerhub_ratelimit user;
};

/*
 * Read the pull limits with a manifest HEAD of image (which does not
 * count as a pull): anonymously, and with username and token too when
 * both are given. Fills out as far as it got. Returns 0 when every
 * request got a reply, whatever its status (see the checked and
 * http_status fields). Returns -1 on network errors, wrong credentials
 * or 429s.
 * Format the result with dockerhub_ratelimit_format().
 */
int dockerhub_registry_probe_limits(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct dockerhub_limits *out,
    struct hc_error *err);

#endif
