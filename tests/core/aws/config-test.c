/*
 * Tests of core/aws/profile.c and core/aws/config.c. The AWS SDKs' shared
 * parser, provider and endpoint suites (from smithy-rs and aws-cli,
 * copied into tests/data/aws/) run as data. Other cases cover the
 * precedence of endpoints and regions, malformed files, credential_process,
 * the role chains of assume-role profiles and the JSON escaping of secret
 * bodies.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/aws/config.h"
#include "core/aws/error.h"
#include "core/aws/profile.h"
#include "core/aws/request.h"
#include "core/aws/role.h"
#include "core/aws/secretsmanager.h"

#ifndef HC_AWS_TEST_DATA
#error "HC_AWS_TEST_DATA must name tests/data/aws"
#endif

static const char *const aws_env[] = {
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION",
	"AWS_DEFAULT_REGION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECRETS_MANAGER",
	"AWS_ENDPOINT_URL_CODEBUILD", "AWS_ENDPOINT_URL_STS",
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CA_BUNDLE",
	"AWS_MAX_ATTEMPTS", "HOME", NULL,
};

static char tmpdir[] = "/tmp/hc-aws-config-test.XXXXXX";

static void
clear_env(void)
{
	const char *const *v;

	for (v = aws_env; *v != NULL; v++)
		unsetenv(*v);
}

static void
write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char *
tmp_path(const char *name)
{
	static char path[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", tmpdir, name);
	return path[i];
}

/* Clear the environment and point it at two new files in tmpdir. */
static void
use_files(const char *config, const char *credentials)
{
	clear_env();
	write_file("config", config);
	write_file("credentials", credentials);
	setenv("AWS_CONFIG_FILE", tmp_path("config"), 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", tmp_path("credentials"), 1);
}

static int
secret_is(struct hc_secret *secret, const char *expected)
{
	int same;

	if (secret == NULL)
		return expected == NULL;
	same = expected != NULL &&
	    strcmp(hc_secret_open(secret), expected) == 0;
	hc_secret_close(secret);
	return same;
}

/* --- the shared profile parser suite -------------------------------- */

static void
check_section(const struct aws_profile_set *set, enum aws_profile_kind kind,
    json_t *expected, const char *name)
{
	const struct aws_profile *p;
	const char *pname, *key;
	json_t *props, *value;

	if (expected == NULL)
		return;
	if (aws_profile_set_count(set, kind) != json_object_size(expected))
		fail_msg("%s: %zu sections, expected %zu", name,
		    aws_profile_set_count(set, kind),
		    json_object_size(expected));
	json_object_foreach(expected, pname, props) {
		p = aws_profile_set_find(set, kind, pname);
		if (p == NULL)
			fail_msg("%s: no section %s", name, pname);
		if (p->n_props != json_object_size(props))
			fail_msg("%s: section %s has %zu properties", name,
			    pname, p->n_props);
		json_object_foreach(props, key, value) {
			const char *got = aws_profile_get(p, key);

			if (got == NULL ||
			    strcmp(got, json_string_value(value)) != 0)
				fail_msg("%s: %s.%s = %s, expected %s", name,
				    pname, key, got ? got : "(none)",
				    json_string_value(value));
		}
	}
}

static void
run_parser_case(json_t *test)
{
	const char *name = json_string_value(json_object_get(test, "name"));
	json_t *input = json_object_get(test, "input");
	json_t *output = json_object_get(test, "output");
	json_t *config = json_object_get(input, "configFile");
	json_t *creds = json_object_get(input, "credentialsFile");
	json_t *expected_err = json_object_get(output, "errorContaining");
	struct aws_profile_set *set = aws_profile_set_new();
	struct hc_error err;
	int rc = 0;

	hc_error_init(&err);
	if (config != NULL)
		rc = aws_profile_set_parse(set, AWS_PROFILE_FILE_CONFIG,
		    json_string_value(config), json_string_length(config),
		    "config", &err);
	if (rc == 0 && creds != NULL)
		rc = aws_profile_set_parse(set, AWS_PROFILE_FILE_CREDENTIALS,
		    json_string_value(creds), json_string_length(creds),
		    "credentials", &err);
	if (expected_err != NULL) {
		if (rc == 0)
			fail_msg("%s: parsed, expected error", name);
		if (strstr(err.message, json_string_value(expected_err)) ==
		    NULL)
			fail_msg("%s: error \"%s\"", name, err.message);
		assert_int_equal(err.code, HC_ERR_PARSE);
		assert_true(err.line > 0);
	} else {
		if (rc != 0)
			fail_msg("%s: %s:%d: %s", name, err.file, err.line,
			    err.message);
		output = json_object_get(output, "config");
		check_section(set, AWS_PROFILE_KIND_PROFILE,
		    json_object_get(output, "profiles"), name);
		check_section(set, AWS_PROFILE_KIND_SSO_SESSION,
		    json_object_get(output, "sso_sessions"), name);
	}
	aws_profile_set_free(set);
}

static void
test_profile_parser_suite(void **state)
{
	json_t *root, *tests, *test;
	size_t i;

	(void)state;
	root = json_load_file(HC_AWS_TEST_DATA "/profile-parser-tests.json", 0,
	    NULL);
	assert_non_null(root);
	tests = json_object_get(root, "tests");
	assert_true(json_array_size(tests) > 60);
	json_array_foreach(tests, i, test)
		run_parser_case(test);
	json_decref(root);
}

/* Check that parse errors name the file and line. */
static void
test_malformed_file_line(void **state)
{
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	use_files("[default]\nregion = eu-west-1\n\n[profile dev]\n"
	    "region eu-west-1\n", "");
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_PARSE);
	assert_string_equal(err.file, tmp_path("config"));
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.message, "Expected an '=' sign"));
	aws_config_done(&cfg);

	use_files("", "[default]\naws_access_key_id = a\n[dev\n");
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_string_equal(err.file, tmp_path("credentials"));
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "must end with ']'"));
	aws_config_done(&cfg);
}

