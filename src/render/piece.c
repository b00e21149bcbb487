#include "render/piece.h"

#include "render/meter.h"
#include "speech/speech.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Samples per MPEG-2 layer III frame; half an MPEG-1 frame, so it aligns both. */
#define PIECE_FRAME_ALIGN 576
/*
 * A long article is cut into pieces between paragraphs (a long opening between
 * sentences) once a piece holds this many bytes of speech text (about a minute
 * of speech): a changed sentence then re-renders one minute, not the article,
 * and no process holds more than a few minutes of samples. In the numbered
 * layout the pieces of one article are joined into its one file.
 */
#define PIECE_SPLIT_BYTES 1200

/* ---- planning ---- */

struct planner {
	struct piece *p;
	const struct ep_opts *o;
	struct buf *pieces;
	int spoke; /* something audible was planned: the next block needs a pause first */
	int failed;
	size_t bytes; /* speech text planned into the current piece */
};

static void add_op(struct planner *pl, enum piece_op_kind kind, unsigned ms, struct doc_sentence *s)
{
	struct piece_op *op = VEC_PUSH(&pl->p->ops, struct piece_op);

	if (!op) {
		pl->failed = 1;
		return;
	}
	op->kind = kind;
	op->ms = ms;
	op->sentence = s;
	op->phrase_ms = 0;
	op->start = op->end = -1;
}

/* A sentence; `gap_ms` is the pause after it, half of it the breath between its chunks. */
static void add_say(struct planner *pl, unsigned gap_ms, struct doc_sentence *s)
{
	add_op(pl, PIECE_SAY, gap_ms, s);
	if (!pl->failed)
		VEC_AT(&pl->p->ops, struct piece_op, VEC_LEN(&pl->p->ops, struct piece_op) - 1)
		        .phrase_ms = pl->o->pause.phrase_ms;
}

static void add_mark(struct planner *pl, enum piece_mark m)
{
	add_op(pl, PIECE_MARK, 0, NULL);
	if (!pl->failed)
		VEC_AT(&pl->p->ops, struct piece_op, VEC_LEN(&pl->p->ops, struct piece_op) - 1)
		        .mark = m;
}

static void add_silence(struct planner *pl, unsigned ms)
{
	if (ms)
		add_op(pl, PIECE_SILENCE, ms, NULL);
}

/* Sentences of a block, `gap_ms` apart; `before_ms` of silence first unless nothing came yet. */
static void plan_block(struct planner *pl, struct buf *vec, unsigned before_ms, unsigned gap_ms)
{
	size_t i;

	for (i = 0; i < DOC_NSENTS(vec); i++) {
		add_silence(pl, pl->spoke ? (i == 0 ? before_ms : gap_ms) : 0);
		add_say(pl, gap_ms, DOC_SENT(vec, i));
		pl->bytes += strlen(doc_sentence_speech(DOC_SENT(vec, i)));
		pl->spoke = 1;
	}
}

static struct piece *new_piece(struct buf *pieces, size_t number);

/* Ends the current piece inside a paragraph pause and goes on in a new one. */
static void split_piece(struct planner *pl, unsigned pause_ms)
{
	struct piece *next;
	size_t number = pl->p->number;
	struct doc_article *a = pl->p->article;

	add_silence(pl, pause_ms / 2);
	add_op(pl, PIECE_ALIGN, 0, NULL);
	next = new_piece(pl->pieces, number); /* moves the vec: pl->p is stale from here */
	if (!next) {
		pl->failed = 1;
		return;
	}
	next->article = a;
	pl->p = next;
	pl->bytes = 0;
	add_silence(pl, pause_ms - pause_ms / 2);
	pl->spoke = 0; /* the pause is planned already */
}

