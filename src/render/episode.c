#include "render/episode.h"

#include "audio/dsp.h"
#include "core/afile.h"
#include "mp3/mp3.h"
#include "render/cache.h"
#include "render/meter.h"
#include "render/piece.h"
#include "render/station.h"
#include "render/farm.h"
#include "speech/speech.h"
#include "tag/id3.h"

#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where finished samples go: one afile, with the MP3 frames or libsndfile. */
struct sink {
	enum ep_format format;
	struct afile file;
	SNDFILE *snd;
	long tag_space;  /* bytes reserved at the start for the ID3 tag (MP3 only) */
	long info_space; /* bytes reserved after it for the info frame (MP3 only) */
	/* the joined MP3 stream so far */
	uint32_t frames;
	uint64_t audio_bytes;
	uint16_t crc;
	uint32_t padding;
	const char *title;       /* TIT2 */
	const char *track;       /* TRCK "n/N", or NULL */
	uint64_t written;        /* bytes (PCM bytes for WAV/FLAC) so far, against the cap */
	struct buf piece_bytes;  /* vec of uint64_t, cumulative */
	struct buf piece_frames; /* vec of uint32_t, cumulative */
};

const char *ep_format_ext(enum ep_format f)
{
	switch (f) {
	case EP_WAV:
		return "wav";
	case EP_FLAC:
		return "flac";
	default:
		return "mp3";
	}
}

int64_t ep_ms(int64_t samples, unsigned rate)
{
	if (samples < 0 || rate == 0)
		return -1;
	return (samples * 1000 + rate / 2) / rate;
}

/* ---- the ID3 tag ---- */

struct tag_input {
	struct id3_tags tags;
	struct id3_chapter *chapters;
	size_t n;
	struct id3_chapter *subs; /* all articles' sub-chapters, article by article */
	char (*sub_ids)[16];
	char year[8], date[8], encoder[160];
};

static void tag_text_frames(struct tag_input *t, const struct doc_section *s,
                            const struct ep_opts *o, const char *title, const char *track)
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
	/* The paper is the artist, as the LRC and the feed say; without --title, none. */
	t->tags.artist = o->album && *o->album ? o->album : NULL;
	t->tags.track = track;
	t->tags.language = "chi";
	t->tags.encoder = t->encoder;
	t->tags.utf16_always = 1; /* text frames in UTF-16 with BOM, as players expect of v2.3 */
}

static size_t count_subheads(const struct doc_section *s)
{
	size_t j, k, n = 0;

	for (j = 0; j < DOC_NARTICLES(s); j++)
		for (k = 0; k < DOC_NPARAS(DOC_ARTICLE(s, j)); k++)
			n += DOC_PARA(DOC_ARTICLE(s, j), k)->subhead_sentence.text != NULL;
	return n;
}

/* An article's subheads as sub-chapters, each until the next or the article's end. */
static void tag_subchapters(struct tag_input *t, const struct doc_section *s, size_t j,
                            int with_times, size_t *used)
{
	const struct doc_article *a = DOC_ARTICLE(s, j);
	struct id3_chapter *c = &t->chapters[j];
	size_t k, first = *used;

	c->children = &t->subs[first];
	for (k = 0; k < DOC_NPARAS(a); k++) {
		const struct doc_sentence *h = &DOC_PARA(a, k)->subhead_sentence;
		struct id3_chapter *sub = &t->subs[*used];

		if (!h->text)
			continue;
		snprintf(t->sub_ids[*used], sizeof(t->sub_ids[0]), "%s.s%zu", a->id,
		         *used - first + 1);
		sub->element_id = t->sub_ids[*used];
		sub->title = h->text;
		sub->start_ms = with_times ? (uint32_t)ep_ms(h->start_sample, s->rate)
		                           : (uint32_t)(j * 1000 + *used - first);
		if (*used > first)
			t->subs[*used - 1].end_ms = sub->start_ms;
		(*used)++;
	}
	c->nchildren = *used - first;
	if (c->nchildren)
		t->subs[*used - 1].end_ms = c->end_ms;
}

