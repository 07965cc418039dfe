/*
 * Test driver for core/apply.c, run under tests/apply/faultshim.so.
 *
 *   apply-driver apply ROOT PATH OLD NEW [PATH OLD NEW ...]
 *   apply-driver check ROOT PATH OLD NEW [...]
 *   apply-driver undo ROOT
 *
 * OLD and NEW are files holding the plan's old and new text of PATH
 * (relative to ROOT); OLD "-" means the plan creates PATH. Prints what
 * was done on standard output, the error on standard error, and exits
 * with the status hubcred maps the error code to. With
 * HUBCRED_TEST_STATE_HOME set, the lock and journals go there instead of
 * ROOT/.hubcred.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/apply.h"

/* Whole content of path, read with stdio so the shim does not count it. */
static char *
slurp(const char *path, size_t *len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f, *mem;
	int c;

	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	mem = open_memstream(&buf, &size);
	while ((c = getc(f)) != EOF)
		putc(c, mem);
	fclose(f);
	fclose(mem);
	*len = size;
	return buf;
}

static int
fail(const struct hc_error *err)
{
	char text[2048];

	hc_error_format(err, text, sizeof text);
	fprintf(stderr, "%s\n", text);
	return hc_code_exit_status(err->code);
}

static int
plan_from_args(struct plan *plan, int argc, char **argv,
    struct hc_error *err)
{
	char *old, *new;
	size_t oldlen = 0, newlen, i;
	int rc;

	if (plan_init(plan, argv[2], err) < 0)
		return -1;
	for (i = 3; i + 2 < (size_t)argc; i += 3) {
		old = strcmp(argv[i + 1], "-") == 0 ? NULL :
		    slurp(argv[i + 1], &oldlen);
		new = slurp(argv[i + 2], &newlen);
		rc = plan_set_file(plan, argv[i], old, oldlen, new, newlen,
		    err);
		free(old);
		free(new);
		if (rc < 0)
			return -1;
	}
	plan->secret.action = PLAN_SECRET_CREATE;
	snprintf(plan->secret.name, sizeof plan->secret.name,
	    "codebuild/dockerhub");
	snprintf(plan->secret.region, sizeof plan->secret.region,
	    "eu-west-1");
	return 0;
}

int
main(int argc, char **argv)
{
	struct apply_options opts = { .secret_arn = "arn:aws:secretsmanager:"
	    "eu-west-1:123456789012:secret:codebuild/dockerhub-AbCdEf" };
	struct apply_result res;
	struct undo_result u;
	struct hc_error err;
	struct plan plan;
	int rc;

	hc_error_init(&err);
	if (getenv("HUBCRED_TEST_STATE_HOME") != NULL &&
	    apply_set_state_home(getenv("HUBCRED_TEST_STATE_HOME"),
	    &err) < 0)
		return fail(&err);
	if (argc == 3 && strcmp(argv[1], "undo") == 0) {
		if (apply_undo(argv[2], &u, &err) < 0)
			return fail(&err);
		printf("restored %zu deleted %zu unchanged %zu\n%s\n%s\n",
		    u.nrestored, u.ndeleted, u.nunchanged, u.secret_hint,
		    u.note);
		return 0;
	}
	if (argc < 6 || (argc - 3) % 3 != 0 || (strcmp(argv[1], "apply") != 0
	    && strcmp(argv[1], "check") != 0)) {
		fprintf(stderr, "usage: apply-driver apply|check ROOT PATH OLD "
		    "NEW [...] | undo ROOT\n");
		return 2;
	}
	if (plan_from_args(&plan, argc, argv, &err) < 0)
		return fail(&err);
	if (strcmp(argv[1], "check") == 0)
		rc = apply_check(&plan, &err);
	else
		rc = apply_plan(&plan, &opts, &res, &err);
	plan_done(&plan);
	if (rc < 0)
		return fail(&err);
	if (strcmp(argv[1], "apply") == 0)
		printf("written %zu created %zu already %zu\n%s\n",
		    res.nwritten, res.ncreated, res.nalready, res.note);
	return 0;
}