static void plan_article_voice(struct planner *pl, struct doc_article *a)
{
	const struct ep_pauses *pz = &pl->o->pause;
	size_t k;

	pl->spoke = 0;
	plan_block(pl, &a->announce, pz->sentence_ms, pz->sentence_ms);
	plan_block(pl, &a->heading, pz->sentence_ms, pz->sentence_ms);
	for (k = 0; k < DOC_NPARAS(a); k++) {
		struct doc_paragraph *para = DOC_PARA(a, k);

		if (para->subhead_sentence.text) {
			add_silence(pl, pl->spoke ? pz->subhead_ms : 0);
			add_say(pl, pz->sentence_ms, &para->subhead_sentence);
			pl->spoke = 1;
		}
		plan_block(pl, &para->sentences, pz->paragraph_ms, pz->sentence_ms);
		if (pl->bytes >= PIECE_SPLIT_BYTES && k + 1 < DOC_NPARAS(a) && !pl->failed)
			split_piece(pl, DOC_PARA(a, k + 1)->subhead_sentence.text
			                        ? pz->subhead_ms
			                        : pz->paragraph_ms);
	}
	plan_block(pl, &a->closing, pz->paragraph_ms, pz->sentence_ms);
}

static struct piece *new_piece(struct buf *pieces, size_t number)
{
	struct piece *p = VEC_PUSH(pieces, struct piece);
	int m;

	if (!p)
		return NULL;
	p->number = number;
	buf_init(&p->ops, 0);
	buf_init(&p->pcm, 0);
	buf_init(&p->mp3, 0);
	buf_init(&p->loudness, 0);
	for (m = 0; m < MARK_COUNT; m++)
		p->marks[m] = -1;
	return p;
}

/* Whether the opening says or plays anything (the first article then follows after
 * pause_section_ms instead of pause_article_ms). */
static int opening_audible(const struct doc_section *s, const struct ep_opts *o)
{
	return DOC_NSENTS(&s->intro) > 0 || (o->cue_before == PROF_BEFORE_SECTION && o->ncue);
}

/* The opening's sentences, a sentence pause apart, cut into pieces when long. */
static void plan_intro(struct planner *pl, struct doc_section *s)
{
	size_t i, n = DOC_NSENTS(&s->intro);

	for (i = 0; i < n && !pl->failed; i++) {
		struct doc_sentence *st = DOC_SENT(&s->intro, i);

		add_silence(pl, pl->spoke ? pl->o->pause.sentence_ms : 0);
		add_op(pl, PIECE_SAY, pl->o->pause.sentence_ms, st);
		pl->bytes += strlen(doc_sentence_speech(st));
		pl->spoke = 1;
		if (pl->bytes >= PIECE_SPLIT_BYTES && i + 1 < n && !pl->failed)
			split_piece(pl, pl->o->pause.sentence_ms);
	}
}

static int plan_opening(struct doc_section *s, const struct ep_opts *o, struct buf *pieces)
{
	int numbered = o->layout == PROF_LAYOUT_NUMBERED;
	struct planner pl = {NULL, o, pieces, 0, 0, 0};
	unsigned half = o->pause.article_ms / 2;

	pl.p = new_piece(pieces, 0);
	if (!pl.p)
		return -1;
	if (numbered && !opening_audible(s, o))
		return 0; /* no file for it (render/station.h) */
	if (numbered)
		add_silence(&pl, o->pause.sentence_ms);
	if (o->cue_before == PROF_BEFORE_SECTION && o->ncue) {
		add_op(&pl, PIECE_CUE, o->pause.cue_ms, NULL);
		pl.spoke = 0;
	}
	plan_intro(&pl, s);
	if (numbered) {
		/* The first article's file starts with half an article pause: played one
		 * after the other, the files leave pause_section_ms between them. */
		add_silence(&pl, o->pause.section_ms > half ? o->pause.section_ms - half : 0);
		add_op(&pl, PIECE_ALIGN, 0, NULL);
	}
	return pl.failed ? -1 : 0;
}

static int plan_article(struct doc_section *s, size_t j, const struct ep_opts *o,
                        struct buf *pieces)
{
	int numbered = o->layout == PROF_LAYOUT_NUMBERED;
	int last = j + 1 == DOC_NARTICLES(s);
	struct planner pl = {NULL, o, pieces, 0, 0, 0};

