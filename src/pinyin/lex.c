#include "pinyin/lex.h"

#include "pinyin/lexfmt.h"
#include "pinyin/pinyin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

static int corrupt(struct py_lexicon *lex, struct tb_err *err, const char *what)
{
	int rc = err_set(err, TB_E_DATA,
	                 "%s: corrupt pronunciation lexicon (%s); rebuild it with "
	                 "'cmake --build' after scripts/setup.sh",
	                 lex->path, what);

	py_close(lex);
	return rc;
}

static int chunk_ok(const struct lexfmt_chunk *c, size_t file_len)
{
	return c->offset <= file_len && c->size <= file_len - c->offset && c->offset % 8 == 0;
}

/*
 * The CRC-32 of the header and table of contents and of every chunk listed in SUMS:
 * damage anywhere in what is read is found here, once, when the file is opened (in the
 * parent, before any worker is forked), never as wrong readings later.
 */
static int check_sums(struct py_lexicon *lex, const struct lexfmt_header *h,
                      const struct lexfmt_chunk *sums_chunk, struct tb_err *err)
{
	static const uint32_t needed[] = {LEXFMT_HEAD, LEXFMT_POOL, LEXFMT_ENTR, LEXFMT_HASH,
	                                  LEXFMT_T2S};
	const unsigned char *base = lex->map;
	size_t toc_len = sizeof(*h) + h->nchunks * sizeof(struct lexfmt_chunk);
	size_t n = sums_chunk->size / sizeof(struct lexfmt_sum), found = 0;
	char what[96], id[5] = "";

	if (sums_chunk->size % sizeof(struct lexfmt_sum) || n > LEXFMT_MAX_CHUNKS + 1)
		return corrupt(lex, err, "checksum table size");
	for (size_t i = 0; i < n; i++) {
		struct lexfmt_sum s;
		const unsigned char *at = NULL;
		uint64_t len = 0;

		memcpy(&s, base + sums_chunk->offset + i * sizeof(s), sizeof(s));
		if (s.id == LEXFMT_HEAD) {
			at = base;
			len = toc_len;
		}
		for (uint32_t k = 0; !at && k < h->nchunks; k++) {
			struct lexfmt_chunk c;

			memcpy(&c, base + sizeof(*h) + k * sizeof(c), sizeof(c));
			if (c.id == s.id && c.id != LEXFMT_SUMS) {
				at = base + c.offset;
				len = c.size;
			}
		}
		memcpy(id, &s.id, 4);
		for (int k = 3; k > 0 && id[k] == ' '; k--)
			id[k] = '\0'; /* "T2S " is the T2S chunk */
		snprintf(what, sizeof(what), "the %s chunk fails its checksum", id);
		if (!at || len > UINT32_MAX || crc32(0, at, (uInt)len) != s.crc32)
			return corrupt(lex, err, at ? what : "a checksum names no chunk");
		for (size_t k = 0; k < sizeof(needed) / sizeof(needed[0]); k++)
			found += s.id == needed[k];
	}
	if (found != sizeof(needed) / sizeof(needed[0]))
		return corrupt(lex, err, "a chunk has no checksum");
	return 0;
}

