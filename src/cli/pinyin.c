#include "cli/cli.h"

#include <stdio.h>

int cli_pinyin(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tingbao pinyin: not built yet\n");
	return CLI_FAILED;
}
