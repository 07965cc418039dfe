/*
 * Guarded secrets on libsodium's sodium_malloc(): guard pages, mlock, and
 * no access outside open windows.
 *
 * The buffer starts small and grows by moving to a bigger guarded
 * allocation; the old one is wiped and released by sodium_free(). Growth
 * stops at the capacity the caller gave, itself at most HC_SECRET_MAX.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/secret.h"

/* First allocation for a secret that will be filled by appends. */
#define SECRET_FIRST_SIZE 128

struct hc_secret {
	unsigned char *buf;	/* sodium_malloc(size + 1), NUL after len */
	size_t size;		/* bytes buf can hold, without the NUL */
	size_t capacity;	/* limit on len */
	size_t len;
	unsigned int opens;	/* nested windows */
	int writable;		/* the open window is read-write */
};

extern char **environ;

static pthread_once_t library_once = PTHREAD_ONCE_INIT;
static int library_rc = -1;

/*
 * Key for fingerprints, guarded like the secrets it fingerprints. The
 * mutex keeps one thread from closing the key while another reads it.
 */
static unsigned char *fingerprint_key;
static pthread_mutex_t fingerprint_lock = PTHREAD_MUTEX_INITIALIZER;

static void
library_init_once(void)
{
	if (sodium_init() < 0)
		return;
	fingerprint_key = sodium_malloc(crypto_generichash_KEYBYTES);
	if (fingerprint_key == NULL)
		return;
	randombytes_buf(fingerprint_key, crypto_generichash_KEYBYTES);
	sodium_mprotect_noaccess(fingerprint_key);
	library_rc = 0;
}

int
hc_secret_library_init(struct hc_error *err)
{
	pthread_once(&library_once, library_init_once);
	if (library_rc == -1) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "libsodium failed to initialise (sodium_init or "
		    "sodium_malloc failed)");
		hc_error_hint(err, "check that /dev/urandom is readable and "
		    "that the process may lock memory (ulimit -l)");
	}
	return library_rc;
}

/* Put the protection back to what the open windows need. */
static void
secret_protect(struct hc_secret *secret)
{
	if (secret->opens == 0)
		sodium_mprotect_noaccess(secret->buf);
	else if (secret->writable)
		sodium_mprotect_readwrite(secret->buf);
	else
		sodium_mprotect_readonly(secret->buf);
}

/* A guarded, zeroed, read-write buffer of size + 1 bytes. */
static unsigned char *
secret_alloc(size_t size, struct hc_error *err)
{
	unsigned char *buf;

	buf = sodium_malloc(size + 1);
	if (buf == NULL) {
		hc_error_set(err, HC_ERR_NOMEM,
		    "cannot allocate %zu bytes of guarded memory", size + 1);
		hc_error_hint(err, "the locked-memory limit may be too low "
		    "(ulimit -l)");
		return NULL;
	}
	sodium_memzero(buf, size + 1);
	return buf;
}

static struct hc_secret *
secret_create(size_t capacity, size_t size, struct hc_error *err)
{
	struct hc_secret *secret;

	if (hc_secret_library_init(err) == -1)
		return NULL;
	if (capacity > HC_SECRET_MAX) {
		hc_error_set(err, HC_ERR_INPUT,
		    "a secret may hold at most %d bytes, not %zu",
		    HC_SECRET_MAX, capacity);
		return NULL;
	}
	secret = calloc(1, sizeof *secret);
	if (secret == NULL) {
		hc_error_set(err, HC_ERR_NOMEM, "out of memory");
		return NULL;
	}
	secret->buf = secret_alloc(size, err);
	if (secret->buf == NULL) {
		free(secret);
		return NULL;
	}
	secret->size = size;
	secret->capacity = capacity;
	sodium_mprotect_noaccess(secret->buf);
	return secret;
}

struct hc_secret *
hc_secret_new(size_t capacity, struct hc_error *err)
{
	size_t size;

	if (capacity == 0)
		capacity = HC_SECRET_MAX;
	size = capacity < SECRET_FIRST_SIZE ? capacity : SECRET_FIRST_SIZE;
	return secret_create(capacity, size, err);
}

