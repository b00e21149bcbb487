/*
 * afile — write a file atomically: everything goes to a temporary file in the
 * same directory ("DIR/.NAME.tmp.PID"), which afile_commit() flushes, fsyncs
 * and renames over the final name. Until then the final name is untouched, so
 * a failed or interrupted run never leaves a half-written output where a good
 * one was. afile_abort() removes the temporary file; it is safe to call after
 * a commit or on a zeroed struct.
 *
 * Temporary files in progress are also listed in a small process-wide table,
 * so that afile_install_signal_cleanup() can remove them when the process is
 * stopped by SIGINT, SIGTERM or SIGHUP (then it exits with 128 + the signal).
 */
#ifndef TB_AFILE_H
#define TB_AFILE_H

#include "core/err.h"

#include <stdio.h>

struct afile {
	char *path;     /* final name (owned) */
	char *tmp_path; /* temporary name (owned) */
	FILE *f;        /* open for writing (and reading back) while in progress */
};

int afile_open(struct afile *af, const char *path, struct tb_err *err);
/* Flushes, fsyncs and closes the temporary, without renaming it yet: for outputs
 * that must appear together (an episode, then its manifest). */
int afile_prepare(struct afile *af, struct tb_err *err);
/* Prepares (when not done yet) and renames the temporary over the final name. */
int afile_commit(struct afile *af, struct tb_err *err);
void afile_abort(struct afile *af);

/* Removes temporaries and exits on SIGINT/SIGTERM/SIGHUP. Call once from main code. */
void afile_install_signal_cleanup(void);

/* Takes a lock on DIR/.tingbao.lock, waiting for another run that holds it: exclusive,
 * or `shared` among runs that write disjoint files (shards of one edition). Returns a
 * descriptor to pass to afile_unlock_dir, or a negative TB_E_* code. */
int afile_lock_dir(const char *dir, int shared, int *waited, struct tb_err *err);
void afile_unlock_dir(int fd);

/* Writes `len` bytes into a prepared (not yet renamed) temporary for `path`. */
int afile_write_prepared(struct afile *af, const char *path, const void *data, size_t len,
                         struct tb_err *err);

/* Removes temporaries ".NAME.tmp.PID" in `dir` whose writer is gone (a run stopped by
 * SIGKILL or a power cut). Call with the directory lock held. Returns how many. */
size_t afile_remove_stale(const char *dir);

/* Writes `len` bytes to `path` atomically. */
int afile_write_all(const char *path, const void *data, size_t len, struct tb_err *err);

#endif
