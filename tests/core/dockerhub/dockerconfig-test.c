/*
 * core/dockerhub/dockerconfig.c: config.json forms and credential
 * helpers. Run by dockerconfig-test.sh, which puts tests/fakes (holding
 * docker-credential-hubcred-test) first on PATH.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/dockerhub/dockerconfig.h"
#include "core/log.h"
#include "core/secret.h"

#define HUB "https://index.docker.io/v1/"
#define USER "example-user"
#define TOKEN "dckr_pat_Kq7vT2mXn4Lp9RwZs1Yb3HcJ"
/* base64("example-user:dckr_pat_Kq7vT2mXn4Lp9RwZs1Yb3HcJ") */
#define AUTH "ZXhhbXBsZS11c2VyOmRja3JfcGF0X0txN3ZUMm1YbjRMcDlSd1pzMVliM0hjSg=="

static char dir[256];
static char helper_log[300];
static char log_lines[8192];

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

static void
write_config(const char *json)
{
	char path[320];
	FILE *f;

	snprintf(path, sizeof path, "%s/config.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(json, f);
	fclose(f);
}

/* Find with the test directory; returns rc, err in *err. */
static int
find(struct dockerhub_dockerconfig_login *login, struct hc_error *err)
{
	hc_error_init(err);
	log_lines[0] = '\0';
	return dockerhub_dockerconfig_find(dir, login, err);
}

static void
assert_secret(struct hc_secret *secret, const char *want)
{
	assert_non_null(secret);
	assert_string_equal(hc_secret_open(secret), want);
	hc_secret_close(secret);
}

static void
read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

static void
test_auths_base64(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	char path[320];

	(void)state;
	write_config("{\"auths\": {\"quay.io\": {\"auth\": \"eDp5\"}, \""
	    HUB "\": {\"auth\": \"" AUTH "\"}}}");
	if (find(&login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.username, USER);
	assert_secret(login.secret, TOKEN);
	assert_int_equal(login.is_access_token, 1);
	assert_int_equal(login.from_helper, 0);
	snprintf(path, sizeof path, "%s/config.json", dir);
	assert_string_equal(login.source, path);
	assert_non_null(strstr(log_lines, "saved Docker Hub login of " USER));
	assert_null(strstr(log_lines, TOKEN));
	dockerhub_dockerconfig_login_done(&login);
	assert_null(login.secret);
}

static void
test_auths_other_hub_keys(void **state)
{
	static const char *const configs[] = {
		"{\"auths\": {\"docker.io\": {\"auth\": \"" AUTH "\"}}}",
		"{\"auths\": {\"index.docker.io\": {\"auth\": \"" AUTH "\"}}}",
		"{\"auths\": {\"https://registry-1.docker.io/v2/\": {\"auth\": "
		    "\"" AUTH "\"}}}",
		/* Unpadded base64 and the username/password form. */
		"{\"auths\": {\"" HUB "\": {\"auth\": \"ZXhhbXBsZS11c2VyOmRja3J"
		    "fcGF0X0txN3ZUMm1YbjRMcDlSd1pzMVliM0hjSg\"}}}",
		"{\"auths\": {\"" HUB "\": {\"username\": \"" USER "\", "
		    "\"password\": \"" TOKEN "\"}}}",
	};
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof configs / sizeof configs[0]; i++) {
		write_config(configs[i]);
		if (find(&login, &err) != 0)
			fail_msg("config %zu: %s", i, err.message);
		assert_string_equal(login.username, USER);
		assert_secret(login.secret, TOKEN);
		dockerhub_dockerconfig_login_done(&login);
	}
}

static void
test_auths_secret_with_colon(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;

	(void)state;
	/* base64("someone:pass:word") */
	write_config("{\"auths\": {\"" HUB "\": {\"auth\": "
	    "\"c29tZW9uZTpwYXNzOndvcmQ=\"}}}");
	if (find(&login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.username, "someone");
	assert_secret(login.secret, "pass:word");
	assert_int_equal(login.is_access_token, 0);
	dockerhub_dockerconfig_login_done(&login);
}

struct failure_case {
	const char *config;
	enum hc_code code;
	const char *message;
};

static void
test_auths_failures(void **state)
{
	static const struct failure_case cases[] = {
		{"{\"auths\": {\"quay.io\": {\"auth\": \"" AUTH "\"}}}",
		    HC_ERR_NOT_FOUND, "has no Docker Hub login"},
		{"{}", HC_ERR_NOT_FOUND, "has no Docker Hub login"},
		{"{\"auths\": {\"" HUB "\": {}}}", HC_ERR_NOT_FOUND,
		    "no saved login"},
		{"{\"auths\": {\"" HUB "\": {\"identitytoken\": \"abc\"}}}",
		    HC_ERR_UNSUPPORTED, "identity token"},
		{"{\"auths\": {\"" HUB "\": {\"auth\": \"!!!\"}}}",
		    HC_ERR_PARSE, "not valid base64"},
		/* base64("nocolon") */
		{"{\"auths\": {\"" HUB "\": {\"auth\": \"bm9jb2xvbg==\"}}}",
		    HC_ERR_PARSE, "not \"username:secret\""},
		/* base64("\0\x0e:x"): a NUL would leave an empty username. */
		{"{\"auths\": {\"" HUB "\": {\"auth\": \"AA46eA==\"}}}",
		    HC_ERR_PARSE, "not \"username:secret\""},
		/* base64("user:"): no secret. */
		{"{\"auths\": {\"" HUB "\": {\"auth\": \"dXNlcjo=\"}}}",
		    HC_ERR_PARSE, "not \"username:secret\""},
		{"{\"auths\": {\n\"" HUB "\": {\"auth\": }}}", HC_ERR_PARSE,
		    "invalid JSON"},
		{"[1, 2]", HC_ERR_PARSE, "not a JSON object"},
	};
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_config(cases[i].config);
		if (find(&login, &err) != -1 || err.code != cases[i].code ||
		    strstr(err.message, cases[i].message) == NULL)
			fail_msg("case %zu: code %d, message '%s'", i,
			    err.code, err.message);
		assert_null(login.secret);
	}

	/* The JSON error has its position. */
	write_config("{\"auths\": {\n\"" HUB "\": {\"auth\": }}}");
	assert_int_equal(find(&login, &err), -1);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.file, "config.json"));
}

