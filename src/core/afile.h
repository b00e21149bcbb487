/*
 * afile — every file tingbao writes, and the files of others it reads, go
 * through here, relative to a directory opened once (struct afile_dir).
 *
 * Writing: a file is written to a temporary in its own directory
 * (".NAME.tmp.PID"), created with O_CREAT|O_EXCL|O_NOFOLLOW relative to the
 * directory's descriptor, so a symlink planted there is never followed; it is
 * flushed and fsynced, then renamed over NAME with renameat (which replaces the
 * directory entry, never what a symlink there points to). Until then NAME is
 * untouched, so a failed or interrupted run never leaves a half-written output
 * where a good one was. Subdirectories are opened with O_NOFOLLOW too, and
 * nothing is ever deleted but through unlinkat on the directory's descriptor.
 *
 * Files that must appear together (an episode, its cue sheet and manifest; the
 * whole of a publish) go in an afile_set: all are complete under temporary
 * names before the first is renamed, and the renames happen in order with
 * SIGINT, SIGTERM and SIGHUP blocked, so a stop by signal leaves the old set or
 * the new one, never a mix. (SIGKILL and power cuts cannot be blocked: they
 * can leave the files renamed so far.)
 *
 * Temporaries in progress are listed in a process-wide table, so that
 * afile_install_signal_cleanup() removes them when the process is stopped by
 * SIGINT, SIGTERM or SIGHUP (it then exits with 128 + the signal).
 *
 * Reading: afile_read() takes only regular files (fstat after an open with
 * O_NONBLOCK, so a FIFO never blocks), never through a symlink in a directory,
 * and never more than a given size.
 *
 * Locking: flock() on the directory's own descriptor, so no lock file is left
 * behind and none can be planted or owned by another user.
 *
 * Ownership: an afile_dir is reference-counted; every afile in progress holds a
 * reference to its directory, so a directory may be closed by its opener while
 * files in it still wait for their commit.
 */
#ifndef TB_AFILE_H
#define TB_AFILE_H

#include "core/buf.h"
#include "core/err.h"

#include <stdio.h>

struct afile_dir {
	int fd;
	int refs;
	char *path; /* as named by the user (or parent path + "/" + name), for messages */
};

/* Opens directory `path` (following the user's own symlinks in it). With `for_writing`
 * it is created (with its parents) when missing and must be writable. */
int afile_dir_open(const char *path, int for_writing, struct afile_dir **out, struct tb_err *err);
/* Opens (with `create`: creating) subdirectory `name` of `parent`, never through a
 * symlink. Without `create`, a missing one is TB_E_IO with errno ENOENT kept. */
int afile_dir_sub(struct afile_dir *parent, const char *name, int create, struct afile_dir **out,
                  struct tb_err *err);
/* Drops a reference (NULL is allowed). */
void afile_dir_close(struct afile_dir *d);

/* Locks the directory (flock on its descriptor), waiting for another run that holds it:
 * exclusive, or `shared` among runs that write disjoint files (shards of one edition).
 * *waited says whether it had to wait. Released by afile_dir_unlock or the process's end.
 * Returns 0, or 1 (with a message in err, for a warning) when the filesystem cannot lock
 * a directory: the run then goes on unlocked. */
int afile_dir_lock(struct afile_dir *d, int shared, int *waited, struct tb_err *err);
void afile_dir_unlock(struct afile_dir *d);

/* Removes the temporaries ".NAME.tmp.PID" in `d` whose writer is gone (a run stopped by
 * SIGKILL or a power cut), and the lock file of earlier versions (".tingbao.lock").
 * Call with the directory locked. Returns how many. */
size_t afile_remove_stale(struct afile_dir *d);

/* Removes every entry of `d` that is not a directory and for which `pred` says 1 (a
 * symbolic link itself, never its target). Returns how many. */
