/* Tests for core/alloc.c: wiping wrappers and their installation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/alloc.h"

#define CURL_FIRST_MODE "--curl-first"

/* What the free hook saw since the last reset. */
static struct {
	int calls;
	int not_wiped;
	const void *watched;
	size_t watched_wiped;
	int watched_seen;
} seen;

static int install_rc;
static struct hc_error install_err;

static void
record_free(const void *ptr, size_t wiped)
{
	const unsigned char *p = ptr;
	size_t i;

	seen.calls++;
	for (i = 0; i < wiped; i++) {
		if (p[i] != 0) {
			seen.not_wiped++;
			break;
		}
	}
	if (ptr == seen.watched) {
		seen.watched_seen = 1;
		seen.watched_wiped = wiped;
	}
}

static int
hook_setup(void **state)
{
	(void)state;
	memset(&seen, 0, sizeof seen);
	hc_alloc_set_free_hook(record_free);
	return 0;
}

static int
hook_teardown(void **state)
{
	(void)state;
	hc_alloc_set_free_hook(NULL);
	return 0;
}

static void
test_free_wipes(void **state)
{
	unsigned char *p;

	(void)state;
	p = hc_alloc_malloc(100);
	assert_non_null(p);
	memset(p, 0xaa, 100);
	seen.watched = p;
	hc_alloc_free(p);
	assert_true(seen.watched_seen);
	assert_true(seen.watched_wiped >= 100);
	assert_int_equal(seen.not_wiped, 0);

	seen.calls = 0;
	hc_alloc_free(NULL);
	assert_int_equal(seen.calls, 0);
}

static void
test_realloc_moves_and_wipes(void **state)
{
	char *p, *q;
	size_t i;

	(void)state;
	p = hc_alloc_malloc(16);
	assert_non_null(p);
	memcpy(p, "secret-in-block", 16);
	seen.watched = p;
	q = hc_alloc_realloc(p, 8192);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	assert_string_equal(q, "secret-in-block");
	assert_true(seen.watched_seen);
	assert_int_equal(seen.not_wiped, 0);

	/* Shrinking, or growing within the block, stays in place. */
	for (i = 16; i < 8192; i++)
		q[i] = 'x';
	assert_ptr_equal(hc_alloc_realloc(q, 32), q);
	assert_ptr_equal(hc_alloc_realloc(q, 8192), q);
	assert_string_equal(hc_alloc_realloc(q, 1), "secret-in-block");

	seen.watched = q;
	seen.watched_seen = 0;
	assert_null(hc_alloc_realloc(q, 0));
	assert_true(seen.watched_seen);
	assert_true(seen.watched_wiped >= 8192);
	assert_int_equal(seen.not_wiped, 0);

	p = hc_alloc_realloc(NULL, 10);
	assert_non_null(p);
	hc_alloc_free(p);
}

static void
test_strdup_calloc(void **state)
{
	char *s;
	unsigned char *z;
	size_t i;

	(void)state;
	s = hc_alloc_strdup("dup-me");
	assert_string_equal(s, "dup-me");
	seen.watched = s;
	hc_alloc_free(s);
	assert_true(seen.watched_seen);

	z = hc_alloc_calloc(10, 10);
	assert_non_null(z);
	for (i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	hc_alloc_free(z);
	assert_int_equal(seen.not_wiped, 0);
}

static void
test_install_succeeded(void **state)
{
	json_malloc_t jm;
	json_free_t jf;

	(void)state;
	if (install_rc != 0)
		fail_msg("hc_alloc_install: %s", install_err.message);
	json_get_alloc_funcs(&jm, &jf);
	assert_ptr_equal(jm, hc_alloc_malloc);
	assert_ptr_equal(jf, hc_alloc_free);

	/* A second call is harmless. */
	assert_int_equal(hc_alloc_install(NULL), 0);
}

static void
test_jansson_frees_through_wrapper(void **state)
{
	json_t *s;

	(void)state;
	s = json_string("jansson-held-canary");
	assert_non_null(s);
	seen.watched = json_string_value(s);
	json_decref(s);
	assert_true(seen.watched_seen);
	assert_true(seen.watched_wiped >= sizeof "jansson-held-canary");
	assert_int_equal(seen.not_wiped, 0);
}

static void
test_curl_frees_through_wrapper(void **state)
{
	struct curl_slist *list;
	char *escaped;

	(void)state;
	escaped = curl_easy_escape(NULL, "curl held canary", 0);
	assert_non_null(escaped);
	seen.watched = escaped;
	curl_free(escaped);
	assert_true(seen.watched_seen);

	/* Header lists carry the Authorization and token headers. */
	list = curl_slist_append(NULL, "Authorization: Bearer canary");
	assert_non_null(list);
	seen.watched = list->data;
	seen.watched_seen = 0;
	curl_slist_free_all(list);
	assert_true(seen.watched_seen);
	assert_int_equal(seen.not_wiped, 0);
}

static void
test_openssl_frees_through_wrapper(void **state)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int digest_len;
	EVP_MD_CTX *ctx;
	void *p;

	(void)state;
	p = OPENSSL_malloc(64);
	assert_non_null(p);
	seen.watched = p;
	OPENSSL_free(p);
	assert_true(seen.watched_seen);

	/* Digest state is allocated inside OpenSSL and freed through us. */
	seen.calls = 0;
	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha256(), NULL), 1);
	assert_int_equal(EVP_DigestUpdate(ctx, "key material", 12), 1);
	assert_int_equal(EVP_DigestFinal_ex(ctx, digest, &digest_len), 1);
	EVP_MD_CTX_free(ctx);
	assert_true(seen.calls >= 2);
	assert_int_equal(seen.not_wiped, 0);
}

/* Runs in a fresh process: libcurl initialised before the install. */
static int
curl_first_child(void)
{
	struct hc_error err;

	hc_error_init(&err);
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK)
		return 3;
	if (hc_alloc_install(&err) != -1)
		return 4;
	if (err.code != HC_ERR_INTERNAL || strstr(err.message, "allocators")
	    == NULL)
		return 5;
	return 0;
}

static void
test_install_too_late_fails(void **state)
{
	char *argv[] = {"alloc-test", CURL_FIRST_MODE, NULL};
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_succeeded),
		cmocka_unit_test_setup_teardown(test_free_wipes, hook_setup,
		    hook_teardown),
		cmocka_unit_test_setup_teardown(test_realloc_moves_and_wipes,
		    hook_setup, hook_teardown),
		cmocka_unit_test_setup_teardown(test_strdup_calloc,
		    hook_setup, hook_teardown),
		cmocka_unit_test_setup_teardown(
		    test_jansson_frees_through_wrapper, hook_setup,
		    hook_teardown),
		cmocka_unit_test_setup_teardown(
		    test_curl_frees_through_wrapper, hook_setup,
		    hook_teardown),
		cmocka_unit_test_setup_teardown(
		    test_openssl_frees_through_wrapper, hook_setup,
		    hook_teardown),
		cmocka_unit_test(test_install_too_late_fails),
	};
	int rc;

	if (argc == 2 && strcmp(argv[1], CURL_FIRST_MODE) == 0)
		return curl_first_child();

	/* First thing, as hubcred's main() must do. */
	hc_error_init(&install_err);
	install_rc = hc_alloc_install(&install_err);

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	hc_alloc_cleanup();
	return rc;
}
