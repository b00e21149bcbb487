#include "speech/speech.h"

#include <espeak-ng/speak_lib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What one espeak_Synth() call produced; reached through the events' user_data. */
struct utterance {
	struct buf *pcm;
	size_t start_len;
	int failed;
	int furthest; /* the furthest text position (characters, 1-based) an event reached */
	int words;
};

static int engine_rate;
/* The settings, re-applied after markup (see speech_say). */
static struct speech_opts settings;
static char settings_voice[128];
/* The utterance being synthesized: audio buffers often arrive with no event to carry user_data. */
static struct utterance *current;

/* Below this absolute value a sample counts as silence when trimming the edges. */
#define SILENCE_LEVEL 64
/* Keep this much of the engine's own lead-in/tail so consonants are not clipped. */
#define EDGE_KEEP_MS 20

static int collect_samples(short *wav, int n, espeak_EVENT *events)
{
	struct utterance *u = current;
	espeak_EVENT *e;

	if (!u)
		return 0;
	for (e = events; e && e->type != espeakEVENT_LIST_TERMINATED; e++) {
		if (e->type == espeakEVENT_WORD)
			u->words++;
		if (e->type != espeakEVENT_SAMPLERATE && e->text_position > u->furthest)
			u->furthest = e->text_position;
	}
	if (wav && n > 0 && !u->failed && buf_add(u->pcm, wav, (size_t)n * sizeof(short)))
		u->failed = 1;
	return u->failed; /* non-zero asks the engine to stop */
}

int speech_open(const struct speech_opts *opts, struct tb_err *err)
{
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT);

	if (rate <= 0)
		return err_set(err, TB_E_ENGINE,
		               "eSpeak NG failed to start (is espeak-ng-data installed?)");
	engine_rate = rate;
	espeak_SetSynthCallback(collect_samples);
	snprintf(settings_voice, sizeof(settings_voice), "%s", opts->voice);
	settings = *opts;
	settings.voice = settings_voice;
	if (espeak_SetVoiceByName(opts->voice) != EE_OK) {
		espeak_Terminate();
		engine_rate = 0;
		return err_set(err, TB_E_ENGINE, "eSpeak NG has no voice '%s'", opts->voice);
	}
	if (espeak_SetParameter(espeakRATE, opts->rate_wpm, 0) != EE_OK ||
	    espeak_SetParameter(espeakPITCH, opts->pitch, 0) != EE_OK) {
		espeak_Terminate();
		engine_rate = 0;
		return err_set(err, TB_E_ENGINE, "eSpeak NG refused rate %d / pitch %d",
		               opts->rate_wpm, opts->pitch);
	}
	return 0;
}

/*
 * eSpeak NG 1.51 leaves its speed changed after an utterance with SSML markup
 * (everything after it is read about 40 % slower), so the voice and its
 * settings are applied again after every such utterance.
 */
static void restore_settings(void)
{
	espeak_SetVoiceByName(settings.voice);
	espeak_SetParameter(espeakRATE, settings.rate_wpm, 0);
	espeak_SetParameter(espeakPITCH, settings.pitch, 0);
}

void speech_close(void)
{
	if (engine_rate > 0)
		espeak_Terminate();
	engine_rate = 0;
}

void speech_engine_name(char *out, size_t size)
{
	const char *path = NULL;
	const char *version = espeak_Info(&path);

	snprintf(out, size, "eSpeak NG %s %s", version ? version : "?", path ? path : "?");
}

unsigned speech_rate(void)
{
	return (unsigned)engine_rate;
}

/* Removes near-silent samples at both ends of what this utterance added. */
static void trim_edges(struct buf *pcm, size_t start_len)
{
	int16_t *s = (int16_t *)(void *)(pcm->data + start_len);
	size_t n = (pcm->len - start_len) / sizeof(int16_t);
	size_t keep = (size_t)engine_rate * EDGE_KEEP_MS / 1000;
	size_t first = 0, last = n;

	while (first < n && abs(s[first]) < SILENCE_LEVEL)
		first++;
	while (last > first && abs(s[last - 1]) < SILENCE_LEVEL)
		last--;
	first = first > keep ? first - keep : 0;
	last = last + keep < n ? last + keep : n;
	if (first > 0)
		memmove(s, s + first, (last - first) * sizeof(int16_t));
	buf_truncate(pcm, start_len + (last - first) * sizeof(int16_t));
}

/*
 * The character position (1-based) of the last letter, digit or ideograph of
 * `text`, outside markup. The engine's events must get at least this far, or
 * it stopped early (synchronous mode sends no end-of-message event).
 */
static int last_speakable_position(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	int pos = 0, last = 0, in_tag = 0;

	for (; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue; /* count characters, not bytes */
		pos++;
		if (*p == '<')
			in_tag = 1;
		else if (*p == '>')
			in_tag = 0;
		else if (!in_tag && (*p >= 0x80 || (*p >= '0' && *p <= '9') ||
		                     ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			last = pos;
	}
	return last;
}

#ifdef TB_FAULT_INJECTION
/* The fault-injection build (tests/fault/fault.c): TB_FAIL_SYNTH=N makes the Nth
 * synthesis call fail as if the engine had. */
static int synth_should_fail(void)
{
	static unsigned long calls;
	const char *n = getenv("TB_FAIL_SYNTH");

	return n && ++calls == strtoul(n, NULL, 10);
}
#else
static int synth_should_fail(void)
{
	return 0;
}
#endif

int speech_say(const char *ssml_fragment, struct buf *pcm, struct tb_err *err)
{
	struct utterance u = {pcm, pcm->len, 0, 0, 0};
	int need, markup = strchr(ssml_fragment, '<') != NULL;
	struct buf text = BUF_INIT;
	espeak_ERROR rc;

	if (engine_rate <= 0)
		return err_set(err, TB_E_ENGINE, "speech engine not open");
	/* Plain text unless there is markup: see restore_settings(). */
	if ((markup && buf_adds(&text, "<speak>")) || buf_adds(&text, ssml_fragment) ||
	    (markup && buf_adds(&text, "</speak>"))) {
		buf_release(&text);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	need = last_speakable_position(text.data);
	current = &u;
	rc = synth_should_fail()
	             ? EE_INTERNAL_ERROR
	             : espeak_Synth(text.data, text.len + 1, 0, POS_CHARACTER, 0,
	                            espeakCHARS_UTF8 | (markup ? espeakSSML : 0), NULL, NULL);
	current = NULL;
	if (markup)
		restore_settings();
	buf_release(&text);
	if (u.failed) {
		buf_truncate(pcm, u.start_len);
		return err_set(err, TB_E_NOMEM, "out of memory while collecting speech");
	}
	if (rc != EE_OK || u.furthest < need) {
		buf_truncate(pcm, u.start_len);
		return err_set(err, TB_E_ENGINE, "eSpeak NG did not finish the utterance \"%.80s\"",
		               ssml_fragment);
	}
	trim_edges(pcm, u.start_len);
	if (pcm->len == u.start_len)
		return err_set(err, TB_E_ENGINE, "eSpeak NG produced no audio for \"%.80s\"",
		               ssml_fragment);
	return 0;
}
