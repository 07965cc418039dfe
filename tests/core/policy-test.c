/* Tests for core/policy.c: the JSON editor, grants and form detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/parse.h"
#include "core/hcl/query.h"
#include "core/policy.h"

static const struct policy_statement get_secret = {
	"secretsmanager:GetSecretValue", "var.docker_hub_secret_arn", NULL,
};

/* Insert the statements into json and compare with want. */
static void
check_add(const char *json, const struct policy_statement *st, size_t n,
    const char *want)
{
	struct hc_error err;
	uint32_t offset;
	char *text, *out;
	size_t len = strlen(json);

	hc_error_init(&err);
	assert_int_equal(policy_json_add(json, len, "\n", st, n, &offset,
	    &text, &err), 0);
	out = malloc(len + strlen(text) + 1);
	assert_non_null(out);
	memcpy(out, json, offset);
	strcpy(out + offset, text);
	strcat(out, json + offset);
	assert_string_equal(out, want);
	free(out);
	free(text);
}

static void
json_copies_style(void **state)
{
	(void)state;
	/* Multi-line Action list, 2-space indentation. */
	check_add("{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
	    "      \"Action\": [\n        \"s3:*\"\n      ],\n"
	    "      \"Resource\": \"*\"\n    }\n  ]\n}\n", &get_secret, 1,
	    "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
	    "      \"Action\": [\n        \"s3:*\"\n      ],\n"
	    "      \"Resource\": \"*\"\n    },\n    {\n"
	    "      \"Effect\": \"Allow\",\n      \"Action\": [\n"
	    "        \"secretsmanager:GetSecretValue\"\n      ],\n"
	    "      \"Resource\": \"${var.docker_hub_secret_arn}\"\n    }\n"
	    "  ]\n}\n");
	/* String Action, compact separator, 4-space indentation, key
	 * order Action, Resource, Effect. */
	check_add("{\n    \"Statement\": [\n        {\n"
	    "            \"Action\":\"s3:*\",\n"
	    "            \"Resource\":[\"*\"],\n"
	    "            \"Effect\":\"Allow\"\n        }\n    ]\n}",
	    &get_secret, 1,
	    "{\n    \"Statement\": [\n        {\n"
	    "            \"Action\":\"s3:*\",\n"
	    "            \"Resource\":[\"*\"],\n"
	    "            \"Effect\":\"Allow\"\n        },\n        {\n"
	    "            \"Action\":\"secretsmanager:GetSecretValue\",\n"
	    "            \"Resource\":[\"${var.docker_hub_secret_arn}\"],\n"
	    "            \"Effect\":\"Allow\"\n        }\n    ]\n}");
	/* Tab indentation stays tabs. */
	check_add("{\n\t\"Statement\": [\n\t\t{\n\t\t\t\"Effect\": \"Allow\",\n"
	    "\t\t\t\"Action\": \"s3:*\",\n\t\t\t\"Resource\": \"*\"\n\t\t}\n"
	    "\t]\n}\n", &get_secret, 1,
	    "{\n\t\"Statement\": [\n\t\t{\n\t\t\t\"Effect\": \"Allow\",\n"
	    "\t\t\t\"Action\": \"s3:*\",\n\t\t\t\"Resource\": \"*\"\n\t\t},\n"
	    "\t\t{\n\t\t\t\"Effect\": \"Allow\",\n"
	    "\t\t\t\"Action\": \"secretsmanager:GetSecretValue\",\n"
	    "\t\t\t\"Resource\": \"${var.docker_hub_secret_arn}\"\n\t\t}\n"
	    "\t]\n}\n");
}

