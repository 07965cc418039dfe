/*
 * Settings of the AWS client: region, endpoints, CA bundle and
 * credentials, resolved from the environment and the shared config files
 * in the order the AWS SDKs use.
 * https://docs.aws.amazon.com/sdkref/latest/guide/settings-reference.html
 *
 * Credentials, the first source found wins:
 *   1. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, with
 *      AWS_SESSION_TOKEN if set. Blank values count as unset. Skipped
 *      when the profile has role_arn and credential_source =
 *      Environment, which makes them the source of the role.
 *   2. The profile's role_arn: STS AssumeRole, signed with the
 *      credentials of its source_profile or of the environment, each
 *      role of a chain in turn (core/aws/role.h).
 *   3. The profile's aws_access_key_id and aws_secret_access_key (and
 *      aws_session_token), the credentials file winning over the config.
 *   4. The profile's credential_process, run with /bin/sh -c.
 * The profile is AWS_PROFILE, else "default". The region is AWS_REGION,
 * AWS_DEFAULT_REGION, the profile's region, then the caller's fallback.
 * Attempts per call come from AWS_MAX_ATTEMPTS or max_attempts.
 */
#ifndef HUBCRED_CORE_AWS_CONFIG_H
#define HUBCRED_CORE_AWS_CONFIG_H

#include <time.h>

#include "core/error.h"
#include "core/secret.h"

enum aws_service {
	AWS_SERVICE_SECRETSMANAGER,
	AWS_SERVICE_CODEBUILD,
	AWS_SERVICE_STS,
	AWS_SERVICE_COUNT,
};

struct aws_credentials {
	char *access_key_id;			/* not secret, may be logged */
	struct hc_secret *secret_access_key;
	struct hc_secret *session_token;	/* NULL: long-term keys */
	time_t expiration;			/* 0: does not expire */
	char source[256];			/* for messages, e.g.
						 * "environment" */
};

struct aws_config {
	char *profile;
	char *config_file;			/* paths read (NULL: no HOME) */
	char *credentials_file;
	char *region;				/* NULL: none found */
	char *endpoint[AWS_SERVICE_COUNT];	/* NULL: the AWS default */
	char *ca_bundle;			/* NULL: system store */
	struct aws_credentials creds;

	/* Request policy. aws_config_init() sets the defaults: 10 s to
	 * connect, 30 s in total, 3 attempts and a 1 s backoff base. The
	 * loader reads max_attempts, and tests lower the others. */
	long connect_timeout_ms;
	long timeout_ms;
	int max_attempts;
	long backoff_base_ms;
};

/* Set the defaults, with nothing loaded. */
void aws_config_init(struct aws_config *cfg);

/* Free everything cfg points to, wiping the secrets, and reset cfg to the
 * defaults. */
void aws_config_done(struct aws_config *cfg);

/*
 * Resolve profile, region, endpoints, CA bundle and credentials.
 * fallback_region (may be NULL) is used when nothing else names a region,
 * for example the region of the Terraform provider. AWS_SECRET_ACCESS_KEY
 * and AWS_SESSION_TOKEN are moved out of the environment into guarded
 * memory, so load once per process and keep cfg: a second load no longer
 * sees them. For a profile with role_arn it calls STS AssumeRole, so it
 * may use the network and the net hook. Returns 0, or -1 with err set:
 * HC_ERR_PARSE (file:line) for a malformed file, HC_ERR_AUTH when no
 * credentials were found (the message lists every place tried),
 * HC_ERR_INPUT for an unknown AWS_PROFILE or a missing services section,
 * the errors of aws_role_chain_resolve() and, when AssumeRole fails,
 * those of aws_request_perform() with the profile and role in front of
 * the message. A missing region is not an error here: cfg->region stays
 * NULL and the first request reports it.
 */
int aws_config_load(struct aws_config *cfg, const char *fallback_region,
    struct hc_error *err);

/* Return the SigV4 signing name ("secretsmanager", "codebuild", "sts"). */
const char *aws_service_signing_name(enum aws_service service);

/*
 * Return the URL to POST to for service in region, or in the configured
 * region when region is NULL. A configured endpoint is used as it is,
 * else https://<service>.<region>.amazonaws.com/. Caller frees. Returns
 * NULL with err set when there is no region, when the region is not 1 to
 * 63 lower case letters, digits and '-' (checked with a configured
 * endpoint too, because libcurl signs with the region), or when memory
 * runs out.
 */
char *aws_config_endpoint_url(const struct aws_config *cfg,
    enum aws_service service, const char *region, struct hc_error *err);

/*
 * Copy the region field of an ARN ("arn:aws:secretsmanager:eu-west-1:...")
 * into buf. Returns buf, or NULL when arn is not an ARN or has no region.
 */
const char *aws_arn_region(const char *arn, char *buf, size_t size);

/*
 * Run a credential_process command line with /bin/sh -c and read its JSON
 * (Version 1, AccessKeyId, SecretAccessKey, SessionToken, Expiration)
 * into creds. Its stderr goes into the error message. Credentials that
 * have already expired are returned as they are (aws_config_load()
 * refuses them). Exposed for tests.
 */
int aws_config_credential_process(const char *command,
    struct aws_credentials *creds, struct hc_error *err);

/*
 * Parse the standard output of a credential_process (len bytes of text,
 * which need not end in NUL) into creds, as
 * aws_config_credential_process() does. On failure creds is emptied and
 * err has HC_ERR_AUTH or HC_ERR_NOMEM. Exposed for tests and fuzzing.
 */
int aws_config_credential_parse(const char *text, size_t len,
    struct aws_credentials *creds, struct hc_error *err);

/*
 * Parse an RFC 3339 time ("2022-05-02T18:36:00Z", "...00.359Z",
 * "...00+01:00"), the form of credential_process and STS expirations,
 * into *out. Returns 0, or -1 when text is not such a time.
 */
int aws_config_parse_time(const char *text, time_t *out);

/*
 * Find the configured endpoint URL of one service. The first found wins:
 * AWS_ENDPOINT_URL_<env_suffix>, AWS_ENDPOINT_URL, endpoint_url under
 * services_key in the profile's [services] section, then the profile's
 * endpoint_url. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or the profile's
 * ignore_configured_endpoint_urls turns them all off. Sets *out (caller
 * frees), or leaves it NULL for the AWS default. Returns -1 when the
 * profile names a services section that does not exist. The loader calls
 * it for each enum aws_service; it is exposed for tests.
 */
struct aws_profile_set;
int aws_config_endpoint_from(const struct aws_profile_set *set,
    const char *profile, const char *env_suffix, const char *services_key,
    char **out, struct hc_error *err);

/* Free what creds points to, wiping the secrets. */
void aws_credentials_done(struct aws_credentials *creds);

#endif
