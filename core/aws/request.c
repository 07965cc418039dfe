/*
 * Signed AWS calls over libcurl: the awsJson1_1 and awsQuery protocols,
 * error decoding and standard-mode retries.
 * Protocols: https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 * Retries: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "core/aws/error.h"
#include "core/aws/request.h"
#include "core/log.h"
#include "core/net.h"

#define RESPONSE_MAX (8 * 1024 * 1024)
#define BACKOFF_CAP_MS 20000

/* A growing buffer that never leaves an unwiped copy behind. */
struct buf {
	char *p;
	size_t len;
	size_t cap;
	int overflow;
};

/* Result of one attempt. */
struct attempt {
	CURLcode cc;
	char curl_error[CURL_ERROR_SIZE];
	long status;
	struct buf body;
	char request_id[80];
	char error_type[128];	/* X-Amzn-ErrorType header */
	char date[64];		/* server Date header, for clock skew */
	long duration_ms;
};

/* Error codes that the SDKs retry in standard mode. LimitExceededException
 * is left out because in Secrets Manager it means a quota is full, so a
 * retry cannot succeed. */
static const char *const retry_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException",
	"RequestThrottledException", "TooManyRequestsException",
	"ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded",
	"BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
	"EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
	"PriorRequestNotComplete", NULL,
};

static const char *const skew_codes[] = {
	"AuthFailure", "InvalidSignatureException", "RequestExpired",
	"RequestInTheFuture", "RequestTimeTooSkewed", "SignatureDoesNotMatch",
	NULL,
};

static const char *const auth_codes[] = {
	"UnrecognizedClientException", "InvalidClientTokenId",
	"IncompleteSignature", "IncompleteSignatureException",
	"ExpiredToken", "ExpiredTokenException", "AccessDenied",
	"AccessDeniedException", "MissingAuthenticationToken",
	"MissingAuthenticationTokenException", NULL,
};

static int
in_list(const char *const *list, const char *code)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, code) == 0)
			return 1;
	}
	return 0;
}

