/*
 * pool — a few worker threads that process numbered items while the calling
 * thread goes on (it synthesizes speech, which libespeak-ng allows in one
 * thread only; processing and encoding pieces has no such limit).
 *
 * Items are numbered 0..n-1 and submitted in any order; `run` is called once
 * per item, in some worker. At most `max_pending` submitted items are
 * unfinished at a time: pool_submit() waits for room, which bounds the memory
 * of samples waiting to be processed. With 0 workers every item runs inside
 * pool_submit(), in the calling thread. Results never depend on the number of
 * workers, only the time does.
 */
#ifndef TB_POOL_H
#define TB_POOL_H

#include "core/err.h"

#include <stddef.h>

typedef int (*pool_fn)(void *ctx, size_t index, struct tb_err *err);

struct pool;

int pool_open(struct pool **out, unsigned workers, size_t nitems, size_t max_pending,
	      pool_fn run, void *ctx, struct tb_err *err);
/* Queues item `index`; returns an error only when the pool cannot take it (or, with 0
 * workers, the item's own error). */
int pool_submit(struct pool *p, size_t index, struct tb_err *err);
/* 1 when item `index` has finished, without waiting. */
int pool_done(struct pool *p, size_t index);
/* Waits for item `index` and returns its result (its message in err). */
int pool_wait(struct pool *p, size_t index, struct tb_err *err);
/* Waits for everything submitted, stops the workers and frees the pool. */
void pool_close(struct pool *p);

/* The number of processors online (at least 1). */
unsigned pool_cpus(void);

#endif
