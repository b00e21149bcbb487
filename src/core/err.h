/*
 * err — one way to report what went wrong.
 *
 * Library code never prints and never exits. A function that can fail takes a
 * `struct tb_err *` (which may be NULL when the caller does not care), fills it
 * with one human-readable line and returns a negative TB_E* code. Only main.c
 * and src/cli/ decide what the user sees.
 *
 * The message is stored inline, so a tb_err needs no cleanup.
 */
#ifndef TB_ERR_H
#define TB_ERR_H

#include <stddef.h>

enum tb_status {
	TB_OK = 0,
	TB_E_NOMEM = -1,  /* an allocation failed */
	TB_E_IO = -2,     /* reading or writing a file failed */
	TB_E_INPUT = -3,  /* the input is not what we accept */
	TB_E_LIMIT = -4,  /* the input exceeds a documented size limit */
	TB_E_ENGINE = -5, /* a library we drive (espeak, lame, ...) failed */
	TB_E_USAGE = -6,  /* a bad option or value from the user */
	TB_E_DATA = -7,   /* our own data files are missing or corrupt */
};

struct tb_err {
	int code;
	char msg[1024];
};

/* Records a formatted message and the code; returns `code` so callers can write
 * `return err_set(err, TB_E_IO, "...")`. A NULL err is allowed. */
int err_set(struct tb_err *err, int code, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* Puts "prefix: " in front of the message already recorded (e.g. a file name). */
void err_prefix(struct tb_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void err_clear(struct tb_err *err);

#endif
