/* Rate-limit headers, 429 bodies, Retry-After and the summary line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/dockerhub/ratelimit.h"

struct value_case {
	const char *value;
	/* rc 0: count and window expected; -1: malformed. */
	int rc;
	long count;
	long window;
};

static const struct value_case value_cases[] = {
	{"100;w=21600", 0, 100, 21600},
	{"76;w=21600", 0, 76, 21600},
	{"0;w=21600", 0, 0, 21600},
	{"200", 0, 200, -1},
	{"  100 ; w = 21600 ", 0, 100, 21600},
	{"100;W=3600", 0, 100, 3600},
	{"10;w=86400", 0, 10, 86400},
	{"100;w=21600;comment=\"pull; limit\"", 0, 100, 21600},
	{"100;policy=anon;w=60", 0, 100, 60},
	{"100;w=21600, 1000;w=86400", 0, 100, 21600},
	{"100;w=60;w=120", 0, 100, 60},
	{"1000000000;w=1", 0, 1000000000, 1},
	{"", -1, 0, 0},
	{"   ", -1, 0, 0},
	{"abc", -1, 0, 0},
	{"-5;w=21600", -1, 0, 0},
	{"+5", -1, 0, 0},
	{"1e3", -1, 0, 0},
	{"100;w=", -1, 0, 0},
	{"100;w=abc", -1, 0, 0},
	{"100;w=0", -1, 0, 0},
	{"100;w=-1", -1, 0, 0},
	{"100;", -1, 0, 0},
	{"100;;w=5", -1, 0, 0},
	{"100;=5", -1, 0, 0},
	{"100;w", -1, 0, 0},
	{"100 200", -1, 0, 0},
	{"100;w=21600 trailing", -1, 0, 0},
	{"100;comment=\"unterminated", -1, 0, 0},
	{"99999999999999999999;w=21600", -1, 0, 0},
	{"100;w=99999999999999999999", -1, 0, 0},
	{"1000000001", -1, 0, 0},
	{"w=21600", -1, 0, 0},
	{";w=21600", -1, 0, 0},
};

static void
test_parse_values(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof value_cases / sizeof value_cases[0]; i++) {
		const struct value_case *c = &value_cases[i];
		long count = -7, window = -7;
		int rc;

		rc = dockerhub_ratelimit_parse_value(c->value, &count, &window);
		if (rc != c->rc)
			fail_msg("'%s': rc %d, want %d", c->value, rc, c->rc);
		if (rc == 0 && (count != c->count || window != c->window))
			fail_msg("'%s': %ld;w=%ld, want %ld;w=%ld", c->value,
			    count, window, c->count, c->window);
		if (rc == -1 && (count != -7 || window != -7))
			fail_msg("'%s': outputs changed on error", c->value);
	}
	assert_int_equal(dockerhub_ratelimit_parse_value(NULL, NULL, NULL), -1);
}

static void
test_feed_headers(void **state)
{
	struct dockerhub_ratelimit rl;

	(void)state;
	dockerhub_ratelimit_init(&rl);
	dockerhub_ratelimit_feed(&rl, "Content-Type", "application/json");
	assert_int_equal(rl.present, 0);
	assert_int_equal(rl.limit, -1);

	/* Names in any case. */
	dockerhub_ratelimit_feed(&rl, "RateLimit-Limit", "100;w=21600");
	dockerhub_ratelimit_feed(&rl, "ratelimit-remaining", "99;w=21600");
	dockerhub_ratelimit_feed(&rl, "Docker-RateLimit-Source",
	    "2001:db8:1:2::/64");
	assert_int_equal(rl.present, 1);
	assert_int_equal(rl.malformed, 0);
	assert_int_equal(rl.limit, 100);
	assert_int_equal(rl.limit_window, 21600);
	assert_int_equal(rl.remaining, 99);
	assert_string_equal(rl.source, "2001:db8:1:2::/64");

	/* A malformed value is flagged and leaves the numbers alone. */
	dockerhub_ratelimit_init(&rl);
	dockerhub_ratelimit_feed(&rl, "ratelimit-limit", "lots");
	assert_int_equal(rl.present, 1);
	assert_int_equal(rl.malformed, 1);
	assert_int_equal(rl.limit, -1);
}

