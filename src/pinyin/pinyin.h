/*
 * pinyin — the Mandarin front end: normalized text → pinyin with tone numbers.
 *
 * A struct py_lexicon is opened once (memory-mapped, read-only) and may be used
 * by any number of conversions; py_close() releases it. Conversions append to
 * caller-owned bufs:
 *   tokens — space-separated, one token per Chinese character ("yin2 hang2"),
 *            other text as its own tokens: the manifest's `pinyin` field;
 *   speech — the input for eSpeak NG's cmn-latn-pinyin voice: syllables of a
 *            word joined ("yin2hang2"), words separated by spaces, punctuation
 *            kept for phrasing.
 */
#ifndef TB_PINYIN_H
#define TB_PINYIN_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

struct py_lexicon;

/* Finds and opens the lexicon: `data_dir` (from --data) if given, else
 * $TINGBAO_DATA, else the directory of the running program. A missing or
 * corrupt file is TB_E_DATA with a message saying where it looked. */
int py_open_default(const char *data_dir, struct py_lexicon **out, struct tb_err *err);
void py_close(struct py_lexicon *lex);

/* Adds user overrides (`词<TAB>ci2` lines, # comments); they win over the lexicon. */
int py_add_overrides(struct py_lexicon *lex, const char *path, struct tb_err *err);

/* Loads the project's own overrides, voices/cmn/lexicon.tsv, from the first
 * place that has it: `data_dir`, $TINGBAO_DATA, the program's directory, its
 * parent (a build directory inside the source tree). None found is not an error. */
int py_add_default_overrides(struct py_lexicon *lex, const char *data_dir, struct tb_err *err);

/* 1 when `s` (UTF-8, `len` bytes) is a word of the lexicon, else 0. Used by line repair. */
int py_has_word(const struct py_lexicon *lex, const char *s, size_t len);

/* Appends the conversion of `text` to `tokens` and/or `speech` (either may be
 * NULL). `speech` is an SSML body fragment (XML-escaped; English words inside
 * <voice xml:lang="en">) for espeak_Synth with espeakSSML|espeakCHARS_UTF8. */
int py_convert(const struct py_lexicon *lex, const char *text, size_t len,
	       struct buf *tokens, struct buf *speech, struct tb_err *err);

/* py_convert with options: PY_TOKENS_WHY appends to each Chinese token "/" and
 * a letter saying what decided it (w word, o override, c character default,
 * u Unihan, k unknown, y/b 一/不 sandhi, n neutral, e erhua, s surname, x
 * context), then "1" when the character stood alone as a word. */
enum { PY_TOKENS_WHY = 1 };
int py_convert_ex(const struct py_lexicon *lex, const char *text, size_t len,
		  struct buf *tokens, struct buf *speech, unsigned flags, struct tb_err *err);

/* Appends a human-readable account of the conversion: the segmentation, then
 * each word and character with its reading and what decided it. */
int py_explain(const struct py_lexicon *lex, const char *text, size_t len, struct buf *out,
	       struct tb_err *err);

#endif
