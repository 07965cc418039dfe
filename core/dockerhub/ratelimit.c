/*
 * Docker Hub rate-limit headers and 429 bodies, read defensively: the
 * headers are documented but their numbers change, and the 429 body may
 * be JSON or an HAProxy plain-text page.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <jansson.h>

#include "core/dockerhub/ratelimit.h"

/* Counts above this are not believable and are treated as malformed. */
#define COUNT_MAX 1000000000L

void
dockerhub_ratelimit_init(struct dockerhub_ratelimit *rl)
{
	memset(rl, 0, sizeof *rl);
	rl->limit = -1;
	rl->limit_window = -1;
	rl->remaining = -1;
	rl->remaining_window = -1;
	rl->retry_after = -1;
}

static const char *
skip_ows(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Read a non-negative decimal number; NULL when there is none. */
static const char *
read_number(const char *s, long *out)
{
	const char *p = s;
	long n = 0;

	while (*p >= '0' && *p <= '9') {
		if (n > COUNT_MAX)
			return NULL;
		n = n * 10 + (*p - '0');
		p++;
	}
	if (p == s || n > COUNT_MAX)
		return NULL;
	*out = n;
	return p;
}

int
dockerhub_ratelimit_parse_value(const char *value, long *count,
    long *window)
{
	const char *p, *key;
	long n, w = -1, v;
	size_t keylen;

	if (value == NULL)
		return -1;
	p = read_number(skip_ows(value), &n);
	if (p == NULL)
		return -1;
	for (p = skip_ows(p); *p == ';'; ) {
		key = skip_ows(p + 1);
		keylen = strcspn(key, "= \t;,");
		p = skip_ows(key + keylen);
		if (keylen == 0 || *p != '=')
			return -1;
		p = skip_ows(p + 1);
		if (keylen == 1 && (*key == 'w' || *key == 'W')) {
			p = read_number(p, &v);
			/* A window of zero seconds is invalid. */
			if (p == NULL || v == 0)
				return -1;
			if (w == -1)
				w = v;
		} else {
			/* Another parameter: a token or a quoted string. */
			if (*p == '"') {
				p = strchr(p + 1, '"');
				if (p == NULL)
					return -1;
				p++;
			} else {
				p += strcspn(p, " \t;,");
			}
		}
		p = skip_ows(p);
	}
	/* Only the first policy of a list is used. */
	if (*p != '\0' && *p != ',')
		return -1;
	*count = n;
	*window = w;
	return 0;
}

void
dockerhub_ratelimit_feed(struct dockerhub_ratelimit *rl, const char *name,
    const char *value)
{
	long count, window;
	int is_limit = strcasecmp(name, "ratelimit-limit") == 0;

	if (strcasecmp(name, "docker-ratelimit-source") == 0) {
		snprintf(rl->source, sizeof rl->source, "%s", skip_ows(value));
		return;
	}
	if (!is_limit && strcasecmp(name, "ratelimit-remaining") != 0)
		return;
	rl->present = 1;
	if (dockerhub_ratelimit_parse_value(value, &count, &window) < 0) {
		rl->malformed = 1;
		return;
	}
	if (is_limit) {
		rl->limit = count;
		rl->limit_window = window;
	} else {
		rl->remaining = count;
		rl->remaining_window = window;
	}
}

long
dockerhub_ratelimit_retry_after(const char *value, time_t now)
{
	const char *p;
	time_t when;
	long n;

	if (value == NULL)
		return -1;
	p = read_number(skip_ows(value), &n);
	if (p != NULL && *skip_ows(p) == '\0')
		return n;
	if (p != NULL)
		return -1;
	when = curl_getdate(value, NULL);
	if (when == -1)
		return -1;
	return when > now ? (long)(when - now) : 0;
}

/* Whether a Content-Type names JSON: application/json or any +json. */
static int
is_json_type(const char *content_type)
{
	size_t n;

	if (content_type == NULL)
		return 0;
	content_type = skip_ows(content_type);
	n = strcspn(content_type, "; \t");
	if (n == 16 && strncasecmp(content_type, "application/json", n) == 0)
		return 1;
	return n > 5 && strncasecmp(content_type + n - 5, "+json", 5) == 0;
}

static int
contains(const char *body, size_t len, const char *needle)
{
	size_t k = strlen(needle);

	return len >= k && memmem(body, len, needle, k) != NULL;
}

/* Whether a JSON error body lists the code TOOMANYREQUESTS. */
static int
json_has_toomanyrequests(const char *body, size_t len)
{
	json_t *root, *errors, *item;
	size_t i;
	int found = 0;

	root = json_loadb(body, len, 0, NULL);
	if (root == NULL)
		return -1;
	errors = json_object_get(root, "errors");
	json_array_foreach(errors, i, item) {
		const char *code;

		code = json_string_value(json_object_get(item, "code"));
		if (code != NULL && strcasecmp(code, "TOOMANYREQUESTS") == 0)
			found = 1;
	}
	json_decref(root);
	return found;
}

enum dockerhub_throttle
dockerhub_ratelimit_classify_429(const char *content_type, const char *body,
    size_t len)
{
	if (body == NULL)
		len = 0;
	if (len > DOCKERHUB_RATELIMIT_BODY_MAX)
		return DOCKERHUB_THROTTLE_OTHER;
	if (is_json_type(content_type) &&
	    json_has_toomanyrequests(body, len) == 1)
		return DOCKERHUB_THROTTLE_PULL_LIMIT;
	/* The HAProxy page comes as text/plain or without a type, so the
	 * marker decides whatever the type is. */
	if (contains(body, len, "HAP429"))
		return DOCKERHUB_THROTTLE_ABUSE;
	return DOCKERHUB_THROTTLE_OTHER;
}

const char *
dockerhub_ratelimit_throttle_explain(enum dockerhub_throttle t)
{
	switch (t) {
	case DOCKERHUB_THROTTLE_NONE:
		return "";
	case DOCKERHUB_THROTTLE_PULL_LIMIT:
		return "Docker Hub's pull rate limit was reached "
		    "(TOOMANYREQUESTS). Anonymous pulls are counted per IP "
		    "address, which CodeBuild hosts share; pulls with "
		    "credentials are counted per account, which is what "
		    "registry credentials fix.";
	case DOCKERHUB_THROTTLE_ABUSE:
		return "Docker Hub's abuse limit (HAP429) rejected the request. "
		    "It applies to IP addresses that send too many requests, "
		    "such as shared NAT or CodeBuild addresses, and "
		    "credentials do not lift it: wait and retry, or pull "
		    "through a cache such as an ECR pull through cache rule.";
	case DOCKERHUB_THROTTLE_OTHER:
		break;
	}
	return "Docker Hub answered 429 Too Many Requests without saying "
	    "which limit applies; wait and retry.";
}

/* snprintf() that appends at *used and keeps counting past size. */
static void
append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*used < size ? buf + *used : NULL,
	    *used < size ? size - *used : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t)n;
}

