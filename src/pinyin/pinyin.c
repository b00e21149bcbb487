/* Placeholder until the pinyin front end lands: characters pass through to eSpeak NG. */
#include "pinyin/pinyin.h"

#include <stdlib.h>

struct py_lexicon {
	int unused;
};

int py_open_default(const char *data_dir, struct py_lexicon **out, struct tb_err *err)
{
	(void)data_dir;
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

void py_close(struct py_lexicon *lex)
{
	free(lex);
}

int py_add_overrides(struct py_lexicon *lex, const char *path, struct tb_err *err)
{
	(void)lex;
	(void)path;
	(void)err;
	return 0;
}

int py_convert(const struct py_lexicon *lex, const char *text, size_t len,
	       struct buf *tokens, struct buf *speech, struct tb_err *err)
{
	(void)lex;
	(void)tokens;
	if (buf_add(speech, text, len))
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

int py_has_word(const struct py_lexicon *lex, const char *s, size_t len)
{
	(void)lex;
	(void)s;
	(void)len;
	return 0;
}