static int tag_chapters(struct tag_input *t, const struct doc_section *s, int with_times,
                        int subchapters, struct tb_err *err)
{
	size_t j, nsubs = subchapters ? count_subheads(s) : 0, used = 0;

	/* CHAP times are 32-bit milliseconds: about 49 days. */
	if (with_times && ep_ms(s->nsamples, s->rate) > (int64_t)UINT32_MAX)
		return err_set(err, TB_E_LIMIT,
		               "section \"%.60s\" lasts longer than the 49 days ID3 chapter times "
		               "can count; split the section",
		               s->title ? s->title : "");
	t->n = DOC_NARTICLES(s);
	t->chapters = calloc(t->n ? t->n : 1, sizeof(*t->chapters));
	t->subs = calloc(nsubs ? nsubs : 1, sizeof(*t->subs));
	t->sub_ids = calloc(nsubs ? nsubs : 1, sizeof(*t->sub_ids));
	if (!t->chapters || !t->subs || !t->sub_ids)
		return err_set(err, TB_E_NOMEM, "out of memory");
	t->tags.emit_children = nsubs > 0;
	for (j = 0; j < t->n; j++) {
		const struct doc_article *a = DOC_ARTICLE(s, j);
		struct id3_chapter *c = &t->chapters[j];

		c->element_id = a->id;
		c->title = a->title && *a->title ? a->title : a->id;
		/* Placeholder times have the same size in the tag as the real ones. */
		c->start_ms = with_times ? (uint32_t)ep_ms(a->chapter_start, s->rate)
		                         : (uint32_t)(j * 1000);
		c->end_ms = with_times ? (uint32_t)ep_ms(a->chapter_end, s->rate)
		                       : (uint32_t)((j + 1) * 1000);
		if (nsubs)
			tag_subchapters(t, s, j, with_times, &used);
	}
	return 0;
}

static int build_tag(const struct doc_section *s, const struct ep_opts *o, const char *title,
                     const char *track, int chapters, int with_times, struct buf *out,
                     struct tb_err *err)
{
	struct tag_input t;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	tag_text_frames(&t, s, o, title, track);
	if (chapters)
		rc = tag_chapters(&t, s, with_times, o->sub_chapters, err);
	if (!rc)
		rc = id3_build(&t.tags, t.chapters, t.n, 0, out, err);
	free(t.chapters);
	free(t.subs);
	free(t.sub_ids);
	return rc;
}

/* ---- limits, checked before anything is written ---- */

int ep_check_section(const struct doc_section *s, const struct ep_opts *o, struct tb_err *err)
{
	size_t j, n = DOC_NARTICLES(s), k, subs;

	if (o->format != EP_MP3 || !o->chapters || o->small_tag || o->layout != PROF_LAYOUT_EPISODE)
		return 0;
	if (n > ID3_MAX_TOC_ENTRIES)
		return err_set(err, TB_E_LIMIT,
		               "%s: section \"%.60s\" has %zu articles; an episode's chapter "
		               "list (ID3 CTOC) holds at most %d: split the page",
		               s->source ? s->source : s->id, s->title ? s->title : "", n,
		               ID3_MAX_TOC_ENTRIES);
	for (j = 0; o->sub_chapters && j < n; j++) {
		const struct doc_article *a = DOC_ARTICLE(s, j);

		for (k = subs = 0; k < DOC_NPARAS(a); k++)
			subs += DOC_PARA(a, k)->subhead_sentence.text != NULL;
		if (subs > ID3_MAX_TOC_ENTRIES)
			return err_set(err, TB_E_LIMIT,
			               "%s: article \"%.60s\" has %zu subheads; --sub-chapters "
			               "holds at most %d per article",
			               s->source ? s->source : s->id, a->title ? a->title : "",
			               subs, ID3_MAX_TOC_ENTRIES);
	}
	return 0;
}

/* ---- output files ---- */

static struct mp3_settings mp3_settings_of(const struct ep_opts *o, unsigned rate)
{
	struct mp3_settings ms = {rate, o->mp3_rate, o->bitrate_kbps, o->mp3_quality};

	return ms;
}

