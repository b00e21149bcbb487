/* Unit tests of listening profiles (audio/profile.h): defaults, the three
 * shipped profiles, the parser's syntax, and every kind of error naming the
 * file, line and key; name resolution through TINGBAO_DATA. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audio/profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int parse(const char *text, struct profile *p, struct tb_err *err)
{
	return prof_parse(text, strlen(text), "test.conf", p, err);
}

static void expect_error(const char *text, const char *needle)
{
	struct profile p;
	struct tb_err err = {0};

	assert_int_equal(parse(text, &p, &err), TB_E_USAGE);
	if (!strstr(err.msg, needle))
		fail_msg("message '%s' lacks '%s'", err.msg, needle);
}

static void test_defaults(void **state)
{
	struct profile p;

	(void)state;
	prof_defaults(&p);
	assert_string_equal(p.voice, "cmn-latn-pinyin");
	assert_int_equal(p.rate_wpm, 175);
	assert_int_equal(prof_rate_wpm(&p), 175);
	assert_int_equal(p.pause_sentence_ms, 300);
	assert_int_equal(p.pause_paragraph_ms, 600);
	assert_int_equal(p.pause_subhead_ms, 900);
	assert_int_equal(p.pause_article_ms, 1200);
	assert_true(p.audio.loudness_lufs == -16.0);
	assert_true(p.audio.true_peak_dbtp == -1.5);
	assert_int_equal(p.mp3_sample_rate, 22050);
	assert_int_equal(p.mp3_bitrate_kbps, 64);
	assert_int_equal(p.layout, PROF_LAYOUT_EPISODE);
	assert_int_equal(p.cue, PROF_CUE_NONE);
	assert_int_equal(prof_validate(&p, "defaults", NULL), 0);
}

static void test_syntax(void **state)
{
	struct profile p;
	struct tb_err err = {0};
	const char *text = "# a comment\n"
	                   "\n"
	                   "   # indented comment\n"
	                   "rate_percent = 115   # trailing comment\n"
	                   "loudness_lufs=-14\r\n"
	                   "\tcompressor = on\n"
	                   "speak_article_number = yes\n"
	                   "highpass_hz = 120\n"
	                   "cue = chime\n"
	                   "cue_before = article\n"
	                   "layout = numbered\n"
	                   "mp3_sample_rate = 44100\n"
	                   "mp3_bitrate_kbps = 128\n"
	                   "voice = cmn\n"
	                   "channels = mono";

	(void)state;
	assert_int_equal(parse(text, &p, &err), 0);
	assert_string_equal(p.name, "test");
	assert_int_equal(p.rate_percent, 115);
	assert_int_equal(prof_rate_wpm(&p), 201);
	assert_true(p.audio.loudness_lufs == -14.0);
	assert_int_equal(p.audio.compressor, 1);
	assert_int_equal(p.speak_article_number, 1);
	assert_true(p.audio.highpass_hz == 120.0);
	assert_int_equal(p.cue, PROF_CUE_CHIME);
	assert_int_equal(p.cue_before, PROF_BEFORE_ARTICLE);
	assert_int_equal(p.layout, PROF_LAYOUT_NUMBERED);
	assert_int_equal(p.mp3_sample_rate, 44100);
	assert_int_equal(p.mp3_bitrate_kbps, 128);
	assert_string_equal(p.voice, "cmn");
	assert_int_equal(p.channels, 1);
	/* Unlisted keys keep their defaults. */
	assert_int_equal(p.pause_article_ms, 1200);
	/* off (0) is allowed where a range starts above 0. */
	assert_int_equal(parse("lowpass_hz = 0\nlra_max_lu = 0\n", &p, &err), 0);
}

