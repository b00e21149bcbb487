/*
 * pinyin — opening the lexicon, the conversion driver and its two writers
 * (tokens for the manifest, SSML body for eSpeak NG's cmn-latn-pinyin voice).
 */
#include "pinyin/pinyin.h"

#include "core/paths.h"

#include "pinyin/conv.h"
#include "pinyin/lex.h"
#include "pinyin/lexfmt.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEX_NAME "tingbao.lex"

int py_open_default(const char *data_dir, struct py_lexicon **out, struct tb_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	const char *env = getenv("TINGBAO_DATA");
	const char *how;

	*out = NULL;
	if (data_dir && *data_dir) {
		snprintf(dir, sizeof(dir), "%s", data_dir);
		how = "--data";
	} else if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
		how = "TINGBAO_DATA";
	} else if (paths_exe_dir(dir, sizeof(dir)) == 0) {
		how = "the program's directory";
		snprintf(path, sizeof(path), "%s/%s", dir, LEX_NAME);
		/* installed: PREFIX/bin/tingbao, PREFIX/share/tingbao/tingbao.lex */
		if (access(path, R_OK) != 0 && paths_share_dir(dir, sizeof(dir)) == 0)
			how = "the program's share/tingbao";
	} else {
		return err_set(err, TB_E_DATA,
		               "cannot find the pronunciation lexicon: pass --data DIR or set "
		               "TINGBAO_DATA");
	}
	snprintf(path, sizeof(path), "%s/%s", dir, LEX_NAME);
	int rc = py_lex_open(path, out, err);

	if (rc && rc != TB_E_NOMEM)
		err_prefix(err, "looked in %s", how);
	return rc;
}

/* ---- UTF-8 ---- */

static unsigned utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && len >= 2 && (s[1] & 0xc0) == 0x80 && s[0] >= 0xc2) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && len >= 3 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		if (*cp >= 0x800)
			return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && len >= 4 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		if (*cp >= 0x10000 && *cp <= 0x10ffff)
			return 4;
	}
	*cp = 0xfffd;
	return 1;
}

static int utf8_put(struct buf *b, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | cp >> 18);
		out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, out, n);
}

/* ---- overrides ---- */

/* "yin2 hang2", "yin2hang2" or "yin2, hang2" → "yin2 hang2"; the syllable count
 * in *nsyl; -1 when it is not tone-numbered pinyin. */
static int normalize_reading(const char *s, size_t len, struct buf *out, size_t *nsyl)
{
	size_t cur = 0;

	*nsyl = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == ' ' || ch == ',' || ch == '\t' || ch == '\r') {
			if (cur)
				return -1; /* a syllable without a tone digit */
			continue;
		}
		if (ch == ':' && i + 1 < len && cur && out->data[out->len - 1] == 'u') {
			out->data[out->len - 1] = 'v'; /* lu:4 → lv4 */
			continue;
		}
		if (ch >= 'a' && ch <= 'z') {
			if (!cur && *nsyl && buf_addc(out, ' '))
				return -1;
			if (buf_addc(out, ch == 0 ? 'v' : ch))
				return -1;
			if (++cur > 6)
				return -1;
		} else if (ch >= '1' && ch <= '5' && cur) {
			if (buf_addc(out, ch))
				return -1;
			cur = 0;
			++*nsyl;
		} else {
			return -1;
		}
	}
	return cur || !*nsyl ? -1 : 0;
}