static int use_chapters(const struct ep_opts *o)
{
	return o->layout == PROF_LAYOUT_EPISODE && o->chapters && !o->small_tag;
}

/* The info frame of the stream written so far. */
static int sink_info_frame(struct sink *k, const struct ep_opts *o, unsigned rate, struct buf *out,
                           struct tb_err *err)
{
	struct mp3_settings ms = mp3_settings_of(o, rate);
	struct mp3_joined j = {k->frames,
	                       k->audio_bytes,
	                       k->crc,
	                       k->padding,
	                       (const uint64_t *)(const void *)k->piece_bytes.data,
	                       (const uint32_t *)(const void *)k->piece_frames.data,
	                       VEC_LEN(&k->piece_frames, uint32_t)};

	return mp3_info_frame(&ms, &j, out, err);
}

/* Counts `n` more bytes against the cap on a file's size. */
static int take_room(struct sink *k, uint64_t n, struct tb_err *err)
{
	if (n > EP_MAX_FILE_BYTES - k->written)
		return err_set(err, TB_E_LIMIT,
		               "%s: the file would be larger than %llu bytes (about 4 GiB, what "
		               "MP3 info frames and WAV files can count); split the section",
		               k->file.path, (unsigned long long)EP_MAX_FILE_BYTES);
	k->written += n;
	return 0;
}

static int write_bytes(struct sink *k, const void *p, size_t n, struct tb_err *err)
{
	if (take_room(k, n, err))
		return err->code;
	if (n && fwrite(p, 1, n, k->file.f) != n)
		return err_set(err, TB_E_IO, "cannot write %s: %s", k->file.path, strerror(errno));
	return 0;
}

static int sink_open(struct sink *k, struct afile_dir *dir, const char *name,
                     const struct doc_section *s, const struct ep_opts *o, const char *title,
                     const char *track, unsigned rate, struct tb_err *err)
{
	struct buf tag = BUF_INIT;
	int rc;

	memset(k, 0, sizeof(*k));
	k->title = title;
	k->track = track;
	buf_init(&k->piece_bytes, 0);
	buf_init(&k->piece_frames, 0);
	k->format = o->format;
	if ((rc = afile_open(&k->file, dir, name, err)))
		return rc;
	if (o->format == EP_MP3) {
		/* Neither the tag's nor the info frame's size depends on what they will say,
		 * so their space is reserved now and they are written at the end. */
		rc = build_tag(s, o, title, track, use_chapters(o), 0, &tag, err);
		k->tag_space = (long)tag.len;
		if (!rc) {
			buf_reset(&tag);
			rc = sink_info_frame(k, o, rate, &tag, err);
			k->info_space = (long)tag.len;
		}
		buf_reset(&tag);
		if (!rc && !buf_addzero(&tag, (size_t)(k->tag_space + k->info_space)))
			rc = err_set(err, TB_E_NOMEM, "out of memory");
		if (!rc)
			rc = write_bytes(k, tag.data, tag.len, err);
		buf_release(&tag);
	} else {
		SF_INFO info = {0};

		info.samplerate = (int)rate;
		info.channels = 1;
		info.format = o->format == EP_WAV ? SF_FORMAT_WAV | SF_FORMAT_PCM_16
		                                  : SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
		k->snd = sf_open_fd(fileno(k->file.f), SFM_WRITE, &info, 0);
		if (!k->snd)
			rc = err_set(err, TB_E_IO, "cannot write %s: %s", k->file.path,
			             sf_strerror(NULL));
		else
			sf_command(k->snd, SFC_SET_CLIPPING, NULL, SF_TRUE);
	}
	if (rc)
		afile_abort(&k->file);
	return rc;
}

