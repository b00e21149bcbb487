/*
 * conf — the `key = value` text files tingbao reads (listening profiles, layout
 * hints): one reader for their syntax, so every such file behaves the same.
 *
 * Syntax: UTF-8, one `key = value` per line; a byte-order mark at the start is
 * skipped; blank lines and lines whose first non-blank character is '#' are
 * ignored; a '#' preceded by a space or tab starts a trailing comment; spaces
 * and tabs around key and value are trimmed. A line without '=' or with an
 * empty key is an error "NAME:LINE: ...".
 *
 * conf_read_file() reads a whole file into a buffer through afile_read(),
 * refusing (with TB_E_USAGE, as the file is the user's) what is not a regular
 * file and what is larger than `limit`, never blocking on a FIFO. conf_parse()
 * calls `fn` once per setting, in order; the strings it passes live until fn
 * returns.
 */
#ifndef TB_CONF_H
#define TB_CONF_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

struct conf_item {
	const char *origin; /* file name for messages */
	int line;           /* 1-based */
	const char *key;
	const char *value;
};

/* Returns 0 to go on, or a negative TB_E_* code (with err set) to stop. */
typedef int (*conf_fn)(void *ctx, const struct conf_item *item, struct tb_err *err);

int conf_read_file(const char *path, size_t limit, struct buf *out, struct tb_err *err);
int conf_parse(const char *text, size_t len, const char *origin, conf_fn fn, void *ctx,
               struct tb_err *err);

#endif
