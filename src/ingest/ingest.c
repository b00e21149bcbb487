#include "ingest/ingest.h"

#include "core/utext.h"

#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

/* Line and column (1-based, columns in characters) of byte `off`, for messages. */
static void locate(const unsigned char *data, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* More than 8 NUL bytes, and one in this many bytes or more, means UTF-16 or a binary
 * file, not a text file with stray NULs (which are dropped like other controls). */
#define NUL_RATIO 64

/* Characters most of a Chinese page is made of: ideographs and punctuation. */
static int is_chinese_text_char(utf8proc_int32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x2010 && cp <= 0x206F);
}

/* Does `data` decode cleanly as `enc` into text with no control characters but tab
 * and line ends, nine in ten of whose non-ASCII characters are common Chinese ones?
 * Then it is very likely in that encoding (random bytes and Latin-1 text fail). */
static int reads_as(const char *enc, const unsigned char *data, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", enc);
	char chunk[4096];
	char *in = (char *)data;
	size_t inleft = len, wide = 0, chinese = 0;
	int ok = 1;

	if (cd == (iconv_t)-1)
		return 0;
	while (ok && inleft > 0) {
		char *o = chunk;
		size_t oleft = sizeof(chunk), i = 0, n;

		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG)
			ok = 0;
		n = (size_t)(o - chunk);
		/* iconv writes whole characters, so a chunk never ends inside one */
		while (ok && i < n) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)chunk + i,
			                                      (utf8proc_ssize_t)(n - i), &cp);

			if (k <= 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r'))
				ok = 0;
			else if (cp >= 0x80) {
				wide++;
				chinese += is_chinese_text_char(cp);
			}
			i += k > 0 ? (size_t)k : 1;
		}
	}
	iconv_close(cd);
	return ok && wide > 0 && chinese * 10 >= wide * 9;
}

/* "; ..." advice on which --encoding the bytes are probably in, or "". */
static const char *encoding_hint(const unsigned char *data, size_t len)
{
	if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE)
		return "; it starts with a UTF-16 (little-endian) byte order mark: try --encoding "
		       "utf-16";
	if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF)
		return "; it starts with a UTF-16 (big-endian) byte order mark: try --encoding "
		       "utf-16";
	if (reads_as("GB18030", data, len))
		return "; the bytes read cleanly as GB18030 (GBK, GB2312): try --encoding gb18030";
	return "";
}

/* Refuses files where NUL bytes are common: UTF-16 text or binary data. */
static int check_nul_density(const char *name, const unsigned char *data, size_t len,
                             struct tb_err *err)
{
	size_t i, nul = 0, odd = 0, first = len, line, col;

	for (i = 0; i < len; i++) {
		if (data[i])
			continue;
		if (first == len)
			first = i;
		nul++;
		odd += i & 1;
	}
	if (nul <= 8 || nul * NUL_RATIO < len)
		return 0;
	locate(data, first, &line, &col);
	return err_set(err, TB_E_INPUT,
	               "%s: byte offset %zu (line %zu, column %zu): %zu NUL bytes; this is not a "
	               "UTF-8 text file%s",
	               name, first, line, col, nul,
	               nul * 4 < len       ? ""
	               : odd * 4 > nul * 3 ? " (UTF-16LE? try --encoding utf-16le)"
	               : odd * 4 < nul     ? " (UTF-16BE? try --encoding utf-16be)"
	                                   : "");
}

/* Why the bytes at `p` (`left` of them) are not UTF-8, in words a user can act on. */
static const char *utf8_problem(const unsigned char *p, size_t left)
{
	unsigned char b = p[0], c = left > 1 ? p[1] : 0;

	if (b >= 0x80 && b < 0xC0)
		return "a continuation byte with no lead byte";
	if (b == 0xC0 || b == 0xC1 || (b == 0xE0 && left > 1 && c < 0xA0) ||
	    (b == 0xF0 && left > 1 && c < 0x90))
		return "an overlong encoding";
	if (b == 0xED && left > 1 && c >= 0xA0 && c < 0xC0)
		return "a UTF-16 surrogate, as CESU-8 writes them";
	if (b >= 0xF5 || (b == 0xF4 && left > 1 && c >= 0x90))
		return "a code point past U+10FFFF";
	if ((b >= 0xE0 && left < 3) || (b >= 0xF0 && left < 4) || left < 2)
		return "an incomplete character at the end of the file: cut short?";
	return "a lead byte without its continuation bytes";
}