/* "6 h", "30 min", "1 day", "90 s". */
static void
append_window(char *buf, size_t size, size_t *used, long seconds)
{
	if (seconds == 86400)
		append(buf, size, used, "day");
	else if (seconds % 3600 == 0)
		append(buf, size, used, "%ld h", seconds / 3600);
	else if (seconds % 60 == 0)
		append(buf, size, used, "%ld min", seconds / 60);
	else
		append(buf, size, used, "%ld s", seconds);
}

static void
append_side(char *buf, size_t size, size_t *used,
    const struct dockerhub_ratelimit *rl, int anonymous)
{
	if (rl->throttle != DOCKERHUB_THROTTLE_NONE) {
		append(buf, size, used, "%s",
		    rl->throttle == DOCKERHUB_THROTTLE_ABUSE ?
		    "blocked by the abuse limit (HAP429)" :
		    "rate limited (429)");
		if (rl->retry_after >= 0)
			append(buf, size, used, ", retry after %ld s",
			    rl->retry_after);
		return;
	}
	if (!rl->checked || rl->http_status == 0) {
		append(buf, size, used, "unknown (no answer from Docker Hub)");
		return;
	}
	if (rl->http_status != 200) {
		append(buf, size, used, "unknown (Docker Hub answered HTTP "
		    "%ld)", rl->http_status);
		return;
	}
	if (!rl->present) {
		append(buf, size, used, "unlimited");
		return;
	}
	if (rl->limit < 0) {
		append(buf, size, used, "limit not readable");
	} else {
		append(buf, size, used, "%ld", rl->limit);
		if (rl->limit_window > 0) {
			append(buf, size, used, " per ");
			append_window(buf, size, used, rl->limit_window);
		} else {
			append(buf, size, used, " (window not stated)");
		}
	}
	if (anonymous)
		append(buf, size, used, " for this IP");
	else if (rl->remaining >= 0)
		append(buf, size, used, ", %ld left", rl->remaining);
}

int
dockerhub_ratelimit_format(const struct dockerhub_ratelimit *anonymous,
    const struct dockerhub_ratelimit *user, const char *username,
    char *buf, size_t size)
{
	size_t used = 0;

	if (size > 0)
		buf[0] = '\0';
	if (anonymous != NULL && anonymous->checked) {
		append(buf, size, &used, "anonymous: ");
		append_side(buf, size, &used, anonymous, 1);
	}
	if (user != NULL && user->checked) {
		append(buf, size, &used, "%swith %s: ", used ? "; " : "",
		    username ? username : "credentials");
		append_side(buf, size, &used, user, 0);
	}
	return (int)used;
}