	pl.p = new_piece(pieces, j + 1);
	if (!pl.p)
		return -1;
	pl.p->article = DOC_ARTICLE(s, j);
	add_mark(&pl, MARK_GAP_START);
	/* In the numbered layout each file carries half the pause at either end. */
	if (numbered)
		add_silence(&pl, o->pause.article_ms / 2);
	else
		add_silence(&pl, j == 0 && opening_audible(s, o) ? o->pause.section_ms
		                                                 : o->pause.article_ms);
	add_mark(&pl, MARK_SOUND_START);
	if (o->cue_before == PROF_BEFORE_ARTICLE && o->ncue)
		add_op(&pl, PIECE_CUE, o->pause.cue_ms, NULL);
	add_mark(&pl, MARK_ARTICLE_START);
	plan_article_voice(&pl, pl.p->article);
	add_mark(&pl, MARK_ARTICLE_END);
	/* A short tail so the last word is not cut off by players that stop early. */
	if (numbered || last)
		add_silence(&pl, numbered ? o->pause.article_ms / 2 : o->pause.paragraph_ms);
	/* Whole MP3 frames, so the encoder pads least. */
	add_op(&pl, PIECE_ALIGN, 0, NULL);
	return pl.failed ? -1 : 0;
}

int piece_plan_section(struct doc_section *s, const struct ep_opts *o, struct buf *pieces,
                       struct tb_err *err)
{
	size_t j;

	if (plan_opening(s, o, pieces))
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (j = 0; j < DOC_NARTICLES(s); j++)
		if (plan_article(s, j, o, pieces))
			return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

/* ---- synthesis ---- */

/* True when the text has something to pronounce (not only punctuation and spaces). */
static int has_speakable(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int in_tag = 0;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);

		if (n <= 0)
			return 0;
		p += n;
		if (cp == '<')
			in_tag = 1;
		else if (cp == '>')
			in_tag = 0;
		else if (!in_tag) {
			utf8proc_category_t c = utf8proc_category(cp);

			if (c <= UTF8PROC_CATEGORY_NO && c != UTF8PROC_CATEGORY_CN &&
			    !(c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME))
				return 1;
		}
	}
	return 0;
}

struct synth {
	struct piece *p;
	unsigned rate;
	struct buf pcm16;
	struct buf chunk;
};

static int64_t synth_pos(const struct synth *sy)
{
	return (int64_t)VEC_LEN(&sy->p->pcm, float);
}

