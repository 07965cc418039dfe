/*
 * Signed AWS API calls. Each call is a POST to the service endpoint,
 * signed with SigV4 by libcurl (CURLOPT_AWS_SIGV4) and retried like the
 * SDKs' "standard" retry mode. AWS errors become a struct hc_error that
 * names the failure and the next step.
 *
 * The request carries only the headers that libcurl 7.88 signs
 * correctly: Content-Type, X-Amz-Target (JSON protocols) and
 * X-Amz-Security-Token (temporary credentials). libcurl 7.88 signs
 * header-removal entries it does not send and sends a caller's X-Amz-Date
 * twice, so neither is used. Requests use HTTP/1.1 only, because
 * nghttp2 before libcurl 8.11.1 keeps header tables (with the
 * Authorization header) outside libcurl's wiping allocator.
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

	/* Body, as plain bytes or as a secret. A secret's window stays open
	 * only while libcurl sends it. */
	const char *body;
	size_t body_len;
	struct hc_secret *secret_body;

	/* Resource the call acts on, named in AccessDenied hints. */
	const char *resource;
};

struct aws_response {
	long status;
	char *body;		/* NUL-terminated, wiped by _done() */
	size_t len;
	char request_id[80];
};

/*
 * Send req with cfg's credentials, retrying throttling, 5xx, timeouts and
 * connection errors up to cfg->max_attempts times with jittered
 * exponential backoff. The caller must make a retried request safe
 * (CreateSecret: the same ClientRequestToken).
 *
 * Returns 0 on a 2xx status, with the response in resp (release it
 * with aws_response_done()). Otherwise returns -1 and leaves resp empty.
 * err then has the code HC_ERR_AUTH (credential, signature and
 * permission errors), HC_ERR_REMOTE (other AWS errors) or HC_ERR_NETWORK
 * (no response), plus the AWS error code, HTTP status and request id; or
 * HC_ERR_CANCELLED when the net hook (core/net.h) cancelled an attempt
 * or a wait between attempts.
 */
int aws_request_perform(const struct aws_config *cfg,
    const struct aws_request *req, struct aws_response *resp,
    struct hc_error *err);

/* Wipe and free the response body. */
void aws_response_done(struct aws_response *resp);

#endif
