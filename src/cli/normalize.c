/* tingbao normalize: one sentence per input line → the words to be spoken. */
#include "cli/cli.h"

#include "core/buf.h"
#include "text/tn.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("usage: tingbao normalize [--notes] < lines\n"
	      "\n"
	      "Reads UTF-8 lines on stdin and prints each one as it is to be spoken:\n"
	      "figures, dates, money and units in Chinese words (2023年 -> 二零二三年).\n"
	      "\n"
	      "options:\n"
	      "  -n, --notes   also print, on stderr, what could not be interpreted\n"
	      "  -h, --help    this help\n",
	      f);
}

int cli_normalize(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"notes", no_argument, NULL, 'n'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct buf line = BUF_INIT, out = BUF_INIT, notes = BUF_INIT;
	int show_notes = 0, c, rc = 0, status = CLI_OK;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":nh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			show_notes = 1;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			return cli_bad_option("normalize", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("normalize", "unexpected argument '%s'", argv[optind]);

	while ((c = getchar()) != EOF || line.len > 0) {
		if (c != EOF && c != '\n') {
			if ((rc = buf_addc(&line, (char)c)) != 0)
				break;
			continue;
		}
		if (line.len > 0 && line.data[line.len - 1] == '\r')
			buf_truncate(&line, line.len - 1);
		buf_reset(&out);
		buf_reset(&notes);
		rc = tn_normalize(buf_cstr(&line), line.len, &out, &notes);
		if (rc)
			break;
		fwrite(buf_cstr(&out), 1, out.len, stdout);
		putchar('\n');
		if (show_notes && notes.len)
			fputs(buf_cstr(&notes), stderr);
		buf_reset(&line);
		if (c == EOF)
			break;
	}
	if (rc) {
		fprintf(stderr, "tingbao normalize: %s\n",
		        rc == TB_E_LIMIT ? "line too long" : "out of memory");
		status = CLI_FAILED;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "tingbao normalize: cannot write output\n");
		status = CLI_FAILED;
	}
	buf_release(&line);
	buf_release(&out);
	buf_release(&notes);
	return status;
}