static int check_utf8(const char *name, const unsigned char *data, size_t len, struct tb_err *err)
{
	size_t off = 0, line, col;
	int rc;

	if ((rc = check_nul_density(name, data, len, err)))
		return rc;
	while (off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
		        utf8proc_iterate(data + off, (utf8proc_ssize_t)(len - off), &cp);

		/* utf8proc refuses overlong forms, surrogates (CESU-8) and code points past
		 * U+10FFFF, so only well-formed UTF-8 gets through. */
		if (n < 0) {
			locate(data, off, &line, &col);
			return err_set(err, TB_E_INPUT,
			               "%s: byte offset %zu (line %zu, column %zu): invalid UTF-8 "
			               "(byte 0x%02X, %s); pages must be UTF-8 text%s",
			               name, off, line, col, data[off],
			               utf8_problem(data + off, len - off),
			               len - off < 4 ? "" : encoding_hint(data, len));
		}
		off += (size_t)n;
	}
	return 0;
}

/*
 * Full NFKC would also rewrite characters that carry meaning for a reader
 * (℃ → °C, ㎡ → m2, … → ..., ² → 2), so only the width variants are folded
 * (full-width ASCII, ideographic space, full-width currency signs), and the
 * rest is NFC.
 */
static utf8proc_int32_t fold_width(utf8proc_int32_t cp, void *data)
{
	static const utf8proc_int32_t fullwidth_signs[] = {0xA2, 0xA3, 0xAC,  0xAF,
	                                                   0xA6, 0xA5, 0x20A9};

	(void)data;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	if (cp >= 0xFFE0 && cp <= 0xFFE6)
		return fullwidth_signs[cp - 0xFFE0];
	return cp;
}

/* Control and format characters (core/utext.h: zero-width characters, the BOM left
 * inside text, bidi controls) carry nothing a listener can hear; tab and newline carry
 * layout. */
static int is_dropped_control(utf8proc_int32_t cp)
{
	if (cp == '\n' || cp == '\t')
		return 0;
	return utext_is_hidden(cp);
}

/* Appends `text` with controls dropped and every line's trailing blanks trimmed. */
static int append_clean_lines(struct buf *out, const unsigned char *text, size_t len)
{
	size_t off = 0, line_end_keep;
	int rc;

	line_end_keep = out->len;
	while (off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
		        utf8proc_iterate(text + off, (utf8proc_ssize_t)(len - off), &cp);

		if (n <= 0)
			return TB_E_INPUT;
		if (cp == '\n') {
			buf_truncate(out, line_end_keep);
			if ((rc = buf_addc(out, '\n')))
				return rc;
			line_end_keep = out->len;
		} else if (!is_dropped_control(cp)) {
			if ((rc = buf_add(out, text + off, (size_t)n)))
				return rc;
			if (cp != ' ' && cp != '\t')
				line_end_keep = out->len;
		}
		off += (size_t)n;
	}
	buf_truncate(out, line_end_keep);
	if (out->len && out->data[out->len - 1] != '\n')
		return buf_addc(out, '\n');
	return 0;
}

static int ingest_utf8(const char *name, const unsigned char *data, size_t len, struct buf *out,
                       struct tb_err *err)
{
	utf8proc_uint8_t *norm = NULL;
	utf8proc_ssize_t nlen;
	size_t start = out->len;
	int rc;

	if (len > INGEST_MAX_BYTES)
		return err_set(err, TB_E_LIMIT,
		               "%s: %zu bytes is larger than the %zu-byte (64 MiB) page limit",
		               name, len, INGEST_MAX_BYTES);
	if ((rc = check_utf8(name, data, len, err)))
		return rc;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		data += 3;
		len -= 3;
	}
	/* NLF2LF turns CRLF, CR and NEL into LF. */
	nlen = utf8proc_map_custom(data, (utf8proc_ssize_t)len, &norm,
	                           UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_NLF2LF, fold_width,
	                           NULL);
	if (nlen < 0)
		return err_set(err, nlen == UTF8PROC_ERROR_NOMEM ? TB_E_NOMEM : TB_E_INPUT,
		               "%s: Unicode normalization failed: %s", name, utf8proc_errmsg(nlen));
	rc = append_clean_lines(out, norm, (size_t)nlen);
	free(norm);
	if (rc)
		return err_set(err, rc, "%s: out of memory while cleaning text", name);
	if (out->len == start || strspn(out->data + start, " \t\n") == out->len - start) {
		buf_truncate(out, start);
		return err_set(err, TB_E_INPUT, "%s: the page is empty (no text to read)", name);
	}
	return 0;
}

static int is_utf8_name(const char *encoding)
{
	return !encoding || !strcasecmp(encoding, "UTF-8") || !strcasecmp(encoding, "UTF8");
}