/* Check a session token line longer than inih's 200-byte limit. */
static void
test_long_session_token(void **state)
{
	char token[1201], text[1400];
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	memset(token, 'T', sizeof(token) - 1);
	token[sizeof(token) - 1] = '\0';
	snprintf(text, sizeof(text), "[default]\naws_access_key_id = AKID\n"
	    "aws_secret_access_key = SECRET \n"
	    "aws_session_token = %s\n", token);
	use_files("[default]\nregion = eu-west-1\nmax_attempts = 5\n", text);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.creds.access_key_id, "AKID");
	assert_true(secret_is(cfg.creds.secret_access_key, "SECRET"));
	assert_true(secret_is(cfg.creds.session_token, token));
	assert_non_null(strstr(cfg.creds.source, "credentials:2"));
	assert_int_equal(cfg.max_attempts, 5);
	aws_config_done(&cfg);

	setenv("AWS_MAX_ATTEMPTS", "0", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_non_null(strstr(err.message, "max_attempts"));
	aws_config_done(&cfg);
}

/* --- the shared credential provider suites ------------------------- */

/* Set the variables of env.json, with HOME in the case's fs/ folder. */
static void
case_env(const char *dir)
{
	char path[1024], home[1024];
	const char *key;
	json_t *env, *value;

	clear_env();
	snprintf(path, sizeof(path), "%s/env.json", dir);
	env = json_load_file(path, 0, NULL);
	assert_non_null(env);
	json_object_foreach(env, key, value)
		setenv(key, json_string_value(value), 1);
	snprintf(home, sizeof(home), "%s/fs/home", dir);
	setenv("HOME", home, 1);
	json_decref(env);
}

static json_t *
case_result(const char *dir)
{
	char path[1024];
	json_t *root, *result;

	snprintf(path, sizeof(path), "%s/test-case.json", dir);
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	result = json_incref(json_object_get(root, "result"));
	json_decref(root);
	return result;
}

static void
test_default_chain_suite(void **state)
{
	static const char *const cases[] = {
		"environment_variables", "environment_variables_blank",
		"prefer_environment", "profile_name", "profile_static_keys",
		"profile_static_keys_case_insensitive", NULL,
	};
	const char *const *c;
	struct aws_config cfg;
	struct hc_error err;
	json_t *ok;
	char dir[512];

	(void)state;
	for (c = cases; *c != NULL; c++) {
		snprintf(dir, sizeof(dir), "%s/default-credential-provider-"
		    "chain/%s", HC_AWS_TEST_DATA, *c);
		case_env(dir);
		ok = case_result(dir);
		aws_config_init(&cfg);
		hc_error_init(&err);
		if (aws_config_load(&cfg, NULL, &err) != 0)
			fail_msg("%s: %s", *c, err.message);
		assert_string_equal(cfg.creds.access_key_id,
		    json_string_value(json_object_get(json_object_get(ok,
		    "Ok"), "access_key_id")));
		assert_true(secret_is(cfg.creds.secret_access_key,
		    json_string_value(json_object_get(json_object_get(ok,
		    "Ok"), "secret_access_key"))));
		aws_config_done(&cfg);
		json_decref(ok);
	}
}

/* Return the credential_process of a case's default profile. */
static char *
case_command(const char *dir)
{
	struct aws_profile_set *set = aws_profile_set_new();
	char path[1024], *cmd;

	snprintf(path, sizeof(path), "%s/fs/home/.aws/config", dir);
	assert_int_equal(aws_profile_set_load(set, AWS_PROFILE_FILE_CONFIG,
	    path, NULL), 0);
	cmd = strdup(aws_profile_get(aws_profile_set_find(set,
	    AWS_PROFILE_KIND_PROFILE, "default"), "credential_process"));
	aws_profile_set_free(set);
	return cmd;
}

static void
test_credential_process_suite(void **state)
{
	struct aws_credentials creds = { 0 };
	struct aws_config cfg;
	struct hc_error err;
	char dir[512], *cmd;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/profile-provider/credential_process",
	    HC_AWS_TEST_DATA);
	cmd = case_command(dir);
	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process(cmd, &creds, &err), 0);
	assert_string_equal(creds.access_key_id, "ASIARTESTID");
	assert_true(secret_is(creds.secret_access_key, "TESTSECRETKEY"));
	assert_true(secret_is(creds.session_token, "TESTSESSIONTOKEN"));
	assert_int_equal(creds.expiration, 1651516560);
	aws_credentials_done(&creds);
	free(cmd);

	/* The loader rejects the same credentials because they expired in
	 * 2022. */
	case_env(dir);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_non_null(strstr(err.message, "expired at 2022-05-02T18:36:00Z"));
	assert_non_null(strstr(err.message, "config:4"));
	aws_config_done(&cfg);

	snprintf(dir, sizeof(dir), "%s/profile-provider/credential_process_"
	    "failure", HC_AWS_TEST_DATA);
	cmd = case_command(dir);
	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process(cmd, &creds, &err), -1);
	assert_non_null(strstr(err.message, "exit status 1"));
	free(cmd);

	snprintf(dir, sizeof(dir), "%s/profile-provider/credential_process_"
	    "invalid", HC_AWS_TEST_DATA);
	cmd = case_command(dir);
	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process(cmd, &creds, &err), -1);
	assert_non_null(strstr(err.message, "not a JSON object"));
	assert_null(creds.access_key_id);
	free(cmd);
}

