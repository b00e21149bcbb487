#include "audio/profile.h"

#include "core/buf.h"
#include "core/conf.h"
#include "core/paths.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROF_FILE_LIMIT (64 * 1024)
#define PROF_NDIRS      5 /* places a profile name is looked up in */

enum ktype {
	K_INT,     /* integer in [min, max] */
	K_DBL,     /* number in [min, max] */
	K_DBL_OFF, /* 0 (off) or a number in [min, max] */
	K_BOOL,    /* yes/no */
	K_ENUM,    /* one of `words` ("a|b|c"), stored as its index */
	K_SET,     /* integer from `words` ("8000|16000") */
	K_VOICE,   /* espeak voice name */
	K_CUE,     /* none | chime | a file path */
};

struct key {
	const char *name;
	enum ktype type;
	size_t off;
	double min, max;
	const char *words;
};

#define P(m) offsetof(struct profile, m)

static const struct key keys[] = {
        {"voice", K_VOICE, P(voice), 0, 0, NULL},
        {"rate", K_INT, P(rate_wpm), 80, 450, NULL},
        {"rate_percent", K_INT, P(rate_percent), 50, 200, NULL},
        {"pitch", K_INT, P(pitch), 0, 100, NULL},
        {"pause_sentence_ms", K_INT, P(pause_sentence_ms), 0, 5000, NULL},
        {"pause_paragraph_ms", K_INT, P(pause_paragraph_ms), 0, 5000, NULL},
        {"pause_subhead_ms", K_INT, P(pause_subhead_ms), 0, 10000, NULL},
        {"pause_article_ms", K_INT, P(pause_article_ms), 0, 10000, NULL},
        {"pause_section_ms", K_INT, P(pause_section_ms), 0, 10000, NULL},
        {"pause_cue_ms", K_INT, P(pause_cue_ms), 0, 5000, NULL},
        {"pause_phrase_ms", K_INT, P(pause_phrase_ms), 0, 2000, NULL},
        {"cue", K_CUE, P(cue), 0, 0, NULL},
        {"cue_before", K_ENUM, P(cue_before), 0, 0, "none|article|section"},
        {"cue_peak_dbfs", K_DBL, P(cue_peak_dbfs), -40, 0, NULL},
        {"speak_article_number", K_BOOL, P(speak_article_number), 0, 0, NULL},
        {"repeat_title_at_end", K_BOOL, P(repeat_title_at_end), 0, 0, NULL},
        {"loudness_lufs", K_DBL, P(audio.loudness_lufs), -36, -8, NULL},
        {"mp3_loudness_comp_lu", K_DBL, P(audio.mp3_loudness_comp_lu), 0, 2, NULL},
        {"true_peak_dbtp", K_DBL, P(audio.true_peak_dbtp), -12, 0, NULL},
        {"limiter_margin_db", K_DBL, P(audio.limiter_margin_db), 0, 3, NULL},
        {"limiter_lookahead_ms", K_DBL, P(audio.limiter_lookahead_ms), 1, 20, NULL},
        {"limiter_release_ms", K_DBL, P(audio.limiter_release_ms), 10, 1000, NULL},
        {"compressor", K_BOOL, P(audio.compressor), 0, 0, NULL},
        {"compressor_threshold_db", K_DBL, P(audio.compressor_threshold_db), -60, 0, NULL},
        {"compressor_ratio", K_DBL, P(audio.compressor_ratio), 1, 20, NULL},
        {"compressor_attack_ms", K_DBL, P(audio.compressor_attack_ms), 0.1, 500, NULL},
        {"compressor_release_ms", K_DBL, P(audio.compressor_release_ms), 1, 5000, NULL},
        {"compressor_knee_db", K_DBL, P(audio.compressor_knee_db), 0, 24, NULL},
        {"lra_max_lu", K_DBL_OFF, P(audio.lra_max_lu), 1, 30, NULL},
        {"highpass_hz", K_DBL_OFF, P(audio.highpass_hz), 20, 1000, NULL},
        {"lowpass_hz", K_DBL_OFF, P(audio.lowpass_hz), 1000, 10000, NULL},
        {"mp3_sample_rate", K_SET, P(mp3_sample_rate), 0, 0, "16000|22050|24000|32000|44100|48000"},
        {"mp3_bitrate_kbps", K_SET, P(mp3_bitrate_kbps), 0, 0,
         "8|16|24|32|40|48|56|64|80|96|112|128|144|160|192|224|256|320"},
        {"mp3_quality", K_INT, P(mp3_quality), 0, 9, NULL},
        {"channels", K_ENUM, P(channels), 0, 0, "-|mono"},
        {"layout", K_ENUM, P(layout), 0, 0, "episode|numbered"},
        {"chapters", K_BOOL, P(chapters), 0, 0, NULL},
        {"tag", K_ENUM, P(tag), 0, 0, "full|small"},
        {"playlist", K_BOOL, P(playlist), 0, 0, NULL},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void prof_defaults(struct profile *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", "commute");
	snprintf(p->voice, sizeof(p->voice), "%s", "cmn-latn-pinyin");
	p->rate_wpm = 175;
	p->rate_percent = 100;
	p->pitch = 50;
	p->pause_sentence_ms = 300;
	p->pause_paragraph_ms = 600;
	p->pause_subhead_ms = 900;
	p->pause_article_ms = 1200;
	p->pause_section_ms = 1500;
	p->pause_cue_ms = 250;
	p->pause_phrase_ms = 150;
	p->cue = PROF_CUE_NONE;
	p->cue_before = PROF_BEFORE_NONE;
	p->cue_peak_dbfs = -9.0;
	p->speak_article_number = 0;
	p->repeat_title_at_end = 0;
	p->audio.loudness_lufs = -16.0;
	p->audio.mp3_loudness_comp_lu = 0.45;
	p->audio.true_peak_dbtp = -1.5;
	p->audio.limiter_margin_db = 0.5;
	p->audio.limiter_lookahead_ms = 5.0;
	p->audio.limiter_release_ms = 100.0;
	p->audio.compressor = 0;
	p->audio.compressor_threshold_db = -26.0;
	p->audio.compressor_ratio = 3.0;
	p->audio.compressor_attack_ms = 10.0;
	p->audio.compressor_release_ms = 200.0;
	p->audio.compressor_knee_db = 6.0;
	p->audio.lra_max_lu = 0.0;
	p->audio.highpass_hz = 0.0;
	p->audio.lowpass_hz = 0.0;
	p->mp3_sample_rate = 22050;
	p->mp3_bitrate_kbps = 64;
	p->mp3_quality = 3;
	p->channels = 1;
	p->layout = PROF_LAYOUT_EPISODE;
	p->chapters = 1;
	p->tag = PROF_TAG_FULL;
	p->playlist = 0;
}

int prof_rate_wpm(const struct profile *p)
{
	return (p->rate_wpm * p->rate_percent + 50) / 100;
}

static int bad(struct tb_err *err, const char *origin, int line, const char *key, const char *fmt,
               const char *value)
{
	char what[1200];

	snprintf(what, sizeof(what), fmt, value);
	return err_set(err, TB_E_USAGE, "%s:%d: key '%s': %s", origin, line, key, what);
}

/* A decimal number as the docs promise: an optional sign, digits, an optional
 * fraction; no hexadecimal, exponent, inf or nan (which strtod alone would take). */
static int parse_number(const char *v, double *out)
{
	const char *p = v + (*v == '-' || *v == '+');
	size_t digits = strspn(p, "0123456789"), frac = 0;
	char *end;
	double d;

	if (p[digits] == '.')
		frac = strspn(p + digits + 1, "0123456789");
	if (digits + frac == 0 || p[digits + (p[digits] == '.' ? 1 + frac : 0)] != '\0')
		return -1;
	errno = 0;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || errno != 0 || !isfinite(d))
		return -1;
	*out = d;
	return 0;
}

