/*
 * AWS STS call that names the identity the configured credentials belong
 * to.
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

#endif
