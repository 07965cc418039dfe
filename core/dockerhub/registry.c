/*
 * Docker Hub registry client: the token flow with Basic credentials, a
 * manifest HEAD with the bearer token, and the rate-limit headers.
 *
 * Token flow: github.com/distribution/distribution
 * docs/content/spec/auth/token.md. Manifest HEAD and 429s:
 * github.com/opencontainers/distribution-spec spec.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "core/dockerhub/registry.h"
#include "core/log.h"
#include "core/net.h"

#define MODULE "dockerhub"
#define DEFAULT_AUTH_URL "https://auth.docker.io"
#define DEFAULT_REGISTRY_URL "https://registry-1.docker.io"
#define SERVICE "registry.docker.io"
#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS 20000L
#define DEFAULT_MAX_RETRY_WAIT 10L
/* Token replies are a few kilobytes; error pages are small. */
#define BODY_MAX DOCKERHUB_RATELIMIT_BODY_MAX
#define URL_MAX 2048

/* Every manifest type a CodeBuild image may have, as docker sends them. */
#define MANIFEST_ACCEPT "Accept: "                                        \
	"application/vnd.docker.distribution.manifest.v2+json, "          \
	"application/vnd.docker.distribution.manifest.list.v2+json, "     \
	"application/vnd.oci.image.manifest.v1+json, "                    \
	"application/vnd.oci.image.index.v1+json"

struct dockerhub_registry {
	CURL *curl;
	char *auth_url;
	char *registry_url;
	char *ca_file;
	/* host[:port] of each endpoint, for log lines and messages. */
	char auth_host[256];
	char registry_host[256];
	long connect_timeout_ms;
	long timeout_ms;
	long max_retry_wait;
	char curl_error[CURL_ERROR_SIZE];
};

/* One HTTP exchange. The body may carry a token, so it is guarded. */
struct response {
	long status;
	char content_type[128];
	long retry_after;
	struct dockerhub_ratelimit limits;
	struct hc_secret *body;
	int truncated;
};

enum auth_mode {
	AUTH_NONE,
	AUTH_BASIC,
	AUTH_BEARER,
};

struct auth {
	enum auth_mode mode;
	const char *username;
	struct hc_secret *secret;
};

/* The outcome of one step, before it becomes a login status. */
struct outcome {
	enum dockerhub_login_status status;
	long http_status;
	enum dockerhub_throttle throttle;
	long retry_after;
};

static const char *const status_texts[] = {
#define DOCKERHUB_LOGIN_ROW(name, text) text,
	DOCKERHUB_LOGIN_STATUSES(DOCKERHUB_LOGIN_ROW)
#undef DOCKERHUB_LOGIN_ROW
};

const char *
dockerhub_registry_login_status_text(enum dockerhub_login_status status)
{
	if ((size_t)status >= sizeof status_texts / sizeof status_texts[0])
		return "unknown status";
	return status_texts[status];
}

/* Copy url without trailing slashes into a new string; record its host
 * for log lines. */
static char *
endpoint_new(const char *url, char *host, size_t host_size,
    struct hc_error *err)
{
	CURLU *u = curl_url();
	char *copy = NULL, *part = NULL, *port = NULL;
	size_t n;

	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &part, 0) != CURLUE_OK) {
		hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub endpoint "
		    "URL: %s", url);
		hc_error_hint(err, "Set HUBCRED_DOCKERHUB_AUTH_URL and "
		    "HUBCRED_DOCKERHUB_REGISTRY_URL to https:// URLs, or unset "
		    "them.");
		goto out;
	}
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	snprintf(host, host_size, "%s%s%s", part, port ? ":" : "",
	    port ? port : "");
	copy = strdup(url);
	if (copy == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	n = strlen(copy);
	while (n > 0 && copy[n - 1] == '/')
		copy[--n] = '\0';

out:
	curl_free(part);
	curl_free(port);
	curl_url_cleanup(u);
	return copy;
}