int ingest_encoding_known(const char *encoding)
{
	iconv_t cd;

	if (is_utf8_name(encoding))
		return 1;
	cd = iconv_open("UTF-8", encoding);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

/* Converts `data` from `encoding` into `utf8`; a byte sequence that is not valid in
 * that encoding is an error naming its offset (the line and column are counted in
 * the text converted up to there). */
static int convert_to_utf8(const char *name, const char *encoding, const unsigned char *data,
                           size_t len, struct buf *utf8, struct tb_err *err)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	char *in = (char *)data;
	size_t inleft = len, line, col;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return err_set(err, TB_E_USAGE,
		               "unknown encoding '%s' (try gb18030, gbk, big5, "
		               "utf-16)",
		               encoding);
	while (inleft > 0 && !rc) {
		char *o;
		size_t oleft;

		if ((rc = buf_grow(utf8, 65536))) {
			rc = rc == TB_E_LIMIT
			             ? err_set(err, rc,
			                       "%s: larger than the %zu-byte page "
			                       "limit once in UTF-8",
			                       name, INGEST_MAX_BYTES)
			             : err_set(err, rc, "%s: out of memory converting from %s",
			                       name, encoding);
			break;
		}
		o = utf8->data + utf8->len;
		oleft = utf8->cap - utf8->len - 1; /* keep room for the terminating NUL */
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG) {
			size_t off = (size_t)(in - (char *)data);

			utf8->len = (size_t)(o - utf8->data);
			locate((const unsigned char *)utf8->data, utf8->len, &line, &col);
			rc = err_set(err, TB_E_INPUT,
			             "%s: byte offset %zu (line %zu, column %zu): %s (byte 0x%02X) "
			             "in %s",
			             name, off, line, col,
			             errno == EINVAL ? "incomplete character at the end"
			                             : "invalid character",
			             data[off], encoding);
		}
		utf8->len = (size_t)(o - utf8->data);
		utf8->data[utf8->len] = '\0';
	}
	iconv_close(cd);
	return rc;
}

int ingest_bytes_enc(const char *name, const char *encoding, const unsigned char *data, size_t len,
                     struct buf *out, struct tb_err *err)
{
	struct buf utf8 = BUF_INIT;
	int rc;

	if (is_utf8_name(encoding))
		return ingest_utf8(name, data, len, out, err);
	if (len > INGEST_MAX_BYTES)
		return err_set(err, TB_E_LIMIT,
		               "%s: %zu bytes is larger than the %zu-byte (64 MiB) page limit",
		               name, len, INGEST_MAX_BYTES);
	/* The limit holds for the text once in UTF-8 too (ingest_utf8 says so). */
	buf_init(&utf8, INGEST_MAX_BYTES + 65536);
	rc = convert_to_utf8(name, encoding, data, len, &utf8, err);
	if (!rc)
		rc = ingest_utf8(name, (const unsigned char *)utf8.data, utf8.len, out, err);
	buf_release(&utf8);
	return rc;
}

int ingest_bytes(const char *name, const unsigned char *data, size_t len, struct buf *out,
                 struct tb_err *err)
{
	return ingest_utf8(name, data, len, out, err);
}

int ingest_file_enc(const char *path, const char *encoding, struct buf *out, struct tb_err *err)
{
	struct buf raw = BUF_INIT;
	struct stat st;
	FILE *f;
	int rc = 0;

	f = fopen(path, "rb");
	if (!f)
		return err_set(err, TB_E_IO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return err_set(err, TB_E_IO, "%s: is a directory, not a page file", path);
	}
	/* Room for one read past the limit, so a file of exactly the limit is read whole
	 * and a larger one is seen to be larger. */
	buf_init(&raw, INGEST_MAX_BYTES + 65536);
	while (!rc) {
		size_t got;

		if (raw.len > INGEST_MAX_BYTES) {
			rc = err_set(err, TB_E_LIMIT,
			             "%s: larger than the %zu-byte (64 MiB) page limit", path,
			             INGEST_MAX_BYTES);
			break;
		}
		if (buf_grow(&raw, 65536)) {
			rc = err_set(err, TB_E_NOMEM, "%s: out of memory reading the page", path);
			break;
		}
		got = fread(raw.data + raw.len, 1, 65536, f);
		raw.len += got;
		raw.data[raw.len] = '\0';
		if (got < 65536) {
			if (ferror(f))
				rc = err_set(err, TB_E_IO, "%s: read error: %s", path,
				             strerror(errno));
			break;
		}
	}
	fclose(f);
	if (!rc)
		rc = ingest_bytes_enc(path, encoding, (const unsigned char *)raw.data, raw.len, out,
		                      err);
	buf_release(&raw);
	return rc;
}

int ingest_file(const char *path, struct buf *out, struct tb_err *err)
{
	return ingest_file_enc(path, NULL, out, err);
}
