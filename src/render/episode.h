/*
 * episode — renders one section of a prepared document into audio:
 * synthesis sentence by sentence, pauses and cues, one processed piece per
 * article (filters, compression, loudness, true-peak limiting), encoding, and
 * the ID3v2.3 tag.
 *
 * Two layouts:
 *   episode  — one file per section with a chapter (CHAP) per article;
 *   numbered — one file for the section's opening and one per article, each
 *              with a small tag, named and numbered as the edition's station
 *              plan says (render/station.h: NN/001.mp3 …, or mp3/0001.mp3 …),
 *              for small players that address files by number.
 *
 * The speech engine must be open (speech_open) before calling. The section's
 * sample positions (sentences, articles, chapters, nsamples, rate), file
 * names and loudness are filled in. Files are written into o->out only under
 * temporary names, handed to the caller's set to be renamed together with what
 * goes beside them (core/afile.h).
 *
 * Memory stays bounded by one article: each article is processed and
 * encoded as soon as it is synthesized. The tag's size does not depend on
 * the times, so its space is reserved first and the final tag written over
 * it at the end.
 */
#ifndef TB_EPISODE_H
#define TB_EPISODE_H

#include "audio/profile.h"
#include "core/afile.h"
#include "core/err.h"
#include "layout/doc.h"

struct cache;
struct station_plan;

enum ep_format { EP_MP3, EP_WAV, EP_FLAC };

struct ep_pauses {
	unsigned sentence_ms;
	unsigned paragraph_ms;
	unsigned subhead_ms;
	unsigned article_ms;
	unsigned section_ms; /* after the section's opening, before its first article */
	unsigned cue_ms;     /* between a cue and the speech after it */
	unsigned phrase_ms;  /* at a phrase break inside a sentence (speech "a | b") */
};

struct ep_opts {
	struct afile_dir *out; /* the output directory */
	enum ep_format format;
	unsigned mp3_rate;     /* MP3 stream rate (Hz) */
	unsigned bitrate_kbps; /* CBR */
	int mp3_quality;       /* LAME 0..9 */
	struct ep_pauses pause;
	const char *album;              /* TALB: the publication; may be NULL */
	const char *voice;              /* recorded in the tag's encoder line */
	const struct prof_audio *audio; /* processing of each piece; NULL = none */
	const float *cue;               /* the cue sound at the synthesis rate, or NULL */
	size_t ncue;
	enum prof_cue_before cue_before;
	enum prof_layout layout;
	int chapters;            /* write CTOC/CHAP (episode layout) */
	int sub_chapters;        /* also a child CTOC per article with a CHAP per subhead (players
	                          * built on ffmpeg list those as chapters too) */
	int small_tag;           /* text frames only: no chapters (numbered layout) */
	unsigned section_number; /* 1-based: the section's place among the document's */
	const struct station_plan *station; /* the numbered layout's names and titles */
	unsigned jobs;             /* threads processing pieces, the synthesizing one included;
	                            * 0 = one per processor */
	const struct cache *cache; /* rendered pieces kept by content; NULL = none */
	const char *cache_context; /* what decides a piece's audio besides its plan */
};

/* File extension of a format, without the dot. */
const char *ep_format_ext(enum ep_format f);

/* Whether the section fits what its files can hold (chapters in one ID3 CTOC; the numbered
 * layout's numbers are the station plan's to check): TB_E_LIMIT naming the page otherwise.
 * Call before writing. */
int ep_check_section(const struct doc_section *s, const struct ep_opts *o, struct tb_err *err);

/* The largest audio file written: the info frame and WAV count bytes in 32 bits. */
#define EP_MAX_FILE_BYTES ((uint64_t)0xFFFFFFFFu - ((uint64_t)1 << 20))

/* The section's files (the episode, or the numbered layout's files) are left prepared
 * under their temporary names in `files`, for the caller to rename together with what
 * goes beside them (or to abort). */
int ep_render_section(struct doc *d, struct doc_section *s, const struct ep_opts *o,
                      struct afile_set *files, struct tb_err *err);

/* Milliseconds of a sample position at `rate`, rounded to nearest. */
int64_t ep_ms(int64_t samples, unsigned rate);

#endif