static const char *
pick(const char *given, const char *env, const char *fallback)
{
	const char *value;

	if (given != NULL && *given != '\0')
		return given;
	value = getenv(env);
	if (value != NULL && *value != '\0')
		return value;
	return fallback;
}

struct dockerhub_registry *
dockerhub_registry_new(const struct dockerhub_registry_config *config,
    struct hc_error *err)
{
	static const struct dockerhub_registry_config defaults;
	struct dockerhub_registry *reg;

	if (config == NULL)
		config = &defaults;
	reg = calloc(1, sizeof *reg);
	if (reg == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	reg->auth_url = endpoint_new(pick(config->auth_url,
	    "HUBCRED_DOCKERHUB_AUTH_URL", DEFAULT_AUTH_URL), reg->auth_host,
	    sizeof reg->auth_host, err);
	reg->registry_url = endpoint_new(pick(config->registry_url,
	    "HUBCRED_DOCKERHUB_REGISTRY_URL", DEFAULT_REGISTRY_URL),
	    reg->registry_host, sizeof reg->registry_host, err);
	if (reg->auth_url == NULL || reg->registry_url == NULL)
		goto fail;
	if (config->ca_file != NULL && *config->ca_file != '\0' &&
	    (reg->ca_file = strdup(config->ca_file)) == NULL)
		goto nomem;
	reg->connect_timeout_ms = config->connect_timeout_ms > 0 ?
	    config->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
	reg->timeout_ms = config->timeout_ms > 0 ? config->timeout_ms :
	    DEFAULT_TIMEOUT_MS;
	reg->max_retry_wait = config->max_retry_wait != 0 ?
	    config->max_retry_wait : DEFAULT_MAX_RETRY_WAIT;
	reg->curl = curl_easy_init();
	if (reg->curl == NULL)
		goto nomem;
	return reg;

nomem:
	hc_error_set(err, HC_ERR_NOMEM, "out of memory");
fail:
	dockerhub_registry_free(reg);
	return NULL;
}

void
dockerhub_registry_free(struct dockerhub_registry *reg)
{
	if (reg == NULL)
		return;
	if (reg->curl != NULL)
		curl_easy_cleanup(reg->curl);
	free(reg->auth_url);
	free(reg->registry_url);
	free(reg->ca_file);
	free(reg);
}

static void
response_init(struct response *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->retry_after = -1;
	dockerhub_ratelimit_init(&resp->limits);
}

static void
response_done(struct response *resp)
{
	hc_secret_free(resp->body);
	resp->body = NULL;
}

/* Reset what a previous attempt (or an interim 1xx reply) recorded. */
static void
response_reset(struct response *resp)
{
	struct hc_secret *body = resp->body;

	response_init(resp);
	resp->body = body;
	if (body != NULL)
		hc_secret_clear(body);
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct response *resp = userdata;
	size_t n = size * nmemb;

	/* Past the cap the rest is dropped and the body marked truncated.
	 * 429 pages, error bodies and token replies are far smaller. */
	if (resp->truncated || hc_secret_len(resp->body) + n > BODY_MAX) {
		resp->truncated = 1;
		return n;
	}
	if (hc_secret_append(resp->body, data, n, NULL) < 0)
		resp->truncated = 1;
	return n;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct response *resp = userdata;
	size_t n = size * nmemb, len;
	char line[1024], *colon, *value;

	/* The headers read here are short, so longer lines are skipped. */
	if (n >= sizeof line)
		return n;
	memcpy(line, data, n);
	line[n] = '\0';
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (strncmp(line, "HTTP/", 5) == 0) {
		response_reset(resp);
		return n;
	}
	colon = strchr(line, ':');
	if (colon == NULL)
		return n;
	*colon = '\0';
	value = colon + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	if (strcasecmp(line, "content-type") == 0)
		snprintf(resp->content_type, sizeof resp->content_type, "%s",
		    value);
	else if (strcasecmp(line, "retry-after") == 0)
		resp->retry_after = dockerhub_ratelimit_retry_after(value,
		    time(NULL));
	else
		dockerhub_ratelimit_feed(&resp->limits, line, value);
	return n;
}

/* Hand the credential to libcurl, which keeps its own copy. The window
 * is open only while libcurl copies it. */
static CURLcode
set_auth(CURL *curl, const struct auth *auth)
{
	CURLcode rc = CURLE_OK;

	switch (auth->mode) {
	case AUTH_NONE:
		break;
	case AUTH_BASIC:
		rc = curl_easy_setopt(curl, CURLOPT_HTTPAUTH,
		    (long)CURLAUTH_BASIC);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(curl, CURLOPT_USERNAME,
			    auth->username);
		if (rc == CURLE_OK) {
			rc = curl_easy_setopt(curl, CURLOPT_PASSWORD,
			    hc_secret_open(auth->secret));
			hc_secret_close(auth->secret);
		}
		break;
	case AUTH_BEARER:
		rc = curl_easy_setopt(curl, CURLOPT_HTTPAUTH,
		    (long)CURLAUTH_BEARER);
		if (rc == CURLE_OK) {
			rc = curl_easy_setopt(curl, CURLOPT_XOAUTH2_BEARER,
			    hc_secret_open(auth->secret));
			hc_secret_close(auth->secret);
		}
		break;
	}
	return rc;
}

static CURLcode
set_options(struct dockerhub_registry *reg, int head, const char *url,
    struct curl_slist *headers, struct response *resp)
{
	CURL *c = reg->curl;
	CURLcode rc = CURLE_OK;

