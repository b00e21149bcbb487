/*
 * profile — listening profiles: plain-text `key = value` files in
 * voices/profiles/ that set voice, rate, pauses, loudness, dynamics, filters,
 * cues, MP3 settings and output layout (docs/profiles.md documents every key).
 *
 * File syntax: one `key = value` per line; blank lines and lines whose first
 * non-blank character is '#' are ignored; a '#' preceded by a space or tab
 * starts a trailing comment. Keys are lower case; values are numbers, yes/no
 * (also on/off, true/false, 1/0), or words from a fixed list. A key may appear
 * once. Every key not in the file keeps its built-in default (the commute
 * values), so a profile lists only what it changes.
 *
 * Errors (unknown key, bad or out-of-range value, repeated key, a missing
 * '=', an MP3 rate/bitrate pair MPEG cannot encode) fail the load with
 * TB_E_USAGE and one message "FILE:LINE: key 'KEY': what is wrong".
 *
 * A struct profile is a plain value: no pointers, nothing to free.
 */
#ifndef TB_PROFILE_H
#define TB_PROFILE_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

#define PROF_NAME_MAX 64
#define PROF_PATH_MAX 1024

enum prof_cue { PROF_CUE_NONE, PROF_CUE_CHIME, PROF_CUE_FILE };
enum prof_cue_before { PROF_BEFORE_NONE, PROF_BEFORE_ARTICLE, PROF_BEFORE_SECTION };
enum prof_layout { PROF_LAYOUT_EPISODE, PROF_LAYOUT_NUMBERED };
enum prof_tag { PROF_TAG_FULL, PROF_TAG_SMALL };

/* Everything the DSP chain (audio/dsp.h) needs. */
struct prof_audio {
	double loudness_lufs;        /* integrated target, dual-mono LUFS */
	double mp3_loudness_comp_lu; /* PCM aims this much louder: MP3 decodes quieter */
	double true_peak_dbtp;       /* ceiling promised after MP3 decoding */
	double limiter_margin_db;    /* the limiter works at true_peak - margin */
	double limiter_lookahead_ms;
	double limiter_release_ms;
	int compressor;                 /* 0 off, 1 on */
	double compressor_threshold_db; /* RMS dBFS, after the coarse gain to target */
	double compressor_ratio;
	double compressor_attack_ms;
	double compressor_release_ms;
	double compressor_knee_db;
	double lra_max_lu;  /* 0 = no limit; else compression is tightened until met */
	double highpass_hz; /* 0 = off; 4th-order Butterworth */
	double lowpass_hz;  /* 0 = off; 4th-order Butterworth */
};

struct profile {
	char name[PROF_NAME_MAX]; /* file name without .conf */
	char path[PROF_PATH_MAX]; /* where it was loaded from ("" for built-in) */

	/* speech */
	char voice[PROF_NAME_MAX];
	int rate_wpm;     /* espeakRATE before rate_percent */
	int rate_percent; /* effective rate = rate_wpm * rate_percent / 100 */
	int pitch;        /* espeakPITCH 0..100 */
	int pause_sentence_ms;
	int pause_paragraph_ms;
	int pause_subhead_ms;
	int pause_article_ms;
	int pause_section_ms;
	int pause_cue_ms;    /* silence between a cue and the speech after it */
	int pause_phrase_ms; /* at a prosodic phrase break inside a clause; 0 = no breaks */

	/* cues and spoken structure */
	enum prof_cue cue;
	char cue_file[PROF_PATH_MAX]; /* for PROF_CUE_FILE: absolute, or resolved
	                               * against the profile file's directory */
	enum prof_cue_before cue_before;
	double cue_peak_dbfs;     /* peak level of the cue as inserted (before processing) */
	int speak_article_number; /* "第三条" before each article */
	int repeat_title_at_end;

	/* audio processing */
	struct prof_audio audio;

	/* MP3 and output */
	int mp3_sample_rate;
	int mp3_bitrate_kbps; /* CBR */
	int mp3_quality;      /* LAME -q: 0 best/slowest .. 9 worst/fastest */
	int channels;         /* 1 (mono) */
	enum prof_layout layout;
	int chapters;
	enum prof_tag tag; /* small: no pictures, tag under 4 KiB */
	int playlist;      /* write an .m3u8 per section */
};

/* Effective espeak rate in words per minute. */
int prof_rate_wpm(const struct profile *p);

/* Fills `out` with the built-in defaults (the commute profile's values). */
void prof_defaults(struct profile *out);

/* Loads `path` over the defaults. On error `out` is undefined and `err`
 * names the file, line and key. */
int prof_load(const char *path, struct profile *out, struct tb_err *err);

/* Parses profile text (for tests and for prof_load); `origin` names it in
 * messages and is the base directory for a relative cue file. */
int prof_parse(const char *text, size_t len, const char *origin, struct profile *out,
               struct tb_err *err);

/*
 * Resolves and loads a profile. `name_or_path` containing a '/' or ending in
 * ".conf" is a file path. Otherwise it is a NAME ([a-z0-9_-]+) looked up as
 * NAME.conf in, first found wins:
 *   1. $TINGBAO_DATA/profiles/
 *   2. <directory of the running executable>/profiles/
 *   3. <directory of the running executable>/../voices/profiles/
 *   4. <directory of the running executable>/../share/tingbao/profiles/ (installed)
 *   5. <source tree>/voices/profiles/ (the tree this file was compiled from)
 * A NULL or empty name means "commute". TB_E_USAGE if the name is not found
 * (the message lists the profiles there are and where it looked).
 */
int prof_find(const char *name_or_path, struct profile *out, struct tb_err *err);

/* The names of the profiles prof_find() finds by name, sorted, ", "-separated,
 * appended to out. 0 or TB_E_NOMEM. */
int prof_names(struct buf *out);

/* Checks cross-key constraints (e.g. MPEG rate/bitrate pairs). Called by the
 * loaders; exposed for profiles built in code. */
int prof_validate(const struct profile *p, const char *origin, struct tb_err *err);

#endif