static void
json_kms_condition(void **state)
{
	const struct policy_statement st[2] = {
		{ "secretsmanager:GetSecretValue", "var.s", NULL },
		{ "kms:Decrypt", "var.k",
		    "secretsmanager.eu-west-1.amazonaws.com" },
	};

	(void)state;
	check_add("{\"Statement\": [\n  {\n    \"Effect\": \"Allow\",\n"
	    "    \"Action\": \"x:Y\",\n    \"Resource\": \"*\"\n  }\n]}",
	    st, 2,
	    "{\"Statement\": [\n  {\n    \"Effect\": \"Allow\",\n"
	    "    \"Action\": \"x:Y\",\n    \"Resource\": \"*\"\n  },\n  {\n"
	    "    \"Effect\": \"Allow\",\n"
	    "    \"Action\": \"secretsmanager:GetSecretValue\",\n"
	    "    \"Resource\": \"${var.s}\"\n  },\n  {\n"
	    "    \"Effect\": \"Allow\",\n    \"Action\": \"kms:Decrypt\",\n"
	    "    \"Resource\": \"${var.k}\",\n    \"Condition\": {\n"
	    "      \"StringEquals\": {\n        \"kms:ViaService\": "
	    "\"secretsmanager.eu-west-1.amazonaws.com\"\n      }\n    }\n"
	    "  }\n]}");
	/* Keys indented less than their brace: the Condition's inner
	 * lines would be indented by a negative amount, so they get
	 * none (the fuzzer found a memcpy of -1 bytes here). */
	check_add("{\"Statement\": [\n      {\n  \"Effect\": \"Allow\",\n"
	    "  \"Action\": \"x:Y\",\n  \"Resource\": \"*\"\n      }\n]}",
	    &st[1], 1,
	    "{\"Statement\": [\n      {\n  \"Effect\": \"Allow\",\n"
	    "  \"Action\": \"x:Y\",\n  \"Resource\": \"*\"\n      },\n"
	    "      {\n  \"Effect\": \"Allow\",\n  \"Action\": \"kms:Decrypt\",\n"
	    "  \"Resource\": \"${var.k}\",\n  \"Condition\": {\n"
	    "\"StringEquals\": {\n\"kms:ViaService\": "
	    "\"secretsmanager.eu-west-1.amazonaws.com\"\n}\n  }\n"
	    "      }\n]}");
	/* A tab then spaces before the brace: new lines start with the
	 * same bytes. */
	check_add("{\"Statement\": [\n\t  {\n\t    \"Effect\": \"Allow\",\n"
	    "\t    \"Action\": \"x:Y\",\n\t    \"Resource\": \"*\"\n\t  }\n]}",
	    st, 1,
	    "{\"Statement\": [\n\t  {\n\t    \"Effect\": \"Allow\",\n"
	    "\t    \"Action\": \"x:Y\",\n\t    \"Resource\": \"*\"\n\t  },\n"
	    "\t  {\n\t    \"Effect\": \"Allow\",\n"
	    "\t    \"Action\": \"secretsmanager:GetSecretValue\",\n"
	    "\t    \"Resource\": \"${var.s}\"\n\t  }\n]}");
}

static void
json_refuses_unreadable(void **state)
{
	struct hc_error err;
	uint32_t offset;
	char *text;
	const char *single = "{\"Statement\": {\"Effect\": \"Allow\"}}";

	(void)state;
	hc_error_init(&err);
	assert_int_equal(policy_json_add("not json", 8, "\n", &get_secret, 1,
	    &offset, &text, &err), -1);
	assert_int_equal(err.code, HC_ERR_UNSUPPORTED);
	hc_error_init(&err);
	assert_int_equal(policy_json_add(single, strlen(single), "\n",
	    &get_secret, 1, &offset, &text, &err), -1);
}

static void
json_grants(void **state)
{
	struct policy_query q = {
		.action = "secretsmanager:GetSecretValue",
		.var_ref = "var.docker_hub_secret_arn",
		.literal = "arn:aws:secretsmanager:eu-west-1:1:secret:ci/hub-AbCdEf",
	};
	const char *by_var = "{\"Statement\": [{\"Effect\": \"Allow\", "
	    "\"Action\": [\"secretsmanager:GetSecretValue\"], "
	    "\"Resource\": \"${ var.docker_hub_secret_arn }\"}]}";
	const char *wild = "{\"Statement\": {\"Effect\": \"Allow\", "
	    "\"Action\": \"secretsmanager:Get*\", \"Resource\": "
	    "\"arn:aws:secretsmanager:*:*:secret:ci/*\"}}";
	const char *deny = "{\"Statement\": [{\"Effect\": \"Deny\", "
	    "\"Action\": \"*\", \"Resource\": \"*\"}]}";
	const char *other = "{\"Statement\": [{\"Effect\": \"Allow\", "
	    "\"Action\": \"s3:GetObject\", \"Resource\": \"*\"}, "
	    "{\"Effect\": \"Allow\", \"Action\": \"${jsonencode(\"x\")}\", "
	    "\"Resource\": \"*\"}]}";

	(void)state;
	assert_true(policy_json_grants(by_var, strlen(by_var), &q));
	assert_true(policy_json_grants(wild, strlen(wild), &q));
	assert_false(policy_json_grants(deny, strlen(deny), &q));
	assert_false(policy_json_grants(other, strlen(other), &q));
	/* A credential given as a secret's name: a wildcard over the ci/
	 * names covers ci/hub, a statement for other actions does not. */
	q.var_ref = NULL;
	q.literal = NULL;
	q.name = "ci/hub";
	assert_true(policy_json_grants(wild, strlen(wild), &q));
	assert_false(policy_json_grants(other, strlen(other), &q));
	q.name = "team/hub";
	assert_false(policy_json_grants(wild, strlen(wild), &q));
}

