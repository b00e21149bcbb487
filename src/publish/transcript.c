/* Transcripts (WebVTT, SRT, LRC) and JSON chapters of a rendered episode. */
#include "publish/transcript.h"

#include "core/json.h"

#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void tr_format_time(char *dst, size_t size, int64_t ms, char sep)
{
	if (ms < 0)
		ms = 0;
	snprintf(dst, size, "%02" PRId64 ":%02d:%02d%c%03d", ms / 3600000, (int)(ms / 60000 % 60),
	         (int)(ms / 1000 % 60), sep, (int)(ms % 1000));
}

void tr_format_clock(char *dst, size_t size, int64_t ms)
{
	int64_t s = ms < 0 ? 0 : ms / 1000;

	if (s >= 3600)
		snprintf(dst, size, "%" PRId64 ":%02d:%02d", s / 3600, (int)(s / 60 % 60),
		         (int)(s % 60));
	else
		snprintf(dst, size, "%02d:%02d", (int)(s / 60), (int)(s % 60));
}

/* Appends s with newlines, carriage returns and tabs turned into single spaces and
 * leading/trailing spaces dropped; returns the number of bytes added. */
static int add_one_line(struct buf *out, const char *s, size_t *added)
{
	size_t start = out->len;
	int pending_space = 0, rc = 0;

	for (; *s && !rc; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
			pending_space = out->len > start;
			continue;
		}
		if (pending_space)
			rc = buf_addc(out, ' ');
		pending_space = 0;
		if (!rc)
			rc = buf_addc(out, *s);
	}
	*added = out->len - start;
	return rc;
}

int tr_cue_text(struct buf *out, const struct mr_sentence *s)
{
	size_t added;
	int rc = add_one_line(out, s->text, &added);

	if (!rc && !added)
		rc = add_one_line(out, s->spoken, &added);
	if (!rc && !added)
		rc = buf_adds(out, "\xE2\x80\xA6");
	return rc;
}

/* Cue text for WebVTT: '&', '<' and '>' must be character references (a bare '<'
 * starts a tag; "-->" must not appear). */
static int add_vtt_text(struct buf *out, const struct mr_sentence *s)
{
	struct buf line = BUF_INIT;
	size_t i;
	int rc = tr_cue_text(&line, s);

	for (i = 0; !rc && i < line.len; i++) {
		char c = line.data[i];

		if (c == '&')
			rc = buf_adds(out, "&amp;");
		else if (c == '<')
			rc = buf_adds(out, "&lt;");
		else if (c == '>')
			rc = buf_adds(out, "&gt;");
		else
			rc = buf_addc(out, c);
	}
	buf_release(&line);
	return rc;
}

/* Appends a sentence's line with each ASCII character of `from` written as the
 * full-width form in `to` (UTF-8, 3 bytes each, same order): what a format would take
 * as markup stays text a reader shows. */
static int add_text_replacing(struct buf *out, const struct mr_sentence *s, const char *from,
                              const char *to)
{
	struct buf line = BUF_INIT;
	size_t i;
	int rc = tr_cue_text(&line, s);

	for (i = 0; !rc && i < line.len; i++) {
		const char *hit = strchr(from, line.data[i]);

		rc = hit && line.data[i] ? buf_add(out, to + 3 * (hit - from), 3)
		                         : buf_addc(out, line.data[i]);
	}
	buf_release(&line);
	return rc;
}

/* SRT readers take "<...>" as markup (<i>, <font>) and drop tags they do not know
 * (ffmpeg drops "<abc>"), and some take "{...}" as ASS overrides: written as the
 * full-width ＜＞ and ｛｝. */
static int add_srt_text(struct buf *out, const struct mr_sentence *s)
{
	return add_text_replacing(out, s, "<>{}",
	                          "\xEF\xBC\x9C\xEF\xBC\x9E\xEF\xBD\x9B\xEF\xBD\x9D");
}

/* An LRC reader takes "[mm:ss.xx]" at the start of a line (and some anywhere in it) as
 * a time, enhanced LRC takes "<mm:ss.xx>" as a word's time, and ffmpeg takes "{...}" as
 * markup: those brackets in the text are written as the full-width ［］＜＞｛｝ (GBK has
 * them all). */
static int add_lrc_text(struct buf *out, const struct mr_sentence *s)
{
	return add_text_replacing(out, s, "[]<>{}",
	                          "\xEF\xBC\xBB\xEF\xBC\xBD\xEF\xBC\x9C\xEF\xBC\x9E"
	                          "\xEF\xBD\x9B\xEF\xBD\x9D");
}

/* A cue never ends before it starts and never lasts 0 ms (some readers drop those). */
static int64_t cue_end(const struct mr_sentence *s)
{
	return s->end_ms > s->start_ms ? s->end_ms : s->start_ms + 1;
}

int tr_vtt(struct buf *out, const struct mr_episode *e)
{
	char a[32], b[32];
	size_t i;
	int rc = buf_adds(out, "WEBVTT\n");

	for (i = 0; !rc && i < e->n_sentences; i++) {
		const struct mr_sentence *s = &e->sentences[i];

		tr_format_time(a, sizeof(a), s->start_ms, '.');
		tr_format_time(b, sizeof(b), cue_end(s), '.');
		rc = buf_addf(out, "\n%zu\n%s --> %s\n", i + 1, a, b);
		if (!rc)
			rc = add_vtt_text(out, s);
		if (!rc)
			rc = buf_addc(out, '\n');
	}
	return rc;
}