struct hc_secret *
hc_secret_new_from(const void *bytes, size_t n, struct hc_error *err)
{
	struct hc_secret *secret;

	if (n > HC_SECRET_MAX) {
		hc_error_set(err, HC_ERR_INPUT,
		    "a secret may hold at most %d bytes, not %zu",
		    HC_SECRET_MAX, n);
		return NULL;
	}
	secret = secret_create(HC_SECRET_MAX, n, err);
	if (secret == NULL)
		return NULL;
	if (hc_secret_append(secret, bytes, n, err) == -1) {
		hc_secret_free(secret);
		return NULL;
	}
	return secret;
}

void
hc_secret_free(struct hc_secret *secret)
{
	if (secret == NULL)
		return;

	/* sodium_free() makes the pages writable and zeroes them. */
	sodium_free(secret->buf);
	free(secret);
}

/* Move the contents into a guarded buffer of at least need bytes. */
static int
secret_grow(struct hc_secret *secret, size_t need, struct hc_error *err)
{
	unsigned char *buf;
	size_t size;

	if (secret->opens > 0) {
		/* The pointer handed out by hc_secret_open() would dangle. */
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot grow a secret while a window on it is open");
		return -1;
	}
	size = secret->size < 32 ? 32 : secret->size;
	while (size < need)
		size *= 2;
	if (size > secret->capacity)
		size = secret->capacity;

	buf = secret_alloc(size, err);
	if (buf == NULL)
		return -1;
	sodium_mprotect_readonly(secret->buf);
	memcpy(buf, secret->buf, secret->len);
	sodium_free(secret->buf);
	secret->buf = buf;
	secret->size = size;
	sodium_mprotect_noaccess(secret->buf);
	return 0;
}

int
hc_secret_append(struct hc_secret *secret, const void *bytes, size_t n,
    struct hc_error *err)
{
	if (n == 0)
		return 0;
	if (n > secret->capacity - secret->len) {
		hc_error_set(err, HC_ERR_INPUT,
		    "the value is too long: at most %zu bytes", secret->capacity);
		return -1;
	}
	if (secret->len + n > secret->size &&
	    secret_grow(secret, secret->len + n, err) == -1)
		return -1;

	sodium_mprotect_readwrite(secret->buf);
	memcpy(secret->buf + secret->len, bytes, n);
	secret->len += n;
	secret->buf[secret->len] = '\0';
	secret_protect(secret);
	return 0;
}

/* Length of the UTF-8 sequence a lead byte starts; 0 if not a lead. */
static size_t
utf8_sequence_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

void
hc_secret_pop_char(struct hc_secret *secret)
{
	size_t start;

	if (secret == NULL || secret->len == 0)
		return;
	sodium_mprotect_readwrite(secret->buf);

	/*
	 * Step back over continuation bytes to the lead byte. If the tail is
	 * not one well-formed character, drop a single byte, so backspace
	 * always makes progress.
	 */
	start = secret->len - 1;
	while (start > 0 && secret->len - start < 4 &&
	    (secret->buf[start] & 0xc0) == 0x80)
		start--;
	if (utf8_sequence_len(secret->buf[start]) != secret->len - start)
		start = secret->len - 1;

	sodium_memzero(secret->buf + start, secret->len - start);
	secret->len = start;
	secret_protect(secret);
}

void
hc_secret_clear(struct hc_secret *secret)
{
	if (secret == NULL)
		return;
	sodium_mprotect_readwrite(secret->buf);
	sodium_memzero(secret->buf, secret->size + 1);
	secret->len = 0;
	secret_protect(secret);
}

size_t
hc_secret_len(const struct hc_secret *secret)
{
	return secret == NULL ? 0 : secret->len;
}

const char *
hc_secret_open(struct hc_secret *secret)
{
	if (secret->opens++ == 0) {
		secret->writable = 0;
		sodium_mprotect_readonly(secret->buf);
	}
	return (const char *)secret->buf;
}

char *
hc_secret_open_rw(struct hc_secret *secret)
{
	secret->opens++;
	if (!secret->writable) {
		secret->writable = 1;
		sodium_mprotect_readwrite(secret->buf);
	}
	return (char *)secret->buf;
}

void
hc_secret_close(struct hc_secret *secret)
{
	if (secret == NULL || secret->opens == 0)
		return;
	if (--secret->opens == 0) {
		secret->writable = 0;
		sodium_mprotect_noaccess(secret->buf);
		hc_secret_scrub_cpu();
	}
}

/* Zero the 64 KiB of stack below the caller's frame. */
static void __attribute__((noinline))
wipe_stack(void)
{
	unsigned char area[64 * 1024];

	explicit_bzero(area, sizeof area);
	__asm__ volatile("" : : "r"(area) : "memory");
}