static int add_override_line(struct py_lexicon *lex, const char *line, size_t len, const char *path,
                             unsigned lineno, struct tb_err *err)
{
	const char *tab = memchr(line, '\t', len);
	struct buf key = BUF_INIT, py = BUF_INIT;
	size_t nchars = 0, nsyl;
	int rc = 0;

	if (!tab) {
		return err_set(err, TB_E_INPUT, "%s:%u: expected 'word<TAB>pinyin'", path, lineno);
	}
	for (size_t i = 0; i < (size_t)(tab - line);) {
		uint32_t cp;
		unsigned n =
		        utf8_next((const unsigned char *)line + i, (size_t)(tab - line) - i, &cp);

		if (cp == 0xfffd || !py_is_han(cp)) {
			rc = err_set(err, TB_E_INPUT, "%s:%u: the word must be Chinese characters",
			             path, lineno);
			goto out;
		}
		if (utf8_put(&key, py_lex_simplify(lex, cp))) {
			rc = err_set(err, TB_E_NOMEM, "out of memory");
			goto out;
		}
		nchars++;
		i += n;
	}
	const char *r = tab + 1;
	size_t rlen = len - (size_t)(r - line);
	const char *hash = memchr(r, '#', rlen);

	if (hash)
		rlen = (size_t)(hash - r);
	while (rlen && (r[rlen - 1] == ' ' || r[rlen - 1] == '\r' || r[rlen - 1] == '\t'))
		rlen--;
	if (!nchars || normalize_reading(r, rlen, &py, &nsyl) || nsyl != nchars) {
		rc = err_set(err, TB_E_INPUT,
		             "%s:%u: expected one tone-numbered syllable per character (ci2 yu3)",
		             path, lineno);
		goto out;
	}
	if (py_ovr_add(lex, key.data, key.len, py.data, py.len))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
out:
	buf_release(&key);
	buf_release(&py);
	return rc;
}

int py_add_overrides(struct py_lexicon *lex, const char *path, struct tb_err *err)
{
	FILE *f = fopen(path, "r");
	struct buf data = BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc = 0;

	if (!f)
		return err_set(err, TB_E_IO, "%s: cannot open the lexicon overrides", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&data, chunk, n)) {
			fclose(f);
			buf_release(&data);
			return err_set(err, TB_E_NOMEM, "%s: out of memory", path);
		}
	}
	if (ferror(f))
		rc = err_set(err, TB_E_IO, "%s: read error", path);
	fclose(f);
	unsigned lineno = 0;

	for (size_t i = 0; !rc && i < data.len;) {
		const char *line = data.data + i;
		const char *nl = memchr(line, '\n', data.len - i);
		size_t len = nl ? (size_t)(nl - line) : data.len - i;

		lineno++;
		i += len + 1;
		size_t k = 0;

		if (lineno == 1 && len >= 3 && !memcmp(line, "\xef\xbb\xbf", 3))
			k = 3;
		while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
			k++;
		if (k == len || line[k] == '#')
			continue;
		rc = add_override_line(lex, line + k, len - k, path, lineno, err);
	}
	buf_release(&data);
	return rc;
}

/* ---- conversion ---- */

static void conv_init(struct py_conv *c, const struct py_lexicon *lex)
{
	memset(c, 0, sizeof(*c));
	c->lex = lex;
	buf_init(&c->chars, BUF_DEFAULT_LIMIT);
	buf_init(&c->skey, BUF_DEFAULT_LIMIT);
	buf_init(&c->words, BUF_DEFAULT_LIMIT);
	buf_init(&c->dp, BUF_DEFAULT_LIMIT);
	buf_init(&c->breaks, BUF_DEFAULT_LIMIT);
}

static void conv_release(struct py_conv *c)
{
	buf_release(&c->chars);
	buf_release(&c->skey);
	buf_release(&c->words);
	buf_release(&c->dp);
	buf_release(&c->breaks);
}

/* 1 when character i, as written (or `mapped` to simplified), makes a lexicon
 * word with its neighbours (乾隆, 著名 as written; 音樂 mapped). */
