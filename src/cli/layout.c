/* `tingbao layout`: every line of a page with the role layout gave it and why. */
#include "cli/cli.h"

#include "ingest/ingest.h"
#include "layout/hints.h"
#include "layout/layout.h"
#include "pinyin/pinyin.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_HINTS = 256, OPT_ENCODING, OPT_DATA };

static const struct option long_opts[] = {
        {"layout-hints", required_argument, NULL, OPT_HINTS},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"data", required_argument, NULL, OPT_DATA},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static void print_help(void)
{
	printf("usage: tingbao layout [options] PAGE...\n\n"
	       "Prints every line of each PAGE with the role layout gave it (furniture,\n"
	       "label, kicker, title, subtitle, byline, body, box, caption, brief ...) and\n"
	       "the evidence that decided it, so a page of another paper can be checked.\n"
	       "docs/layout.md describes the rules and the hints file.\n\n"
	       "options:\n"
	       "      --layout-hints FILE  add the word lists of FILE to the built-in hints\n"
	       "      --encoding ENC       the pages' encoding when not UTF-8 (GB18030 ...)\n"
	       "      --data DIR           where tingbao.lex is (default: beside the program)\n"
	       "  -h, --help               this help\n");
}

static int lexicon_has_word(void *ctx, const char *s, size_t len)
{
	return py_has_word(ctx, s, len);
}

static void print_rows(const char *page, const struct layout_trace *t)
{
	size_t i;

	printf("== %s\n", page);
	for (i = 0; i < VEC_LEN(&t->rows, struct layout_row); i++) {
		const struct layout_row *r = &VEC_AT(&t->rows, struct layout_row, i);

		printf("%5zu  %-28s %s\n", r->line, r->role, r->text);
		if (r->why && *r->why)
			printf("%5s  %-28s   (%s)\n", "", "", r->why);
	}
}

static int show_page(const char *path, const char *encoding, struct layout_opts *lo,
                     struct tb_err *err)
{
	struct buf text = BUF_INIT;
	struct layout_trace trace;
	struct doc d;
	int rc;

	layout_trace_init(&trace);
	doc_init(&d);
	lo->trace = &trace;
	rc = ingest_file_enc(path, encoding, &text, err);
	if (!rc)
		rc = layout_page(&d, text.data, text.len, path, lo, err);
	if (!rc)
		print_rows(path, &trace);
	buf_release(&text);
	doc_release(&d);
	layout_trace_release(&trace);
	return rc;
}

int cli_layout(int argc, char **argv)
{
	const char *hints_file = NULL, *encoding = NULL, *data_dir = NULL;
	struct layout_hints hints;
	struct py_lexicon *lex = NULL;
	struct layout_opts lo = {.hints = &hints};
	struct tb_err err;
	int opt, i, rc;

	err_clear(&err);
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", long_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_HINTS:
			hints_file = optarg;
			break;
		case OPT_ENCODING:
			encoding = optarg;
			break;
		case OPT_DATA:
			data_dir = optarg;
			break;
		case 'h':
			print_help();
			return CLI_OK;
		default:
			return cli_bad_option("layout", opt, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("layout", "no PAGE given");
	if ((rc = hints_init(&hints, &err)) != 0)
		return cli_fail(&err);
	if (hints_file && (rc = hints_load(&hints, hints_file, &err)) != 0) {
		hints_release(&hints);
		return cli_fail(&err);
	}
	/* The lexicon tells words running across a line break, as in render. */
	if ((rc = cli_open_lexicon(data_dir, NULL, 0, &lex, &err)) != 0) {
		hints_release(&hints);
		return cli_fail(&err);
	}
	lo.is_word = lexicon_has_word;
	lo.is_word_ctx = lex;
	for (i = optind, rc = 0; !rc && i < argc; i++)
		rc = show_page(argv[i], encoding, &lo, &err);
	if (lex)
		py_close(lex);
	hints_release(&hints);
	return rc ? cli_fail(&err) : CLI_OK;
}