	reg->curl_error[0] = '\0';
#define SET(opt, val) \
	do { if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val); } \
	while (0)
	SET(CURLOPT_URL, url);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, reg->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, reg->timeout_ms);
	SET(CURLOPT_ERRORBUFFER, reg->curl_error);
	SET(CURLOPT_USERAGENT, "hubcred");
	SET(CURLOPT_NOBODY, head ? 1L : 0L);
	SET(CURLOPT_HTTPHEADER, headers);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, resp);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, resp);
	if (reg->ca_file != NULL)
		SET(CURLOPT_CAINFO, reg->ca_file);
#undef SET
	return rc;
}

/* Return the next step to suggest for a libcurl failure. */
static const char *
network_hint(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
		return "The server's certificate is not trusted. Behind a "
		    "proxy that inspects TLS, set HUBCRED_CA_BUNDLE to its CA "
		    "file.";
	case CURLE_OPERATION_TIMEDOUT:
		return "Docker Hub did not answer in time. Check the network "
		    "and proxy settings (https_proxy), then retry.";
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return "The name did not resolve. Check DNS and the proxy "
		    "settings (https_proxy).";
	default:
		return "Check the network connection and the proxy settings "
		    "(https_proxy), then retry.";
	}
}

/*
 * One request: method HEAD or GET, url = base + path (path may carry a
 * query, which is not logged). Returns 0 when a reply arrived, whatever
 * its status; -1 with HC_ERR_NETWORK when none did.
 */
static int
request_once(struct dockerhub_registry *reg, int head, const char *base,
    const char *host, const char *path, const struct auth *auth,
    struct curl_slist *headers, struct response *resp, struct hc_error *err)
{
	char url[URL_MAX], log_path[256], what[300];
	curl_off_t usec = 0;
	CURLcode rc;
	int cancelled = 0;

