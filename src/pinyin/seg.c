/* Max-probability word segmentation over the lexicon and the user's overrides. */
#include "pinyin/conv.h"
#include "pinyin/lexfmt.h"

#include <string.h>

/* Cost of a character no entry knows; any lexicon path beats it. */
#define COST_UNKNOWN 40.0f
/* Override words win over every lexicon path that would split them. */
#define COST_OVERRIDE_BONUS 1000.0f

struct dp_cell {
	float cost;
	uint32_t from;
	uint8_t src;
	float wcost;
};

int py_is_han(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f) || cp == 0x3007;
}

int py_span_is(const struct py_conv *c, size_t a, size_t b, const char *s)
{
	size_t from = PY_CH(c, a)->soff;
	size_t to = b < PY_NCH(c) ? PY_CH(c, b)->soff : c->skey.len;

	return strlen(s) == to - from && !memcmp(c->skey.data + from, s, to - from);
}

int py_char_is_one_of(const struct py_conv *c, size_t i, const char *set)
{
	size_t a = PY_CH(c, i)->soff, b = i + 1 < PY_NCH(c) ? PY_CH(c, i + 1)->soff : c->skey.len;
	const char *k = c->skey.data + a;

	for (; b - a == 3 && *set; set += 3)
		if (set[0] == k[0] && set[1] == k[1] && set[2] == k[2])
			return 1;
	return 0;
}

static size_t soff_at(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) ? PY_CH(c, i)->soff : c->skey.len;
}

int py_nth_syllable(const char *py, size_t len, size_t k, char *out)
{
	size_t i = 0;

	while (k--) {
		while (i < len && py[i] != ' ')
			i++;
		if (i >= len)
			return 0;
		i++;
	}
	size_t j = i;

	while (j < len && py[j] != ' ')
		j++;
	if (j == i || j - i > 7)
		return 0;
	/* a damaged lexicon must not put anything but pinyin in the output */
	for (size_t q = i; q + 1 < j; q++)
		if (py[q] < 'a' || py[q] > 'z')
			return 0;
	if (py[j - 1] < '1' || py[j - 1] > '5')
		return 0;
	memcpy(out, py + i, j - i);
	out[j - i] = '\0';
	return 1;
}

static void set_char_default(struct py_conv *c, size_t i)
{
	struct py_char *ch = PY_CH(c, i);
	struct py_word w;
	size_t a = ch->soff, b = soff_at(c, i + 1);
	const struct py_ovr *o = py_ovr_find(c->lex, c->skey.data + a, b - a);

	if (o && (o->flags & LEXFMT_WORD) && o->py_len < sizeof(ch->syl)) {
		memcpy(ch->syl, py_ovr_str(c->lex, o->py_off), o->py_len);
		ch->syl[o->py_len] = '\0';
		ch->why = PY_WHY_OVERRIDE;
		return;
	}
	if (py_lex_find(c->lex, c->skey.data + a, b - a, &w) && (w.flags & LEXFMT_WORD) &&
	    py_nth_syllable(w.py, w.py_len, 0, ch->syl)) {
		ch->why = (w.flags & LEXFMT_UNIHAN)  ? PY_WHY_UNIHAN
		          : (w.flags & LEXFMT_NAMES) ? PY_WHY_CHAR_NAMES
		                                     : PY_WHY_CHAR;
	} else {
		ch->syl[0] = '\0';
		ch->why = PY_WHY_UNKNOWN;
	}
}

