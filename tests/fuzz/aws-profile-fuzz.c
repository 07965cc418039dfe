/*
 * libFuzzer target for the AWS shared config and credentials parser.
 * The input is parsed as a config file and, into the same set, as a
 * credentials file. Properties: no crash, leak or out-of-bounds read; an
 * error is a parse or out-of-memory error with a line inside the input;
 * every section found can be looked up by its name and every key is
 * lower case and found again by aws_profile_prop(). The role chain of
 * every profile resolves or fails with a message, and a resolved chain
 * ends with the profile's own role and visits no profile twice.
 *
 * Build and run with tests/fuzz/run.sh aws-profile SECONDS.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aws/profile.h"
#include "core/aws/role.h"
#include "core/error.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

static void
check_set(const struct aws_profile_set *set)
{
	int kind;
	size_t i, k, n;
	const char *c;

	for (kind = 0; kind < AWS_PROFILE_KIND_COUNT; kind++) {
		n = aws_profile_set_count(set, kind);
		for (i = 0; i < n; i++) {
			const struct aws_profile *p =
			    aws_profile_set_at(set, kind, i);

			CHECK(p != NULL && p->name != NULL);
			CHECK(aws_profile_set_find(set, kind, p->name) != NULL);
			for (k = 0; k < p->n_props; k++) {
				const struct aws_profile_prop *pr =
				    &p->props[k];

				CHECK(pr->key != NULL && pr->value != NULL);
				CHECK(pr->line >= 1);
				for (c = pr->key; *c != '\0'; c++)
					CHECK(!isupper((unsigned char)*c));
				CHECK(aws_profile_prop(p, pr->key) != NULL);
			}
		}
		CHECK(aws_profile_set_at(set, kind, n) == NULL);
	}
}

static int
count_lines(const uint8_t *data, size_t size)
{
	size_t i;
	int lines = 1;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	return lines;
}

/* Resolve the role chain of each profile of set. */
static void
check_roles(const struct aws_profile_set *set)
{
	size_t n = aws_profile_set_count(set, AWS_PROFILE_KIND_PROFILE);
	const struct aws_profile *p;
	struct aws_role_chain chain;
	struct hc_error err;
	size_t i, h, k;
	int rc;

	for (i = 0; i < n; i++) {
		p = aws_profile_set_at(set, AWS_PROFILE_KIND_PROFILE, i);
		hc_error_init(&err);
		rc = aws_role_chain_resolve(set, p->name, &chain, &err);
		CHECK(rc >= -1);
		CHECK(rc <= 1);
		if (rc < 0) {
			CHECK(err.message[0] != '\0');
			CHECK(chain.hops == NULL);
			continue;
		}
		if (rc == 0) {
			CHECK(chain.n_hops == 0);
			continue;
		}
		CHECK(chain.n_hops >= 1);
		CHECK(chain.n_hops <= n);
		CHECK(strcmp(chain.hops[chain.n_hops - 1].profile,
		    p->name) == 0);
		CHECK((chain.base == AWS_ROLE_BASE_PROFILE) ==
		    (chain.base_profile != NULL));
		for (h = 0; h < chain.n_hops; h++) {
			CHECK(strncmp(chain.hops[h].role_arn, "arn:", 4) == 0);
			for (k = h + 1; k < chain.n_hops; k++)
				CHECK(strcmp(chain.hops[h].profile,
				    chain.hops[k].profile) != 0);
		}
		aws_role_chain_done(&chain);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum aws_profile_file files[] = {
		AWS_PROFILE_FILE_CONFIG, AWS_PROFILE_FILE_CREDENTIALS,
	};
	struct aws_profile_set *set;
	struct hc_error err;
	size_t f;

	set = aws_profile_set_new();
	CHECK(set != NULL);
	for (f = 0; f < 2; f++) {
		hc_error_init(&err);
		if (aws_profile_set_parse(set, files[f], (const char *)data,
		    size, "fuzz", &err) < 0) {
			CHECK(err.code == HC_ERR_PARSE ||
			    err.code == HC_ERR_NOMEM);
			CHECK(err.message[0] != '\0');
			CHECK(err.line <= count_lines(data, size));
		}
		check_set(set);
	}
	check_roles(set);
	aws_profile_set_free(set);
	return 0;
}