	snprintf(log_path, sizeof log_path, "%.*s", (int)strcspn(path, "?"),
	    path);
	if ((size_t)snprintf(url, sizeof url, "%s%s", base, path) >=
	    sizeof url) {
		hc_error_set(err, HC_ERR_INPUT, "URL too long: %s%s", base,
		    log_path);
		return -1;
	}
	response_reset(resp);
	curl_easy_reset(reg->curl);
	rc = set_options(reg, head, url, headers, resp);
	if (rc == CURLE_OK)
		rc = set_auth(reg->curl, auth);
	snprintf(what, sizeof what, "%s %s%s", head ? "HEAD" : "GET", host,
	    log_path);
	if (rc == CURLE_OK)
		cancelled = net_perform(reg->curl, what, &rc, err) < 0;
	/* Drop libcurl's copies of the credential now, not at the next
	 * reset. */
	curl_easy_setopt(reg->curl, CURLOPT_PASSWORD, NULL);
	curl_easy_setopt(reg->curl, CURLOPT_XOAUTH2_BEARER, NULL);
	curl_easy_getinfo(reg->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_easy_getinfo(reg->curl, CURLINFO_TOTAL_TIME_T, &usec);
	hc_log(HC_LOG_INFO, MODULE, "%s %s%s %ld %ld ms%s",
	    head ? "HEAD" : "GET", host, log_path, resp->status,
	    (long)(usec / 1000), auth->mode == AUTH_BASIC ? " (basic auth)" :
	    auth->mode == AUTH_BEARER ? " (bearer)" : "");
	if (cancelled)
		return -1;
	if (rc != CURLE_OK) {
		hc_error_set(err, HC_ERR_NETWORK, "%s %s%s: %s",
		    head ? "HEAD" : "GET", host, log_path,
		    reg->curl_error[0] ? reg->curl_error :
		    curl_easy_strerror(rc));
		hc_error_hint(err, "%s", network_hint(rc));
		return -1;
	}
	return 0;
}

/* request_once(), retried once after a 429 whose Retry-After is short
 * enough to wait for. */
static int
request(struct dockerhub_registry *reg, int head, const char *base,
    const char *host, const char *path, const struct auth *auth,
    struct curl_slist *headers, struct response *resp, struct hc_error *err)
{
	char what[300];