struct classify_case {
	const char *content_type;
	const char *body;
	enum dockerhub_throttle want;
};

static const struct classify_case classify_cases[] = {
	{"application/json", "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\","
	    "\"message\":\"You have reached your pull rate limit.\"}]}",
	    DOCKERHUB_THROTTLE_PULL_LIMIT},
	{"application/json; charset=utf-8", "{\"errors\":[{\"code\":"
	    "\"toomanyrequests\"}]}", DOCKERHUB_THROTTLE_PULL_LIMIT},
	{"application/vnd.docker.error+json", "{\"errors\":[{\"code\":\"X\"},"
	    "{\"code\":\"TOOMANYREQUESTS\"}]}", DOCKERHUB_THROTTLE_PULL_LIMIT},
	{"text/plain", "Too Many Requests (HAP429).\n",
	    DOCKERHUB_THROTTLE_ABUSE},
	{NULL, "Too Many Requests (HAP429).\n", DOCKERHUB_THROTTLE_ABUSE},
	/* Mislabelled: the JSON parser fails, the marker still decides. */
	{"application/json", "Too Many Requests (HAP429).\n",
	    DOCKERHUB_THROTTLE_ABUSE},
	/* JSON text with a text/plain type is not parsed. */
	{"text/plain", "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}",
	    DOCKERHUB_THROTTLE_OTHER},
	{"application/json", "{\"errors\":[{\"code\":\"DENIED\"}]}",
	    DOCKERHUB_THROTTLE_OTHER},
	{"application/json", "{\"errors\":\"TOOMANYREQUESTS\"}",
	    DOCKERHUB_THROTTLE_OTHER},
	{"application/json", "[1, 2", DOCKERHUB_THROTTLE_OTHER},
	{"application/json", "", DOCKERHUB_THROTTLE_OTHER},
	{"text/html", "<html>busy</html>", DOCKERHUB_THROTTLE_OTHER},
	{NULL, NULL, DOCKERHUB_THROTTLE_OTHER},
};

static void
test_classify_429(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof classify_cases / sizeof classify_cases[0];
	    i++) {
		const struct classify_case *c = &classify_cases[i];
		enum dockerhub_throttle got;

		got = dockerhub_ratelimit_classify_429(c->content_type, c->body,
		    c->body ? strlen(c->body) : 0);
		if (got != c->want)
			fail_msg("case %zu (%s): %d, want %d", i,
			    c->body ? c->body : "NULL", got, c->want);
	}
}

static void
test_classify_429_unterminated_and_capped(void **state)
{
	static char big[DOCKERHUB_RATELIMIT_BODY_MAX + 2];
	const char body[] = "Too Many Requests (HAP429).\nXXXX";

	(void)state;
	/* Only len bytes are read: the marker past len does not count. */
	assert_int_equal(dockerhub_ratelimit_classify_429("text/plain", body,
	    10), DOCKERHUB_THROTTLE_OTHER);
	assert_int_equal(dockerhub_ratelimit_classify_429("text/plain", body,
	    28), DOCKERHUB_THROTTLE_ABUSE);

	/* Over the cap nothing is parsed, whatever it holds. */
	memset(big, ' ', sizeof big);
	memcpy(big, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}", 39);
	assert_int_equal(dockerhub_ratelimit_classify_429("application/json",
	    big, sizeof big), DOCKERHUB_THROTTLE_OTHER);
	assert_int_equal(dockerhub_ratelimit_classify_429("application/json",
	    big, DOCKERHUB_RATELIMIT_BODY_MAX), DOCKERHUB_THROTTLE_PULL_LIMIT);
}

static void
test_retry_after(void **state)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT */
	const time_t date = 784111777;

	(void)state;
	assert_int_equal(dockerhub_ratelimit_retry_after("120", 0), 120);
	assert_int_equal(dockerhub_ratelimit_retry_after(" 0 ", 0), 0);
	assert_int_equal(dockerhub_ratelimit_retry_after(
	    "Sun, 06 Nov 1994 08:49:37 GMT", date - 30), 30);
	assert_int_equal(dockerhub_ratelimit_retry_after(
	    "Sun, 06 Nov 1994 08:49:37 GMT", date + 30), 0);
	assert_int_equal(dockerhub_ratelimit_retry_after("-1", 0), -1);
	assert_int_equal(dockerhub_ratelimit_retry_after("12s", 0), -1);
	assert_int_equal(dockerhub_ratelimit_retry_after("soon", 0), -1);
	assert_int_equal(dockerhub_ratelimit_retry_after("", 0), -1);
	assert_int_equal(dockerhub_ratelimit_retry_after(NULL, 0), -1);
}