static int forms_word(const struct py_conv *c, size_t i, int mapped)
{
	size_t n = PY_NCH(c);

	for (size_t a = i >= 2 ? i - 2 : 0; a <= i; a++) {
		for (size_t b = i + 1; b <= i + 3 && b <= n; b++) {
			char key[32];
			size_t kl = 0;
			int ok = b - a >= 2;
			struct py_word w;

			for (size_t k = a; k < b && ok; k++) {
				const struct py_char *ch = PY_CH(c, k);
				/* neighbours: simplified unless still undecided */
				uint32_t cp;

				if (k == i && mapped)
					cp = ch->scp & ~LEXFMT_T2S_AMBIGUOUS;
				else if (k == i || (ch->scp & LEXFMT_T2S_AMBIGUOUS))
					cp = ch->cp;
				else
					cp = ch->scp;
				char tmp[4];
				size_t tl = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

				ok = ch->han && kl + tl <= sizeof(key);
				if (!ok)
					break;
				if (tl == 2) {
					tmp[0] = (char)(0xc0 | cp >> 6);
					tmp[1] = (char)(0x80 | (cp & 0x3f));
				} else if (tl == 3) {
					tmp[0] = (char)(0xe0 | cp >> 12);
					tmp[1] = (char)(0x80 | (cp >> 6 & 0x3f));
					tmp[2] = (char)(0x80 | (cp & 0x3f));
				} else {
					tmp[0] = (char)(0xf0 | cp >> 18);
					tmp[1] = (char)(0x80 | (cp >> 12 & 0x3f));
					tmp[2] = (char)(0x80 | (cp >> 6 & 0x3f));
					tmp[3] = (char)(0x80 | (cp & 0x3f));
				}
				memcpy(key + kl, tmp, tl);
				kl += tl;
			}
			if (ok && py_lex_find(c->lex, key, kl, &w) && (w.flags & LEXFMT_WORD))
				return 1;
		}
	}
	return 0;
}

/* Characters that are traditional in one text and simplified in another (乾, 吒,
 * 樂) keep their form when it makes a word (哪吒, 乾隆); else they are mapped
 * when the text has other traditional characters or the mapped form makes a
 * word (音樂). */
static int conv_run(struct py_conv *c, const char *text, size_t len, int phrases,
                    struct tb_err *err)
{
	int traditional = 0;

	if (len > UINT32_MAX / 2)
		return err_set(err, TB_E_LIMIT, "text too long for the pinyin converter");
	c->text = text;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		unsigned n = utf8_next((const unsigned char *)text + i, len - i, &cp);
		struct py_char *ch = VEC_PUSH(&c->chars, struct py_char);
		int ambiguous = 0;

		if (!ch)
			return err_set(err, TB_E_NOMEM, "out of memory");
		ch->cp = cp;
		ch->off = (uint32_t)i;
		ch->len = (uint8_t)n;
		ch->han = (uint8_t)py_is_han(cp);
		ch->scp = ch->han ? py_lex_simplify_ex(c->lex, cp, &ambiguous) : cp;
		if (ambiguous)
			ch->scp |= LEXFMT_T2S_AMBIGUOUS; /* decided below */
		else if (ch->scp != cp)
			traditional = 1;
		i += n;
	}
	for (size_t i = 0; i < PY_NCH(c); i++) {
		struct py_char *ch = PY_CH(c, i);

		if (ch->scp & LEXFMT_T2S_AMBIGUOUS) {
			int map = !forms_word(c, i, 0) && (traditional || forms_word(c, i, 1));

			ch->scp = map ? ch->scp & ~LEXFMT_T2S_AMBIGUOUS : ch->cp;
		}
		ch->soff = (uint32_t)c->skey.len;
		if (utf8_put(&c->skey, ch->scp))
			return err_set(err, TB_E_NOMEM, "out of memory");
	}
	if (py_segment(c))
		return err_set(err, TB_E_NOMEM, "out of memory");
	py_apply_rules(c);
	if (phrases && py_phrase(c))
		return err_set(err, TB_E_NOMEM, "out of memory");
	return 0;
}

int py_has_word(const struct py_lexicon *lex, const char *s, size_t len)
{
	struct py_conv c;
	struct py_word w;
	int found = 0;

	if (!lex || !len)
		return 0;
	conv_init(&c, lex);
	/* the same keys as a conversion would use; segmentation is not needed */
	for (int pass = 0, traditional = 0; pass < 2; pass++) {
		buf_reset(&c.skey);
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			unsigned n = utf8_next((const unsigned char *)s + i, len - i, &cp);
			int ambiguous = 0;
			uint32_t to = py_is_han(cp) ? py_lex_simplify_ex(lex, cp, &ambiguous) : cp;

			traditional |= to != cp && !ambiguous;
			if (utf8_put(&c.skey, !ambiguous || traditional ? to : cp))
				goto done;
			i += n;
		}
	}
	const struct py_ovr *o = py_ovr_find(lex, c.skey.data, c.skey.len);

	if (o && (o->flags & LEXFMT_WORD))
		found = 1;
	else if (py_lex_find(lex, c.skey.data, c.skey.len, &w) && (w.flags & LEXFMT_WORD))
		found = 1;