static int map_chunks(struct py_lexicon *lex, struct tb_err *err)
{
	const unsigned char *base = lex->map;
	struct lexfmt_header h;
	struct lexfmt_chunk sums = {0, 0, 0, 0};
	int have_pool = 0, have_ent = 0, have_hash = 0, have_t2s = 0, rc;

	if (lex->map_len < sizeof(h))
		return corrupt(lex, err, "file too short");
	memcpy(&h, base, sizeof(h));
	if (memcmp(h.magic, LEXFMT_MAGIC, 8))
		return corrupt(lex, err, "bad magic");
	if (h.endian != 0x01020304u)
		return corrupt(lex, err, "wrong byte order");
	if (h.version != LEXFMT_VERSION)
		return corrupt(lex, err, "unsupported version");
	if (h.file_size != lex->map_len)
		return corrupt(lex, err, "truncated file");
	if (h.nchunks == 0 || h.nchunks > LEXFMT_MAX_CHUNKS ||
	    sizeof(h) + h.nchunks * sizeof(struct lexfmt_chunk) > lex->map_len)
		return corrupt(lex, err, "bad table of contents");
	for (uint32_t i = 0; i < h.nchunks; i++) {
		struct lexfmt_chunk c;

		memcpy(&c, base + sizeof(h) + i * sizeof(c), sizeof(c));
		if (!chunk_ok(&c, lex->map_len))
			return corrupt(lex, err, "chunk outside the file");
		if (c.id == LEXFMT_SUMS)
			sums = c;
	}
	if (!sums.id)
		return corrupt(lex, err, "no checksums (written by an older lexbuild)");
	if ((rc = check_sums(lex, &h, &sums, err)))
		return rc;
	for (uint32_t i = 0; i < h.nchunks; i++) {
		struct lexfmt_chunk c;

		memcpy(&c, base + sizeof(h) + i * sizeof(c), sizeof(c));
		const void *p = base + c.offset;

		switch (c.id) {
		case LEXFMT_POOL:
			lex->pool = p;
			lex->pool_len = c.size;
			have_pool = 1;
			break;
		case LEXFMT_ENTR:
			if (c.size % sizeof(struct lexfmt_entry) ||
			    c.size / sizeof(struct lexfmt_entry) != h.nentries)
				return corrupt(lex, err, "entry table size");
			lex->ent = p;
			lex->nent = h.nentries;
			have_ent = 1;
			break;
		case LEXFMT_HASH: {
			uint32_t n;

			if (c.size < 8)
				return corrupt(lex, err, "hash table size");
			memcpy(&n, p, 4);
			if (n == 0 || (n & (n - 1)) || (uint64_t)n * 8 + 8 != c.size)
				return corrupt(lex, err, "hash table size");
			lex->slots = (const uint64_t *)p + 1;
			lex->nslots = n;
			have_hash = 1;
			break;
		}
		case LEXFMT_T2S:
			if (c.size % sizeof(struct lexfmt_t2s))
				return corrupt(lex, err, "variant table size");
			lex->t2s = p;
			lex->nt2s = (uint32_t)(c.size / sizeof(struct lexfmt_t2s));
			have_t2s = 1;
			break;
		default:
			break; /* unknown chunks are for newer readers */
		}
	}
	if (!have_pool || !have_ent || !have_hash || !have_t2s)
		return corrupt(lex, err, "a chunk is missing");
	if (lex->nslots < lex->nent)
		return corrupt(lex, err, "hash table too small");
	const struct lexfmt_t2s *t = lex->t2s;

	for (uint32_t i = 0; i < lex->nt2s; i++) {
		if (i && t[i].from <= t[i - 1].from)
			return corrupt(lex, err, "variant table not sorted");
		if (t[i].from < 0x10000)
			lex->trad_bmp[t[i].from >> 3] |= (unsigned char)(1u << (t[i].from & 7));
	}
	return 0;
}

