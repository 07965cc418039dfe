/*
 * core/dockerhub/registry.c against tests/fakes/dockerhub_fake.py: each
 * outcome of the login check, the rate-limit probe and both kinds of 429.
 * Run by registry-test.sh, which starts the fake and exports
 * HUBCRED_DOCKERHUB_AUTH_URL, HUBCRED_DOCKERHUB_REGISTRY_URL,
 * HUBCRED_CA_BUNDLE and DOCKERHUB_FAKE_LOG.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "core/alloc.h"
#include "core/dockerhub/registry.h"
#include "core/log.h"
#include "core/secret.h"

#define USER "example-user"
#define TOKEN "dckr_pat_Kq7vT2mXn4Lp9RwZs1Yb3HcJ"
#define OTHER_USER "other-user"
#define OTHER_TOKEN "dckr_pat_other0000000000000000000"

/* Users, one public and two private repositories. */
#define BASE_CONFIG                                                       \
	"\"users\": {\"" USER "\": \"" TOKEN "\", \"" OTHER_USER "\": \""  \
	OTHER_TOKEN "\"},"                                                \
	"\"repos\": {\"library/alpine\": {\"tags\": [\"latest\", \"3.20\"]}," \
	"\"example-org/private\": {\"private\": true, \"pull\": [\"" USER \
	"\"], \"tags\": [\"latest\"]}}"

static char log_lines[16384];

static void
capture_log(enum hc_log_level level, const char *module, const char *message,
    void *data)
{
	size_t used = strlen(log_lines);

	(void)level;
	(void)data;
	snprintf(log_lines + used, sizeof log_lines - used, "%s: %s\n", module,
	    message);
}

static size_t
discard(char *data, size_t size, size_t nmemb, void *userdata)
{
	(void)data;
	(void)userdata;
	return size * nmemb;
}

/* POST path with body to the fake's control interface. */
static void
fake_control(const char *path, const char *body)
{
	char url[256];
	CURL *curl = curl_easy_init();
	long status = 0;
	CURLcode rc;

	assert_non_null(curl);
	snprintf(url, sizeof url, "%s%s", getenv("HUBCRED_DOCKERHUB_AUTH_URL"),
	    path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CAINFO, getenv("HUBCRED_CA_BUNDLE"));
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(curl);
	if (rc != CURLE_OK || status != 200)
		fail_msg("fake control %s: %s, HTTP %ld", path,
		    curl_easy_strerror(rc), status);
}

/* Replace the fake's configuration with BASE_CONFIG plus extra members
 * (extra is a JSON fragment starting with ',' or empty). */
static void
fake_config(const char *extra)
{
	char body[4096];

	snprintf(body, sizeof body, "{" BASE_CONFIG "%s}", extra);
	fake_control("/__control/config", body);
	fake_control("/__control/reset", "{}");
	log_lines[0] = '\0';
}

