/* Chunked bump allocation for syntax tree nodes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/hcl/arena.h"

#define ARENA_ALIGN 8
#define ARENA_MIN_CHUNK 4096
#define ARENA_MAX_CHUNK (16u << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;		/* usable bytes after the header */
	size_t used;
};

struct hcl_arena {
	struct arena_chunk *head;	/* the chunk being filled */
	size_t next_size;
	size_t used;
	size_t reserved;
};

/* The header is padded so chunk data starts aligned. */
#define ALIGN_UP(n) (((n) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))
#define CHUNK_HEADER ALIGN_UP(sizeof(struct arena_chunk))

static struct arena_chunk *
chunk_new(size_t size)
{
	struct arena_chunk *chunk;

	/* Not zeroed here: hcl_arena_alloc() zeroes what it hands out, so
	 * the slack of a generous first chunk costs nothing. */
	chunk = malloc(CHUNK_HEADER + size);
	if (chunk == NULL)
		return NULL;
	chunk->next = NULL;
	chunk->size = size;
	chunk->used = 0;
	return chunk;
}

struct hcl_arena *
hcl_arena_new(size_t hint)
{
	struct hcl_arena *arena;

	arena = calloc(1, sizeof *arena);
	if (arena == NULL)
		return NULL;
	if (hint < ARENA_MIN_CHUNK)
		hint = ARENA_MIN_CHUNK;
	if (hint > ARENA_MAX_CHUNK)
		hint = ARENA_MAX_CHUNK;
	arena->next_size = hint;
	return arena;
}

static int
arena_grow(struct hcl_arena *arena, size_t size)
{
	struct arena_chunk *chunk;
	size_t want;

	want = arena->next_size;
	if (want < size)
		want = size;
	chunk = chunk_new(want);
	if (chunk == NULL)
		return -1;
	chunk->next = arena->head;
	arena->head = chunk;
	arena->reserved += want;
	if (arena->next_size < ARENA_MAX_CHUNK)
		arena->next_size *= 2;
	return 0;
}

void *
hcl_arena_alloc_raw(struct hcl_arena *arena, size_t size)
{
	struct arena_chunk *chunk;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size = ALIGN_UP(size);
	chunk = arena->head;
	if (chunk == NULL || chunk->size - chunk->used < size) {
		if (arena_grow(arena, size) == -1)
			return NULL;
		chunk = arena->head;
	}
	p = (char *)chunk + CHUNK_HEADER + chunk->used;
	chunk->used += size;
	arena->used += size;
	return p;
}

void *
hcl_arena_alloc(struct hcl_arena *arena, size_t size)
{
	void *p;

	p = hcl_arena_alloc_raw(arena, size);
	if (p != NULL)
		memset(p, 0, size);
	return p;
}

char *
hcl_arena_strndup(struct hcl_arena *arena, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = hcl_arena_alloc_raw(arena, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t
hcl_arena_used(const struct hcl_arena *arena)
{
	return arena->used;
}

size_t
hcl_arena_reserved(const struct hcl_arena *arena)
{
	return arena->reserved;
}

void
hcl_arena_free(struct hcl_arena *arena)
{
	struct arena_chunk *chunk, *next;

	if (arena == NULL)
		return;
	for (chunk = arena->head; chunk != NULL; chunk = next) {
		next = chunk->next;
		free(chunk);
	}
	free(arena);
}
