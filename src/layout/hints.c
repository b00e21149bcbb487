#include "layout/hints.h"

#include "core/conf.h"

#include <fnmatch.h>
#include <string.h>

/* voices/layout/hints.conf, compiled in (CMakeLists.txt generates it). */
extern const unsigned char tb_hints_default[];
extern const size_t tb_hints_default_len;

#define HINTS_FILE_LIMIT (256 * 1024)
#define HINT_WORD_MAX    64 /* bytes: longer words cannot be a label or a role */

static const char *const list_keys[HINT_NLISTS] = {
        [HINT_SUMMARY] = "summary",
        [HINT_ASIDE] = "aside",
        [HINT_BOX_SUFFIX] = "box_suffix",
        [HINT_LABEL] = "label",
        [HINT_LABEL_SUFFIX] = "label_suffix",
        [HINT_BRIEFS] = "briefs",
        [HINT_BRIEFS_SUFFIX] = "briefs_suffix",
        [HINT_SECTION] = "section",
        [HINT_MASTHEAD_SUFFIX] = "masthead_suffix",
        [HINT_STAFF] = "staff",
        [HINT_CONTACT] = "contact",
        [HINT_FURNITURE] = "furniture",
        [HINT_BYLINE_ROLE] = "byline_role",
        [HINT_CREDIT_PREFIX] = "credit_prefix",
        [HINT_CREDIT_SUFFIX] = "credit_suffix",
        [HINT_AGENCY] = "agency",
        [HINT_CAPTION_MARK] = "caption_mark",
        [HINT_CONNECTIVE] = "connective",
        [HINT_TIME_OPENING] = "time_opening",
};

static int add_word(struct layout_hints *h, enum hint_list l, const char *s, size_t len,
                    const struct conf_item *it, struct tb_err *err)
{
	struct hint_word *w;
	char *copy;

	if (len > HINT_WORD_MAX)
		return err_set(err, TB_E_USAGE, "%s:%d: key '%s': a word longer than %d bytes",
		               it->origin, it->line, it->key, HINT_WORD_MAX);
	copy = arena_strndup(&h->arena, s, len);
	w = copy ? VEC_PUSH(&h->words[l], struct hint_word) : NULL;
	if (!w)
		return err_set(err, TB_E_NOMEM, "%s: out of memory", it->origin);
	w->s = copy;
	w->len = len;
	return 0;
}

/* Whether s[i..] starts a separator of a word list: ',' '，' '、'. */
static size_t separator_len(const char *s, size_t len, size_t i)
{
	if (s[i] == ',')
		return 1;
	if (i + 3 <= len && (memcmp(s + i, "，", 3) == 0 || memcmp(s + i, "、", 3) == 0))
		return 3;
	return 0;
}

static int add_list(struct layout_hints *h, enum hint_list l, const struct conf_item *it,
                    struct tb_err *err)
{
	const char *v = it->value;
	size_t len = strlen(v), i = 0, start = 0, sep, a, b;
	int rc = 0;

