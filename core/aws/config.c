/*
 * Resolve the AWS client settings from the environment and the shared
 * files.
 * https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/aws/config.h"
#include "core/aws/profile.h"
#include "core/aws/role.h"
#include "core/aws/sts.h"
#include "core/log.h"
#include "core/net.h"

static const struct {
	const char *signing_name;
	const char *env_suffix;		/* AWS_ENDPOINT_URL_<this> */
	const char *services_key;	/* key in a [services X] section */
} services[AWS_SERVICE_COUNT] = {
	[AWS_SERVICE_SECRETSMANAGER] = { "secretsmanager", "SECRETS_MANAGER",
	    "secrets_manager" },
	[AWS_SERVICE_CODEBUILD] = { "codebuild", "CODEBUILD", "codebuild" },
	[AWS_SERVICE_STS] = { "sts", "STS", "sts" },
};

/* List of the places the loader searched, for the "no credentials"
 * message. */
struct tried {
	char text[HC_ERROR_MESSAGE_MAX];
	size_t len;
};

void
aws_config_init(struct aws_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->connect_timeout_ms = 10000;
	cfg->timeout_ms = 30000;
	cfg->max_attempts = 3;
	cfg->backoff_base_ms = 1000;
}

void
aws_credentials_done(struct aws_credentials *creds)
{
	free(creds->access_key_id);
	hc_secret_free(creds->secret_access_key);
	hc_secret_free(creds->session_token);
	memset(creds, 0, sizeof(*creds));
}

void
aws_config_done(struct aws_config *cfg)
{
	int i;

	free(cfg->profile);
	free(cfg->config_file);
	free(cfg->credentials_file);
	free(cfg->region);
	for (i = 0; i < AWS_SERVICE_COUNT; i++)
		free(cfg->endpoint[i]);
	free(cfg->ca_bundle);
	aws_credentials_done(&cfg->creds);
	aws_config_init(cfg);
}

const char *
aws_service_signing_name(enum aws_service service)
{
	return services[service].signing_name;
}

/* Return getenv(name), or NULL when the value is blank. */
static const char *
env_value(const char *name)
{
	const char *v = getenv(name), *c;

	if (v == NULL)
		return NULL;
	for (c = v; *c != '\0'; c++) {
		if (!isspace((unsigned char)*c))
			return v;
	}
	return NULL;
}

static int
is_true(const char *v)
{
	return v != NULL && strcasecmp(v, "true") == 0;
}

static void
tried_add(struct tried *t, const char *fmt, const char *arg)
{
	int n;

	if (t->len >= sizeof(t->text))
		return;
	n = snprintf(t->text + t->len, sizeof(t->text) - t->len,
	    t->len ? "; " : "");
	if (n > 0)
		t->len += (size_t)n;
	if (t->len >= sizeof(t->text))
		return;
	n = snprintf(t->text + t->len, sizeof(t->text) - t->len, fmt, arg);
	if (n > 0)
		t->len += (size_t)n;
}

static char *
dup_or_oom(const char *s, struct hc_error *err)
{
	char *copy;

	if (s == NULL)
		return NULL;
	copy = strdup(s);
	if (copy == NULL)
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
	return copy;
}

/* Return the override in env, or "$HOME/.aws/name". Caller frees. */
static char *
file_path(const char *env, const char *name)
{
	const char *v = env_value(env), *home = env_value("HOME");
	char *path;
	int n;

	if (v != NULL && strncmp(v, "~/", 2) != 0)
		return strdup(v);
	if (home == NULL)
		return NULL;
	if (v != NULL)
		n = asprintf(&path, "%s%s", home, v + 1);
	else
		n = asprintf(&path, "%s/.aws/%s", home, name);
	return n < 0 ? NULL : path;
}

/* Return a trimmed copy of value in a new secret, or NULL. */
static struct hc_secret *
secret_from(const char *value, struct hc_error *err)
{
	size_t n;

	while (isspace((unsigned char)*value))
		value++;
	n = strlen(value);
	while (n > 0 && isspace((unsigned char)value[n - 1]))
		n--;
	return hc_secret_new_from(value, n, err);
}

/* Read the keys from the environment. Return 1 when found, 0 when not
 * and -1 on error. */
static int
creds_from_env(struct aws_credentials *creds, struct tried *tried,
    struct hc_error *err)
{
	const char *akid = env_value("AWS_ACCESS_KEY_ID");