/* Appends a processed piece: its MP3 frames, or its samples. */
static int sink_write_piece(struct sink *k, const struct piece *p, struct tb_err *err)
{
	uint64_t *bytes;
	uint32_t *frames;
	size_t n;

	if (k->format != EP_MP3) {
		n = VEC_LEN(&p->pcm, float);
		if (take_room(k, 2 * (uint64_t)n, err)) /* 16-bit samples */
			return err->code;
		if (sf_writef_float(k->snd, (const float *)(const void *)p->pcm.data,
		                    (sf_count_t)n) != (sf_count_t)n)
			return err_set(err, TB_E_IO, "cannot write audio: %s", sf_strerror(k->snd));
		return 0;
	}
	if (write_bytes(k, p->mp3.data, p->mp3.len, err))
		return err->code;
	k->frames += p->enc.frames;
	k->audio_bytes += p->mp3.len;
	k->crc = mp3_crc16(k->crc, p->mp3.data, p->mp3.len);
	k->padding = p->enc.padding;
	bytes = VEC_PUSH(&k->piece_bytes, uint64_t);
	frames = VEC_PUSH(&k->piece_frames, uint32_t);
	if (!bytes || !frames)
		return err_set(err, TB_E_NOMEM, "out of memory");
	*bytes = k->audio_bytes;
	*frames = k->frames;
	return 0;
}

static void sink_abort(struct sink *k)
{
	if (k->snd)
		sf_close(k->snd);
	k->snd = NULL;
	afile_abort(&k->file);
	buf_release(&k->piece_bytes);
	buf_release(&k->piece_frames);
}

/* Writes the final tag and info frame over the reserved space and hands the file,
 * prepared under its temporary name, to `files`. */
static int sink_commit(struct sink *k, const struct doc_section *s, const struct ep_opts *o,
                       unsigned rate, struct afile_set *files, struct tb_err *err)
{
	struct buf head = BUF_INIT;
	int rc = 0;

	if (k->format == EP_MP3) {
		rc = build_tag(s, o, k->title, k->track, use_chapters(o), 1, &head, err);
		if (!rc && (long)head.len != k->tag_space)
			rc = err_set(err, TB_E_INPUT, "internal: the ID3 tag changed size");
		if (!rc)
			rc = sink_info_frame(k, o, rate, &head, err);
		if (!rc && (long)head.len != k->tag_space + k->info_space)
			rc = err_set(err, TB_E_INPUT, "internal: the info frame changed size");
		if (!rc && fseek(k->file.f, 0, SEEK_SET) != 0)
			rc = err_set(err, TB_E_IO, "cannot write the ID3 tag: %s", strerror(errno));
		if (!rc && fwrite(head.data, 1, head.len, k->file.f) != head.len)
			rc = err_set(err, TB_E_IO, "cannot write %s: %s", k->file.path,
			             strerror(errno));
		buf_release(&head);
	} else {
		if (sf_close(k->snd) != 0)
			rc = err_set(err, TB_E_IO, "cannot finish the audio file");
		k->snd = NULL;
	}
	if (rc) {
		sink_abort(k);
		return rc;
	}
	buf_release(&k->piece_bytes);
	buf_release(&k->piece_frames);
	rc = afile_prepare(&k->file, err);
	return rc ? rc : afile_set_add(files, &k->file, err);
}

/* ---- rendering pieces ---- */

struct render {
	struct doc *doc;
	struct doc_section *section;
	const struct ep_opts *o;
	unsigned rate;
	struct afile_set *files; /* where finished files wait for their commit */
	struct buf pieces;       /* vec of struct piece */
	struct sink sink;        /* episode layout: the one file */
	int sink_open;
	/* numbered layout: the file being written, its folder (NN/ or mp3/), its TRCK */
	struct afile_dir *folder;
	char folder_name[4];
	struct sink file;
	int file_open;
	size_t file_first; /* index of its first piece */
	char track[32];
	size_t written;   /* pieces handed to their files so far */
	int64_t timeline; /* where the next piece starts */
};

static struct piece *piece_at(struct render *r, size_t i)
{
	return &VEC_AT(&r->pieces, struct piece, i);
}