	if (resp->body == NULL) {
		resp->body = hc_secret_new(BODY_MAX, err);
		if (resp->body == NULL)
			return -1;
	}
	if (request_once(reg, head, base, host, path, auth, headers, resp,
	    err) < 0)
		return -1;
	if (resp->status != 429 || resp->retry_after < 0 ||
	    reg->max_retry_wait < 0 || resp->retry_after > reg->max_retry_wait)
		return 0;
	hc_log(HC_LOG_INFO, MODULE, "429 from %s, retrying once after %ld s",
	    host, resp->retry_after);
	snprintf(what, sizeof what, "%s: waiting to retry after 429", host);
	if (net_sleep(resp->retry_after * 1000L, what, err) < 0)
		return -1;
	return request_once(reg, head, base, host, path, auth, headers, resp,
	    err);
}

/* Record a 429 reply in o and err, with its kind and Retry-After. */
static void
set_throttled(struct outcome *o, const struct response *resp,
    const char *what, struct hc_error *err)
{
	const char *body = NULL;
	size_t len = hc_secret_len(resp->body);
	char wait[48];

	if (len > 0)
		body = hc_secret_open(resp->body);
	o->throttle = dockerhub_ratelimit_classify_429(resp->content_type,
	    body, resp->truncated ? BODY_MAX + 1 : len);
	if (body != NULL)
		hc_secret_close(resp->body);
	/* A HEAD reply has no body, so a remaining count of 0 is what
	 * identifies the pull limit. */
	if (o->throttle == DOCKERHUB_THROTTLE_OTHER &&
	    resp->limits.remaining == 0)
		o->throttle = DOCKERHUB_THROTTLE_PULL_LIMIT;
	o->status = DOCKERHUB_LOGIN_THROTTLED;
	o->http_status = 429;
	o->retry_after = resp->retry_after;

	wait[0] = '\0';
	if (resp->retry_after >= 0)
		snprintf(wait, sizeof wait, " (Retry-After: %ld s)",
		    resp->retry_after);
	switch (o->throttle) {
	case DOCKERHUB_THROTTLE_PULL_LIMIT:
		hc_error_set(err, HC_ERR_REMOTE, "%s: Docker Hub's pull rate "
		    "limit was reached%s", what, wait);
		hc_error_hint(err, "Wait for the limit's window to pass. "
		    "Pulls with credentials are counted per account, not per "
		    "IP address.");
		hc_error_remote(err, "TOOMANYREQUESTS", 429, NULL);
		break;
	case DOCKERHUB_THROTTLE_ABUSE:
		hc_error_set(err, HC_ERR_REMOTE, "%s: rejected by Docker "
		    "Hub's abuse limit (HAP429)%s", what, wait);
		hc_error_hint(err, "This limit applies to IP addresses that "
		    "send too many requests, and credentials do not lift it. "
		    "Wait and retry later.");
		hc_error_remote(err, "HAP429", 429, NULL);
		break;
	default:
		hc_error_set(err, HC_ERR_REMOTE, "%s: Docker Hub answered 429 "
		    "Too Many Requests%s", what, wait);
		hc_error_hint(err, "Wait a few minutes and retry.");
		hc_error_remote(err, NULL, 429, NULL);
		break;
	}
}

static void
set_remote(struct outcome *o, const struct response *resp, const char *what,
    struct hc_error *err)
{
	o->status = DOCKERHUB_LOGIN_REMOTE;
	o->http_status = resp->status;
	hc_error_set(err, HC_ERR_REMOTE, "%s: Docker Hub answered HTTP %ld",
	    what, resp->status);
	hc_error_hint(err, "Docker Hub may be having problems: see "
	    "https://www.dockerstatus.com/ and retry later.");
	hc_error_remote(err, NULL, (int)resp->status, NULL);
}

/* Take "token" (or "access_token") out of a token reply into guarded
 * memory. Caller frees *bearer. */
static int
parse_token(struct response *resp, struct hc_secret **bearer,
    struct hc_error *err)
{
	json_t *root = NULL;
	const char *value;
	int rc = -1;

	if (!resp->truncated && hc_secret_len(resp->body) > 0) {
		root = json_loadb(hc_secret_open(resp->body),
		    hc_secret_len(resp->body), 0, NULL);
		hc_secret_close(resp->body);
	}
	value = json_string_value(json_object_get(root, "token"));
	if (value == NULL || *value == '\0')
		value = json_string_value(json_object_get(root,
		    "access_token"));
	if (value == NULL || *value == '\0') {
		hc_error_set(err, HC_ERR_REMOTE, "the token reply of Docker "
		    "Hub has no token");
		hc_error_hint(err, "Check HUBCRED_DOCKERHUB_AUTH_URL, if set; "
		    "otherwise retry later.");
		goto out;
	}
	*bearer = hc_secret_new_from(value, strlen(value), err);
	if (*bearer != NULL)
		rc = 0;

out:
	json_decref(root);
	return rc;
}

/*
 * Get a registry token for pulling repository, anonymously when
 * auth->mode is AUTH_NONE. Returns 0 with *bearer (caller frees); -1
 * with o and err set to the reason.
 */
static int
fetch_token(struct dockerhub_registry *reg, const char *repository,
    const struct auth *auth, struct hc_secret **bearer,
    struct response *resp, struct outcome *o, struct hc_error *err)
{
	char path[URL_MAX], scope[512], what[320];
	char *escaped_scope = NULL, *escaped_account = NULL;
	int rc = -1;

