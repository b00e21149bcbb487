#include "text/tn_scan.h"

#include "text/tn_lex.h"
#include "text/tn_num.h"

#include <string.h>

size_t tn_at(const struct tn *t, size_t i, const char *lit)
{
	size_t l = strlen(lit);

	if (i > t->n || t->n - i < l || l == 0)
		return 0;
	return memcmp(t->s + i, lit, l) == 0 ? l : 0;
}

size_t tn_at_any(const struct tn *t, size_t i, const char *const *list)
{
	size_t l;

	for (; *list; list++)
		if ((l = tn_at(t, i, *list)) != 0)
			return l;
	return 0;
}

int tn_ends_with_any(const struct tn *t, size_t i, const char *const *list)
{
	for (; *list; list++) {
		size_t l = strlen(*list);

		if (l <= i && i <= t->n && memcmp(t->s + i - l, *list, l) == 0)
			return 1;
	}
	return 0;
}

static int find_in(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit), i;

	if (l == 0 || l > n)
		return 0;
	for (i = 0; i + l <= n; i++)
		if (s[i] == lit[0] && memcmp(s + i, lit, l) == 0)
			return 1;
	return 0;
}

int tn_kw_before(const struct tn *t, size_t i, size_t window, const char *const *list)
{
	size_t from = i > window ? i - window : 0;

	if (i > t->n)
		i = t->n;
	for (; *list; list++)
		if (find_in(t->s + from, i - from, *list))
			return 1;
	return 0;
}

int tn_kw_after(const struct tn *t, size_t i, size_t window, const char *const *list)
{
	size_t to;

	if (i >= t->n)
		return 0;
	to = t->n - i > window ? i + window : t->n;
	for (; *list; list++)
		if (find_in(t->s + i, to - i, *list))
			return 1;
	return 0;
}

int tn_digit(const struct tn *t, size_t i)
{
	return i < t->n && t->s[i] >= '0' && t->s[i] <= '9';
}

int tn_alpha(const struct tn *t, size_t i)
{
	char c = i < t->n ? t->s[i] : 0;

	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t tn_cp_len(const struct tn *t, size_t i)
{
	unsigned char c;
	size_t l, k;

	if (i >= t->n)
		return 0;
	c = (unsigned char)t->s[i];
	l = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF8 ? 4 : 1;
	if (l > t->n - i)
		return 1;
	for (k = 1; k < l; k++)
		if (((unsigned char)t->s[i + k] & 0xC0) != 0x80)
			return 1;
	return l;
}

size_t tn_cp_prev(const struct tn *t, size_t i)
{
	size_t k = 0;

	if (i == 0 || i > t->n)
		return i > t->n ? t->n : 0;
	do {
		i--;
		k++;
	} while (i > 0 && k < 4 && ((unsigned char)t->s[i] & 0xC0) == 0x80);
	return i;
}

int tn_cjk(const struct tn *t, size_t i)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	unsigned cp;

	if (tn_cp_len(t, i) != 3)
		return 0;
	cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

void tn_putn(struct tn *t, const char *s, size_t n)
{
	if (!t->err && n)
		t->err = buf_add(t->out, s, n);
}

void tn_put(struct tn *t, const char *s)
{
	tn_putn(t, s, strlen(s));
}

void tn_note(struct tn *t, size_t at, size_t len, const char *what)
{
	int rc;

	if (!t->notes || t->err)
		return;
	if (at > t->n)
		at = t->n;
	if (len > t->n - at)
		len = t->n - at;
	if (len > 60)
		len = 60;
	/* never cut a UTF-8 sequence in the note */
	while (len > 0 && at + len < t->n && ((unsigned char)t->s[at + len] & 0xC0) == 0x80)
		len--;
	rc = buf_addf(t->notes, "tn: %s at byte %zu: \"%.*s\"\n", what, at, (int)len, t->s + at);
	if (rc)
		t->err = rc;
}

size_t tn_skip_spaces(const struct tn *t, size_t i)
{
	while (i < t->n && t->s[i] == ' ')
		i++;
	return i;
}

long tn_part_value(const struct part *p)
{
	return tn_digits_value(p->d, p->nd);
}

void tn_put_cardinal(struct tn *t, const struct part *p, unsigned flags)
{
	if (!t->err)
		t->err = tn_say_cardinal(t->out, p->d, p->nd, flags);
}

void tn_put_value(struct tn *t, long v, unsigned flags)
{
	char d[24];
	size_t n = 0;
	char tmp[24];

	if (v < 0)
		v = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp));
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[n - 1 - i];
	if (!t->err)
		t->err = tn_say_cardinal(t->out, d, n, flags);
}