static int synth_zeros(struct synth *sy, size_t n, struct tb_err *err)
{
	if (n && !buf_addzero(&sy->p->pcm, n * sizeof(float)))
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

static int synth_silence(struct synth *sy, unsigned ms, struct tb_err *err)
{
	return synth_zeros(sy, (size_t)sy->rate * ms / 1000, err);
}

static int synth_cue(struct synth *sy, const struct ep_opts *o, unsigned after_ms,
                     struct tb_err *err)
{
	float *out = buf_addzero(&sy->p->pcm, o->ncue * sizeof(float));

	if (!out)
		return err_set(err, TB_E_NOMEM, "out of memory");
	memcpy(out, o->cue, o->ncue * sizeof(float));
	return synth_silence(sy, after_ms, err);
}

/* Synthesizes one chunk and appends it to the piece. */
static int synth_chunk(struct synth *sy, const char *chunk, struct tb_err *err)
{
	const int16_t *in;
	size_t i, n;
	float *out;
	int rc;

	buf_reset(&sy->pcm16);
	if ((rc = speech_say(chunk, &sy->pcm16, err)))
		return rc;
	n = sy->pcm16.len / sizeof(int16_t);
	in = (const int16_t *)(const void *)sy->pcm16.data;
	out = buf_addzero(&sy->p->pcm, n * sizeof(float));
	if (!out)
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		out[i] = (float)in[i] / 32768.0f;
	return 0;
}

/*
 * A sentence's speech holds chunks separated by newlines, read with a short
 * breath between (half the sentence pause), and inside a chunk prosodic phrases
 * separated by '|', each its own utterance (so the synthesizer's tone sandhi
 * starts again) with the phrase pause between.
 */
static int synth_sentence(struct synth *sy, struct piece_op *op, struct tb_err *err)
{
	const char *speech = doc_sentence_speech(op->sentence);
	int rc = 0, spoke = 0;
	unsigned pause = 0; /* before the next utterance: the longest asked for since the last */

	while (!rc && *speech) {
		size_t len = strcspn(speech, "\n|");

		buf_reset(&sy->chunk);
		if (buf_add(&sy->chunk, speech, len))
			rc = err_set(err, TB_E_NOMEM, "out of memory");
		else if (has_speakable(sy->chunk.data)) {
			if (spoke)
				rc = synth_silence(sy, pause, err);
			if (!rc)
				rc = synth_chunk(sy, sy->chunk.data, err);
			spoke = 1;
			pause = 0;
		}
		if (speech[len] == '\n' && pause < op->ms / 2)
			pause = op->ms / 2;
		else if (speech[len] == '|' && pause < op->phrase_ms)
			pause = op->phrase_ms;
		speech += len + (speech[len] != '\0');
	}
	/* Nothing to pronounce ("……"): the sentence still takes its place in time. */
	if (!rc && !spoke)
		rc = synth_silence(sy, op->ms, err);
	if (rc)
		err_prefix(err, "sentence \"%.60s\"", op->sentence->text);
	return rc;
}

static int synth_op(struct synth *sy, struct piece_op *op, const struct ep_opts *o,
                    struct tb_err *err)
{
	int64_t rest;

	switch (op->kind) {
	case PIECE_SILENCE:
		return synth_silence(sy, op->ms, err);
	case PIECE_CUE:
		return synth_cue(sy, o, op->ms, err);
	case PIECE_SAY:
		return synth_sentence(sy, op, err);
	case PIECE_ALIGN:
		rest = synth_pos(sy) % PIECE_FRAME_ALIGN;
		return synth_zeros(sy, rest ? (size_t)(PIECE_FRAME_ALIGN - rest) : 0, err);
	case PIECE_MARK:
		sy->p->marks[op->mark] = synth_pos(sy);
		return 0;
	}
	return 0;
}

int piece_synthesize(struct piece *p, const struct ep_opts *o, unsigned rate, struct tb_err *err)
{
	struct synth sy = {p, rate, BUF_INIT, BUF_INIT};
	size_t i;
	int rc = 0;

	buf_reset(&p->pcm);
	for (i = 0; !rc && i < VEC_LEN(&p->ops, struct piece_op); i++) {
		struct piece_op *op = &VEC_AT(&p->ops, struct piece_op, i);

		op->start = synth_pos(&sy);
		rc = synth_op(&sy, op, o, err);
		op->end = synth_pos(&sy);
	}
	p->nsamples = synth_pos(&sy);
	p->length = p->nsamples;
	buf_release(&sy.pcm16);
	buf_release(&sy.chunk);
	return rc;
}

/* ---- placing and describing ---- */

void piece_place(struct piece *p, int64_t start)
{
	size_t i;

	p->start = start;
	for (i = 0; i < VEC_LEN(&p->ops, struct piece_op); i++) {
		struct piece_op *op = &VEC_AT(&p->ops, struct piece_op, i);

		if (op->kind == PIECE_SAY) {
			op->sentence->start_sample = start + op->start;
			op->sentence->end_sample = start + op->end;
		}
	}
	/* An article cut into several pieces starts in the first and ends in the last. */
	if (p->article && p->marks[MARK_ARTICLE_START] >= 0)
		p->article->start_sample = start + p->marks[MARK_ARTICLE_START];
	if (p->article && p->marks[MARK_ARTICLE_END] >= 0)
		p->article->end_sample = start + p->marks[MARK_ARTICLE_END];
}

int piece_describe(const struct piece *p, struct buf *out)
{
	size_t i;
	/* Not the piece's number: inserting an article must not change later pieces' keys. */
	int rc = buf_adds(out, "piece\n");

	for (i = 0; !rc && i < VEC_LEN(&p->ops, struct piece_op); i++) {
		const struct piece_op *op = &VEC_AT(&p->ops, struct piece_op, i);

		rc = buf_addf(out, "%d %u %u %d ", (int)op->kind, op->ms, op->phrase_ms,
		              (int)op->mark);
		if (!rc && op->kind == PIECE_SAY)
			rc = buf_adds(out, doc_sentence_speech(op->sentence));
		if (!rc)
			rc = buf_addc(out, '\n');
	}
	return rc;
}

/* ---- serialization: fixed-width little-endian fields ---- */

static int put_u64(struct buf *b, uint64_t v)
{
	unsigned char x[8];
	int i;

	for (i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	return buf_add(b, x, 8);
}

static int put_f64(struct buf *b, double v)
{
	uint64_t u;

	memcpy(&u, &v, sizeof(u));
	return put_u64(b, u);
}

struct reader {
	const unsigned char *p;
	size_t left;
	int bad;
};

static uint64_t get_u64(struct reader *r)
{
	uint64_t v = 0;
	int i;

	if (r->left < 8) {
		r->bad = 1;
		return 0;
	}
	for (i = 0; i < 8; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += 8;
	r->left -= 8;
	return v;
}

static double get_f64(struct reader *r)
{
	uint64_t u = get_u64(r);
	double v;

	memcpy(&v, &u, sizeof(v));
	return v;
}

int piece_serialize(const struct piece *p, struct buf *b)
{
	size_t i, nops = VEC_LEN(&p->ops, struct piece_op);
	size_t nblocks = VEC_LEN(&p->loudness, struct meter_block);
	const struct buf *payload = p->mp3.len ? &p->mp3 : &p->pcm;
	int rc = 0;

	rc = rc || put_u64(b, (uint64_t)p->nsamples) || put_u64(b, (uint64_t)p->length) ||
	     put_u64(b, p->enc.frames) || put_u64(b, p->enc.padding) || put_u64(b, p->enc.length);
	for (i = 0; !rc && i < MARK_COUNT; i++)
		rc = put_u64(b, (uint64_t)p->marks[i]);
	rc = rc || put_f64(b, p->report.true_peak_dbtp) || put_u64(b, nops);
	for (i = 0; !rc && i < nops; i++) {
		const struct piece_op *op = &VEC_AT(&p->ops, struct piece_op, i);

		rc = put_u64(b, (uint64_t)op->start) || put_u64(b, (uint64_t)op->end);
	}
	rc = rc || put_u64(b, nblocks);
	for (i = 0; !rc && i < nblocks; i++) {
		const struct meter_block *m = &VEC_AT(&p->loudness, struct meter_block, i);

		rc = put_f64(b, m->momentary) || put_f64(b, m->shortterm);
	}
	rc = rc || put_u64(b, payload == &p->mp3) || put_u64(b, payload->len) ||
	     buf_add(b, payload->data, payload->len);
	return rc;
}

/* The longest piece a result may describe (about 580 days at 22050 Hz): positions
 * beyond it are damage, and everything added to them stays far from overflowing. */
#define PIECE_MAX_SAMPLES ((int64_t)1 << 40)

struct span {
	int64_t start, end;
};

/* A position inside a piece of `n` samples, or -1 for none. */
static int valid_position(int64_t v, int64_t n)
{
	return v >= -1 && v <= n;
}

/* The fixed part of a result: lengths, encoder facts, marks, peak, the op count. */
static int read_head(struct reader *r, struct piece *got, size_t nops)
{
	uint64_t frames, padding;
	size_t i;
	int ok;

	got->nsamples = (int64_t)get_u64(r);
	got->length = (int64_t)get_u64(r);
	frames = get_u64(r);
	padding = get_u64(r);
	got->enc.length = get_u64(r);
	for (i = 0; i < MARK_COUNT; i++)
		got->marks[i] = (int64_t)get_u64(r);
	got->report.true_peak_dbtp = get_f64(r);
	ok = get_u64(r) == nops && !r->bad && got->nsamples >= 0 &&
	     got->nsamples <= PIECE_MAX_SAMPLES && got->length >= 0 &&
	     got->length <= PIECE_MAX_SAMPLES && got->enc.length <= (uint64_t)PIECE_MAX_SAMPLES &&
	     frames <= UINT32_MAX && padding <= UINT32_MAX;
	for (i = 0; ok && i < MARK_COUNT; i++)
		ok = valid_position(got->marks[i], got->nsamples);
	got->enc.frames = (uint32_t)frames;
	got->enc.padding = (uint32_t)padding;
	return ok ? 0 : -1;
}

/*
 * Everything is read and checked into scratch space first; the piece is changed only
 * when all of it fits (a damaged or foreign result leaves no trace in the piece).
 */
int piece_deserialize(struct piece *p, const unsigned char *data, size_t len)
{
	struct reader r = {data, len, 0};
	struct piece got;
	struct buf spans = BUF_INIT, blocks = BUF_INIT;
	size_t i, nops = VEC_LEN(&p->ops, struct piece_op), nblocks, payload_len;
	int is_mp3, rc = -1;

	memset(&got, 0, sizeof(got));
	if (read_head(&r, &got, nops))
		goto out;
	for (i = 0; i < nops; i++) {
		struct span *sp = VEC_PUSH(&spans, struct span);

		if (!sp)
			goto out;
		sp->start = (int64_t)get_u64(&r);
		sp->end = (int64_t)get_u64(&r);
		if (r.bad || !valid_position(sp->start, got.nsamples) ||
		    !valid_position(sp->end, got.nsamples) ||
		    (sp->start >= 0 && sp->end >= 0 && sp->end < sp->start))
			goto out;
	}
	nblocks = (size_t)get_u64(&r);
	if (r.bad || nblocks > r.left / 16)
		goto out;
	for (i = 0; i < nblocks; i++) {
		struct meter_block *m = VEC_PUSH(&blocks, struct meter_block);

		if (!m)
			goto out;
		m->momentary = get_f64(&r);
		m->shortterm = get_f64(&r);
	}
	is_mp3 = get_u64(&r) != 0;
	payload_len = (size_t)get_u64(&r);
	if (r.bad || payload_len != r.left)
		goto out;
	if (buf_add(is_mp3 ? &p->mp3 : &p->pcm, r.p, payload_len))
		goto out;
	/* Every check has passed: commit (nothing below can fail). */
	p->nsamples = got.nsamples;
	p->length = got.length;
	p->enc = got.enc;
	memcpy(p->marks, got.marks, sizeof(p->marks));
	p->report.true_peak_dbtp = got.report.true_peak_dbtp;
	for (i = 0; i < nops; i++) {
		struct piece_op *op = &VEC_AT(&p->ops, struct piece_op, i);

		op->start = VEC_AT(&spans, struct span, i).start;
		op->end = VEC_AT(&spans, struct span, i).end;
	}
	buf_release(&p->loudness);
	p->loudness = blocks;
	buf_init(&blocks, 0);
	rc = 0;
out:
	buf_release(&spans);
	buf_release(&blocks);
	return rc;
}

void piece_release(struct piece *p)
{
	buf_release(&p->ops);
	buf_release(&p->pcm);
	buf_release(&p->mp3);
	buf_release(&p->loudness);
}

void piece_release_all(struct buf *pieces)
{
	size_t i;

	for (i = 0; i < VEC_LEN(pieces, struct piece); i++)
		piece_release(&VEC_AT(pieces, struct piece, i));
	buf_release(pieces);
}
