#include "cli/cli.h"

#include <stdio.h>

int cli_normalize(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tingbao normalize: not built yet\n");
	return CLI_FAILED;
}