static int parse_bool(const char *v, int *out)
{
	static const char *yes[] = {"yes", "on", "true", "1"};
	static const char *no[] = {"no", "off", "false", "0"};

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

/* Index of `v` among the '|'-separated `words`, or -1. */
static int word_index(const char *words, const char *v)
{
	size_t vl = strlen(v);
	int idx = 0;

	for (const char *w = words;; idx++) {
		const char *bar = strchr(w, '|');
		size_t wl = bar ? (size_t)(bar - w) : strlen(w);

		if (wl == vl && strncmp(w, v, vl) == 0)
			return idx;
		if (!bar)
			return -1;
		w = bar + 1;
	}
}

static int valid_voice(const char *v)
{
	size_t n = strlen(v);

	if (n == 0 || n >= PROF_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '+' || c == '/'))
			return 0;
	}
	return 1;
}

/* Directory part of `path` ("." when there is none), into `dir`. */
static void dir_of(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, cap, ".");
	else if (slash == path)
		snprintf(dir, cap, "/");
	else
		snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

static int set_cue(struct profile *p, const char *v, const char *origin, int line, const char *key,
                   struct tb_err *err)
{
	char dir[PROF_PATH_MAX];
	int n;

	if (strcmp(v, "none") == 0) {
		p->cue = PROF_CUE_NONE;
		return 0;
	}
	if (strcmp(v, "chime") == 0) {
		p->cue = PROF_CUE_CHIME;
		return 0;
	}
	if (v[0] == '/') {
		n = snprintf(p->cue_file, sizeof(p->cue_file), "%s", v);
	} else {
		dir_of(origin, dir, sizeof(dir));
		n = snprintf(p->cue_file, sizeof(p->cue_file), "%s/%s", dir, v);
	}
	if (n < 0 || (size_t)n >= sizeof(p->cue_file))
		return bad(err, origin, line, key, "path too long: %s", v);
	if (access(p->cue_file, R_OK) != 0)
		return bad(err, origin, line, key,
		           "expected none, chime or a readable sound file; cannot read '%s'",
		           p->cue_file);
	p->cue = PROF_CUE_FILE;
	return 0;
}