static void test_errors_name_file_line_key(void **state)
{
	(void)state;
	expect_error("rate = 175\nloudnes_lufs = -16\n",
	             "test.conf:2: key 'loudnes_lufs': unknown key");
	expect_error(
	        "\n\n\nloudness_lufs = -3\n",
	        "test.conf:4: key 'loudness_lufs': expected a number from -36 to -8, got '-3'");
	expect_error("pitch = 101\n", "test.conf:1: key 'pitch'");
	expect_error("pitch = 50.5\n", "expected a whole number");
	expect_error("rate = fast\n", "test.conf:1: key 'rate'");
	expect_error("true_peak_dbtp = 0.5\n", "key 'true_peak_dbtp'");
	expect_error("compressor = maybe\n", "test.conf:1: key 'compressor': expected yes or no");
	expect_error("layout = folders\n", "expected one of episode|numbered, got 'folders'");
	expect_error("channels = stereo\n", "key 'channels': expected one of mono");
	expect_error("mp3_sample_rate = 11025\n", "key 'mp3_sample_rate'");
	expect_error("mp3_bitrate_kbps = 100\n", "key 'mp3_bitrate_kbps'");
	expect_error("highpass_hz = 5\n", "expected 0 (off) or a number from 20 to 1000");
	expect_error("rate = 175\nrate = 180\n", "test.conf:2: key 'rate': already set on line 1");
	expect_error("rate 175\n", "test.conf:1: expected 'key = value'");
	expect_error("rate =\n", "test.conf:1: key 'rate': missing value");
	expect_error("voice = cmn latn\n", "key 'voice': not a voice name");
	expect_error("loudness_lufs = nan\n", "key 'loudness_lufs'");
	expect_error("cue = /nonexistent/jingle.wav\n",
	             "key 'cue': expected none, chime or a readable");
	/* Cross-key checks still name the line of the key at fault. */
	expect_error("mp3_sample_rate = 22050\nmp3_bitrate_kbps = 320\n",
	             "test.conf:2: key 'mp3_bitrate_kbps': 320 kbps is not an MPEG-2 bitrate");
	expect_error("mp3_sample_rate = 44100\nmp3_bitrate_kbps = 8\n", "not an MPEG-1 bitrate");
	expect_error("highpass_hz = 800\nlowpass_hz = 1000\n", "test.conf:1: key 'highpass_hz'");
	expect_error("lowpass_hz = 10000\n", "test.conf:1: key 'lowpass_hz'");
	expect_error("cue_before = article\n", "key 'cue_before'");
}

static const char *source_dir(void)
{
	const char *s = getenv("TB_SOURCE_DIR");

	return s && *s ? s : NULL;
}

