#include "core/conf.h"

#include "core/afile.h"

#include <string.h>

int conf_read_file(const char *path, size_t limit, struct buf *out, struct tb_err *err)
{
	struct tb_err why = {0, ""};
	int rc = afile_read(NULL, path, limit, out, &why);

	/* anything wrong with the user's file is a usage error, like a wrong value in it */
	if (rc == TB_E_NOMEM)
		return err_set(err, rc, "%s: out of memory", path);
	if (rc)
		return err_set(err, TB_E_USAGE, "%s", why.msg);
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Cuts a trailing comment: '#' at the start or after a space or tab. */
static void cut_comment(char *s)
{
	char *p;

	for (p = s; *p; p++)
		if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
}

static int parse_line(char *line, struct conf_item *it, conf_fn fn, void *ctx, struct tb_err *err)
{
	char *eq, *s;

	cut_comment(line);
	s = trim(line);
	if (*s == '\0')
		return 0;
	eq = strchr(s, '=');
	if (!eq)
		return err_set(err, TB_E_USAGE, "%s:%d: expected 'key = value', got '%.60s'",
		               it->origin, it->line, s);
	*eq = '\0';
	it->key = trim(s);
	it->value = trim(eq + 1);
	if (*it->key == '\0')
		return err_set(err, TB_E_USAGE, "%s:%d: a key is missing before '='", it->origin,
		               it->line);
	return fn(ctx, it, err);
}

int conf_parse(const char *text, size_t len, const char *origin, conf_fn fn, void *ctx,
               struct tb_err *err)
{
	struct buf line = BUF_INIT;
	struct conf_item it = {origin, 0, NULL, NULL};
	size_t i = 0, e;
	int rc = 0;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (!rc && i < len) {
		for (e = i; e < len && text[e] != '\n'; e++)
			;
		it.line++;
		buf_reset(&line);
		if (e == i)
			; /* an empty line */
		else if (memchr(text + i, '\0', e - i))
			rc = err_set(err, TB_E_USAGE, "%s:%d: NUL byte in a text file", origin,
			             it.line);
		else if (buf_add(&line, text + i, e - i))
			rc = err_set(err, TB_E_NOMEM, "%s: out of memory", origin);
		else
			rc = parse_line(line.data, &it, fn, ctx, err);
		i = e + 1;
	}
	buf_release(&line);
	return rc;
}
