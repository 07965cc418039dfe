/*
 * Wiping allocators for OpenSSL, jansson and libcurl.
 *
 * References: curl_global_init_mem(3) and jansson's "Custom Memory
 * Allocation" (doc/apiref.rst) both require installation before the
 * library's first allocation; OpenSSL's CRYPTO_set_mem_functions(3)
 * returns 0 once an allocation has happened. libcurl initialises OpenSSL
 * inside curl_global_init, so OpenSSL comes first.
 */
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/crypto.h>

#include "core/alloc.h"

static int installed;
static _Atomic(hc_alloc_free_hook) free_hook;

/* Counts calls to hc_alloc_malloc, to prove libcurl goes through it. */
static atomic_ulong malloc_calls;

void *
hc_alloc_malloc(size_t size)
{
	atomic_fetch_add_explicit(&malloc_calls, 1, memory_order_relaxed);
	return malloc(size);
}

void *
hc_alloc_calloc(size_t nmemb, size_t size)
{
	return calloc(nmemb, size);
}

void
hc_alloc_free(void *ptr)
{
	hc_alloc_free_hook hook;
	size_t size;

	if (ptr == NULL)
		return;
	size = malloc_usable_size(ptr);
	explicit_bzero(ptr, size);
	hook = atomic_load_explicit(&free_hook, memory_order_relaxed);
	if (hook != NULL)
		hook(ptr, size);
	free(ptr);
}

/*
 * Avoid libc realloc, because a block it moves leaves the old copy behind
 * unwiped. Grow by allocate, copy, wipe and free. A block that already
 * has room stays where it is.
 */
void *
hc_alloc_realloc(void *ptr, size_t size)
{
	size_t old_size;
	void *moved;

	if (ptr == NULL)
		return hc_alloc_malloc(size);
	if (size == 0) {
		hc_alloc_free(ptr);
		return NULL;
	}
	old_size = malloc_usable_size(ptr);
	if (size <= old_size)
		return ptr;

	moved = hc_alloc_malloc(size);
	if (moved == NULL)
		return NULL;
	memcpy(moved, ptr, old_size);
	hc_alloc_free(ptr);
	return moved;
}

char *
hc_alloc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy;

	copy = hc_alloc_malloc(n);
	if (copy != NULL)
		memcpy(copy, s, n);
	return copy;
}

void
hc_alloc_set_free_hook(hc_alloc_free_hook hook)
{
	atomic_store(&free_hook, hook);
}

static void *
crypto_malloc(size_t num, const char *file, int line)
{
	(void)file;
	(void)line;
	return hc_alloc_malloc(num);
}

static void *
crypto_realloc(void *addr, size_t num, const char *file, int line)
{
	(void)file;
	(void)line;
	return hc_alloc_realloc(addr, num);
}

static void
crypto_free(void *addr, const char *file, int line)
{
	(void)file;
	(void)line;
	hc_alloc_free(addr);
}

/* OpenSSL refuses a second install; the first may still be in place. */
static int
crypto_uses_wrappers(void)
{
	CRYPTO_malloc_fn m;
	CRYPTO_realloc_fn r;
	CRYPTO_free_fn f;

	CRYPTO_get_mem_functions(&m, &r, &f);
	return m == crypto_malloc && r == crypto_realloc && f == crypto_free;
}

/* Check that libcurl allocates through the wrappers, not libc. */
static int
curl_uses_wrappers(void)
{
	unsigned long before;
	char *escaped;

	before = atomic_load(&malloc_calls);
	escaped = curl_easy_escape(NULL, "probe", 5);
	if (escaped == NULL)
		return 0;
	curl_free(escaped);
	return atomic_load(&malloc_calls) != before;
}

int
hc_alloc_install(struct hc_error *err)
{
	json_malloc_t json_malloc;
	json_free_t json_free;
	CURLcode rc;

	if (installed)
		return 0;

	if (!CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc,
	    crypto_free) && !crypto_uses_wrappers()) {
		hc_error_set(err, HC_ERR_INTERNAL, "cannot install wiping "
		    "allocators into OpenSSL: it has already allocated memory");
		hc_error_hint(err, "hc_alloc_install() must run before any "
		    "OpenSSL, libcurl or TLS call");
		return -1;
	}

	json_set_alloc_funcs(hc_alloc_malloc, hc_alloc_free);
	json_get_alloc_funcs(&json_malloc, &json_free);
	if (json_malloc != hc_alloc_malloc || json_free != hc_alloc_free) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot install wiping allocators into jansson");
		return -1;
	}

	rc = curl_global_init_mem(CURL_GLOBAL_ALL, hc_alloc_malloc,
	    hc_alloc_free, hc_alloc_realloc, hc_alloc_strdup, hc_alloc_calloc);
	if (rc != CURLE_OK) {
		hc_error_set(err, HC_ERR_INTERNAL,
		    "cannot initialise libcurl: %s", curl_easy_strerror(rc));
		return -1;
	}

	/*
	 * curl_global_init_mem() returns CURLE_OK and ignores the callbacks
	 * when libcurl was initialised before, so check the effect.
	 */
	if (!curl_uses_wrappers()) {
		curl_global_cleanup();
		hc_error_set(err, HC_ERR_INTERNAL, "cannot install wiping "
		    "allocators into libcurl: it was initialised before");
		hc_error_hint(err, "hc_alloc_install() must be the first "
		    "libcurl call");
		return -1;
	}
	installed = 1;
	return 0;
}

void
hc_alloc_cleanup(void)
{
	if (!installed)
		return;
	curl_global_cleanup();
	installed = 0;
}