int py_lex_open(const char *path, struct py_lexicon **out, struct tb_err *err)
{
	struct py_lexicon *lex = calloc(1, sizeof(*lex));
	struct stat st;
	int fd;

	*out = NULL;
	if (!lex)
		return err_set(err, TB_E_NOMEM, "out of memory");
	buf_init(&lex->ovr_pool, BUF_DEFAULT_LIMIT);
	buf_init(&lex->ovr, BUF_DEFAULT_LIMIT);
	buf_init(&lex->ovr_slots, BUF_DEFAULT_LIMIT);
	if (strlen(path) >= sizeof(lex->path)) {
		free(lex);
		return err_set(err, TB_E_DATA, "lexicon path too long");
	}
	strcpy(lex->path, path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		free(lex);
		return err_set(err, TB_E_DATA,
		               "%s: cannot open the pronunciation lexicon: %s (build it with "
		               "scripts/setup.sh and cmake --build, or pass --data DIR / set "
		               "TINGBAO_DATA)",
		               path, strerror(e));
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		free(lex);
		return err_set(err, TB_E_DATA, "%s: not a regular file", path);
	}
	lex->map_len = (size_t)st.st_size;
	if (lex->map_len < sizeof(struct lexfmt_header)) {
		close(fd);
		return corrupt(lex, err, "file too short");
	}
	lex->map = mmap(NULL, lex->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (lex->map == MAP_FAILED) {
		lex->map = NULL;
		return corrupt(lex, err, "cannot map it");
	}
	int rc = map_chunks(lex, err);

	if (rc)
		return rc;
	*out = lex;
	return 0;
}

void py_close(struct py_lexicon *lex)
{
	if (!lex)
		return;
	if (lex->map)
		munmap(lex->map, lex->map_len);
	buf_release(&lex->ovr_pool);
	buf_release(&lex->ovr);
	buf_release(&lex->ovr_slots);
	free(lex);
}

static int in_pool(const struct py_lexicon *lex, uint32_t off, size_t len)
{
	return off <= lex->pool_len && len <= lex->pool_len - off;
}

int py_lex_find(const struct py_lexicon *lex, const char *key, size_t len, struct py_word *w)
{
	if (len == 0 || len > 255)
		return 0;
	uint32_t mask = lex->nslots - 1;
	uint32_t full = lexfmt_hash(key, (unsigned)len);
	uint32_t h = full & mask;

	for (uint32_t probes = 0; probes < lex->nslots; probes++, h = (h + 1) & mask) {
		uint64_t slot = lex->slots[h];
		uint32_t s = (uint32_t)slot;

		if (!s)
			return 0;
		if ((uint32_t)(slot >> 32) != full)
			continue;
		if (s > lex->nent)
			return 0; /* damaged slot */
		const struct lexfmt_entry *e = &lex->ent[s - 1];

		if (e->key_len != len || !in_pool(lex, e->key_off, len) ||
		    memcmp(lex->pool + e->key_off, key, len))
			continue;
		memset(w, 0, sizeof(*w));
		w->flags = e->flags;
		w->cost = e->cost;
		if ((e->flags & LEXFMT_WORD) && in_pool(lex, e->py_off, e->py_len)) {
			w->py = lex->pool + e->py_off;
			w->py_len = e->py_len;
		} else {
			w->flags &= ~(unsigned)LEXFMT_WORD;
		}
		if (e->alt_len && in_pool(lex, e->alt_off, e->alt_len)) {
			w->alt = lex->pool + e->alt_off;
			w->alt_len = e->alt_len;
		}
		return 1;
	}
	return 0;
}

uint32_t py_lex_simplify_ex(const struct py_lexicon *lex, uint32_t cp, int *ambiguous)
{
	const struct lexfmt_t2s *t = lex->t2s;
	uint32_t lo = 0, hi = lex->nt2s;

	*ambiguous = 0;
	if (cp < 0x3400 || (cp < 0x10000 && !(lex->trad_bmp[cp >> 3] & (1u << (cp & 7)))))
		return cp;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == lex->nt2s || t[lo].from != cp)
		return cp;
	*ambiguous = (t[lo].to & LEXFMT_T2S_AMBIGUOUS) != 0;
	return t[lo].to & ~LEXFMT_T2S_AMBIGUOUS;
}

uint32_t py_lex_simplify(const struct py_lexicon *lex, uint32_t cp)
{
	int ambiguous;
	uint32_t to = py_lex_simplify_ex(lex, cp, &ambiguous);

	return ambiguous ? cp : to;
}

/* ---- overrides ---- */

const char *py_ovr_str(const struct py_lexicon *lex, uint32_t off)
{
	return lex->ovr_pool.data + off;
}

static uint32_t ovr_nslots(const struct py_lexicon *lex)
{
	return (uint32_t)VEC_LEN(&lex->ovr_slots, uint32_t);
}