	tried_add(tried, "%s", "environment variables AWS_ACCESS_KEY_ID and "
	    "AWS_SECRET_ACCESS_KEY");
	if (akid == NULL || env_value("AWS_SECRET_ACCESS_KEY") == NULL)
		return 0;
	creds->access_key_id = dup_or_oom(akid, err);
	creds->secret_access_key = hc_secret_take_env("AWS_SECRET_ACCESS_KEY",
	    err);
	if (creds->access_key_id == NULL || creds->secret_access_key == NULL)
		return -1;
	if (env_value("AWS_SESSION_TOKEN") != NULL) {
		creds->session_token = hc_secret_take_env("AWS_SESSION_TOKEN",
		    err);
		if (creds->session_token == NULL)
			return -1;
	}
	snprintf(creds->source, sizeof(creds->source), "environment");
	return 1;
}

/* Read static keys from a profile (both files merged). */
static int
creds_from_profile(struct aws_credentials *creds,
    const struct aws_profile *p, const char *name, struct hc_error *err)
{
	const struct aws_profile_prop *akid, *secret, *token;

	akid = aws_profile_prop(p, "aws_access_key_id");
	secret = aws_profile_prop(p, "aws_secret_access_key");
	if (akid == NULL || secret == NULL || *akid->value == '\0')
		return 0;
	creds->access_key_id = dup_or_oom(akid->value, err);
	creds->secret_access_key = secret_from(secret->value, err);
	if (creds->access_key_id == NULL || creds->secret_access_key == NULL)
		return -1;
	token = aws_profile_prop(p, "aws_session_token");
	if (token != NULL && *token->value != '\0') {
		creds->session_token = secret_from(token->value, err);
		if (creds->session_token == NULL)
			return -1;
	}
	snprintf(creds->source, sizeof(creds->source),
	    "profile %.40s in %.80s:%d", name, akid->file, akid->line);
	return 1;
}

static int
creds_from_process(struct aws_credentials *creds,
    const struct aws_profile *p, const char *name, struct hc_error *err)
{
	const struct aws_profile_prop *cmd;
	char when[32];
	struct tm tm;

	cmd = aws_profile_prop(p, "credential_process");
	if (cmd == NULL || *cmd->value == '\0')
		return 0;
	if (aws_config_credential_process(cmd->value, creds, err) < 0)
		goto fail;
	if (creds->expiration != 0 && creds->expiration <= time(NULL)) {
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ",
		    gmtime_r(&creds->expiration, &tm));
		hc_error_set(err, HC_ERR_AUTH, "the credentials it returned "
		    "expired at %s", when);
		hc_error_hint(err, "refresh the session the command reads "
		    "from, then run hubcred again");
		aws_credentials_done(creds);
		goto fail;
	}
	snprintf(creds->source, sizeof(creds->source),
	    "credential_process of profile %.40s", name);
	return 1;
fail:
	hc_error_prefix(err, "credential_process of profile %s (%s:%d)", name,
	    cmd->file, cmd->line);
	return -1;
}

/* Load the credentials at the bottom of a role chain. */
static int
role_base(const struct aws_role_chain *chain,
    const struct aws_profile_set *set, struct aws_credentials *creds,
    struct hc_error *err)
{
	const struct aws_role_hop *first = &chain->hops[0];
	struct tried tried = { .len = 0 };
	const struct aws_profile *p;
	int rc;

	if (chain->base == AWS_ROLE_BASE_ENVIRONMENT) {
		rc = creds_from_env(creds, &tried, err);
		if (rc == 0) {
			hc_error_set(err, HC_ERR_AUTH, "profile %s has "
			    "credential_source = Environment, but "
			    "AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is not "
			    "set", first->profile);
			hc_error_hint(err, "export the keys that may assume %s",
			    first->role_arn);
		}
		return rc > 0 ? 0 : -1;
	}
	p = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE,
	    chain->base_profile);
	rc = creds_from_profile(creds, p, chain->base_profile, err);
	if (rc == 0)
		rc = creds_from_process(creds, p, chain->base_profile, err);
	/* aws_role_chain_resolve() checked that one of them is set. */
	if (rc == 0)
		hc_error_set(err, HC_ERR_INTERNAL, "profile %s has no keys",
		    chain->base_profile);
	if (rc <= 0) {
		hc_error_prefix(err, "source of role %s of profile %s",
		    first->role_arn, first->profile);
		return -1;
	}
	return 0;
}

/* Put the profile and role into an AssumeRole error, with a hint for
 * the errors a role setup usually meets. */
