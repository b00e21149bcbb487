#include "render/edition.h"

#include "audio/cue.h"
#include "core/afile.h"
#include "core/sha256.h"
#include "mp3/mp3.h"
#include "publish/cuesheet.h"
#include "publish/manifest.h"
#include "render/cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_manifest(const struct doc *d, size_t i, const struct ed_opts *o,
                          struct afile_set *files, struct tb_err *err)
{
	const struct doc_section *s = &VEC_AT(&d->sections, struct doc_section, i);
	char lame[32];
	struct manifest_encoder enc = {lame, o->ep.bitrate_kbps, o->ep.mp3_quality,
	                               o->ep.format == EP_MP3 ? o->ep.mp3_rate : s->rate,
	                               ep_format_ext(o->ep.format)};
	struct buf json = BUF_INIT, name = BUF_INIT;
	int rc;

	mp3_encoder_name(lame, sizeof(lame));
	if (o->ep.format != EP_MP3)
		enc.name = "libsndfile";
	rc = manifest_write(&json, d, i, 1, &enc);
	if (!rc)
		rc = buf_addf(&name, "%s.json", s->id);
	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_set_write(files, o->out, name.data, json.data, json.len, err);
	buf_release(&json);
	buf_release(&name);
	return rc;
}

static int write_cuesheet(const struct doc_section *s, const struct ed_opts *o,
                          struct afile_set *files, struct tb_err *err)
{
	struct buf cue = BUF_INIT, name = BUF_INIT;
	int rc;

	rc = cuesheet_write(&cue, s, o->title) || buf_addf(&name, "%s.cue", s->id);
	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_set_write(files, o->out, name.data, cue.data, cue.len, err);
	buf_release(&cue);
	buf_release(&name);
	return rc;
}

/* An extended M3U playlist of a numbered section, in play order, paths relative to DIR. */
static int write_playlist(const struct doc_section *s, unsigned number, const struct ed_opts *o,
                          struct afile_set *files, struct tb_err *err)
{
	struct buf m3u = BUF_INIT, name = BUF_INIT;
	size_t j;
	int rc = buf_adds(&m3u, "#EXTM3U\n");

	if (!rc && s->opening_file)
		rc = buf_addf(&m3u, "#EXTINF:-1,%s\n%s\n", s->title ? s->title : "",
		              s->opening_file);
	for (j = 0; !rc && j < DOC_NARTICLES(s); j++) {
		const struct doc_article *a = &VEC_AT(&s->articles, struct doc_article, j);
		int64_t next =
		        j + 1 < DOC_NARTICLES(s)
		                ? VEC_AT(&s->articles, struct doc_article, j + 1).chapter_start
		                : s->nsamples;
		long secs = (long)((next - a->chapter_start) / (int64_t)s->rate);

		if (a->file)
			rc = buf_addf(&m3u, "#EXTINF:%ld,%s\n%s\n", secs, a->title ? a->title : "",
			              a->file);
	}
	if (!rc)
		rc = buf_addf(&name, "%02u.m3u8", number);
	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_set_write(files, o->out, name.data, m3u.data, m3u.len, err);
	buf_release(&m3u);
	buf_release(&name);
	return rc;
}

static const char station_readme[] =
        "These folders hold one MP3 file per article, numbered in reading order:\n"
        "NN/000.mp3 opens section NN, then NN/001.mp3, NN/002.mp3 and so on.\n"
        "NN.m3u8 is the playlist of section NN.\n"
        "\n"
        "Small MP3 players and modules (DFPlayer-style, car and USB players) often play\n"
        "files in the order they were copied onto the card, not by name. Copy them in\n"
        "order: first format the card (or delete everything), then copy one folder at a\n"
        "time, and inside a folder the files in name order, for example:\n"
        "\n"
        "    for f in 01/*.mp3; do cp \"$f\" /media/card/01/; sync; done\n"
        "\n"
        "or sort the card afterwards with a tool such as fatsort.\n";

static int write_station_readme(const struct ed_opts *o, struct tb_err *err)
{
	return afile_write_all(o->out, "README.txt", station_readme, sizeof(station_readme) - 1,
	                       err);
}

/* SHA-256 of a file's bytes in hex; "-" when it cannot be read. */
static void hash_file(const char *path, char hex[65])
{
	unsigned char chunk[65536], d[32];
	struct sha256 h;
	FILE *f = fopen(path, "rb");
	size_t got;

	if (!f) {
		strcpy(hex, "-");
		return;
	}
	sha256_init(&h);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sha256_update(&h, chunk, got);
	fclose(f);
	sha256_final(&h, d);
	sha256_hex(d, hex);
}