done:
	conv_release(&c);
	return found;
}

/* ---- tokens ---- */

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0xa0;
}

static int is_wordish(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= 0xc0 && cp < 0x2000 && cp != 0xd7 && cp != 0xf7) ||
	       (cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) ||
	       (cp >= 0xff41 && cp <= 0xff5a);
}

/* "3.5", "1,200", "12:30" and "60%" stay one token. */
static int joins_number(const struct py_conv *c, size_t j)
{
	uint32_t cp = PY_CH(c, j)->cp;
	int after_digit = j > 0 && PY_CH(c, j - 1)->cp >= '0' && PY_CH(c, j - 1)->cp <= '9';
	int before_digit =
	        j + 1 < PY_NCH(c) && PY_CH(c, j + 1)->cp >= '0' && PY_CH(c, j + 1)->cp <= '9';

	if (cp == '%' || cp == 0xff05)
		return after_digit;
	return (cp == '.' || cp == ',' || cp == ':') && after_digit && before_digit;
}

static const char why_code[] = "-wocuk"
                               "ybnesxdm";

/* Whether a phrase break comes before character i; *next walks c->breaks along. */
static int break_before(const struct py_conv *c, size_t i, size_t *next)
{
	size_t n = VEC_LEN(&c->breaks, struct py_break);

	while (*next < n && VEC_AT(&c->breaks, struct py_break, *next).at < i)
		++*next;
	return *next < n && VEC_AT(&c->breaks, struct py_break, *next).at == i;
}

static int write_tokens(const struct py_conv *c, struct buf *out, unsigned flags)
{
	size_t n = PY_NCH(c), next_break = 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc;) {
		const struct py_char *ch = PY_CH(c, i);

		if (is_space(ch->cp)) {
			i++;
			continue;
		}
		if (out->len && out->data[out->len - 1] != ' ')
			rc = buf_addc(out, ' ');
		if (!rc && break_before(c, i, &next_break))
			rc = buf_adds(out, "| ");
		if (ch->han) {
			rc = rc           ? rc
			     : ch->syl[0] ? buf_adds(out, ch->syl)
			                  : buf_add(out, c->text + ch->off, ch->len);
			if (!rc && (flags & PY_TOKENS_WHY) && ch->why < sizeof(why_code) - 1)
				rc = buf_addf(out, "/%c%s", why_code[ch->why],
				              PY_WD(c, ch->word)->b - PY_WD(c, ch->word)->a == 1
				                      ? "1"
				                      : "");
			i++;
		} else if (is_wordish(ch->cp)) {
			size_t j = i;

			while (j < n && !PY_CH(c, j)->han &&
			       (is_wordish(PY_CH(c, j)->cp) || joins_number(c, j)))
				j++;
			const struct py_char *last = PY_CH(c, j - 1);

			rc = rc ? rc
			        : buf_add(out, c->text + ch->off, last->off + last->len - ch->off);
			i = j;
		} else {
			rc = rc ? rc : buf_add(out, c->text + ch->off, ch->len);
			i++;
		}
	}
	return rc;
}

/* ---- speech (SSML body for eSpeak NG) ---- */

struct speech {
	struct buf *out;
	int cmn_open;  /* inside <voice xml:lang="cmn-latn-pinyin"> */
	int after_en;  /* an English part was written: Chinese must be re-opened */
	struct buf en; /* English words waiting to be written */
	int rc;
};

static void sp_sep(struct speech *s)
{
	if (!s->rc && s->out->len && s->out->data[s->out->len - 1] != ' ' &&
	    s->out->data[s->out->len - 1] != '>')
		s->rc = buf_addc(s->out, ' ');
}