	*bearer = NULL;
	snprintf(what, sizeof what, "GET %s/token", reg->auth_host);
	snprintf(scope, sizeof scope, "repository:%s:pull", repository);
	escaped_scope = curl_easy_escape(reg->curl, scope, 0);
	if (auth->mode == AUTH_BASIC)
		escaped_account = curl_easy_escape(reg->curl, auth->username,
		    0);
	if (escaped_scope == NULL ||
	    (auth->mode == AUTH_BASIC && escaped_account == NULL)) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		goto out;
	}
	snprintf(path, sizeof path, "/token?service=%s&scope=%s%s%s", SERVICE,
	    escaped_scope, escaped_account ? "&account=" : "",
	    escaped_account ? escaped_account : "");
	if (request(reg, 0, reg->auth_url, reg->auth_host, path, auth, NULL,
	    resp, err) < 0) {
		o->status = DOCKERHUB_LOGIN_NETWORK;
		goto out;
	}
	o->http_status = resp->status;
	if (resp->status == 200) {
		if (parse_token(resp, bearer, err) == 0)
			rc = 0;
		else
			o->status = DOCKERHUB_LOGIN_REMOTE;
	} else if (resp->status == 401 && auth->mode == AUTH_BASIC) {
		o->status = DOCKERHUB_LOGIN_BAD_CREDENTIALS;
		hc_error_set(err, HC_ERR_AUTH, "Docker Hub rejected the "
		    "username %s or its access token: incorrect username or "
		    "password", auth->username);
		hc_error_hint(err, "Use the Docker Hub username (not the "
		    "e-mail address) and a personal access token. Accounts "
		    "with two-factor authentication need a personal access "
		    "token.");
		hc_error_remote(err, "UNAUTHORIZED", 401, NULL);
	} else if (resp->status == 429) {
		set_throttled(o, resp, what, err);
	} else {
		set_remote(o, resp, what, err);
	}

out:
	curl_free(escaped_scope);
	curl_free(escaped_account);
	return rc;
}

/* Whether the JSON "access" claim grants pull on repository. */
static int
access_grants_pull(json_t *access, const char *repository)
{
	json_t *entry, *action;
	size_t i, j;

	json_array_foreach(access, i, entry) {
		const char *type, *name, *verb;

		type = json_string_value(json_object_get(entry, "type"));
		name = json_string_value(json_object_get(entry, "name"));
		if (type == NULL || name == NULL ||
		    strcmp(type, "repository") != 0 ||
		    strcmp(name, repository) != 0)
			continue;
		json_array_foreach(json_object_get(entry, "actions"), j,
		    action) {
			verb = json_string_value(action);
			if (verb != NULL && (strcmp(verb, "pull") == 0 ||
			    strcmp(verb, "*") == 0))
				return 1;
		}
	}
	return 0;
}

/*
 * Read the "access" claim of a JWT bearer token (distribution's token
 * spec, "Returning the Token"). Returns 1 when it grants pull on
 * repository, 0 when it does not, -1 when the token is no JWT or has no
 * such claim. The payload is decoded into guarded memory.
 */