/* Check that stderr reaches the message and invalid fields fail. */
static void
test_credential_process_errors(void **state)
{
	struct aws_credentials creds = { 0 };
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process("echo 'token for "
	    "dev expired, run sso login' >&2; exit 3", &creds, &err), -1);
	assert_non_null(strstr(err.message, "exit status 3"));
	assert_non_null(strstr(err.message, "run sso login"));

	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process("echo '{\"Version\": "
	    "2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}'", &creds,
	    &err), -1);
	assert_non_null(strstr(err.message, "Version"));

	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process("echo '{\"Version\": "
	    "1, \"AccessKeyId\": \"A\"}'", &creds, &err), -1);
	assert_non_null(strstr(err.message, "SecretAccessKey"));

	hc_error_init(&err);
	assert_int_equal(aws_config_credential_process("echo '{\"Version\": "
	    "1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
	    "\"Expiration\": \"2099-01-01T01:00:00+01:00\"}'", &creds, &err),
	    0);
	assert_int_equal(creds.expiration, 4070908800);
	assert_null(creds.session_token);
	aws_credentials_done(&creds);
}

static void
test_file_locations(void **state)
{
	json_t *root, *tests, *test, *value;
	struct aws_config cfg;
	const char *key;
	size_t i;

	(void)state;
	root = json_load_file(HC_AWS_TEST_DATA "/file-location-tests.json", 0,
	    NULL);
	assert_non_null(root);
	tests = json_object_get(root, "tests");
	json_array_foreach(tests, i, test) {
		if (strcmp(json_string_value(json_object_get(test,
		    "platform")), "linux") != 0)
			continue;
		clear_env();
		json_object_foreach(json_object_get(test, "environment"), key,
		    value)
			setenv(key, json_string_value(value), 1);
		aws_config_init(&cfg);
		aws_config_load(&cfg, NULL, NULL);
		assert_string_equal(cfg.config_file, json_string_value(
		    json_object_get(test, "configLocation")));
		assert_string_equal(cfg.credentials_file, json_string_value(
		    json_object_get(test, "credentialsLocation")));
		if (json_object_get(test, "profile") != NULL)
			assert_string_equal(cfg.profile, json_string_value(
			    json_object_get(test, "profile")));
		aws_config_done(&cfg);
	}
	json_decref(root);

	/* "~/" in an override is the home directory. */
	clear_env();
	setenv("HOME", "/home/user", 1);
	setenv("AWS_CONFIG_FILE", "~/aws/config", 1);
	aws_config_init(&cfg);
	aws_config_load(&cfg, NULL, NULL);
	assert_string_equal(cfg.config_file, "/home/user/aws/config");
	aws_config_done(&cfg);
}

/* --- the shared endpoint URL suite --------------------------------- */

/* Parse the suite's profiles and [services] sections as a config file. */
static struct aws_profile_set *
endpoint_suite_set(json_t *suite)
{
	struct aws_profile_set *set = aws_profile_set_new();
	const char *name, *key, *svc;
	json_t *props, *value, *cfg;
	char text[8192];
	size_t len = 0;

	json_object_foreach(json_object_get(suite, "profiles"), name, props) {
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "[profile %s]\n", name);
		json_object_foreach(props, key, value)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "%s = %s\n", key, json_string_value(value));
	}
	json_object_foreach(json_object_get(suite, "services"), name, props) {
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "[services %s]\n", name);
		json_object_foreach(props, svc, cfg) {
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "%s =\n", svc);
			json_object_foreach(cfg, key, value)
				len += (size_t)snprintf(text + len,
				    sizeof(text) - len, "  %s = %s\n", key,
				    json_string_value(value));
		}
	}
	assert_true(len < sizeof(text));
	assert_int_equal(aws_profile_set_parse(set, AWS_PROFILE_FILE_CONFIG,
	    text, len, "config", NULL), 0);
	return set;
}

/* Cases whose client config sets endpoint_url are left out: hubcred has
 * no client-level endpoint setting, only the shared config. */
static void
test_endpoint_url_suite(void **state)
{
	json_t *root, *suite, *test, *env, *client, *value;
	struct aws_profile_set *set;
	char upper[32], *url, *c;
	const char *key, *svc, *expected;
	size_t i, ran = 0;

	(void)state;
	root = json_load_file(HC_AWS_TEST_DATA
	    "/configured-endpoint-urls-tests.json", 0, NULL);
	assert_non_null(root);
	suite = json_array_get(json_object_get(root, "testSuites"), 0);
	set = endpoint_suite_set(suite);
	json_array_foreach(json_object_get(suite, "endpointUrlTests"), i,
	    test) {
		client = json_object_get(json_object_get(suite,
		    "client_configs"), json_string_value(json_object_get(test,
		    "client_config")));
		if (json_object_get(client, "endpoint_url") != NULL)
			continue;
		clear_env();
		env = json_object_get(json_object_get(suite, "environments"),
		    json_string_value(json_object_get(test, "environment")));
		json_object_foreach(env, key, value)
			setenv(key, json_string_value(value), 1);
		if (json_object_get(client, "ignore_configured_endpoint_urls"))
			setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true",
			    1);
		svc = json_string_value(json_object_get(test, "service"));
		snprintf(upper, sizeof(upper), "%s", svc);
		for (c = upper; *c != '\0'; c++)
			*c = (char)toupper((unsigned char)*c);
		assert_int_equal(aws_config_endpoint_from(set,
		    json_string_value(json_object_get(test, "profile")), upper,
		    svc, &url, NULL), 0);
		expected = json_string_value(json_object_get(
		    json_object_get(test, "output"), "endpointUrl"));
		if (strstr(expected, ".amazonaws.com") != NULL) {
			if (url != NULL)
				fail_msg("%s: got %s, expected the default",
				    json_string_value(json_object_get(test,
				    "name")), url);
		} else if (url == NULL || strcmp(url, expected) != 0) {
			fail_msg("%s: got %s, expected %s", json_string_value(
			    json_object_get(test, "name")), url ? url :
			    "the default", expected);
		}
		free(url);
		ran++;
	}
	assert_true(ran >= 20);
	aws_profile_set_free(set);
	json_decref(root);
}

/* --- precedence ---------------------------------------------------- */