size_t afile_remove_if(struct afile_dir *d, int (*pred)(const char *name, void *ctx), void *ctx);
/* Removes the subdirectory `name` of `d` when it is empty (never through a symlink);
 * 0, or -1 (missing, not empty, or not a directory: left as it is). */
int afile_rmdir(struct afile_dir *d, const char *name);

struct afile {
	struct afile_dir *dir; /* a reference, while in progress */
	char *name;            /* final name in dir (owned) */
	char *tmp;             /* temporary name in dir (owned) */
	char *path;            /* dir path + "/" + name, for messages (owned) */
	FILE *f;               /* open for writing (and reading back) until prepared */
};

int afile_open(struct afile *af, struct afile_dir *d, const char *name, struct tb_err *err);
/* Flushes, fsyncs and closes the temporary, without renaming it yet. */
int afile_prepare(struct afile *af, struct tb_err *err);
/* Prepares (when not done yet) and renames the temporary over the final name. */
int afile_commit(struct afile *af, struct tb_err *err);
/* Removes the temporary; safe after a commit and on a zeroed struct. */
void afile_abort(struct afile *af);

/* Writes `len` bytes into a prepared (not yet renamed) temporary for d/name. */
int afile_write_prepared(struct afile *af, struct afile_dir *d, const char *name, const void *data,
                         size_t len, struct tb_err *err);
/* Writes `len` bytes to d/name atomically. */
int afile_write_all(struct afile_dir *d, const char *name, const void *data, size_t len,
                    struct tb_err *err);

/*
 * Writes `len` bytes to d/name directly under its final name, which must not exist yet
 * (O_CREAT|O_EXCL|O_NOFOLLOW: never over a file, never through a symlink), then fsyncs
 * it, checks its size on disk (fstat) and fsyncs the directory. For media where the
 * order in which directory entries are made matters (a FAT card: small players play
 * files in that order), which a temporary's rename would not keep. On failure, and on
 * SIGINT/SIGTERM/SIGHUP meanwhile (with afile_install_signal_cleanup), the file is
 * removed: what is left under the name is always complete. TB_E_IO, with EEXIST kept
 * in errno when the name was taken.
 */
int afile_write_new(struct afile_dir *d, const char *name, const void *data, size_t len,
                    struct tb_err *err);

/* The names in `d` (not "." or "..") for which `keep` says 1 (NULL: all), sorted
 * bytewise, each malloc'ed, into `names` (a vec of char *; free with afile_free_names). */
int afile_list(struct afile_dir *d, int (*keep)(const char *name, void *ctx), void *ctx,
               struct buf *names, struct tb_err *err);
void afile_free_names(struct buf *names);

/* Files committed together, in the order they were added. */
struct afile_set {
	struct buf files; /* vec of struct afile */
};

void afile_set_init(struct afile_set *s);
/* Takes over `af` (opened or prepared; it is zeroed). On failure `af` is aborted. */
int afile_set_add(struct afile_set *s, struct afile *af, struct tb_err *err);
/* Writes `len` bytes to d/name as one more file of the set. */
int afile_set_write(struct afile_set *s, struct afile_dir *d, const char *name, const void *data,
                    size_t len, struct tb_err *err);
/* Prepares every file, then renames them all in order with signals blocked. On failure
 * the files not yet renamed are removed. The set is empty afterwards either way. */
int afile_set_commit(struct afile_set *s, struct tb_err *err);
void afile_set_abort(struct afile_set *s);

/* Reads regular file `name` of `d` (never through a symlink), or with d == NULL the
 * user-named path `name` (following symlinks), whole, into `out`: TB_E_IO when it
 * cannot be opened or is not a regular file (a FIFO, a device, a directory: never
 * waited for), TB_E_LIMIT when larger than `limit` bytes. The message names the file. */
int afile_read(struct afile_dir *d, const char *name, size_t limit, struct buf *out,
               struct tb_err *err);

/* Removes temporaries and exits on SIGINT/SIGTERM/SIGHUP. Call once from main code. */
void afile_install_signal_cleanup(void);

#endif
