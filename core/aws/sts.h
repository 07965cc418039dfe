/*
 * AWS STS calls: the identity the configured credentials belong to, and
 * the temporary credentials of a role.
 */
#ifndef HUBCRED_CORE_AWS_STS_H
#define HUBCRED_CORE_AWS_STS_H

#include "core/aws/config.h"
#include "core/error.h"

struct aws_identity {
	char account[32];	/* "123456789012" */
	char arn[512];		/* user or assumed-role ARN */
	char user_id[256];
};

/*
 * Call GetCallerIdentity (awsQuery protocol, XML response). It needs no
 * permission, so it checks the credentials and the clock. Fills out and
 * returns 0, or returns -1 with err set (see aws_request_perform()).
 */
int aws_sts_get_caller_identity(const struct aws_config *cfg,
    struct aws_identity *out, struct hc_error *err);

/* The input of AssumeRole. The strings are the caller's. */
struct aws_assume_role {
	const char *role_arn;
	const char *session_name;	/* 2 to 64 of [A-Za-z0-9_+=,.@-] */
	const char *external_id;	/* NULL: none */
	int duration_seconds;		/* 0: STS's default of one hour */
};

/*
 * Call AssumeRole (awsQuery protocol, XML response) signed with cfg's
 * credentials. The STS endpoint is cfg's, in cfg's region or, with no
 * region, us-east-1. Fills out with the role's temporary credentials
 * (the secret key and session token in guarded memory; free them with
 * aws_credentials_done()) but not out->source. Returns 0, or -1 with err
 * set (see aws_request_perform()) and out empty; a response without the
 * four credential fields is HC_ERR_REMOTE.
 */
int aws_sts_assume_role(const struct aws_config *cfg,
    const struct aws_assume_role *in, struct aws_credentials *out,
    struct hc_error *err);

#endif