static const char endpoint_config[] =
    "[default]\n"
    "region = eu-west-1\n"
    "endpoint_url = https://profile.example\n"
    "services = local\n"
    "[profile plain]\n"
    "region = us-east-2\n"
    "[profile ignoring]\n"
    "endpoint_url = https://profile.example\n"
    "ignore_configured_endpoint_urls = true\n"
    "[profile broken]\n"
    "services = missing\n"
    "[services local]\n"
    "secrets_manager =\n"
    "  endpoint_url = https://sm.services.example\n"
    "sts =\n"
    "  region = us-west-2\n";

static const char endpoint_creds[] =
    "[default]\naws_access_key_id = AKID\naws_secret_access_key = S\n"
    "[plain]\naws_access_key_id = AKID\naws_secret_access_key = S\n"
    "[ignoring]\naws_access_key_id = AKID\naws_secret_access_key = S\n"
    "[broken]\naws_access_key_id = AKID\naws_secret_access_key = S\n";

/* Load, then return the URL of service (static buffer). */
static const char *
url_of(enum aws_service service, const char *fallback)
{
	static char url[1024];
	struct aws_config cfg;
	struct hc_error err;
	char *u;

	aws_config_init(&cfg);
	hc_error_init(&err);
	if (aws_config_load(&cfg, fallback, &err) != 0) {
		aws_config_done(&cfg);
		snprintf(url, sizeof(url), "error: %s", err.message);
		return url;
	}
	u = aws_config_endpoint_url(&cfg, service, NULL, &err);
	snprintf(url, sizeof(url), "%s", u ? u : err.message);
	free(u);
	aws_config_done(&cfg);
	return url;
}

static void
test_endpoint_precedence(void **state)
{
	(void)state;
	use_files(endpoint_config, endpoint_creds);
	/* [services] section beats the profile's endpoint_url. */
	assert_string_equal(url_of(AWS_SERVICE_SECRETSMANAGER, NULL),
	    "https://sm.services.example");
	/* No endpoint_url in the section's sts entry: the profile's. */
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL),
	    "https://profile.example");
	/* The global variable beats the services section. */
	setenv("AWS_ENDPOINT_URL", "https://global.env.example", 1);
	assert_string_equal(url_of(AWS_SERVICE_SECRETSMANAGER, NULL),
	    "https://global.env.example");
	/* The service variable beats the global one. */
	setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "https://sm.env.example",
	    1);
	assert_string_equal(url_of(AWS_SERVICE_SECRETSMANAGER, NULL),
	    "https://sm.env.example");
	assert_string_equal(url_of(AWS_SERVICE_CODEBUILD, NULL),
	    "https://global.env.example");
	/* A misspelt variable is ignored, like the SDKs do. */
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_SECRETS_MANAGER");
	setenv("AWS_ENDPOINT_URL_SECRETSMANAGER", "https://typo.example", 1);
	assert_string_equal(url_of(AWS_SERVICE_SECRETSMANAGER, NULL),
	    "https://sm.services.example");
	unsetenv("AWS_ENDPOINT_URL_SECRETSMANAGER");
	/* Switched off: the AWS default. */
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	setenv("AWS_ENDPOINT_URL", "https://global.env.example", 1);
	assert_string_equal(url_of(AWS_SERVICE_SECRETSMANAGER, NULL),
	    "https://secretsmanager.eu-west-1.amazonaws.com/");
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	unsetenv("AWS_ENDPOINT_URL");
	setenv("AWS_PROFILE", "ignoring", 1);
	assert_string_equal(url_of(AWS_SERVICE_CODEBUILD, "ap-south-1"),
	    "https://codebuild.ap-south-1.amazonaws.com/");
	setenv("AWS_PROFILE", "broken", 1);
	assert_non_null(strstr(url_of(AWS_SERVICE_STS, NULL),
	    "services section \"missing\""));
}

static void
test_region_precedence(void **state)
{
	(void)state;
	use_files(endpoint_config, endpoint_creds);
	setenv("AWS_PROFILE", "plain", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, "sa-east-1"),
	    "https://sts.us-east-2.amazonaws.com/");
	setenv("AWS_DEFAULT_REGION", "eu-north-1", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, "sa-east-1"),
	    "https://sts.eu-north-1.amazonaws.com/");
	setenv("AWS_REGION", "eu-central-1", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, "sa-east-1"),
	    "https://sts.eu-central-1.amazonaws.com/");
	/* Blank counts as unset. */
	setenv("AWS_REGION", " ", 1);
	setenv("AWS_DEFAULT_REGION", "", 1);
	setenv("AWS_PROFILE", "ignoring", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, "sa-east-1"),
	    "https://sts.sa-east-1.amazonaws.com/");
	assert_non_null(strstr(url_of(AWS_SERVICE_STS, NULL),
	    "no AWS region"));
}

/* A region that is not a region name could move the request to another
 * host or break the SigV4 scope, even with a configured endpoint. */
static void
test_region_checked(void **state)
{
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	use_files("[default]\nregion = eu-west-1\n"
	    "endpoint_url = https://local.example\n", endpoint_creds);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL),
	    "https://local.example");
	setenv("AWS_REGION", "evil.example/#", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL),
	    "invalid AWS region \"evil.example/#\"");
	setenv("AWS_REGION", "eu-west-1:x", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL),
	    "invalid AWS region \"eu-west-1:x\"");
	unsetenv("AWS_REGION");
	use_files("[default]\nendpoint_url = https://local.example\n",
	    endpoint_creds);
	assert_non_null(strstr(url_of(AWS_SERVICE_STS, NULL),
	    "no AWS region"));

	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_null(aws_config_endpoint_url(&cfg, AWS_SERVICE_SECRETSMANAGER,
	    "x.evil.example\n", &err));
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_string_equal(err.message,
	    "invalid AWS region \"x.evil.example?\"");
	aws_config_done(&cfg);
}

