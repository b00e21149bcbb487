#include "core/afile.h"

#include "core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The temporaries in progress, for the signal handler. Global because a
 * signal handler can reach nothing else; changed only with signals blocked.
 */
#define AFILE_MAX_PENDING 256
static char *pending[AFILE_MAX_PENDING];

static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void remember_pending(char *tmp)
{
	sigset_t old;
	size_t i;

	block_signals(&old);
	for (i = 0; i < AFILE_MAX_PENDING; i++) {
		if (!pending[i]) {
			pending[i] = tmp;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void forget_pending(const char *tmp)
{
	sigset_t old;
	size_t i;

	if (!tmp)
		return;
	block_signals(&old);
	for (i = 0; i < AFILE_MAX_PENDING; i++)
		if (pending[i] == tmp)
			pending[i] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void cleanup_and_exit(int sig)
{
	size_t i;

	for (i = 0; i < AFILE_MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]);
	_exit(128 + sig);
}

void afile_install_signal_cleanup(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cleanup_and_exit;
	sigfillset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int afile_lock_dir(const char *dir, int shared, int *waited, struct tb_err *err)
{
	struct buf path = BUF_INIT;
	int fd;

	*waited = 0;
	if (buf_addf(&path, "%s/.tingbao.lock", dir))
		return err_set(err, TB_E_NOMEM, "out of memory");
	fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_set(err, TB_E_IO, "%s: cannot create the lock file: %s", path.data,
		        strerror(errno));
		buf_release(&path);
		return TB_E_IO;
	}
	buf_release(&path);
	if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
		*waited = 1;
		while (flock(fd, shared ? LOCK_SH : LOCK_EX) != 0) {
			if (errno != EINTR) {
				close(fd);
				return err_set(err, TB_E_IO, "%s: cannot lock: %s", dir,
				               strerror(errno));
			}
		}
	}
	return fd;
}

void afile_unlock_dir(int fd)
{
	if (fd >= 0)
		close(fd); /* closing releases the flock */
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct buf b = BUF_INIT;

	if (!slash)
		buf_adds(&b, ".");
	else if (slash == path)
		buf_adds(&b, "/");
	else
		buf_add(&b, path, (size_t)(slash - path));
	return buf_detach(&b, NULL);
}

int afile_open(struct afile *af, const char *path, struct tb_err *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct buf tmp = BUF_INIT;
	int fd;

	memset(af, 0, sizeof(*af));
	if (buf_add(&tmp, path, (size_t)(base - path)) ||
	    buf_addf(&tmp, ".%s.tmp.%ld", base, (long)getpid())) {
		buf_release(&tmp);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	af->tmp_path = buf_detach(&tmp, NULL);
	af->path = strdup(path);
	if (!af->tmp_path || !af->path) {
		afile_abort(af);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	fd = open(af->tmp_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		char *dir = dir_of(path);

		err_set(err, TB_E_IO, "cannot write in %s: %s", dir ? dir : path, strerror(e));
		free(dir);
		afile_abort(af);
		return TB_E_IO;
	}
	remember_pending(af->tmp_path);
	af->f = fdopen(fd, "w+b");
	if (!af->f) {
		close(fd);
		afile_abort(af);
		return err_set(err, TB_E_IO, "cannot open %s: %s", path, strerror(errno));
	}
	return 0;
}

/* A rename is only durable once the directory entry itself is on disk. */
static void sync_dir_of(const char *path)
{
	char *dir = dir_of(path);
	int fd;

	if (!dir)
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int afile_prepare(struct afile *af, struct tb_err *err)
{
	FILE *f = af->f;
	int bad;

	if (!f)
		return 0; /* prepared already */
	af->f = NULL;
	bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (fclose(f) != 0)
		bad = 1;
	if (bad) {
		err_set(err, TB_E_IO, "cannot write %s: %s", af->path, strerror(errno));
		afile_abort(af);
		return TB_E_IO;
	}
	return 0;
}

int afile_commit(struct afile *af, struct tb_err *err)
{
	int rc;

	if (!af->tmp_path)
		return 0; /* nothing in progress (a zeroed struct, or committed already) */
	if ((rc = afile_prepare(af, err)))
		return rc;
	if (rename(af->tmp_path, af->path) != 0) {
		int e = errno;

		err_set(err, TB_E_IO, "cannot rename to %s: %s", af->path, strerror(e));
		afile_abort(af);
		return TB_E_IO;
	}
	sync_dir_of(af->path);
	forget_pending(af->tmp_path);
	free(af->tmp_path);
	free(af->path);
	af->tmp_path = af->path = NULL;
	return 0;
}

void afile_abort(struct afile *af)
{
	if (af->f) {
		fclose(af->f);
		af->f = NULL;
	}
	if (af->tmp_path)
		unlink(af->tmp_path);
	forget_pending(af->tmp_path);
	free(af->tmp_path);
	free(af->path);
	af->tmp_path = af->path = NULL;
}

int afile_write_prepared(struct afile *af, const char *path, const void *data, size_t len,
                         struct tb_err *err)
{
	int rc = afile_open(af, path, err);

	if (rc)
		return rc;
	if (len && fwrite(data, 1, len, af->f) != len) {
		int e = errno;

		afile_abort(af);
		return err_set(err, TB_E_IO, "cannot write %s: %s", path, strerror(e));
	}
	return afile_prepare(af, err);
}

int afile_write_all(const char *path, const void *data, size_t len, struct tb_err *err)
{
	struct afile af;
	int rc = afile_write_prepared(&af, path, data, len, err);

	return rc ? rc : afile_commit(&af, err);
}

size_t afile_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf path = BUF_INIT;
	size_t removed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		const char *tag = e->d_name[0] == '.' ? strstr(e->d_name, ".tmp.") : NULL;
		char *end;
		long pid;

		if (!tag)
			continue;
		errno = 0;
		pid = strtol(tag + 5, &end, 10);
		if (errno || *end || end == tag + 5 || pid <= 0)
			continue; /* not one of ours */
		/* A live writer, maybe a shard of the same edition, keeps its file. */
		if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		buf_reset(&path);
		if (!buf_addf(&path, "%s/%s", dir, e->d_name) && unlink(path.data) == 0)
			removed++;
	}
	closedir(d);
	buf_release(&path);
	return removed;
}