static void sp_flush_en(struct speech *s)
{
	if (!s->en.len || s->rc)
		return;
	if (s->cmn_open) {
		s->rc = buf_adds(s->out, "</voice>");
		s->cmn_open = 0;
	}
	sp_sep(s);
	if (!s->rc)
		s->rc = buf_addf(s->out, "<voice xml:lang=\"en\">%s</voice>", buf_cstr(&s->en));
	buf_reset(&s->en);
	s->after_en = 1;
}

/* Before any Chinese text: the voice does not return from English by itself. */
static void sp_cmn(struct speech *s)
{
	sp_flush_en(s);
	if (s->after_en && !s->cmn_open && !s->rc) {
		s->rc = buf_adds(s->out, "<voice xml:lang=\"cmn-latn-pinyin\">");
		s->cmn_open = 1;
	}
}

static void sp_add(struct speech *s, const char *str)
{
	sp_cmn(s);
	if (!s->rc)
		s->rc = buf_adds(s->out, str);
}

static void sp_en_word(struct speech *s, const struct py_conv *c, size_t a, size_t b)
{
	int upper = 1;

	for (size_t i = a; i < b; i++) {
		uint32_t cp = PY_CH(c, i)->cp;

		if (!(cp >= 'A' && cp <= 'Z'))
			upper = 0;
	}
	if (s->en.len && !s->rc)
		s->rc = buf_addc(&s->en, ' ');
	for (size_t i = a; i < b && !s->rc; i++) {
		const struct py_char *ch = PY_CH(c, i);

		/* acronyms: letter names, as a Chinese newsreader says "G D P" */
		if (upper && i > a)
			s->rc = buf_addc(&s->en, ' ');
		if (!s->rc)
			s->rc = buf_add(&s->en, c->text + ch->off, ch->len);
	}
}

static const char *const digit_syl[] = {"ling2", "yi1",  "er4", "san1", "si4",
                                        "wu3",   "liu4", "qi1", "ba1",  "jiu3"};

/* Digits that escaped normalization are read in Chinese: the integer part by
 * the voice (as a cardinal), the decimals one by one. */
static int is_digit_at(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) && PY_CH(c, i)->cp >= '0' && PY_CH(c, i)->cp <= '9';
}

static size_t sp_number(struct speech *s, const struct py_conv *c, size_t i)
{
	size_t n = PY_NCH(c), j = i, frac = 0, end;

	while (is_digit_at(c, j))
		j++;
	end = j;
	if (j + 1 < n && PY_CH(c, j)->cp == '.' && is_digit_at(c, j + 1)) {
		frac = j + 1;
		for (end = frac; is_digit_at(c, end); end++)
			;
	}
	int percent = end < n && (PY_CH(c, end)->cp == '%' || PY_CH(c, end)->cp == 0xff05);

	sp_cmn(s);
	sp_sep(s);
	if (percent)
		sp_add(s, "bai3fen1zhi1 ");
	for (size_t k = i; k < j && !s->rc; k++)
		s->rc = buf_addc(s->out, (char)PY_CH(c, k)->cp);
	if (frac) {
		sp_add(s, " dian3");
		for (size_t k = frac; k < end; k++) {
			sp_add(s, " ");
			sp_add(s, digit_syl[PY_CH(c, k)->cp - '0']);
		}
	}
	sp_add(s, " ");
	return percent ? end + 1 : end;
}

const char *py_pause_mark(uint32_t cp)
{
	switch (cp) {
	case 0xff0c:
	case 0x3001:
	case ',':
		return ",";
	case 0x3002:
	case 0xff0e:
	case '.':
		return ".";
	case 0xff01:
	case '!':
		return "!";
	case 0xff1f:
	case '?':
		return "?";
	case 0xff1b:
	case ';':
		return ";";
	case 0xff1a:
	case ':':
		return ":";
	case 0x2026:
		return "...";
	case 0x2014: /* a dash ("——") sets off a phrase: a short pause */
		return ",";
	default:
		return NULL;
	}
}

