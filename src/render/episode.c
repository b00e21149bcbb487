#include "render/episode.h"

#include "core/afile.h"
#include "mp3/mp3.h"
#include "speech/speech.h"
#include "tag/id3.h"

#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Samples per MPEG-2 layer III frame; half an MPEG-1 frame, so it aligns both. */
#define EP_FRAME_ALIGN 576

/* Where finished samples go: the MP3 encoder or libsndfile, into one afile. */
struct sink {
	enum ep_format format;
	struct afile file;
	struct mp3_enc *mp3;
	SNDFILE *snd;
	long tag_space; /* bytes reserved at the start for the ID3 tag (MP3 only) */
};

/* The episode as it is being assembled: the current article's samples. */
struct timeline {
	struct buf piece; /* float samples not yet handed to the sink */
	struct buf pcm16; /* scratch for one utterance */
	int64_t flushed;  /* samples already handed to the sink */
	unsigned rate;
	struct sink *sink;
};

const char *ep_format_ext(enum ep_format f)
{
	switch (f) {
	case EP_WAV: return "wav";
	case EP_FLAC: return "flac";
	default: return "mp3";
	}
}

int64_t ep_ms(int64_t samples, unsigned rate)
{
	if (samples < 0 || rate == 0)
		return -1;
	return (samples * 1000 + rate / 2) / rate;
}

static int64_t tl_pos(const struct timeline *tl)
{
	return tl->flushed + (int64_t)VEC_LEN(&tl->piece, float);
}

static int tl_silence(struct timeline *tl, unsigned ms, struct tb_err *err)
{
	size_t n = (size_t)tl->rate * ms / 1000;

	if (!buf_addzero(&tl->piece, n * sizeof(float)))
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

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

/* Synthesizes one chunk and appends it to the piece. */
static int tl_say_chunk(struct timeline *tl, const char *chunk, struct tb_err *err)
{
	const int16_t *in;
	size_t i, n;
	float *out;
	int rc;

	buf_reset(&tl->pcm16);
	if ((rc = speech_say(chunk, &tl->pcm16, err)))
		return rc;
	n = tl->pcm16.len / sizeof(int16_t);
	in = (const int16_t *)(const void *)tl->pcm16.data;
	out = buf_addzero(&tl->piece, n * sizeof(float));
	if (!out)
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		out[i] = (float)in[i] / 32768.0f;
	return 0;
}

/* A sentence's speech holds chunks separated by newlines, read with a short breath between. */
static int tl_say(struct timeline *tl, struct doc_sentence *s, unsigned gap_ms,
		  struct tb_err *err)
{
	const char *speech = doc_sentence_speech(s);
	struct buf chunk = BUF_INIT;
	int rc = 0, spoke = 0;

	s->start_sample = tl_pos(tl);
	while (!rc && *speech) {
		size_t len = strcspn(speech, "\n");

		buf_reset(&chunk);
		if (buf_add(&chunk, speech, len))
			rc = err_set(err, TB_E_NOMEM, "out of memory");
		else if (has_speakable(chunk.data)) {
			if (spoke)
				rc = tl_silence(tl, gap_ms / 2, err);
			if (!rc)
				rc = tl_say_chunk(tl, chunk.data, err);
			spoke = 1;
		}
		speech += len + (speech[len] == '\n');
	}
	/* Nothing to pronounce ("……"): the sentence still takes its place in time. */
	if (!rc && !spoke)
		rc = tl_silence(tl, gap_ms, err);
	buf_release(&chunk);
	if (rc)
		err_prefix(err, "sentence \"%.60s\"", s->text);
	s->end_sample = tl_pos(tl);
	return rc;
}

static int sink_write(struct sink *k, const float *pcm, size_t n, struct tb_err *err)
{
	if (k->format == EP_MP3)
		return mp3_write(k->mp3, pcm, n, err);
	if (sf_writef_float(k->snd, pcm, (sf_count_t)n) != (sf_count_t)n)
		return err_set(err, TB_E_IO, "cannot write audio: %s", sf_strerror(k->snd));
	return 0;
}

/* Hands the current piece (one article, or the opening) to the sink. */
static int tl_flush(struct timeline *tl, struct tb_err *err)
{
	size_t n = VEC_LEN(&tl->piece, float);
	int rc;

	if (n == 0)
		return 0;
	rc = sink_write(tl->sink, (const float *)(const void *)tl->piece.data, n, err);
	tl->flushed += (int64_t)n;
	buf_reset(&tl->piece);
	return rc;
}

static int say_vec(struct timeline *tl, struct buf *vec, unsigned gap_ms, struct tb_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < DOC_NSENTS(vec); i++) {
		if (i > 0 && (rc = tl_silence(tl, gap_ms, err)))
			return rc;
		if ((rc = tl_say(tl, DOC_SENT(vec, i), gap_ms, err)))
			return rc;
	}
	return 0;
}

/*
 * A chapter starts inside the silence before its article: on the latest whole
 * second that leaves a little silence before the voice (some apps round chapter
 * starts down to seconds), else in the middle of the silence.
 */