/*
 * Everything besides a piece's own plan that decides its audio: this very
 * program (any change to the code changes its bytes), the speech engine and its
 * settings, the profile's processing, the cue sound and the encoder.
 */
static int cache_context(const struct ed_opts *o, const float *cue, size_t ncue, struct buf *out)
{
	const struct prof_audio *a = &o->prof.audio;
	char exe[65], prof[65], cuehex[65], engine[512], lame[32];
	unsigned char d[32];

	hash_file("/proc/self/exe", exe);
	if (o->prof.path[0])
		hash_file(o->prof.path, prof);
	else
		strcpy(prof, "builtin");
	sha256(cue, ncue * sizeof(*cue), d);
	sha256_hex(d, cuehex);
	speech_engine_name(engine, sizeof(engine));
	mp3_encoder_name(lame, sizeof(lame));
	return buf_addf(out,
	                "tingbao-piece 1\nexe %s\n%s\nvoice %s %d %d %u\nprofile %s\n"
	                "audio %.17g %.17g %.17g %.17g %.17g %d %.17g %.17g %.17g %.17g %.17g "
	                "%.17g %.17g %.17g %.17g\ncue %s %d\nmp3 %s %u %u %d layout %d\n",
	                exe, engine, o->voice.voice, o->voice.rate_wpm, o->voice.pitch,
	                speech_rate(), prof, a->loudness_lufs, a->true_peak_dbtp,
	                a->limiter_margin_db, a->limiter_lookahead_ms, a->limiter_release_ms,
	                a->compressor, a->compressor_threshold_db, a->compressor_ratio,
	                a->compressor_attack_ms, a->compressor_release_ms, a->compressor_knee_db,
	                a->lra_max_lu, a->highpass_hz, a->lowpass_hz, a->mp3_loudness_comp_lu,
	                cuehex, (int)o->ep.cue_before, lame, o->ep.mp3_rate, o->ep.bitrate_kbps,
	                o->ep.mp3_quality, (int)o->ep.layout);
}

/*
 * Renders a section with what goes beside it. The audio, cue sheet, playlist and
 * manifest are all complete under temporary names before the first is renamed, and
 * are renamed together with signals blocked, manifest last: a failure or a stop
 * leaves the previous run's files as they were, or all of the new ones.
 */
static int render_one_section(struct doc *d, size_t i, struct ed_opts *o, struct tb_err *err)
{
	struct doc_section *s = DOC_SECTION(d, i);
	struct afile_set files;
	int rc;

	afile_set_init(&files);
	rc = ep_render_section(d, s, &o->ep, &files, err);
	if (!rc && o->ep.format != EP_MP3)
		rc = write_cuesheet(s, o, &files, err);
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED && o->prof.playlist)
		rc = write_playlist(s, o->ep.section_number, o, &files, err);
	if (!rc)
		rc = write_manifest(d, i, o, &files, err);
	if (!rc)
		rc = afile_set_commit(&files, err);
	afile_set_abort(&files);
	if (!rc)
		o->report(o->report_ctx, s, o->ep.section_number);
	return rc;
}

int ed_check(const struct doc *d, const struct ed_opts *o, struct tb_err *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < DOC_NSECTIONS(d); i++)
		rc = ep_check_section(&VEC_AT(&d->sections, struct doc_section, i), &o->ep, err);
	return rc;
}

int ed_render(struct doc *d, struct ed_opts *o, struct tb_err *err)
{
	struct buf context = BUF_INIT;
	struct cache cache;
	float *cue = NULL;
	size_t i, ncue = 0;
	int rc = cue_make(&o->prof, speech_rate(), &cue, &ncue, err);

	o->ep.cue = cue;
	o->ep.ncue = ncue;
	cache.dir = NULL;
	if (!rc && cache_open(&cache, o->cache_dir, o->no_cache, err)) {
		/* A cache that cannot be used costs time, not the render. */
		if (o->warn)
			o->warn(o->report_ctx, err->msg);
		err_clear(err);
	}
	if (!rc && cache_context(o, cue, ncue, &context))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	o->ep.cache = &cache;
	o->ep.cache_context = buf_cstr(&context);
	for (i = 0; !rc && i < DOC_NSECTIONS(d); i++) {
		if (o->shard_n && i % o->shard_n != o->shard_k - 1)
			continue; /* another shard's */
		o->ep.section_number = (unsigned)i + 1;
		rc = render_one_section(d, i, o, err);
	}
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED)
		rc = write_station_readme(o, err);
	free(cue);
	o->ep.cue = NULL;
	o->ep.cache = NULL;
	o->ep.cache_context = NULL;
	cache_close(&cache);
	buf_release(&context);
	return rc;
}