static void
buf_wipe(struct buf *b)
{
	if (b->p != NULL) {
		sodium_memzero(b->p, b->cap);
		free(b->p);
	}
	memset(b, 0, sizeof(*b));
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *user)
{
	struct buf *b = user;
	size_t n = size * nmemb, cap;
	char *grown;

	if (b->len + n + 1 > RESPONSE_MAX) {
		b->overflow = 1;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		grown = malloc(cap);
		if (grown == NULL)
			return 0;
		if (b->p != NULL)
			memcpy(grown, b->p, b->len);
		buf_wipe(&(struct buf){ .p = b->p, .cap = b->cap });
		b->p = grown;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

/* Copy the value of header line "Name: value\r\n" into out when the
 * line is the header name. */
static void
header_copy(const char *line, size_t n, const char *name, char *out,
    size_t size)
{
	size_t k = strlen(name);

	if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
		return;
	line += k + 1;
	n -= k + 1;
	while (n > 0 && isspace((unsigned char)*line)) {
		line++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)line[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, line, n);
	out[n] = '\0';
}

static size_t
on_header(char *line, size_t size, size_t nmemb, void *user)
{
	struct attempt *a = user;
	size_t n = size * nmemb;

	header_copy(line, n, "x-amzn-RequestId", a->request_id,
	    sizeof(a->request_id));
	if (a->request_id[0] == '\0')
		header_copy(line, n, "x-amz-request-id", a->request_id,
		    sizeof(a->request_id));
	header_copy(line, n, "X-Amzn-ErrorType", a->error_type,
	    sizeof(a->error_type));
	header_copy(line, n, "Date", a->date, sizeof(a->date));
	return n;
}

static void
set_hint(struct hc_error *err, const struct aws_request *req,
    const struct aws_config *cfg, const char *code, const char *message,
    const struct attempt *a)
{
	const char *svc = aws_service_signing_name(req->service);
	const char *region = req->region ? req->region : cfg->region;

	if (strncmp(code, "AccessDenied", 12) == 0)
		hc_error_hint(err, "allow %s:%s on %s for the identity of "
		    "access key %s", svc, req->operation,
		    req->resource ? req->resource : "the resource",
		    cfg->creds.access_key_id);
	else if (strncmp(code, "ExpiredToken", 12) == 0)
		hc_error_hint(err, "the session credentials have expired: "
		    "refresh the session (for example aws sso login) and "
		    "run hubcred again");
	else if (strcmp(code, "UnrecognizedClientException") == 0 ||
	    strcmp(code, "InvalidClientTokenId") == 0)
		hc_error_hint(err, "AWS does not know access key %s (from "
		    "%s): check the key id and session token",
		    cfg->creds.access_key_id, cfg->creds.source);
	else if (in_list(skew_codes, code) &&
	    (strstr(message, "Signature expired") != NULL ||
	    strstr(message, "not yet current") != NULL))
		hc_error_hint(err, "the system clock differs from AWS's by "
		    "more than 15 minutes: set the clock right (AWS time: "
		    "%s)", a->date[0] ? a->date : "unknown");
	else if (in_list(skew_codes, code))
		hc_error_hint(err, "check the secret access key for %s (from "
		    "%s) and that the system clock is right",
		    cfg->creds.access_key_id, cfg->creds.source);
	else if (strcmp(code, "ResourceExistsException") == 0)
		hc_error_hint(err, "a secret of that name exists: choose "
		    "update to put a new value into it");
	else if (strcmp(code, "ResourceNotFoundException") == 0)
		hc_error_hint(err, "check the name or ARN, and the region "
		    "(%s)", region ? region : "none");
	else if (in_list(retry_codes, code) || a->status >= 500)
		hc_error_hint(err, "AWS is busy or failing: try again in a "
		    "minute");
}

/* Replace control characters of server text, which goes into messages
 * shown on a terminal. */
static void
sanitize(char *text)
{
	for (; *text != '\0'; text++) {
		if (iscntrl((unsigned char)*text))
			*text = ' ';
	}
}

/* Set err from a failed attempt. */
static void
attempt_error(const struct aws_config *cfg, const struct aws_request *req,
    const char *url, const struct attempt *a, int attempts,
    struct hc_error *err)
{
	const char *svc = aws_service_signing_name(req->service);
	char code[64], message[300];

	if (a->cc != CURLE_OK) {
		hc_error_set(err, HC_ERR_NETWORK, "%s %s: %s (%d attempt%s)",
		    svc, req->operation, a->curl_error[0] ? a->curl_error :
		    curl_easy_strerror(a->cc), attempts,
		    attempts == 1 ? "" : "s");
		if (a->cc == CURLE_PEER_FAILED_VERIFICATION ||
		    a->cc == CURLE_SSL_CACERT_BADFILE)
			hc_error_hint(err, "check AWS_CA_BUNDLE (%s)",
			    cfg->ca_bundle ? cfg->ca_bundle : "not set");
		else if (cfg->endpoint[req->service] != NULL)
			hc_error_hint(err, "check the network, the configured "
			    "endpoint %s and any proxy settings", url);
		else
			hc_error_hint(err, "check the network and any proxy "
			    "settings (endpoint %s)", url);
		return;
	}
	aws_error_decode(a->body.p ? a->body.p : "", a->body.len,
	    a->error_type, code, sizeof(code), message, sizeof(message));
	sanitize(code);
	sanitize(message);
	if (a->status >= 200 && a->status < 300)
		hc_error_set(err, HC_ERR_REMOTE, "%s %s: invalid response "
		    "(HTTP %ld)", svc, req->operation, a->status);
	else
		hc_error_set(err, in_list(auth_codes, code) ||
		    in_list(skew_codes, code) ? HC_ERR_AUTH : HC_ERR_REMOTE,
		    "%s %s: %s%s%s (HTTP %ld%s)", svc, req->operation,
		    code[0] ? code : "error", message[0] ? ": " : "", message,
		    a->status, attempts > 1 ? ", after retries" : "");
	hc_error_remote(err, code[0] ? code : NULL, (int)a->status,
	    a->request_id[0] ? a->request_id : NULL);
	set_hint(err, req, cfg, code, message, a);
}

/* Return 1 when the SDKs' standard mode would retry this attempt. */
static int
attempt_retryable(const struct attempt *a)
{
	char code[64], message[8];

	switch (a->cc) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
	if (a->status == 500 || a->status == 502 || a->status == 503 ||
	    a->status == 504)
		return 1;
	aws_error_decode(a->body.p ? a->body.p : "", a->body.len,
	    a->error_type, code, sizeof(code), message, sizeof(message));
	return in_list(retry_codes, code);
}

/* Name the call for a person watching it: "Secrets Manager CreateSecret". */
static void
call_name(const struct aws_request *req, const char *suffix, char *out,
    size_t size)
{
	static const char *const titles[AWS_SERVICE_COUNT] = {
		[AWS_SERVICE_SECRETSMANAGER] = "Secrets Manager",
		[AWS_SERVICE_CODEBUILD] = "CodeBuild",
		[AWS_SERVICE_STS] = "STS",
	};

	snprintf(out, size, "%s %s%s", titles[req->service],
	    req->operation ? req->operation : "call", suffix);
}

/* Sleep rand[0,1) * min(base * 2^(attempt-1), 20 s) ("full jitter"),
 * through net_sleep() so that the wait can be cancelled. */
static int
backoff(const struct aws_config *cfg, const struct aws_request *req,
    int attempt, struct hc_error *err)
{
	long cap = cfg->backoff_base_ms, ms;
	char what[96];
	int i;

	for (i = 1; i < attempt && cap < BACKOFF_CAP_MS; i++)
		cap *= 2;
	if (cap > BACKOFF_CAP_MS)
		cap = BACKOFF_CAP_MS;
	ms = cap > 0 ? (long)randombytes_uniform((uint32_t)cap) : 0;
	call_name(req, ": waiting to retry", what, sizeof(what));
	return net_sleep(ms, what, err);
}

/* Add "X-Amz-Security-Token: <token>" to the list. The line is built in
 * guarded memory, and libcurl copies it into its own (wiped) heap. */
static int
add_token_header(struct curl_slist **list, struct hc_secret *token,
    struct hc_error *err)
{
	static const char name[] = "X-Amz-Security-Token: ";
	struct curl_slist *grown;
	struct hc_secret *line;
	int rc = -1;

	line = hc_secret_new(sizeof(name) + hc_secret_len(token), err);
	if (line == NULL)
		return -1;
	if (hc_secret_append(line, name, sizeof(name) - 1, err) < 0)
		goto out;
	rc = hc_secret_append(line, hc_secret_open(token),
	    hc_secret_len(token), err);
	hc_secret_close(token);
	if (rc < 0)
		goto out;
	grown = curl_slist_append(*list, hc_secret_open(line));
	hc_secret_close(line);
	if (grown == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		rc = -1;
		goto out;
	}
	*list = grown;
out:
	hc_secret_free(line);
	return rc;
}

static struct curl_slist *
build_headers(const struct aws_config *cfg, const struct aws_request *req,
    struct hc_error *err)
{
	struct curl_slist *list = NULL, *grown;
	char line[256];

	snprintf(line, sizeof(line), "Content-Type: %s", req->content_type ?
	    req->content_type : "application/x-amz-json-1.1");
	list = curl_slist_append(NULL, line);
	if (list != NULL && req->target != NULL) {
		snprintf(line, sizeof(line), "X-Amz-Target: %s", req->target);
		grown = curl_slist_append(list, line);
		if (grown == NULL) {
			curl_slist_free_all(list);
			list = NULL;
		}
	}
	if (list == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (cfg->creds.session_token != NULL &&
	    add_token_header(&list, cfg->creds.session_token, err) < 0) {
		curl_slist_free_all(list);
		return NULL;
	}
	return list;
}

static int
setup(CURL *curl, const struct aws_config *cfg,
    const struct aws_request *req, const char *url, const char *region,
    struct curl_slist *headers, struct attempt *a, struct hc_error *err)
{
	char sigv4[128];
	CURLcode cc = CURLE_OK;

	snprintf(sigv4, sizeof(sigv4), "aws:amz:%s:%s", region,
	    aws_service_signing_name(req->service));
#define SET(opt, val) if (cc == CURLE_OK) cc = curl_easy_setopt(curl, opt, val)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_PROTOCOLS_STR, "https,http");
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	SET(CURLOPT_AWS_SIGV4, sigv4);
	SET(CURLOPT_USERNAME, cfg->creds.access_key_id);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_USERAGENT, "hubcred/" "0.1");
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, &a->body);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, a);
	SET(CURLOPT_ERRORBUFFER, a->curl_error);
	if (cfg->ca_bundle != NULL)
		SET(CURLOPT_CAINFO, cfg->ca_bundle);
	/* libcurl copies the password, so the window closes right away. */
	SET(CURLOPT_PASSWORD, hc_secret_open(cfg->creds.secret_access_key));
	hc_secret_close(cfg->creds.secret_access_key);
#undef SET
	if (cc != CURLE_OK) {
		hc_error_set(err, HC_ERR_INTERNAL, "libcurl setup: %s",
		    curl_easy_strerror(cc));
		return -1;
	}
	return 0;
}