static void
role_error(const struct aws_role_hop *hop, const char *signer,
    const struct aws_credentials *creds, struct hc_error *err)
{
	if (strncmp(err->remote_code, "AccessDenied", 12) == 0)
		hc_error_hint(err, "allow sts:AssumeRole on %s for access key "
		    "%s (%s) in its policies and the role's trust policy%s",
		    hop->role_arn, creds->access_key_id, signer,
		    hop->external_id ? ", with this external_id" : "");
	else if (strncmp(err->remote_code, "ExpiredToken", 12) == 0)
		hc_error_hint(err, "the credentials of %s have expired: "
		    "refresh them and run hubcred again", signer);
	else if (err->code == HC_ERR_REMOTE && err->hint[0] == '\0')
		hc_error_hint(err, "check that the STS endpoint "
		    "(AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or endpoint_url) "
		    "is AWS STS or a server that speaks its API");
	hc_error_prefix(err, "profile %s: assuming role %s with %s",
	    hop->profile, hop->role_arn, signer);
}

/* Assume the role of hop with creds, which it replaces with the role's
 * credentials. signer names creds in messages ("profile base"). */
static int
role_assume(const struct aws_config *cfg, const struct aws_role_hop *hop,
    const char *signer, struct aws_credentials *creds, struct hc_error *err)
{
	struct aws_assume_role in = {
		.role_arn = hop->role_arn,
		.session_name = hop->session_name,
		.external_id = hop->external_id,
		.duration_seconds = hop->duration_seconds,
	};
	struct aws_credentials role;
	struct aws_config sts = *cfg;
	char session[32];

	/* The AWS CLI names sessions botocore-session-<unix time>. */
	if (in.session_name == NULL) {
		snprintf(session, sizeof(session), "hubcred-%lld",
		    (long long)time(NULL));
		in.session_name = session;
	}
	/* A shallow copy: cfg's region, endpoints, CA bundle and timeouts,
	 * signing with creds. It is never passed to aws_config_done(). */
	sts.creds = *creds;
	if (aws_sts_assume_role(&sts, &in, &role, err) < 0) {
		role_error(hop, signer, creds, err);
		return -1;
	}
	hc_log(HC_LOG_INFO, "aws", "profile %s: assumed role %s with %s, "
	    "session %s, key %s", hop->profile, hop->role_arn, signer,
	    in.session_name, role.access_key_id);
	aws_credentials_done(creds);
	*creds = role;
	snprintf(creds->source, sizeof(creds->source), "role %.150s assumed "
	    "with %s", hop->role_arn, signer);
	return 0;
}

/* Assume the role chain of cfg->profile. Returns 1 with cfg->creds set,
 * 0 when the profile has no role_arn, and -1 on error. */
static int
creds_from_role(struct aws_config *cfg, const struct aws_profile_set *set,
    struct hc_error *err)
{
	struct aws_credentials creds = { .access_key_id = NULL };
	struct aws_role_chain chain;
	char signer[64];
	size_t i;
	int rc;

	rc = aws_role_chain_resolve(set, cfg->profile, &chain, err);
	if (rc <= 0)
		return rc;
	rc = -1;
	if (role_base(&chain, set, &creds, err) < 0)
		goto out;
	if (chain.base == AWS_ROLE_BASE_ENVIRONMENT)
		snprintf(signer, sizeof(signer), "environment");
	else
		snprintf(signer, sizeof(signer), "profile %.40s",
		    chain.base_profile);
	for (i = 0; i < chain.n_hops; i++) {
		if (role_assume(cfg, &chain.hops[i], signer, &creds,
		    err) < 0) {
			if (i + 1 < chain.n_hops)
				hc_error_prefix(err, "profile %s",
				    cfg->profile);
			goto out;
		}
		snprintf(signer, sizeof(signer), "profile %.40s",
		    chain.hops[i].profile);
	}
	cfg->creds = creds;
	memset(&creds, 0, sizeof(creds));
	rc = 1;
out:
	aws_credentials_done(&creds);
	aws_role_chain_done(&chain);
	return rc;
}

/* Return 1 when p assumes a role with the environment's keys, which then
 * must not be used as they are. */
static int
env_is_role_source(const struct aws_profile *p)
{
	const char *arn = aws_profile_get(p, "role_arn");
	const char *source = aws_profile_get(p, "credential_source");

	return arn != NULL && *arn != '\0' && source != NULL &&
	    strcmp(source, "Environment") == 0;
}