/* Zero every vector register the CPU has. */
static void __attribute__((noinline))
wipe_vector_registers(void)
{
#if defined(__x86_64__)
	if (__builtin_cpu_supports("avx512f"))
		__asm__ volatile(
		    "vpxord %%zmm16, %%zmm16, %%zmm16\n\t"
		    "vpxord %%zmm17, %%zmm17, %%zmm17\n\t"
		    "vpxord %%zmm18, %%zmm18, %%zmm18\n\t"
		    "vpxord %%zmm19, %%zmm19, %%zmm19\n\t"
		    "vpxord %%zmm20, %%zmm20, %%zmm20\n\t"
		    "vpxord %%zmm21, %%zmm21, %%zmm21\n\t"
		    "vpxord %%zmm22, %%zmm22, %%zmm22\n\t"
		    "vpxord %%zmm23, %%zmm23, %%zmm23\n\t"
		    "vpxord %%zmm24, %%zmm24, %%zmm24\n\t"
		    "vpxord %%zmm25, %%zmm25, %%zmm25\n\t"
		    "vpxord %%zmm26, %%zmm26, %%zmm26\n\t"
		    "vpxord %%zmm27, %%zmm27, %%zmm27\n\t"
		    "vpxord %%zmm28, %%zmm28, %%zmm28\n\t"
		    "vpxord %%zmm29, %%zmm29, %%zmm29\n\t"
		    "vpxord %%zmm30, %%zmm30, %%zmm30\n\t"
		    "vpxord %%zmm31, %%zmm31, %%zmm31\n\t"
		    "vpxord %%zmm0, %%zmm0, %%zmm0\n\t"
		    "vzeroall"
		    : : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		    "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		    "xmm12", "xmm13", "xmm14", "xmm15");
	else if (__builtin_cpu_supports("avx"))
		__asm__ volatile("vzeroall"
		    : : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		    "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		    "xmm12", "xmm13", "xmm14", "xmm15");
	else
		__asm__ volatile(
		    "pxor %%xmm0, %%xmm0\n\tpxor %%xmm1, %%xmm1\n\t"
		    "pxor %%xmm2, %%xmm2\n\tpxor %%xmm3, %%xmm3\n\t"
		    "pxor %%xmm4, %%xmm4\n\tpxor %%xmm5, %%xmm5\n\t"
		    "pxor %%xmm6, %%xmm6\n\tpxor %%xmm7, %%xmm7\n\t"
		    "pxor %%xmm8, %%xmm8\n\tpxor %%xmm9, %%xmm9\n\t"
		    "pxor %%xmm10, %%xmm10\n\tpxor %%xmm11, %%xmm11\n\t"
		    "pxor %%xmm12, %%xmm12\n\tpxor %%xmm13, %%xmm13\n\t"
		    "pxor %%xmm14, %%xmm14\n\tpxor %%xmm15, %%xmm15"
		    : : : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		    "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
		    "xmm12", "xmm13", "xmm14", "xmm15");
#endif
}

void
hc_secret_scrub_cpu(void)
{
	wipe_stack();
	wipe_vector_registers();
}

int
hc_secret_set_len(struct hc_secret *secret, size_t len,
    struct hc_error *err)
{
	if (len > secret->size) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "secret length %zu is past its buffer of %zu bytes", len,
		    secret->size);
		return -1;
	}
	sodium_mprotect_readwrite(secret->buf);
	sodium_memzero(secret->buf + len, secret->size + 1 - len);
	secret->len = len;
	secret_protect(secret);
	return 0;
}

int
hc_secret_reserve(struct hc_secret *secret, size_t size,
    struct hc_error *err)
{
	if (size > secret->capacity) {
		hc_error_set(err, HC_ERR_INPUT,
		    "the value is too long: at most %zu bytes", secret->capacity);
		return -1;
	}
	if (size <= secret->size)
		return 0;
	return secret_grow(secret, size, err);
}

size_t
hc_secret_size(const struct hc_secret *secret)
{
	return secret->size;
}

