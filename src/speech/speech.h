/*
 * speech — the only module that talks to libespeak-ng.
 *
 * libespeak-ng keeps process-wide state, so this module holds the one engine
 * of the process: speech_open() once, speech_say() any number of times from
 * one thread, speech_close() at the end. Parallel synthesis uses one process
 * per engine.
 *
 * speech_say() synthesizes one utterance (a sentence or a chunk of one) and
 * appends its 16-bit mono samples to a caller-owned buf (as raw int16_t).
 * The input is an SSML body fragment (text with &, <, > escaped; the pinyin
 * stage may add <voice> elements for language switches). Leading and trailing
 * silence the engine adds is trimmed, so the caller decides every pause.
 * An utterance that produces no audio, or that the engine does not finish, is
 * an error, never silence.
 */
#ifndef TB_SPEECH_H
#define TB_SPEECH_H

#include "core/buf.h"
#include "core/err.h"

struct speech_opts {
	const char *voice; /* eSpeak NG voice name, e.g. "cmn-latn-pinyin" */
	int rate_wpm;      /* 80..450 */
	int pitch;         /* 0..100, 50 = the voice's own */
};

int speech_open(const struct speech_opts *opts, struct tb_err *err);
void speech_close(void);
/* The engine's output rate in Hz (valid after speech_open). */
unsigned speech_rate(void);
/* "eSpeak NG <version> <data path>", for cache keys and reports. */
void speech_engine_name(char *out, size_t size);

/* Appends the samples of one utterance to `pcm` (int16_t). */
int speech_say(const char *ssml_fragment, struct buf *pcm, struct tb_err *err);

#endif
