/*
 * afile — write a file atomically: everything goes to a temporary file in the
 * same directory ("DIR/.NAME.tmp.PID"), which afile_commit() flushes, fsyncs
 * and renames over the final name. Until then the final name is untouched, so
 * a failed or interrupted run never leaves a half-written output where a good
 * one was. afile_abort() removes the temporary file; it is safe to call after
 * a commit or on a zeroed struct.
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
int afile_commit(struct afile *af, struct tb_err *err);
void afile_abort(struct afile *af);

/* Writes `len` bytes to `path` atomically. */
int afile_write_all(const char *path, const void *data, size_t len, struct tb_err *err);

#endif
