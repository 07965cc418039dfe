/* Tests for core/secret.c: contents, windows, environment, fingerprints. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "core/secret.h"

#define TAKE_ENV_MODE "--take-env-child"
#define TAKE_ENV_REPLACED_MODE "--take-env-replaced-child"
#define TAKE_ENV_UNSET_MODE "--take-env-unset-child"
#define REPLACED_VALUE "replaced-value"
#define TAKE_ENV_NAME "HUBCRED_TEST_TOKEN"
#define TAKE_ENV_CANARY "hcCanary-7f3a9e1c-take-env"

/* Exit codes of the re-executed take_env child. */
enum {
	CHILD_OK,
	CHILD_NOT_IN_ENVIRON_BEFORE = 10,
	CHILD_TAKE_FAILED,
	CHILD_WRONG_VALUE,
	CHILD_STILL_IN_ENVIRON,
	CHILD_STILL_IN_GETENV,
	CHILD_CANNOT_READ_ENVIRON,
	CHILD_SETENV_FAILED,
};

static struct hc_secret *
secret_from_string(const char *s)
{
	struct hc_error err;
	struct hc_secret *secret;

	hc_error_init(&err);
	secret = hc_secret_new_from(s, strlen(s), &err);
	assert_non_null(secret);
	assert_int_equal(err.code, HC_ERR_OK);
	return secret;
}

static void
assert_secret_is(struct hc_secret *secret, const char *expected)
{
	const char *bytes;

	assert_int_equal(hc_secret_len(secret), strlen(expected));
	bytes = hc_secret_open(secret);
	assert_memory_equal(bytes, expected, strlen(expected) + 1);
	hc_secret_close(secret);
}

static void
test_append_len_clear(void **state)
{
	struct hc_error err;
	struct hc_secret *secret;

	(void)state;
	hc_error_init(&err);
	secret = hc_secret_new(0, &err);
	assert_non_null(secret);
	assert_int_equal(hc_secret_len(secret), 0);
	assert_secret_is(secret, "");

	assert_int_equal(hc_secret_append(secret, "dckr_", 5, &err), 0);
	assert_int_equal(hc_secret_append(secret, "pat_x", 5, &err), 0);
	assert_secret_is(secret, "dckr_pat_x");

	hc_secret_clear(secret);
	assert_int_equal(hc_secret_len(secret), 0);
	assert_secret_is(secret, "");
	assert_int_equal(hc_secret_append(secret, "y", 1, &err), 0);
	assert_secret_is(secret, "y");
	hc_secret_free(secret);
	hc_secret_free(NULL);
}

static void
test_binary_safe(void **state)
{
	static const char bytes[] = {'a', '\0', 'b', '\0'};
	struct hc_secret *secret;
	const char *p;

	(void)state;
	secret = hc_secret_new_from(bytes, sizeof bytes, NULL);
	assert_non_null(secret);
	assert_int_equal(hc_secret_len(secret), 4);
	p = hc_secret_open(secret);
	assert_memory_equal(p, bytes, sizeof bytes);
	assert_int_equal(p[4], '\0');
	hc_secret_close(secret);
	hc_secret_free(secret);
}

static void
test_growth_keeps_contents(void **state)
{
	struct hc_error err;
	struct hc_secret *secret;
	char expected[5001];
	size_t i;

	(void)state;
	hc_error_init(&err);
	secret = hc_secret_new(0, &err);
	assert_non_null(secret);
	for (i = 0; i < 5000; i++) {
		char c = (char)('a' + i % 26);

		expected[i] = c;
		assert_int_equal(hc_secret_append(secret, &c, 1, &err), 0);
	}
	expected[5000] = '\0';
	assert_secret_is(secret, expected);
	assert_true(hc_secret_size(secret) >= 5000);
	hc_secret_free(secret);
}

