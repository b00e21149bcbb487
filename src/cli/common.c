#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>

int cli_fail(const struct tb_err *err)
{
	fprintf(stderr, "tingbao: %s\n", err->msg[0] ? err->msg : "failed");
	return err->code == TB_E_USAGE ? CLI_USAGE : CLI_FAILED;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tingbao %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nRun 'tingbao %s --help' for usage.\n", cmd);
	return CLI_USAGE;
}
