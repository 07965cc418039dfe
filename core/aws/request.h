/*
 * One signed AWS API call: a POST to the service endpoint, signed with
 * SigV4 by libcurl (CURLOPT_AWS_SIGV4), retried in the SDKs' "standard"
 * mode, with AWS errors turned into a struct hc_error that says what
 * failed and what to do next.
 *
 * The request carries exactly the headers libcurl 7.88 signs correctly:
 * Content-Type, X-Amz-Target (JSON protocols) and X-Amz-Security-Token
 * (temporary credentials); see spec/libcurl-sigv4.md. HTTP/1.1 only, so
 * nghttp2 never holds the Authorization header.
 */
#ifndef HUBCRED_CORE_AWS_REQUEST_H
#define HUBCRED_CORE_AWS_REQUEST_H

#include <stddef.h>

#include "core/aws/config.h"
#include "core/error.h"
#include "core/secret.h"

struct aws_request {
	enum aws_service service;
	const char *region;		/* NULL: the configured region */
	const char *operation;		/* for messages: "CreateSecret" */
	const char *target;		/* X-Amz-Target, NULL for awsQuery */
	const char *content_type;	/* NULL: application/x-amz-json-1.1 */

	/* The body: either plain bytes or a secret, whose window stays
	 * open only while libcurl sends it. */
	const char *body;
	size_t body_len;
	struct hc_secret *secret_body;

	/* What the call acts on, for AccessDenied hints ("secret x"). */
	const char *resource;
};

struct aws_response {
	long status;
	char *body;		/* NUL-terminated; wiped by _done() */
	size_t len;
	char request_id[80];
};

/*
 * Send req with cfg's credentials, retrying throttling, 5xx, timeouts and
 * connection errors up to cfg->max_attempts times with jittered
 * exponential backoff. The caller must make a retried request safe
 * (CreateSecret: the same ClientRequestToken).
 *
 * Returns 0 when AWS answered 2xx: resp holds the answer, release it
 * with aws_response_done(). Returns -1 otherwise with err set
 * (HC_ERR_AUTH for credential, signature and permission errors,
 * HC_ERR_REMOTE for other AWS errors, HC_ERR_NETWORK when no answer came)
 * and the AWS code, HTTP status and request id recorded in err; resp is
 * then empty.
 */
int aws_request_perform(const struct aws_config *cfg,
    const struct aws_request *req, struct aws_response *resp,
    struct hc_error *err);

/* Wipe and release the body. */
void aws_response_done(struct aws_response *resp);

/*
 * Turn an AWS error type into its short code: cut at the first ':' and
 * keep what follows the first '#' ("aws.x#FooError:http://..." ->
 * "FooError"). Writes into out; exposed for tests.
 */
void aws_request_clean_type(const char *type, char *out, size_t size);

#endif