/* Split url into host and path for the log line. */
static void
url_parts(const char *url, char *host, size_t size, const char **path)
{
	const char *start = strstr(url, "://"), *end;
	size_t n;

	start = start ? start + 3 : url;
	end = strchr(start, '/');
	n = end ? (size_t)(end - start) : strlen(start);
	if (n >= size)
		n = size - 1;
	memcpy(host, start, n);
	host[n] = '\0';
	*path = end ? end : "/";
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/*
 * Run one attempt. A secret body's window is open only during perform.
 * Returns -1 only when the attempt was cancelled (or the multi interface
 * failed); a transfer error is left in a->cc.
 */
static int
attempt_run(CURL *curl, const struct aws_request *req, const char *url,
    struct attempt *a, struct hc_error *err)
{
	const char *body = req->body ? req->body : "";
	size_t len = req->body_len;
	char host[128];
	const char *path;
	long start = now_ms();
	char what[96];
	int rc;

	call_name(req, "", what, sizeof(what));
	if (req->secret_body != NULL) {
		body = hc_secret_open(req->secret_body);
		len = hc_secret_len(req->secret_body);
	}
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	rc = net_perform(curl, what, &a->cc, err);
	/* Forget the pointer before the window closes. */
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
	if (req->secret_body != NULL)
		hc_secret_close(req->secret_body);
	a->duration_ms = now_ms() - start;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a->status);
	url_parts(url, host, sizeof(host), &path);
	hc_log(HC_LOG_INFO, "aws", "POST %s %s %s -> %ld%s%s %ld ms "
	    "request-id %s", host, path, req->target ? req->target :
	    req->operation, a->status, a->cc ? " curl error: " : "",
	    a->cc ? curl_easy_strerror(a->cc) : "", a->duration_ms,
	    a->request_id[0] ? a->request_id : "-");
	return rc;
}