static void sp_word(struct speech *s, const struct py_conv *c, const struct py_wordspan *wd)
{
	sp_cmn(s);
	sp_sep(s);
	for (uint32_t i = wd->a; i < wd->b && !s->rc; i++) {
		const struct py_char *ch = PY_CH(c, i);

		if (!ch->syl[0])
			continue;
		if (!strcmp(ch->syl, "r5") && i > wd->a)
			s->rc = buf_addc(s->out, 'r');
		else
			s->rc = buf_adds(s->out, ch->syl);
	}
}

static void sp_trim(struct speech *s)
{
	while (s->out->len && s->out->data[s->out->len - 1] == ' ')
		buf_truncate(s->out, s->out->len - 1);
}

/* A phrase break: what came before is one utterance, what follows another, each
 * complete in itself (the next starts in the Chinese voice). */
static void sp_break(struct speech *s)
{
	sp_flush_en(s);
	if (s->cmn_open && !s->rc)
		s->rc = buf_adds(s->out, "</voice>");
	s->cmn_open = s->after_en = 0;
	sp_trim(s);
	if (!s->rc && s->out->len)
		s->rc = buf_adds(s->out, " | ");
}

static int write_speech(const struct py_conv *c, struct buf *out)
{
	struct speech s = {out, 0, 0, BUF_INIT, 0};
	size_t n = PY_NCH(c), next_break = 0;

	for (size_t i = 0; i < n && !s.rc;) {
		const struct py_char *ch = PY_CH(c, i);
		const char *p;

		if (break_before(c, i, &next_break))
			sp_break(&s);
		if (ch->han) {
			const struct py_wordspan *wd = PY_WD(c, ch->word);

			sp_word(&s, c, wd);
			i = wd->b;
		} else if (ch->cp >= '0' && ch->cp <= '9') {
			i = sp_number(&s, c, i);
		} else if ((ch->cp >= 'A' && ch->cp <= 'Z') || (ch->cp >= 'a' && ch->cp <= 'z')) {
			size_t j = i;

			while (j < n && ((PY_CH(c, j)->cp >= 'A' && PY_CH(c, j)->cp <= 'Z') ||
			                 (PY_CH(c, j)->cp >= 'a' && PY_CH(c, j)->cp <= 'z') ||
			                 (PY_CH(c, j)->cp == '\'' && j > i)))
				j++;
			sp_en_word(&s, c, i, j);
			i = j;
		} else if (is_space(ch->cp)) {
			if (!s.en.len)
				sp_sep(&s);
			i++;
		} else if ((p = py_pause_mark(ch->cp))) {
			/* one mark for a run of the same one ("——", "……") */
			size_t j = i + 1;

			while (j < n && PY_CH(c, j)->cp == ch->cp)
				j++;
			sp_add(&s, p);
			sp_add(&s, " ");
			i = j;
		} else if (ch->cp == '+') {
			sp_add(&s, " jia1 ");
			i++;
		} else if (ch->cp == '&' || ch->cp == '<' || ch->cp == '>' || ch->cp < 0x80 ||
		           ch->cp == 0xfffd || ch->cp >= 0x1f000 ||
		           (ch->cp >= 0x2000 && ch->cp < 0x3040) ||
		           (ch->cp >= 0xfe30 && ch->cp < 0xff70)) {
			/* quotes, brackets, dashes, symbols: a word break, not speech */
			sp_flush_en(&s);
			sp_sep(&s);
			i++;
		} else {
			sp_cmn(&s);
			if (!s.rc)
				s.rc = buf_add(out, c->text + ch->off, ch->len);
			i++;
		}
	}
	sp_flush_en(&s);
	if (s.cmn_open && !s.rc)
		s.rc = buf_adds(out, "</voice>");
	if (!s.rc)
		sp_trim(&s);
	buf_release(&s.en);
	return s.rc;
}

int py_convert(const struct py_lexicon *lex, const char *text, size_t len, struct buf *tokens,
               struct buf *speech, struct tb_err *err)
{
	return py_convert_ex(lex, text, len, tokens, speech, 0, err);
}