static int64_t chapter_boundary(int64_t gap_start, int64_t voice_start, unsigned rate)
{
	int64_t margin = rate / 10;
	int64_t latest = voice_start - margin;
	int64_t sec = latest >= 0 ? latest / rate * rate : -1;

	if (sec > gap_start && sec <= latest)
		return sec;
	return gap_start + (voice_start - gap_start) / 2;
}

static int say_article(struct timeline *tl, struct doc_article *a, const struct ep_pauses *p,
		       struct tb_err *err)
{
	size_t k;
	int rc;

	a->start_sample = tl_pos(tl);
	if ((rc = say_vec(tl, &a->heading, p->sentence_ms, err)))
		return rc;
	for (k = 0; k < DOC_NPARAS(a); k++) {
		struct doc_paragraph *para = DOC_PARA(a, k);
		int first = k == 0 && DOC_NSENTS(&a->heading) == 0;

		if (para->subhead_sentence.text) {
			if (!first && (rc = tl_silence(tl, p->subhead_ms, err)))
				return rc;
			if ((rc = tl_say(tl, &para->subhead_sentence, p->sentence_ms, err)))
				return rc;
			first = 0;
		}
		if (DOC_NSENTS(&para->sentences) == 0)
			continue;
		if (!first && (rc = tl_silence(tl, p->paragraph_ms, err)))
			return rc;
		if ((rc = say_vec(tl, &para->sentences, p->sentence_ms, err)))
			return rc;
	}
	a->end_sample = tl_pos(tl);
	return 0;
}

static int assemble(struct timeline *tl, struct doc_section *s, const struct ep_pauses *p,
		    struct tb_err *err)
{
	size_t j, n = DOC_NARTICLES(s);
	int64_t gap_start;
	int rc;

	s->start_sample = 0;
	if ((rc = say_vec(tl, &s->intro, p->sentence_ms, err)) || (rc = tl_flush(tl, err)))
		return rc;
	for (j = 0; j < n; j++) {
		struct doc_article *a = DOC_ARTICLE(s, j);

		gap_start = tl_pos(tl);
		if (tl_pos(tl) > 0 && (rc = tl_silence(tl, p->article_ms, err)))
			return rc;
		if ((rc = say_article(tl, a, p, err)))
			return rc;
		a->chapter_start = j == 0 ? 0 : chapter_boundary(gap_start, a->start_sample, tl->rate);
		if (j > 0)
			DOC_ARTICLE(s, j - 1)->chapter_end = a->chapter_start;
		if ((rc = tl_flush(tl, err)))
			return rc;
	}
	/* A short tail so the last word is not cut off by players that stop early, made
	 * up to a whole number of MP3 frames so the encoder pads as little as it can. */
	if ((rc = tl_silence(tl, p->paragraph_ms, err)))
		return rc;
	if (tl_pos(tl) % EP_FRAME_ALIGN &&
	    !buf_addzero(&tl->piece, (size_t)(EP_FRAME_ALIGN - tl_pos(tl) % EP_FRAME_ALIGN) *
					     sizeof(float)))
		return err_set(err, TB_E_NOMEM, "out of memory");
	if ((rc = tl_flush(tl, err)))
		return rc;
	s->end_sample = s->nsamples = tl_pos(tl);
	if (n > 0)
		DOC_ARTICLE(s, n - 1)->chapter_end = s->nsamples;
	return 0;
}

/* ---- the ID3 tag ---- */

struct tag_input {
	struct id3_tags tags;
	struct id3_chapter *chapters;
	size_t n;
	char year[8], date[8], encoder[160];
};

static int tag_input_init(struct tag_input *t, const struct doc_section *s,
			  const struct ep_opts *o, int with_times, struct tb_err *err)
{
	char lame[32];
	size_t j;

	memset(t, 0, sizeof(*t));
	t->n = DOC_NARTICLES(s);
	t->chapters = calloc(t->n ? t->n : 1, sizeof(*t->chapters));
	if (!t->chapters)
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (j = 0; j < t->n; j++) {
		const struct doc_article *a = DOC_ARTICLE(s, j);
		struct id3_chapter *c = &t->chapters[j];

		c->element_id = a->id;
		c->title = a->title && *a->title ? a->title : a->id;
		/* Placeholder times have the same size in the tag as the real ones. */
		c->start_ms = with_times ? (uint32_t)ep_ms(a->chapter_start, s->rate) : (uint32_t)j;
		c->end_ms = with_times ? (uint32_t)ep_ms(a->chapter_end, s->rate) : (uint32_t)j + 1;
	}
	if (s->date && strlen(s->date) == 10) {
		memcpy(t->year, s->date, 4);
		t->date[0] = s->date[8];
		t->date[1] = s->date[9];
		t->date[2] = s->date[5];
		t->date[3] = s->date[6];
		t->tags.year = t->year;
		t->tags.date = t->date;
	}
	mp3_encoder_name(lame, sizeof(lame));
	snprintf(t->encoder, sizeof(t->encoder), "tingbao %s (eSpeak NG %s, %s)", TB_VERSION,
		 o->voice ? o->voice : "", lame);
	t->tags.title = s->title;
	t->tags.album = o->album && *o->album ? o->album : s->title;
	t->tags.artist = "tingbao";
	t->tags.language = "chi";
	t->tags.encoder = t->encoder;
	t->tags.utf16_always = 1; /* issue: text frames in UTF-16 with BOM */
	return 0;
}