int tr_srt(struct buf *out, const struct mr_episode *e)
{
	char a[32], b[32];
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < e->n_sentences; i++) {
		const struct mr_sentence *s = &e->sentences[i];

		tr_format_time(a, sizeof(a), s->start_ms, ',');
		tr_format_time(b, sizeof(b), cue_end(s), ',');
		rc = buf_addf(out, "%s%zu\n%s --> %s\n", i ? "\n" : "", i + 1, a, b);
		if (!rc)
			rc = add_srt_text(out, s);
		if (!rc)
			rc = buf_addc(out, '\n');
	}
	return rc;
}

static int add_lrc_stamp(struct buf *out, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	return buf_addf(out, "[%02" PRId64 ":%02d.%02d]", ms / 60000, (int)(ms / 1000 % 60),
	                (int)(ms / 10 % 100));
}

/* A tag value must stay on its line and must not close the tag early. */
static int add_lrc_tag(struct buf *out, const char *tag, const char *value)
{
	struct buf line = BUF_INIT;
	size_t added, i;
	int rc = add_one_line(&line, value ? value : "", &added);

	if (!rc)
		rc = buf_addf(out, "[%s:", tag);
	for (i = 0; !rc && i < line.len; i++)
		rc = buf_addc(out, line.data[i] == ']' ? ')' : line.data[i]);
	if (!rc)
		rc = buf_adds(out, "]\n");
	buf_release(&line);
	return rc;
}

static int lrc_utf8(struct buf *out, const struct mr_episode *e, const char *publication)
{
	struct buf al = BUF_INIT;
	char len[32];
	size_t i;
	int rc;

	tr_format_clock(len, sizeof(len), e->duration_ms);
	rc = buf_addf(&al, "%s%s%s", publication ? publication : "",
	              publication && *publication && *e->date ? " " : "", e->date);
	if (!rc)
		rc = add_lrc_tag(out, "ti", e->title);
	if (!rc && publication && *publication)
		rc = add_lrc_tag(out, "ar", publication);
	if (!rc && al.len)
		rc = add_lrc_tag(out, "al", al.data);
	if (!rc)
		rc = add_lrc_tag(out, "by", "tingbao");
	if (!rc)
		rc = add_lrc_tag(out, "length", len);
	for (i = 0; !rc && i < e->n_sentences; i++) {
		rc = add_lrc_stamp(out, e->sentences[i].start_ms);
		if (!rc)
			rc = add_lrc_text(out, &e->sentences[i]);
		if (!rc)
			rc = buf_addc(out, '\n');
	}
	if (!rc && e->n_sentences) {
		rc = add_lrc_stamp(out, cue_end(&e->sentences[e->n_sentences - 1]));
		if (!rc)
			rc = buf_addc(out, '\n');
	}
	buf_release(&al);
	return rc;
}

/* Length of the UTF-8 sequence starting with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

int tr_utf8_to_gbk(struct buf *out, const char *s, size_t len, size_t *replaced, struct tb_err *err)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	char *in = (char *)s;
	size_t left = len, n_repl = 0;
	int rc = 0;

	if (cd == (iconv_t)-1)
		return err_set(err, TB_E_ENGINE, "iconv cannot convert UTF-8 to GBK: %s",
		               strerror(errno));
	while (left && !rc) {
		char *dst;
		size_t room, r;

		if ((rc = buf_grow(out, left * 2 + 16)))
			break;
		dst = out->data + out->len;
		room = out->cap - out->len - 1;
		r = iconv(cd, &in, &left, &dst, &room);
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno != EILSEQ && errno != EINVAL) {
			rc = err_set(err, TB_E_ENGINE, "iconv: %s", strerror(errno));
			break;
		}
		/* A character GBK does not have: one '?' for the whole sequence. */
		r = utf8_len((unsigned char)*in);
		if (r > left)
			r = left;
		in += r;
		left -= r;
		n_repl++;
		rc = buf_addc(out, '?');
	}
	iconv_close(cd);
	if (replaced)
		*replaced = n_repl;
	if (rc == TB_E_NOMEM || rc == TB_E_LIMIT)
		return err_set(err, rc, "out of memory converting to GBK");
	return rc;
}

int tr_lrc(struct buf *out, const struct mr_episode *e, const char *publication,
           enum tr_lrc_encoding enc, size_t *replaced, struct tb_err *err)
{
	struct buf text = BUF_INIT;
	int rc;

	if (replaced)
		*replaced = 0;
	if (enc == TR_LRC_UTF8) {
		rc = lrc_utf8(out, e, publication);
		return rc ? err_set(err, rc, "out of memory writing LRC") : 0;
	}
	rc = lrc_utf8(&text, e, publication);
	if (rc)
		rc = err_set(err, rc, "out of memory writing LRC");
	else
		rc = tr_utf8_to_gbk(out, buf_cstr(&text), text.len, replaced, err);
	buf_release(&text);
	return rc;
}

/* Seconds: a whole number when the time is on a second, else three decimals. */
static void json_seconds(struct json *j, int64_t ms)
{
	if (ms % 1000 == 0)
		json_int(j, ms / 1000);
	else
		json_double(j, (double)ms / 1000.0, 3);
}

int tr_chapters_json(struct buf *out, const struct mr_episode *e, const char *podcast_name)
{
	struct json j;
	size_t i;

	json_init(&j, out);
	json_begin_object(&j);
	json_kv_string(&j, "version", "1.2.0");
	json_kv_string(&j, "title", e->title);
	if (podcast_name && *podcast_name)
		json_kv_string(&j, "podcastName", podcast_name);
	json_key(&j, "chapters");
	json_begin_array(&j);
	for (i = 0; i < e->n_chapters; i++) {
		json_begin_object(&j);
		json_key(&j, "startTime");
		json_seconds(&j, e->chapters[i].start_ms);
		json_key(&j, "endTime");
		json_seconds(&j, e->chapters[i].end_ms);
		json_kv_string(&j, "title", e->chapters[i].title);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	return json_finish(&j);
}
