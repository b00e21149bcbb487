#include "render/frontend.h"

#include "layout/sentence.h"
#include "text/tn.h"

#include <stdio.h>
#include <string.h>

/*
 * Long sentences are read in chunks cut at clause punctuation (the synthesizer
 * phrases long clauses poorly); each chunk is converted on its own and the
 * chunks of `speech` are separated by newlines. Inside a chunk, phrase breaks
 * (when asked for) separate utterances with " | ".
 */
static int convert_in_chunks(const struct fe_opts *o, const struct buf *spoken, struct buf *tokens,
                             struct buf *speech, struct tb_err *err)
{
	struct buf spans = BUF_INIT;
	size_t i;
	int rc = sent_chunks(buf_cstr(spoken), spoken->len, 0, &spans);

	if (rc)
		return err_set(err, rc, "out of memory");
	for (i = 0; !rc && i < VEC_LEN(&spans, struct sent_span); i++) {
		const struct sent_span *c = &VEC_AT(&spans, struct sent_span, i);

		if (i > 0 && ((tokens->len && buf_addc(tokens, ' ')) || buf_addc(speech, '\n')))
			rc = err_set(err, TB_E_NOMEM, "out of memory");
		if (!rc)
			rc = py_convert_ex(o->lex, spoken->data + c->off, c->len, tokens, speech,
			                   o->phrases ? 0 : PY_NO_PHRASES, err);
	}
	buf_release(&spans);
	return rc;
}

int fe_prepare_sentence(struct doc *d, struct doc_sentence *s, const struct fe_opts *o,
                        struct tb_err *err)
{
	struct buf spoken = BUF_INIT, tokens = BUF_INIT, speech = BUF_INIT;
	const char *in = doc_sentence_spoken(s);
	int rc;

	rc = tn_normalize(in, strlen(in), &spoken, NULL);
	if (rc) {
		err_set(err, rc, "text normalization ran out of memory");
		goto out;
	}
	rc = convert_in_chunks(o, &spoken, &tokens, &speech, err);
	if (rc)
		goto out;
	s->spoken = arena_strndup(&d->arena, buf_cstr(&spoken), spoken.len);
	s->pinyin = tokens.len ? arena_strndup(&d->arena, tokens.data, tokens.len) : NULL;
	s->speech = arena_strndup(&d->arena, buf_cstr(&speech), speech.len);
	if (!s->spoken || !s->speech || (tokens.len && !s->pinyin))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
out:
	buf_release(&spoken);
	buf_release(&tokens);
	buf_release(&speech);
	return rc;
}

static int prepare_vec(struct doc *d, struct buf *vec, const struct fe_opts *o, struct tb_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < DOC_NSENTS(vec); i++)
		if ((rc = fe_prepare_sentence(d, DOC_SENT(vec, i), o, err)))
			return rc;
	return 0;
}

static int add_bylines(struct doc *d, struct doc_article *a)
{
	size_t i;

	for (i = 0; i < DOC_NBYLINES(a); i++) {
		const char *b = DOC_BYLINE(a, i);

		if (!doc_add_sentence(d, &a->heading, b, strlen(b)))
			return -1;
	}
	return 0;
}

/* "第3条": normalization reads the number ("第三条"). */
static int add_number(struct doc *d, struct doc_article *a, size_t index)
{
	char text[32];

	snprintf(text, sizeof(text), "第%zu条", index + 1);
	return doc_add_sentence(d, &a->announce, text, strlen(text)) ? 0 : -1;
}

static int add_closing_title(struct doc *d, struct doc_article *a)
{
	if (!a->title || !*a->title)
		return 0;
	return doc_add_sentence(d, &a->closing, a->title, strlen(a->title)) ? 0 : -1;
}

static int prepare_article(struct doc *d, struct doc_article *a, size_t index,
                           const struct fe_opts *o, struct tb_err *err)
{
	size_t k;
	int rc;

	if ((o->read_bylines && add_bylines(d, a)) ||
	    (o->speak_article_number && DOC_NSENTS(&a->announce) == 0 && add_number(d, a, index)) ||
	    (o->repeat_title_at_end && DOC_NSENTS(&a->closing) == 0 && add_closing_title(d, a)))
		return err_set(err, TB_E_NOMEM, "out of memory");
	if ((rc = prepare_vec(d, &a->announce, o, err)) ||
	    (rc = prepare_vec(d, &a->closing, o, err)))
		return rc;
	if ((rc = prepare_vec(d, &a->heading, o, err)))
		return rc;
	for (k = 0; k < DOC_NPARAS(a); k++) {
		struct doc_paragraph *p = DOC_PARA(a, k);

		if (p->subhead && !p->subhead_sentence.text)
			p->subhead_sentence.text = p->subhead;
		if (p->subhead_sentence.text &&
		    (rc = fe_prepare_sentence(d, &p->subhead_sentence, o, err)))
			return rc;
		if ((rc = prepare_vec(d, &p->sentences, o, err)))
			return rc;
	}
	return 0;
}

int fe_prepare_doc(struct doc *d, const struct fe_opts *o, struct tb_err *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < DOC_NSECTIONS(d); i++) {
		struct doc_section *s = DOC_SECTION(d, i);

		if ((rc = prepare_vec(d, &s->intro, o, err)))
			return rc;
		for (j = 0; j < DOC_NARTICLES(s); j++)
			if ((rc = prepare_article(d, DOC_ARTICLE(s, j), j, o, err)))
				return rc;
	}
	return 0;
}
