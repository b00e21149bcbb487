/*
 * pinyin — the Mandarin front end: normalized text → pinyin with tone numbers.
 *
 * A struct py_lexicon is opened once (tingbao.lex, memory-mapped, read-only;
 * built by tools/lexbuild from @pinyin-pro/data and Unihan) and may be used by
 * any number of conversions, also from several threads at once; add overrides
 * before the first conversion. py_close() releases it. Conversions segment each
 * run of Chinese characters (max-probability path over the lexicon; override
 * words are never split), read each word from the lexicon, then apply rules:
 * 一/不 sandhi across words, neutral tones, erhua, surnames in bylines and
 * before titles, context readings of standalone function characters. The
 * third-tone sandhi is left to eSpeak NG. Traditional characters are looked up
 * as simplified. Output is appended to caller-owned bufs:
 *   tokens — space-separated, one token per Chinese character ("yin2 hang2",
 *            ü as v, rhotacized 儿 as r5), other text as its own tokens
 *            ("GDP", "3.5%", "，"): the manifest's `pinyin` field;
 *   speech — an SSML body fragment for eSpeak NG's cmn-latn-pinyin voice:
 *            syllables of a word joined ("yin2hang2", erhua "dian3r"), words
 *            separated by spaces, ，。！？；： as ASCII , . ! ? ; : for phrasing,
 *            acronyms spelled by the English voice (<voice xml:lang="en">G D
 *            P</voice>) and English words read by it, Chinese after them inside
 *            <voice xml:lang="cmn-latn-pinyin"> (the voice does not switch back
 *            by itself), leftover digits read in Chinese, &, <, > never emitted.
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

/* Adds user overrides (`词<TAB>ci2` lines, # comments); they win over the lexicon
 * and a multi-character override word is never split by the segmenter. A
 * one-character entry sets the reading of that character where it stands alone
 * (words containing it keep theirs). A malformed line is TB_E_INPUT (file:line). */
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
int py_convert(const struct py_lexicon *lex, const char *text, size_t len, struct buf *tokens,
               struct buf *speech, struct tb_err *err);

/* py_convert with options: PY_TOKENS_WHY appends to each Chinese token "/" and
 * a letter saying what decided it (w word, o override, c character default,
 * u Unihan, k unknown, y/b 一/不 sandhi, n neutral, e erhua, s surname, x
 * context, d word from or settled by CC-CEDICT, m rare character read as in
 * names), then "1" when the character stood alone as a word. PY_NO_PHRASES
 * leaves out the phrase breaks (no `|` tokens, one utterance per stretch). */
enum { PY_TOKENS_WHY = 1, PY_NO_PHRASES = 2 };
int py_convert_ex(const struct py_lexicon *lex, const char *text, size_t len, struct buf *tokens,
                  struct buf *speech, unsigned flags, struct tb_err *err);

/* Appends a human-readable account of the conversion: the segmentation, then
 * each word and character with its reading and what decided it. */
int py_explain(const struct py_lexicon *lex, const char *text, size_t len, struct buf *out,
               struct tb_err *err);

#endif
