/*
 * Assume-role profiles of the AWS shared config file, resolved as the AWS
 * CLI and SDKs resolve them:
 *
 *	[profile ci-admin]
 *	role_arn = arn:aws:iam::123456789012:role/ci-admin
 *	source_profile = base	(or credential_source = Environment)
 *	external_id, role_session_name, duration_seconds (optional)
 *
 * The source profile gives the credentials that call AssumeRole. Its
 * static keys are used when it has them, even if it also has a role_arn.
 * Otherwise its own role_arn is followed, and so on down the chain, or
 * else its credential_process is run. A profile may name itself as
 * source_profile only when it has static keys.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
 *
 * This module only reads the profiles, so that every mistake is reported
 * before any request. The STS calls are made by the loader in
 * core/aws/config.c.
 */
#ifndef HUBCRED_CORE_AWS_ROLE_H
#define HUBCRED_CORE_AWS_ROLE_H

#include <stddef.h>

#include "core/aws/profile.h"
#include "core/error.h"

/* Kind of credentials at the bottom of a chain. */
enum aws_role_base {
	AWS_ROLE_BASE_PROFILE,		/* keys or credential_process */
	AWS_ROLE_BASE_ENVIRONMENT,	/* credential_source = Environment */
};

/* One AssumeRole call: the role of one profile. The strings belong to
 * the profile set. */
struct aws_role_hop {
	const char *profile;
	const char *role_arn;
	const char *external_id;	/* NULL: none */
	const char *session_name;	/* NULL: the caller picks one */
	int duration_seconds;		/* 0: STS's default of one hour */
	const char *file;		/* where role_arn is set */
	int line;
};

/* The calls that give a profile's credentials, in the order to make
 * them: hops[0] is signed with the base credentials, each later hop with
 * the credentials of the one before, and the last is the role of the
 * profile asked for. */
struct aws_role_chain {
	enum aws_role_base base;
	const char *base_profile;	/* AWS_ROLE_BASE_PROFILE only */
	struct aws_role_hop *hops;	/* owned, see aws_role_chain_done() */
	size_t n_hops;
};

/*
 * Resolve the role chain of profile in set. Returns 1 with chain filled
 * in, 0 when the profile has no role_arn (chain is left empty), or -1
 * with err set and the file and line of the setting at fault.
 * HC_ERR_INPUT is a source_profile that does not exist, a loop of source
 * profiles (the message names the loop), both or neither of
 * source_profile and credential_source, or an invalid value.
 * HC_ERR_UNSUPPORTED is mfa_serial, a credential_source other than
 * Environment, or a source profile that uses SSO. HC_ERR_AUTH is a source
 * profile with no credentials.
 */
int aws_role_chain_resolve(const struct aws_profile_set *set,
    const char *profile, struct aws_role_chain *chain, struct hc_error *err);

/* Free the hops of chain and empty it. */
void aws_role_chain_done(struct aws_role_chain *chain);

/* Return 1 when profile has static keys: a non-empty aws_access_key_id
 * and an aws_secret_access_key. profile may be NULL. */
int aws_role_has_static_keys(const struct aws_profile *profile);

#endif