static int set_value(struct profile *p, const struct key *k, const char *v, const char *origin,
                     int line, struct tb_err *err)
{
	char range[160];
	char *field = (char *)p + k->off;
	double d;
	int b, idx;

	switch (k->type) {
	case K_INT:
	case K_DBL:
	case K_DBL_OFF:
		if (k->type == K_INT)
			snprintf(range, sizeof(range),
			         "expected a whole number from %g to %g, got '%%s'", k->min,
			         k->max);
		else if (k->type == K_DBL)
			snprintf(range, sizeof(range), "expected a number from %g to %g, got '%%s'",
			         k->min, k->max);
		else
			snprintf(range, sizeof(range),
			         "expected 0 (off) or a number from %g to %g, got '%%s'", k->min,
			         k->max);
		if (parse_number(v, &d) != 0)
			return bad(err, origin, line, k->name, range, v);
		if (k->type == K_DBL_OFF && d == 0.0) {
			*(double *)(void *)field = 0.0;
			return 0;
		}
		if (d < k->min || d > k->max || (k->type == K_INT && d != floor(d)))
			return bad(err, origin, line, k->name, range, v);
		if (k->type == K_INT)
			*(int *)(void *)field = (int)d;
		else
			*(double *)(void *)field = d;
		return 0;
	case K_BOOL:
		if (parse_bool(v, &b) != 0)
			return bad(err, origin, line, k->name, "expected yes or no, got '%s'", v);
		*(int *)(void *)field = b;
		return 0;
	case K_ENUM:
	case K_SET:
		idx = word_index(k->words, v);
		if (idx < 0 || strcmp(v, "-") == 0) {
			snprintf(range, sizeof(range), "expected one of %s, got '%%s'",
			         k->words[0] == '-' ? k->words + 2 : k->words);
			return bad(err, origin, line, k->name, range, v);
		}
		if (k->type == K_SET)
			*(int *)(void *)field = atoi(v);
		else
			*(int *)(void *)field = idx;
		return 0;
	case K_VOICE:
		if (!valid_voice(v))
			return bad(err, origin, line, k->name, "not a voice name: '%s'", v);
		snprintf(field, PROF_NAME_MAX, "%s", v);
		return 0;
	case K_CUE:
		return set_cue(p, v, origin, line, k->name, err);
	}
	return bad(err, origin, line, k->name, "internal: unhandled key type%s", "");
}

static const struct key *find_key(const char *name, size_t *index)
{
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(keys[i].name, name) == 0) {
			*index = i;
			return &keys[i];
		}
	}
	return NULL;
}

static int line_of(const int *lines, const char *key)
{
	size_t i;

	if (!lines || !find_key(key, &i))
		return 0;
	return lines[i];
}