static char *
read_fake_log(void)
{
	static char buf[65536];
	FILE *f = fopen(getenv("DOCKERHUB_FAKE_LOG"), "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int
count(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

/* Neither the fake's log nor ours may contain a token. */
static void
assert_no_secret_logged(void)
{
	const char *fake = read_fake_log();

	assert_null(strstr(fake, TOKEN));
	assert_null(strstr(fake, OTHER_TOKEN));
	assert_null(strstr(log_lines, TOKEN));
	assert_null(strstr(log_lines, "eyJ"));
	assert_null(strstr(log_lines, "Authorization"));
}

static struct dockerhub_registry *
registry_new(long timeout_ms, long max_retry_wait)
{
	struct dockerhub_registry_config config = {0};
	struct dockerhub_registry *reg;
	struct hc_error err;

	hc_error_init(&err);
	config.ca_file = getenv("HUBCRED_CA_BUNDLE");
	config.timeout_ms = timeout_ms;
	config.max_retry_wait = max_retry_wait;
	reg = dockerhub_registry_new(&config, &err);
	if (reg == NULL)
		fail_msg("dockerhub_registry_new: %s", err.message);
	return reg;
}

static struct hc_secret *
secret(const char *value)
{
	struct hc_secret *s = hc_secret_new_from(value, strlen(value), NULL);

	assert_non_null(s);
	return s;
}

/* Run the login check of username/token on image; returns rc. */
static int
check(const char *image_text, const char *username, const char *token,
    struct dockerhub_login_result *result, struct hc_error *err)
{
	struct dockerhub_registry *reg = registry_new(0, 2);
	struct dockerhub_image image;
	struct hc_secret *s = secret(token);
	int rc;

	assert_int_equal(dockerhub_image_parse(image_text, &image, NULL), 0);
	hc_error_init(err);
	rc = dockerhub_registry_check_login(reg, &image, username, s, result,
	    err);
	hc_secret_free(s);
	dockerhub_registry_free(reg);
	return rc;
}

static void
test_login_ok_public(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;
	char expect[128];

	(void)state;
	fake_config("");
	if (check("alpine:3.20", USER, TOKEN, &result, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_OK);
	assert_int_equal(result.access_checked_by, 1);
	assert_non_null(strstr(read_fake_log(),
	    "\"auth\": \"basic\", \"method\": \"GET\", \"path\": \"/token\", "
	    "\"query\": {\"account\": [\"" USER "\"], \"scope\": "
	    "[\"repository:library/alpine:pull\"], \"service\": "
	    "[\"registry.docker.io\"]}, \"status\": 200, \"user\": \""
	    USER "\""));
	snprintf(expect, sizeof expect, "dockerhub: GET 127.0.0.1:%s/token 200 ",
	    getenv("DOCKERHUB_FAKE_PORT"));
	assert_non_null(strstr(log_lines, expect));
	assert_no_secret_logged();
}

static void
test_login_ok_private_by_claim(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	if (check("example-org/private", USER, TOKEN, &result, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_OK);
	assert_int_equal(result.access_checked_by, 1);
	assert_int_equal(count(read_fake_log(), "/manifests/"), 0);
}

static void
test_login_ok_private_by_head(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;
	const char *log;

	(void)state;
	fake_config(", \"token_format\": \"opaque\"");
	if (check("example-org/private:latest", USER, TOKEN, &result,
	    &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_OK);
	assert_int_equal(result.access_checked_by, 2);
	log = read_fake_log();
	assert_non_null(strstr(log, "\"accept\": \"application/vnd.docker."
	    "distribution.manifest.v2+json, application/vnd.docker."
	    "distribution.manifest.list.v2+json, application/vnd.oci.image."
	    "manifest.v1+json, application/vnd.oci.image.index.v1+json\", "
	    "\"auth\": \"bearer\", \"method\": \"HEAD\", \"path\": "
	    "\"/v2/example-org/private/manifests/latest\""));
	assert_no_secret_logged();
}

static void
test_login_wrong_token(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	assert_int_equal(check("alpine", USER, "dckr_pat_wrong", &result,
	    &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_BAD_CREDENTIALS);
	assert_int_equal(result.http_status, 401);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_int_equal(err.http_status, 401);
	assert_non_null(strstr(err.message, "incorrect username or password"));
	assert_non_null(strstr(err.hint, "two-factor"));
	assert_null(strstr(err.message, "dckr_pat_wrong"));
	assert_null(strstr(read_fake_log(), "dckr_pat_wrong"));
}

static void
test_login_unknown_user(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	assert_int_equal(check("alpine", "nobody", TOKEN, &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_BAD_CREDENTIALS);
}

static void
test_login_private_no_access(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	assert_int_equal(check("example-org/private", OTHER_USER, OTHER_TOKEN,
	    &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_NO_ACCESS);
	assert_int_equal(result.access_checked_by, 1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_non_null(strstr(err.message, OTHER_USER " cannot pull "
	    "example-org/private"));
	assert_non_null(strstr(err.hint, "Public Repo Read-only"));

	/* Without a readable claim the manifest HEAD decides. */
	fake_config(", \"token_format\": \"opaque\"");
	assert_int_equal(check("example-org/private", OTHER_USER, OTHER_TOKEN,
	    &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_NO_ACCESS);
	assert_int_equal(result.access_checked_by, 2);
	assert_int_equal(result.http_status, 401);
	assert_int_equal(count(read_fake_log(), "\"status\": 401"), 1);
}

static void
test_login_missing_repository(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	assert_int_equal(check("example-org/typo", USER, TOKEN, &result,
	    &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_NO_ACCESS);
	assert_non_null(strstr(err.message, "does not exist"));
}

static void
test_login_pull_limit_retried_once(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	/* One 429 with a short Retry-After: waited for, then it works. */
	fake_config(", \"faults\": [{\"path\": \"/token\", \"times\": 1, "
	    "\"status\": 429, \"body\": \"json\", \"retry_after\": \"1\"}]");
	if (check("alpine", USER, TOKEN, &result, &err) != 0)
		fail_msg("%s", err.message);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_OK);
	assert_int_equal(count(read_fake_log(), "\"path\": \"/token\""), 2);
	assert_non_null(strstr(log_lines, "retrying once after 1 s"));

	/* Two of them: one retry at most, then the error. */
	fake_config(", \"faults\": [{\"path\": \"/token\", \"times\": 2, "
	    "\"status\": 429, \"body\": \"json\", \"retry_after\": \"1\"}]");
	assert_int_equal(check("alpine", USER, TOKEN, &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_THROTTLED);
	assert_int_equal(result.throttle, DOCKERHUB_THROTTLE_PULL_LIMIT);
	assert_int_equal(result.retry_after, 1);
	assert_int_equal(err.code, HC_ERR_REMOTE);
	assert_string_equal(err.remote_code, "TOOMANYREQUESTS");
	assert_non_null(strstr(err.message, "pull rate limit"));
	assert_non_null(strstr(err.message, "Retry-After: 1 s"));
	assert_int_equal(count(read_fake_log(), "\"path\": \"/token\""), 2);
}

static void
test_login_hap429(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	/* Retry-After longer than the wait allowed: no retry. */
	fake_config(", \"faults\": [{\"path\": \"/token\", \"status\": 429, "
	    "\"body\": \"hap429\", \"retry_after\": \"30\"}]");
	assert_int_equal(check("alpine", USER, TOKEN, &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_THROTTLED);
	assert_int_equal(result.throttle, DOCKERHUB_THROTTLE_ABUSE);
	assert_int_equal(result.retry_after, 30);
	assert_string_equal(err.remote_code, "HAP429");
	assert_non_null(strstr(err.message, "abuse limit (HAP429)"));
	assert_non_null(strstr(err.hint, "credentials do not lift it"));
	assert_int_equal(count(read_fake_log(), "\"path\": \"/token\""), 1);
}

static void
test_login_server_error(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config(", \"faults\": [{\"path\": \"/token\", \"status\": 503, "
	    "\"text\": \"<html>unavailable</html>\", \"content_type\": "
	    "\"text/html\"}]");
	assert_int_equal(check("alpine", USER, TOKEN, &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_REMOTE);
	assert_int_equal(result.http_status, 503);
	assert_int_equal(err.http_status, 503);
	assert_non_null(strstr(err.message, "HTTP 503"));
}

static void
test_login_slow_server_times_out(void **state)
{
	struct dockerhub_registry *reg = registry_new(1000, 2);
	struct dockerhub_login_result result;
	struct dockerhub_image image;
	struct hc_secret *s = secret(TOKEN);
	struct hc_error err;

	(void)state;
	fake_config(", \"faults\": [{\"path\": \"/token\", \"delay\": 3, "
	    "\"times\": 1}]");
	hc_error_init(&err);
	assert_int_equal(dockerhub_image_parse("alpine", &image, NULL), 0);
	assert_int_equal(dockerhub_registry_check_login(reg, &image, USER, s,
	    &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_NETWORK);
	assert_int_equal(err.code, HC_ERR_NETWORK);
	assert_non_null(strstr(err.message, "timed out"));
	assert_non_null(strstr(err.hint, "did not answer in time"));
	hc_secret_free(s);
	dockerhub_registry_free(reg);
}

static void
test_login_dropped_connection(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config(", \"faults\": [{\"path\": \"/token\", \"drop\": true}]");
	assert_int_equal(check("alpine", USER, TOKEN, &result, &err), -1);
	assert_int_equal(result.status, DOCKERHUB_LOGIN_NETWORK);
	assert_int_equal(err.code, HC_ERR_NETWORK);
	assert_non_null(strstr(err.message, "GET 127.0.0.1:"));
}

static void
test_login_untrusted_certificate(void **state)
{
	struct dockerhub_registry_config config = {0};
	struct dockerhub_login_result result;
	struct dockerhub_registry *reg;
	struct dockerhub_image image;
	struct hc_secret *s = secret(TOKEN);
	struct hc_error err;

	(void)state;
	fake_config("");
	hc_error_init(&err);
	/* The system's CAs do not know the test CA. */
	config.ca_file = NULL;
	reg = dockerhub_registry_new(&config, &err);
	assert_non_null(reg);
	assert_int_equal(dockerhub_image_parse("alpine", &image, NULL), 0);
	assert_int_equal(dockerhub_registry_check_login(reg, &image, USER, s,
	    &result, &err), -1);
	assert_int_equal(err.code, HC_ERR_NETWORK);
	assert_non_null(strstr(err.hint, "HUBCRED_CA_BUNDLE"));
	hc_secret_free(s);
	dockerhub_registry_free(reg);
}

static void
test_login_rejects_bad_arguments(void **state)
{
	struct dockerhub_login_result result;
	struct hc_error err;

	(void)state;
	fake_config("");
	assert_int_equal(check("quay.io/org/app", USER, TOKEN, &result, &err),
	    -1);
	assert_non_null(strstr(err.message, "not a Docker Hub image"));
	assert_int_equal(check("aws/codebuild/standard:7.0", USER, TOKEN,
	    &result, &err), -1);
	assert_non_null(strstr(err.message, "CodeBuild-managed image"));
	assert_int_equal(check("alpine", "user:name", TOKEN, &result, &err),
	    -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_int_equal(check("alpine", USER, "", &result, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_int_equal(count(read_fake_log(), "\"method\""), 0);
}

/* Probe the limits of image, anonymously and as USER. */
static int
probe(const char *image_text, const char *token, struct dockerhub_limits *out,
    char *summary, size_t size, struct hc_error *err)
{
	struct dockerhub_registry *reg = registry_new(0, 2);
	struct dockerhub_image image;
	struct hc_secret *s = token ? secret(token) : NULL;
	int rc;

	assert_int_equal(dockerhub_image_parse(image_text, &image, NULL), 0);
	hc_error_init(err);
	rc = dockerhub_registry_probe_limits(reg, &image, token ? USER : NULL,
	    s, out, err);
	dockerhub_ratelimit_format(&out->anonymous, &out->user, USER, summary,
	    size);
	hc_secret_free(s);
	dockerhub_registry_free(reg);
	return rc;
}

static void
test_limits_anonymous_and_user(void **state)
{
	struct dockerhub_limits limits;
	struct hc_error err;
	char summary[256];

	(void)state;
	fake_config(", \"ratelimit\": {\"anonymous\": {\"limit\": "
	    "\"100;w=21600\", \"remaining\": \"76;w=21600\", \"source\": "
	    "\"203.0.113.7\"}, \"authenticated\": {\"limit\": \"200;w=21600\", "
	    "\"remaining\": \"187;w=21600\", \"source\": \"5e2c1a0b\"}}");
	if (probe("alpine", TOKEN, &limits, summary, sizeof summary, &err))
		fail_msg("%s", err.message);
	assert_string_equal(summary, "anonymous: 100 per 6 h for this IP; "
	    "with " USER ": 200 per 6 h, 187 left");
	assert_int_equal(limits.anonymous.remaining, 76);
	assert_string_equal(limits.anonymous.source, "203.0.113.7");
	assert_string_equal(limits.user.source, "5e2c1a0b");
	assert_int_equal(count(read_fake_log(), "\"method\": \"HEAD\""), 2);
	assert_int_equal(count(read_fake_log(), "\"method\": \"GET\", "
	    "\"path\": \"/v2/"), 0);
	assert_no_secret_logged();
}

static void
test_limits_unlimited(void **state)
{
	struct dockerhub_limits limits;
	struct hc_error err;
	char summary[256];

	(void)state;
	fake_config("");
	if (probe("alpine", TOKEN, &limits, summary, sizeof summary, &err))
		fail_msg("%s", err.message);
	assert_string_equal(summary, "anonymous: unlimited; with " USER
	    ": unlimited");
	assert_int_equal(limits.user.present, 0);
}

static void
test_limits_anonymous_only(void **state)
{
	struct dockerhub_limits limits;
	struct hc_error err;
	char summary[256];

	(void)state;
	fake_config(", \"ratelimit\": {\"anonymous\": {\"limit\": \"10;w=3600\","
	    " \"remaining\": \"0;w=3600\"}}");
	if (probe("alpine", NULL, &limits, summary, sizeof summary, &err))
		fail_msg("%s", err.message);
	assert_string_equal(summary, "anonymous: 10 per 1 h for this IP");
	assert_int_equal(limits.anonymous.remaining, 0);
	assert_int_equal(limits.user.checked, 0);
}

static void
test_limits_manifest_429(void **state)
{
	struct dockerhub_limits limits;
	struct hc_error err;
	char summary[256];

	(void)state;
	/* A HEAD has no body: the 429 is reported, the kind is unknown. */
	fake_config(", \"faults\": [{\"path\": \"/v2/\", \"method\": "
	    "\"HEAD\", \"status\": 429, \"body\": \"hap429\"}]");
	assert_int_equal(probe("alpine", NULL, &limits, summary,
	    sizeof summary, &err), -1);
	assert_int_equal(limits.anonymous.http_status, 429);
	assert_int_equal(limits.anonymous.throttle, DOCKERHUB_THROTTLE_OTHER);
	assert_int_equal(err.http_status, 429);
	assert_string_equal(summary, "anonymous: rate limited (429)");
}

static void
test_limits_wrong_token(void **state)
{
	struct dockerhub_limits limits;
	struct hc_error err;
	char summary[256];

	(void)state;
	fake_config("");
	assert_int_equal(probe("alpine", "dckr_pat_wrong", &limits, summary,
	    sizeof summary, &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_string_equal(summary, "anonymous: unlimited; with " USER
	    ": unknown (Docker Hub answered HTTP 401)");
}

static int
setup(void **state)
{
	(void)state;
	hc_log_set_handler(capture_log, NULL, HC_LOG_INFO);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login_ok_public),
		cmocka_unit_test(test_login_ok_private_by_claim),
		cmocka_unit_test(test_login_ok_private_by_head),
		cmocka_unit_test(test_login_wrong_token),
		cmocka_unit_test(test_login_unknown_user),
		cmocka_unit_test(test_login_private_no_access),
		cmocka_unit_test(test_login_missing_repository),
		cmocka_unit_test(test_login_pull_limit_retried_once),
		cmocka_unit_test(test_login_hap429),
		cmocka_unit_test(test_login_server_error),
		cmocka_unit_test(test_login_slow_server_times_out),
		cmocka_unit_test(test_login_dropped_connection),
		cmocka_unit_test(test_login_untrusted_certificate),
		cmocka_unit_test(test_login_rejects_bad_arguments),
		cmocka_unit_test(test_limits_anonymous_and_user),
		cmocka_unit_test(test_limits_unlimited),
		cmocka_unit_test(test_limits_anonymous_only),
		cmocka_unit_test(test_limits_manifest_429),
		cmocka_unit_test(test_limits_wrong_token),
	};
	struct hc_error err;

	hc_error_init(&err);
	if (hc_alloc_install(&err) < 0 || hc_secret_library_init(&err) < 0) {
		fprintf(stderr, "setup: %s\n", err.message);
		return 1;
	}
	if (getenv("DOCKERHUB_FAKE_LOG") == NULL) {
		fprintf(stderr, "run through registry-test.sh\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, NULL);
}
