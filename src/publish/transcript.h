/*
 * transcript — the text of an episode with times, in the formats players read:
 * WebVTT and SRT (one cue per spoken sentence with the printed text, times from
 * the manifest, which come from sample counts), LRC (lyrics lines, UTF-8 or GBK)
 * and the Podcasting 2.0 JSON chapters file (version 1.2.0).
 *
 * Every function appends to a buf and returns 0 or a negative TB_E_* code; the
 * output depends only on its arguments (deterministic). A sentence's text is
 * put on one line (newlines and tabs become spaces); an empty text falls back
 * to the spoken text, then to "…", so no cue is ever empty (an empty cue would
 * end the cue block early and change the cue count). What a format would read
 * as markup is written as the full-width character instead: "<>{}" in SRT,
 * "[]<>{}" in LRC text (WebVTT escapes & < > as character references).
 */
#ifndef TB_TRANSCRIPT_H
#define TB_TRANSCRIPT_H

#include "core/buf.h"
#include "core/err.h"
#include "publish/mread.h"

#include <stddef.h>
#include <stdint.h>

enum tr_lrc_encoding { TR_LRC_UTF8, TR_LRC_GBK };

/* "HH:MM:SS.mmm" (VTT, sep '.') or "HH:MM:SS,mmm" (SRT, sep ','); hours grow past 99. */
void tr_format_time(char *dst, size_t size, int64_t ms, char sep);
/* "MM:SS" below an hour, "H:MM:SS" from an hour on (seconds rounded down): the
 * timestamps podcast apps turn into links in show notes. */
void tr_format_clock(char *dst, size_t size, int64_t ms);

int tr_vtt(struct buf *out, const struct mr_episode *e);
int tr_srt(struct buf *out, const struct mr_episode *e);

/* LRC with [ti:], [ar:] (the publication, may be NULL), [al:], [by:], [length:] and one
 * [mm:ss.xx] line per sentence, then an empty line at the end of the last one.
 * With TR_LRC_GBK the whole file is converted with iconv; a character GBK lacks
 * (emoji, rare ideographs) becomes '?' and is counted in *replaced (may be NULL). */
int tr_lrc(struct buf *out, const struct mr_episode *e, const char *publication,
           enum tr_lrc_encoding enc, size_t *replaced, struct tb_err *err);

/* Converts UTF-8 to GBK (the same replacement rule as tr_lrc). */
int tr_utf8_to_gbk(struct buf *out, const char *s, size_t len, size_t *replaced,
                   struct tb_err *err);

/* JSON chapters (https://github.com/Podcastindex-org/podcast-namespace, chapters
 * version 1.2.0): version, title, podcastName (may be NULL), and per chapter
 * startTime, endTime (seconds) and title. */
int tr_chapters_json(struct buf *out, const struct mr_episode *e, const char *podcast_name);

/* Appends a sentence's text as one line (see above), unescaped. */
int tr_cue_text(struct buf *out, const struct mr_sentence *s);

#endif