static int validate(const struct profile *p, const char *origin, const int *lines,
                    struct tb_err *err)
{
	static const int mpeg1[] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
	static const int mpeg2[] = {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
	int is1 = p->mp3_sample_rate >= 32000, ok = 0;
	const int *set = is1 ? mpeg1 : mpeg2;
	int line;

	for (size_t i = 0; i < 14; i++)
		ok |= set[i] == p->mp3_bitrate_kbps;
	if (!ok) {
		line = line_of(lines, "mp3_bitrate_kbps");
		if (!line)
			line = line_of(lines, "mp3_sample_rate");
		return err_set(err, TB_E_USAGE,
		               "%s:%d: key 'mp3_bitrate_kbps': %d kbps is not an %s bitrate at "
		               "%d Hz (allowed: %s)",
		               origin, line, p->mp3_bitrate_kbps, is1 ? "MPEG-1" : "MPEG-2",
		               p->mp3_sample_rate,
		               is1 ? "32 40 48 56 64 80 96 112 128 160 192 224 256 320"
		                   : "8 16 24 32 40 48 56 64 80 96 112 128 144 160");
	}
	if (p->audio.highpass_hz > 0.0 && p->audio.lowpass_hz > 0.0 &&
	    p->audio.highpass_hz * 2.0 > p->audio.lowpass_hz) {
		return err_set(err, TB_E_USAGE,
		               "%s:%d: key 'highpass_hz': %g Hz must be at most half of "
		               "lowpass_hz (%g Hz)",
		               origin, line_of(lines, "highpass_hz"), p->audio.highpass_hz,
		               p->audio.lowpass_hz);
	}
	if (p->audio.lowpass_hz > 0.0 && p->audio.lowpass_hz > 0.45 * p->mp3_sample_rate) {
		return err_set(err, TB_E_USAGE,
		               "%s:%d: key 'lowpass_hz': %g Hz is above 0.45 x mp3_sample_rate "
		               "(%d Hz)",
		               origin, line_of(lines, "lowpass_hz"), p->audio.lowpass_hz,
		               p->mp3_sample_rate);
	}
	if (p->cue == PROF_CUE_NONE && p->cue_before != PROF_BEFORE_NONE) {
		return err_set(err, TB_E_USAGE,
		               "%s:%d: key 'cue_before': a cue position is set but cue is none",
		               origin, line_of(lines, "cue_before"));
	}
	return 0;
}

int prof_validate(const struct profile *p, const char *origin, struct tb_err *err)
{
	return validate(p, origin, NULL, err);
}

static void name_from_origin(struct profile *p, const char *origin)
{
	const char *base = strrchr(origin, '/');
	size_t n;

	base = base ? base + 1 : origin;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".conf") == 0)
		n -= 5;
	if (n >= sizeof(p->name))
		n = sizeof(p->name) - 1;
	memcpy(p->name, base, n);
	p->name[n] = '\0';
}

struct parse_ctx {
	struct profile *p;
	int seen[NKEYS]; /* the line each key was set on, 0 for none */
};

static int take_setting(void *ctx, const struct conf_item *it, struct tb_err *err)
{
	struct parse_ctx *x = ctx;
	const struct key *k;
	size_t idx;

	k = find_key(it->key, &idx);
	if (!k)
		return err_set(err, TB_E_USAGE, "%s:%d: key '%.60s': unknown key", it->origin,
		               it->line, it->key);
	if (x->seen[idx])
		return err_set(err, TB_E_USAGE, "%s:%d: key '%s': already set on line %d",
		               it->origin, it->line, it->key, x->seen[idx]);
	x->seen[idx] = it->line;
	if (*it->value == '\0')
		return bad(err, it->origin, it->line, it->key, "missing value%s", "");
	return set_value(x->p, k, it->value, it->origin, it->line, err);
}

int prof_parse(const char *text, size_t len, const char *origin, struct profile *out,
               struct tb_err *err)
{
	struct parse_ctx x = {out, {0}};
	int rc;

	prof_defaults(out);
	name_from_origin(out, origin);
	rc = conf_parse(text, len, origin, take_setting, &x, err);
	return rc ? rc : validate(out, origin, x.seen, err);
}

int prof_load(const char *path, struct profile *out, struct tb_err *err)
{
	struct buf b = BUF_INIT;
	/* A regular file of at most 64 KiB (a FIFO or a directory is refused, never waited
	 * for); anything wrong with the file is a usage error, like a wrong value in it. */
	int rc = conf_read_file(path, PROF_FILE_LIMIT, &b, err);

	if (rc == TB_E_USAGE)
		err_prefix(err, "profile");
	if (!rc)
		rc = prof_parse(buf_cstr(&b), b.len, path, out, err);
	if (!rc)
		snprintf(out->path, sizeof(out->path), "%s", path);
	buf_release(&b);
	return rc;
}

