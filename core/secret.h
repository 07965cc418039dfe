/*
 * Guarded memory for every secret hubcred holds: the Docker Hub token, the
 * JSON secret value built from it, the AWS secret access key and session
 * token.
 *
 * A struct hc_secret is backed by sodium_malloc(): guard pages around it,
 * locked in memory, and no access at all (sodium_mprotect_noaccess) except
 * inside a window opened with hc_secret_open() or hc_secret_open_rw() and
 * closed with hc_secret_close(). Keep windows short. The bytes are wiped
 * when the secret is freed. The struct itself lives on the normal heap and
 * holds no secret byte.
 *
 * Secrets are binary-safe, and the open window always has a NUL byte after
 * the last byte so that it can be passed to APIs that take C strings.
 *
 * One secret is used by one thread at a time; different secrets may be
 * used from different threads.
 */
#ifndef HUBCRED_CORE_SECRET_H
#define HUBCRED_CORE_SECRET_H

#include <stddef.h>

#include "core/error.h"

struct hc_secret;

/* Maximum size of a secret in bytes, so typed or pasted input is bounded. */
#define HC_SECRET_MAX (64 * 1024)

/* Initialise libsodium once per process; call before any other function. */
int hc_secret_library_init(struct hc_error *err);

/*
 * Wipe the copies of secret bytes that copying leaves outside guarded
 * memory: the vector registers, which glibc's string functions use (on
 * AVX-512 CPUs registers 16 to 31, which nothing else clears), and the
 * 64 KiB of stack below the caller, where lazy binding and signal
 * delivery save those registers. hc_secret_close() and each network
 * transfer call it.
 */
void hc_secret_scrub_cpu(void);

/* A new, empty secret that can grow up to capacity bytes. Caller frees
 * with hc_secret_free(). A capacity of 0 means HC_SECRET_MAX; more than
 * HC_SECRET_MAX fails with HC_ERR_INPUT. The library is initialised on
 * first use if hc_secret_library_init() was not called. */
struct hc_secret *hc_secret_new(size_t capacity, struct hc_error *err);

/* A new secret holding a copy of n bytes. The caller wipes its own copy.
 * The secret may grow by appends up to HC_SECRET_MAX. */
struct hc_secret *hc_secret_new_from(const void *bytes, size_t n,
    struct hc_error *err);

/* Wipe and release; NULL is allowed. */
void hc_secret_free(struct hc_secret *secret);

/* Append n bytes (for example one typed character, or a pasted run).
 * Fails with HC_ERR_INPUT when the capacity would be exceeded. Growing
 * moves the bytes to a new guarded buffer, so it fails with
 * HC_ERR_INTERNAL while a window is open and the buffer is full. */
int hc_secret_append(struct hc_secret *secret, const void *bytes, size_t n,
    struct hc_error *err);

/* Remove the last UTF-8 character, for backspace in a masked field. */
void hc_secret_pop_char(struct hc_secret *secret);

/* Wipe the contents, keep the allocation. */
void hc_secret_clear(struct hc_secret *secret);

size_t hc_secret_len(const struct hc_secret *secret);

/* Open a read-only window and return the bytes (NUL-terminated); the
 * pointer is valid until hc_secret_close(). Windows nest: each open needs
 * one close. */
const char *hc_secret_open(struct hc_secret *secret);

/* Open a writable window, for code that fills the buffer in place. */
char *hc_secret_open_rw(struct hc_secret *secret);

void hc_secret_close(struct hc_secret *secret);

/*
 * Filling in place, for example with read(2) from a pipe. First
 * hc_secret_reserve() grows the buffer to at least size bytes (up to the
 * capacity, and only with no window open). Then hc_secret_open_rw() gives
 * hc_secret_size() writable bytes. Finally hc_secret_set_len() records how
 * many are used and wipes the rest.
 */
int hc_secret_reserve(struct hc_secret *secret, size_t size,
    struct hc_error *err);
size_t hc_secret_size(const struct hc_secret *secret);
int hc_secret_set_len(struct hc_secret *secret, size_t len,
    struct hc_error *err);

/* Constant-time comparison of contents (lengths may differ). 1 if equal. */
int hc_secret_equal(struct hc_secret *a, struct hc_secret *b);

/*
 * Move the value of environment variable name into a new secret and wipe
 * it from the environment block, so /proc/PID/environ no longer shows it.
 * Returns NULL without setting err when the variable is unset or empty.
 * An original value that setenv() or unsetenv() left behind in the initial
 * environment area is wiped too. Not thread-safe (getenv/unsetenv): call
 * before starting threads.
 */
struct hc_secret *hc_secret_take_env(const char *name, struct hc_error *err);

/*
 * Short fingerprint for logs and screens: the first 8 hex digits of a
 * keyed BLAKE2b hash with a per-process random key, never the value.
 */
void hc_secret_fingerprint(struct hc_secret *secret, char out[9]);

#endif
