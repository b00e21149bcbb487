#include "core/afile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define AFILE_LEGACY_LOCK ".tingbao.lock"

/*
 * The temporaries in progress, for the signal handler: a directory descriptor and
 * a name in it. Global because a signal handler can reach nothing else; changed
 * only with signals blocked, so the handler never sees it half changed.
 */
struct pending {
	int fd;
	const char *tmp;
};
static struct pending *pending;
static size_t pending_cap;

static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* 0; -1 when the table cannot grow (out of memory); -2 when this process writes that
 * temporary already (one file written twice at once would be one file renamed twice). */
static int remember_pending(int fd, const char *tmp)
{
	sigset_t old;
	size_t i;
	int rc = 0;

	block_signals(&old);
	for (i = 0; i < pending_cap; i++)
		if (pending[i].tmp && pending[i].fd == fd && !strcmp(pending[i].tmp, tmp))
			rc = -2;
	for (i = 0; i < pending_cap && pending[i].tmp; i++)
		;
	if (!rc && i == pending_cap) {
		size_t cap = pending_cap ? pending_cap * 2 : 16;
		struct pending *grown = realloc(pending, cap * sizeof(*grown));

		if (grown) {
			memset(grown + pending_cap, 0, (cap - pending_cap) * sizeof(*grown));
			pending = grown;
			pending_cap = cap;
		} else {
			rc = -1;
		}
	}
	if (!rc) {
		pending[i].fd = fd;
		pending[i].tmp = tmp;
	}
	restore_signals(&old);
	return rc;
}

static void forget_pending(const char *tmp)
{
	sigset_t old;
	size_t i;

	if (!tmp)
		return;
	block_signals(&old);
	for (i = 0; i < pending_cap; i++)
		if (pending[i].tmp == tmp)
			pending[i].tmp = NULL;
	restore_signals(&old);
}

static void cleanup_and_exit(int sig)
{
	size_t i;

	for (i = 0; i < pending_cap; i++)
		if (pending[i].tmp)
			unlinkat(pending[i].fd, pending[i].tmp, 0);
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

/* ---- directories ---- */

static int nomem(struct tb_err *err)
{
	return err_set(err, TB_E_NOMEM, "out of memory");
}

/* "DIR/NAME" for messages. */
static char *join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	if (buf_addf(&b, "%s%s%s", dir, *dir && dir[strlen(dir) - 1] == '/' ? "" : "/", name))
		return NULL;
	return buf_detach(&b, NULL);
}

static struct afile_dir *dir_new(int fd, char *path)
{
	struct afile_dir *d = malloc(sizeof(*d));

	if (!d) {
		close(fd);
		free(path);
		return NULL;
	}
	d->fd = fd;
	d->refs = 1;
	d->path = path;
	return d;
}

/* mkdir -p: creates the missing parents too. */
static int make_dirs(const char *dir)
{
	struct buf path = BUF_INIT;
	size_t i;
	int rc = 0;

	if (buf_adds(&path, dir)) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 1; i <= path.len && !rc; i++) {
		if (path.data[i] != '/' && path.data[i] != '\0')
			continue;
		path.data[i] = '\0';
		if (mkdir(path.data, 0777) != 0 && errno != EEXIST)
			rc = -1;
		if (i < path.len)
			path.data[i] = '/';
	}
	buf_release(&path);
	return rc;
}

int afile_dir_open(const char *path, int for_writing, struct afile_dir **out, struct tb_err *err)
{
	char *copy;
	int fd;

	*out = NULL;
	if (!*path)
		return err_set(err, TB_E_USAGE, "an empty directory name");
	if (for_writing && make_dirs(path) != 0)
		return err_set(err, TB_E_IO, "%s: cannot create the directory: %s", path,
		               strerror(errno));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, TB_E_IO, "%s: %s", path,
		               errno == ENOTDIR ? "not a directory" : strerror(errno));
	if (for_writing && faccessat(fd, ".", W_OK | X_OK, 0) != 0) {
		int e = errno;

		close(fd);
		return err_set(err, TB_E_IO, "%s: cannot write there: %s", path, strerror(e));
	}
	copy = strdup(path);
	if (!copy) {
		close(fd);
		return nomem(err);
	}
	*out = dir_new(fd, copy);
	return *out ? 0 : nomem(err);
}

int afile_dir_sub(struct afile_dir *parent, const char *name, int create, struct afile_dir **out,
                  struct tb_err *err)
{
	char *path = join(parent->path, name);
	int fd, e;

