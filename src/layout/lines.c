#include "layout/lines.h"

#include <string.h>

uint32_t lines_decode(const char *s, size_t len, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (u[0] < 0x80) {
		*adv = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*adv = 1;
		return 0xFFFD;
	}
	if (n > len) {
		*adv = 1;
		return 0xFFFD;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*adv = 1;
			return 0xFFFD;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	*adv = n;
	return c;
}

uint32_t lines_last(const char *s, size_t len, size_t *start)
{
	size_t i = len, adv;

	while (i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			break;
	}
	*start = i;
	return lines_decode(s + i, len - i, &adv);
}

size_t lines_nchars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t lines_char_off(const char *s, size_t len, size_t n)
{
	size_t i = 0, adv;

	while (i < len && n > 0) {
		lines_decode(s + i, len - i, &adv);
		i += adv;
		n--;
	}
	return i;
}

/* Whether code point c occurs in the UTF-8 string `set`: its encoding is
 * searched for, which cannot match across characters (UTF-8 synchronizes
 * on lead bytes), so no character of the set is decoded. */
int lines_in_set(uint32_t c, const char *set)
{
	char u[5];

	if (c == 0 || c > 0x10FFFF)
		return 0;
	if (c < 0x80) {
		u[0] = (char)c;
		u[1] = '\0';
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		u[2] = '\0';
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		u[3] = '\0';
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		u[4] = '\0';
	}
	return strstr(set, u) != NULL;
}

int lines_is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0;
}

int lines_is_terminal(uint32_t c)
{
	return lines_in_set(c, "。！？!?…｡");
}

int lines_is_closer(uint32_t c)
{
	return lines_in_set(c, "”’」』)）》】]〕\"'");
}

int lines_is_opener(uint32_t c)
{
	return lines_in_set(c, "“‘「『(（《【[〔");
}

int lines_is_pause(uint32_t c)
{
	return lines_in_set(c, "，,、；;：:");
}

int lines_is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

void lines_trim(const char **s, size_t *len)
{
	size_t adv, st;

	while (*len > 0 && lines_is_space(lines_decode(*s, *len, &adv))) {
		*s += adv;
		*len -= adv;
	}
	while (*len > 0 && lines_is_space(lines_last(*s, *len, &st)))
		*len = st;
}

int lines_starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

int lines_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

size_t lines_find(const char *s, size_t len, const char *needle, size_t nlen)
{
	size_t i;

	if (nlen == 0)
		return 1;
	for (i = 0; i + nlen <= len; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, nlen) == 0)
			return i + 1;
	return 0;
}

int lines_contains(const char *s, size_t len, const char *needle)
{
	return lines_find(s, len, needle, strlen(needle)) != 0;
}

int lines_ends_closed(const char *s, size_t len)
{
	size_t st;
	uint32_t c;

	lines_trim(&s, &len);
	while (len > 0) {
		c = lines_last(s, len, &st);
		if (lines_is_terminal(c) || c == '.' || lines_in_set(c, "；;：:"))
			return 1;
		if (!lines_is_closer(c))
			return 0;
		len = st;
	}
	return 0;
}

int lines_has_inner_end(const char *s, size_t len)
{
	size_t i = 0, adv, st;
	uint32_t c;

	lines_trim(&s, &len);
	if (len == 0)
		return 0;
	lines_last(s, len, &st);
	while (i < st) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == 0x3002 || c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F)
			return 1;
		i += adv;
	}
	return 0;
}

int lines_unbalanced(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	while (i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (c != '"' && c != '\'' && lines_is_opener(c))
			depth++;
		else if (c != '"' && c != '\'' && lines_is_closer(c) && depth > 0)
			depth--;
		i += adv;
	}
	return depth > 0;
}

int lines_rare_initial(uint32_t c)
{
	return lines_in_set(c, "的们吗呢吧么者");
}

int lines_rare_final(uint32_t c)
{
	return lines_in_set(c, "的和与及或在对把将从为是被让使给以于并而向跟同由");
}
