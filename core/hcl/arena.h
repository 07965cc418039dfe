/*
 * A bump allocator for the nodes of one parsed file.
 *
 * Memory comes in chunks that grow geometrically; nothing is freed until
 * the whole arena is, so allocating a node is a pointer increment.
 */
#ifndef HUBCRED_CORE_HCL_ARENA_H
#define HUBCRED_CORE_HCL_ARENA_H

#include <stddef.h>

struct hcl_arena;

/* A new arena whose first chunk holds about hint bytes (0 for a default).
 * NULL when out of memory. Free with hcl_arena_free(). */
struct hcl_arena *hcl_arena_new(size_t hint);

/* size zeroed bytes aligned for pointers and 64-bit integers, or NULL
 * when out of memory. The memory lives until hcl_arena_free(). */
void *hcl_arena_alloc(struct hcl_arena *arena, size_t size);

/* Like hcl_arena_alloc(), but the bytes are not zeroed: for callers
 * that write all of them. */
void *hcl_arena_alloc_raw(struct hcl_arena *arena, size_t size);

/* Copy of n bytes of s, NUL-terminated, in the arena; NULL on OOM. */
char *hcl_arena_strndup(struct hcl_arena *arena, const char *s, size_t n);

/* Bytes handed out and bytes reserved from the system, for statistics. */
size_t hcl_arena_used(const struct hcl_arena *arena);
size_t hcl_arena_reserved(const struct hcl_arena *arena);

/* Release every chunk and the arena itself; NULL is allowed. */
void hcl_arena_free(struct hcl_arena *arena);

#endif