int py_convert_ex(const struct py_lexicon *lex, const char *text, size_t len, struct buf *tokens,
                  struct buf *speech, unsigned flags, struct tb_err *err)
{
	struct py_conv c;
	int rc;

	if (!lex)
		return err_set(err, TB_E_DATA, "no pronunciation lexicon");
	conv_init(&c, lex);
	rc = conv_run(&c, text, len, !(flags & PY_NO_PHRASES), err);
	if (!rc && tokens && write_tokens(&c, tokens, flags))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	if (!rc && speech && write_speech(&c, speech))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	conv_release(&c);
	return rc;
}

/* ---- explain ---- */

static const char *why_name(uint8_t why)
{
	switch (why) {
	case PY_WHY_WORD:
		return "lexicon word";
	case PY_WHY_OVERRIDE:
		return "override";
	case PY_WHY_CHAR:
		return "character default";
	case PY_WHY_UNIHAN:
		return "character default (Unihan)";
	case PY_WHY_UNKNOWN:
		return "unknown character";
	case PY_WHY_RULE_YI:
		return "rule: yi sandhi";
	case PY_WHY_RULE_BU:
		return "rule: bu sandhi";
	case PY_WHY_RULE_NEUTRAL:
		return "rule: neutral tone";
	case PY_WHY_RULE_ERHUA:
		return "rule: erhua";
	case PY_WHY_RULE_SURNAME:
		return "rule: surname reading";
	case PY_WHY_RULE_CONTEXT:
		return "rule: context";
	case PY_WHY_WORD_CEDICT:
		return "lexicon word (CC-CEDICT)";
	case PY_WHY_CHAR_NAMES:
		return "character default (rare; its reading in names)";
	default:
		return "";
	}
}

/* The span [*a, *b) of the word (or run of other text) holding character i. */
static void word_around(const struct py_conv *c, size_t i, size_t *a, size_t *b)
{
	if (PY_CH(c, i)->han) {
		*a = PY_WD(c, PY_CH(c, i)->word)->a;
		*b = PY_WD(c, PY_CH(c, i)->word)->b;
		return;
	}
	for (*a = i; *a > 0 && !PY_CH(c, *a - 1)->han && is_wordish(PY_CH(c, *a - 1)->cp); --*a)
		;
	for (*b = i + 1; *b < PY_NCH(c) && !PY_CH(c, *b)->han && is_wordish(PY_CH(c, *b)->cp); ++*b)
		;
}

/* "phrase breaks:" and for each the words either side, the phrase lengths and why. */
static int explain_breaks(const struct py_conv *c, struct buf *out)
{
	size_t n = VEC_LEN(&c->breaks, struct py_break);
	int rc = buf_addf(out, "phrase breaks:%s\n", n ? "" : " none");

	for (size_t k = 0; k < n && !rc; k++) {
		const struct py_break *br = &VEC_AT(&c->breaks, struct py_break, k);
		size_t la, lb, ra, rb, last = br->at - 1, first = br->at;

		while (last > 0 && !PY_CH(c, last)->han && !is_wordish(PY_CH(c, last)->cp))
			last--;
		while (first + 1 < PY_NCH(c) && !PY_CH(c, first)->han &&
		       !is_wordish(PY_CH(c, first)->cp))
			first++;
		word_around(c, last, &la, &lb);
		word_around(c, first, &ra, &rb);
		rc = buf_addf(
		        out, "  %.*s | %.*s  (%u + %u of %u syllables): %s\n",
		        (int)(PY_CH(c, lb - 1)->off + PY_CH(c, lb - 1)->len - PY_CH(c, la)->off),
		        c->text + PY_CH(c, la)->off,
		        (int)(PY_CH(c, rb - 1)->off + PY_CH(c, rb - 1)->len - PY_CH(c, ra)->off),
		        c->text + PY_CH(c, ra)->off, (unsigned)br->before, (unsigned)br->after,
		        (unsigned)br->stretch, py_break_reason(br->why));
	}
	return rc;
}

