/*
 * frontend — runs the text stages over a laid-out document: for every
 * sentence that will be spoken (a section's opening, each article's heading,
 * subheads, body sentences) it fills `spoken` (text normalization), `pinyin`
 * and `speech` (the pinyin front end). Strings go to the document's arena.
 *
 * The opening is made before (render/opening.h). With read_bylines it adds
 * the bylines to each article's heading, and it adds what the listening
 * profile asks to be said around each article (its number before it, its
 * title again after it).
 */
#ifndef TB_FRONTEND_H
#define TB_FRONTEND_H

#include "core/err.h"
#include "layout/doc.h"
#include "pinyin/pinyin.h"

struct fe_opts {
	const struct py_lexicon *lex;
	int read_bylines;
	int speak_article_number; /* "第三条" before each article */
	int repeat_title_at_end;  /* the title again after each article */
	int phrases;              /* prosodic phrase breaks inside clauses ("a | b" in speech) */
};

int fe_prepare_doc(struct doc *d, const struct fe_opts *o, struct tb_err *err);

/* Fills spoken/pinyin/speech of one sentence. */
int fe_prepare_sentence(struct doc *d, struct doc_sentence *s, const struct fe_opts *o,
                        struct tb_err *err);

#endif
