#include "publish/cuesheet.h"

#include "core/err.h"

#include <string.h>

/* Cue sheets have no escape for '"'; a typographic quote keeps the title readable. */
static int add_quoted(struct buf *out, const char *s)
{
	int rc = buf_addc(out, '"');

	for (; *s && !rc; s++) {
		if (*s == '"')
			rc = buf_adds(out, "\xE2\x80\x9D");
		else if (*s == '\n' || *s == '\r')
			rc = buf_addc(out, ' ');
		else
			rc = buf_addc(out, *s);
	}
	return rc ? rc : buf_addc(out, '"');
}

static int add_time(struct buf *out, int64_t samples, unsigned rate)
{
	int64_t frames = samples * 75 / rate;

	return buf_addf(out, "%02lld:%02lld:%02lld", (long long)(frames / 75 / 60),
	                (long long)(frames / 75 % 60), (long long)(frames % 75));
}

int cuesheet_write(struct buf *out, const struct doc_section *s, const char *album)
{
	const char *type = strstr(s->file ? s->file : "", ".wav") ? "WAVE" : "FLAC";
	size_t i;
	int rc = 0;

	if (album && *album)
		rc = buf_adds(out, "PERFORMER ") || add_quoted(out, album) || buf_addc(out, '\n');
	rc = rc || buf_adds(out, "TITLE ") || add_quoted(out, s->title ? s->title : s->id) ||
	     buf_adds(out, "\nFILE ") || add_quoted(out, s->file ? s->file : "") ||
	     buf_addf(out, " %s\n", type);
	for (i = 0; !rc && i < DOC_NARTICLES(s); i++) {
		const struct doc_article *a = &VEC_AT(&s->articles, struct doc_article, i);

		rc = buf_addf(out, "  TRACK %02zu AUDIO\n    TITLE ", i + 1) ||
		     add_quoted(out, a->title ? a->title : a->id) ||
		     buf_adds(out, "\n    INDEX 01 ") || add_time(out, a->chapter_start, s->rate) ||
		     buf_addc(out, '\n');
	}
	return rc ? TB_E_NOMEM : 0;
}
