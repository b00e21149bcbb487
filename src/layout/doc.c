#include "layout/doc.h"

#include "core/err.h"

#include <stdio.h>
#include <string.h>

void doc_init(struct doc *d)
{
	arena_init(&d->arena);
	buf_init(&d->sections, 0);
}

static void release_paragraph(struct doc_paragraph *p)
{
	buf_release(&p->sentences);
}

void doc_release_article(struct doc_article *a)
{
	size_t i;

	for (i = 0; i < DOC_NPARAS(a); i++)
		release_paragraph(DOC_PARA(a, i));
	buf_release(&a->paragraphs);
	buf_release(&a->bylines);
	buf_release(&a->asides);
	buf_release(&a->pull_quotes);
	buf_release(&a->heading);
	buf_release(&a->announce);
	buf_release(&a->closing);
}

void doc_release(struct doc *d)
{
	size_t i, j;

	for (i = 0; i < DOC_NSECTIONS(d); i++) {
		struct doc_section *s = DOC_SECTION(d, i);

		for (j = 0; j < DOC_NARTICLES(s); j++)
			doc_release_article(DOC_ARTICLE(s, j));
		buf_release(&s->articles);
		buf_release(&s->furniture);
		buf_release(&s->intro);
	}
	buf_release(&d->sections);
	arena_release(&d->arena);
}

struct doc_section *doc_add_section(struct doc *d)
{
	struct doc_section *s = VEC_PUSH(&d->sections, struct doc_section);

	if (!s)
		return NULL;
	buf_init(&s->articles, 0);
	buf_init(&s->furniture, 0);
	buf_init(&s->intro, 0);
	s->nsamples = -1;
	snprintf(s->id, sizeof(s->id), "s%02zu", DOC_NSECTIONS(d));
	s->start_sample = s->end_sample = -1;
	return s;
}

struct doc_article *doc_add_article(struct doc *d, struct doc_section *s)
{
	struct doc_article *a = VEC_PUSH(&s->articles, struct doc_article);

	(void)d;
	if (!a)
		return NULL;
	buf_init(&a->bylines, 0);
	buf_init(&a->asides, 0);
	buf_init(&a->pull_quotes, 0);
	buf_init(&a->paragraphs, 0);
	buf_init(&a->heading, 0);
	buf_init(&a->announce, 0);
	buf_init(&a->closing, 0);
	snprintf(a->id, sizeof(a->id), "a%02zu", DOC_NARTICLES(s) % 1000);
	a->start_sample = a->end_sample = -1;
	a->chapter_start = a->chapter_end = -1;
	return a;
}

struct doc_paragraph *doc_add_paragraph(struct doc_article *a)
{
	struct doc_paragraph *p = VEC_PUSH(&a->paragraphs, struct doc_paragraph);

	if (!p)
		return NULL;
	buf_init(&p->sentences, 0);
	p->subhead_sentence.start_sample = p->subhead_sentence.end_sample = -1;
	return p;
}

struct doc_sentence *doc_add_sentence(struct doc *d, struct buf *vec, const char *text, size_t len)
{
	char *copy = arena_strndup(&d->arena, text, len);
	struct doc_sentence *s;

	if (!copy)
		return NULL;
	s = VEC_PUSH(vec, struct doc_sentence);
	if (!s)
		return NULL;
	s->text = copy;
	s->start_sample = s->end_sample = -1;
	return s;
}

int doc_add_byline(struct doc *d, struct doc_article *a, const char *s, size_t len)
{
	char *copy = arena_strndup(&d->arena, s, len);
	char **slot;

	if (!copy)
		return -1;
	slot = VEC_PUSH(&a->bylines, char *);
	if (!slot)
		return -1;
	*slot = copy;
	return 0;
}

int doc_add_note(struct doc *d, struct doc_section *s, const char *text, size_t len,
                 const char *kind)
{
	char *copy = arena_strndup(&d->arena, text, len);
	struct doc_note *n = copy ? VEC_PUSH(&s->furniture, struct doc_note) : NULL;

	if (!n)
		return TB_E_NOMEM;
	n->text = copy;
	n->kind = kind;
	return 0;
}

int doc_add_pull_quote(struct doc *d, struct doc_article *a, const char *s, size_t len)
{
	char *copy = arena_strndup(&d->arena, s, len);
	char **slot = copy ? VEC_PUSH(&a->pull_quotes, char *) : NULL;

	if (!slot)
		return TB_E_NOMEM;
	*slot = copy;
	return 0;
}

const char *doc_sentence_spoken(const struct doc_sentence *s)
{
	return s->spoken ? s->spoken : s->text;
}

const char *doc_sentence_speech(const struct doc_sentence *s)
{
	return s->speech ? s->speech : doc_sentence_spoken(s);
}