static void
test_missing_file_and_env_dir(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	char path[320];

	(void)state;
	snprintf(path, sizeof path, "%s/config.json", dir);
	unlink(path);
	assert_int_equal(find(&login, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
	assert_non_null(strstr(err.hint, "docker login"));

	/* DOCKER_CONFIG names the directory when the caller gives none. */
	write_config("{\"auths\": {\"" HUB "\": {\"auth\": \"" AUTH "\"}}}");
	setenv("DOCKER_CONFIG", dir, 1);
	hc_error_init(&err);
	if (dockerhub_dockerconfig_find(NULL, &login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.source, path);
	dockerhub_dockerconfig_login_done(&login);
	unsetenv("DOCKER_CONFIG");
}

static void
helper_env(const char *mode)
{
	setenv("HUBCRED_TEST_HELPER_MODE", mode, 1);
	setenv("HUBCRED_TEST_HELPER_USER", "helper-user", 1);
	setenv("HUBCRED_TEST_HELPER_SECRET", "dckr_pat_fromhelper", 1);
	unlink(helper_log);
}

static void
test_creds_store(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	char log[512];

	(void)state;
	helper_env("ok");
	/* credsStore wins over the entry in auths, as in the docker CLI. */
	write_config("{\"auths\": {\"" HUB "\": {\"auth\": \"" AUTH "\"}}, "
	    "\"credsStore\": \"hubcred-test\"}");
	if (find(&login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.username, "helper-user");
	assert_secret(login.secret, "dckr_pat_fromhelper");
	assert_int_equal(login.from_helper, 1);
	assert_int_equal(login.is_access_token, 1);
	assert_string_equal(login.source, "docker-credential-hubcred-test");
	dockerhub_dockerconfig_login_done(&login);
	read_file(helper_log, log, sizeof log);
	assert_string_equal(log, "args: get\nserver: " HUB "\n");
	assert_null(strstr(log_lines, "dckr_pat_fromhelper"));
}

static void
test_cred_helpers_entry(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;

	(void)state;
	helper_env("ok");
	write_config("{\"credsStore\": \"not-installed-anywhere\", "
	    "\"credHelpers\": {\"gcr.io\": \"gcloud\", \"" HUB "\": "
	    "\"hubcred-test\"}}");
	if (find(&login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.username, "helper-user");
	dockerhub_dockerconfig_login_done(&login);
}

static void
test_helper_falls_back_to_auths(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;

	(void)state;
	helper_env("notfound");
	write_config("{\"auths\": {\"" HUB "\": {\"auth\": \"" AUTH "\"}}, "
	    "\"credsStore\": \"hubcred-test\"}");
	if (find(&login, &err) != 0)
		fail_msg("%s", err.message);
	assert_string_equal(login.username, USER);
	assert_int_equal(login.from_helper, 0);
	dockerhub_dockerconfig_login_done(&login);

	/* Nothing in the file either: the helper's result is the error. */
	write_config("{\"credsStore\": \"hubcred-test\"}");
	assert_int_equal(find(&login, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
	assert_string_equal(err.message,
	    "docker-credential-hubcred-test has no Docker Hub login");

	write_config("{\"credsStore\": \"not-installed-anywhere\"}");
	assert_int_equal(find(&login, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
	assert_non_null(strstr(err.message, "docker-credential-not-installed-"
	    "anywhere is not installed"));
}

struct helper_case {
	const char *mode;
	enum hc_code code;
	const char *message;
};

static void
test_helper_failures(void **state)
{
	static const struct helper_case cases[] = {
		{"fail", HC_ERR_IO, "failed with exit status 1: error getting "
		    "credentials - err: exit status 1, out: `keychain locked`"},
		{"garbage", HC_ERR_IO, "printed no credentials"},
		/* More than the cap: read to the end, then rejected. */
		{"flood", HC_ERR_IO, "printed no credentials"},
		{"token", HC_ERR_UNSUPPORTED, "identity token"},
		{"notfound", HC_ERR_NOT_FOUND, "has no Docker Hub login"},
	};
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		helper_env(cases[i].mode);
		hc_error_init(&err);
		if (dockerhub_dockerconfig_run_helper("hubcred-test", HUB, 0,
		    &login, &err) != -1 || err.code != cases[i].code ||
		    strstr(err.message, cases[i].message) == NULL)
			fail_msg("%s: code %d, message '%s'", cases[i].mode,
			    err.code, err.message);
		assert_null(login.secret);
		assert_null(strstr(err.message, "dckr_pat_fromhelper"));
	}

	/* A server the helper has nothing for. */
	helper_env("ok");
	hc_error_init(&err);
	assert_int_equal(dockerhub_dockerconfig_run_helper("hubcred-test",
	    "quay.io", 0, &login, &err), -1);
	assert_int_equal(err.code, HC_ERR_NOT_FOUND);
}

static void
test_helper_timeout_and_name(void **state)
{
	struct dockerhub_dockerconfig_login login;
	struct hc_error err;

	(void)state;
	helper_env("slow");
	hc_error_init(&err);
	assert_int_equal(dockerhub_dockerconfig_run_helper("hubcred-test", HUB,
	    300, &login, &err), -1);
	assert_int_equal(err.code, HC_ERR_IO);
	assert_non_null(strstr(err.message, "timed out after 300 ms"));

	hc_error_init(&err);
	assert_int_equal(dockerhub_dockerconfig_run_helper("../hubcred-test",
	    HUB, 0, &login, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	hc_error_init(&err);
	assert_int_equal(dockerhub_dockerconfig_run_helper("", HUB, 0, &login,
	    &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/hubcred-dockerconfig.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(helper_log, sizeof helper_log, "%s/helper.log", dir);
	setenv("HUBCRED_TEST_HELPER_LOG", helper_log, 1);
	unsetenv("DOCKER_CONFIG");
	hc_log_set_handler(capture_log, NULL, HC_LOG_INFO);
	return 0;
}

static int
teardown(void **state)
{
	char path[320];

	(void)state;
	snprintf(path, sizeof path, "%s/config.json", dir);
	unlink(path);
	unlink(helper_log);
	return rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auths_base64),
		cmocka_unit_test(test_auths_other_hub_keys),
		cmocka_unit_test(test_auths_secret_with_colon),
		cmocka_unit_test(test_auths_failures),
		cmocka_unit_test(test_missing_file_and_env_dir),
		cmocka_unit_test(test_creds_store),
		cmocka_unit_test(test_cred_helpers_entry),
		cmocka_unit_test(test_helper_falls_back_to_auths),
		cmocka_unit_test(test_helper_failures),
		cmocka_unit_test(test_helper_timeout_and_name),
	};
	struct hc_error err;

	hc_error_init(&err);
	if (hc_alloc_install(&err) < 0 || hc_secret_library_init(&err) < 0) {
		fprintf(stderr, "setup: %s\n", err.message);
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
