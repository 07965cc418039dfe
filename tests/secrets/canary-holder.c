/*
 * Test program for gcore-check.sh: keeps a canary where MODE selects, prints
 * "ready" and waits for a signal.
 *
 *   canary-holder [--harden] guarded|heap|heap-base64|take-env|env
 *
 * guarded      canary read from stdin straight into a guarded secret
 * heap         canary read from stdin into a plain malloc block
 * heap-base64  canary in a guarded secret, base64("some-user:" canary) kept
 *              on the plain heap, the plain text wiped
 * take-env     canary moved out of HUBCRED_CANARY with hc_secret_take_env
 * env          HUBCRED_CANARY left in the environment
 *
 * The canary never comes from argv. --harden runs hc_harden_process first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "core/harden.h"
#include "core/secret.h"

#define ENV_NAME "HUBCRED_CANARY"
#define READ_MAX 4096

/* Kept reachable so nothing is optimised away. */
static struct hc_secret *held_secret;
static char *volatile held_heap;

static int
read_guarded(struct hc_error *err)
{
	ssize_t r;
	size_t n = 0;
	char *buf;

	held_secret = hc_secret_new(READ_MAX, err);
	if (held_secret == NULL ||
	    hc_secret_reserve(held_secret, READ_MAX, err) == -1)
		return -1;
	buf = hc_secret_open_rw(held_secret);
	while (n < READ_MAX && (r = read(0, buf + n, READ_MAX - n)) > 0)
		n += (size_t)r;
	hc_secret_set_len(held_secret, n, err);
	hc_secret_close(held_secret);
	return n > 0 ? 0 : -1;
}

static int
read_heap(void)
{
	ssize_t r;
	size_t n = 0;

	held_heap = calloc(1, READ_MAX + 1);
	if (held_heap == NULL)
		return -1;
	while (n < READ_MAX && (r = read(0, held_heap + n, READ_MAX - n)) > 0)
		n += (size_t)r;
	return n > 0 ? 0 : -1;
}

/* Like a Docker config "auth" value or a Basic header. */
static int
hold_base64(struct hc_error *err)
{
	static const char user[] = "some-user:";
	size_t plain_len, b64_len;
	char *plain;

	if (read_guarded(err) == -1)
		return -1;
	plain_len = strlen(user) + hc_secret_len(held_secret);
	plain = malloc(plain_len);
	b64_len = sodium_base64_encoded_len(plain_len,
	    sodium_base64_VARIANT_ORIGINAL);
	held_heap = malloc(b64_len);
	if (plain == NULL || held_heap == NULL)
		return -1;
	memcpy(plain, user, strlen(user));
	memcpy(plain + strlen(user), hc_secret_open(held_secret),
	    hc_secret_len(held_secret));
	hc_secret_close(held_secret);
	sodium_bin2base64(held_heap, b64_len, (unsigned char *)plain,
	    plain_len, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(plain, plain_len);
	free(plain);
	return 0;
}

static int
hold(const char *mode, struct hc_error *err)
{
	if (strcmp(mode, "guarded") == 0)
		return read_guarded(err);
	if (strcmp(mode, "heap") == 0)
		return read_heap();
	if (strcmp(mode, "heap-base64") == 0)
		return hold_base64(err);
	if (strcmp(mode, "take-env") == 0) {
		held_secret = hc_secret_take_env(ENV_NAME, err);
		return held_secret != NULL ? 0 : -1;
	}
	if (strcmp(mode, "env") == 0)
		return getenv(ENV_NAME) != NULL ? 0 : -1;
	hc_error_set(err, HC_ERR_USAGE, "unknown mode %s", mode);
	return -1;
}

int
main(int argc, char **argv)
{
	struct hc_error err;
	int i = 1;

	hc_error_init(&err);
	if (argc > 1 && strcmp(argv[1], "--harden") == 0) {
		if (hc_harden_process(&err) == -1)
			goto fail;
		i++;
	}
	if (i != argc - 1) {
		fprintf(stderr, "usage: canary-holder [--harden] MODE\n");
		return 2;
	}
	if (hc_secret_library_init(&err) == -1 || hold(argv[i], &err) == -1)
		goto fail;

	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();

fail:
	fprintf(stderr, "canary-holder: %s\n",
	    err.message[0] ? err.message :
	    "canary missing from stdin or " ENV_NAME);
	return 1;
}