const struct py_ovr *py_ovr_find(const struct py_lexicon *lex, const char *key, size_t len)
{
	uint32_t n = ovr_nslots(lex);

	if (!n || len > 65535)
		return NULL;
	uint32_t h = lexfmt_hash(key, (unsigned)len) & (n - 1);
	const uint32_t *slots = (const uint32_t *)(const void *)lex->ovr_slots.data;
	const struct py_ovr *o = (const struct py_ovr *)(const void *)lex->ovr.data;

	while (slots[h]) {
		const struct py_ovr *e = &o[slots[h] - 1];

		if (e->key_len == len && !memcmp(lex->ovr_pool.data + e->key_off, key, len))
			return e;
		h = (h + 1) & (n - 1);
	}
	return NULL;
}

static int ovr_rehash(struct py_lexicon *lex)
{
	size_t count = VEC_LEN(&lex->ovr, struct py_ovr);
	uint32_t n = 64;

	while (n < count * 4)
		n <<= 1;
	buf_reset(&lex->ovr_slots);
	if (!buf_addzero(&lex->ovr_slots, n * sizeof(uint32_t)))
		return TB_E_NOMEM;
	uint32_t *slots = (uint32_t *)(void *)lex->ovr_slots.data;

	for (size_t i = 0; i < count; i++) {
		const struct py_ovr *e = &VEC_AT(&lex->ovr, struct py_ovr, i);
		uint32_t h = lexfmt_hash(lex->ovr_pool.data + e->key_off, e->key_len) & (n - 1);

		while (slots[h])
			h = (h + 1) & (n - 1);
		slots[h] = (uint32_t)(i + 1);
	}
	return 0;
}

/* Adds or replaces `key` (flags WORD or PREFIX are or-ed in). */
static int ovr_put(struct py_lexicon *lex, const char *key, size_t klen, const char *py,
                   size_t plen, unsigned flags)
{
	struct py_ovr *e = (struct py_ovr *)py_ovr_find(lex, key, klen);

	if (!e) {
		size_t at = lex->ovr_pool.len;

		if (buf_add(&lex->ovr_pool, key, klen) || buf_addc(&lex->ovr_pool, '\0'))
			return TB_E_NOMEM;
		e = VEC_PUSH(&lex->ovr, struct py_ovr);
		if (!e)
			return TB_E_NOMEM;
		e->key_off = (uint32_t)at;
		e->key_len = (uint16_t)klen;
		size_t count = VEC_LEN(&lex->ovr, struct py_ovr);
		uint32_t n = ovr_nslots(lex);

		if (count * 2 > n) {
			if (ovr_rehash(lex)) /* also places the new entry */
				return TB_E_NOMEM;
		} else {
			uint32_t *slots = (uint32_t *)(void *)lex->ovr_slots.data;
			uint32_t h = lexfmt_hash(key, (unsigned)klen) & (n - 1);

			while (slots[h])
				h = (h + 1) & (n - 1);
			slots[h] = (uint32_t)count;
		}
		e = &VEC_AT(&lex->ovr, struct py_ovr, count - 1);
	}
	if (flags & LEXFMT_WORD) {
		size_t at = lex->ovr_pool.len;

		if (buf_add(&lex->ovr_pool, py, plen) || buf_addc(&lex->ovr_pool, '\0'))
			return TB_E_NOMEM;
		e->py_off = (uint32_t)at;
		e->py_len = (uint16_t)plen;
	}
	e->flags |= (uint8_t)flags;
	return 0;
}

int py_ovr_add(struct py_lexicon *lex, const char *key, size_t klen, const char *py, size_t plen)
{
	if (klen == 0 || klen > 255 || plen > 4096)
		return TB_E_INPUT;
	for (size_t l = 1; l < klen; l++) {
		if (((unsigned char)key[l] & 0xc0) == 0x80)
			continue;
		if (ovr_put(lex, key, l, NULL, 0, LEXFMT_PREFIX))
			return TB_E_NOMEM;
	}
	return ovr_put(lex, key, klen, py, plen, LEXFMT_WORD);
}
