/*
 * sentence — splitting Chinese paragraph text into sentences, and long
 * sentences into chunks the synthesizer handles well.
 *
 * Sentences end at 。！？!? and ellipses (…, ……, or "..." after NFKC), a run
 * of them counting as one end ("?!", "……"). Closing quotes and brackets that
 * follow an end stay with their sentence. Inside round/book brackets nothing
 * ends. A quotation ending a sentence keeps a short attribution that follows
 * it ("“……。”某某说。" is one sentence). A quotation spanning several
 * sentences is split at its inner sentence ends; the closing quote goes with
 * the last of them.
 *
 * Both functions append `struct sent_span` (byte offsets into the caller's
 * text, leading/trailing spaces excluded, never empty) to a caller-owned vec.
 * Every non-space byte of the input lies in exactly one span.
 */
#ifndef TB_SENTENCE_H
#define TB_SENTENCE_H

#include "core/buf.h"

#include <stddef.h>

struct sent_span {
	size_t off;
	size_t len;
};

#define SENT_CHUNK_CHARS 60
/* An attribution after a quotation is at most this many characters ("某某说"). */
#define SENT_ATTRIBUTION_MAX 12

/* Splits `s` into sentences. 0 or TB_E_NOMEM / TB_E_LIMIT. */
int sent_split(const char *s, size_t len, struct buf *spans);

/* The text opens with a short attribution ending in a verb of saying, before
 * a sentence end or a comma ("居民周大爷说。…"): the end of a quotation printed
 * on the line before. */
int sent_opens_with_attribution(const char *s, size_t len);

/* Splits one sentence into chunks of at most `max_chars` characters
 * (0 = SENT_CHUNK_CHARS), only where needed (a sentence that fits is one
 * chunk), into pieces of about even length: cuts after ，；：or a dash, else
 * after 、, and only without a mark in reach mid-text (never inside an ASCII
 * word or number, never before closing punctuation). */
int sent_chunks(const char *s, size_t len, size_t max_chars, struct buf *spans);

#endif