void tn_put_digits(struct tn *t, const struct part *p, int yao)
{
	if (!t->err)
		t->err = tn_say_digits(t->out, p->d, p->nd, yao);
}

/* A run of ASCII digits, with thousands separators when they are well formed
 * (1,234,567). Returns the offset after it. */
static int thousands_group_at(const struct tn *t, size_t i)
{
	return i < t->n && t->s[i] == ',' && tn_digit(t, i + 1) && tn_digit(t, i + 2) &&
	       tn_digit(t, i + 3) && !tn_digit(t, i + 4);
}

size_t tn_parse_part(const struct tn *t, size_t i, struct part *p)
{
	p->pos = i;
	p->nd = 0;
	p->lead0 = tn_digit(t, i) && t->s[i] == '0' && tn_digit(t, i + 1);
	/* at most TN_MAXD digits: the rest of a longer run is read as the next figure */
	while (tn_digit(t, i) && p->nd < TN_MAXD)
		p->d[p->nd++] = t->s[i++];
	if (p->nd >= 1 && p->nd <= 3 && !p->lead0 && !tn_digit(t, i)) {
		while (p->nd + 3 <= TN_MAXD && thousands_group_at(t, i)) {
			memcpy(p->d + p->nd, t->s + i + 1, 3);
			p->nd += 3;
			i += 4;
		}
	}
	p->d[p->nd] = 0;
	p->end = i;
	return i;
}

/* The separator at i that may join parts of one figure, with its length. */
static char sep_at(const struct tn *t, size_t i, size_t *len)
{
	size_t l;

	if (i >= t->n)
		return 0;
	*len = 1;
	switch (t->s[i]) {
	case '.':
		return '.';
	case ':':
		return ':';
	case '/':
		return '/';
	case ' ':
		/* "1 / 2" */
		if (i + 2 < t->n && t->s[i + 1] == '/' && t->s[i + 2] == ' ') {
			*len = 3;
			return '/';
		}
		return 0;
	default:
		break;
	}
	if ((l = tn_at(t, i, "：")) != 0 || (l = tn_at(t, i, "∶")) != 0) {
		*len = l;
		return ':';
	}
	if ((l = tn_at(t, i, "·")) != 0 || (l = tn_at(t, i, "・")) != 0 ||
	    (l = tn_at(t, i, "•")) != 0) {
		*len = l;
		return 'm';
	}
	return 0;
}

size_t tn_parse_tok(const struct tn *t, size_t i, struct tok *k)
{
	size_t l;
	char c;

	k->start = i;
	k->np = 1;
	k->sep = 0;
	i = tn_parse_part(t, i, &k->p[0]);
	while (k->np < TN_MAXPART && (c = sep_at(t, i, &l)) != 0 && (!k->sep || c == k->sep) &&
	       tn_digit(t, i + l)) {
		/* a decimal takes one fraction; "1.5.3" goes on as a version */
		i = tn_parse_part(t, i + l, &k->p[k->np++]);
		k->sep = c;
	}
	k->end = i;
	return i;
}

size_t tn_skip_number(const struct tn *t, size_t i)
{
	while (i < t->n &&
	       (tn_digit(t, i) ||
	        ((t->s[i] == '.' || t->s[i] == ',' || t->s[i] == ':') && tn_digit(t, i + 1))))
		i++;
	return i;
}

size_t tn_range_right_suffix(const struct tn *t, size_t e)
{
	size_t l = tn_at_any(t, e, tn_range_chars), j;

	if (!l) {
		if (!(l = tn_at(t, e, "至")) && !(l = tn_at(t, e, "到")))
			return TN_NONE;
	}
	j = e + l;
	if (tn_at_any(t, j, tn_minus_chars) && tn_digit(t, j + 1))
		j++;
	if (!tn_digit(t, j))
		return TN_NONE;
	return tn_skip_number(t, j);
}
