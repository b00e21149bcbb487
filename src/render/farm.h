/*
 * farm — runs numbered jobs in child processes, a few at a time.
 *
 * Every child is forked from the calling process as it is when farm_start()
 * is called, does one job and sends its result back as bytes through a pipe.
 * This is how pieces are synthesized: libespeak-ng keeps global state, and
 * what it says depends slightly on what it said before, so each piece is
 * rendered by a fresh copy of an engine that has never spoken. That makes a
 * piece's audio a function of the piece alone (it can be cached), and lets
 * several engines run at once.
 *
 * The parent must not have threads. Results are kept until farm_close().
 */
#ifndef TB_FARM_H
#define TB_FARM_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

/* The job, run in the child: appends its result to `out`. */
typedef int (*farm_fn)(void *ctx, size_t index, struct buf *out, struct tb_err *err);

struct farm;

int farm_open(struct farm **out, unsigned max_children, size_t nitems, farm_fn fn, void *ctx,
              struct tb_err *err);
/* Starts job `index`, first waiting for a free slot (collecting results meanwhile). */
int farm_start(struct farm *f, size_t index, struct tb_err *err);
/* 1 when job `index` has finished (collects what has arrived, never waits). */
int farm_done(struct farm *f, size_t index);
/* Waits for job `index`; on success *result points to its bytes (owned by the farm). */
int farm_wait(struct farm *f, size_t index, const struct buf **result, struct tb_err *err);
/* Frees a finished job's result early. */
void farm_forget(struct farm *f, size_t index);
/* Stops children still running and frees everything. */
void farm_close(struct farm *f);

/* The number of processors online (at least 1). */
unsigned farm_cpus(void);

#endif