static void
json_conditions(void **state)
{
	struct policy_query q = {
		.action = "secretsmanager:GetSecretValue",
		.var_ref = "var.docker_hub_secret_arn",
		.literal = "arn:aws:secretsmanager:eu-west-1:1:secret:ci/hub-AbCdEf",
	};
	struct policy_query kms = {
		.action = "kms:Decrypt",
		.var_ref = "var.docker_hub_kms_key_arn",
		.literal = "arn:aws:kms:eu-west-1:1:key/k",
	};
	const char *tagged = "{\"Statement\": [{\"Effect\": \"Allow\", "
	    "\"Action\": \"secretsmanager:GetSecretValue\", \"Resource\": "
	    "\"*\", \"Condition\": {\"StringEquals\": "
	    "{\"aws:ResourceTag/team\": \"payments\"}}}]}";
	const char *via = "{\"Statement\": [{\"Effect\": \"Allow\", "
	    "\"Action\": \"kms:Decrypt\", \"Resource\": "
	    "\"${var.docker_hub_kms_key_arn}\", \"Condition\": "
	    "{\"StringEquals\": {\"kms:viaservice\": "
	    "\"secretsmanager.eu-west-1.amazonaws.com\"}}}]}";
	const char *deny = "{\"Statement\": [{\"Effect\": \"Deny\", "
	    "\"Action\": \"secretsmanager:*\", \"Resource\": \"*\"}]}";
	const char *deny_http = "{\"Statement\": [{\"Effect\": \"Deny\", "
	    "\"Action\": \"*\", \"Resource\": \"*\", \"Condition\": "
	    "{\"Bool\": {\"aws:SecureTransport\": \"false\"}}}]}";

	(void)state;
	/* A tag condition may not hold: no grant. */
	assert_false(policy_json_grants(tagged, strlen(tagged), &q));
	/* kms:ViaService, as hubcred writes it, is met when Secrets
	 * Manager uses the key. */
	assert_true(policy_json_grants(via, strlen(via), &kms));
	/* policy_denies() looks for a Deny without a condition. */
	q.deny = 1;
	assert_true(policy_json_grants(deny, strlen(deny), &q));
	assert_false(policy_json_grants(deny_http, strlen(deny_http), &q));
	assert_false(policy_json_grants(tagged, strlen(tagged), &q));
	q.deny = 0;
	assert_false(policy_json_grants(deny, strlen(deny), &q));
}

static void
glob(void **state)
{
	(void)state;
	assert_true(policy_glob("*", 1, "anything", 0));
	assert_true(policy_glob("kms:*", 5, "KMS:Decrypt", 1));
	assert_false(policy_glob("kms:*", 5, "KMS:Decrypt", 0));
	assert_true(policy_glob("a?c*z", 5, "abcdz", 0));
	assert_false(policy_glob("a*b", 3, "acbd", 0));
}

static enum policy_form
form_of(const char *src, char *doc, size_t size)
{
	struct hcl_file *file;
	struct hc_error err;
	enum policy_form form;

	hc_error_init(&err);
	file = hcl_parse("t.tf", src, strlen(src), &err);
	assert_non_null(file);
	form = policy_form_of(file, hcl_body_attribute(file, &file->body,
	    "policy")->expr, doc, size);
	hcl_file_free(file);
	return form;
}

static void
forms(void **state)
{
	char doc[64];

	(void)state;
	assert_int_equal(form_of("policy = <<EOF\n{}\nEOF\n", doc, sizeof doc),
	    POLICY_FORM_HEREDOC_JSON);
	assert_int_equal(form_of("policy = jsonencode({ a = 1 })\n", doc,
	    sizeof doc), POLICY_FORM_JSONENCODE);
	assert_int_equal(form_of("policy = data.aws_iam_policy_document.x.json"
	    "\n", doc, sizeof doc), POLICY_FORM_DOCUMENT);
	assert_string_equal(doc, "x");
	assert_int_equal(form_of("policy = \"${data.aws_iam_policy_document.y"
	    ".json}\"\n", doc, sizeof doc), POLICY_FORM_DOCUMENT);
	assert_string_equal(doc, "y");
	assert_int_equal(form_of("policy = templatefile(\"p.tpl\", {})\n", doc,
	    sizeof doc), POLICY_FORM_TEMPLATE);
	assert_int_equal(form_of("policy = file(\"p.json\")\n", doc,
	    sizeof doc), POLICY_FORM_TEMPLATE);
	assert_int_equal(form_of("policy = \"{}\"\n", doc, sizeof doc),
	    POLICY_FORM_STRING);
	assert_int_equal(form_of("policy = local.p\n", doc, sizeof doc),
	    POLICY_FORM_OTHER);
	assert_false(policy_form_editable(POLICY_FORM_TEMPLATE));
	assert_true(policy_form_editable(POLICY_FORM_DOCUMENT));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_copies_style),
		cmocka_unit_test(json_kms_condition),
		cmocka_unit_test(json_refuses_unreadable),
		cmocka_unit_test(json_grants),
		cmocka_unit_test(json_conditions),
		cmocka_unit_test(glob),
		cmocka_unit_test(forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
