/*
 * Command line over core/aws/ for the integration tests against
 * tests/fakes/aws_fake.py. Secret values come from standard input, never
 * from argv. Log lines go to standard error with the prefix "log: ",
 * then errors as hc_error_format() prints them. The exit status is the
 * error code's.
 *
 * usage: aws-client identity
 *        aws-client create NAME [KMS_KEY_ID] < value
 *        aws-client put SECRET_ID < value
 *        aws-client store NAME < value    (create, or put if it exists)
 *        aws-client describe SECRET_ID
 *        aws-client list [NAME_PREFIX]
 *        aws-client projects NAME...
 *
 * Test knobs: HC_TEST_TIMEOUT_MS, HC_TEST_BACKOFF_MS, HC_TEST_ATTEMPTS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/aws/codebuild.h"
#include "core/aws/config.h"
#include "core/aws/secretsmanager.h"
#include "core/aws/sts.h"
#include "core/log.h"
#include "core/secret.h"

static void
log_stderr(enum hc_log_level level, const char *module, const char *message,
    void *data)
{
	(void)level;
	(void)data;
	fprintf(stderr, "log: %s: %s\n", module, message);
}

static struct hc_secret *
read_value(struct hc_error *err)
{
	struct hc_secret *value;
	char chunk[256];
	ssize_t n;

	value = hc_secret_new(0, err);
	while (value != NULL && (n = read(0, chunk, sizeof(chunk))) > 0) {
		if (hc_secret_append(value, chunk, (size_t)n, err) < 0) {
			hc_secret_free(value);
			value = NULL;
		}
	}
	memset(chunk, 0, sizeof(chunk));
	return value;
}

static void
print_ref(const struct aws_secret_ref *ref)
{
	printf("arn %s\nname %s\nversion %s\nkms %s\n", ref->arn,
	    ref->name ? ref->name : "-",
	    ref->version_id ? ref->version_id : "-",
	    ref->kms_key_id ? ref->kms_key_id : "-");
}

static long
knob(const char *name, long dflt)
{
	const char *v = getenv(name);

	return v != NULL ? strtol(v, NULL, 10) : dflt;
}

static int
write_secret(struct aws_config *cfg, const char *cmd, int argc,
    char **argv, struct hc_error *err)
{
	struct aws_secret_ref ref = { 0 };
	struct hc_secret *value;
	int rc = -1;

	if (argc < 3)
		return -1;
	value = read_value(err);
	if (value == NULL)
		return -1;
	if (strcmp(cmd, "put") == 0) {
		rc = aws_secretsmanager_put_secret_value(cfg, argv[2], value,
		    &ref, err);
	} else {
		rc = aws_secretsmanager_create_secret(cfg, argv[2], value,
		    argc > 3 ? argv[3] : NULL, &ref, err);
		/* For "store", a secret of that name exists because an
		 * earlier run stopped after creating it, so put the value. */
		if (rc < 0 && strcmp(cmd, "store") == 0 &&
		    strcmp(err->remote_code, "ResourceExistsException") == 0) {
			printf("exists, putting a new value\n");
			hc_error_init(err);
			rc = aws_secretsmanager_put_secret_value(cfg, argv[2],
			    value, &ref, err);
		}
	}
	if (rc == 0)
		print_ref(&ref);
	aws_secretsmanager_ref_done(&ref);
	hc_secret_free(value);
	return rc;
}

static int
projects(struct aws_config *cfg, int argc, char **argv,
    struct hc_error *err)
{
	struct aws_codebuild_projects out;
	struct aws_codebuild_project *p;
	size_t i;
	int rc;

	rc = aws_codebuild_batch_get_projects(cfg, (const char *const *)argv +
	    2, (size_t)argc - 2, &out, err);
	for (i = 0; rc == 0 && i < out.n; i++) {
		p = &out.items[i];
		printf("project %s image %s pull %s credential %s provider %s "
		    "role %s\n", p->name, p->image ? p->image : "-",
		    p->image_pull_credentials_type ?
		    p->image_pull_credentials_type : "-",
		    p->registry_credential ? p->registry_credential : "-",
		    p->registry_credential_provider ?
		    p->registry_credential_provider : "-",
		    p->service_role ? p->service_role : "-");
	}
	for (i = 0; rc == 0 && i < out.n_not_found; i++)
		printf("not found %s\n", out.not_found[i]);
	aws_codebuild_projects_done(&out);
	return rc;
}

static int
run(struct aws_config *cfg, int argc, char **argv, struct hc_error *err)
{
	struct aws_secret_ref ref = { 0 };
	struct aws_secret_list list = { 0 };
	struct aws_identity id;
	const char *cmd = argv[1];
	size_t i;
	int rc = -1;

	if (strcmp(cmd, "identity") == 0) {
		rc = aws_sts_get_caller_identity(cfg, &id, err);
		if (rc == 0)
			printf("account %s\narn %s\nuser %s\n", id.account,
			    id.arn, id.user_id);
	} else if (strcmp(cmd, "create") == 0 || strcmp(cmd, "put") == 0 ||
	    strcmp(cmd, "store") == 0) {
		rc = write_secret(cfg, cmd, argc, argv, err);
	} else if (strcmp(cmd, "describe") == 0 && argc > 2) {
		rc = aws_secretsmanager_describe_secret(cfg, argv[2], &ref,
		    err);
		if (rc == 0)
			print_ref(&ref);
		aws_secretsmanager_ref_done(&ref);
	} else if (strcmp(cmd, "list") == 0) {
		rc = aws_secretsmanager_list_secrets(cfg,
		    argc > 2 ? argv[2] : NULL, &list, err);
		for (i = 0; rc == 0 && i < list.n; i++)
			printf("%s %s\n", list.items[i].name,
			    list.items[i].arn);
		aws_secretsmanager_list_done(&list);
	} else if (strcmp(cmd, "projects") == 0 && argc > 2) {
		rc = projects(cfg, argc, argv, err);
	} else if (strcmp(cmd, "list-projects") == 0) {
		struct aws_codebuild_names names;

		rc = aws_codebuild_list_projects(cfg, &names, err);
		for (i = 0; rc == 0 && i < names.n; i++)
			printf("%s\n", names.names[i]);
		if (rc == 0)
			aws_codebuild_names_done(&names);
	} else {
		hc_error_set(err, HC_ERR_USAGE, "unknown command %s", cmd);
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct aws_config cfg;
	struct hc_error err;
	char text[2048];
	int rc;

	hc_error_init(&err);
	if (argc < 2) {
		fprintf(stderr, "usage: aws-client COMMAND [ARGS]\n");
		return 2;
	}
	if (hc_alloc_install(&err) < 0 || hc_secret_library_init(&err) < 0)
		goto fail;
	hc_log_set_handler(log_stderr, NULL, HC_LOG_DEBUG);
	aws_config_init(&cfg);
	cfg.timeout_ms = knob("HC_TEST_TIMEOUT_MS", cfg.timeout_ms);
	cfg.backoff_base_ms = knob("HC_TEST_BACKOFF_MS", cfg.backoff_base_ms);
	cfg.max_attempts = (int)knob("HC_TEST_ATTEMPTS", cfg.max_attempts);
	rc = aws_config_load(&cfg, NULL, &err);
	if (rc == 0)
		rc = run(&cfg, argc, argv, &err);
	aws_config_done(&cfg);
	hc_alloc_cleanup();
	if (rc == 0)
		return 0;
fail:
	hc_error_format(&err, text, sizeof(text));
	fprintf(stderr, "error: %s\n", text);
	return hc_code_exit_status(err.code ? err.code : HC_ERR_INTERNAL);
}
