/*
 * lexfmt — the on-disk layout of tingbao.lex, shared by tools/lexbuild (writer)
 * and src/pinyin/lex.c (reader). Little-endian, all offsets relative to the
 * start of the file, every chunk 8-byte aligned.
 *
 *   header   struct lexfmt_header (magic, version, chunk count)
 *   toc      nchunks × struct lexfmt_chunk (id, offset, size)
 *   POOL     bytes: keys (UTF-8, simplified) and readings ("yin2 hang2")
 *   ENTR     struct lexfmt_entry[]: words, single characters and prefixes
 *   HASH     u32 nslots (a power of two), u32 zero, then u64 slot[nslots]: low 32
 *            bits entry index + 1 (0 = empty), high 32 bits the key's FNV-1a hash
 *            (compared before the entry is touched); linear probing
 *   T2S      struct lexfmt_t2s[] sorted by `from`: traditional → simplified; `to`
 *            has LEXFMT_T2S_AMBIGUOUS set when `from` is also used in simplified
 *            words (乾 in 乾隆): map it only in otherwise traditional text
 *   SUMS     struct lexfmt_sum[]: the CRC-32 (zlib's crc32) of every other chunk by
 *            id, and under LEXFMT_HEAD of the header and table of contents (as
 *            finally written); the reader checks them all once when it opens the
 *            file, so a damaged byte anywhere is found before anything is read
 *
 * Every key that is a proper prefix of a word is itself an entry (flag PREFIX
 * without WORD when it is not a word), so a scan from a position can stop at the
 * first miss.
 */
#ifndef TB_LEXFMT_H
#define TB_LEXFMT_H

#include <stdint.h>

#define LEXFMT_MAGIC      "TBLEX\r\n\032"
#define LEXFMT_VERSION    2u
#define LEXFMT_MAX_CHUNKS 16u

#define LEXFMT_ID(a, b, c, d)                                                                      \
	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define LEXFMT_POOL LEXFMT_ID('P', 'O', 'O', 'L')
#define LEXFMT_ENTR LEXFMT_ID('E', 'N', 'T', 'R')
#define LEXFMT_HASH LEXFMT_ID('H', 'A', 'S', 'H')
#define LEXFMT_T2S  LEXFMT_ID('T', '2', 'S', ' ')
#define LEXFMT_SUMS LEXFMT_ID('S', 'U', 'M', 'S')
#define LEXFMT_HEAD LEXFMT_ID('H', 'E', 'A', 'D') /* in SUMS: header + table of contents */

enum {
	LEXFMT_WORD = 1,   /* has a reading */
	LEXFMT_PREFIX = 2, /* some longer word starts with this key */
	LEXFMT_UNIHAN = 4, /* single character known only from Unihan */
	LEXFMT_CEDICT = 8, /* word reading settled against CC-CEDICT (tools/lexbuild) */
	LEXFMT_NAMES = 16, /* rare character: default is its reading in proper names */
	LEXFMT_ADDED = 32, /* word only CC-CEDICT has: segmentation only, no context votes */
};

struct lexfmt_header {
	char magic[8];
	uint32_t version;
	uint32_t nchunks;
	uint32_t nentries;
	uint32_t endian; /* 0x01020304 as written */
	uint64_t file_size;
};

struct lexfmt_chunk {
	uint32_t id;
	uint32_t reserved;
	uint64_t offset;
	uint64_t size;
};

struct lexfmt_entry {
	uint32_t key_off;
	uint32_t py_off;  /* reading, syllables separated by one space */
	uint32_t alt_off; /* single characters: all readings, most likely first */
	float cost;       /* -ln(relative frequency) */
	uint16_t py_len;
	uint16_t alt_len;
	uint8_t key_len;
	uint8_t flags;
	uint16_t reserved;
};

#define LEXFMT_T2S_AMBIGUOUS 0x80000000u

struct lexfmt_t2s {
	uint32_t from;
	uint32_t to;
};

struct lexfmt_sum {
	uint32_t id; /* a chunk's id, or LEXFMT_HEAD */
	uint32_t crc32;
};

static inline uint32_t lexfmt_hash(const void *p, unsigned len)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;

	for (unsigned i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

#endif