/* A checked 200 reply with the given headers (NULL: not sent). */
static struct dockerhub_ratelimit
side(const char *limit, const char *remaining)
{
	struct dockerhub_ratelimit rl;

	dockerhub_ratelimit_init(&rl);
	rl.checked = 1;
	rl.http_status = 200;
	if (limit != NULL)
		dockerhub_ratelimit_feed(&rl, "ratelimit-limit", limit);
	if (remaining != NULL)
		dockerhub_ratelimit_feed(&rl, "ratelimit-remaining", remaining);
	return rl;
}

static void
test_format(void **state)
{
	struct dockerhub_ratelimit anon, user, unchecked;
	char buf[256];
	int n;

	(void)state;
	dockerhub_ratelimit_init(&unchecked);

	anon = side("100;w=21600", "76;w=21600");
	user = side("200;w=21600", "187;w=21600");
	n = dockerhub_ratelimit_format(&anon, &user, "example-user", buf,
	    sizeof buf);
	assert_string_equal(buf, "anonymous: 100 per 6 h for this IP; with "
	    "example-user: 200 per 6 h, 187 left");
	assert_int_equal(n, (int)strlen(buf));

	anon = side(NULL, NULL);
	user = side(NULL, NULL);
	dockerhub_ratelimit_format(&anon, &user, "u", buf, sizeof buf);
	assert_string_equal(buf, "anonymous: unlimited; with u: unlimited");

	anon = side("10;w=3600", NULL);
	dockerhub_ratelimit_format(&anon, &unchecked, "u", buf, sizeof buf);
	assert_string_equal(buf, "anonymous: 10 per 1 h for this IP");

	anon = side("10;w=86400", NULL);
	user = side("40;w=1800", "39;w=1800");
	dockerhub_ratelimit_format(&anon, &user, "u", buf, sizeof buf);
	assert_string_equal(buf, "anonymous: 10 per day for this IP; "
	    "with u: 40 per 30 min, 39 left");

	anon = side("10;w=90", NULL);
	user = side("10", "x");
	dockerhub_ratelimit_format(&anon, &user, NULL, buf, sizeof buf);
	assert_string_equal(buf, "anonymous: 10 per 90 s for this IP; "
	    "with credentials: 10 (window not stated)");

	anon = side("junk", NULL);
	anon.http_status = 200;
	dockerhub_ratelimit_format(&anon, NULL, NULL, buf, sizeof buf);
	assert_string_equal(buf, "anonymous: limit not readable for this IP");

	anon = side(NULL, NULL);
	anon.http_status = 401;
	user = side(NULL, NULL);
	user.throttle = DOCKERHUB_THROTTLE_ABUSE;
	user.retry_after = 60;
	dockerhub_ratelimit_format(&anon, &user, "u", buf, sizeof buf);
	assert_string_equal(buf, "anonymous: unknown (Docker Hub answered "
	    "HTTP 401); with u: blocked by the abuse limit (HAP429), retry "
	    "after 60 s");

	/* Truncation still reports the full length. */
	anon = side("100;w=21600", NULL);
	n = dockerhub_ratelimit_format(&anon, NULL, NULL, buf, 10);
	assert_string_equal(buf, "anonymous");
	assert_int_equal(n, (int)strlen("anonymous: 100 per 6 h for this IP"));
}

static void
test_throttle_explanations(void **state)
{
	(void)state;
	assert_non_null(strstr(dockerhub_ratelimit_throttle_explain(
	    DOCKERHUB_THROTTLE_ABUSE), "credentials do not lift it"));
	assert_non_null(strstr(dockerhub_ratelimit_throttle_explain(
	    DOCKERHUB_THROTTLE_PULL_LIMIT), "per account"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_values),
		cmocka_unit_test(test_feed_headers),
		cmocka_unit_test(test_classify_429),
		cmocka_unit_test(test_classify_429_unterminated_and_capped),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_throttle_explanations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
