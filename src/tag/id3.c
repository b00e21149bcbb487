#include "tag/id3.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------
 * UTF-8 (input of the writer, output of the reader)
 */

/* Decodes one code point from [*p, end); strict (no overlongs, no surrogates,
 * nothing above U+10FFFF). Returns 0 or -1. */
static int utf8_next(const unsigned char **p, const unsigned char *end, uint32_t *cp)
{
	const unsigned char *s = *p;
	uint32_t c = s[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		*p = s + 1;
		return 0;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3, c &= 0x07, min = 0x10000;
	} else {
		return -1;
	}
	if ((size_t)(end - s) <= n)
		return -1;
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	*p = s + n + 1;
	return 0;
}

/* Returns 1 when s is pure ASCII, 0 when it is other valid UTF-8, -1 when it is
 * not valid UTF-8. */
static int utf8_classify(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	int ascii = 1;
	uint32_t cp;

	while (p < end) {
		if (utf8_next(&p, end, &cp))
			return -1;
		if (cp >= 0x80)
			ascii = 0;
	}
	return ascii;
}

static int utf8_put(struct buf *b, uint32_t cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
	}
	return buf_add(b, u, n);
}

/* ---------------------------------------------------------------------------
 * The writer
 */

enum { ENC_LATIN1 = 0, ENC_UTF16 = 1 };

static int put_u8(struct buf *b, unsigned v)
{
	return buf_addc(b, (char)(unsigned char)v);
}

static int put_u16le(struct buf *b, unsigned v)
{
	unsigned char u[2] = {(unsigned char)(v & 0xFF), (unsigned char)(v >> 8)};

	return buf_add(b, u, 2);
}

static void store_u32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int put_u32be(struct buf *b, uint32_t v)
{
	unsigned char u[4];

	store_u32be(u, v);
	return buf_add(b, u, 4);
}

/* ASCII strings go out as ISO-8859-1, everything else as UTF-16LE with BOM. The
 * string must already be valid UTF-8 (validated up front). */
static int encoding_for(const char *s, int utf16_always)
{
	return !utf16_always && utf8_classify(s) == 1 ? ENC_LATIN1 : ENC_UTF16;
}

static int put_string(struct buf *b, const char *s, int enc, int terminate)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	uint32_t cp;
	int rc;

	if (enc == ENC_LATIN1) {
		rc = buf_add(b, s, strlen(s));
		return rc ? rc : terminate ? put_u8(b, 0) : 0;
	}
	rc = put_u16le(b, 0xFEFF);
	while (!rc && p < end) {
		if (utf8_next(&p, end, &cp))
			return TB_E_INPUT; /* cannot happen: validated before */
		if (cp >= 0x10000) {
			cp -= 0x10000;
			rc = put_u16le(b, 0xD800 | (cp >> 10));
			if (!rc)
				rc = put_u16le(b, 0xDC00 | (cp & 0x3FF));
		} else {
			rc = put_u16le(b, cp);
		}
	}
	if (!rc && terminate)
		rc = put_u16le(b, 0);
	return rc;
}

/* A frame is written as a header with a zero size, its body, then the size is
 * patched in: v2.3 frame sizes are plain big-endian 32-bit numbers. */
static int begin_frame(struct buf *b, const char *id, size_t *at)
{
	unsigned char h[ID3_FRAME_HEADER_LEN] = {0};

	memcpy(h, id, 4);
	*at = b->len;
	return buf_add(b, h, sizeof h);
}

static int end_frame(struct buf *b, size_t at)
{
	size_t body = b->len - at - ID3_FRAME_HEADER_LEN;

	if (body > ID3_MAX_TAG_SIZE)
		return TB_E_LIMIT;
	store_u32be((unsigned char *)b->data + at + 4, (uint32_t)body);
	return 0;
}

static int put_text_frame(struct buf *b, const char *id, const char *s, int utf16_always)
{
	int enc = encoding_for(s, utf16_always);
	size_t at;
	int rc;

	rc = begin_frame(b, id, &at);
	if (!rc)
		rc = put_u8(b, (unsigned)enc);
	if (!rc)
		rc = put_string(b, s, enc, 0);
	return rc ? rc : end_frame(b, at);
}

