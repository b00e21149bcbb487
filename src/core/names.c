#include "core/names.h"

#include <stdio.h>
#include <string.h>

static int is_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

void names_episode_id(const char *path, size_t index, size_t count, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t i, n = 0;

	if (size == 0)
		return;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	for (i = 0; base + i != dot && base[i] && n + 1 < size && n < 48; i++) {
		unsigned char c = (unsigned char)base[i];

		if (is_safe(c))
			out[n++] = (char)c;
		else if (n > 0 && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n > 0 && out[n - 1] == '_')
		n--;
	out[n] = '\0';
	if (n == 0)
		snprintf(out, size, "section");
	if (count > 1) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "-%02zu", index + 1);
	}
}
