/* tingbao explain TEXT: how a text is normalized, segmented and read. */
#include "cli/cli.h"

#include "core/buf.h"
#include "pinyin/pinyin.h"
#include "text/tn.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: tingbao explain [--no-normalize] [--data DIR] [--lexicon FILE] TEXT...\n"
	        "\n"
	        "Shows how TEXT is normalized, how it is split into words, each character's\n"
	        "reading and what decided it (lexicon word, rule, override, character default),\n"
	        "then the pinyin tokens and the text given to the speech engine.\n"
	        "\n"
	        "options:\n"
	        "  --no-normalize  do not normalize numbers and symbols first\n"
	        "  --data DIR      directory holding tingbao.lex (default: $TINGBAO_DATA, or\n"
	        "                  the program's directory)\n"
	        "  --lexicon FILE  extra override words, 'word<TAB>pin1 yin1' lines\n"
	        "  -h, --help      this help\n");
}

int cli_explain(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"no-normalize", no_argument, NULL, 'n'},
	        {"data", required_argument, NULL, 'd'},
	        {"lexicon", required_argument, NULL, 'l'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *data_dir = NULL, *lexicon = NULL;
	int normalize = 1, opt, status = CLI_OK;
	struct tb_err err = {0, ""};
	struct py_lexicon *lex = NULL;
	struct buf text = BUF_INIT, norm = BUF_INIT, notes = BUF_INIT, out = BUF_INIT;
	struct buf tokens = BUF_INIT, speech = BUF_INIT;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			normalize = 0;
			break;
		case 'd':
			data_dir = optarg;
			break;
		case 'l':
			lexicon = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		default:
			return cli_bad_option("explain", opt, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("explain", "no TEXT given");
	for (int i = optind; i < argc; i++) {
		if ((i > optind && buf_addc(&text, ' ')) || buf_adds(&text, argv[i])) {
			err_set(&err, TB_E_NOMEM, "out of memory");
			goto fail;
		}
	}
	if (cli_open_lexicon(data_dir, &lexicon, lexicon != NULL, &lex, &err))
		goto fail;
	printf("input:      %s\n", buf_cstr(&text));
	if (normalize) {
		if (tn_normalize(text.data, text.len, &norm, &notes)) {
			err_set(&err, TB_E_NOMEM, "normalization failed (out of memory)");
			goto fail;
		}
		printf("normalized: %s\n", buf_cstr(&norm));
		if (notes.len)
			printf("notes:\n%s%s", buf_cstr(&notes),
			       notes.data[notes.len - 1] == '\n' ? "" : "\n");
	} else if (buf_add(&norm, text.data, text.len)) {
		err_set(&err, TB_E_NOMEM, "out of memory");
		goto fail;
	}
	if (py_explain(lex, norm.data, norm.len, &out, &err) ||
	    py_convert(lex, norm.data, norm.len, &tokens, &speech, &err))
		goto fail;
	printf("%s", buf_cstr(&out));
	printf("pinyin:     %s\n", buf_cstr(&tokens));
	printf("speech:     %s\n", buf_cstr(&speech));
	goto done;
fail:
	status = cli_fail(&err);
done:
	py_close(lex);
	buf_release(&text);
	buf_release(&norm);
	buf_release(&notes);
	buf_release(&out);
	buf_release(&tokens);
	buf_release(&speech);
	return status;
}