/* In a child process: the whole rendering of one piece, sent back as bytes. */
static int render_piece_job(void *ctx, size_t index, struct buf *out, struct tb_err *err)
{
	struct render *r = ctx;
	struct piece *p = piece_at(r, index);
	float *pcm;
	size_t n;
	int rc = piece_synthesize(p, r->o, r->rate, err);

	if (rc)
		return rc;
	pcm = (float *)(void *)p->pcm.data;
	n = VEC_LEN(&p->pcm, float);
	p->report.true_peak_dbtp = -99.0;
	if (r->o->audio && n)
		rc = dsp_process_piece(r->o->audio, pcm, n, r->rate, &p->report, err);
	if (!rc)
		rc = meter_piece(pcm, n, r->rate, &p->loudness, err);
	if (!rc && r->o->format == EP_MP3) {
		struct mp3_settings ms = mp3_settings_of(r->o, r->rate);

		rc = mp3_encode_piece(&ms, pcm, n, &p->mp3, &p->enc, err);
		if (!rc && r->o->layout == PROF_LAYOUT_EPISODE)
			p->length = (int64_t)p->enc.length;
		buf_release(&p->pcm);
	}
	if (!rc && piece_serialize(p, out))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	return rc;
}

/*
 * Loudness of pieces played one after another. The samples aim above the target by the
 * profile's mp3_loudness_comp_lu because MP3 decodes that much quieter: for MP3 this
 * reports what the decoded file measures.
 */
static int measure_pieces(const struct render *r, const struct buf *const *blocks, size_t n,
                          struct doc_loudness *l, struct tb_err *err)
{
	int rc = meter_episode(blocks, n, &l->lufs, &l->lra_lu, err);

	if (!rc && r->o->format == EP_MP3 && r->o->audio && l->lufs > METER_FLOOR)
		l->lufs -= r->o->audio->mp3_loudness_comp_lu;
	l->measured = rc == 0;
	return rc;
}

/* The numbered layout: the folder of file f (never through a symlink), cleared of what
 * runs stopped by SIGKILL left there. */
static int numbered_folder(struct render *r, const struct station_file *f, struct tb_err *err)
{
	int rc;

	if (r->folder && !strcmp(r->folder_name, f->dir))
		return 0;
	afile_dir_close(r->folder);
	r->folder = NULL;
	rc = afile_dir_sub(r->o->out, f->dir, 1, &r->folder, err);
	if (!rc) {
		afile_remove_stale(r->folder);
		snprintf(r->folder_name, sizeof(r->folder_name), "%s", f->dir);
	}
	return rc;
}

static int numbered_begin(struct render *r, const struct station_file *f, size_t i,
                          struct tb_err *err)
{
	int rc = numbered_folder(r, f, err);

	snprintf(r->track, sizeof(r->track), "%u/%zu", f->track, station_nfiles(r->o->station));
	if (!rc)
		rc = sink_open(&r->file, r->folder, f->name, r->section, r->o, f->title, r->track,
		               r->rate, err);
	r->file_open = rc == 0;
	r->file_first = i;
	return rc;
}

/* The file's last piece is in: its loudness and length, its tag, its commit. */
static int numbered_finish(struct render *r, const struct station_file *f, size_t last,
                           struct tb_err *err)
{
	struct piece *p = piece_at(r, last);
	char **slot = p->article ? &p->article->file : &r->section->opening_file;
	struct doc_loudness *loud =
	        p->article ? &p->article->file_loudness : &r->section->opening_loudness;
	size_t i, n = last + 1 - r->file_first;
	const struct buf **blocks = calloc(n, sizeof(*blocks));
	int64_t length = 0;
	int rc;

	if (!blocks)
		return err_set(err, TB_E_NOMEM, "out of memory");
	loud->true_peak_dbtp = -99.0;
	for (i = 0; i < n; i++) {
		const struct piece *q = piece_at(r, r->file_first + i);

		blocks[i] = &q->loudness;
		length += q->length;
		if (q->report.true_peak_dbtp > loud->true_peak_dbtp)
			loud->true_peak_dbtp = q->report.true_peak_dbtp;
	}
	rc = measure_pieces(r, blocks, n, loud, err);
	free(blocks);
	loud->seconds = (double)length / r->rate;
	r->file_open = 0;
	if (rc) {
		sink_abort(&r->file);
		return rc;
	}
	rc = sink_commit(&r->file, r->section, r->o, r->rate, r->files, err);
	if (!rc && !(*slot = arena_strdup(&r->doc->arena, f->path)))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	return rc;
}

