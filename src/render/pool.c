#include "render/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum item_state { ITEM_IDLE, ITEM_QUEUED, ITEM_DONE };

struct item {
	enum item_state state;
	int rc;
	struct tb_err err;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed; /* an item was queued or finished, or the pool closes */
	pthread_t *threads;
	unsigned nthreads;
	struct item *items;
	size_t nitems;
	size_t *queue; /* FIFO of queued indices */
	size_t head, tail;
	size_t pending, max_pending;
	int closing;
	pool_fn run;
	void *ctx;
};

static void finish_item(struct pool *p, size_t index, int rc, const struct tb_err *err)
{
	struct item *it = &p->items[index];

	it->rc = rc;
	if (rc)
		it->err = *err;
	it->state = ITEM_DONE;
	p->pending--;
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		size_t index;
		struct tb_err err = { 0, "" };
		int rc;

		while (p->head == p->tail && !p->closing)
			pthread_cond_wait(&p->changed, &p->lock);
		if (p->head == p->tail)
			break;
		index = p->queue[p->head++];
		pthread_mutex_unlock(&p->lock);
		rc = p->run(p->ctx, index, &err);
		pthread_mutex_lock(&p->lock);
		finish_item(p, index, rc, &err);
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

int pool_open(struct pool **out, unsigned workers, size_t nitems, size_t max_pending,
	      pool_fn run, void *ctx, struct tb_err *err)
{
	struct pool *p = calloc(1, sizeof(*p));
	unsigned i;

	*out = NULL;
	if (!p)
		return err_set(err, TB_E_NOMEM, "out of memory");
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	p->items = calloc(nitems ? nitems : 1, sizeof(*p->items));
	p->queue = calloc(nitems ? nitems : 1, sizeof(*p->queue));
	p->threads = calloc(workers ? workers : 1, sizeof(*p->threads));
	p->nitems = nitems;
	p->max_pending = max_pending ? max_pending : 1;
	p->run = run;
	p->ctx = ctx;
	if (!p->items || !p->queue || !p->threads) {
		pool_close(p);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	for (i = 0; i < workers; i++) {
		if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
			break;
		p->nthreads++;
	}
	if (p->nthreads != workers) {
		pool_close(p);
		return err_set(err, TB_E_NOMEM, "cannot start worker threads");
	}
	*out = p;
	return 0;
}

int pool_submit(struct pool *p, size_t index, struct tb_err *err)
{
	if (index >= p->nitems || p->items[index].state != ITEM_IDLE)
		return err_set(err, TB_E_USAGE, "internal: item %zu submitted twice", index);
	if (p->nthreads == 0) {
		int rc = p->run(p->ctx, index, err);

		p->pending++;
		finish_item(p, index, rc, err);
		return rc;
	}
	pthread_mutex_lock(&p->lock);
	while (p->pending >= p->max_pending)
		pthread_cond_wait(&p->changed, &p->lock);
	p->items[index].state = ITEM_QUEUED;
	p->queue[p->tail++] = index;
	p->pending++;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

int pool_done(struct pool *p, size_t index)
{
	int done;

	if (p->nthreads == 0)
		return p->items[index].state == ITEM_DONE;
	pthread_mutex_lock(&p->lock);
	done = p->items[index].state == ITEM_DONE;
	pthread_mutex_unlock(&p->lock);
	return done;
}

int pool_wait(struct pool *p, size_t index, struct tb_err *err)
{
	struct item *it = &p->items[index];
	int rc;

	if (p->nthreads)
		pthread_mutex_lock(&p->lock);
	while (p->nthreads && it->state == ITEM_QUEUED)
		pthread_cond_wait(&p->changed, &p->lock);
	rc = it->state == ITEM_DONE
		     ? it->rc
		     : err_set(err, TB_E_USAGE, "internal: item %zu never submitted", index);
	if (it->state == ITEM_DONE && rc && err)
		*err = it->err;
	if (p->nthreads)
		pthread_mutex_unlock(&p->lock);
	return rc;
}

void pool_close(struct pool *p)
{
	unsigned i;

	if (!p)
		return;
	if (p->nthreads) {
		pthread_mutex_lock(&p->lock);
		p->closing = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		for (i = 0; i < p->nthreads; i++)
			pthread_join(p->threads[i], NULL);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	free(p->threads);
	free(p->queue);
	free(p->items);
	free(p);
}

unsigned pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
