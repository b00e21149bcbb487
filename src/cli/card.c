/* `tingbao card`: a rendered station onto a mounted memory card, in playing order. */
#include "cli/cli.h"

#include "core/afile.h"
#include "publish/card.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

static const struct option long_opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static void print_help(void)
{
	printf("usage: tingbao card [-o DIR] DEST\n\n"
	       "Copies the station rendered into DIR (render --profile station) onto the memory\n"
	       "card mounted at DEST, for small MP3 players (DFPlayer Mini, YX5300 ...) that play\n"
	       "files in the order they were written: folder by folder, file by file in playing\n"
	       "order, each written whole, fsynced and its size checked. The card's folders must\n"
	       "be empty or missing (format the card first). Prints each file as it is written.\n\n"
	       "options:\n"
	       "  -o, --output DIR  the rendered station (default: out)\n"
	       "  -h, --help        this help\n");
}

static void print_copied(void *ctx, const char *path, uint64_t bytes)
{
	(void)ctx;
	(void)bytes;
	printf("%s\n", path);
	fflush(stdout);
}

int cli_card(int argc, char **argv)
{
	const char *dir = "out";
	struct afile_dir *src = NULL, *dest = NULL;
	struct card_opts o = {NULL, NULL, print_copied, NULL};
	struct card_report rep;
	struct tb_err err = {0, ""};
	int c, rc, waited = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'h':
			print_help();
			return CLI_OK;
		default:
			return cli_usage_error("card", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("card", "give one DEST: where the card is mounted");
	afile_install_signal_cleanup();
	rc = afile_dir_open(dir, 0, &src, &err);
	if (!rc)
		rc = afile_dir_open(argv[optind], 0, &dest, &err);
	/* A render writing into DIR finishes first. */
	if (!rc && afile_dir_lock(src, 1, &waited, &err) == 1) {
		fprintf(stderr, "tingbao: warning: %s\n", err.msg);
		err_clear(&err);
	}
	o.src = src;
	o.dest = dest;
	if (!rc)
		rc = card_copy(&o, &rep, &err);
	afile_dir_unlock(src);
	afile_dir_close(src);
	afile_dir_close(dest);
	if (rc)
		return cli_fail(&err);
	fprintf(stderr,
	        "tingbao: %s: %zu files in %zu folder%s (%.1f MB) written in playing order\n",
	        argv[optind], rep.files, rep.folders, rep.folders == 1 ? "" : "s",
	        (double)rep.bytes / 1e6);
	return CLI_OK;
}
