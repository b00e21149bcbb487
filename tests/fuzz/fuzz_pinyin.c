/* libFuzzer target: pinyin conversion (tokens and the SSML for the engine) of any
 * bytes, with the real lexicon: $TB_BUILD_DIR/tingbao.lex, else the directory given
 * by $TINGBAO_DATA, else beside the program. */
#include "pinyin/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct py_lexicon *lex;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tb_err err;

	(void)argc;
	(void)argv;
	if (py_open_default(getenv("TB_BUILD_DIR"), &lex, &err)) {
		fprintf(stderr, "fuzz_pinyin: %s (set TB_BUILD_DIR to the build directory)\n",
		        err.msg);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf tokens = BUF_INIT, speech = BUF_INIT, why = BUF_INIT;
	struct tb_err err;

	py_convert(lex, (const char *)data, size, &tokens, &speech, &err);
	py_convert_ex(lex, (const char *)data, size, &why, NULL, PY_TOKENS_WHY, &err);
	buf_release(&tokens);
	buf_release(&speech);
	buf_release(&why);
	return 0;
}