/* endpoint_url followed by indented lines parses as sub-properties. */
static void
test_endpoint_sub_properties(void **state)
{
	(void)state;
	use_files("[default]\nregion = eu-west-1\nendpoint_url =\n"
	    "  x = https://a.example\n", endpoint_creds);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL), "error: "
	    "endpoint_url of profile default is not a valid endpoint URL: it "
	    "contains a line break");
	/* An empty endpoint_url in a services section counts as unset. */
	use_files("[default]\nregion = eu-west-1\nservices = s\n"
	    "[services s]\nsts =\n  endpoint_url =\n", endpoint_creds);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL),
	    "https://sts.eu-west-1.amazonaws.com/");
	/* A CR inside a line is not a line end; in a services section it
	 * is refused as in the profile. */
	use_files("[default]\nregion = eu-west-1\nservices = s\n"
	    "[services s]\nsts =\n  endpoint_url = http://a\rb\n",
	    endpoint_creds);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL), "error: "
	    "endpoint_url of sts in services section \"s\" is not a valid "
	    "endpoint URL: it contains a line break");
	use_files("[default]\nregion = eu-west-1\n", endpoint_creds);
	setenv("AWS_ENDPOINT_URL_STS", "http://a\nb", 1);
	assert_string_equal(url_of(AWS_SERVICE_STS, NULL), "error: "
	    "AWS_ENDPOINT_URL_STS is not a valid endpoint URL: it contains a "
	    "line break");
	unsetenv("AWS_ENDPOINT_URL_STS");
}

/* Endpoints that libcurl would reject, misread, or log with a password
 * are rejected when the configuration is loaded, naming the reason. */
static void
test_endpoint_url_checked(void **state)
{
	static const struct {
		const char *url;
		const char *why;	/* NULL: accepted */
	} cases[] = {
		{"https://127.0.0.1:4566", NULL},
		{"http://localhost:4566/base/", NULL},
		{"HTTPS://sts.eu-west-1.amazonaws.com", NULL},
		{"http://[::1]:4566", NULL},
		{"127.0.0.1:4566", "it must start with https:// or http://"},
		{"ftp://127.0.0.1", "it must start with https:// or http://"},
		{"\"https://127.0.0.1\"", "it contains quotes"},
		{"https://u:p@127.0.0.1:4566", "it must not contain a user name "
		    "or password"},
		{"https://127.0.0.1:99999", "the port must be a number from 1 "
		    "to 65535"},
		{"https://127.0.0.1:0", "the port must be a number from 1 to "
		    "65535"},
		{"https://127.0.0.1:44x", "the port must be a number from 1 to "
		    "65535"},
		{"https://:4566", "it has no host name"},
		{"https://", "it has no host name"},
		{"https://a b", "it contains a space"},
	};
	char want[256];
	size_t i;

	(void)state;
	use_files("[default]\nregion = eu-west-1\n", endpoint_creds);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		setenv("AWS_ENDPOINT_URL_STS", cases[i].url, 1);
		if (cases[i].why == NULL)
			snprintf(want, sizeof want, "%s", cases[i].url);
		else
			snprintf(want, sizeof want, "error: "
			    "AWS_ENDPOINT_URL_STS is not a valid endpoint URL: "
			    "%s", cases[i].why);
		if (strcmp(url_of(AWS_SERVICE_STS, NULL), want) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].url,
			    url_of(AWS_SERVICE_STS, NULL), want);
	}
	unsetenv("AWS_ENDPOINT_URL_STS");
}

static void
test_arn_region(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(aws_arn_region("arn:aws:secretsmanager:eu-west-3:"
	    "123456789012:secret:a-AbCdEf", buf, sizeof(buf)), "eu-west-3");
	assert_null(aws_arn_region("codebuild/dockerhub", buf, sizeof(buf)));
	assert_null(aws_arn_region("arn:aws:iam::123456789012:role/x", buf,
	    sizeof(buf)));
	assert_null(aws_arn_region("arn:aws", buf, sizeof(buf)));
}