/*
 * The numbered layout: the pieces of one file (the opening, or one article) are joined
 * into it, as the station plan names it (render/station.h). Joined pieces follow each
 * other by whole frames; a file ends with its last piece's samples.
 */
static int write_numbered_piece(struct render *r, size_t i, struct tb_err *err)
{
	struct piece *p = piece_at(r, i);
	size_t n = VEC_LEN(&r->pieces, struct piece);
	int first = i == 0 || piece_at(r, i - 1)->number != p->number;
	int last = i + 1 == n || piece_at(r, i + 1)->number != p->number;
	const struct station_file *f =
	        station_file_of(r->o->station, r->o->section_number - 1, p->number);
	int rc = 0;

	p->length = last ? p->nsamples : (int64_t)p->enc.length;
	if (!f)
		return 0; /* an opening with nothing to say has no file */
	if (first)
		rc = numbered_begin(r, f, i, err);
	if (!rc)
		rc = sink_write_piece(&r->file, p, err);
	if (rc && r->file_open) {
		sink_abort(&r->file);
		r->file_open = 0;
	}
	if (!rc && last)
		rc = numbered_finish(r, f, i, err);
	if (rc && !strstr(err->msg, f->path))
		err_prefix(err, "%s/%s", r->o->out->path, f->path);
	return rc;
}

/* Hands finished piece i to its file and puts it on the timeline. */
static int write_piece(struct render *r, size_t i, struct tb_err *err)
{
	struct piece *p = piece_at(r, i);
	struct tb_err ignored;
	int rc;

	if (r->o->layout == PROF_LAYOUT_NUMBERED)
		rc = write_numbered_piece(r, i, err);
	else
		rc = sink_write_piece(&r->sink, p, err);
	if (rc)
		return rc;
	/* A cache that cannot take the piece costs the next run time, not this one its output. */
	if (r->o->cache && r->o->format == EP_MP3 && !p->from_cache)
		cache_store(r->o->cache, p, &ignored);
	piece_place(p, r->timeline);
	r->timeline += p->length;
	buf_release(&p->pcm);
	buf_release(&p->mp3);
	return 0;
}

/* Takes a finished piece's results from its process. */
static int receive_piece(struct render *r, struct farm *farm, size_t i, struct tb_err *err)
{
	const struct buf *data;
	struct piece *p = piece_at(r, i);
	int rc = farm_wait(farm, i, &data, err);

	if (rc)
		return rc;
	if (piece_deserialize(p, (const unsigned char *)data->data + 1, data->len - 1))
		rc = err_set(err, TB_E_ENGINE, "internal: piece %zu came back garbled", i);
	farm_forget(farm, i);
	return rc;
}

/* Writes, in order, every piece that has finished (all of them with `wait`). */
static int write_finished(struct render *r, struct farm *farm, int wait, struct tb_err *err)
{
	int rc;

	while (r->written < VEC_LEN(&r->pieces, struct piece)) {
		struct piece *p = piece_at(r, r->written);

		if (!p->from_cache) {
			if (!wait && !farm_done(farm, r->written))
				return 0;
			if ((rc = receive_piece(r, farm, r->written, err)))
				return rc;
		}
		if ((rc = write_piece(r, r->written, err)))
			return rc;
		r->written++;
	}
	return 0;
}

