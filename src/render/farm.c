#include "render/farm.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum job_state { JOB_IDLE, JOB_RUNNING, JOB_DONE };

struct job {
	enum job_state state;
	pid_t pid;
	int fd;          /* read end of the child's pipe while running */
	struct buf data; /* what the child sent: 'O' + result, or 'E' + message */
	int rc;
	struct tb_err err;
};

struct farm {
	struct job *jobs;
	size_t njobs;
	unsigned max_children, running;
	farm_fn fn;
	void *ctx;
};

int farm_open(struct farm **out, unsigned max_children, size_t nitems, farm_fn fn, void *ctx,
              struct tb_err *err)
{
	struct farm *f = calloc(1, sizeof(*f));
	size_t i;

	*out = NULL;
	if (!f || !(f->jobs = calloc(nitems ? nitems : 1, sizeof(*f->jobs)))) {
		free(f);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	for (i = 0; i < nitems; i++) {
		buf_init(&f->jobs[i].data, 0);
		f->jobs[i].fd = -1;
	}
	f->njobs = nitems;
	f->max_children = max_children ? max_children : 1;
	f->fn = fn;
	f->ctx = ctx;
	*out = f;
	return 0;
}

/* In the child: run the job, send the result, never return. */
static void run_child(struct farm *f, size_t index, int fd)
{
	struct buf out = BUF_INIT;
	struct tb_err err = {0, ""};
	const char *p;
	size_t left;
	int rc;

	rc = buf_addc(&out, 'O');
	if (!rc)
		rc = f->fn(f->ctx, index, &out, &err);
	if (rc) {
		buf_reset(&out);
		if (buf_addc(&out, 'E') || buf_adds(&out, err.msg[0] ? err.msg : "failed"))
			_exit(3);
	}
	for (p = out.data, left = out.len; left > 0;) {
		ssize_t n = write(fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(4);
		p += n;
		left -= (size_t)n;
	}
	_exit(0);
}

/* The child has closed its pipe: reap it and judge what it sent. */
static void finish_job(struct farm *f, size_t index)
{
	struct job *j = &f->jobs[index];
	int status = 0;

	close(j->fd);
	j->fd = -1;
	while (waitpid(j->pid, &status, 0) < 0 && errno == EINTR)
		;
	j->state = JOB_DONE;
	f->running--;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && j->data.len > 0 &&
	    j->data.data[0] == 'O') {
		j->rc = 0;
	} else if (j->data.len > 0 && j->data.data[0] == 'E') {
		j->rc = err_set(&j->err, TB_E_ENGINE, "%s", j->data.data + 1);
	} else if (WIFSIGNALED(status)) {
		j->rc = err_set(&j->err, TB_E_ENGINE,
		                "the worker for piece %zu was killed by signal %d", index,
		                WTERMSIG(status));
	} else {
		j->rc = err_set(&j->err, TB_E_ENGINE, "the worker for piece %zu failed (exit %d)",
		                index, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
}

/* Reads what the running children sent; waits up to `timeout_ms` (-1: until something). */
static void collect(struct farm *f, int timeout_ms)
{
	struct pollfd fds[64];
	size_t map[64], i, n = 0;

	for (i = 0; i < f->njobs && n < 64; i++) {
		if (f->jobs[i].state == JOB_RUNNING) {
			fds[n].fd = f->jobs[i].fd;
			fds[n].events = POLLIN;
			map[n++] = i;
		}
	}
	if (n == 0 || poll(fds, (nfds_t)n, timeout_ms) <= 0)
		return;
	for (i = 0; i < n; i++) {
		struct job *j = &f->jobs[map[i]];
		ssize_t got;

		if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (buf_grow(&j->data, 65536)) {
			got = -1;
		} else {
			got = read(j->fd, j->data.data + j->data.len, 65536);
			if (got < 0 && errno == EINTR)
				continue;
		}
		if (got > 0) {
			j->data.len += (size_t)got;
			j->data.data[j->data.len] = '\0';
		} else {
			finish_job(f, map[i]);
		}
	}
}

int farm_start(struct farm *f, size_t index, struct tb_err *err)
{
	struct job *j;
	int fds[2];

	if (index >= f->njobs || f->jobs[index].state != JOB_IDLE)
		return err_set(err, TB_E_USAGE, "internal: job %zu started twice", index);
	while (f->running >= f->max_children)
		collect(f, -1);
	if (pipe(fds) != 0)
		return err_set(err, TB_E_IO, "cannot start a worker: %s", strerror(errno));
	j = &f->jobs[index];
	j->pid = fork();
	if (j->pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return err_set(err, TB_E_NOMEM, "cannot start a worker: %s", strerror(errno));
	}
	if (j->pid == 0) {
		close(fds[0]);
		run_child(f, index, fds[1]);
	}
	close(fds[1]);
	j->fd = fds[0];
	j->state = JOB_RUNNING;
	f->running++;
	return 0;
}

int farm_done(struct farm *f, size_t index)
{
	if (f->jobs[index].state == JOB_RUNNING)
		collect(f, 0);
	return f->jobs[index].state == JOB_DONE;
}

int farm_wait(struct farm *f, size_t index, const struct buf **result, struct tb_err *err)
{
	struct job *j = &f->jobs[index];

	if (j->state == JOB_IDLE)
		return err_set(err, TB_E_USAGE, "internal: job %zu never started", index);
	while (j->state == JOB_RUNNING)
		collect(f, -1);
	if (j->rc) {
		if (err)
			*err = j->err;
		return j->rc;
	}
	*result = &j->data;
	return 0;
}

void farm_forget(struct farm *f, size_t index)
{
	buf_release(&f->jobs[index].data);
}

void farm_close(struct farm *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->njobs; i++) {
		struct job *j = &f->jobs[i];

		if (j->state == JOB_RUNNING) {
			kill(j->pid, SIGKILL);
			close(j->fd);
			while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		buf_release(&j->data);
	}
	free(f->jobs);
	free(f);
}

unsigned farm_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