static void load_shipped(const char *name, struct profile *p)
{
	char path[1024];
	struct tb_err err = {0};
	const char *src = source_dir();

	if (!src)
		skip();
	snprintf(path, sizeof(path), "%s/voices/profiles/%s.conf", src, name);
	if (prof_load(path, p, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(p->name, name);
	assert_string_equal(p->path, path);
}

static void test_shipped_profiles(void **state)
{
	struct profile c, r, s;

	(void)state;
	load_shipped("commute", &c);
	load_shipped("rider", &r);
	load_shipped("station", &s);
	/* commute: mono 22050 Hz CBR 64, -16 LUFS, -1.5 dBTP, natural rate, chapters. */
	assert_int_equal(c.mp3_sample_rate, 22050);
	assert_int_equal(c.mp3_bitrate_kbps, 64);
	assert_true(c.audio.loudness_lufs == -16 && c.audio.true_peak_dbtp == -1.5);
	assert_int_equal(prof_rate_wpm(&c), 175);
	assert_int_equal(c.chapters, 1);
	assert_int_equal(c.layout, PROF_LAYOUT_EPISODE);
	/* rider: ~15% faster, -14 LUFS, -1 dBTP, LRA <= 5, HP ~120 Hz, chime, number. */
	assert_true(prof_rate_wpm(&r) >= 195 && prof_rate_wpm(&r) <= 207);
	assert_true(r.audio.loudness_lufs == -14 && r.audio.true_peak_dbtp == -1);
	assert_int_equal(r.audio.compressor, 1);
	assert_true(r.audio.lra_max_lu > 0 && r.audio.lra_max_lu <= 5);
	assert_true(r.audio.highpass_hz >= 100 && r.audio.highpass_hz <= 150);
	assert_int_equal(r.cue, PROF_CUE_CHIME);
	assert_int_equal(r.cue_before, PROF_BEFORE_ARTICLE);
	assert_int_equal(r.speak_article_number, 1);
	assert_int_equal(r.chapters, 1);
	/* station: MPEG-1 44100 CBR 128, -16 LUFS, -1 dBTP, 200-7000 Hz, LRA <= 4,
	 * slower, longer pauses, title repeated, numbered layout, small tag. */
	assert_int_equal(s.mp3_sample_rate, 44100);
	assert_int_equal(s.mp3_bitrate_kbps, 128);
	assert_true(s.audio.loudness_lufs == -16 && s.audio.true_peak_dbtp == -1);
	assert_true(s.audio.highpass_hz == 200 && s.audio.lowpass_hz == 7000);
	assert_int_equal(s.audio.compressor, 1);
	assert_true(s.audio.lra_max_lu > 0 && s.audio.lra_max_lu <= 4);
	assert_true(prof_rate_wpm(&s) < prof_rate_wpm(&c));
	assert_true(s.pause_sentence_ms > c.pause_sentence_ms);
	assert_true(s.pause_article_ms > c.pause_article_ms);
	assert_int_equal(s.repeat_title_at_end, 1);
	assert_int_equal(s.layout, PROF_LAYOUT_NUMBERED);
	assert_int_equal(s.tag, PROF_TAG_SMALL);
	assert_int_equal(s.playlist, 1);
}

static void test_find(void **state)
{
	char dir[256], sub[300], file[400];
	struct profile p;
	struct tb_err err = {0};
	FILE *f;

	(void)state;
	/* TINGBAO_DATA comes first. */
	snprintf(dir, sizeof(dir), "/tmp/tb_test_profile_%ld", (long)getpid());
	snprintf(sub, sizeof(sub), "%s/profiles", dir);
	snprintf(file, sizeof(file), "%s/rider.conf", sub);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("loudness_lufs = -20\n", f);
	fclose(f);
	setenv("TINGBAO_DATA", dir, 1);
	assert_int_equal(prof_find("rider", &p, &err), 0);
	assert_true(p.audio.loudness_lufs == -20);
	assert_string_equal(p.path, file);
	/* A path is loaded as such; a broken file reports its own name. */
	f = fopen(file, "w");
	assert_non_null(f);
	fputs("# broken\nloudness_lufs = loud\n", f);
	fclose(f);
	assert_int_equal(prof_find(file, &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "rider.conf:2: key 'loudness_lufs'"));
	unlink(file);
	rmdir(sub);
	rmdir(dir);
	unsetenv("TINGBAO_DATA");
	/* TINGBAO_DATA=<source>/voices finds the shipped profiles by name. */
	if (source_dir()) {
		char data[1024];

		snprintf(data, sizeof(data), "%s/voices", source_dir());
		setenv("TINGBAO_DATA", data, 1);
		assert_int_equal(prof_find("station", &p, &err), 0);
		assert_int_equal(p.layout, PROF_LAYOUT_NUMBERED);
		assert_int_equal(prof_find(NULL, &p, &err), 0);
		assert_string_equal(p.name, "commute");
		unsetenv("TINGBAO_DATA");
	}
	/* Without it, the executable's neighbourhood or the source tree this was
	 * compiled from (CMake compiles with absolute paths). */
	if (prof_find("station", &p, &err) == 0)
		assert_int_equal(p.layout, PROF_LAYOUT_NUMBERED);
	else
		printf("no fallback location in this build: %s\n", err.msg);
	/* Unknown names and bad names. */
	assert_int_equal(prof_find("jogger", &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "profile 'jogger' not found"));
	assert_int_equal(prof_find("Bad Name", &p, &err), TB_E_USAGE);
	assert_int_equal(prof_find("/nonexistent/x.conf", &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "/nonexistent/x.conf"));
}

static void test_relative_cue_file(void **state)
{
	char dir[256], conf[300], wav[300];
	struct profile p;
	struct tb_err err = {0};
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tb_test_profile_cue_%ld", (long)getpid());
	snprintf(conf, sizeof(conf), "%s/mine.conf", dir);
	snprintf(wav, sizeof(wav), "%s/jingle.wav", dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	f = fopen(wav, "w"); /* only its readability is checked at load time */
	assert_non_null(f);
	fclose(f);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("cue = jingle.wav\ncue_before = section\n", f);
	fclose(f);
	assert_int_equal(prof_load(conf, &p, &err), 0);
	assert_int_equal(p.cue, PROF_CUE_FILE);
	assert_string_equal(p.cue_file, wav);
	assert_int_equal(p.cue_before, PROF_BEFORE_SECTION);
	unlink(conf);
	unlink(wav);
	rmdir(dir);
}

/* Numbers are decimal as documented: no hexadecimal or exponent; a leading byte order
 * mark is not part of the first key. */
static void test_decimal_only_and_bom(void **state)
{
	struct profile p;
	struct tb_err err = {0};

	(void)state;
	expect_error("loudness_lufs = -0x10\n", "loudness_lufs");
	expect_error("loudness_lufs = -1.6e1\n", "loudness_lufs");
	expect_error("loudness_lufs = .\n", "loudness_lufs");
	assert_int_equal(parse("loudness_lufs = -16.5\n", &p, &err), 0);
	assert_true(p.audio.loudness_lufs == -16.5);
	assert_int_equal(parse("\xEF\xBB\xBFloudness_lufs = -14\n", &p, &err), 0);
	assert_true(p.audio.loudness_lufs == -14.0);
}

/* A profile that is not a regular file of at most 64 KiB is a usage error (exit 2),
 * and a FIFO is refused without waiting for a writer. */
static void test_file_must_be_small_and_regular(void **state)
{
	char dir[] = "/tmp/tb-prof-XXXXXX", path[96];
	struct profile p;
	struct tb_err err = {0};
	FILE *f;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(prof_load(dir, &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "not a regular file"));
	snprintf(path, sizeof(path), "%s/fifo.conf", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(prof_load(path, &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/big.conf", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 70000 / 10; i++)
		fputs("# comment\n", f);
	fclose(f);
	assert_int_equal(prof_load(path, &p, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "65536"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_defaults),
	        cmocka_unit_test(test_syntax),
	        cmocka_unit_test(test_errors_name_file_line_key),
	        cmocka_unit_test(test_shipped_profiles),
	        cmocka_unit_test(test_find),
	        cmocka_unit_test(test_relative_cue_file),
	        cmocka_unit_test(test_decimal_only_and_bom),
	        cmocka_unit_test(test_file_must_be_small_and_regular),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
