/* Tests for core/arn.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arn.h"

static void
secret_arn_fields(void **state)
{
	struct hc_error err;
	struct arn arn;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(arn_parse_secret("arn:aws:secretsmanager:eu-west-1:"
	    "123456789012:secret:ci/dockerhub-pull-Q3fW9k", &arn, &err), 0);
	assert_string_equal(arn.partition, "aws");
	assert_string_equal(arn.region, "eu-west-1");
	assert_string_equal(arn.account, "123456789012");
	assert_string_equal(arn.resource, "secret:ci/dockerhub-pull-Q3fW9k");
}

static void
secret_arn_rejections(void **state)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
		{"codebuild/dockerhub", "is a secret name, not an ARN"},
		{"", "the secret's ARN is missing"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
		 "codebuild/dockerhub", "is a partial ARN"},
		{"arn:aws:kms:eu-west-1:123456789012:key/1", "is not the ARN "
		 "of a Secrets Manager secret"},
		{"arn:aws:secretsmanager::123456789012:secret:x-abcdef",
		 "lacks a region"},
		{"arn:aws:secretsmanager:eu-west-1:1234:secret:x-abcdef",
		 "12-digit account id"},
		{"arn:aws", "is not a valid ARN"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
		 "a\"b-AbCdEf", "invalid character '\"'"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
		 "${var.x}-AbCdEf", "invalid character '$'"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
		 "a b-AbCdEf", "invalid character ' '"},
	};
	struct hc_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hc_error_init(&err);
		assert_int_equal(arn_parse_secret(cases[i].text, NULL, &err),
		    -1);
		assert_int_equal(err.code, HC_ERR_INPUT);
		if (strstr(err.message, cases[i].message) == NULL)
			fail_msg("%s: got \"%s\"", cases[i].text,
			    err.message);
	}
}

static void
generic_arn_empty_account(void **state)
{
	struct hc_error err;
	struct arn arn;

	(void)state;
	hc_error_init(&err);
	assert_int_equal(arn_parse("arn:aws:iam::123456789012:role/ci", &arn,
	    &err), 0);
	assert_string_equal(arn.service, "iam");
	assert_string_equal(arn.region, "");
	assert_string_equal(arn.resource, "role/ci");
}

static void
kms_key_arns(void **state)
{
	const char *secret =
	    "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:a-AbCdEf";
	char buf[256];

	(void)state;
	assert_int_equal(arn_kms_key("arn:aws:kms:eu-west-1:123456789012:"
	    "key/1234abcd-12ab-34cd-56ef-1234567890ab", secret, buf,
	    sizeof buf), 0);
	assert_string_equal(buf, "arn:aws:kms:eu-west-1:123456789012:"
	    "key/1234abcd-12ab-34cd-56ef-1234567890ab");
	assert_int_equal(arn_kms_key("1234abcd-12ab-34cd-56ef-1234567890ab",
	    secret, buf, sizeof buf), 0);
	assert_string_equal(buf, "arn:aws-cn:kms:cn-north-1:123456789012:"
	    "key/1234abcd-12ab-34cd-56ef-1234567890ab");
	assert_int_equal(arn_kms_key("arn:aws:kms:eu-west-1:123456789012:"
	    "alias/ci", secret, buf, sizeof buf), -1);
	assert_int_equal(arn_kms_key("alias/ci", secret, buf, sizeof buf),
	    -1);
	assert_int_equal(arn_kms_key("arn:aws:s3:::bucket", secret, buf,
	    sizeof buf), -1);
	assert_int_equal(arn_kms_key("1234abcd-12ab-34cd-56ef-1234567890ab",
	    secret, buf, 20), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secret_arn_fields),
		cmocka_unit_test(secret_arn_rejections),
		cmocka_unit_test(generic_arn_empty_account),
		cmocka_unit_test(kms_key_arns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
