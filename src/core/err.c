#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct tb_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void err_prefix(struct tb_err *err, const char *fmt, ...)
{
	char old[sizeof(err->msg)];
	size_t n;
	va_list ap;

	if (!err)
		return;
	memcpy(old, err->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	n = strlen(err->msg);
	/* Whatever does not fit is cut: a message is for people, not parsing. */
	if (n + 2 < sizeof(err->msg)) {
		memcpy(err->msg + n, ": ", 2);
		n += 2;
		memcpy(err->msg + n, old, strnlen(old, sizeof(err->msg) - n - 1));
		err->msg[n + strnlen(old, sizeof(err->msg) - n - 1)] = '\0';
	}
}

void err_clear(struct tb_err *err)
{
	if (!err)
		return;
	err->code = TB_OK;
	err->msg[0] = '\0';
}