	*out = NULL;
	if (!path)
		return nomem(err);
	if (create && mkdirat(parent->fd, name, 0777) != 0 && errno != EEXIST) {
		e = errno;
		err_set(err, TB_E_IO, "%s: cannot create: %s", path, strerror(e));
		free(path);
		errno = e;
		return TB_E_IO;
	}
	fd = openat(parent->fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP || e == ENOTDIR)
			err_set(err, TB_E_IO, "%s: not a directory (a symbolic link or a file)",
			        path);
		else
			err_set(err, TB_E_IO, "%s: %s", path, strerror(e));
		free(path);
		errno = e;
		return TB_E_IO;
	}
	*out = dir_new(fd, path);
	return *out ? 0 : nomem(err);
}

static struct afile_dir *dir_ref(struct afile_dir *d)
{
	d->refs++;
	return d;
}

void afile_dir_close(struct afile_dir *d)
{
	if (!d || --d->refs > 0)
		return;
	close(d->fd);
	free(d->path);
	free(d);
}

int afile_dir_lock(struct afile_dir *d, int shared, int *waited, struct tb_err *err)
{
	int how = shared ? LOCK_SH : LOCK_EX;

	*waited = 0;
	if (flock(d->fd, how | LOCK_NB) == 0)
		return 0;
	while (errno == EWOULDBLOCK || errno == EINTR) {
		*waited |= errno == EWOULDBLOCK;
		if (flock(d->fd, how) == 0)
			return 0;
	}
	/* A filesystem that cannot lock a directory (NFS without local_lock=flock): the
	 * renames keep every file whole, only the taking turns is lost. */
	err_set(err, TB_E_IO,
	        "%s: cannot lock the directory (%s); runs into it do not take "
	        "turns here",
	        d->path, strerror(errno));
	return 1;
}

void afile_dir_unlock(struct afile_dir *d)
{
	if (d)
		flock(d->fd, LOCK_UN);
}

/* The writer's pid of a temporary ".NAME.tmp.PID", or 0 when the name is not one. */
static long temporary_pid(const char *name)
{
	const char *tag = name[0] == '.' ? strstr(name, ".tmp.") : NULL;
	char *end;
	long pid;

	if (!tag)
		return 0;
	errno = 0;
	pid = strtol(tag + 5, &end, 10);
	if (errno || *end || end == tag + 5 || pid <= 0)
		return 0;
	return pid;
}

size_t afile_remove_stale(struct afile_dir *d)
{
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	size_t removed = 0;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((e = readdir(dir))) {
		long pid = temporary_pid(e->d_name);

		if (!strcmp(e->d_name, AFILE_LEGACY_LOCK)) {
			/* earlier versions locked with this file; nothing uses it now */
		} else if (!pid) {
			continue;
		} else if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH)) {
			continue; /* a live writer, maybe a shard of the same edition */
		}
		if (unlinkat(d->fd, e->d_name, 0) == 0)
			removed++;
	}
	closedir(dir);
	return removed;
}

size_t afile_remove_if(struct afile_dir *d, int (*pred)(const char *name, void *ctx), void *ctx)
{
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	struct stat st;
	size_t removed = 0;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((e = readdir(dir))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fstatat(d->fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) || S_ISDIR(st.st_mode) ||
		    !pred(e->d_name, ctx))
			continue;
		if (unlinkat(d->fd, e->d_name, 0) == 0)
			removed++;
	}
	closedir(dir);
	return removed;
}

int afile_rmdir(struct afile_dir *d, const char *name)
{
	struct stat st;

	if (fstatat(d->fd, name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode))
		return -1;
	return unlinkat(d->fd, name, AT_REMOVEDIR) == 0 ? 0 : -1;
}

/* ---- writing ---- */

static void afile_free(struct afile *af)
{
	forget_pending(af->tmp);
	free(af->tmp);
	free(af->name);
	free(af->path);
	afile_dir_close(af->dir);
	memset(af, 0, sizeof(*af));
}

/* Creates the temporary: never through a symlink, never over an existing file. */
static int create_temporary(struct afile *af)
{
	int flags = O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(af->dir->fd, af->tmp, flags, 0644);

	if (fd < 0 && errno == EEXIST) {
		/* Our pid is in the name, so whatever is there is not a live writer's: a
		 * leftover of a dead process that had this pid, or something planted. Its
		 * name goes (a symlink itself, never its target), then we try once more. */
		unlinkat(af->dir->fd, af->tmp, 0);
		fd = openat(af->dir->fd, af->tmp, flags, 0644);
	}
	return fd;
}