int
hc_secret_equal(struct hc_secret *a, struct hc_secret *b)
{
	const char *pa, *pb;
	size_t n;
	int same;

	if (a == NULL || b == NULL)
		return a == b;
	if (a == b)
		return 1;

	/*
	 * Compare the common prefix in any case, so the time taken depends
	 * on the lengths only and never on where the contents differ.
	 */
	n = a->len < b->len ? a->len : b->len;
	pa = hc_secret_open(a);
	pb = hc_secret_open(b);
	same = sodium_memcmp(pa, pb, n) == 0;
	hc_secret_close(b);
	hc_secret_close(a);
	return same && a->len == b->len;
}

/* Wipe the value of every NAME= entry of the environment block. */
static void
environ_wipe(const char *name)
{
	size_t name_len = strlen(name);
	char **ep;

	for (ep = environ; ep != NULL && *ep != NULL; ep++) {
		if (strncmp(*ep, name, name_len) == 0 &&
		    (*ep)[name_len] == '=') {
			char *value = *ep + name_len + 1;

			sodium_memzero(value, strlen(value));
		}
	}
}

/*
 * Find the initial environment area, the one /proc/PID/environ shows:
 * fields 50 and 51 (env_start, env_end) of /proc/self/stat.
 */
static int
environ_area(char **start, char **end)
{
	unsigned long lo, hi;
	char buf[1024], *p;
	size_t n;
	FILE *f;
	int field;

	f = fopen("/proc/self/stat", "re");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';

	/* The command name in field 2 may hold spaces: skip past it. */
	p = strrchr(buf, ')');
	if (p == NULL)
		return -1;
	for (field = 2; field < 50 && p != NULL; field++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %lu %lu", &lo, &hi) != 2 || lo >= hi)
		return -1;
	*start = (char *)lo;
	*end = (char *)hi;
	return 0;
}

/*
 * Whether some environ string lies in [start, end). The kernel's area is
 * only trusted when it is the one this process's strings came from: under
 * valgrind, for one, the program's environment is a copy elsewhere and the
 * kernel's area is not the program's memory.
 */
static int
environ_inside(const char *start, const char *end)
{
	char **ep;

	for (ep = environ; ep != NULL && *ep != NULL; ep++) {
		if (*ep >= start && *ep < end)
			return 1;
	}
	return 0;
}

/*
 * Wipe NAME= entries left in the initial environment area that environ no
 * longer points to, as after setenv() replaced the variable.
 */
static void
environ_area_wipe(const char *name)
{
	size_t name_len = strlen(name);
	char *p, *start, *end;

	if (environ_area(&start, &end) == -1 || !environ_inside(start, end))
		return;
	for (p = start; p < end; p += strnlen(p, end - p) + 1) {
		if ((size_t)(end - p) > name_len &&
		    strncmp(p, name, name_len) == 0 && p[name_len] == '=')
			sodium_memzero(p + name_len + 1,
			    strnlen(p + name_len + 1, end - p - name_len - 1));
	}
}

struct hc_secret *
hc_secret_take_env(const char *name, struct hc_error *err)
{
	struct hc_secret *secret = NULL;
	const char *value;

	value = getenv(name);
	if (value == NULL) {
		/* Unset now, but maybe still in the initial area. */
		environ_area_wipe(name);
		return NULL;
	}
	if (*value != '\0') {
		secret = hc_secret_new_from(value, strlen(value), err);
		if (secret == NULL)
			hc_error_prefix(err, "reading %s", name);
	}

	/*
	 * The strings of the initial environment sit in the area the kernel
	 * shows as /proc/PID/environ: unsetenv() only drops the pointer, so
	 * the bytes are overwritten in place first. This runs even when the
	 * copy failed, since the value must not stay behind either way.
	 */
	environ_wipe(name);
	environ_area_wipe(name);
	unsetenv(name);
	return secret;
}

void
hc_secret_fingerprint(struct hc_secret *secret, char out[9])
{
	unsigned char hash[crypto_generichash_BYTES_MIN];
	const char *bytes;

	if (secret == NULL || hc_secret_library_init(NULL) == -1) {
		memcpy(out, "--------", 9);
		return;
	}
	bytes = hc_secret_open(secret);
	pthread_mutex_lock(&fingerprint_lock);
	sodium_mprotect_readonly(fingerprint_key);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)bytes,
	    secret->len, fingerprint_key, crypto_generichash_KEYBYTES);
	sodium_mprotect_noaccess(fingerprint_key);
	pthread_mutex_unlock(&fingerprint_lock);
	hc_secret_close(secret);

	sodium_bin2hex(out, 9, hash, 4);
	sodium_memzero(hash, sizeof hash);
}
