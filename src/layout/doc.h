/*
 * doc — the document tree every stage works on: doc → sections → articles →
 * paragraphs → sentences. The manifest is its serialization.
 *
 * Ownership: a struct doc owns everything below it. All strings live in
 * doc->arena (never free() them); the arrays live in bufs (VEC_*) and are
 * freed by doc_release(). Arrays may move when they grow: hold indices, or
 * re-fetch pointers after adding.
 *
 * Stages fill it in order: layout sets the printed fields (text, title, ...);
 * text normalization sets `spoken`; the pinyin stage sets `pinyin` and
 * `speech`; rendering sets the sample positions (-1 until then).
 */
#ifndef TB_DOC_H
#define TB_DOC_H

#include "core/arena.h"
#include "core/buf.h"

#include <stdint.h>

/* Loudness of a rendered file or episode, dual-mono; valid when measured != 0. */
struct doc_loudness {
	int measured;
	double lufs, lra_lu, true_peak_dbtp;
	double seconds; /* how long the file or episode plays */
};

struct doc_sentence {
	char *text;   /* as printed, after ingest and line repair */
	char *spoken; /* as read aloud (normalized); NULL = same as text */
	char *pinyin; /* space-separated tokens for the manifest; NULL = none */
	char *speech; /* what the synthesizer is given, chunks separated by '\n'; NULL = spoken */
	int64_t start_sample, end_sample;
};

struct doc_paragraph {
	char *subhead; /* a subheading (or a box's label) before this paragraph, or NULL */
	size_t aside;  /* 1 + index into the article's asides when it is one's text, else 0 */
	struct buf sentences;                 /* vec of struct doc_sentence */
	struct doc_sentence subhead_sentence; /* the subhead as spoken, when there is one */
};

/* Something printed and not read, kept so nothing printed is lost. */
struct doc_note {
	char *text;
	const char *kind; /* static: "date", "running-header", "continuation" ... */
};

/* A box read after the article's body (记者手记, 链接, a caption ...). Its text
 * is the article's paragraphs marked with its number; `label` is their first
 * paragraph's subhead. */
struct doc_aside {
	char *label;      /* as printed, or NULL for an unlabelled box */
	char *text;       /* its printed text, paragraphs joined by "\n" */
	const char *kind; /* static: "box" or "caption" */
};

struct doc_article {
	char id[8];   /* "a01" ... */
	char *label;  /* column label ("新闻特写"), or NULL */
	char *kicker; /* deck line above the title, ending in "——", or NULL */
	char *title;
	char *subtitle;
	char *summary;       /* sidebar ("阅读提示") text, or NULL */
	char *dateline;      /* "本报讯(记者…)" lifted from the first paragraph, or NULL */
	int is_photo;        /* a photo story: body is the caption, credit is a byline */
	int title_generated; /* the title was not printed (a cluster of briefs: "简讯") */
	struct buf asides;   /* vec of struct doc_aside, in the order printed */
	struct buf pull_quotes; /* vec of char *: lines repeating the body, not read */
	struct buf bylines;     /* vec of char * */
	struct buf paragraphs;  /* vec of struct doc_paragraph */
	/* Spoken heading: label, kicker, title, subtitle, summary, as sentences. */
	struct buf heading; /* vec of struct doc_sentence */
	int64_t start_sample, end_sample;
	/* The chapter: from a point in the silence before the article to the next one's. */
	int64_t chapter_start, chapter_end;
	/* Added by the listening profile, not printed: read before the heading
	 * ("第三条") and after the body (the title again). */
	struct buf announce;               /* vec of struct doc_sentence */
	struct buf closing;                /* vec of struct doc_sentence */
	char *file;                        /* its own audio file (numbered layout), or NULL */
	struct doc_loudness file_loudness; /* of that file */
};

struct doc_section {
	char id[64]; /* file-name-safe episode id */
	char *title;
	char *source;         /* page file name */
	struct buf articles;  /* vec of struct doc_article */
	struct buf furniture; /* vec of struct doc_note: page furniture, not read */
	int64_t start_sample, end_sample;
	struct buf intro;   /* vec of struct doc_sentence: the opening (title, date) */
	char *date;         /* "YYYY-MM-DD" or NULL */
	char *file;         /* output file name (in the output directory), or NULL */
	unsigned rate;      /* sample rate of the sample positions above; 0 until rendered */
	int64_t nsamples;   /* episode length in samples; -1 until rendered */
	char *opening_file; /* the opening's own file (numbered layout), or NULL */
	struct doc_loudness loudness;         /* of the episode */
	struct doc_loudness opening_loudness; /* of opening_file (numbered layout) */
	unsigned pieces, pieces_cached; /* how it was rendered: pieces in all, from the cache */
};

struct doc {
	struct arena arena;
	struct buf sections; /* vec of struct doc_section */
};

void doc_init(struct doc *d);
void doc_release(struct doc *d);
/* Frees what one article owns (its vectors; strings stay in the arena), for a
 * stage that drops the article from its section. */
void doc_release_article(struct doc_article *a);

/* Each returns the new element (zeroed, times -1) or NULL when out of memory. */
struct doc_section *doc_add_section(struct doc *d);
struct doc_article *doc_add_article(struct doc *d, struct doc_section *s);
struct doc_paragraph *doc_add_paragraph(struct doc_article *a);
struct doc_sentence *doc_add_sentence(struct doc *d, struct buf *vec, const char *text, size_t len);
int doc_add_byline(struct doc *d, struct doc_article *a, const char *s, size_t len);
/* Each returns 0 or TB_E_NOMEM; strings are copied into the doc's arena. */
int doc_add_note(struct doc *d, struct doc_section *s, const char *text, size_t len,
                 const char *kind);
int doc_add_pull_quote(struct doc *d, struct doc_article *a, const char *s, size_t len);

#define DOC_NSECTIONS(d)  VEC_LEN(&(d)->sections, struct doc_section)
#define DOC_SECTION(d, i) (&VEC_AT(&(d)->sections, struct doc_section, i))
#define DOC_NARTICLES(s)  VEC_LEN(&(s)->articles, struct doc_article)
#define DOC_ARTICLE(s, i) (&VEC_AT(&(s)->articles, struct doc_article, i))
#define DOC_NPARAS(a)     VEC_LEN(&(a)->paragraphs, struct doc_paragraph)
#define DOC_PARA(a, i)    (&VEC_AT(&(a)->paragraphs, struct doc_paragraph, i))
#define DOC_NSENTS(v)     VEC_LEN((v), struct doc_sentence)
#define DOC_SENT(v, i)    (&VEC_AT((v), struct doc_sentence, i))
#define DOC_NNOTES(s)     VEC_LEN(&(s)->furniture, struct doc_note)
#define DOC_NOTE(s, i)    (&VEC_AT(&(s)->furniture, struct doc_note, i))
#define DOC_NASIDES(a)    VEC_LEN(&(a)->asides, struct doc_aside)
#define DOC_ASIDE(a, i)   (&VEC_AT(&(a)->asides, struct doc_aside, i))
#define DOC_NPULLS(a)     VEC_LEN(&(a)->pull_quotes, char *)
#define DOC_PULL(a, i)    (VEC_AT(&(a)->pull_quotes, char *, i))
#define DOC_NBYLINES(a)   VEC_LEN(&(a)->bylines, char *)
#define DOC_BYLINE(a, i)  (VEC_AT(&(a)->bylines, char *, i))

/* The text a sentence is read with: speech, else spoken, else text. */
const char *doc_sentence_speech(const struct doc_sentence *s);
const char *doc_sentence_spoken(const struct doc_sentence *s);

#endif