static void set_word_readings(struct py_conv *c, const struct py_wordspan *wd, uint32_t widx)
{
	const char *key = c->skey.data + soff_at(c, wd->a);
	size_t klen = soff_at(c, wd->b) - soff_at(c, wd->a);
	const char *py = NULL;
	size_t plen = 0;
	uint8_t why = PY_WHY_WORD;
	struct py_word w;

	for (uint32_t i = wd->a; i < wd->b; i++)
		PY_CH(c, i)->word = widx;
	if (wd->src == PY_SRC_OVR) {
		const struct py_ovr *o = py_ovr_find(c->lex, key, klen);

		if (o && (o->flags & LEXFMT_WORD)) {
			py = py_ovr_str(c->lex, o->py_off);
			plen = o->py_len;
			why = PY_WHY_OVERRIDE;
		}
	} else if (wd->src == PY_SRC_LEX && wd->b - wd->a > 1) {
		if (py_lex_find(c->lex, key, klen, &w) && (w.flags & LEXFMT_WORD)) {
			py = w.py;
			plen = w.py_len;
			if (w.flags & LEXFMT_CEDICT)
				why = PY_WHY_WORD_CEDICT;
		}
	}
	for (uint32_t i = wd->a; i < wd->b; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (py && py_nth_syllable(py, plen, i - wd->a, ch->syl))
			ch->why = why;
		else
			set_char_default(c, i);
	}
}

static int segment_run(struct py_conv *c, size_t a, size_t b)
{
	size_t n = b - a;
	struct dp_cell *dp;

	buf_reset(&c->dp);
	if (!buf_addzero(&c->dp, (n + 1) * sizeof(*dp)))
		return TB_E_NOMEM;
	dp = (struct dp_cell *)(void *)c->dp.data;
	for (size_t i = 1; i <= n; i++)
		dp[i].cost = 3.0e38f;
	for (size_t i = 0; i < n; i++) {
		size_t start = soff_at(c, a + i);
		int any = 0;

		for (size_t j = i + 1; j <= n; j++) {
			const char *key = c->skey.data + start;
			size_t klen = soff_at(c, a + j) - start;
			struct py_word w;
			int in_lex = py_lex_find(c->lex, key, klen, &w);
			const struct py_ovr *o = py_ovr_find(c->lex, key, klen);

			if (!in_lex && !o)
				break;
			/* a one-character override sets that character's reading where it
			 * stands alone; it does not split the words containing it */
			if (o && (o->flags & LEXFMT_WORD) && j - i >= 2) {
				float cost = dp[i].cost - COST_OVERRIDE_BONUS * (float)(j - i);

				if (cost < dp[j].cost) {
					dp[j] = (struct dp_cell){cost, (uint32_t)i, PY_SRC_OVR, 0};
				}
				any |= j == i + 1;
			}
			if (in_lex && (w.flags & LEXFMT_WORD)) {
				float cost = dp[i].cost + w.cost;

				if (cost < dp[j].cost)
					dp[j] = (struct dp_cell){cost, (uint32_t)i, PY_SRC_LEX,
					                         w.cost};
				any |= j == i + 1;
			}
			if (!((in_lex && (w.flags & LEXFMT_PREFIX)) ||
			      (o && (o->flags & LEXFMT_PREFIX))))
				break;
		}
		if (!any) {
			float cost = dp[i].cost + COST_UNKNOWN;

			if (cost < dp[i + 1].cost)
				dp[i + 1] = (struct dp_cell){cost, (uint32_t)i, PY_SRC_UNKNOWN,
				                             COST_UNKNOWN};
		}
	}
	/* backtrack, then emit words left to right */
	size_t first = PY_NWD(c), count = 0;

	for (size_t j = n; j > 0; j = dp[j].from)
		count++;
	if (!buf_addzero(&c->words, count * sizeof(struct py_wordspan)))
		return TB_E_NOMEM;
	dp = (struct dp_cell *)(void *)c->dp.data;
	size_t k = first + count;

	for (size_t j = n; j > 0; j = dp[j].from) {
		struct py_wordspan *wd = PY_WD(c, --k);

		wd->a = (uint32_t)(a + dp[j].from);
		wd->b = (uint32_t)(a + j);
		wd->src = dp[j].src;
		wd->cost = dp[j].wcost;
	}
	for (size_t w = first; w < first + count; w++)
		set_word_readings(c, PY_WD(c, w), (uint32_t)w);
	return 0;
}

int py_segment(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n;) {
		if (!PY_CH(c, i)->han) {
			i++;
			continue;
		}
		size_t j = i;

		while (j < n && PY_CH(c, j)->han)
			j++;
		int rc = segment_run(c, i, j);

		if (rc)
			return rc;
		i = j;
	}
	return 0;
}
