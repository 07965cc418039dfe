/*
 * libFuzzer target for what hubcred computes itself before libcurl
 * signs a request with SigV4 (CURLOPT_AWS_SIGV4): the endpoint URL of
 * each service from the shared config (endpoint_url, [services]
 * sections), the region taken from an ARN, and the default endpoint
 * built from a region. libcurl builds the canonical request and the
 * signature from the URL, the region and the service.
 *
 * The input is "config NUL profile NUL region NUL arn"; missing fields
 * are NULL. Properties: no crash, leak or out-of-bounds read; a
 * configured endpoint is never empty and has no line break; an ARN's
 * region is its fourth field; an endpoint URL built from a region is
 * https://SERVICE.REGION.amazonaws.com/ with a REGION of lower case
 * letters, digits and '-', so the host is AWS's and the SigV4 scope
 * "aws:amz:REGION:SERVICE" has exactly four fields; an invalid region is
 * an input error.
 *
 * Build and run with tests/fuzz/run.sh aws-endpoint SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/config.h"
#include "core/aws/profile.h"
#include "core/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

#define REGION_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"

static const struct {
	const char *signing_name;
	const char *env_suffix;
	const char *services_key;
} services[AWS_SERVICE_COUNT] = {
	[AWS_SERVICE_SECRETSMANAGER] = { "secretsmanager", "SECRETS_MANAGER",
	    "secrets_manager" },
	[AWS_SERVICE_CODEBUILD] = { "codebuild", "CODEBUILD", "codebuild" },
	[AWS_SERVICE_STS] = { "sts", "STS", "sts" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int i;

	(void)argc;
	(void)argv;
	/* Only the config text may name endpoints. */
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	for (i = 0; i < AWS_SERVICE_COUNT; i++) {
		char name[64];

		snprintf(name, sizeof name, "AWS_ENDPOINT_URL_%s",
		    services[i].env_suffix);
		unsetenv(name);
	}
	return 0;
}

/* Split data at NUL bytes into at most n fields (malloc'd, NULL when
 * missing). */
static void
split(const uint8_t *data, size_t size, char **fields, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		const uint8_t *nul;

		fields[i] = NULL;
		if (data == NULL)
			continue;
		nul = memchr(data, '\0', size);
		k = nul != NULL ? (size_t)(nul - data) : size;
		fields[i] = strndup((const char *)data, k);
		CHECK(fields[i] != NULL);
		if (nul == NULL) {
			data = NULL;
		} else {
			data = nul + 1;
			size -= k + 1;
		}
	}
}

static void
check_arn(const char *arn)
{
	char buf[64];
	const char *r = aws_arn_region(arn, buf, sizeof buf);

	if (r == NULL)
		return;
	CHECK(r == buf);
	CHECK(buf[0] != '\0');
	CHECK(strchr(buf, ':') == NULL);
	CHECK(strncmp(arn, "arn:", 4) == 0);
	CHECK(strstr(arn, buf) != NULL);
}

/* Check the URL of service in region. A configured endpoint wins. */
static void
check_url(struct aws_config *cfg, int service, const char *region)
{
	const char *used = region != NULL ? region : cfg->region;
	struct hc_error err;
	char *url, want[512];

	hc_error_init(&err);
	url = aws_config_endpoint_url(cfg, (enum aws_service)service, region,
	    &err);
	if (url == NULL) {
		CHECK(err.code == HC_ERR_INPUT || err.code == HC_ERR_NOMEM);
		CHECK(err.message[0] != '\0');
		return;
	}
	/* The region also goes into the SigV4 scope. */
	CHECK(used != NULL);
	CHECK(used[0] != '\0');
	CHECK(strspn(used, REGION_CHARS) == strlen(used));
	if (cfg->endpoint[service] != NULL) {
		CHECK(strcmp(url, cfg->endpoint[service]) == 0);
	} else {
		snprintf(want, sizeof want, "https://%s.%s.amazonaws.com/",
		    services[service].signing_name, used);
		CHECK(strcmp(url, want) == 0);
	}
	free(url);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aws_profile_set *set;
	struct aws_config cfg;
	struct hc_error err;
	char *f[4], arn_region[64];
	const char *region;
	int i;

	split(data, size, f, 4);
	set = aws_profile_set_new();
	CHECK(set != NULL);
	(void)aws_profile_set_parse(set, AWS_PROFILE_FILE_CONFIG, f[0],
	    strlen(f[0]), "config", NULL);
	aws_config_init(&cfg);
	cfg.region = f[2];
	for (i = 0; i < AWS_SERVICE_COUNT; i++) {
		hc_error_init(&err);
		if (aws_config_endpoint_from(set, f[1] ? f[1] : "default",
		    services[i].env_suffix, services[i].services_key,
		    &cfg.endpoint[i], &err) < 0) {
			CHECK(err.code == HC_ERR_INPUT ||
			    err.code == HC_ERR_NOMEM);
			CHECK(cfg.endpoint[i] == NULL);
			continue;
		}
		if (cfg.endpoint[i] != NULL) {
			CHECK(cfg.endpoint[i][0] != '\0');
			CHECK(strpbrk(cfg.endpoint[i], "\r\n") == NULL);
		}
	}
	check_arn(f[3]);
	region = f[3] != NULL ? aws_arn_region(f[3], arn_region,
	    sizeof arn_region) : NULL;
	for (i = 0; i < AWS_SERVICE_COUNT; i++) {
		check_url(&cfg, i, region);
		check_url(&cfg, i, NULL);
	}
	for (i = 0; i < AWS_SERVICE_COUNT; i++)
		free(cfg.endpoint[i]);
	aws_profile_set_free(set);
	for (i = 0; i < 4; i++)
		free(f[i]);
	return 0;
}