static int is_name(const char *s)
{
	if (!*s || strlen(s) >= PROF_NAME_MAX)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return 0;
	return 1;
}

/* Root of the source tree this file was compiled from, or "" if __FILE__ is
 * not an absolute path ending in src/audio/profile.c. */
static void source_root(char *dir, size_t cap)
{
	static const char tail[] = "src/audio/profile.c";
	const char *f = __FILE__;
	size_t n = strlen(f), t = sizeof(tail) - 1;

	dir[0] = '\0';
	if (f[0] != '/' || n < t || strcmp(f + n - t, tail) != 0)
		return;
	snprintf(dir, cap, "%.*s", (int)(n - t), f);
}

/* The directories profiles are looked up in, in order. */
static size_t profile_dirs(char dirs[PROF_NDIRS][PROF_PATH_MAX])
{
	const char *data = getenv("TINGBAO_DATA");
	char exe[PROF_PATH_MAX], src[PROF_PATH_MAX];
	size_t nd = 0;

	if (data && *data)
		snprintf(dirs[nd++], PROF_PATH_MAX, "%.900s/profiles", data);
	if (paths_exe_dir(exe, sizeof(exe)) == 0) {
		snprintf(dirs[nd++], PROF_PATH_MAX, "%.900s/profiles", exe);
		snprintf(dirs[nd++], PROF_PATH_MAX, "%.900s/../voices/profiles", exe);
	}
	if (paths_share_dir(exe, sizeof(exe)) == 0)
		snprintf(dirs[nd++], PROF_PATH_MAX, "%.900s/profiles", exe);
	source_root(src, sizeof(src));
	if (*src)
		snprintf(dirs[nd++], PROF_PATH_MAX, "%.900svoices/profiles", src);
	return nd;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int prof_names(struct buf *out)
{
	char dirs[PROF_NDIRS][PROF_PATH_MAX], *names[256];
	size_t nd = profile_dirs(dirs), n = 0, i, k;
	int rc = 0;

	for (i = 0; i < nd; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *e;

		while (dir && (e = readdir(dir)) != NULL && n < sizeof(names) / sizeof(names[0])) {
			size_t len = strlen(e->d_name);
			char base[PROF_NAME_MAX];

			if (len <= 5 || len - 5 >= sizeof(base) ||
			    strcmp(e->d_name + len - 5, ".conf"))
				continue;
			snprintf(base, sizeof(base), "%.*s", (int)(len - 5), e->d_name);
			if (!is_name(base))
				continue;
			for (k = 0; k < n && strcmp(names[k], base); k++)
				;
			if (k == n && (names[n] = strdup(base)) != NULL)
				n++;
		}
		if (dir)
			closedir(dir);
	}
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		if (!rc && ((i && buf_adds(out, ", ")) || buf_adds(out, names[i])))
			rc = TB_E_NOMEM;
		free(names[i]);
	}
	return rc;
}

int prof_find(const char *name_or_path, struct profile *out, struct tb_err *err)
{
	char dirs[PROF_NDIRS][PROF_PATH_MAX], cand[PROF_PATH_MAX + 64], where[2048] = "";
	const char *name = (name_or_path && *name_or_path) ? name_or_path : "commute";
	size_t len = strlen(name), nd;
	struct buf known = BUF_INIT;

	if (strchr(name, '/') || (len > 5 && strcmp(name + len - 5, ".conf") == 0))
		return prof_load(name, out, err);
	if (!is_name(name))
		return err_set(err, TB_E_USAGE,
		               "profile '%.80s': a name is made of a-z, 0-9, '_' and '-' (or give "
		               "a path to a .conf file)",
		               name);
	nd = profile_dirs(dirs);
	for (size_t i = 0; i < nd; i++) {
		snprintf(cand, sizeof(cand), "%s/%s.conf", dirs[i], name);
		if (access(cand, R_OK) == 0)
			return prof_load(cand, out, err);
		if (strlen(where) + strlen(dirs[i]) + 3 < sizeof(where)) {
			if (*where)
				strcat(where, ", ");
			strcat(where, dirs[i]);
		}
	}
	prof_names(&known);
	err_set(err, TB_E_USAGE, "profile '%s' not found; the profiles are: %s (looked in: %s)",
	        name, known.len ? buf_cstr(&known) : "none",
	        *where ? where : "nowhere: set TINGBAO_DATA");
	buf_release(&known);
	return TB_E_USAGE;
}