static int put_optional_text_frame(struct buf *b, const char *id, const char *s, int utf16_always)
{
	return s && *s ? put_text_frame(b, id, s, utf16_always) : 0;
}

/* COMM: encoding, language, an empty description (terminated), the text. */
static int put_comment_frame(struct buf *b, const char *lang, const char *text, int utf16_always)
{
	int enc = encoding_for(text, utf16_always);
	size_t at;
	int rc;

	if (!lang || strlen(lang) < 3)
		lang = "und";
	rc = begin_frame(b, "COMM", &at);
	if (!rc)
		rc = put_u8(b, (unsigned)enc);
	if (!rc)
		rc = buf_add(b, lang, 3);
	if (!rc)
		rc = put_string(b, "", enc, 1);
	if (!rc)
		rc = put_string(b, text, enc, 0);
	return rc ? rc : end_frame(b, at);
}

static int put_chap_frame(struct buf *b, const struct id3_chapter *c, int utf16_always)
{
	size_t at;
	int rc;

	rc = begin_frame(b, "CHAP", &at);
	if (!rc)
		rc = put_string(b, c->element_id, ENC_LATIN1, 1);
	if (!rc)
		rc = put_u32be(b, c->start_ms);
	if (!rc)
		rc = put_u32be(b, c->end_ms);
	if (!rc)
		rc = put_u32be(b, ID3_NO_OFFSET);
	if (!rc)
		rc = put_u32be(b, ID3_NO_OFFSET);
	if (!rc)
		rc = put_text_frame(b, "TIT2", c->title, utf16_always);
	return rc ? rc : end_frame(b, at);
}

/* A CTOC listing `list`; `suffix` is appended to `id` (for a child table). */
static int put_ctoc_frame(struct buf *b, const char *id, const char *suffix, unsigned flags,
                          const struct id3_chapter *list, size_t n, const char *title,
                          int utf16_always)
{
	size_t at, i;
	int rc;

	rc = begin_frame(b, "CTOC", &at);
	if (!rc)
		rc = buf_adds(b, id);
	if (!rc)
		rc = put_string(b, suffix, ENC_LATIN1, 1);
	if (!rc)
		rc = put_u8(b, flags);
	if (!rc)
		rc = put_u8(b, (unsigned)n);
	for (i = 0; !rc && i < n; i++)
		rc = put_string(b, list[i].element_id, ENC_LATIN1, 1);
	if (!rc && title && *title)
		rc = put_text_frame(b, "TIT2", title, utf16_always);
	return rc ? rc : end_frame(b, at);
}

/* --- validation: everything is checked before the first byte is written --- */