static int
load_credentials(struct aws_config *cfg, const struct aws_profile_set *set,
    const struct aws_profile *p, struct hc_error *err)
{
	struct tried tried = { .len = 0 };
	char where[300];
	int rc = 0;

	snprintf(where, sizeof(where), "%s\" of %s and %s", cfg->profile,
	    cfg->credentials_file ? cfg->credentials_file : "(no HOME)",
	    cfg->config_file ? cfg->config_file : "(no HOME)");
	/* The environment's keys win over the profile, as in the AWS CLI,
	 * unless the profile names them as the source of its role. */
	if (!env_is_role_source(p))
		rc = creds_from_env(&cfg->creds, &tried, err);
	if (rc == 0) {
		tried_add(&tried, "role_arn in profile \"%s\"", cfg->profile);
		rc = creds_from_role(cfg, set, err);
	}
	if (rc == 0) {
		tried_add(&tried, "aws_access_key_id in profile \"%s", where);
		rc = creds_from_profile(&cfg->creds, p, cfg->profile, err);
	}
	if (rc == 0) {
		tried_add(&tried, "credential_process in profile \"%s\"",
		    cfg->profile);
		rc = creds_from_process(&cfg->creds, p, cfg->profile, err);
	}
	if (rc < 0)
		return -1;
	if (rc > 0)
		return 0;
	if (aws_profile_get(p, "sso_session") != NULL ||
	    aws_profile_get(p, "sso_start_url") != NULL)
		tried_add(&tried, "(profile \"%s\" uses SSO, which hubcred "
		    "does not support)", cfg->profile);
	hc_error_set(err, HC_ERR_AUTH, "no AWS credentials found; tried %s",
	    tried.text);
	hc_error_hint(err, "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
	    "or AWS_PROFILE to a profile with keys, a credential_process or "
	    "a role_arn (for SSO: aws configure export-credentials)");
	return -1;
}

/* Return the endpoint_url sub-property of key in a [services] section,
 * or NULL. The parser stores "secrets_manager =\n  endpoint_url = URL" as
 * the value "\nendpoint_url = URL". Caller frees. */
static char *
services_endpoint(const struct aws_profile *section, const char *key)
{
	const char *sub = aws_profile_get(section, key), *line, *eq, *end;
	size_t n;

	if (sub == NULL)
		return NULL;
	for (line = sub; line != NULL && *line != '\0';
	    line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		n = end ? (size_t)(end - line) : strlen(line);
		eq = memchr(line, '=', n);
		if (eq == NULL)
			continue;
		if (strncasecmp(line, "endpoint_url", 12) != 0 ||
		    strspn(line + 12, " \t") != (size_t)(eq - line - 12))
			continue;
		eq++;
		while (*eq == ' ' || *eq == '\t')
			eq++;
		n -= (size_t)(eq - line);
		while (n > 0 && (eq[n - 1] == ' ' || eq[n - 1] == '\t'))
			n--;
		/* Empty counts as unset, as the profile's endpoint_url does. */
		return n > 0 ? strndup(eq, n) : NULL;
	}
	return NULL;
}

/*
 * Check a configured endpoint before libcurl gets it: http or https, a
 * host, a port from 1 to 65535, and nothing that libcurl would read as
 * more than a URL. A line break could end the request line (the profile
 * parser keeps a CR inside a line, and sub-properties under
 * "endpoint_url =" bring LF). A user name and password would reach the
 * log with the URL. Returns 1 with the reason in why, else 0.
 */
static int
endpoint_invalid(const char *url, char *why, size_t size)
{
	const char *authority, *end, *colon, *p;
	long port;

	for (p = url; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '\'') {
			snprintf(why, size, "it contains %s",
			    *p == '"' || *p == '\'' ? "quotes" :
			    *p == ' ' ? "a space" :
			    *p == '\r' || *p == '\n' ? "a line break" :
			    "a control character");
			return 1;
		}
	}
	if (strncasecmp(url, "https://", 8) == 0)
		authority = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		authority = url + 7;
	else {
		snprintf(why, size, "it must start with https:// or http://");
		return 1;
	}
	end = authority + strcspn(authority, "/?#");
	if (memchr(authority, '@', (size_t)(end - authority)) != NULL) {
		snprintf(why, size, "it must not contain a user name or "
		    "password");
		return 1;
	}
	/* The port follows the last colon after an IPv6 address's ']'. */
	p = memchr(authority, ']', (size_t)(end - authority));
	colon = memchr(p != NULL ? p : authority, ':',
	    (size_t)(end - (p != NULL ? p : authority)));
	if (end == authority || colon == authority) {
		snprintf(why, size, "it has no host name");
		return 1;
	}
	if (colon != NULL) {
		for (p = colon + 1, port = 0; p < end && port <= 65535; p++) {
			if (*p < '0' || *p > '9')
				break;
			port = port * 10 + (*p - '0');
		}
		if (p != end || port < 1 || port > 65535) {
			snprintf(why, size, "the port must be a number from 1 "
			    "to 65535");
			return 1;
		}
	}
	return 0;
}

