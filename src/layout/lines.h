/*
 * lines — UTF-8 helpers and the character classes layout decides with:
 * terminal punctuation, quotes and brackets, pauses, ideographs, the
 * characters that rarely start or end a phrase. What a whole line is (a
 * byline, a credit, a date …) is layout/feat.h's.
 *
 * All functions take (pointer, byte length) of valid UTF-8 and keep nothing.
 */
#ifndef TB_LINES_H
#define TB_LINES_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s (len > 0); *adv gets its byte length. Invalid
 * bytes decode as U+FFFD with *adv = 1. */
uint32_t lines_decode(const char *s, size_t len, size_t *adv);
/* The last code point of s (len > 0); *start gets its byte offset. */
uint32_t lines_last(const char *s, size_t len, size_t *start);
size_t lines_nchars(const char *s, size_t len);
/* Byte offset of character number `n` (or len when s is shorter). */
size_t lines_char_off(const char *s, size_t len, size_t n);

/* Whether code point c is one of the characters of the UTF-8 string `set`. */
int lines_in_set(uint32_t c, const char *set);
int lines_is_space(uint32_t c);
/* 。！？!?… (a sentence end). '.' is handled by callers (decimals). */
int lines_is_terminal(uint32_t c);
/* Closing quotes and brackets: ”’」』)）》】] and ASCII quotes. */
int lines_is_closer(uint32_t c);
int lines_is_opener(uint32_t c);
/* ，,、；;：: — pause punctuation inside a sentence. */
int lines_is_pause(uint32_t c);
int lines_is_cjk(uint32_t c);

/* Trims ASCII/ideographic spaces at both ends: updates *s and *len. */
void lines_trim(const char **s, size_t *len);
int lines_starts_with(const char *s, size_t len, const char *prefix);
int lines_ends_with(const char *s, size_t len, const char *suffix);
int lines_contains(const char *s, size_t len, const char *needle);
/* Byte offset + 1 of the first occurrence of needle (nlen bytes) in s, or 0. */
size_t lines_find(const char *s, size_t len, const char *needle, size_t nlen);

/* The line ends a sentence or clause: terminal punctuation (or ；：), maybe
 * followed by closing quotes/brackets. */
int lines_ends_closed(const char *s, size_t len);
/* Some terminal punctuation occurs before the last character. */
int lines_has_inner_end(const char *s, size_t len);
/* More opening than closing quotes/brackets. */
int lines_unbalanced(const char *s, size_t len);

/* A character that rarely starts a sentence (particles, suffixes). */
int lines_rare_initial(uint32_t c);
/* A character that rarely ends a headline or phrase (的, 和, 在 ...). */
int lines_rare_final(uint32_t c);

#endif
