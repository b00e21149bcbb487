/*
 * arena — many small allocations that die together (the strings of a document).
 *
 * Memory comes from chunks that are never moved, so returned pointers stay
 * valid until arena_release(), which frees everything at once. Nothing taken
 * from an arena may be passed to free().
 */
#ifndef TB_ARENA_H
#define TB_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used; /* total bytes handed out, for limits and stats */
};

#define ARENA_INIT                                                                                 \
	{                                                                                          \
		NULL, 0                                                                            \
	}

void arena_init(struct arena *a);
void arena_release(struct arena *a);
/* Zeroed, aligned for any type; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies n bytes and adds a NUL; NULL when out of memory. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
