#include "core/utext.h"

#include <utf8proc.h>

int utext_is_hidden(int32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 1;
	if (cp < 0xA0)
		return 0;
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

/* The code point at s (n bytes left) and its length; -1 for a byte that is not UTF-8. */
static utf8proc_ssize_t next_char(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);

	*cp = c;
	return k;
}

int utext_clean_line(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;
	int rc = 0;

	while (i < len && !rc) {
		int32_t cp;
		utf8proc_ssize_t k = next_char(s + i, len - i, &cp);

		if (k <= 0) {
			rc = buf_addc(out, s[i]);
			i++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r')
			rc = buf_addc(out, ' ');
		else if (!utext_is_hidden(cp))
			rc = buf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
	return rc;
}

int utext_has_hidden(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp;
		utf8proc_ssize_t k = next_char(s + i, len - i, &cp);

		if (k <= 0) {
			i++;
			continue;
		}
		if (utext_is_hidden(cp))
			return 1;
		i += (size_t)k;
	}
	return 0;
}
