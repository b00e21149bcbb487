#include "text/tn_scan.h"

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
