/*
 * Docker Hub's pull rate limits and its two kinds of 429 replies.
 *
 * A manifest HEAD to Docker Hub carries
 *	ratelimit-limit: 100;w=21600
 *	ratelimit-remaining: 76;w=21600
 *	docker-ratelimit-source: 203.0.113.7
 * and no such headers at all when pulls are not limited. The numbers and
 * windows have changed over time, so they are parsed, never assumed.
 * https://docs.docker.com/docker-hub/usage/pulls/
 *
 * A 429 is either the pull rate limit (JSON, code TOOMANYREQUESTS) or
 * the abuse limit in front of Docker Hub (plain text
 * "Too Many Requests (HAP429).", any endpoint), which credentials do not
 * lift. Everything here is pure: no network, no allocation.
 */
#ifndef HUBCRED_CORE_DOCKERHUB_RATELIMIT_H
#define HUBCRED_CORE_DOCKERHUB_RATELIMIT_H

#include <stddef.h>
#include <time.h>

/* Maximum size of a 429 body that is parsed; longer ones are not. */
#define DOCKERHUB_RATELIMIT_BODY_MAX 65536

enum dockerhub_throttle {
	DOCKERHUB_THROTTLE_NONE,
	/* JSON {"errors":[{"code":"TOOMANYREQUESTS",...}]}. */
	DOCKERHUB_THROTTLE_PULL_LIMIT,
	/* Plain text "Too Many Requests (HAP429)." */
	DOCKERHUB_THROTTLE_ABUSE,
	/* Any other 429, including a HEAD's, which has no body. */
	DOCKERHUB_THROTTLE_OTHER,
};

/* Rate-limit state read from one manifest request. */
struct dockerhub_ratelimit {
	/* Whether a request got a reply, and its HTTP status. */
	int checked;
	long http_status;
	/* Set when ratelimit-limit or ratelimit-remaining was sent. */
	int present;
	/* A ratelimit header was sent but could not be read. */
	int malformed;
	/* Pull counts and their windows in seconds; -1 when not sent. */
	long limit;
	long limit_window;
	long remaining;
	long remaining_window;
	/* docker-ratelimit-source: the IP address or account counted. */
	char source[96];
	/* When the request was throttled: which kind, and Retry-After in
	 * seconds (-1 when absent). */
	enum dockerhub_throttle throttle;
	long retry_after;
};

/* Reset rl to "nothing known yet". */
void dockerhub_ratelimit_init(struct dockerhub_ratelimit *rl);

/*
 * Parse a ratelimit-limit or ratelimit-remaining value, "N" or
 * "N;w=SECONDS" (parameter names in any case, other parameters ignored,
 * only the first of a comma-separated list used). Sets *count and
 * *window (-1 when there is no w=). Returns -1 when value is malformed,
 * leaving both untouched.
 */
int dockerhub_ratelimit_parse_value(const char *value, long *count,
    long *window);

/*
 * Record one response header (name in any case, value without the line
 * end). Headers other than the three ratelimit ones are ignored.
 */
void dockerhub_ratelimit_feed(struct dockerhub_ratelimit *rl,
    const char *name, const char *value);

/*
 * Seconds to wait according to a Retry-After value: delta-seconds or an
 * HTTP date (compared with now). Returns -1 when value is malformed; a
 * date in the past gives 0.
 */
long dockerhub_ratelimit_retry_after(const char *value, time_t now);

/*
 * Tell the kind of a 429 from its Content-Type (may be NULL) and body
 * (len bytes, need not be NUL-terminated). The body is parsed as JSON
 * only when the Content-Type names JSON and it is at most
 * DOCKERHUB_RATELIMIT_BODY_MAX bytes.
 */
enum dockerhub_throttle dockerhub_ratelimit_classify_429(
    const char *content_type, const char *body, size_t len);

/* A paragraph for a person on what a throttle kind means and what helps. */
const char *dockerhub_ratelimit_throttle_explain(enum dockerhub_throttle t);

/*
 * Write a one-line summary for a person, such as
 * "anonymous: 100 per 6 h for this IP; with example-user: 200 per 6 h,
 * 187 left". user may be NULL (or unchecked) to describe the anonymous
 * side only. Returns the length needed, like snprintf().
 */
int dockerhub_ratelimit_format(const struct dockerhub_ratelimit *anonymous,
    const struct dockerhub_ratelimit *user, const char *username,
    char *buf, size_t size);

#endif
