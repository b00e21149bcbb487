#include "render/opening.h"

#include <stdio.h>
#include <string.h>

/* Copies at most size-1 bytes of s[0..len) into out, never cutting a UTF-8 character. */
static size_t copy_cut(char *out, size_t size, const char *s, size_t len)
{
	if (!size)
		return 0;
	if (len >= size) {
		len = size - 1;
		while (len && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return len;
}

static int is_article_title(const struct doc_section *s, const char *t)
{
	size_t j;

	for (j = 0; j < DOC_NARTICLES(s); j++)
		if (DOC_ARTICLE(s, j)->title && !strcmp(DOC_ARTICLE(s, j)->title, t))
			return 1;
	return 0;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* "要 闻" → "要闻": a space between two non-ASCII characters is letter spacing. Whole
 * characters only, as many as fit. */
static size_t despace(char *out, size_t size, const char *s)
{
	size_t n = 0, i = 0, len = strlen(s);

	if (!size)
		return 0;
	while (i < len) {
		size_t c = utf8_len((unsigned char)s[i]);

		if (i + c > len)
			c = len - i;
		if (s[i] == ' ' && n && ((unsigned char)out[n - 1] & 0x80) && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0x80)) {
			i++;
			continue;
		}
		if (n + c >= size)
			break;
		memcpy(out + n, s + i, c);
		n += c;
		i += c;
	}
	out[n] = '\0';
	return n;
}

size_t opening_section_name(const struct doc_section *s, char *out, size_t size)
{
	size_t i;

	if (size)
		out[0] = '\0';
	if (s->title && *s->title && !is_article_title(s, s->title) &&
	    !(s->source && !strcmp(s->source, s->title)))
		return copy_cut(out, size, s->title, strlen(s->title));
	for (i = 0; i < DOC_NNOTES(s); i++) {
		const struct doc_note *n = DOC_NOTE(s, i);

		if (n->kind && !strcmp(n->kind, "section") && n->text && *n->text)
			return despace(out, size, n->text);
	}
	return 0;
}

size_t opening_date_text(const char *ymd, char *out, size_t size)
{
	int y, m, d, n;
	char tail;

	if (!ymd || strlen(ymd) != 10 || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	n = snprintf(out, size, "%d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", y, m, d); /* 年月日 */
	return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

static int say(struct doc *d, struct doc_section *s, const char *text)
{
	return doc_add_sentence(d, &s->intro, text, strlen(text)) ? 0 : -1;
}

static int say_contents(struct doc *d, struct doc_section *s)
{
	size_t j;

	if (say(d, s, OPENING_CONTENTS))
		return -1;
	for (j = 0; j < DOC_NARTICLES(s); j++) {
		const char *t = DOC_ARTICLE(s, j)->title;

		if (t && *t && say(d, s, t))
			return -1;
	}
	return 0;
}

int opening_build(struct doc *d, struct doc_section *s, const struct opening_opts *o,
                  struct tb_err *err)
{
	char text[512];
	int rc = 0;

	if (o->publication && *o->publication)
		rc = say(d, s, o->publication);
	if (!rc && opening_date_text(s->date, text, sizeof(text)))
		rc = say(d, s, text);
	if (!rc && opening_section_name(s, text, sizeof(text)))
		rc = say(d, s, text);
	if (!rc && o->contents && DOC_NARTICLES(s) >= 2)
		rc = say_contents(d, s);
	return rc ? err_set(err, TB_E_NOMEM, "out of memory") : 0;
}
