/*
 * lex — the memory-mapped pronunciation lexicon (tingbao.lex, see lexfmt.h)
 * plus the user's override words kept in memory.
 *
 * py_lex_open() maps the file and validates the header and every chunk's
 * bounds; individual entries are bounds-checked when they are looked up, so a
 * damaged file can give wrong readings but never a read outside the mapping.
 * Strings returned (keys, readings) point into the mapping or the override
 * store and live until py_close().
 */
#ifndef TB_PY_LEX_H
#define TB_PY_LEX_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct lexfmt_entry;

struct py_ovr {
	uint32_t key_off; /* into py_lexicon.ovr_pool */
	uint32_t py_off;
	uint16_t key_len;
	uint16_t py_len;
	uint8_t flags; /* LEXFMT_WORD / LEXFMT_PREFIX */
};

struct py_lexicon {
	void *map;
	size_t map_len;
	const char *pool;
	size_t pool_len;
	const struct lexfmt_entry *ent;
	uint32_t nent;
	const uint64_t *slots;
	uint32_t nslots;
	const void *t2s; /* struct lexfmt_t2s[] */
	uint32_t nt2s;
	unsigned char trad_bmp[0x10000 / 8]; /* BMP characters that have a t2s entry */
	char path[512];
	/* overrides */
	struct buf ovr_pool;
	struct buf ovr;       /* struct py_ovr[] */
	struct buf ovr_slots; /* uint32_t[], index + 1, power-of-two size */
};

/* A looked-up lexicon word, validated against the mapping. */
struct py_word {
	const char *py; /* "yin2 hang2" (not NUL-terminated) */
	size_t py_len;
	const char *alt; /* single characters: every reading, most likely first */
	size_t alt_len;
	float cost;
	unsigned flags;
};

int py_lex_open(const char *path, struct py_lexicon **out, struct tb_err *err);

/* 1 and *w filled when `key` (simplified, UTF-8) is an entry (word or prefix). */
int py_lex_find(const struct py_lexicon *lex, const char *key, size_t len, struct py_word *w);

/* The override for `key`, or NULL. */
const struct py_ovr *py_ovr_find(const struct py_lexicon *lex, const char *key, size_t len);
const char *py_ovr_str(const struct py_lexicon *lex, uint32_t off);

/* Traditional → simplified for one code point (itself when not traditional, or
 * when it is also a simplified character in use, like 乾 or 吒). */
uint32_t py_lex_simplify(const struct py_lexicon *lex, uint32_t cp);
/* The mapping even for such characters; *ambiguous tells them apart. */
uint32_t py_lex_simplify_ex(const struct py_lexicon *lex, uint32_t cp, int *ambiguous);

/* Adds an override word (simplified key, reading "ci2 yu3"); every proper prefix
 * is marked so the segmenter can reach it. 0 or a negative TB_E_* code. */
int py_ovr_add(struct py_lexicon *lex, const char *key, size_t klen, const char *py, size_t plen);
#endif
