#include "ingest/ingest.h"

#include <errno.h>
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

static int check_utf8(const char *name, const unsigned char *data, size_t len, struct tb_err *err)
{
	size_t off = 0, line, col;

	while (off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(data + off, (utf8proc_ssize_t)(len - off), &cp);

		if (n < 0 || cp == 0) {
			locate(data, off, &line, &col);
			if (cp == 0 && n > 0)
				return err_set(err, TB_E_INPUT,
					       "%s: byte offset %zu (line %zu, column %zu): NUL byte; "
					       "this is not a text file",
					       name, off, line, col);
			return err_set(err, TB_E_INPUT,
				       "%s: byte offset %zu (line %zu, column %zu): invalid UTF-8 "
				       "(byte 0x%02X); pages must be UTF-8 text",
				       name, off, line, col, data[off]);
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
	static const utf8proc_int32_t fullwidth_signs[] = { 0xA2, 0xA3, 0xAC, 0xAF, 0xA6, 0xA5,
							    0x20A9 };

	(void)data;
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return cp - 0xFEE0;
	if (cp == 0x3000)
		return ' ';
	if (cp >= 0xFFE0 && cp <= 0xFFE6)
		return fullwidth_signs[cp - 0xFFE0];
	return cp;
}

/* Control characters carry nothing a listener can hear; tab and newline carry layout. */
static int is_dropped_control(utf8proc_int32_t cp)
{
	if (cp == '\n' || cp == '\t')
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1;
	/* zero-width characters and the BOM left inside text */
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* Appends `text` with controls dropped and every line's trailing blanks trimmed. */
static int append_clean_lines(struct buf *out, const unsigned char *text, size_t len)
{
	size_t off = 0, line_end_keep;
	int rc;

	line_end_keep = out->len;
	while (off < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(text + off, (utf8proc_ssize_t)(len - off), &cp);

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

int ingest_bytes(const char *name, const unsigned char *data, size_t len, struct buf *out,
		 struct tb_err *err)
{
	utf8proc_uint8_t *norm = NULL;
	utf8proc_ssize_t nlen;
	size_t start = out->len;
	int rc;

	if (len > INGEST_MAX_BYTES)
		return err_set(err, TB_E_LIMIT, "%s: %zu bytes is larger than the %zu-byte page limit",
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
			       "%s: Unicode normalization failed: %s", name,
			       utf8proc_errmsg(nlen));
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

int ingest_file(const char *path, struct buf *out, struct tb_err *err)
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
	buf_init(&raw, INGEST_MAX_BYTES + 1);
	for (;;) {
		size_t got;

		if (buf_grow(&raw, 65536)) {
			rc = err_set(err, TB_E_LIMIT, "%s: larger than the %zu-byte page limit", path,
				     INGEST_MAX_BYTES);
			break;
		}
		got = fread(raw.data + raw.len, 1, 65536, f);
		raw.len += got;
		if (got < 65536) {
			if (ferror(f))
				rc = err_set(err, TB_E_IO, "%s: read error: %s", path,
					     strerror(errno));
			break;
		}
	}
	fclose(f);
	if (!rc)
		rc = ingest_bytes(path, (const unsigned char *)raw.data, raw.len, out, err);
	buf_release(&raw);
	return rc;
}