static int check_utf8(const char *what, const char *s, struct tb_err *err)
{
	if (s && utf8_classify(s) < 0)
		return err_set(err, TB_E_INPUT, "id3: %s is not valid UTF-8", what);
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* TRCK: "N" or "N/M", 1 to 9 digits each. */
static int valid_track(const char *t)
{
	size_t n = strspn(t, "0123456789"), m;

	if (n < 1 || n > 9)
		return 0;
	if (!t[n])
		return 1;
	m = strspn(t + n + 1, "0123456789");
	return t[n] == '/' && m >= 1 && m <= 9 && !t[n + 1 + m];
}

static int check_tags(const struct id3_tags *t, struct tb_err *err)
{
	size_t i, n;
	int rc;

	if ((rc = check_utf8("title", t->title, err)) ||
	    (rc = check_utf8("album", t->album, err)) ||
	    (rc = check_utf8("artist", t->artist, err)) ||
	    (rc = check_utf8("encoder", t->encoder, err)) ||
	    (rc = check_utf8("comment", t->comment, err)))
		return rc;
	if (t->year && *t->year && !all_digits(t->year, 4))
		return err_set(err, TB_E_INPUT, "id3: year \"%s\" is not YYYY", t->year);
	if (t->track && *t->track && !valid_track(t->track))
		return err_set(err, TB_E_INPUT, "id3: track \"%.20s\" is not N or N/M", t->track);
	if (t->date && *t->date) {
		int day, month;

		if (!all_digits(t->date, 4))
			return err_set(err, TB_E_INPUT, "id3: date \"%s\" is not DDMM", t->date);
		day = (t->date[0] - '0') * 10 + (t->date[1] - '0');
		month = (t->date[2] - '0') * 10 + (t->date[3] - '0');
		if (day < 1 || day > 31 || month < 1 || month > 12)
			return err_set(err, TB_E_INPUT, "id3: date \"%s\" is not a valid DDMM",
			               t->date);
	}
	if (t->language && *t->language) {
		n = strlen(t->language);
		for (i = 0; i < n; i++)
			if (t->language[i] < 'a' || t->language[i] > 'z')
				break;
		if (i < n || n % 3)
			return err_set(err, TB_E_INPUT,
			               "id3: language \"%s\" is not ISO 639-2 (three lowercase "
			               "letters per language)",
			               t->language);
	}
	return 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int check_element_id(const char *id, struct tb_err *err)
{
	size_t i, n;

	if (!id || !*id)
		return err_set(err, TB_E_INPUT, "id3: a chapter has no element id");
	n = strlen(id);
	for (i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x21 || (unsigned char)id[i] > 0x7E)
			return err_set(err, TB_E_INPUT,
			               "id3: element id \"%s\" is not printable ASCII (byte %zu)",
			               id, i);
	if (n > ID3_MAX_ID_LEN)
		return err_set(err, TB_E_LIMIT, "id3: element id \"%s\" is longer than %d bytes",
		               id, ID3_MAX_ID_LEN);
	if (!strcmp(id, ID3_TOC_ID) || ends_with(id, ".toc"))
		return err_set(err, TB_E_INPUT,
		               "id3: element id \"%s\" is reserved for tables of contents", id);
	return 0;
}

static int check_chapter(const struct id3_chapter *c, struct tb_err *err)
{
	int rc = check_element_id(c->element_id, err);

	if (rc)
		return rc;
	if (!c->title)
		return err_set(err, TB_E_INPUT, "id3: chapter %s has no title", c->element_id);
	if (utf8_classify(c->title) < 0)
		return err_set(err, TB_E_INPUT, "id3: the title of chapter %s is not valid UTF-8",
		               c->element_id);
	if (c->start_ms >= c->end_ms)
		return err_set(err, TB_E_INPUT, "id3: chapter %s starts at %u ms but ends at %u ms",
		               c->element_id, (unsigned)c->start_ms, (unsigned)c->end_ms);
	return 0;
}

static int check_children(const struct id3_chapter *parent, struct tb_err *err)
{
	const struct id3_chapter *k;
	size_t i;
	int rc;

	if (parent->nchildren && !parent->children)
		return err_set(err, TB_E_INPUT, "id3: chapter %s has a NULL list of children",
		               parent->element_id);
	if (parent->nchildren > ID3_MAX_TOC_ENTRIES)
		return err_set(err, TB_E_LIMIT,
		               "id3: chapter %s has %zu sub-chapters; a CTOC holds at most %d",
		               parent->element_id, parent->nchildren, ID3_MAX_TOC_ENTRIES);
	for (i = 0; i < parent->nchildren; i++) {
		k = &parent->children[i];
		if ((rc = check_chapter(k, err)))
			return rc;
		if (k->nchildren)
			return err_set(err, TB_E_INPUT,
			               "id3: sub-chapter %s has children; only one level of "
			               "sub-chapters is supported",
			               k->element_id);
		if (k->start_ms < parent->start_ms || k->end_ms > parent->end_ms)
			return err_set(err, TB_E_INPUT,
			               "id3: sub-chapter %s (%u-%u ms) lies outside chapter %s "
			               "(%u-%u ms)",
			               k->element_id, (unsigned)k->start_ms, (unsigned)k->end_ms,
			               parent->element_id, (unsigned)parent->start_ms,
			               (unsigned)parent->end_ms);
		if (i && k->start_ms < parent->children[i - 1].end_ms)
			return err_set(err, TB_E_INPUT,
			               "id3: sub-chapter %s starts at %u ms, before %s ends "
			               "(%u ms)",
			               k->element_id, (unsigned)k->start_ms,
			               parent->children[i - 1].element_id,
			               (unsigned)parent->children[i - 1].end_ms);
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int check_unique_ids(const struct id3_chapter *chapters, size_t n, struct tb_err *err)
{
	struct buf ids = BUF_INIT;
	const char **slot;
	size_t i, j, count;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		slot = VEC_PUSH(&ids, const char *);
		if (!slot) {
			rc = TB_E_NOMEM;
			break;
		}
		*slot = chapters[i].element_id;
		for (j = 0; j < chapters[i].nchildren; j++) {
			slot = VEC_PUSH(&ids, const char *);
			if (!slot) {
				rc = TB_E_NOMEM;
				break;
			}
			*slot = chapters[i].children[j].element_id;
		}
	}
	if (rc) {
		buf_release(&ids);
		return err_set(err, rc, "id3: out of memory");
	}
	count = VEC_LEN(&ids, const char *);
	if (count > 1)
		qsort(ids.data, count, sizeof(const char *), cmp_str);
	for (i = 1; i < count; i++) {
		if (!strcmp(VEC_AT(&ids, const char *, i - 1), VEC_AT(&ids, const char *, i))) {
			rc = err_set(err, TB_E_INPUT, "id3: element id \"%s\" is used twice",
			             VEC_AT(&ids, const char *, i));
			break;
		}
	}
	buf_release(&ids);
	return rc;
}

static int check_chapters(const struct id3_chapter *chapters, size_t n, struct tb_err *err)
{
	size_t i;
	int rc;

	if (n && !chapters)
		return err_set(err, TB_E_INPUT, "id3: NULL chapter list");
	if (n > ID3_MAX_TOC_ENTRIES)
		return err_set(err, TB_E_LIMIT, "id3: %zu chapters; a CTOC holds at most %d", n,
		               ID3_MAX_TOC_ENTRIES);
	for (i = 0; i < n; i++) {
		if ((rc = check_chapter(&chapters[i], err)))
			return rc;
		if (i && chapters[i].start_ms != chapters[i - 1].end_ms)
			return err_set(err, TB_E_INPUT,
			               "id3: chapter %s starts at %u ms but %s ends at %u ms "
			               "(chapters must be contiguous and in order)",
			               chapters[i].element_id, (unsigned)chapters[i].start_ms,
			               chapters[i - 1].element_id,
			               (unsigned)chapters[i - 1].end_ms);
		if ((rc = check_children(&chapters[i], err)))
			return rc;
	}
	return check_unique_ids(chapters, n, err);
}

static int put_frames(struct buf *b, const struct id3_tags *t, const struct id3_chapter *ch,
                      size_t n)
{
	int u16 = t->utf16_always, rc;
	size_t i, j;

	if ((rc = put_optional_text_frame(b, "TIT2", t->title, u16)) ||
	    (rc = put_optional_text_frame(b, "TALB", t->album, u16)) ||
	    (rc = put_optional_text_frame(b, "TPE1", t->artist, u16)) ||
	    (rc = put_optional_text_frame(b, "TRCK", t->track, u16)) ||
	    (rc = put_optional_text_frame(b, "TYER", t->year, u16)) ||
	    (rc = put_optional_text_frame(b, "TDAT", t->date, u16)) ||
	    (rc = put_optional_text_frame(b, "TLAN", t->language, u16)) ||
	    (rc = put_optional_text_frame(b, "TSSE", t->encoder, u16)))
		return rc;
	if (t->comment && *t->comment && (rc = put_comment_frame(b, t->language, t->comment, u16)))
		return rc;
	if (n && (rc = put_ctoc_frame(b, ID3_TOC_ID, "", 0x03, ch, n, t->title, u16)))
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = put_chap_frame(b, &ch[i], u16)))
			return rc;
		if (!t->emit_children || !ch[i].nchildren)
			continue;
		rc = put_ctoc_frame(b, ch[i].element_id, ".toc", 0x01, ch[i].children,
		                    ch[i].nchildren, ch[i].title, u16);
		for (j = 0; !rc && j < ch[i].nchildren; j++)
			rc = put_chap_frame(b, &ch[i].children[j], u16);
		if (rc)
			return rc;
	}
	return 0;
}