int afile_open(struct afile *af, struct afile_dir *d, const char *name, struct tb_err *err)
{
	struct buf tmp = BUF_INIT;
	int fd, rc;

	memset(af, 0, sizeof(*af));
	if (!*name || strchr(name, '/'))
		return err_set(err, TB_E_INPUT, "internal: '%s' is not a file name", name);
	if (buf_addf(&tmp, ".%s.tmp.%ld", name, (long)getpid()))
		return nomem(err);
	af->dir = dir_ref(d);
	af->tmp = buf_detach(&tmp, NULL);
	af->name = strdup(name);
	af->path = join(d->path, name);
	rc = af->tmp && af->name && af->path ? remember_pending(d->fd, af->tmp) : -1;
	if (rc) {
		if (rc == -2)
			err_set(err, TB_E_INPUT, "internal: %s is written twice at once", af->path);
		free(af->tmp);
		af->tmp = NULL; /* not ours to forget */
		afile_free(af);
		return rc == -2 ? TB_E_INPUT : nomem(err);
	}
	fd = create_temporary(af);
	if (fd < 0) {
		err_set(err, TB_E_IO, "cannot write in %s: %s", d->path, strerror(errno));
		afile_free(af);
		return TB_E_IO;
	}
	af->f = fdopen(fd, "w+b");
	if (!af->f) {
		int e = errno;

		close(fd);
		afile_abort(af);
		return err_set(err, TB_E_IO, "cannot open %s: %s", af->path, strerror(e));
	}
	return 0;
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

static int rename_into_place(struct afile *af, struct tb_err *err)
{
	if (renameat(af->dir->fd, af->tmp, af->dir->fd, af->name) != 0)
		return err_set(err, TB_E_IO, "cannot rename to %s: %s", af->path, strerror(errno));
	return 0;
}

int afile_commit(struct afile *af, struct tb_err *err)
{
	int rc;

	if (!af->tmp)
		return 0; /* nothing in progress (a zeroed struct, or committed already) */
	if ((rc = afile_prepare(af, err)))
		return rc;
	if ((rc = rename_into_place(af, err))) {
		afile_abort(af);
		return rc;
	}
	/* A rename is only durable once the directory entry itself is on disk. */
	fsync(af->dir->fd);
	afile_free(af);
	return 0;
}

void afile_abort(struct afile *af)
{
	if (af->f) {
		fclose(af->f);
		af->f = NULL;
	}
	if (af->tmp)
		unlinkat(af->dir->fd, af->tmp, 0);
	if (af->dir || af->tmp)
		afile_free(af);
}

int afile_write_prepared(struct afile *af, struct afile_dir *d, const char *name, const void *data,
                         size_t len, struct tb_err *err)
{
	int rc = afile_open(af, d, name, err);

	if (rc)
		return rc;
	if (len && fwrite(data, 1, len, af->f) != len) {
		int e = errno;

		err_set(err, TB_E_IO, "cannot write %s: %s", af->path, strerror(e));
		afile_abort(af);
		return TB_E_IO;
	}
	return afile_prepare(af, err);
}

int afile_write_all(struct afile_dir *d, const char *name, const void *data, size_t len,
                    struct tb_err *err)
{
	struct afile af;
	int rc = afile_write_prepared(&af, d, name, data, len, err);

	return rc ? rc : afile_commit(&af, err);
}

/* Writes all of data, through EINTR and short writes. */
static int write_fully(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int afile_write_new(struct afile_dir *d, const char *name, const void *data, size_t len,
                    struct tb_err *err)
{
	char *path = join(d->path, name), *mine = strdup(name);
	struct stat st;
	sigset_t old;
	int fd, e, rc = 0;

	if (!path || !mine) {
		free(path);
		free(mine);
		return nomem(err);
	}
	/* Made and listed for the signal handler in one step: a stop between the two must
	 * neither leave the file nor remove a file of that name that was there before. */
	block_signals(&old);
	fd = openat(d->fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	e = errno;
	if (fd >= 0 && remember_pending(d->fd, mine)) {
		close(fd);
		unlinkat(d->fd, name, 0);
		fd = -1;
		e = ENOMEM;
	}
	restore_signals(&old);
	if (fd < 0) {
		rc = e == ENOMEM ? nomem(err)
		                 : err_set(err, TB_E_IO, "cannot write %s: %s", path,
		                           e == EEXIST ? "it exists already" : strerror(e));
		free(path);
		free(mine);
		errno = e;
		return rc;
	}
	if (write_fully(fd, data, len) || fsync(fd) != 0)
		rc = err_set(err, TB_E_IO, "cannot write %s: %s", path, strerror(errno));
	else if (fstat(fd, &st) != 0 || (uint64_t)st.st_size != (uint64_t)len)
		rc = err_set(err, TB_E_IO, "%s: %lld bytes on disk, %zu written", path,
		             (long long)st.st_size, len);
	if (close(fd) != 0 && !rc)
		rc = err_set(err, TB_E_IO, "cannot write %s: %s", path, strerror(errno));
	if (rc)
		unlinkat(d->fd, name, 0);
	forget_pending(mine);
	if (!rc)
		fsync(d->fd);
	free(mine);
	free(path);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void afile_free_names(struct buf *names)
{
	size_t i;

	for (i = 0; i < VEC_LEN(names, char *); i++)
		free(VEC_AT(names, char *, i));
	buf_release(names);
}

int afile_list(struct afile_dir *d, int (*keep)(const char *name, void *ctx), void *ctx,
               struct buf *names, struct tb_err *err)
{
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *e;
	int rc = 0;

	if (!dir) {
		rc = err_set(err, TB_E_IO, "cannot read the directory %s: %s", d->path,
		             strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	while (!rc && (e = readdir(dir))) {
		char **slot;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    (keep && !keep(e->d_name, ctx)))
			continue;
		slot = VEC_PUSH(names, char *);
		if (!slot || !(*slot = strdup(e->d_name))) {
			if (slot)
				names->len -= sizeof(char *);
			rc = nomem(err);
		}
	}
	closedir(dir);
	if (!rc && VEC_LEN(names, char *) > 1)
		qsort(names->data, VEC_LEN(names, char *), sizeof(char *), cmp_names);
	return rc;
}

/* ---- sets ---- */

void afile_set_init(struct afile_set *s)
{
	buf_init(&s->files, BUF_DEFAULT_LIMIT);
}

int afile_set_add(struct afile_set *s, struct afile *af, struct tb_err *err)
{
	struct afile *slot;

	if (!af->tmp)
		return 0;
	slot = VEC_PUSH(&s->files, struct afile);
	if (!slot) {
		afile_abort(af);
		return nomem(err);
	}
	*slot = *af;
	memset(af, 0, sizeof(*af));
	return 0;
}

int afile_set_write(struct afile_set *s, struct afile_dir *d, const char *name, const void *data,
                    size_t len, struct tb_err *err)
{
	struct afile af;
	int rc = afile_write_prepared(&af, d, name, data, len, err);

	return rc ? rc : afile_set_add(s, &af, err);
}

int afile_set_commit(struct afile_set *s, struct tb_err *err)
{
	size_t i, n = VEC_LEN(&s->files, struct afile), done = 0;
	struct afile *f = n ? &VEC_AT(&s->files, struct afile, 0) : NULL;
	sigset_t old;
	int rc = 0, synced = -1;

	for (i = 0; !rc && i < n; i++)
		rc = afile_prepare(&f[i], err);
	if (rc) {
		afile_set_abort(s);
		return rc;
	}
	/* A stop by signal now waits until every rename is done: the old set or the new. */
	block_signals(&old);
	for (; done < n && !rc; done++)
		rc = rename_into_place(&f[done], err);
	if (rc)
		done--; /* that one failed */
	for (i = 0; i < done; i++) {
		if (f[i].dir->fd != synced)
			fsync(synced = f[i].dir->fd);
		afile_free(&f[i]);
	}
	for (; i < n; i++)
		afile_abort(&f[i]);
	restore_signals(&old);
	buf_release(&s->files);
	return rc;
}

void afile_set_abort(struct afile_set *s)
{
	size_t i;

	for (i = 0; i < VEC_LEN(&s->files, struct afile); i++)
		afile_abort(&VEC_AT(&s->files, struct afile, i));
	buf_release(&s->files);
}

/* ---- reading ---- */

int afile_read(struct afile_dir *d, const char *name, size_t limit, struct buf *out,
               struct tb_err *err)
{
	char *path = d ? join(d->path, name) : strdup(name);
	const char *shown = path ? path : name;
	size_t start = out->len;
	struct stat st;
	int fd, rc = 0;

	if (!path)
		return nomem(err);
	fd = d ? openat(d->fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
	       : open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		rc = err_set(err, TB_E_IO, "%s: %s", shown,
		             errno == ELOOP ? "a symbolic link (not followed)" : strerror(errno));
	} else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = err_set(err, TB_E_IO, "%s: not a regular file", shown);
	} else if ((uint64_t)st.st_size > limit) {
		rc = err_set(err, TB_E_LIMIT, "%s: %lld bytes is more than the %zu-byte limit",
		             shown, (long long)st.st_size, limit);
	}
	while (!rc) {
		ssize_t got;

		if (out->len - start > limit) { /* it grew while read */
			rc = err_set(err, TB_E_LIMIT, "%s: more than the %zu-byte limit", shown,
			             limit);
			break;
		}
		if ((rc = buf_grow(out, 65536))) {
			rc = err_set(err, rc, "%s: out of memory reading it", shown);
			break;
		}
		got = read(fd, out->data + out->len, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = err_set(err, TB_E_IO, "%s: read error: %s", shown, strerror(errno));
		if (got <= 0)
			break;
		out->len += (size_t)got;
		out->data[out->len] = '\0';
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}
