#include "render/select.h"

#include "layout/lines.h"

#include <stdio.h>
#include <string.h>

/* A first sentence shorter than this is followed by the next one in a brief. */
#define BRIEF_SHORT_CHARS 30

static void add_suffix(struct doc_section *s, const char *suffix)
{
	size_t len = strlen(s->id), n = strlen(suffix);

	if (len + n >= sizeof(s->id))
		len = sizeof(s->id) - n - 1;
	memcpy(s->id + len, suffix, n + 1);
}

static int listed(const char *ids, const char *id)
{
	size_t n = strlen(id);
	const char *p = ids;

	while (*p) {
		size_t k = strcspn(p, ",");

		if (k == n && !memcmp(p, id, n))
			return 1;
		p += k;
		if (*p == ',')
			p++;
	}
	return 0;
}

int sel_only(struct doc *d, const char *ids, struct tb_err *err)
{
	size_t si, ai, kept, total = 0;
	const char *p = ids;

	/* every id named must name an article somewhere */
	while (*p) {
		size_t k = strcspn(p, ","), found = 0;
		char id[sizeof(((struct doc_article *)0)->id)];

		if (k == 0 || k >= sizeof(id))
			return err_set(err, TB_E_USAGE,
			               "--only wants article ids like a03,a05, not '%s'", ids);
		memcpy(id, p, k);
		id[k] = '\0';
		for (si = 0; si < DOC_NSECTIONS(d); si++)
			for (ai = 0; ai < DOC_NARTICLES(DOC_SECTION(d, si)); ai++)
				found += !strcmp(DOC_ARTICLE(DOC_SECTION(d, si), ai)->id, id);
		if (!found)
			return err_set(err, TB_E_USAGE,
			               "--only: no article '%s' (tingbao plan lists the ids)", id);
		p += k;
		if (*p == ',')
			p++;
	}
	for (si = 0; si < DOC_NSECTIONS(d); si++) {
		struct doc_section *s = DOC_SECTION(d, si);

		for (ai = kept = 0; ai < DOC_NARTICLES(s); ai++) {
			struct doc_article *a = DOC_ARTICLE(s, ai);

			if (!listed(ids, a->id)) {
				doc_release_article(a);
				continue;
			}
			if (kept != ai)
				*DOC_ARTICLE(s, kept) = *a;
			kept++;
		}
		s->articles.len = kept * sizeof(struct doc_article);
		total += kept;
		add_suffix(s, "-part");
	}
	return total ? 0 : err_set(err, TB_E_USAGE, "--only keeps no article");
}

/* The first paragraph of body text (not a box's). */
static struct doc_paragraph *first_body(struct doc_article *a)
{
	size_t k;

	for (k = 0; k < DOC_NPARAS(a); k++)
		if (!DOC_PARA(a, k)->aside && DOC_NSENTS(&DOC_PARA(a, k)->sentences))
			return DOC_PARA(a, k);
	return NULL;
}

static int brief_article(struct doc *d, struct doc_article *a)
{
	struct doc_paragraph *p = first_body(a), keep;
	size_t k, n = 0;

	memset(&keep, 0, sizeof(keep));
	buf_init(&keep.sentences, 0);
	keep.subhead_sentence.start_sample = keep.subhead_sentence.end_sample = -1;
	if (p) {
		const struct doc_sentence *first = DOC_SENT(&p->sentences, 0);

		n = DOC_NSENTS(&p->sentences) > 1 &&
		                    lines_nchars(first->text, strlen(first->text)) <
		                            BRIEF_SHORT_CHARS
		            ? 2
		            : 1;
		for (k = 0; k < n; k++) {
			struct doc_sentence *s = VEC_PUSH(&keep.sentences, struct doc_sentence);

			if (!s) {
				buf_release(&keep.sentences);
				return TB_E_NOMEM;
			}
			*s = *DOC_SENT(&p->sentences, k);
		}
	}
	for (k = 0; k < DOC_NPARAS(a); k++)
		buf_release(&DOC_PARA(a, k)->sentences);
	buf_reset(&a->paragraphs);
	buf_reset(&a->asides);
	buf_reset(&a->pull_quotes);
	buf_reset(&a->heading);
	if (a->title && !doc_add_sentence(d, &a->heading, a->title, strlen(a->title))) {
		buf_release(&keep.sentences);
		return TB_E_NOMEM;
	}
	if (n) {
		struct doc_paragraph *np = doc_add_paragraph(a);

		if (!np) {
			buf_release(&keep.sentences);
			return TB_E_NOMEM;
		}
		buf_release(&np->sentences);
		np->sentences = keep.sentences;
	} else {
		buf_release(&keep.sentences);
	}
	return 0;
}

int sel_brief(struct doc *d, struct tb_err *err)
{
	size_t si, ai;
	int rc;

	for (si = 0; si < DOC_NSECTIONS(d); si++) {
		struct doc_section *s = DOC_SECTION(d, si);

		for (ai = 0; ai < DOC_NARTICLES(s); ai++)
			if ((rc = brief_article(d, DOC_ARTICLE(s, ai))) != 0)
				return err_set(err, rc, "out of memory");
		add_suffix(s, "-brief");
	}
	return 0;
}
