/*
 * feat — what one line of a page looks like, as explicit features: its length,
 * how it ends, dates, weekdays, edition codes, bullets, brackets, credits,
 * bylines, datelines, continuation notes, footers. Layout decides a line's role
 * from these and from the line's neighbours (docs/layout.md lists them all).
 *
 * Everything here looks at one line only and keeps nothing: (pointer, byte
 * length) of valid UTF-8 in, numbers and byte offsets out. Word lists come from
 * the hints (layout/hints.h) and only ever add to what the shape says.
 */
#ifndef TB_FEAT_H
#define TB_FEAT_H

#include "layout/hints.h"

#include <stddef.h>
#include <stdint.h>

/* How a line ends. */
enum feat_end {
	FEAT_OPEN,   /* no punctuation: a heading or text cut short */
	FEAT_PAUSE,  /* ，、 — the text goes on */
	FEAT_COLON,  /* ：; and ；: closes a clause */
	FEAT_DASH,   /* —— : a kicker above a title */
	FEAT_CLOSED, /* 。！？… maybe with closing quotes: a sentence ends */
};

struct feat {
	size_t nchars, ncjk, ndigits, nlatin;
	size_t key_chars;  /* characters of the line's key (feat_key) */
	uint64_t key_hash; /* FNV-1a of the line, letter-spacing aside: repeated lines share it */
	enum feat_end end;
	unsigned inner_end : 1;     /* a sentence ends before the last character */
	unsigned unbalanced : 1;    /* more opening than closing quotes or brackets */
	unsigned symbols_only : 1;  /* no letter, digit or ideograph ("★★★") */
	unsigned letter_spaced : 1; /* "要 闻": single characters between spaces */
	unsigned has_comma : 1;
	/* page-furniture evidence */
	unsigned date : 1;     /* 2024年1月5日, 2024.01.05, 1月5日 */
	unsigned weekday : 1;  /* 星期五, 周五 */
	unsigned lunar : 1;    /* 农历…, 腊月初八 */
	unsigned edition : 1;  /* 第2版, A06, B2, 今日8版 */
	unsigned issue : 1;    /* 第27593期, CN11-0001, 代号1-1 */
	unsigned page_no : 1;  /* a line of one to three digits */
	unsigned staff : 1;    /* 责任编辑：某某 校对：某某 */
	unsigned contact : 1;  /* 新闻热线 0871-…, 本版邮箱, 扫码关注 */
	unsigned pattern : 1;  /* matches a furniture pattern of the hints */
	unsigned section : 1;  /* a listed section name (要闻), whole line */
	unsigned masthead : 1; /* short and ends like a paper's name (…日报) */
	/* roles the line announces itself */
	unsigned byline : 1;     /* 本报记者 某某 / (记者 某某) / 文/某某 */
	unsigned credit : 1;     /* a photo credit: …摄, 图/…, …供图 */
	unsigned label_hint : 1; /* a listed column label or one ending like it */
	unsigned label_word : 1; /* a listed column label */
	int box_hint;            /* FEAT_BOX_* for a box label's word */
	unsigned briefs_hint : 1;
	unsigned bracketed : 1; /* the whole line in 【】〔〕[] */
	size_t bullet_len;      /* bytes of a leading ■●◆★□▲… and spaces, or 0 */
	uint32_t bullet;        /* that bullet */
	unsigned caption : 1;   /* opens like a photo caption: 图为, 上图：, ▲ */
	size_t caption_len;     /* bytes of its mark left unread (上图：, ▲), or 0 */
	size_t item_title_len;  /* bytes of a leading 【title】 followed by text, or 0 */
	size_t mark_len;     /* a box label with its text on the line ("编者按：…"), or 0 */
	size_t dateline_len; /* bytes of a dateline opening the line, or 0 */
	unsigned turn : 1;   /* 记者：/问：/答：/某某： opening a Q&A turn */
	size_t number_len;   /* bytes of a list number opening the line: 一、 (一) 1. ① */
	unsigned signature : 1; /* a signature in brackets: "(记者 某某)", not "(作者系…)" */
};

enum { FEAT_BOX_NONE, FEAT_BOX_SUMMARY, FEAT_BOX_ASIDE, FEAT_BOX_SUFFIX };

void feat_compute(const char *s, size_t len, const struct layout_hints *h, struct feat *f);

/* The line without letter-spacing ("要 闻" → "要闻") and a trailing colon, into
 * `out` (cap bytes); returns its length (0 when it does not fit). */
size_t feat_key(const char *s, size_t len, char *out, size_t cap);

/* A continuation note ("(下转第四版)", "(转A03版)", "详见第5版") at or after byte
 * `from`: 1 with its span in [*start, *end), else 0. */
int feat_find_jump(const char *s, size_t len, size_t from, size_t *start, size_t *end);

/* Where a photo credit printed at the end of a caption line starts ("…。 新华社
 * 记者 某某 摄"): the byte offset of the credit, or 0 when there is none. */
size_t feat_credit_tail(const char *s, size_t len, const struct layout_hints *h);

/* The whole line is a photo credit / a byline. */
int feat_is_credit(const char *s, size_t len, const struct layout_hints *h);
int feat_is_byline(const char *s, size_t len, const struct layout_hints *h);

/* Bytes of a dateline opening the line ("本报讯(记者某某)", "新华社北京1月4日电
 * (记者 某某)"), spaces after it included; 0 if none. */
size_t feat_dateline_len(const char *s, size_t len, const struct layout_hints *h);

/* Bytes of the furniture tokens a line starts with (a page header glued to
 * the first words of a paragraph: "2024年1月5日 星期五 要闻 近日，…"), or 0. */
size_t feat_header_prefix(const char *s, size_t len, const struct layout_hints *h);

/* The line opens like running text: a connective or time before a comma. */
int feat_opens_like_body(const char *s, size_t len, const struct layout_hints *h);

/* Bytes of a list number opening the line ("一、", "(一)", "1.", "2、", "①"), or 0. */
size_t feat_list_number(const char *s, size_t len);

/* Bytes of a leading bullet ("■ ", "●") or 0; *c gets the bullet. */
size_t feat_bullet_len(const char *s, size_t len, uint32_t *c);

#endif
