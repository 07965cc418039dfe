/*
 * libFuzzer target for Terraform files in JSON syntax (.tf.json). The
 * input is written as main.tf.json into an empty folder, which is loaded
 * with tf_root_load(); then a setup of the first CodeBuild project found
 * is planned with tf_setup_plan(). Properties: no crash, leak or
 * out-of-bounds read; a load error is a parse or out-of-memory error
 * with a message; when the plan rewrites main.tf.json, the new text is a
 * JSON object, the original has no repeated key, and every key of every
 * object of the original is still there, in the same order, before any
 * key the setup added, with the same value unless the setup sets that
 * key.
 *
 * Build and run with tests/fuzz/run.sh tf-json SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/tf/project.h"
#include "core/tf/root.h"
#include "core/tf/setup.h"

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);	\
		abort();						\
	}								\
} while (0)

#define ARN "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf"

/* Keys whose values a setup may change. */
static const char *const edited_keys[] = {
	"image_pull_credentials_type", "registry_credential", "credential",
	"credential_provider", "policy", "statement", "Statement", "default",
	"value", NULL,
};

static char dir[128];
static char file[160];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

/* The folder goes below $TMPDIR, which run.sh sets to its own folder on
 * /dev/shm (tmpfs) when there is one: rewriting a file on a disk costs
 * milliseconds. A crash leaves the folder to run.sh to remove. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");

	(void)argc;
	(void)argv;
	snprintf(dir, sizeof dir, "%s/tf-json-fuzz.XXXXXX",
	    tmp != NULL && *tmp != '\0' && strlen(tmp) < 100 ? tmp : "/tmp");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(file, sizeof file, "%s/main.tf.json", dir);
	atexit(cleanup);
	return 0;
}

static int
is_edited(const char *key)
{
	size_t i;

	for (i = 0; edited_keys[i] != NULL; i++) {
		if (strcmp(key, edited_keys[i]) == 0)
			return 1;
	}
	return 0;
}

/* Check that after keeps the keys of before in order, recursively. */
static void
check_kept(json_t *before, json_t *after)
{
	const char *key;
	json_t *value;
	void *it;
	size_t i;

	if (json_is_array(before) && json_is_array(after)) {
		for (i = 0; i < json_array_size(before) &&
		    i < json_array_size(after); i++)
			check_kept(json_array_get(before, i),
			    json_array_get(after, i));
		return;
	}
	if (!json_is_object(before))
		return;
	CHECK(json_is_object(after));
	it = json_object_iter(after);
	json_object_foreach(before, key, value) {
		/* Keys the setup added come after all the old ones. */
		CHECK(it != NULL);
		CHECK(strcmp(json_object_iter_key(it), key) == 0);
		if (is_edited(key))
			check_kept(value, json_object_iter_value(it));
		else if (json_is_object(value) || json_is_array(value))
			check_kept(value, json_object_iter_value(it));
		else
			CHECK(json_equal(value, json_object_iter_value(it)));
		it = json_object_iter_next(after, it);
	}
}

static void
check_plan(const struct plan *plan, const uint8_t *data, size_t size)
{
	const struct plan_file *f = plan_find(plan, "main.tf.json");
	json_t *before, *after;

	if (f == NULL)
		return;
	CHECK(f->old_text != NULL);
	CHECK(f->old_len == size);
	CHECK(memcmp(f->old_text, data, size) == 0);
	/* A repeated key, which HCL's JSON syntax allows, would lose all
	 * but its last value in the rewrite. */
	before = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES,
	    NULL);
	after = json_loadb(f->new_text, f->new_len, 0, NULL);
	CHECK(before != NULL);
	CHECK(after != NULL);
	CHECK(json_is_object(after));
	check_kept(before, after);
	json_decref(before);
	json_decref(after);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tf_setup_request req;
	struct tf_root *root;
	struct hc_error err;
	struct plan plan;
	FILE *fp;

	fp = fopen(file, "wb");
	CHECK(fp != NULL);
	CHECK(fwrite(data, 1, size, fp) == size);
	CHECK(fclose(fp) == 0);
	hc_error_init(&err);
	root = tf_root_load(dir, &err);
	if (root == NULL) {
		CHECK(err.code == HC_ERR_PARSE || err.code == HC_ERR_NOMEM ||
		    err.code == HC_ERR_INPUT);
		CHECK(err.message[0] != '\0');
		return 0;
	}
	CHECK(!hc_error_is_set(&err));
	if (root->nprojects > 0) {
		CHECK(plan_init(&plan, dir, &err) == 0);
		memset(&req, 0, sizeof req);
		req.project = root->projects[0].address;
		req.secret_arn = ARN;
		if (tf_setup_plan(root, &req, &plan, &err) == 0)
			check_plan(&plan, data, size);
		else
			CHECK(err.message[0] != '\0');
		plan_done(&plan);
	}
	tf_root_free(root);
	return 0;
}
