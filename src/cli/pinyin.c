/* tingbao pinyin: stdin lines → one line of pinyin tokens each. */
#include "cli/cli.h"

#include "core/buf.h"
#include "pinyin/pinyin.h"
#include "text/tn.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: tingbao pinyin [options] < lines\n"
	        "\n"
	        "Reads lines on stdin and prints, for each, its pinyin: one token per Chinese\n"
	        "character (syllable and tone 1-5, u-umlaut written v, rhotacized er as r5),\n"
	        "other text as its own tokens, and '|' where a long clause is read as two\n"
	        "prosodic phrases (docs/prosody.md).\n"
	        "\n"
	        "options:\n"
	        "  --no-normalize  do not normalize numbers and symbols first\n"
	        "  --data DIR      directory holding tingbao.lex (default: $TINGBAO_DATA, or\n"
	        "                  the program's directory)\n"
	        "  --lexicon FILE  extra override words, 'word<TAB>pin1 yin1' lines (may repeat;\n"
	        "                  voices/cmn/lexicon.tsv is always loaded when found)\n"
	        "  --speech        print the text given to the speech engine instead\n"
	        "  --why           mark each reading with what decided it (see pinyin.h)\n"
	        "  --no-phrases    no prosodic phrase breaks ('|' tokens) inside clauses\n"
	        "  -h, --help      this help\n");
}

int cli_pinyin(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"no-normalize", no_argument, NULL, 'n'},  {"data", required_argument, NULL, 'd'},
	        {"lexicon", required_argument, NULL, 'l'}, {"speech", no_argument, NULL, 's'},
	        {"why", no_argument, NULL, 'w'},           {"no-phrases", no_argument, NULL, 'p'},
	        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
	};
	const char *data_dir = NULL;
	const char *lexicons[16];
	int nlex = 0, normalize = 1, speech = 0, opt, status = CLI_OK;
	unsigned why = 0;
	struct tb_err err = {0, ""};
	struct py_lexicon *lex = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			normalize = 0;
			break;
		case 'd':
			data_dir = optarg;
			break;
		case 's':
			speech = 1;
			break;
		case 'w':
			why |= PY_TOKENS_WHY;
			break;
		case 'p':
			why |= PY_NO_PHRASES;
			break;
		case 'l':
			if (nlex == (int)(sizeof(lexicons) / sizeof(lexicons[0])))
				return cli_usage_error("pinyin", "too many --lexicon files");
			lexicons[nlex++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			return cli_bad_option("pinyin", opt, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("pinyin", "unexpected argument '%s'", argv[optind]);
	if (cli_open_lexicon(data_dir, lexicons, (size_t)nlex, &lex, &err))
		goto fail;

	struct buf norm = BUF_INIT, out = BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		const char *text = line;
		size_t len = (size_t)n;

		buf_reset(&out);
		if (normalize) {
			buf_reset(&norm);
			if (tn_normalize(line, len, &norm, NULL)) {
				err_set(&err, TB_E_NOMEM, "normalization failed (out of memory)");
				status = cli_fail(&err);
				break;
			}
			text = buf_cstr(&norm);
			len = norm.len;
		}
		if (py_convert_ex(lex, text, len, speech ? NULL : &out, speech ? &out : NULL, why,
		                  &err)) {
			status = cli_fail(&err);
			break;
		}
		if (buf_addc(&out, '\n') || fwrite(out.data, 1, out.len, stdout) != out.len) {
			err_set(&err, TB_E_IO, "cannot write the output");
			status = cli_fail(&err);
			break;
		}
	}
	free(line);
	buf_release(&norm);
	buf_release(&out);
	py_close(lex);
	if (fflush(stdout) && status == CLI_OK) {
		fprintf(stderr, "tingbao: cannot write the output\n");
		status = CLI_FAILED;
	}
	return status;
fail:
	py_close(lex);
	return cli_fail(&err);
}
