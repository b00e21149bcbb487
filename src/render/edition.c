#include "render/edition.h"

#include "audio/cue.h"
#include "core/afile.h"
#include "core/sha256.h"
#include "mp3/mp3.h"
#include "publish/cuesheet.h"
#include "publish/manifest.h"
#include "render/cache.h"
#include "render/station.h"

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

/* The extended M3U playlist of a numbered section, in playing order, paths relative to DIR,
 * each file's duration in whole seconds. */
static int write_playlist(const struct doc *d, size_t i, const struct ed_opts *o,
                          struct afile_set *files, struct tb_err *err)
{
	const struct doc_section *s = DOC_SECTION(d, i);
	struct buf m3u = BUF_INIT, name = BUF_INIT;
	double *seconds = calloc(DOC_NARTICLES(s) + 1, sizeof(*seconds));
	size_t j, n = 0;
	int rc;

	if (!seconds)
		return err_set(err, TB_E_NOMEM, "out of memory");
	if (station_file_of(o->ep.station, i, 0))
		seconds[n++] = s->opening_loudness.seconds;
	for (j = 0; j < DOC_NARTICLES(s); j++)
		seconds[n++] = DOC_ARTICLE(s, j)->file_loudness.seconds;
	rc = station_playlist(o->ep.station, i, seconds, &m3u) ||
	     buf_addf(&name, "%02zu.m3u8", i + 1);
	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_set_write(files, o->out, name.data, m3u.data, m3u.len, err);
	free(seconds);
	buf_release(&m3u);
	buf_release(&name);
	return rc;
}

static int write_station_readme(const struct ed_opts *o, struct tb_err *err)
{
	struct buf text = BUF_INIT;
	int rc = station_readme(o->ep.station, &text);

	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_write_all(o->out, "README.txt", text.data, text.len, err);
	buf_release(&text);
	return rc;
}

/* Which names of folder `dir` are numbered files that the plan no longer has (left by an
 * earlier render of more articles, or an older version's NN/000.mp3): they go once the
 * section's new files are in. */
struct stale_ctx {
	const struct station_plan *plan;
	const char *dir;
};

static int is_stale_numbered(const char *name, void *ctx)
{
	const struct stale_ctx *c = ctx;
	char path[32];
	unsigned folder, number;
	size_t i;

	if (snprintf(path, sizeof(path), "%s/%s", c->dir, name) >= (int)sizeof(path))
		return 0;
	if (station_parse_path(path, &folder, &number) && strcmp(name, "000.mp3"))
		return 0;
	for (i = 0; i < station_nfiles(c->plan); i++)
		if (!strcmp(VEC_AT(&c->plan->files, struct station_file, i).path, path))
			return 0;
	return 1;
}

static void remove_stale_in(const struct ed_opts *o, const char *dir)
{
	struct stale_ctx c = {o->ep.station, dir};
	struct afile_dir *d;

	if (afile_dir_sub(o->out, dir, 0, &d, NULL))
		return;
	afile_remove_if(d, is_stale_numbered, &c);
	afile_dir_close(d);
}

/* After section i's files are in: the numbered names its folders no longer use; and,
 * from the section holding the edition's last file, those of the folders after the last
 * one used. */
static void remove_stale_numbered(const struct ed_opts *o, size_t i)
{
	const struct station_plan *p = o->ep.station;
	size_t k, n = station_nfiles(p);
	char dir[4];
	unsigned f;

	for (k = 0; k < n; k++) {
		const struct station_file *sf = &VEC_AT(&p->files, struct station_file, k);

		if (sf->section == i && (k == 0 || strcmp(sf->dir, (sf - 1)->dir)))
			remove_stale_in(o, sf->dir);
	}
	if (!n || VEC_AT(&p->files, struct station_file, n - 1).section != i)
		return;
	remove_stale_in(o, "mp3");
	if (p->layout == STATION_FOLDERS)
		afile_rmdir(o->out, "mp3");
	for (f = p->layout == STATION_MP3 ? 1 : p->folders + 1; f <= STATION_MAX_FOLDERS; f++) {
		snprintf(dir, sizeof(dir), "%02u", f);
		remove_stale_in(o, dir);
		afile_rmdir(o->out, dir); /* only when nothing else is in it */
	}
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
		rc = write_playlist(d, i, o, &files, err);
	if (!rc)
		rc = write_manifest(d, i, o, &files, err);
	if (!rc)
		rc = afile_set_commit(&files, err);
	afile_set_abort(&files);
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED)
		remove_stale_numbered(o, i);
	if (!rc)
		o->report(o->report_ctx, s, o->ep.section_number);
	return rc;
}

/* The numbered layout's names and numbers for the whole document (every shard's). */
static int plan_station(const struct doc *d, const struct ed_opts *o, struct station_plan *p,
                        struct tb_err *err)
{
	return station_plan(p, d, o->station_layout, o->title,
	                    o->ep.cue_before == PROF_BEFORE_SECTION, err);
}

int ed_check(const struct doc *d, const struct ed_opts *o, struct tb_err *err)
{
	struct station_plan plan;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < DOC_NSECTIONS(d); i++)
		rc = ep_check_section(&VEC_AT(&d->sections, struct doc_section, i), &o->ep, err);
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED && !(rc = plan_station(d, o, &plan, err)))
		station_release(&plan);
	return rc;
}

int ed_render(struct doc *d, struct ed_opts *o, struct tb_err *err)
{
	struct buf context = BUF_INIT;
	struct station_plan station;
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
	memset(&station, 0, sizeof(station));
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED &&
	    !(rc = plan_station(d, o, &station, err)))
		o->ep.station = &station;
	for (i = 0; !rc && i < DOC_NSECTIONS(d); i++) {
		if (o->shard_n && i % o->shard_n != o->shard_k - 1)
			continue; /* another shard's */
		o->ep.section_number = (unsigned)i + 1;
		rc = render_one_section(d, i, o, err);
	}
	if (!rc && o->ep.layout == PROF_LAYOUT_NUMBERED)
		rc = write_station_readme(o, err);
	free(cue);
	station_release(&station);
	o->ep.station = NULL;
	o->ep.cue = NULL;
	o->ep.cache = NULL;
	o->ep.cache_context = NULL;
	cache_close(&cache);
	buf_release(&context);
	return rc;
}