static int
jwt_grants_pull(struct hc_secret *bearer, const char *repository)
{
	const char *token, *payload, *end;
	unsigned char *scratch = NULL;
	json_t *root = NULL, *access;
	size_t n, decoded = 0;
	int rc = -1;

	token = hc_secret_open(bearer);
	payload = strchr(token, '.');
	end = payload ? strchr(payload + 1, '.') : NULL;
	if (end == NULL)
		goto out;
	payload++;
	n = (size_t)(end - payload);
	scratch = sodium_malloc(n + 1);
	if (scratch == NULL ||
	    sodium_base642bin(scratch, n + 1, payload, n, "=", &decoded,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto out;
	root = json_loadb((const char *)scratch, decoded, 0, NULL);
	access = json_object_get(root, "access");
	if (json_is_array(access))
		rc = access_grants_pull(access, repository);

out:
	hc_secret_close(bearer);
	json_decref(root);
	if (scratch != NULL)
		sodium_free(scratch);
	return rc;
}

/* "HEAD host/v2/NAME/manifests/REF", for messages. */
static void
manifest_what(const struct dockerhub_registry *reg,
    const struct dockerhub_image *image, char *buf, size_t size)
{
	snprintf(buf, size, "HEAD %s/v2/%s/manifests/%s", reg->registry_host,
	    image->path, dockerhub_image_reference(image));
}

/* HEAD the image's manifest with bearer (NULL: no Authorization). */
static int
head_manifest(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, struct hc_secret *bearer,
    struct response *resp, struct hc_error *err)
{
	struct auth auth = {bearer ? AUTH_BEARER : AUTH_NONE, NULL, bearer};
	struct curl_slist *headers;
	char path[URL_MAX];
	int rc;

	headers = curl_slist_append(NULL, MANIFEST_ACCEPT);
	if (headers == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return -1;
	}
	snprintf(path, sizeof path, "/v2/%s/manifests/%s", image->path,
	    dockerhub_image_reference(image));
	rc = request(reg, 1, reg->registry_url, reg->registry_host, path,
	    &auth, headers, resp, err);
	curl_slist_free_all(headers);
	return rc;
}

static int
check_arguments(const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct hc_error *err)
{
	const char *p;

	if (image == NULL || image->path[0] == '\0' ||
	    image->kind != DOCKERHUB_IMAGE_DOCKER_HUB) {
		hc_error_set(err, HC_ERR_INPUT, "not a Docker Hub image: %s",
		    image ? dockerhub_image_kind_explain(image->kind) : "none");
		return -1;
	}
	if (username == NULL)
		return 0;
	for (p = username; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x21 || *p == ':' || *p == 0x7f)
			break;
	}
	if (*username == '\0' || *p != '\0' || p - username > 255) {
		hc_error_set(err, HC_ERR_INPUT, "invalid Docker Hub username "
		    "\"%s\"", username);
		hc_error_hint(err, "Use the account name shown on Docker Hub, "
		    "without spaces or ':'.");
		return -1;
	}
	if (token == NULL || hc_secret_len(token) == 0) {
		hc_error_set(err, HC_ERR_INPUT, "the Docker Hub access token "
		    "is empty");
		return -1;
	}
	return 0;
}

/* Confirm that a granted token may pull the image. */
static int
confirm_pull(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *bearer, struct dockerhub_login_result *out,
    struct hc_error *err)
{
	struct outcome o = {DOCKERHUB_LOGIN_OK, 200, DOCKERHUB_THROTTLE_NONE,
	    -1};
	struct response resp;
	char what[1024];
	int grants, rc = -1;

	response_init(&resp);
	grants = jwt_grants_pull(bearer, image->path);
	if (grants >= 0) {
		out->access_checked_by = 1;
		o.status = grants ? DOCKERHUB_LOGIN_OK :
		    DOCKERHUB_LOGIN_NO_ACCESS;
	} else if (head_manifest(reg, image, bearer, &resp, err) < 0) {
		o.status = DOCKERHUB_LOGIN_NETWORK;
		o.http_status = 0;
	} else {
		out->access_checked_by = 2;
		o.http_status = resp.status;
	manifest_what(reg, image, what, sizeof what);
		if (resp.status == 401 || resp.status == 403 ||
		    resp.status == 404)
			o.status = DOCKERHUB_LOGIN_NO_ACCESS;
		else if (resp.status == 429)
			set_throttled(&o, &resp, what, err);
		else if (resp.status != 200)
			set_remote(&o, &resp, what, err);
	}
	if (o.status == DOCKERHUB_LOGIN_NO_ACCESS) {
		hc_error_set(err, HC_ERR_AUTH, "%s cannot pull %s: the "
		    "repository does not exist, or it is private and the "
		    "account has no access to it", username, image->path);
		hc_error_hint(err, "Check the image name and give %s read "
		    "access. Tokens with the scope 'Public Repo Read-only' "
		    "cannot pull private repositories.", username);
		hc_error_remote(err, "DENIED", (int)o.http_status, NULL);
	}
	out->status = o.status;
	out->http_status = o.http_status;
	out->throttle = o.throttle;
	out->retry_after = o.retry_after;
	if (o.status == DOCKERHUB_LOGIN_OK)
		rc = 0;
	response_done(&resp);
	return rc;
}

int
dockerhub_registry_check_login(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct dockerhub_login_result *out,
    struct hc_error *err)
{
	struct auth auth = {AUTH_BASIC, username, token};
	struct outcome o = {DOCKERHUB_LOGIN_REMOTE, 0,
	    DOCKERHUB_THROTTLE_NONE, -1};
	struct hc_secret *bearer = NULL;
	struct response resp;
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->status = DOCKERHUB_LOGIN_REMOTE;
	out->retry_after = -1;
	response_init(&resp);
	if (username == NULL) {
		hc_error_set(err, HC_ERR_INPUT, "no Docker Hub username");
		goto out;
	}
	if (check_arguments(image, username, token, err) < 0)
		goto out;
	if (fetch_token(reg, image->path, &auth, &bearer, &resp, &o,
	    err) < 0) {
		out->status = o.status;
		out->http_status = o.http_status;
		out->throttle = o.throttle;
		out->retry_after = o.retry_after;
		goto out;
	}
	rc = confirm_pull(reg, image, username, bearer, out, err);

out:
	if (rc < 0)
		hc_error_prefix(err, "checking the Docker Hub login");
	hc_secret_free(bearer);
	response_done(&resp);
	return rc;
}

/* One side of the limits probe: token, then manifest HEAD. */
static int
probe_side(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const struct auth *auth,
    struct dockerhub_ratelimit *rl, struct hc_error *err)
{
	struct outcome o = {DOCKERHUB_LOGIN_OK, 0, DOCKERHUB_THROTTLE_NONE,
	    -1};
	struct hc_secret *bearer = NULL;
	struct response resp;
	char what[1024];
	int rc = -1;

	response_init(&resp);
	dockerhub_ratelimit_init(rl);
	if (fetch_token(reg, image->path, auth, &bearer, &resp, &o,
	    err) < 0) {
		rl->checked = o.status != DOCKERHUB_LOGIN_NETWORK;
		rl->http_status = o.http_status;
		rl->throttle = o.throttle;
		rl->retry_after = o.retry_after;
		goto out;
	}
	if (head_manifest(reg, image, bearer, &resp, err) < 0)
		goto out;
	*rl = resp.limits;
	rl->checked = 1;
	rl->http_status = resp.status;
	rc = 0;
	if (resp.status == 429) {
	manifest_what(reg, image, what, sizeof what);
		set_throttled(&o, &resp, what, err);
		rl->throttle = o.throttle;
		rl->retry_after = o.retry_after;
		rc = -1;
	}

out:
	hc_secret_free(bearer);
	response_done(&resp);
	return rc;
}

int
dockerhub_registry_probe_limits(struct dockerhub_registry *reg,
    const struct dockerhub_image *image, const char *username,
    struct hc_secret *token, struct dockerhub_limits *out,
    struct hc_error *err)
{
	struct auth anonymous = {AUTH_NONE, NULL, NULL};
	struct auth user = {AUTH_BASIC, username, token};
	int rc = 0;

	dockerhub_ratelimit_init(&out->anonymous);
	dockerhub_ratelimit_init(&out->user);
	if (check_arguments(image, username, token, err) < 0)
		return -1;
	if (probe_side(reg, image, &anonymous, &out->anonymous, err) < 0)
		rc = -1;
	if (username != NULL && token != NULL &&
	    probe_side(reg, image, &user, &out->user, err) < 0)
		rc = -1;
	if (rc < 0)
		hc_error_prefix(err, "reading the Docker Hub rate limits");
	return rc;
}
