/*
 * Test program for the library-heap check: sends one SigV4-signed POST
 * whose password, token header and body carry a canary, and reads the
 * echoed body into a guarded secret. Then it cleans up, prints "ready" and
 * waits for a signal, so gcore-check.sh can search what is left.
 *
 *   curl-holder [--no-wipe] [--cacert FILE] URL
 *
 * The canary is read from stdin straight into a guarded secret. Without
 * --no-wipe the wiping allocators are installed first, as hubcred does.
 * --cacert names the CA file that an https URL's server certificate must
 * chain to.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/secret.h"

#define READ_MAX 256

static struct hc_secret *
read_canary(struct hc_error *err)
{
	struct hc_secret *secret;
	ssize_t r;
	size_t n = 0;
	char *buf;

	secret = hc_secret_new(READ_MAX, err);
	if (secret == NULL || hc_secret_reserve(secret, READ_MAX, err) == -1)
		goto fail;
	buf = hc_secret_open_rw(secret);
	while (n < READ_MAX && (r = read(0, buf + n, READ_MAX - n)) > 0)
		n += (size_t)r;
	hc_secret_set_len(secret, n, err);
	hc_secret_close(secret);
	if (n > 0)
		return secret;
	hc_error_set(err, HC_ERR_INPUT, "no canary on stdin");
fail:
	hc_secret_free(secret);
	return NULL;
}

/* Return prefix, canary and suffix joined in a new guarded secret. */
static struct hc_secret *
wrap(const char *prefix, struct hc_secret *canary, const char *suffix,
    struct hc_error *err)
{
	struct hc_secret *out;
	int rc;

	out = hc_secret_new(0, err);
	if (out == NULL || hc_secret_append(out, prefix, strlen(prefix),
	    err) == -1)
		goto fail;
	rc = hc_secret_append(out, hc_secret_open(canary),
	    hc_secret_len(canary), err);
	hc_secret_close(canary);
	if (rc == -1 || hc_secret_append(out, suffix, strlen(suffix),
	    err) == -1)
		goto fail;
	return out;
fail:
	hc_secret_free(out);
	return NULL;
}

/* Append the response straight into a guarded secret. */
static size_t
keep_response(char *data, size_t size, size_t nmemb, void *user)
{
	if (hc_secret_append(user, data, size * nmemb, NULL) == -1)
		return 0;
	return size * nmemb;
}

static int
post(const char *url, const char *cacert, struct hc_secret *canary,
    struct hc_error *err)
{
	struct hc_secret *header = NULL, *body = NULL, *response;
	struct curl_slist *headers = NULL;
	long status = 0;
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURL *curl;

	/* Kept until exit, as a fetched secret value would be. */
	response = hc_secret_new(0, err);
	curl = curl_easy_init();
	header = wrap("X-Amz-Security-Token: ", canary, "", err);
	body = wrap("{\"SecretString\":\"", canary, "\"}", err);
	if (response == NULL || curl == NULL || header == NULL ||
	    body == NULL)
		goto out;
	headers = curl_slist_append(NULL, hc_secret_open(header));
	hc_secret_close(header);
	if (headers == NULL)
		goto out;

	curl_easy_setopt(curl, CURLOPT_URL, url);
	if (cacert != NULL)
		curl_easy_setopt(curl, CURLOPT_CAINFO, cacert);
	curl_easy_setopt(curl, CURLOPT_HTTP_VERSION,
	    (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(curl, CURLOPT_AWS_SIGV4,
	    "aws:amz:us-east-1:secretsmanager");
	curl_easy_setopt(curl, CURLOPT_USERNAME, "AKIDEXAMPLE");
	curl_easy_setopt(curl, CURLOPT_PASSWORD, hc_secret_open(canary));
	hc_secret_close(canary);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE,
	    (long)hc_secret_len(body));
	curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, hc_secret_open(body));
	hc_secret_close(body);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_response);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, response);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_OK && !hc_secret_equal(response, body)) {
		hc_error_set(err, HC_ERR_REMOTE, "the echoed body differs");
		rc = CURLE_WEIRD_SERVER_REPLY;
	}

out:
	curl_easy_cleanup(curl);
	curl_slist_free_all(headers);
	hc_secret_free(header);
	hc_secret_free(body);
	if (rc != CURLE_OK || status != 200) {
		hc_error_set(err, HC_ERR_NETWORK, "POST %s: %s, HTTP %ld", url,
		    curl_easy_strerror(rc), status);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct hc_secret *canary = NULL;
	const char *cacert = NULL;
	struct hc_error err;
	int wipe = 1, rc, i;

	hc_error_init(&err);
	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--no-wipe") == 0)
			wipe = 0;
		else if (strcmp(argv[i], "--cacert") == 0 && i + 2 < argc)
			cacert = argv[++i];
		else
			break;
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: curl-holder [--no-wipe] "
		    "[--cacert FILE] URL\n");
		return 2;
	}
	if (wipe)
		rc = hc_alloc_install(&err);
	else
		rc = curl_global_init(CURL_GLOBAL_ALL) == CURLE_OK ? 0 : -1;
	if (rc == -1 || hc_secret_library_init(&err) == -1)
		goto fail;
	canary = read_canary(&err);
	if (canary == NULL || post(argv[i], cacert, canary, &err) == -1)
		goto fail;
	/* As core/net.c does after each transfer. */
	hc_secret_scrub_cpu();

	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();

fail:
	hc_secret_free(canary);
	fprintf(stderr, "curl-holder: %s\n", err.message);
	return 1;
}
