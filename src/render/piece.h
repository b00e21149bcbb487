/*
 * piece — a section cut into pieces that are rendered independently: the
 * opening, then one piece per article. A piece is planned first as a list of
 * operations (silence, cue, sentence), so that everything deciding its audio
 * is known before any synthesis (the cache key is a hash of the plan); then
 * synthesized into PCM; then processed and encoded (possibly in another
 * thread); then placed on the section's timeline.
 *
 * Positions inside a piece are relative to its first sample. Placing a piece
 * (piece_place) turns them into the section's sample positions in the doc.
 *
 * Ownership: a piece owns its buffers (piece_release); the sentences it
 * points to belong to the doc, which must outlive it and not grow meanwhile.
 */
#ifndef TB_PIECE_H
#define TB_PIECE_H

#include "audio/dsp.h"
#include "core/buf.h"
#include "core/err.h"
#include "layout/doc.h"
#include "mp3/mp3.h"
#include "render/episode.h"

enum piece_op_kind {
	PIECE_SILENCE, /* ms of silence */
	PIECE_CUE,     /* the profile's cue sound, then its pause */
	PIECE_SAY,     /* one sentence: chunks half of ms apart, phrases phrase_ms apart */
	PIECE_ALIGN,   /* silence up to a whole number of MP3 frames */
	PIECE_MARK,    /* a position worth remembering (see below) */
};

enum piece_mark {
	MARK_GAP_START,     /* where the silence before an article begins */
	MARK_SOUND_START,   /* where its sound (cue or voice) begins */
	MARK_ARTICLE_START, /* where its voice begins */
	MARK_ARTICLE_END,
	MARK_COUNT,
};

struct piece_op {
	enum piece_op_kind kind;
	unsigned ms;
	unsigned phrase_ms; /* PIECE_SAY: the pause at a phrase break ('|' in its speech) */
	enum piece_mark mark;
	struct doc_sentence *sentence;
	int64_t start, end; /* relative sample positions, filled by synthesis */
};

struct piece {
	size_t number;               /* 0 = the opening, then articles from 1 */
	struct doc_article *article; /* NULL for the opening */
	struct buf ops;              /* vec of struct piece_op */
	unsigned char key[32];       /* SHA-256 of everything that decides the audio */

	/* results */
	int64_t nsamples;          /* samples synthesized (synthesis rate) */
	int64_t length;            /* length on the timeline (joined MP3: frames' worth) */
	int64_t marks[MARK_COUNT]; /* relative positions, -1 when absent */
	struct buf pcm;            /* float samples, while between synthesis and writing */
	struct buf mp3;            /* encoded frames (MP3 output) */
	struct mp3_piece enc;
	struct dsp_report report;
	struct buf loudness; /* vec of struct meter_block (see render/meter.h) */
	int from_cache;
	int64_t start; /* position on the section's timeline, once placed */
};

/* Plans the pieces of a section into `pieces` (a vec of struct piece). */
int piece_plan_section(struct doc_section *s, const struct ep_opts *o, struct buf *pieces,
                       struct tb_err *err);

/* Synthesizes a planned piece into p->pcm (the speech engine must be open). */
int piece_synthesize(struct piece *p, const struct ep_opts *o, unsigned rate, struct tb_err *err);

/* Places a piece at `start` on the timeline: writes the doc's sample positions of its
 * sentences and article. */
void piece_place(struct piece *p, int64_t start);

/* Appends a canonical description of the piece's plan to `out` (for its cache key). */
int piece_describe(const struct piece *p, struct buf *out);

/* The results of a rendered piece as bytes (for the cache, and from the process that
 * rendered it): positions, loudness, and the MP3 frames or else the samples. Appends to
 * `out`; 0 or TB_E_NOMEM. */
int piece_serialize(const struct piece *p, struct buf *out);
/* Fills a planned piece from piece_serialize()'s bytes; -1 if they do not fit its plan. */
int piece_deserialize(struct piece *p, const unsigned char *data, size_t len);

void piece_release(struct piece *p);
void piece_release_all(struct buf *pieces);

#endif
