/* tingbao — newspaper pages in, Mandarin audio out. This file only dispatches. */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
        {"render", cli_render, "make MP3 episodes (and manifests) from pages"},
        {"plan", cli_plan, "print the manifest render would make, without audio"},
        {"layout", cli_layout, "show the role of every line of a page, and why"},
        {"normalize", cli_normalize, "read lines on stdin, print them as they are spoken"},
        {"pinyin", cli_pinyin, "read lines on stdin, print their pinyin"},
        {"explain", cli_explain, "show how a text is normalized, segmented and read"},
        {"publish", cli_publish, "make the podcast feed, page, transcripts and chapter files"},
        {"cache", cli_cache, "show or prune the cache of rendered articles"},
        {"card", cli_card, "copy a rendered station onto a memory card, in playing order"},
};

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tingbao [--version] [--help] <command> [<args>]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nRun 'tingbao <command> --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	/* Subcommands report option errors themselves, on one line (cli_bad_option). */
	opterr = 0;
	if (argc < 2) {
		print_usage(stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("tingbao %s\n", TB_VERSION);
		return CLI_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "tingbao: '%s' is not a command; see 'tingbao --help'\n", argv[1]);
	return CLI_USAGE;
}