int id3_build(const struct id3_tags *tags, const struct id3_chapter *chapters, size_t nchapters,
              size_t padding, struct buf *out, struct tb_err *err)
{
	static const struct id3_tags no_tags;
	size_t start = out->len, body;
	unsigned char *h;
	int rc;

	if (!tags)
		tags = &no_tags;
	if ((rc = check_tags(tags, err)) || (rc = check_chapters(chapters, nchapters, err)))
		return rc;
	if (padding > ID3_MAX_TAG_SIZE)
		return err_set(err, TB_E_LIMIT,
		               "id3: %zu bytes of padding exceed the tag size limit", padding);

	rc = buf_add(out, "ID3\x03\x00\x00\x00\x00\x00\x00", ID3_HEADER_LEN);
	if (!rc)
		rc = put_frames(out, tags, chapters, nchapters);
	if (!rc) {
		body = out->len - start - ID3_HEADER_LEN;
		if (body > ID3_MAX_TAG_SIZE - padding)
			rc = TB_E_LIMIT;
	}
	if (!rc && padding) {
		rc = buf_grow(out, padding);
		if (!rc && !buf_addzero(out, padding))
			rc = TB_E_NOMEM;
	}
	if (rc) {
		buf_truncate(out, start);
		if (rc == TB_E_LIMIT)
			return err_set(err, rc,
			               "id3: the tag exceeds the ID3v2 size limit of %u bytes",
			               ID3_MAX_TAG_SIZE);
		return err_set(err, rc, "id3: out of memory");
	}
	body = out->len - start - ID3_HEADER_LEN;
	h = (unsigned char *)out->data + start;
	h[6] = (unsigned char)((body >> 21) & 0x7F);
	h[7] = (unsigned char)((body >> 14) & 0x7F);
	h[8] = (unsigned char)((body >> 7) & 0x7F);
	h[9] = (unsigned char)(body & 0x7F);
	return 0;
}