/* Renders the pieces the cache does not have in child processes, writes all in order. */
static int render_pieces(struct render *r, struct tb_err *err)
{
	size_t i, n = VEC_LEN(&r->pieces, struct piece);
	unsigned jobs = r->o->jobs ? r->o->jobs : farm_cpus();
	struct farm *farm;
	int rc;

	rc = farm_open(&farm, jobs, n, render_piece_job, r, err);
	for (i = 0; !rc && i < n; i++) {
		struct piece *p = piece_at(r, i);

		if (r->o->cache && r->o->format == EP_MP3) {
			cache_key(p, r->o->cache_context, strlen(r->o->cache_context));
			if (cache_load(r->o->cache, p)) {
				r->section->pieces_cached++;
				continue;
			}
		}
		rc = farm_start(farm, i, err);
		if (!rc)
			rc = write_finished(r, farm, 0, err);
	}
	if (!rc)
		rc = write_finished(r, farm, 1, err);
	farm_close(farm);
	return rc;
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

/* Chapters, the episode's length and loudness, from the placed pieces. */
static int finish_timeline(struct render *r, struct tb_err *err)
{
	struct doc_section *s = r->section;
	size_t i, n = VEC_LEN(&r->pieces, struct piece);
	const struct buf **blocks = calloc(n ? n : 1, sizeof(*blocks));
	struct doc_article *prev = NULL;
	int64_t prev_end = 0;
	int rc;

	if (!blocks)
		return err_set(err, TB_E_NOMEM, "out of memory");
	s->loudness.true_peak_dbtp = -99.0;
	for (i = 0; i < n; i++) {
		struct piece *p = piece_at(r, i);

		blocks[i] = &p->loudness;
		if (p->report.true_peak_dbtp > s->loudness.true_peak_dbtp)
			s->loudness.true_peak_dbtp = p->report.true_peak_dbtp;
		if (p->article && p->marks[MARK_SOUND_START] >= 0) {
			struct doc_article *a = p->article;
			int64_t sound = p->start + p->marks[MARK_SOUND_START];

			a->chapter_start = prev ? chapter_boundary(prev_end, sound, r->rate) : 0;
			if (prev)
				prev->chapter_end = a->chapter_start;
			prev = a;
		}
		if (!p->article)
			prev_end = p->start + p->nsamples;
		else if (p->marks[MARK_ARTICLE_END] >= 0)
			prev_end = p->start + p->marks[MARK_ARTICLE_END];
	}
	s->start_sample = 0;
	if (n > 0)
		s->nsamples = s->end_sample =
		        piece_at(r, n - 1)->start + piece_at(r, n - 1)->nsamples;
	if (prev)
		prev->chapter_end = s->nsamples;
	rc = measure_pieces(r, blocks, n, &s->loudness, err);
	s->loudness.seconds = (double)s->nsamples / r->rate;
	free(blocks);
	return rc;
}

int ep_render_section(struct doc *d, struct doc_section *s, const struct ep_opts *o,
                      struct afile_set *files, struct tb_err *err)
{
	struct render r;
	struct buf path = BUF_INIT;
	int numbered = o->layout == PROF_LAYOUT_NUMBERED;
	char name[96];
	int rc;

	memset(&r, 0, sizeof(r));
	r.doc = d;
	r.section = s;
	r.o = o;
	r.files = files;
	r.rate = speech_rate();
	s->rate = r.rate;
	buf_init(&r.pieces, 0);
	rc = piece_plan_section(s, o, &r.pieces, err);
	s->pieces = (unsigned)VEC_LEN(&r.pieces, struct piece);
	s->pieces_cached = 0;
	if (!rc && numbered && !o->station)
		rc = err_set(err, TB_E_INPUT, "internal: the numbered layout without a plan");
	if (!rc && !numbered) {
		snprintf(name, sizeof(name), "%s.%s", s->id, ep_format_ext(o->format));
		s->file = arena_strdup(&d->arena, name);
		if (!s->file || buf_addf(&path, "%s/%s", o->out->path, name))
			rc = err_set(err, TB_E_NOMEM, "out of memory");
		if (!rc)
			rc = sink_open(&r.sink, o->out, name, s, o, s->title, NULL, r.rate, err);
		r.sink_open = rc == 0;
	}
	if (!rc)
		rc = render_pieces(&r, err);
	if (!rc)
		rc = finish_timeline(&r, err);
	if (r.sink_open) {
		if (rc)
			sink_abort(&r.sink);
		else
			rc = sink_commit(&r.sink, s, o, r.rate, files, err);
		/* Messages about the file name it already; others get it for context. */
		if (rc && !strstr(err->msg, path.data))
			err_prefix(err, "%s", path.data);
	}
	if (r.file_open)
		sink_abort(&r.file);
	piece_release_all(&r.pieces);
	afile_dir_close(r.folder);
	buf_release(&path);
	return rc;
}
