/*
 * Out of memory at every allocation: run answers_parse(), tf_root_load()
 * and the replay's flow (scan, choices, flow_build_plan) on
 * examples/classic with a malloc that fails at its Nth call, for N = 1
 * up to the number of calls a whole run makes. Each run must end without
 * a crash, either succeeding (a library recovered) or failing with an
 * error that has a code and a message. Blocks a run leaves allocated are
 * printed but do not fail the test yet (docs/TESTING.md lists them).
 *
 *   oom-test EXAMPLE-ROOT
 *
 * malloc, calloc, realloc and free are replaced in this program (and so
 * in every library it loads) by wrappers around glibc's __libc_*
 * functions that count calls and live blocks. Not built with sanitizers,
 * which replace malloc themselves.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/answers.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/tf/root.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t nmemb, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *ptr);

static unsigned long calls;	/* allocation calls since reset */
static unsigned long fail_at;	/* 0: never fail */
static long live;		/* blocks allocated and not freed */
static unsigned long failed;	/* calls that failed on purpose */

/*
 * Whether the caller (a return address) is libgit2, which crashes on
 * some of its own allocation failures (libgit2 1.5,
 * git_repository_open_ext): its calls are counted but never failed.
 */
static int
in_libgit2(const void *caller)
{
	Dl_info info;

	return dladdr(caller, &info) != 0 && info.dli_fname != NULL &&
	    strstr(info.dli_fname, "libgit2") != NULL;
}

#define should_fail() should_fail_from(__builtin_return_address(0))

static int
should_fail_from(const void *caller)
{
	calls++;
	if (fail_at != 0 && calls == fail_at && !in_libgit2(caller)) {
		failed++;
		return 1;
	}
	return 0;
}

void *
malloc(size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	p = __libc_malloc(size);
	if (p != NULL)
		live++;
	return p;
}

void *
calloc(size_t nmemb, size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	p = __libc_calloc(nmemb, size);
	if (p != NULL)
		live++;
	return p;
}

void *
realloc(void *ptr, size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	p = __libc_realloc(ptr, size);
	if (ptr == NULL && p != NULL)
		live++;
	else if (ptr != NULL && size == 0 && p == NULL)
		live--;
	return p;
}

void *
aligned_alloc(size_t alignment, size_t size)
{
	void *p;

	if (should_fail())
		return NULL;
	p = __libc_memalign(alignment, size);
	if (p != NULL)
		live++;
	return p;
}

int
posix_memalign(void **out, size_t alignment, size_t size)
{
	void *p;

	if (should_fail())
		return 12;	/* ENOMEM */
	p = __libc_memalign(alignment, size);
	if (p == NULL)
		return 12;
	live++;
	*out = p;
	return 0;
}

void
free(void *ptr)
{
	if (ptr != NULL)
		live--;
	__libc_free(ptr);
}

static const char answers_text[] =
    "{\"hubcred_answers\": 1,"
    " \"project\": \"aws_codebuild_project.builder\","
    " \"secret\": {\"action\": \"use\", \"arn\":"
    " \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/hub-Ab12Cd\"},"
    " \"variable\": \"docker_hub_secret_arn\","
    " \"tfvars\": \"terraform.tfvars\","
    " \"policy\": \"aws_iam_role_policy.codebuild\","
    " \"hunks\": [\"h1\"]}";

static const char *root_dir;

static int
run_answers(struct hc_error *err)
{
	struct answers a;
	int rc;

	answers_init(&a);
	rc = answers_parse("answers.json", answers_text,
	    sizeof answers_text - 1, &a, err);
	answers_done(&a);
	return rc;
}

static int
run_root(struct hc_error *err)
{
	struct tf_root *root = tf_root_load(root_dir, err);

	if (root == NULL)
		return -1;
	tf_root_free(root);
	return 0;
}

static int
run_flow(struct hc_error *err)
{
	struct flow_options options = { root_dir, NULL, 1 };
	struct flow *flow;
	int rc = -1;

	flow = flow_new(&options, err);
	if (flow == NULL)
		return -1;
	if (flow_scan(flow, err) < 0 ||
	    flow_choose_project(flow, "aws_codebuild_project.builder", NULL,
	    err) < 0 ||
	    flow_choose_secret_use(flow, "arn:aws:secretsmanager:eu-west-1:"
	    "123456789012:secret:ci/hub-Ab12Cd", NULL, err) < 0 ||
	    flow_choose_variable(flow, "docker_hub_secret_arn", err) < 0 ||
	    flow_choose_policy(flow, "aws_iam_role_policy.codebuild",
	    err) < 0 ||
	    flow_choose_tfvars(flow, "terraform.tfvars", err) < 0 ||
	    flow_build_plan(flow, err) < 0)
		goto out;
	rc = flow_plan(flow) != NULL ? 0 : -1;
	if (rc < 0)
		hc_error_set(err, HC_ERR_INTERNAL, "no plan after a build");
out:
	flow_free(flow);
	return rc;
}

/* Run stage with the Nth allocation failing, for every N; return the
 * number of problems. */
static int
check_stage(const char *name, int (*stage)(struct hc_error *))
{
	struct hc_error err;
	unsigned long total, n, nomem = 0, other = 0, recovered = 0;
	unsigned long leaks = 0;
	long before, baseline;
	int problems = 0, rc;

	/* Twice without failures: the first warms up libraries' caches,
	 * the second counts the calls and the blocks a run keeps. */
	for (n = 0; n < 2; n++) {
		hc_error_init(&err);
		fail_at = 0;
		calls = 0;
		before = live;
		if (stage(&err) < 0) {
			fprintf(stderr, "%s: fails without a fault: %s\n",
			    name, err.message);
			return 1;
		}
		baseline = live - before;
	}
	total = calls;
	for (n = 1; n <= total; n++) {
		hc_error_init(&err);
		calls = 0;
		failed = 0;
		fail_at = n;
		before = live;
		rc = stage(&err);
		fail_at = 0;
		if (failed == 0) {
			/* Fewer calls this time: a cache. Nothing failed. */
			continue;
		}
		if (rc < 0) {
			if (!hc_error_is_set(&err) || err.message[0] == '\0') {
				fprintf(stderr, "%s: allocation %lu: failed "
				    "without an error message\n", name, n);
				problems++;
			}
			if (err.code == HC_ERR_NOMEM)
				nomem++;
			else
				other++;
		} else {
			recovered++;
		}
		if (live - before != baseline) {
			/* Reported, not failed: see docs/TESTING.md. */
			printf("%s: allocation %lu: %ld blocks leaked (%s)\n",
			    name, n, live - before - baseline,
			    rc < 0 ? err.message : "succeeded");
			leaks++;
		}
	}
	printf("%s: %lu allocations; failing each: %lu out of memory, "
	    "%lu other errors, %lu recovered, %lu leaking; %d problems\n",
	    name, total, nomem, other, recovered, leaks, problems);
	return problems;
}

int
main(int argc, char **argv)
{
	int problems = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: oom-test EXAMPLE-ROOT\n");
		return 2;
	}
	root_dir = argv[1];
	problems += check_stage("answers_parse", run_answers);
	problems += check_stage("tf_root_load", run_root);
	problems += check_stage("flow_build_plan", run_flow);
	printf("%d problems\n", problems);
	return problems == 0 ? 0 : 1;
}