static void
test_capacity_limits(void **state)
{
	struct hc_error err;
	struct hc_secret *secret;
	char *big;

	(void)state;
	hc_error_init(&err);
	secret = hc_secret_new(4, &err);
	assert_non_null(secret);
	assert_int_equal(hc_secret_append(secret, "abcd", 4, &err), 0);
	assert_int_equal(hc_secret_append(secret, "e", 1, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_secret_is(secret, "abcd");
	hc_secret_free(secret);

	hc_error_init(&err);
	assert_null(hc_secret_new(HC_SECRET_MAX + 1, &err));
	assert_int_equal(err.code, HC_ERR_INPUT);

	/* Pasting more than the maximum stops at the maximum. */
	big = calloc(1, HC_SECRET_MAX + 1);
	assert_non_null(big);
	memset(big, 'x', HC_SECRET_MAX + 1);
	secret = hc_secret_new(0, NULL);
	assert_non_null(secret);
	hc_error_init(&err);
	assert_int_equal(hc_secret_append(secret, big, HC_SECRET_MAX, &err),
	    0);
	assert_int_equal(hc_secret_append(secret, big, 1, &err), -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	assert_int_equal(hc_secret_len(secret), HC_SECRET_MAX);
	hc_secret_free(secret);

	hc_error_init(&err);
	assert_null(hc_secret_new_from(big, HC_SECRET_MAX + 1, &err));
	assert_int_equal(err.code, HC_ERR_INPUT);
	free(big);
}

static void
test_pop_char_utf8(void **state)
{
	struct hc_secret *secret;

	(void)state;
	/* a, e-acute (2 bytes), euro (3 bytes), grinning face (4 bytes) */
	secret = secret_from_string("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "a\xc3\xa9\xe2\x82\xac");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "a\xc3\xa9");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "a");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "");
	hc_secret_free(secret);

	/* Malformed tails lose one byte at a time. */
	secret = secret_from_string("ab\x80\x80");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "ab\x80");
	hc_secret_free(secret);
	secret = secret_from_string("a\xe2\x82");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "a\xe2");
	hc_secret_pop_char(secret);
	assert_secret_is(secret, "a");
	hc_secret_free(secret);
}

static void
test_pop_wipes_removed_bytes(void **state)
{
	struct hc_secret *secret;
	const char *p;

	(void)state;
	secret = secret_from_string("xyz\xe2\x82\xac");
	hc_secret_pop_char(secret);
	p = hc_secret_open(secret);
	assert_memory_equal(p, "xyz\0\0\0\0", 7);
	hc_secret_close(secret);
	hc_secret_free(secret);
}

static void
test_equal(void **state)
{
	struct hc_secret *a, *b, *c, *d;

	(void)state;
	a = secret_from_string("token-one");
	b = secret_from_string("token-one");
	c = secret_from_string("token-two");
	d = secret_from_string("token-one-and-more");
	assert_true(hc_secret_equal(a, b));
	assert_true(hc_secret_equal(a, a));
	assert_false(hc_secret_equal(a, c));
	assert_false(hc_secret_equal(a, d));
	assert_false(hc_secret_equal(d, a));
	assert_false(hc_secret_equal(a, NULL));
	assert_true(hc_secret_equal(NULL, NULL));

	/* Equality leaves the secrets closed and intact. */
	assert_secret_is(a, "token-one");
	hc_secret_free(a);
	hc_secret_free(b);
	hc_secret_free(c);
	hc_secret_free(d);
}

static void
test_fill_in_place(void **state)
{
	struct hc_error err;
	struct hc_secret *secret;
	char *p;

	(void)state;
	hc_error_init(&err);
	secret = hc_secret_new(0, &err);
	assert_int_equal(hc_secret_reserve(secret, 300, &err), 0);
	assert_true(hc_secret_size(secret) >= 300);
	p = hc_secret_open_rw(secret);
	memset(p, 'k', 300);
	assert_int_equal(hc_secret_set_len(secret, 10, &err), 0);
	hc_secret_close(secret);
	assert_secret_is(secret, "kkkkkkkkkk");
	p = hc_secret_open_rw(secret);
	assert_int_equal(p[11], '\0');
	assert_int_equal(p[299], '\0');
	hc_secret_close(secret);

	assert_int_equal(hc_secret_set_len(secret, hc_secret_size(secret) + 1,
	    &err), -1);
	assert_int_equal(err.code, HC_ERR_INTERNAL);
	hc_error_init(&err);
	assert_int_equal(hc_secret_reserve(secret, HC_SECRET_MAX + 1, &err),
	    -1);
	assert_int_equal(err.code, HC_ERR_INPUT);
	hc_secret_free(secret);
}

static void
test_no_growth_inside_window(void **state)
{
	struct hc_error err;
	struct hc_secret *secret;
	char fill[200];
	const char *p;

	(void)state;
	memset(fill, 'z', sizeof fill);
	hc_error_init(&err);
	secret = hc_secret_new(0, &err);
	p = hc_secret_open(secret);
	assert_int_equal(hc_secret_append(secret, "ab", 2, &err), 0);
	assert_string_equal(p, "ab");
	assert_int_equal(hc_secret_append(secret, fill, sizeof fill, &err),
	    -1);
	assert_int_equal(err.code, HC_ERR_INTERNAL);
	hc_secret_close(secret);
	hc_error_init(&err);
	assert_int_equal(hc_secret_append(secret, fill, sizeof fill, &err),
	    0);
	assert_int_equal(hc_secret_len(secret), 202);
	hc_secret_free(secret);
}

/*
 * Find the mapping holding addr in /proc/self/smaps and copy its VmFlags
 * line and Locked size. Returns -1 if it is not found.
 */
static int
mapping_flags(const void *addr, char *flags, size_t size, long *locked_kb)
{
	unsigned long start, end, a = (unsigned long)(uintptr_t)addr;
	char line[512];
	int inside = 0, rc = -1;
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			inside = a >= start && a < end;
			continue;
		}
		if (!inside)
			continue;
		if (strncmp(line, "Locked:", 7) == 0)
			*locked_kb = strtol(line + 7, NULL, 10);
		if (strncmp(line, "VmFlags:", 8) == 0) {
			snprintf(flags, size, "%s", line + 8);
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

static void
test_guarded_pages_locked_and_not_dumped(void **state)
{
	struct hc_secret *secret;
	const char *p;
	char flags[512];
	long locked_kb = -1;

	(void)state;
	secret = secret_from_string("locked-canary");
	p = hc_secret_open(secret);
	hc_secret_close(secret);

	/* libsodium mlocks the pages and marks them MADV_DONTDUMP. */
	assert_int_equal(mapping_flags(p, flags, sizeof flags, &locked_kb),
	    0);
	assert_non_null(strstr(flags, " dd"));
	assert_non_null(strstr(flags, " lo"));
	assert_true(locked_kb > 0);

	/* Closed means no access bits at all on the mapping. */
	assert_null(strstr(flags, " rd"));
	assert_null(strstr(flags, " wr"));
	hc_secret_free(secret);
}

enum access_kind {
	READ_CLOSED,
	READ_OPEN,
	READ_AFTER_CLOSE,
	READ_NESTED,
	READ_AFTER_NESTED,
	WRITE_READONLY,
	WRITE_RW,
};

/*
 * Touch the secret's bytes in a child and return how the child ended:
 * the signal number, or 0 when it exited cleanly.
 */
static int
access_in_child(enum access_kind kind)
{
	struct hc_secret *secret;
	const char *ro = NULL;
	struct rlimit no_core = {0, 0};
	int status;
	pid_t pid;
	char *rw;

	secret = secret_from_string("window-canary");
	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		volatile char c = 0;

		/* cmocka catches SIGSEGV; the parent must see it instead. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		setrlimit(RLIMIT_CORE, &no_core);
		switch (kind) {
		case READ_CLOSED:
			/* A pointer kept from an earlier window. */
			ro = hc_secret_open(secret);
			hc_secret_close(secret);
			c = ro[0];
			break;
		case READ_OPEN:
			ro = hc_secret_open(secret);
			c = ro[0];
			if (c != 'w' || strcmp(ro, "window-canary") != 0)
				_exit(2);
			break;
		case READ_AFTER_CLOSE:
			ro = hc_secret_open(secret);
			c = ro[0];
			hc_secret_close(secret);
			c = ro[1];
			break;
		case READ_NESTED:
			ro = hc_secret_open(secret);
			hc_secret_open(secret);
			hc_secret_close(secret);
			c = ro[0];
			break;
		case READ_AFTER_NESTED:
			ro = hc_secret_open(secret);
			hc_secret_open_rw(secret);
			hc_secret_close(secret);
			hc_secret_close(secret);
			c = ro[0];
			break;
		case WRITE_READONLY:
			rw = (char *)hc_secret_open(secret);
			rw[0] = 'X';
			break;
		case WRITE_RW:
			rw = hc_secret_open_rw(secret);
			rw[0] = 'X';
			hc_secret_close(secret);
			break;
		}
		(void)c;
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	hc_secret_free(secret);
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	return 0;
}

static void
test_window_rule(void **state)
{
	(void)state;
	assert_int_equal(access_in_child(READ_CLOSED), SIGSEGV);
	assert_int_equal(access_in_child(READ_OPEN), 0);
	assert_int_equal(access_in_child(READ_AFTER_CLOSE), SIGSEGV);
	assert_int_equal(access_in_child(READ_NESTED), 0);
	assert_int_equal(access_in_child(READ_AFTER_NESTED), SIGSEGV);
	assert_int_equal(access_in_child(WRITE_READONLY), SIGSEGV);
	assert_int_equal(access_in_child(WRITE_RW), 0);
}

/* Read /proc/self/environ whole; NULL on failure. Caller frees. */
static char *
read_environ(size_t *len)
{
	FILE *f;
	char *buf;
	size_t cap = 1 << 16;

	f = fopen("/proc/self/environ", "r");
	if (f == NULL)
		return NULL;
	buf = malloc(cap);
	if (buf != NULL)
		*len = fread(buf, 1, cap, f);
	fclose(f);
	return buf;
}

static int
environ_contains(const char *needle, int *found)
{
	size_t len = 0;
	char *buf;

	buf = read_environ(&len);
	if (buf == NULL)
		return -1;
	*found = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return 0;
}

/*
 * Runs in a process started with the canary in its initial environment,
 * which is where the kernel's /proc/PID/environ view points. In the
 * replaced mode setenv() first points the variable at a heap copy of
 * another value. In the unset mode unsetenv() drops it first. Either way
 * the original bytes stay in the initial area until wiped.
 */
static int
take_env_child(const char *mode)
{
	const char *expected = TAKE_ENV_CANARY;
	struct hc_secret *secret;
	int found;

	if (environ_contains(TAKE_ENV_CANARY, &found) == -1)
		return CHILD_CANNOT_READ_ENVIRON;
	if (!found)
		return CHILD_NOT_IN_ENVIRON_BEFORE;
	if (strcmp(mode, TAKE_ENV_REPLACED_MODE) == 0) {
		if (setenv(TAKE_ENV_NAME, REPLACED_VALUE, 1) == -1)
			return CHILD_SETENV_FAILED;
		expected = REPLACED_VALUE;
	} else if (strcmp(mode, TAKE_ENV_UNSET_MODE) == 0) {
		if (unsetenv(TAKE_ENV_NAME) == -1)
			return CHILD_SETENV_FAILED;
		expected = NULL;
	}

	secret = hc_secret_take_env(TAKE_ENV_NAME, NULL);
	if (expected == NULL && secret != NULL)
		return CHILD_WRONG_VALUE;
	if (expected != NULL && secret == NULL)
		return CHILD_TAKE_FAILED;
	if (expected != NULL && (hc_secret_len(secret) != strlen(expected) ||
	    strcmp(hc_secret_open(secret), expected) != 0))
		return CHILD_WRONG_VALUE;
	if (secret != NULL)
		hc_secret_close(secret);
	hc_secret_free(secret);
	if (environ_contains(TAKE_ENV_CANARY, &found) == -1)
		return CHILD_CANNOT_READ_ENVIRON;
	if (found)
		return CHILD_STILL_IN_ENVIRON;
	if (getenv(TAKE_ENV_NAME) != NULL)
		return CHILD_STILL_IN_GETENV;
	return CHILD_OK;
}

/* Re-execute this test in mode with the canary in its environment. */
static int
run_take_env_child(const char *mode)
{
	char *argv[] = {"secret-test", (char *)mode, NULL};
	char *envp[] = {"LANG=C", TAKE_ENV_NAME "=" TAKE_ENV_CANARY,
	    "OTHER=kept", NULL};
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid != -1);
	if (pid == 0) {
		execve("/proc/self/exe", argv, envp);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_take_env_wipes_proc_environ(void **state)
{
	(void)state;
	assert_int_equal(run_take_env_child(TAKE_ENV_MODE), CHILD_OK);
}

static void
test_take_env_wipes_replaced_original(void **state)
{
	(void)state;
	assert_int_equal(run_take_env_child(TAKE_ENV_REPLACED_MODE),
	    CHILD_OK);
}

static void
test_take_env_wipes_unset_original(void **state)
{
	(void)state;
	assert_int_equal(run_take_env_child(TAKE_ENV_UNSET_MODE), CHILD_OK);
}

static void
test_take_env_unset_or_empty(void **state)
{
	struct hc_error err;

	(void)state;
	hc_error_init(&err);
	unsetenv("HUBCRED_TEST_UNSET");
	assert_null(hc_secret_take_env("HUBCRED_TEST_UNSET", &err));
	assert_int_equal(err.code, HC_ERR_OK);

	assert_int_equal(setenv("HUBCRED_TEST_EMPTY", "", 1), 0);
	assert_null(hc_secret_take_env("HUBCRED_TEST_EMPTY", &err));
	assert_int_equal(err.code, HC_ERR_OK);
	assert_null(getenv("HUBCRED_TEST_EMPTY"));
}

static void
test_take_env_heap_value(void **state)
{
	struct hc_secret *secret;

	(void)state;
	/* A value set at run time lives on the heap: still moved. */
	assert_int_equal(setenv("HUBCRED_TEST_SET", "set-value", 1), 0);
	secret = hc_secret_take_env("HUBCRED_TEST_SET", NULL);
	assert_non_null(secret);
	assert_secret_is(secret, "set-value");
	assert_null(getenv("HUBCRED_TEST_SET"));
	hc_secret_free(secret);
}

static void
test_fingerprint(void **state)
{
	static const char value[] = "abcdef0123456789";
	unsigned char plain[crypto_generichash_BYTES_MIN];
	char plain_hex[9];
	struct hc_secret *a, *b, *c;
	char fa[9], fb[9], fc[9], again[9];
	size_t i;

	(void)state;
	a = secret_from_string(value);
	b = secret_from_string(value);
	c = secret_from_string("abcdef0123456780");
	hc_secret_fingerprint(a, fa);
	hc_secret_fingerprint(a, again);
	hc_secret_fingerprint(b, fb);
	hc_secret_fingerprint(c, fc);

	assert_int_equal(strlen(fa), 8);
	for (i = 0; i < 8; i++)
		assert_non_null(strchr("0123456789abcdef", fa[i]));
	assert_string_equal(fa, again);
	assert_string_equal(fa, fb);
	assert_string_not_equal(fa, fc);

	/* Not the value, and not an unkeyed hash anyone could recompute. */
	assert_null(strstr(value, fa));
	crypto_generichash(plain, sizeof plain, (const unsigned char *)value,
	    strlen(value), NULL, 0);
	sodium_bin2hex(plain_hex, sizeof plain_hex, plain, 4);
	assert_string_not_equal(fa, plain_hex);

	hc_secret_fingerprint(NULL, fa);
	assert_string_equal(fa, "--------");
	hc_secret_free(a);
	hc_secret_free(b);
	hc_secret_free(c);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_len_clear),
		cmocka_unit_test(test_binary_safe),
		cmocka_unit_test(test_growth_keeps_contents),
		cmocka_unit_test(test_capacity_limits),
		cmocka_unit_test(test_pop_char_utf8),
		cmocka_unit_test(test_pop_wipes_removed_bytes),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_fill_in_place),
		cmocka_unit_test(test_no_growth_inside_window),
		cmocka_unit_test(test_window_rule),
		cmocka_unit_test(test_guarded_pages_locked_and_not_dumped),
		cmocka_unit_test(test_take_env_wipes_proc_environ),
		cmocka_unit_test(test_take_env_wipes_replaced_original),
		cmocka_unit_test(test_take_env_wipes_unset_original),
		cmocka_unit_test(test_take_env_unset_or_empty),
		cmocka_unit_test(test_take_env_heap_value),
		cmocka_unit_test(test_fingerprint),
	};

	if (hc_secret_library_init(NULL) == -1) {
		fprintf(stderr, "libsodium failed to initialise\n");
		return 1;
	}
	if (argc == 2 && (strcmp(argv[1], TAKE_ENV_MODE) == 0 ||
	    strcmp(argv[1], TAKE_ENV_REPLACED_MODE) == 0 ||
	    strcmp(argv[1], TAKE_ENV_UNSET_MODE) == 0))
		return take_env_child(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