static void
attempt_reset(struct attempt *a)
{
	buf_wipe(&a->body);
	memset(a, 0, sizeof(*a));
}

int
aws_request_perform(const struct aws_config *cfg,
    const struct aws_request *req, struct aws_response *resp,
    struct hc_error *err)
{
	struct curl_slist *headers = NULL;
	struct attempt a = { .cc = CURLE_OK };
	const char *region = req->region ? req->region : cfg->region;
	char *url = NULL;
	CURL *curl = NULL;
	int attempt, rc = -1;

	memset(resp, 0, sizeof(*resp));
	if (cfg->creds.access_key_id == NULL ||
	    cfg->creds.secret_access_key == NULL) {
		hc_error_set(err, HC_ERR_AUTH, "no AWS credentials loaded");
		return -1;
	}
	url = aws_config_endpoint_url(cfg, req->service, region, err);
	if (url == NULL)
		goto out;
	headers = build_headers(cfg, req, err);
	curl = curl_easy_init();
	if (headers == NULL || curl == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	if (setup(curl, cfg, req, url, region, headers, &a, err) < 0)
		goto out;
	for (attempt = 1;; attempt++) {
		attempt_reset(&a);
		if (attempt_run(curl, req, url, &a, err) < 0)
			goto out;
		if (a.cc == CURLE_OK && a.status >= 200 && a.status < 300)
			break;
		if (attempt >= cfg->max_attempts || !attempt_retryable(&a)) {
			attempt_error(cfg, req, url, &a, attempt, err);
			goto out;
		}
		if (backoff(cfg, req, attempt, err) < 0)
			goto out;
	}
	resp->status = a.status;
	resp->body = a.body.p ? a.body.p : strdup("");
	resp->len = a.body.len;
	memcpy(resp->request_id, a.request_id, sizeof(resp->request_id));
	a.body.p = NULL;
	if (resp->body == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	rc = 0;
out:
	attempt_reset(&a);
	if (curl != NULL)
		curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	free(url);
	return rc;
}

void
aws_response_done(struct aws_response *resp)
{
	if (resp->body != NULL) {
		sodium_memzero(resp->body, resp->len);
		free(resp->body);
	}
	memset(resp, 0, sizeof(*resp));
}