static void tag_input_release(struct tag_input *t)
{
	free(t->chapters);
}

static int build_tag(const struct doc_section *s, const struct ep_opts *o, int with_times,
		     size_t padding, struct buf *out, struct tb_err *err)
{
	struct tag_input t;
	int rc = tag_input_init(&t, s, o, with_times, err);

	if (!rc)
		rc = id3_build(&t.tags, t.chapters, t.n, padding, out, err);
	tag_input_release(&t);
	return rc;
}

/* ---- the output file ---- */

static int sink_open(struct sink *k, const char *path, const struct doc_section *s,
		     const struct ep_opts *o, unsigned rate, struct tb_err *err)
{
	struct buf tag = BUF_INIT;
	int rc;

	memset(k, 0, sizeof(*k));
	k->format = o->format;
	if ((rc = afile_open(&k->file, path, err)))
		return rc;
	if (o->format == EP_MP3) {
		struct mp3_settings ms = { rate, o->mp3_rate, o->bitrate_kbps, o->mp3_quality };

		rc = build_tag(s, o, 0, 0, &tag, err);
		if (!rc && fwrite(tag.data, 1, tag.len, k->file.f) != tag.len)
			rc = err_set(err, TB_E_IO, "cannot write %s: %s", path, strerror(errno));
		k->tag_space = (long)tag.len;
		buf_release(&tag);
		if (!rc)
			rc = mp3_open(&k->mp3, &ms, k->file.f, err);
	} else {
		SF_INFO info = { 0 };

		info.samplerate = (int)rate;
		info.channels = 1;
		info.format = o->format == EP_WAV ? SF_FORMAT_WAV | SF_FORMAT_PCM_16
						  : SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
		k->snd = sf_open_fd(fileno(k->file.f), SFM_WRITE, &info, 0);
		if (!k->snd)
			rc = err_set(err, TB_E_IO, "cannot write %s: %s", path, sf_strerror(NULL));
		else
			sf_command(k->snd, SFC_SET_CLIPPING, NULL, SF_TRUE);
	}
	if (rc)
		afile_abort(&k->file);
	return rc;
}

static void sink_abort(struct sink *k)
{
	mp3_close(k->mp3);
	k->mp3 = NULL;
	if (k->snd)
		sf_close(k->snd);
	k->snd = NULL;
	afile_abort(&k->file);
}

/* Finishes the audio, writes the final tag over the reserved space, renames. */
static int sink_commit(struct sink *k, const struct doc_section *s, const struct ep_opts *o,
		       struct tb_err *err)
{
	struct buf tag = BUF_INIT;
	int rc = 0;

	if (k->format == EP_MP3) {
		rc = mp3_finish(k->mp3, err);
		if (!rc)
			rc = build_tag(s, o, 1, 0, &tag, err);
		if (!rc && (long)tag.len != k->tag_space)
			rc = err_set(err, TB_E_INPUT, "internal: the ID3 tag changed size");
		if (!rc && (fseek(k->file.f, 0, SEEK_SET) != 0 ||
			    fwrite(tag.data, 1, tag.len, k->file.f) != tag.len))
			rc = err_set(err, TB_E_IO, "cannot write the ID3 tag: %s", strerror(errno));
		buf_release(&tag);
	} else {
		if (sf_close(k->snd) != 0)
			rc = err_set(err, TB_E_IO, "cannot finish the audio file");
		k->snd = NULL;
	}
	if (rc) {
		sink_abort(k);
		return rc;
	}
	mp3_close(k->mp3);
	k->mp3 = NULL;
	return afile_commit(&k->file, err);
}

int ep_render_section(struct doc *d, struct doc_section *s, const struct ep_opts *o,
		      struct tb_err *err)
{
	struct timeline tl;
	struct sink sink;
	struct buf path = BUF_INIT;
	char name[96];
	int rc;

	s->rate = speech_rate();
	snprintf(name, sizeof(name), "%s.%s", s->id, ep_format_ext(o->format));
	s->file = arena_strdup(&d->arena, name);
	if (!s->file || buf_addf(&path, "%s/%s", o->out_dir, name))
		return err_set(err, TB_E_NOMEM, "out of memory");
	rc = sink_open(&sink, path.data, s, o, s->rate, err);
	if (rc) {
		buf_release(&path);
		return rc;
	}
	memset(&tl, 0, sizeof(tl));
	buf_init(&tl.piece, 0);
	buf_init(&tl.pcm16, 0);
	tl.rate = s->rate;
	tl.sink = &sink;
	rc = assemble(&tl, s, &o->pause, err);
	buf_release(&tl.piece);
	buf_release(&tl.pcm16);
	if (rc)
		sink_abort(&sink);
	else
		rc = sink_commit(&sink, s, o, err);
	if (rc)
		err_prefix(err, "%s", path.data);
	buf_release(&path);
	return rc;
}