/* ---------------------------------------------------------------------------
 * The reader
 */

struct reader {
	const unsigned char *data;
	struct buf frames;   /* struct id3_parsed_frame */
	struct buf chapters; /* struct id3_parsed_chapter */
	struct buf tocs;     /* struct id3_parsed_toc */
	struct buf scratch;  /* text being decoded */
	struct arena *mem;
	struct tb_err *err;
};

enum owner_kind { OWNER_NONE, OWNER_CHAPTER, OWNER_TOC };

static uint32_t get_u32be(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int nomem(struct reader *r)
{
	return err_set(r->err, TB_E_NOMEM, "id3: out of memory");
}

static int bad(struct reader *r, size_t at, const char *what)
{
	return err_set(r->err, TB_E_INPUT, "id3: %s at byte %zu", what, at);
}

/* Decodes a string of encoding `enc` from p[0..n) into UTF-8 in the arena. It
 * ends at its terminator (00, or an aligned 00 00) or at n; *used gets the
 * bytes consumed including the terminator. With `need_term` a missing
 * terminator is an error. */
static int decode_string(struct reader *r, size_t at, int enc, const unsigned char *p, size_t n,
                         int need_term, const char **outp, size_t *used)
{
	size_t i = 0;
	int big_endian, term = 0;
	uint32_t u, lo;

	buf_reset(&r->scratch);
	if (enc == ENC_LATIN1) {
		for (; i < n; i++) {
			if (!p[i]) {
				term = 1;
				i++;
				break;
			}
			if (utf8_put(&r->scratch, p[i]))
				return nomem(r);
		}
	} else if (enc == ENC_UTF16) {
		if (n < 2)
			return bad(r, at, "UTF-16 string without BOM");
		if (p[0] == 0xFF && p[1] == 0xFE)
			big_endian = 0;
		else if (p[0] == 0xFE && p[1] == 0xFF)
			big_endian = 1;
		else
			return bad(r, at, "UTF-16 string without BOM");
		for (i = 2; i + 1 < n; i += 2) {
			u = big_endian ? (uint32_t)p[i] << 8 | p[i + 1]
			               : (uint32_t)p[i + 1] << 8 | p[i];
			if (!u) {
				term = 1;
				i += 2;
				break;
			}
			if (u >= 0xDC00 && u <= 0xDFFF)
				return bad(r, at + i, "lone low surrogate in UTF-16");
			if (u >= 0xD800 && u <= 0xDBFF) {
				if (i + 3 >= n)
					return bad(r, at + i, "lone high surrogate in UTF-16");
				lo = big_endian ? (uint32_t)p[i + 2] << 8 | p[i + 3]
				                : (uint32_t)p[i + 3] << 8 | p[i + 2];
				if (lo < 0xDC00 || lo > 0xDFFF)
					return bad(r, at + i, "lone high surrogate in UTF-16");
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
			if (utf8_put(&r->scratch, u))
				return nomem(r);
		}
		if (!term && i < n)
			return bad(r, at + i, "UTF-16 string of odd length");
	} else {
		return bad(r, at, "unknown text encoding");
	}
	if (need_term && !term)
		return bad(r, at, "unterminated string");
	*outp = arena_strndup(r->mem, buf_cstr(&r->scratch), r->scratch.len);
	if (!*outp)
		return nomem(r);
	*used = i;
	return 0;
}

/* A null-terminated ISO-8859-1 element id, printable ASCII only. */
static int read_element_id(struct reader *r, size_t at, const unsigned char *p, size_t n,
                           const char **outp, size_t *used)
{
	size_t i;

	for (i = 0; i < n && p[i]; i++)
		if (p[i] < 0x20 || p[i] > 0x7E)
			return bad(r, at + i, "element id is not printable ASCII");
	if (i == n)
		return bad(r, at, "unterminated element id");
	*outp = arena_strndup(r->mem, (const char *)p, i);
	if (!*outp)
		return nomem(r);
	*used = i + 1;
	return 0;
}

static int parse_frames(struct reader *r, size_t pos, size_t end, int parent, enum owner_kind kind,
                        size_t owner, size_t *padding);

static int parse_chap(struct reader *r, size_t at, size_t n, int frame)
{
	const unsigned char *p = r->data + at;
	struct id3_parsed_chapter *c;
	const char *id;
	size_t used, idx;
	int rc;

	if ((rc = read_element_id(r, at, p, n, &id, &used)))
		return rc;
	if (n - used < 16)
		return bad(r, at + used, "CHAP frame too short for its times");
	idx = VEC_LEN(&r->chapters, struct id3_parsed_chapter);
	c = VEC_PUSH(&r->chapters, struct id3_parsed_chapter);
	if (!c)
		return nomem(r);
	c->element_id = id;
	c->start_ms = get_u32be(p + used);
	c->end_ms = get_u32be(p + used + 4);
	c->start_offset = get_u32be(p + used + 8);
	c->end_offset = get_u32be(p + used + 12);
	c->frame = frame;
	return parse_frames(r, at + used + 16, at + n, frame, OWNER_CHAPTER, idx, NULL);
}

static int parse_ctoc(struct reader *r, size_t at, size_t n, int frame)
{
	const unsigned char *p = r->data + at;
	struct id3_parsed_toc *t;
	const char *id, **kids = NULL;
	size_t used, pos, idx, i, count;
	unsigned flags;
	int rc;

	if ((rc = read_element_id(r, at, p, n, &id, &used)))
		return rc;
	if (n - used < 2)
		return bad(r, at + used, "CTOC frame too short for its flags and count");
	flags = p[used];
	count = p[used + 1];
	pos = used + 2;
	if (count) {
		kids = arena_alloc(r->mem, count * sizeof(*kids));
		if (!kids)
			return nomem(r);
	}
	for (i = 0; i < count; i++) {
		if ((rc = read_element_id(r, at + pos, p + pos, n - pos, &kids[i], &used)))
			return rc;
		pos += used;
	}
	idx = VEC_LEN(&r->tocs, struct id3_parsed_toc);
	t = VEC_PUSH(&r->tocs, struct id3_parsed_toc);
	if (!t)
		return nomem(r);
	t->element_id = id;
	t->flags = flags;
	t->children = kids;
	t->nchildren = count;
	t->frame = frame;
	return parse_frames(r, at + pos, at + n, frame, OWNER_TOC, idx, NULL);
}

/* COMM: encoding, language, terminated description, text. */
static int parse_comm(struct reader *r, size_t at, size_t n, const char **text)
{
	const unsigned char *p = r->data + at;
	const char *desc;
	size_t used;
	int rc;

	if (n < 4)
		return bad(r, at, "COMM frame too short");
	if ((rc = decode_string(r, at + 4, p[0], p + 4, n - 4, 1, &desc, &used)))
		return rc;
	return decode_string(r, at + 4 + used, p[0], p + 4 + used, n - 4 - used, 0, text, &used);
}

static int is_frame_id(const unsigned char *p)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9')))
			return 0;
	return 1;
}

static int parse_frame_body(struct reader *r, size_t fi, size_t at, size_t n, enum owner_kind kind,
                            size_t owner)
{
	struct id3_parsed_frame *f = &VEC_AT(&r->frames, struct id3_parsed_frame, fi);
	const char *text = NULL;
	char id[5];
	size_t used;
	int rc = 0, depth = f->parent >= 0;

	memcpy(id, f->id, 5);
	/* compression, encryption, grouping: the body is not plain; list it only */
	if (f->flags & 0x00E0)
		return 0;
	if (!strcmp(id, "CHAP") && !depth)
		return parse_chap(r, at, n, (int)fi);
	if (!strcmp(id, "CTOC") && !depth)
		return parse_ctoc(r, at, n, (int)fi);
	if (id[0] == 'T' && strcmp(id, "TXXX")) {
		if (!n)
			return bad(r, at, "text frame without an encoding byte");
		rc = decode_string(r, at + 1, r->data[at], r->data + at + 1, n - 1, 0, &text,
		                   &used);
	} else if (!strcmp(id, "COMM")) {
		rc = parse_comm(r, at, n, &text);
	}
	if (rc)
		return rc;
	/* r->frames did not grow since f was taken: bodies above return early */
	f->text = text;
	if (text && !strcmp(id, "TIT2")) {
		if (kind == OWNER_CHAPTER)
			VEC_AT(&r->chapters, struct id3_parsed_chapter, owner).title = text;
		else if (kind == OWNER_TOC)
			VEC_AT(&r->tocs, struct id3_parsed_toc, owner).title = text;
	}
	return 0;
}

/* Frames in [pos, end). Zero bytes after the last frame are padding (counted
 * in *padding when given); anything else that is not a frame is an error. */
static int parse_frames(struct reader *r, size_t pos, size_t end, int parent, enum owner_kind kind,
                        size_t owner, size_t *padding)
{
	struct id3_parsed_frame *f;
	size_t size, fi, i;
	int rc;

	while (pos < end) {
		if (!r->data[pos]) {
			for (i = pos; i < end; i++)
				if (r->data[i])
					return bad(r, i, "non-zero byte in padding");
			if (padding)
				*padding = end - pos;
			return 0;
		}
		if (end - pos < ID3_FRAME_HEADER_LEN)
			return bad(r, pos, "truncated frame header");
		if (!is_frame_id(r->data + pos))
			return bad(r, pos, "invalid frame id");
		size = get_u32be(r->data + pos + 4);
		if (size > end - pos - ID3_FRAME_HEADER_LEN)
			return bad(r, pos, "frame runs past the end of its tag or parent frame");
		fi = VEC_LEN(&r->frames, struct id3_parsed_frame);
		f = VEC_PUSH(&r->frames, struct id3_parsed_frame);
		if (!f)
			return nomem(r);
		memcpy(f->id, r->data + pos, 4);
		f->id[4] = '\0';
		f->offset = (uint32_t)pos;
		f->size = (uint32_t)size;
		f->flags = (uint16_t)(r->data[pos + 8] << 8 | r->data[pos + 9]);
		f->parent = parent;
		f->text = NULL;
		rc = parse_frame_body(r, fi, pos + ID3_FRAME_HEADER_LEN, size, kind, owner);
		if (rc)
			return rc;
		pos += ID3_FRAME_HEADER_LEN + size;
	}
	return 0;
}

/* Moves a vector out of its buf into the arena so the result owns one thing. */
static void *vec_to_arena(struct arena *a, struct buf *b, size_t *n, size_t elem)
{
	void *p;

	*n = b->len / elem;
	if (!b->len)
		return NULL;
	p = arena_alloc(a, b->len);
	if (p)
		memcpy(p, b->data, b->len);
	return p;
}

int id3_parse(const unsigned char *data, size_t len, struct id3_parsed *out, struct tb_err *err)
{
	struct reader r;
	size_t end, pos = ID3_HEADER_LEN, ext;
	int rc, i;

	memset(out, 0, sizeof *out);
	arena_init(&out->mem);
	memset(&r, 0, sizeof r);
	r.data = data;
	r.mem = &out->mem;
	r.err = err;
	buf_init(&r.frames, 0);
	buf_init(&r.chapters, 0);
	buf_init(&r.tocs, 0);
	buf_init(&r.scratch, 0);

	if (!data || len < ID3_HEADER_LEN || memcmp(data, "ID3", 3))
		return err_set(err, TB_E_INPUT, "id3: no ID3v2 header");
	out->version_major = data[3];
	out->version_revision = data[4];
	out->flags = data[5];
	if (data[3] != 3 || data[4] == 0xFF)
		return err_set(err, TB_E_INPUT, "id3: version 2.%u.%u is not 2.3", data[3],
		               data[4]);
	if (data[5] & 0x1F)
		return err_set(err, TB_E_INPUT, "id3: undefined header flags 0x%02x", data[5]);
	if (data[5] & 0x80)
		return err_set(err, TB_E_INPUT, "id3: unsynchronised tags are not supported");
	for (i = 6; i < 10; i++)
		if (data[i] & 0x80)
			return err_set(err, TB_E_INPUT, "id3: tag size is not syncsafe");
	out->tag_size = (uint32_t)data[6] << 21 | (uint32_t)data[7] << 14 | (uint32_t)data[8] << 7 |
	                data[9];
	if (out->tag_size > len - ID3_HEADER_LEN)
		return err_set(err, TB_E_INPUT, "id3: tag of %u bytes truncated to %zu",
		               (unsigned)out->tag_size, len - ID3_HEADER_LEN);
	end = ID3_HEADER_LEN + out->tag_size;
	if (data[5] & 0x40) {
		/* v2.3 extended header: its size (plain 32-bit) excludes the size field */
		if (end - pos < 4)
			return err_set(err, TB_E_INPUT, "id3: truncated extended header");
		ext = get_u32be(data + pos);
		if (ext > end - pos - 4)
			return err_set(err, TB_E_INPUT, "id3: extended header runs past the tag");
		pos += 4 + ext;
	}

	rc = parse_frames(&r, pos, end, -1, OWNER_NONE, 0, &out->padding);
	if (!rc) {
		out->frames = vec_to_arena(&out->mem, &r.frames, &out->nframes,
		                           sizeof(struct id3_parsed_frame));
		out->chapters = vec_to_arena(&out->mem, &r.chapters, &out->nchapters,
		                             sizeof(struct id3_parsed_chapter));
		out->tocs = vec_to_arena(&out->mem, &r.tocs, &out->ntocs,
		                         sizeof(struct id3_parsed_toc));
		if ((out->nframes && !out->frames) || (out->nchapters && !out->chapters) ||
		    (out->ntocs && !out->tocs))
			rc = nomem(&r);
	}
	if (rc) {
		out->frames = NULL, out->nframes = 0;
		out->chapters = NULL, out->nchapters = 0;
		out->tocs = NULL, out->ntocs = 0;
	}
	buf_release(&r.frames);
	buf_release(&r.chapters);
	buf_release(&r.tocs);
	buf_release(&r.scratch);
	return rc;
}

void id3_parsed_release(struct id3_parsed *p)
{
	if (!p)
		return;
	arena_release(&p->mem);
	memset(p, 0, sizeof *p);
}

const struct id3_parsed_frame *id3_parsed_find_frame(const struct id3_parsed *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nframes; i++)
		if (p->frames[i].parent < 0 && !strcmp(p->frames[i].id, id))
			return &p->frames[i];
	return NULL;
}

const struct id3_parsed_chapter *id3_parsed_find_chapter(const struct id3_parsed *p,
                                                         const char *element_id)
{
	size_t i;

	for (i = 0; i < p->nchapters; i++)
		if (!strcmp(p->chapters[i].element_id, element_id))
			return &p->chapters[i];
	return NULL;
}
