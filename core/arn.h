/*
 * Amazon Resource Names of the kinds hubcred handles:
 * arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
 */
#ifndef HUBCRED_CORE_ARN_H
#define HUBCRED_CORE_ARN_H

#include <stddef.h>

#include "core/error.h"

struct arn {
	char partition[16];	/* aws, aws-cn, aws-us-gov */
	char service[32];
	char region[32];
	char account[16];	/* 12 digits, or empty (IAM global, S3) */
	char resource[2048];
};

/* Split text into its fields; HC_ERR_INPUT when it is not an ARN. */
int arn_parse(const char *text, struct arn *out, struct hc_error *err);

/*
 * Check that text is the full ARN of a Secrets Manager secret,
 * arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-XXXXXX, with the
 * six-character suffix that Secrets Manager appends. A partial ARN (no
 * suffix) or a bare name is rejected with a hint, because CodeBuild and
 * IAM match the full ARN. On success out holds the fields (may be NULL).
 */
int arn_parse_secret(const char *text, struct arn *out,
    struct hc_error *err);

/*
 * Write the ARN of the KMS key that key names into buf: key itself when
 * it is a key ARN, or arn:PARTITION:kms:REGION:ACCOUNT:key/ID for a key
 * ID, with the partition, region and account of secret_arn. Returns -1
 * for an alias, or anything else kms:Decrypt cannot be granted on.
 */
int arn_kms_key(const char *key, const char *secret_arn, char *buf,
    size_t size);

#endif
