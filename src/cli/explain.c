#include "cli/cli.h"

#include <stdio.h>

int cli_explain(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "tingbao explain: not built yet\n");
	return CLI_FAILED;
}