int py_explain(const struct py_lexicon *lex, const char *text, size_t len, struct buf *out,
               struct tb_err *err)
{
	struct py_conv c;
	int rc;

	conv_init(&c, lex);
	rc = conv_run(&c, text, len, 1, err);
	if (rc)
		goto done;
	rc = buf_adds(out, "segmentation:");
	for (size_t w = 0; w < PY_NWD(&c) && !rc; w++) {
		const struct py_wordspan *wd = PY_WD(&c, w);
		const struct py_char *a = PY_CH(&c, wd->a), *z = PY_CH(&c, wd->b - 1);

		rc = buf_addf(out, " %.*s", (int)(z->off + z->len - a->off), text + a->off);
		if (!rc && w + 1 < PY_NWD(&c))
			rc = buf_adds(out, " |");
	}
	rc = rc ? rc : buf_addc(out, '\n');
	for (size_t w = 0; w < PY_NWD(&c) && !rc; w++) {
		const struct py_wordspan *wd = PY_WD(&c, w);
		const struct py_char *a = PY_CH(&c, wd->a), *z = PY_CH(&c, wd->b - 1);
		const char *src = wd->src == PY_SRC_OVR   ? "override"
		                  : wd->src == PY_SRC_LEX ? "lexicon"
		                                          : "unknown";

		rc = buf_addf(out, "word %.*s (%s, cost %.1f)\n", (int)(z->off + z->len - a->off),
		              text + a->off, src, (double)wd->cost);
		for (uint32_t i = wd->a; i < wd->b && !rc; i++) {
			const struct py_char *ch = PY_CH(&c, i);
			struct py_word pw;
			char key[8];
			size_t kl = 0;

			rc = buf_addf(out, "  %.*s  %-7s %s", (int)ch->len, text + ch->off,
			              ch->syl[0] ? ch->syl : "?", why_name(ch->why));
			if (ch->scp != ch->cp)
				rc = rc ? rc : buf_adds(out, " (traditional)");
			kl = (size_t)((i + 1 < PY_NCH(&c) ? PY_CH(&c, i + 1)->soff : c.skey.len) -
			              ch->soff);
			if (!rc && kl < sizeof(key)) {
				memcpy(key, c.skey.data + ch->soff, kl);
				if (py_lex_find(lex, key, kl, &pw) && pw.alt_len &&
				    memchr(pw.alt, ' ', pw.alt_len))
					rc = buf_addf(out, "  [readings: %.*s]", (int)pw.alt_len,
					              pw.alt);
			}
			rc = rc ? rc : buf_addc(out, '\n');
		}
	}
	if (!rc)
		rc = explain_breaks(&c, out);
	if (rc)
		rc = err_set(err, TB_E_NOMEM, "out of memory");
done:
	conv_release(&c);
	return rc;
}

/* ---- default overrides ---- */

int py_add_default_overrides(struct py_lexicon *lex, const char *data_dir, struct tb_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	const char *env = getenv("TINGBAO_DATA");
	const char *const rel[] = {"voices/cmn/lexicon.tsv", "../voices/cmn/lexicon.tsv"};

	if (data_dir && *data_dir) {
		snprintf(path, sizeof(path), "%s/voices/cmn/lexicon.tsv", data_dir);
		if (access(path, R_OK) == 0)
			return py_add_overrides(lex, path, err);
	}
	if (env && *env) {
		snprintf(path, sizeof(path), "%s/voices/cmn/lexicon.tsv", env);
		if (access(path, R_OK) == 0)
			return py_add_overrides(lex, path, err);
	}
	if (paths_exe_dir(dir, sizeof(dir)) == 0) {
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, rel[i]);
			if (access(path, R_OK) == 0)
				return py_add_overrides(lex, path, err);
		}
	}
	if (paths_share_dir(dir, sizeof(dir)) == 0) {
		snprintf(path, sizeof(path), "%s/%s", dir, rel[0]);
		if (access(path, R_OK) == 0)
			return py_add_overrides(lex, path, err);
	}
	return 0;
}
