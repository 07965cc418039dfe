/*
 * AWS Secrets Manager calls that store the Docker Hub credentials and
 * find existing secrets (awsJson1_1, target prefix "secretsmanager.").
 * A secret id may be a name, an ARN or a partial ARN. When it is an ARN,
 * the call goes to the ARN's region.
 */
#ifndef HUBCRED_CORE_AWS_SECRETSMANAGER_H
#define HUBCRED_CORE_AWS_SECRETSMANAGER_H

#include <stddef.h>

#include "core/aws/config.h"
#include "core/error.h"
#include "core/secret.h"

/* Secret reference as the API returns it. Any field may be NULL. Release
 * it with aws_secretsmanager_ref_done(). */
struct aws_secret_ref {
	char *arn;
	char *name;
	char *version_id;
	char *kms_key_id;
};

struct aws_secret_list {
	struct aws_secret_ref *items;
	size_t n;
};

void aws_secretsmanager_ref_done(struct aws_secret_ref *ref);
void aws_secretsmanager_list_done(struct aws_secret_list *list);

/*
 * CreateSecret name with SecretString value (kms_key_id may be NULL: the
 * AWS managed key). The body is built inside guarded memory; the value
 * never passes through jansson. A random ClientRequestToken (UUID v4) is
 * made once and reused by every retry, so a retry after a lost response
 * cannot create a second version. Fills out (arn, name, version_id).
 * A name that exists gives -1 with err->remote_code
 * "ResourceExistsException" (then call _put_secret_value).
 */
int aws_secretsmanager_create_secret(const struct aws_config *cfg,
    const char *name, struct hc_secret *value, const char *kms_key_id,
    struct aws_secret_ref *out, struct hc_error *err);

/* Call PutSecretValue to store value as the new AWSCURRENT version of
 * secret_id, with the same token rule. Fills out (arn, name,
 * version_id). */
int aws_secretsmanager_put_secret_value(const struct aws_config *cfg,
    const char *secret_id, struct hc_secret *value,
    struct aws_secret_ref *out, struct hc_error *err);

/* Call DescribeSecret and fill out with arn, name and kms_key_id (NULL
 * for the AWS managed key). An unknown secret gives -1 with
 * err->remote_code "ResourceNotFoundException". */
int aws_secretsmanager_describe_secret(const struct aws_config *cfg,
    const char *secret_id, struct aws_secret_ref *out,
    struct hc_error *err);

/* Call ListSecrets for every page, filtered by name prefix unless
 * name_filter is NULL. Release out with aws_secretsmanager_list_done(). */
int aws_secretsmanager_list_secrets(const struct aws_config *cfg,
    const char *name_filter, struct aws_secret_list *out,
    struct hc_error *err);

/* Append src as a quoted, escaped JSON string to dst. Used for request
 * bodies and exposed for tests. */
int aws_secretsmanager_append_json_string(struct hc_secret *dst,
    const char *src, size_t n, struct hc_error *err);

#endif
