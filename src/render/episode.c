#include "render/episode.h"

#include "audio/dsp.h"
#include "core/afile.h"
#include "mp3/mp3.h"
#include "render/meter.h"
#include "speech/speech.h"
#include "tag/id3.h"

#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* What a piece is, for the numbered layout's own files. */
struct piece_info {
	const char *title;
	char **file; /* where the file's name (relative to out_dir) is recorded */
	size_t number; /* 0 = the opening, then articles from 1 */
};

/* The section as it is being assembled: the current piece's samples. */
struct timeline {
	struct buf piece; /* float samples not yet handed on */
	struct buf pcm16; /* scratch for one utterance */
	int64_t flushed;  /* samples already handed on */
	unsigned rate;
	const struct ep_opts *o;
	struct doc *doc;
	struct doc_section *section;
	struct sink *sink; /* episode layout: the one file */
	struct meter *meter;
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

static int tl_add_samples(struct timeline *tl, size_t n, struct tb_err *err)
{
	if (!buf_addzero(&tl->piece, n * sizeof(float)))
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

static int tl_silence(struct timeline *tl, unsigned ms, struct tb_err *err)
{
	return tl_add_samples(tl, (size_t)tl->rate * ms / 1000, err);
}

/* Pads the piece with silence to a whole number of MP3 frames, so the encoder pads least. */
static int tl_align_frame(struct timeline *tl, struct tb_err *err)
{
	int64_t rest = tl_pos(tl) % EP_FRAME_ALIGN;

	return rest ? tl_add_samples(tl, (size_t)(EP_FRAME_ALIGN - rest), err) : 0;
}

static int tl_cue(struct timeline *tl, struct tb_err *err)
{
	const struct ep_opts *o = tl->o;
	float *out;

	if (!o->cue || !o->ncue)
		return 0;
	out = buf_addzero(&tl->piece, o->ncue * sizeof(float));
	if (!out)
		return err_set(err, TB_E_NOMEM, "out of memory");
	memcpy(out, o->cue, o->ncue * sizeof(float));
	return tl_silence(tl, o->pause.cue_ms, err);
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

/* ---- the ID3 tag ---- */

struct tag_input {
	struct id3_tags tags;
	struct id3_chapter *chapters;
	size_t n;
	char year[8], date[8], encoder[160];
};

static void tag_text_frames(struct tag_input *t, const struct doc_section *s,
			    const struct ep_opts *o, const char *title)
{
	char lame[32];

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
	t->tags.title = title;
	t->tags.album = o->album && *o->album ? o->album : s->title;
	t->tags.artist = "tingbao";
	t->tags.language = "chi";
	t->tags.encoder = t->encoder;
	t->tags.utf16_always = 1; /* text frames in UTF-16 with BOM, as players expect of v2.3 */
}

static int tag_chapters(struct tag_input *t, const struct doc_section *s, int with_times,
			struct tb_err *err)
{
	size_t j;

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
	return 0;
}

static int build_tag(const struct doc_section *s, const struct ep_opts *o, const char *title,
		     int chapters, int with_times, struct buf *out, struct tb_err *err)
{
	struct tag_input t;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	tag_text_frames(&t, s, o, title);
	if (chapters)
		rc = tag_chapters(&t, s, with_times, err);
	if (!rc)
		rc = id3_build(&t.tags, t.chapters, t.n, 0, out, err);
	free(t.chapters);
	return rc;
}

/* ---- output files ---- */

static int sink_open(struct sink *k, const char *path, const struct doc_section *s,
		     const struct ep_opts *o, const char *title, unsigned rate, struct tb_err *err)
{
	struct buf tag = BUF_INIT;
	int rc;

	memset(k, 0, sizeof(*k));
	k->format = o->format;
	if ((rc = afile_open(&k->file, path, err)))
		return rc;
	if (o->format == EP_MP3) {
		struct mp3_settings ms = { rate, o->mp3_rate, o->bitrate_kbps, o->mp3_quality };
		int chapters = o->layout == PROF_LAYOUT_EPISODE && o->chapters && !o->small_tag;

		rc = build_tag(s, o, title, chapters, 0, &tag, err);
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

static int sink_write(struct sink *k, const float *pcm, size_t n, struct tb_err *err)
{
	if (k->format == EP_MP3)
		return mp3_write(k->mp3, pcm, n, err);
	if (sf_writef_float(k->snd, pcm, (sf_count_t)n) != (sf_count_t)n)
		return err_set(err, TB_E_IO, "cannot write audio: %s", sf_strerror(k->snd));
	return 0;
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
		       const char *title, struct tb_err *err)
{
	struct buf tag = BUF_INIT;
	int rc = 0;

	if (k->format == EP_MP3) {
		int chapters = o->layout == PROF_LAYOUT_EPISODE && o->chapters && !o->small_tag;

		rc = mp3_finish(k->mp3, err);
		if (!rc)
			rc = build_tag(s, o, title, chapters, 1, &tag, err);
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

/* The numbered layout: one complete file per piece, NN/MMM.ext. */
static int write_numbered_piece(struct timeline *tl, const struct piece_info *info,
				const float *pcm, size_t n, struct tb_err *err)
{
	const struct ep_opts *o = tl->o;
	struct buf rel = BUF_INIT, path = BUF_INIT;
	struct sink k;
	int rc;

	if (buf_addf(&rel, "%02u/%03zu.%s", o->section_number, info->number,
		     ep_format_ext(o->format)) ||
	    buf_addf(&path, "%s/%s", o->out_dir, rel.data)) {
		rc = err_set(err, TB_E_NOMEM, "out of memory");
		goto out;
	}
	rc = sink_open(&k, path.data, tl->section, o, info->title, tl->rate, err);
	if (rc)
		goto out;
	rc = sink_write(&k, pcm, n, err);
	if (rc)
		sink_abort(&k);
	else
		rc = sink_commit(&k, tl->section, o, info->title, err);
	if (!rc) {
		*info->file = arena_strdup(&tl->doc->arena, rel.data);
		if (!*info->file)
			rc = err_set(err, TB_E_NOMEM, "out of memory");
	}
out:
	if (rc)
		err_prefix(err, "%s", path.data ? path.data : o->out_dir);
	buf_release(&rel);
	buf_release(&path);
	return rc;
}

/* Processes the current piece (one article, or the opening) and hands it on. */
static int tl_flush(struct timeline *tl, const struct piece_info *info, struct tb_err *err)
{
	size_t n = VEC_LEN(&tl->piece, float);
	float *pcm = (float *)(void *)tl->piece.data;
	struct dsp_report rep;
	int rc = 0;

	if (n == 0)
		return 0;
	memset(&rep, 0, sizeof(rep));
	rep.true_peak_dbtp = -99.0;
	if (tl->o->audio)
		rc = dsp_process_piece(tl->o->audio, pcm, n, tl->rate, &rep, err);
	if (!rc)
		rc = meter_add(tl->meter, pcm, n, rep.true_peak_dbtp, err);
	if (!rc && tl->o->layout == PROF_LAYOUT_NUMBERED)
		rc = write_numbered_piece(tl, info, pcm, n, err);
	else if (!rc)
		rc = sink_write(tl->sink, pcm, n, err);
	tl->flushed += (int64_t)n;
	buf_reset(&tl->piece);
	return rc;
}

/* ---- assembly ---- */

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
 * second that leaves a little silence before the sound (some apps round chapter
 * starts down to seconds), else in the middle of the silence.
 */
static int64_t chapter_boundary(int64_t gap_start, int64_t sound_start, unsigned rate)
{
	int64_t margin = rate / 10;
	int64_t latest = sound_start - margin;
	int64_t sec = latest >= 0 ? latest / rate * rate : -1;

	if (sec > gap_start && sec <= latest)
		return sec;
	return gap_start + (sound_start - gap_start) / 2;
}

/* Reads a block of the article (announce, heading, closing) after `first` is settled. */
static int say_block(struct timeline *tl, struct buf *vec, unsigned before_ms, int *first,
		     struct tb_err *err)
{
	int rc;

	if (DOC_NSENTS(vec) == 0)
		return 0;
	if (!*first && (rc = tl_silence(tl, before_ms, err)))
		return rc;
	*first = 0;
	return say_vec(tl, vec, tl->o->pause.sentence_ms, err);
}

static int say_article(struct timeline *tl, struct doc_article *a, struct tb_err *err)
{
	const struct ep_pauses *p = &tl->o->pause;
	int first = 1, rc;
	size_t k;

	if ((rc = say_block(tl, &a->announce, p->sentence_ms, &first, err)) ||
	    (rc = say_block(tl, &a->heading, p->sentence_ms, &first, err)))
		return rc;
	for (k = 0; k < DOC_NPARAS(a); k++) {
		struct doc_paragraph *para = DOC_PARA(a, k);

		if (para->subhead_sentence.text) {
			if (!first && (rc = tl_silence(tl, p->subhead_ms, err)))
				return rc;
			if ((rc = tl_say(tl, &para->subhead_sentence, p->sentence_ms, err)))
				return rc;
			first = 0;
		}
		if ((rc = say_block(tl, &para->sentences, p->paragraph_ms, &first, err)))
			return rc;
	}
	return say_block(tl, &a->closing, p->paragraph_ms, &first, err);
}

/* The opening piece: a section cue, then the section's title and date. */
static int assemble_opening(struct timeline *tl, struct doc_section *s, struct tb_err *err)
{
	struct piece_info info = { s->title, &s->opening_file, 0 };
	int numbered = tl->o->layout == PROF_LAYOUT_NUMBERED;
	int rc = 0;

	s->start_sample = 0;
	if (numbered)
		rc = tl_silence(tl, tl->o->pause.sentence_ms, err);
	if (!rc && tl->o->cue_before == PROF_BEFORE_SECTION)
		rc = tl_cue(tl, err);
	if (!rc)
		rc = say_vec(tl, &s->intro, tl->o->pause.sentence_ms, err);
	if (!rc && numbered && VEC_LEN(&tl->piece, float) > 0)
		rc = tl_silence(tl, tl->o->pause.article_ms / 2, err);
	if (!rc && numbered)
		rc = tl_align_frame(tl, err);
	return rc ? rc : tl_flush(tl, &info, err);
}

static int assemble(struct timeline *tl, struct doc_section *s, struct tb_err *err)
{
	const struct ep_opts *o = tl->o;
	int numbered = o->layout == PROF_LAYOUT_NUMBERED;
	size_t j, n = DOC_NARTICLES(s);
	int rc;

	if ((rc = assemble_opening(tl, s, err)))
		return rc;
	for (j = 0; j < n; j++) {
		struct doc_article *a = DOC_ARTICLE(s, j);
		struct piece_info info = { a->title, &a->file, j + 1 };
		int64_t gap_start = tl_pos(tl), sound_start;

		/* In the numbered layout each file carries half the pause at either end. */
		if (tl_pos(tl) > 0 &&
		    (rc = tl_silence(tl, numbered ? o->pause.article_ms / 2 : o->pause.article_ms,
				     err)))
			return rc;
		sound_start = tl_pos(tl);
		if (o->cue_before == PROF_BEFORE_ARTICLE && (rc = tl_cue(tl, err)))
			return rc;
		a->start_sample = tl_pos(tl);
		if ((rc = say_article(tl, a, err)))
			return rc;
		a->end_sample = tl_pos(tl);
		a->chapter_start = j == 0 ? 0 : chapter_boundary(gap_start, sound_start, tl->rate);
		if (j > 0)
			DOC_ARTICLE(s, j - 1)->chapter_end = a->chapter_start;
		if (numbered || j + 1 == n) {
			/* A short tail so the last word is not cut off by players that stop
			 * early, made up to whole MP3 frames so the encoder pads least. */
			if ((rc = tl_silence(tl, numbered ? o->pause.article_ms / 2
							  : o->pause.paragraph_ms,
					     err)) ||
			    (rc = tl_align_frame(tl, err)))
				return rc;
		}
		if ((rc = tl_flush(tl, &info, err)))
			return rc;
	}
	s->end_sample = s->nsamples = tl_pos(tl);
	if (n > 0)
		DOC_ARTICLE(s, n - 1)->chapter_end = s->nsamples;
	return 0;
}

static int make_section_dir(const struct ep_opts *o, struct tb_err *err)
{
	struct buf dir = BUF_INIT;
	int rc = 0;

	if (buf_addf(&dir, "%s/%02u", o->out_dir, o->section_number))
		return err_set(err, TB_E_NOMEM, "out of memory");
	if (mkdir(dir.data, 0777) != 0 && errno != EEXIST)
		rc = err_set(err, TB_E_IO, "%s: cannot create: %s", dir.data, strerror(errno));
	buf_release(&dir);
	return rc;
}

static void measure_result(struct doc_section *s, struct meter *m)
{
	meter_result(m, &s->lufs, &s->lra_lu, &s->true_peak_dbtp);
	s->measured = 1;
}

int ep_render_section(struct doc *d, struct doc_section *s, const struct ep_opts *o,
		      struct tb_err *err)
{
	struct timeline tl;
	struct sink sink;
	struct buf path = BUF_INIT;
	int numbered = o->layout == PROF_LAYOUT_NUMBERED;
	char name[96];
	int rc;

	memset(&tl, 0, sizeof(tl));
	s->rate = speech_rate();
	if (numbered) {
		if ((rc = make_section_dir(o, err)))
			return rc;
	} else {
		snprintf(name, sizeof(name), "%s.%s", s->id, ep_format_ext(o->format));
		s->file = arena_strdup(&d->arena, name);
		if (!s->file || buf_addf(&path, "%s/%s", o->out_dir, name))
			return err_set(err, TB_E_NOMEM, "out of memory");
		if ((rc = sink_open(&sink, path.data, s, o, s->title, s->rate, err))) {
			buf_release(&path);
			return rc;
		}
		tl.sink = &sink;
	}
	buf_init(&tl.piece, 0);
	buf_init(&tl.pcm16, 0);
	tl.rate = s->rate;
	tl.o = o;
	tl.doc = d;
	tl.section = s;
	rc = meter_open(&tl.meter, s->rate, err);
	if (!rc)
		rc = assemble(&tl, s, err);
	if (!rc)
		measure_result(s, tl.meter);
	meter_close(tl.meter);
	buf_release(&tl.piece);
	buf_release(&tl.pcm16);
	if (!numbered) {
		if (rc)
			sink_abort(&sink);
		else
			rc = sink_commit(&sink, s, o, s->title, err);
		if (rc)
			err_prefix(err, "%s", path.data);
	}
	buf_release(&path);
	return rc;
}