static void
test_no_credentials(void **state)
{
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	use_files("[default]\nregion = eu-west-1\n[profile sso]\n"
	    "sso_session = corp\n", "");
	setenv("AWS_ACCESS_KEY_ID", "AKID", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "  ", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_non_null(strstr(err.message, "AWS_SECRET_ACCESS_KEY"));
	assert_non_null(strstr(err.message, tmp_path("credentials")));
	assert_non_null(strstr(err.message, "credential_process"));
	assert_true(err.hint[0] != '\0');
	aws_config_done(&cfg);

	setenv("AWS_PROFILE", "sso", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_non_null(strstr(err.message, "SSO"));
	aws_config_done(&cfg);

	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_PROFILE", "nosuch", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), -1);
	assert_non_null(strstr(err.message, "\"nosuch\" not found"));
	aws_config_done(&cfg);
}

/* Check that environment keys win and leave the environment. */
static void
test_env_credentials(void **state)
{
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	use_files("[default]\nregion = eu-west-1\n", "[default]\n"
	    "aws_access_key_id = FILEKEY\naws_secret_access_key = FILE\n");
	setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	setenv("AWS_SESSION_TOKEN", "env-token", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, NULL, &err), 0);
	assert_string_equal(cfg.creds.access_key_id, "ENVKEY");
	assert_true(secret_is(cfg.creds.secret_access_key, "env-secret"));
	assert_true(secret_is(cfg.creds.session_token, "env-token"));
	assert_string_equal(cfg.creds.source, "environment");
	assert_int_equal(cfg.max_attempts, 3);
	assert_null(getenv("AWS_SECRET_ACCESS_KEY"));
	assert_null(getenv("AWS_SESSION_TOKEN"));
	aws_config_done(&cfg);
}

/* --- assume-role profiles ------------------------------------------- */

#define ROLE(name) "role_arn = arn:aws:iam::123456789012:role/" name "\n"
#define KEYS "aws_access_key_id = AKIDBASE\naws_secret_access_key = s\n"

/* Parse text as a config file and resolve profile's role chain. The set
 * is returned in *set for the caller to free after reading chain. */
static int
resolve(const char *text, const char *profile, struct aws_profile_set **set,
    struct aws_role_chain *chain, struct hc_error *err)
{
	*set = aws_profile_set_new();
	assert_non_null(*set);
	hc_error_init(err);
	assert_int_equal(aws_profile_set_parse(*set, AWS_PROFILE_FILE_CONFIG,
	    text, strlen(text), "config", err), 0);
	return aws_role_chain_resolve(*set, profile, chain, err);
}

/* Resolve a profile that must fail, and check the code, a piece of the
 * message, the line and that there is a hint. */
static void
expect_role_error(const char *text, const char *profile, enum hc_code code,
    const char *message, int line)
{
	struct aws_profile_set *set;
	struct aws_role_chain chain;
	struct hc_error err;

	if (resolve(text, profile, &set, &chain, &err) != -1)
		fail_msg("%s: resolved, expected \"%s\"", profile, message);
	if (strstr(err.message, message) == NULL)
		fail_msg("%s: message \"%s\", expected \"%s\"", profile,
		    err.message, message);
	assert_int_equal(err.code, code);
	assert_string_equal(err.file, "config");
	assert_int_equal(err.line, line);
	assert_true(err.hint[0] != '\0');
	assert_null(chain.hops);
	aws_profile_set_free(set);
}

/* The deepest role is assumed first, and a source profile with both
 * keys and a role_arn gives its keys. */
static void
test_role_chain_order(void **state)
{
	static const char text[] =
	    "[profile top]\n" ROLE("top")
	    "source_profile = middle\nrole_session_name = top-session\n"
	    "external_id = ext:id/1\nduration_seconds = 1800\n"
	    "[profile middle]\n" ROLE("middle") "source_profile = base\n"
	    "[profile base]\n" ROLE("ignored") KEYS;
	struct aws_profile_set *set;
	struct aws_role_chain chain;
	struct hc_error err;

	(void)state;
	assert_int_equal(resolve(text, "top", &set, &chain, &err), 1);
	assert_int_equal(chain.base, AWS_ROLE_BASE_PROFILE);
	assert_string_equal(chain.base_profile, "base");
	assert_int_equal(chain.n_hops, 2);
	assert_string_equal(chain.hops[0].profile, "middle");
	assert_string_equal(chain.hops[0].role_arn,
	    "arn:aws:iam::123456789012:role/middle");
	assert_null(chain.hops[0].session_name);
	assert_null(chain.hops[0].external_id);
	assert_int_equal(chain.hops[0].duration_seconds, 0);
	assert_int_equal(chain.hops[0].line, 8);
	assert_string_equal(chain.hops[1].profile, "top");
	assert_string_equal(chain.hops[1].session_name, "top-session");
	assert_string_equal(chain.hops[1].external_id, "ext:id/1");
	assert_int_equal(chain.hops[1].duration_seconds, 1800);
	aws_role_chain_done(&chain);

	/* From the middle the chain is one role long. */
	assert_int_equal(aws_role_chain_resolve(set, "middle", &chain, &err),
	    1);
	assert_int_equal(chain.n_hops, 1);
	assert_string_equal(chain.base_profile, "base");
	aws_role_chain_done(&chain);

	/* Chosen itself, base must name a source for its role_arn, as in
	 * botocore: its keys do not count as one. */
	assert_int_equal(aws_role_chain_resolve(set, "base", &chain, &err),
	    -1);
	assert_non_null(strstr(err.message, "neither source_profile nor "
	    "credential_source"));
	aws_profile_set_free(set);
}

static void
test_role_sources(void **state)
{
	struct aws_profile_set *set;
	struct aws_role_chain chain;
	struct hc_error err;

	(void)state;
	/* No role_arn: nothing to assume. */
	assert_int_equal(resolve("[profile plain]\n" KEYS, "plain", &set,
	    &chain, &err), 0);
	assert_null(chain.hops);
	aws_profile_set_free(set);

	assert_int_equal(resolve("[profile env]\n" ROLE("env")
	    "credential_source = Environment\n", "env", &set, &chain, &err),
	    1);
	assert_int_equal(chain.base, AWS_ROLE_BASE_ENVIRONMENT);
	assert_null(chain.base_profile);
	assert_int_equal(chain.n_hops, 1);
	aws_role_chain_done(&chain);
	aws_profile_set_free(set);

	/* A profile may source its own static keys. */
	assert_int_equal(resolve("[profile self]\n" ROLE("self")
	    "source_profile = self\n" KEYS, "self", &set, &chain, &err), 1);
	assert_string_equal(chain.base_profile, "self");
	assert_int_equal(chain.n_hops, 1);
	aws_role_chain_done(&chain);
	aws_profile_set_free(set);

	assert_int_equal(resolve("[profile top]\n" ROLE("top")
	    "source_profile = proc\n[profile proc]\n"
	    "credential_process = echo\n", "top", &set, &chain, &err), 1);
	assert_string_equal(chain.base_profile, "proc");
	aws_role_chain_done(&chain);
	aws_profile_set_free(set);
}

static void
test_role_loops(void **state)
{
	(void)state;
	expect_role_error("[profile a]\n" ROLE("a") "source_profile = b\n"
	    "[profile b]\n" ROLE("b") "source_profile = c\n"
	    "[profile c]\n" ROLE("c") "source_profile = a\n", "a",
	    HC_ERR_INPUT, "source_profile loop: a -> b -> c -> a", 9);
	/* The loop may start below the profile asked for. */
	expect_role_error("[profile top]\n" ROLE("top") "source_profile = a\n"
	    "[profile a]\n" ROLE("a") "source_profile = b\n"
	    "[profile b]\n" ROLE("b") "source_profile = a\n", "top",
	    HC_ERR_INPUT, "loop: top -> a -> b -> a", 9);
	/* Naming itself needs static keys. */
	expect_role_error("[profile self]\n" ROLE("self")
	    "source_profile = self\n", "self", HC_ERR_INPUT,
	    "loop: self -> self", 3);
}

static void
test_role_rejected_sources(void **state)
{
	(void)state;
	expect_role_error("[profile both]\n" ROLE("both")
	    "source_profile = base\ncredential_source = Environment\n"
	    "[profile base]\n" KEYS, "both", HC_ERR_INPUT,
	    "profile both sets both source_profile and credential_source", 4);
	expect_role_error("[profile ec2]\n" ROLE("ec2")
	    "credential_source = Ec2InstanceMetadata\n", "ec2",
	    HC_ERR_AUTH, "credential_source = Ec2InstanceMetadata, "
	    "which hubcred does not support", 3);
	expect_role_error("[profile ecs]\n" ROLE("ecs")
	    "credential_source = EcsContainer\n", "ecs", HC_ERR_AUTH,
	    "instance metadata service or a container", 3);
	expect_role_error("[profile odd]\n" ROLE("odd")
	    "credential_source = environment\n", "odd", HC_ERR_INPUT,
	    "credential_source \"environment\" of profile odd is invalid", 3);
	expect_role_error("[profile none]\n" ROLE("none"), "none",
	    HC_ERR_INPUT, "neither source_profile nor credential_source", 2);
	expect_role_error("[profile web]\n" ROLE("web")
	    "web_identity_token_file = /tmp/token\n", "web", HC_ERR_INPUT,
	    "web_identity_token_file is not supported", 2);
	expect_role_error("[profile lost]\n" ROLE("lost")
	    "source_profile = gone\n", "lost", HC_ERR_INPUT,
	    "source_profile \"gone\" of profile lost not found", 3);
	expect_role_error("[profile top]\n" ROLE("top")
	    "source_profile = empty\n[profile empty]\nregion = eu-west-1\n",
	    "top", HC_ERR_AUTH, "source profile empty of profile top has no "
	    "credentials", 3);
	expect_role_error("[profile top]\n" ROLE("top")
	    "source_profile = sso\n[profile sso]\nsso_session = corp\n",
	    "top", HC_ERR_AUTH, "source profile sso of profile top "
	    "uses SSO", 3);
}

/* mfa_serial anywhere in the chain stops it, naming the profile. */
static void
test_role_mfa_rejected(void **state)
{
	struct aws_profile_set *set;
	struct aws_role_chain chain;
	struct hc_error err;

	(void)state;
	expect_role_error("[profile mfa]\n" ROLE("mfa") "source_profile = b\n"
	    "mfa_serial = arn:aws:iam::123456789012:mfa/alice\n"
	    "[profile b]\n" KEYS, "mfa", HC_ERR_AUTH,
	    "profile mfa sets mfa_serial, which hubcred does not support", 4);
	assert_int_equal(resolve("[profile top]\n" ROLE("top")
	    "source_profile = mid\n[profile mid]\n" ROLE("mid")
	    "source_profile = b\nmfa_serial = arn:aws:iam::1:mfa/a\n"
	    "[profile b]\n" KEYS, "top", &set, &chain, &err), -1);
	assert_non_null(strstr(err.message, "profile mid sets mfa_serial"));
	assert_non_null(strstr(err.hint, "aws configure export-credentials "
	    "--profile mid"));
	aws_profile_set_free(set);
}

static void
test_role_invalid_values(void **state)
{
	(void)state;
	expect_role_error("[profile u]\nrole_arn = arn:aws:iam::123456789012:"
	    "user/alice\nsource_profile = u\n" KEYS, "u", HC_ERR_INPUT,
	    "role_arn of profile u is not an IAM role ARN", 2);
	expect_role_error("[profile u]\nrole_arn = arn:aws:iam::1234:role/r\n"
	    "source_profile = u\n" KEYS, "u", HC_ERR_INPUT,
	    "not an IAM role ARN", 2);
	expect_role_error("[profile d]\n" ROLE("d") "credential_source = "
	    "Environment\nduration_seconds = 899\n", "d", HC_ERR_INPUT,
	    "duration_seconds \"899\" of profile d is not a number of "
	    "seconds from 900 to 43200", 4);
	expect_role_error("[profile d]\n" ROLE("d") "credential_source = "
	    "Environment\nduration_seconds = 43201\n", "d", HC_ERR_INPUT,
	    "duration_seconds \"43201\"", 4);
	expect_role_error("[profile d]\n" ROLE("d") "credential_source = "
	    "Environment\nduration_seconds = 1h\n", "d", HC_ERR_INPUT,
	    "duration_seconds \"1h\"", 4);
	expect_role_error("[profile s]\n" ROLE("s") "credential_source = "
	    "Environment\nrole_session_name = my session\n", "s",
	    HC_ERR_INPUT, "role_session_name \"my session\" of profile s is "
	    "invalid", 4);
	expect_role_error("[profile s]\n" ROLE("s") "credential_source = "
	    "Environment\nrole_session_name = x\n", "s", HC_ERR_INPUT,
	    "role_session_name \"x\"", 4);
	expect_role_error("[profile e]\n" ROLE("e") "credential_source = "
	    "Environment\nexternal_id = a b\n", "e", HC_ERR_INPUT,
	    "external_id of profile e is invalid", 4);
}

/* The loader reports a role profile's mistakes before any request, and
 * keeps the environment's keys first unless the profile makes them the
 * role's source. */
static void
test_role_through_loader(void **state)
{
	struct aws_config cfg;
	struct hc_error err;

	(void)state;
	use_files("[profile a]\n" ROLE("a") "source_profile = b\n"
	    "[profile b]\n" ROLE("b") "source_profile = a\n"
	    "[profile env]\n" ROLE("env") "credential_source = Environment\n"
	    "[profile ec2]\n" ROLE("ec2")
	    "credential_source = Ec2InstanceMetadata\n"
	    "[profile sso]\nsso_start_url = https://corp.example/start\n", "");
	setenv("AWS_PROFILE", "a", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, "eu-west-1", &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_non_null(strstr(err.message, "source_profile loop: a -> b -> "
	    "a"));
	assert_null(cfg.creds.access_key_id);
	aws_config_done(&cfg);

	setenv("AWS_PROFILE", "ec2", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, "eu-west-1", &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	aws_config_done(&cfg);

	setenv("AWS_PROFILE", "env", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, "eu-west-1", &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_non_null(strstr(err.message, "profile env has "
	    "credential_source = Environment, but AWS_ACCESS_KEY_ID"));
	aws_config_done(&cfg);

	/* Keys in the environment win over a profile with source_profile,
	 * as in the AWS CLI, so the loop is never looked at. */
	setenv("AWS_PROFILE", "a", 1);
	setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, "eu-west-1", &err), 0);
	assert_string_equal(cfg.creds.source, "environment");
	aws_config_done(&cfg);

	/* SSO keeps its own message, without role_arn in it. */
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_PROFILE", "sso", 1);
	aws_config_init(&cfg);
	hc_error_init(&err);
	assert_int_equal(aws_config_load(&cfg, "eu-west-1", &err), -1);
	assert_int_equal(err.code, HC_ERR_AUTH);
	assert_non_null(strstr(err.message, "(profile \"sso\" uses SSO, "
	    "which hubcred does not support)"));
	aws_config_done(&cfg);
}

/* --- request helpers ----------------------------------------------- */

static void
test_clean_type(void **state)
{
	char out[64];

	(void)state;
	aws_error_clean_type("aws.protocoltests.restjson#FooError:"
	    "http://internal.amazon.com/coral/", out, sizeof(out));
	assert_string_equal(out, "FooError");
	aws_error_clean_type("com.amazonaws.secretsmanager#"
	    "ResourceExistsException", out, sizeof(out));
	assert_string_equal(out, "ResourceExistsException");
	aws_error_clean_type("ThrottlingException", out, sizeof(out));
	assert_string_equal(out, "ThrottlingException");
	aws_error_clean_type("FooError:http://x#y", out, sizeof(out));
	assert_string_equal(out, "FooError");
}

/* The decoder reads only len bytes of a body that does not end in NUL. */
static void
test_decode_error_bounded(void **state)
{
	static const char xml[] = "<ErrorResponse><Error><Code>Throttling"
	    "</Code><Message>Rate exceeded</Message></Error></ErrorResponse>";
	char code[64], message[64], *body;
	size_t cut = (size_t)(strstr(xml, "</Message>") - xml);

	(void)state;
	body = malloc(cut);
	assert_non_null(body);
	memcpy(body, xml, cut);
	aws_error_decode(body, cut, NULL, code, sizeof(code), message,
	    sizeof(message));
	assert_string_equal(code, "Throttling");
	assert_string_equal(message, "");
	aws_error_decode(body, cut, "x#ThrottlingException", code, 1,
	    message, 1);
	assert_string_equal(code, "");
	free(body);
	aws_error_decode("{\"__type\": \"a#B:c\", \"message\": \"m\"}", 35,
	    NULL, code, sizeof(code), message, sizeof(message));
	assert_string_equal(code, "B");
	assert_string_equal(message, "m");
	aws_error_decode("", 0, "x#Throttling:y", code, sizeof(code),
	    message, sizeof(message));
	assert_string_equal(code, "Throttling");
}

static void
test_json_escape(void **state)
{
	static const char value[] = "{\"username\":\"a\\b\",\"password\":"
	    "\"p\x01\n\t\x1f\xc3\xa9\xe2\x82\xac end\"}";
	struct hc_secret *dst;
	json_t *parsed;

	(void)state;
	dst = hc_secret_new(0, NULL);
	assert_non_null(dst);
	assert_int_equal(aws_secretsmanager_append_json_string(dst, value,
	    sizeof(value) - 1, NULL), 0);
	parsed = json_loadb(hc_secret_open(dst), hc_secret_len(dst),
	    JSON_DECODE_ANY, NULL);
	assert_non_null(strstr(hc_secret_open(dst), "\\u0001\\u000a"));
	hc_secret_close(dst);
	hc_secret_close(dst);
	assert_true(json_is_string(parsed));
	assert_int_equal(json_string_length(parsed), sizeof(value) - 1);
	assert_memory_equal(json_string_value(parsed), value,
	    sizeof(value) - 1);
	json_decref(parsed);
	hc_secret_free(dst);
}

static int
setup(void **state)
{
	(void)state;
	if (hc_secret_library_init(NULL) < 0 || mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(tmp_path("config"));
	unlink(tmp_path("credentials"));
	rmdir(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_parser_suite),
		cmocka_unit_test(test_malformed_file_line),
		cmocka_unit_test(test_long_session_token),
		cmocka_unit_test(test_default_chain_suite),
		cmocka_unit_test(test_credential_process_suite),
		cmocka_unit_test(test_credential_process_errors),
		cmocka_unit_test(test_file_locations),
		cmocka_unit_test(test_endpoint_url_suite),
		cmocka_unit_test(test_endpoint_precedence),
		cmocka_unit_test(test_region_precedence),
		cmocka_unit_test(test_region_checked),
		cmocka_unit_test(test_endpoint_sub_properties),
		cmocka_unit_test(test_endpoint_url_checked),
		cmocka_unit_test(test_arn_region),
		cmocka_unit_test(test_no_credentials),
		cmocka_unit_test(test_env_credentials),
		cmocka_unit_test(test_role_chain_order),
		cmocka_unit_test(test_role_sources),
		cmocka_unit_test(test_role_loops),
		cmocka_unit_test(test_role_rejected_sources),
		cmocka_unit_test(test_role_mfa_rejected),
		cmocka_unit_test(test_role_invalid_values),
		cmocka_unit_test(test_role_through_loader),
		cmocka_unit_test(test_clean_type),
		cmocka_unit_test(test_decode_error_bounded),
		cmocka_unit_test(test_json_escape),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