int
aws_config_endpoint_from(const struct aws_profile_set *set,
    const char *profile, const char *env_suffix, const char *services_key,
    char **out, struct hc_error *err)
{
	const struct aws_profile *p, *section = NULL;
	const char *services_name, *v, *section_name = NULL,
	    *env_var = NULL;
	char env[96], why[96];

	*out = NULL;
	p = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE, profile);
	if (is_true(env_value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
	    is_true(aws_profile_get(p, "ignore_configured_endpoint_urls")))
		return 0;
	services_name = aws_profile_get(p, "services");
	if (services_name != NULL) {
		section = aws_profile_set_find(set, AWS_PROFILE_KIND_SERVICES,
		    services_name);
		if (section == NULL) {
			hc_error_set(err, HC_ERR_INPUT, "profile %s names "
			    "services section \"%s\", which does not exist",
			    profile, services_name);
			return -1;
		}
	}
	snprintf(env, sizeof(env), "AWS_ENDPOINT_URL_%s", env_suffix);
	if ((v = env_value(env)) != NULL ||
	    (v = env_value("AWS_ENDPOINT_URL")) != NULL) {
		*out = strdup(v);
		env_var = env_value(env) != NULL ? env : "AWS_ENDPOINT_URL";
	} else if (section != NULL &&
	    (*out = services_endpoint(section, services_key)) != NULL)
		section_name = services_name;
	else if ((v = aws_profile_get(p, "endpoint_url")) != NULL &&
	    *v != '\0')
		*out = strdup(v);
	else
		return 0;
	if (*out == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (endpoint_invalid(*out, why, sizeof why)) {
		free(*out);
		*out = NULL;
		if (env_var != NULL)
			hc_error_set(err, HC_ERR_INPUT, "%s is not a valid "
			    "endpoint URL: %s", env_var, why);
		else if (section_name != NULL)
			hc_error_set(err, HC_ERR_INPUT, "endpoint_url of %s in "
			    "services section \"%s\" is not a valid endpoint "
			    "URL: %s", services_key, section_name, why);
		else
			hc_error_set(err, HC_ERR_INPUT, "endpoint_url of "
			    "profile %s is not a valid endpoint URL: %s",
			    profile, why);
		hc_error_hint(err, "write one URL such as "
		    "https://127.0.0.1:4566, on one line and without quotes");
		return -1;
	}
	return 0;
}

static int
load_endpoints(struct aws_config *cfg, const struct aws_profile_set *set,
    struct hc_error *err)
{
	int i;

	for (i = 0; i < AWS_SERVICE_COUNT; i++) {
		if (aws_config_endpoint_from(set, cfg->profile,
		    services[i].env_suffix, services[i].services_key,
		    &cfg->endpoint[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Parse the config file, then the credentials file, into set, and store
 * their paths. */
static int
load_files(struct aws_profile_set *set, char **config, char **creds,
    struct hc_error *err)
{
	*config = file_path("AWS_CONFIG_FILE", "config");
	*creds = file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	if (*config != NULL && aws_profile_set_load(set,
	    AWS_PROFILE_FILE_CONFIG, *config, err) < 0)
		return -1;
	if (*creds != NULL && aws_profile_set_load(set,
	    AWS_PROFILE_FILE_CREDENTIALS, *creds, err) < 0)
		return -1;
	return 0;
}

static int
load_region(struct aws_config *cfg, const struct aws_profile *p,
    const char *fallback, struct hc_error *err)
{
	const char *v;

	if ((v = env_value("AWS_REGION")) == NULL &&
	    (v = env_value("AWS_DEFAULT_REGION")) == NULL &&
	    ((v = aws_profile_get(p, "region")) == NULL || *v == '\0'))
		v = fallback;
	if (v == NULL)
		return 0;
	cfg->region = dup_or_oom(v, err);
	return cfg->region != NULL ? 0 : -1;
}

/* Read AWS_MAX_ATTEMPTS or the profile's max_attempts (1 to 10). */
static int
load_max_attempts(struct aws_config *cfg, const struct aws_profile *p,
    struct hc_error *err)
{
	const char *v = env_value("AWS_MAX_ATTEMPTS");
	char *end;
	long n;

	if (v == NULL)
		v = aws_profile_get(p, "max_attempts");
	if (v == NULL || *v == '\0')
		return 0;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < 1 || n > 10) {
		hc_error_set(err, HC_ERR_INPUT, "max_attempts \"%s\" is not a "
		    "number from 1 to 10", v);
		return -1;
	}
	cfg->max_attempts = (int)n;
	return 0;
}

int
aws_config_load(struct aws_config *cfg, const char *fallback_region,
    struct hc_error *err)
{
	struct aws_profile_set *set;
	const struct aws_profile *p;
	const char *v;
	int rc = -1;

	set = aws_profile_set_new();
	if (set == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	if (load_files(set, &cfg->config_file, &cfg->credentials_file,
	    err) < 0)
		goto out;
	v = env_value("AWS_PROFILE");
	if (v == NULL)
		v = env_value("AWS_DEFAULT_PROFILE");
	cfg->profile = dup_or_oom(v != NULL ? v : "default", err);
	if (cfg->profile == NULL)
		goto out;
	p = aws_profile_set_find(set, AWS_PROFILE_KIND_PROFILE, cfg->profile);
	if (load_region(cfg, p, fallback_region, err) < 0 ||
	    load_endpoints(cfg, set, err) < 0)
		goto out;
	if ((v = env_value("AWS_CA_BUNDLE")) != NULL ||
	    (v = aws_profile_get(p, "ca_bundle")) != NULL) {
		if ((cfg->ca_bundle = dup_or_oom(v, err)) == NULL)
			goto out;
	}
	if (p == NULL && strcmp(cfg->profile, "default") != 0 &&
	    env_value("AWS_ACCESS_KEY_ID") == NULL) {
		hc_error_set(err, HC_ERR_INPUT, "AWS profile \"%s\" not found "
		    "in the AWS config or credentials file", cfg->profile);
		hc_error_hint(err, "check AWS_PROFILE, AWS_CONFIG_FILE and "
		    "AWS_SHARED_CREDENTIALS_FILE");
		goto out;
	}
	if (load_max_attempts(cfg, p, err) < 0)
		goto out;
	rc = load_credentials(cfg, set, p, err);
	if (rc == 0)
		hc_log(HC_LOG_INFO, "aws", "profile %s, region %s, key %s from "
		    "%s%s", cfg->profile, cfg->region ? cfg->region : "(none)",
		    cfg->creds.access_key_id, cfg->creds.source,
		    cfg->creds.session_token ? " (with session token)" : "");
out:
	aws_profile_set_free(set);
	return rc;
}

/* A region name: 1 to 63 lower case letters, digits and '-', so that it
 * is one label of a host name and one field of the SigV4 scope. */
static int
region_valid(const char *region)
{
	size_t n = strspn(region, "abcdefghijklmnopqrstuvwxyz0123456789-");

	return n > 0 && n < 64 && region[n] == '\0';
}

char *
aws_config_endpoint_url(const struct aws_config *cfg,
    enum aws_service service, const char *region, struct hc_error *err)
{
	char *url;

	if (region == NULL)
		region = cfg->region;
	/* The region is needed with a configured endpoint too, because
	 * libcurl signs with it. */
	if (region == NULL) {
		hc_error_set(err, HC_ERR_INPUT, "no AWS region configured");
		hc_error_hint(err, "set AWS_REGION, or region in the AWS "
		    "profile %s", cfg->profile ? cfg->profile : "default");
		return NULL;
	}
	if (!region_valid(region)) {
		char shown[65];
		size_t i;

		/* The region may come from a file, so the message shows
		 * only printable characters. */
		for (i = 0; i + 1 < sizeof(shown) && region[i] != '\0'; i++)
			shown[i] = isprint((unsigned char)region[i]) ?
			    region[i] : '?';
		shown[i] = '\0';
		hc_error_set(err, HC_ERR_INPUT, "invalid AWS region \"%s\"",
		    shown);
		hc_error_hint(err, "use a region name such as eu-west-1 in "
		    "AWS_REGION, the AWS profile %s or the ARN",
		    cfg->profile ? cfg->profile : "default");
		return NULL;
	}
	if (cfg->endpoint[service] != NULL)
		return dup_or_oom(cfg->endpoint[service], err);
	if (asprintf(&url, "https://%s.%s.amazonaws.com/",
	    services[service].signing_name, region) < 0) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	return url;
}

const char *
aws_arn_region(const char *arn, char *buf, size_t size)
{
	const char *start, *end;
	int i;

	if (arn == NULL || strncmp(arn, "arn:", 4) != 0)
		return NULL;
	start = arn;
	/* arn:partition:service:region: */
	for (i = 0; i < 3; i++) {
		start = strchr(start, ':');
		if (start == NULL)
			return NULL;
		start++;
	}
	end = strchr(start, ':');
	if (end == NULL || end == start || (size_t)(end - start) >= size)
		return NULL;
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	return buf;
}

/* How long credential_process may take, which the AWS CLI does not
 * limit, but a person at a terminal needs a limit. */
#define PROCESS_TIMEOUT_MS 60000

/* Read the child's stdout into out (guarded) and its stderr into errbuf
 * until both close. Return 0, or -1 after 60 s, on a read error, or when
 * the front end cancels: the wait reports progress through the network
 * hook, so the wizard keeps drawing and Esc stops it. */
static int
process_read(int out_fd, int err_fd, struct hc_secret *out, char *errbuf,
    size_t errsize, struct hc_error *err)
{
	struct pollfd fds[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	struct timespec start, now;
	size_t errlen = 0;
	char chunk[512];
	ssize_t n;
	long waited_ms;
	int open_fds = 2, i, ready, rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (open_fds > 0 && rc == 0) {
		ready = poll(fds, 2, 100);
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited_ms = (now.tv_sec - start.tv_sec) * 1000 +
		    (now.tv_nsec - start.tv_nsec) / 1000000;
		if (ready < 0 && errno != EINTR) {
			hc_error_set(err, HC_ERR_IO, "poll: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		if (ready <= 0 && waited_ms >= PROCESS_TIMEOUT_MS) {
			hc_error_set(err, HC_ERR_AUTH, "timed out after %d s",
			    PROCESS_TIMEOUT_MS / 1000);
			hc_error_hint(err, "the command must print its JSON "
			    "and exit; run it in a shell to see where it waits");
			rc = -1;
			break;
		}
		if (net_progress("seconds waited for credential_process",
		    (size_t)(waited_ms / 1000), PROCESS_TIMEOUT_MS / 1000,
		    err) < 0) {
			rc = -1;
			break;
		}
		if (ready <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || fds[i].revents == 0)
				continue;
			n = read(fds[i].fd, chunk, sizeof(chunk));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				fds[i].fd = -1;
				open_fds--;
			} else if (i == 0) {
				rc = hc_secret_append(out, chunk, (size_t)n,
				    err);
			} else if (errlen + 1 < errsize) {
				if ((size_t)n > errsize - 1 - errlen)
					n = (ssize_t)(errsize - 1 - errlen);
				memcpy(errbuf + errlen, chunk, (size_t)n);
				errlen += (size_t)n;
			}
		}
	}
	sodium_memzero(chunk, sizeof(chunk));
	errbuf[errlen] = '\0';
	return rc;
}

/* Replace control characters so stderr text fits on one line. */
static void
flatten(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	for (; *s != '\0'; s++) {
		if (iscntrl((unsigned char)*s))
			*s = ' ';
	}
}

static int
process_run(const char *command, struct hc_secret *out, struct hc_error *err)
{
	int out_pipe[2] = { -1, -1 }, err_pipe[2] = { -1, -1 }, status, rc;
	char errbuf[300];
	pid_t pid;

	if (pipe2(out_pipe, O_CLOEXEC) < 0 || pipe2(err_pipe, O_CLOEXEC) < 0) {
		hc_error_set(err, HC_ERR_IO, "pipe: %s", strerror(errno));
		rc = -1;
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		hc_error_set(err, HC_ERR_IO, "fork: %s", strerror(errno));
		rc = -1;
		goto out;
	}
	if (pid == 0) {
		/* A process group of its own, so a timeout or a cancel
		 * kills what the shell started too; the shell dies with
		 * hubcred. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(out_pipe[1], STDOUT_FILENO);
		dup2(err_pipe[1], STDERR_FILENO);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(out_pipe[1]);
	close(err_pipe[1]);
	out_pipe[1] = err_pipe[1] = -1;
	rc = process_read(out_pipe[0], err_pipe[0], out, errbuf,
	    sizeof(errbuf), err);
	if (rc < 0)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		flatten(errbuf);
		hc_error_set(err, HC_ERR_AUTH, "command failed (%s %d)%s%s",
		    WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
		    *errbuf ? ": " : "", errbuf);
		rc = -1;
	}
out:
	if (out_pipe[0] >= 0)
		close(out_pipe[0]);
	if (out_pipe[1] >= 0)
		close(out_pipe[1]);
	if (err_pipe[0] >= 0)
		close(err_pipe[0]);
	if (err_pipe[1] >= 0)
		close(err_pipe[1]);
	return rc;
}

/* Wipe a string inside a jansson value before it is released. */
static void
json_wipe_string(json_t *value)
{
	if (json_is_string(value))
		sodium_memzero((char *)json_string_value(value),
		    json_string_length(value));
}

int
aws_config_parse_time(const char *text, time_t *out)
{
	struct tm tm = { 0 };
	const char *rest;
	int sign, hh, mm;

	rest = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
	if (rest == NULL)
		return -1;
	if (*rest == '.')
		rest += 1 + strspn(rest + 1, "0123456789");
	*out = timegm(&tm);
	if (*rest == 'Z' || *rest == 'z')
		return rest[1] == '\0' ? 0 : -1;
	if ((*rest != '+' && *rest != '-') ||
	    sscanf(rest + 1, "%2d:%2d", &hh, &mm) != 2)
		return -1;
	sign = *rest == '+' ? 1 : -1;
	*out -= sign * (hh * 3600 + mm * 60);
	return 0;
}

static int
process_parse(json_t *root, struct aws_credentials *creds,
    struct hc_error *err)
{
	json_t *version, *akid, *secret, *token, *expiration;

	version = json_object_get(root, "Version");
	akid = json_object_get(root, "AccessKeyId");
	secret = json_object_get(root, "SecretAccessKey");
	token = json_object_get(root, "SessionToken");
	expiration = json_object_get(root, "Expiration");
	if (!json_is_integer(version) || json_integer_value(version) != 1) {
		hc_error_set(err, HC_ERR_AUTH, "output has no \"Version\": 1");
		return -1;
	}
	if (!json_is_string(akid) || !json_is_string(secret)) {
		hc_error_set(err, HC_ERR_AUTH, "output lacks AccessKeyId or "
		    "SecretAccessKey");
		return -1;
	}
	if (expiration != NULL && (!json_is_string(expiration) ||
	    aws_config_parse_time(json_string_value(expiration),
	    &creds->expiration) < 0)) {
		hc_error_set(err, HC_ERR_AUTH, "Expiration is not an RFC 3339 "
		    "time");
		return -1;
	}
	creds->access_key_id = dup_or_oom(json_string_value(akid), err);
	creds->secret_access_key = hc_secret_new_from(
	    json_string_value(secret), json_string_length(secret), err);
	if (creds->access_key_id == NULL || creds->secret_access_key == NULL)
		return -1;
	if (json_is_string(token) && json_string_length(token) > 0) {
		creds->session_token = hc_secret_new_from(
		    json_string_value(token), json_string_length(token), err);
		if (creds->session_token == NULL)
			return -1;
	}
	return 0;
}

int
aws_config_credential_parse(const char *text, size_t len,
    struct aws_credentials *creds, struct hc_error *err)
{
	json_error_t jerr;
	json_t *root;
	int rc = -1;

	root = json_loadb(text, len, 0, &jerr);
	/* jansson's error text may quote part of the output, so wipe it. */
	sodium_memzero(&jerr, sizeof(jerr));
	if (!json_is_object(root)) {
		hc_error_set(err, HC_ERR_AUTH, "output is not a JSON object");
		goto out;
	}
	rc = process_parse(root, creds, err);
	json_wipe_string(json_object_get(root, "SecretAccessKey"));
	json_wipe_string(json_object_get(root, "SessionToken"));
out:
	if (rc < 0)
		aws_credentials_done(creds);
	json_decref(root);
	return rc;
}

int
aws_config_credential_process(const char *command,
    struct aws_credentials *creds, struct hc_error *err)
{
	struct hc_secret *out;
	int rc = -1;

	out = hc_secret_new(64 * 1024, err);
	if (out == NULL)
		return -1;
	if (process_run(command, out, err) == 0) {
		rc = aws_config_credential_parse(hc_secret_open(out),
		    hc_secret_len(out), creds, err);
		hc_secret_close(out);
	} else {
		aws_credentials_done(creds);
	}
	hc_secret_free(out);
	return rc;
}
