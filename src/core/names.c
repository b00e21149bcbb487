#include "core/names.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define NAMES_MAX_BASE 48

static int is_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int equals_nocase(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* Windows refuses these as file names, with any extension: CON.mp3 cannot exist. */
static int is_reserved_on_windows(const char *s)
{
	static const char *const devices[] = {"con", "prn", "aux", "nul", NULL};
	size_t i;

	for (i = 0; devices[i]; i++)
		if (equals_nocase(s, devices[i]))
			return 1;
	if (strlen(s) == 4 && s[3] >= '0' && s[3] <= '9') {
		char head[4] = {s[0], s[1], s[2], '\0'};

		return equals_nocase(head, "com") || equals_nocase(head, "lpt");
	}
	return 0;
}

/* FNV-1a: a name made only of other scripts still gets an id of its own, the same
 * on every run and machine. */
static uint32_t fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void names_episode_id(const char *path, size_t index, size_t count, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	size_t i, n = 0, stem;

	if (size == 0)
		return;
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	for (i = 0; i < stem && n + 1 < size && n < NAMES_MAX_BASE; i++) {
		unsigned char c = (unsigned char)base[i];

		/* no leading '-' (an option to every tool) or '_' */
		if (is_safe(c) && !(n == 0 && (c == '-' || c == '_')))
			out[n++] = (char)c;
		else if (n > 0 && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n > 0 && (out[n - 1] == '_' || out[n - 1] == '-'))
		n--;
	out[n] = '\0';
	if (n == 0 && stem > 0)
		snprintf(out, size, "page-%08x", (unsigned)fnv1a(base, stem));
	else if (n == 0)
		snprintf(out, size, "section");
	else if (is_reserved_on_windows(out) && n + 1 < size) {
		out[n++] = '_';
		out[n] = '\0';
	}
	if (count > 1) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "-%02zu", index + 1);
	}
}

void names_disambiguate(char *id, size_t size, const char *path)
{
	uint32_t h = 2166136261u;
	size_t len = strlen(id);
	const char *p = path;
	int first = 1;

	if (*p == '/')
		h = (h ^ '/') * 16777619u;
	/* The path's components but empty ones and ".", joined by one '/'. */
	while (*p) {
		const char *end;
		size_t k;

		while (*p == '/')
			p++;
		end = strchr(p, '/');
		k = end ? (size_t)(end - p) : strlen(p);
		if (k && !(k == 1 && *p == '.')) {
			if (!first)
				h = (h ^ '/') * 16777619u;
			for (size_t i = 0; i < k; i++)
				h = (h ^ (unsigned char)p[i]) * 16777619u;
			first = 0;
		}
		p += k;
	}
	if (len < size)
		snprintf(id + len, size - len, "~%08x", (unsigned)h);
}

int names_valid_id(const char *id)
{
	const char *tilde = strchr(id, '~');
	size_t n = tilde ? (size_t)(tilde - id) : strlen(id), i;
	char base[NAMES_MAX_BASE + 8];

	if (n == 0 || n > NAMES_MAX_BASE + 3 || id[0] == '-' || id[0] == '_' || id[n - 1] == '-' ||
	    id[n - 1] == '_')
		return 0;
	for (i = 0; i < n; i++)
		if (!is_safe((unsigned char)id[i]))
			return 0;
	memcpy(base, id, n);
	base[n] = '\0';
	if (is_reserved_on_windows(base))
		return 0;
	if (!tilde)
		return 1;
	for (i = 1; tilde[i]; i++)
		if (!((tilde[i] >= '0' && tilde[i] <= '9') || (tilde[i] >= 'a' && tilde[i] <= 'f')))
			return 0;
	return i >= 2 && i <= 9;
}