	while (!rc && i <= len) {
		sep = i < len ? separator_len(v, len, i) : 1;
		if (!sep) {
			i++;
			continue;
		}
		for (a = start; a < i && (v[a] == ' ' || v[a] == '\t'); a++)
			;
		for (b = i; b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'); b--)
			;
		if (b > a)
			rc = add_word(h, l, v + a, b - a, it, err);
		i += sep;
		start = i;
	}
	return rc;
}

static int set_bool(int *out, const struct conf_item *it, struct tb_err *err)
{
	if (!strcmp(it->value, "yes") || !strcmp(it->value, "on") || !strcmp(it->value, "true"))
		*out = 1;
	else if (!strcmp(it->value, "no") || !strcmp(it->value, "off") ||
	         !strcmp(it->value, "false"))
		*out = 0;
	else
		return err_set(err, TB_E_USAGE, "%s:%d: key '%s': expected yes or no, not '%s'",
		               it->origin, it->line, it->key, it->value);
	return 0;
}

static int take_setting(void *ctx, const struct conf_item *it, struct tb_err *err)
{
	struct layout_hints *h = ctx;
	size_t l;

	for (l = 0; l < HINT_NLISTS; l++)
		if (!strcmp(it->key, list_keys[l]))
			return add_list(h, (enum hint_list)l, it, err);
	if (!strcmp(it->key, "read_bylines"))
		return set_bool(&h->read_bylines, it, err);
	if (!strcmp(it->key, "briefs_title")) {
		size_t n = strlen(it->value);

		if (n == 0 || n >= sizeof(h->briefs_title))
			return err_set(err, TB_E_USAGE,
			               "%s:%d: key 'briefs_title': expected 1 to %zu bytes",
			               it->origin, it->line, sizeof(h->briefs_title) - 1);
		memcpy(h->briefs_title, it->value, n + 1);
		return 0;
	}
	return err_set(err, TB_E_USAGE, "%s:%d: unknown key '%s' (docs/layout.md lists the keys)",
	               it->origin, it->line, it->key);
}

int hints_load_text(struct layout_hints *h, const char *text, size_t len, const char *origin,
                    struct tb_err *err)
{
	return conf_parse(text, len, origin, take_setting, h, err);
}

int hints_init(struct layout_hints *h, struct tb_err *err)
{
	size_t l;
	int rc;

	memset(h, 0, sizeof(*h));
	arena_init(&h->arena);
	for (l = 0; l < HINT_NLISTS; l++)
		buf_init(&h->words[l], 0);
	rc = hints_load_text(h, (const char *)tb_hints_default, tb_hints_default_len,
	                     "built-in hints", err);
	if (rc == TB_E_USAGE) { /* our own file is wrong: a build problem */
		rc = TB_E_DATA;
		if (err)
			err->code = rc;
	}
	if (rc)
		hints_release(h);
	return rc;
}

int hints_load(struct layout_hints *h, const char *path, struct tb_err *err)
{
	struct buf text = BUF_INIT;
	int rc = conf_read_file(path, HINTS_FILE_LIMIT, &text, err);

	if (!rc)
		rc = hints_load_text(h, buf_cstr(&text), text.len, path, err);
	buf_release(&text);
	return rc;
}

void hints_release(struct layout_hints *h)
{
	size_t l;

	for (l = 0; l < HINT_NLISTS; l++)
		buf_release(&h->words[l]);
	arena_release(&h->arena);
}

#define NWORDS(h, l)  VEC_LEN(&(h)->words[l], struct hint_word)
#define WORD(h, l, i) (&VEC_AT(&(h)->words[l], struct hint_word, i))

int hints_has(const struct layout_hints *h, enum hint_list l, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NWORDS(h, l); i++)
		if (WORD(h, l, i)->len == len && memcmp(WORD(h, l, i)->s, s, len) == 0)
			return 1;
	return 0;
}

size_t hints_prefix(const struct layout_hints *h, enum hint_list l, const char *s, size_t len)
{
	size_t i, best = 0;

	for (i = 0; i < NWORDS(h, l); i++) {
		const struct hint_word *w = WORD(h, l, i);

		if (w->len > best && w->len <= len && w->s[0] == s[0] &&
		    memcmp(w->s, s, w->len) == 0)
			best = w->len;
	}
	return best;
}

size_t hints_suffix(const struct layout_hints *h, enum hint_list l, const char *s, size_t len)
{
	size_t i, best = 0;

	for (i = 0; i < NWORDS(h, l); i++) {
		const struct hint_word *w = WORD(h, l, i);

		if (w->len > best && w->len <= len && w->s[w->len - 1] == s[len - 1] &&
		    memcmp(w->s, s + len - w->len, w->len) == 0)
			best = w->len;
	}
	return best;
}

size_t hints_within(const struct layout_hints *h, enum hint_list l, const char *s, size_t len)
{
	size_t i, k;

	for (i = 0; i < NWORDS(h, l); i++) {
		const struct hint_word *w = WORD(h, l, i);

		for (k = 0; k + w->len <= len; k++)
			if (s[k] == w->s[0] && memcmp(s + k, w->s, w->len) == 0)
				return k + 1;
	}
	return 0;
}

int hints_furniture(const struct layout_hints *h, const char *s, size_t len)
{
	char line[512];
	size_t i;

	if (NWORDS(h, HINT_FURNITURE) == 0 || len >= sizeof(line))
		return 0;
	memcpy(line, s, len);
	line[len] = '\0';
	for (i = 0; i < NWORDS(h, HINT_FURNITURE); i++)
		if (fnmatch(WORD(h, HINT_FURNITURE, i)->s, line, 0) == 0)
			return 1;
	return 0;
}
