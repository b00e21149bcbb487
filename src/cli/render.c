#include "cli/cli.h"

#include <stdio.h>

int cli_render(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return CLI_FAILED;
}

int cli_plan(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return CLI_FAILED;
}
