/*
 * Heap allocators that wipe every block when it is freed, installed into
 * the libraries that handle secrets for us: OpenSSL (TLS records carrying
 * the request, digest and HMAC state), jansson (the secret JSON value) and
 * libcurl (headers, the SigV4 key string, response buffers).
 *
 * The wrappers sit on glibc malloc and use malloc_usable_size() to know
 * how much to wipe, so there is no header in front of a block: a block
 * from these functions may also be released with libc free() (it is then
 * just not wiped), and the other way round.
 */
#ifndef HUBCRED_CORE_ALLOC_H
#define HUBCRED_CORE_ALLOC_H

#include <stddef.h>

#include "core/error.h"

/*
 * Install the wiping allocators into OpenSSL, jansson and libcurl, then
 * initialise libcurl. Call once, first thing in main(), before any other
 * libcurl, jansson or OpenSSL call and before starting threads: each
 * library accepts its allocators only before its first allocation.
 * Fails with HC_ERR_INTERNAL, naming the library, when one of them had
 * already allocated. A second call does nothing and returns 0.
 */
int hc_alloc_install(struct hc_error *err);

/* Release libcurl's global state (curl_global_cleanup). */
void hc_alloc_cleanup(void);

/*
 * The wrappers themselves, with the libc signatures. Thread-safe: they call
 * only libc. Use hc_alloc_free() for strings that jansson or libcurl hand
 * out (json_dumps, curl_easy_escape) when they held a secret, though
 * json_free/curl_free reach the same function once installed.
 */
void *hc_alloc_malloc(size_t size);
void *hc_alloc_calloc(size_t nmemb, size_t size);
void *hc_alloc_realloc(void *ptr, size_t size);
char *hc_alloc_strdup(const char *s);
void hc_alloc_free(void *ptr);

/*
 * Test seam: hook runs inside hc_alloc_free() after the block is wiped and
 * before libc free() releases it, with the number of bytes wiped. NULL
 * removes it. Set it only while no other thread allocates.
 */
typedef void (*hc_alloc_free_hook)(const void *ptr, size_t wiped);
void hc_alloc_set_free_hook(hc_alloc_free_hook hook);

#endif
