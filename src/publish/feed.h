/*
 * feed — the podcast feed (RSS 2.0 with the iTunes, Podcasting 2.0, content and
 * Atom namespaces) for a list of published episodes, and the XML escaping the
 * page shares.
 *
 * We write the XML ourselves rather than through libxml2's xmlwriter: a feed is
 * a fixed, shallow shape, so the writer is one escaping function plus buf_addf;
 * the escaping also drops what XML 1.0 cannot carry at all (C0 controls other
 * than tab/LF/CR, U+FFFE, U+FFFF), which xmlwriter would pass through as
 * ill-formed output; and the bytes (indentation, attribute order) are ours, so
 * re-publishing is byte-identical across library versions.
 *
 * Items are written in the order given (publish sorts them). Nothing here
 * reads the clock: dates come from the items.
 */
#ifndef TB_FEED_H
#define TB_FEED_H

#include "core/buf.h"
#include "publish/mread.h"

#include <stddef.h>
#include <stdint.h>

struct feed_channel {
	const char *title;       /* the publication */
	const char *description; /* NULL: a sentence made from the title */
	const char *base_url;    /* where DIR is served, no trailing '/'; NULL: relative URLs */
	const char *author;      /* itunes:author; NULL: the title */
	const char *comment;     /* written as <!-- comment --> after the XML declaration (it
	                          * must not hold "--"); NULL: none */
	const char *image;       /* the cover's file name in DIR (itunes:image, RSS image);
	                          * NULL: none */
	const char *owner_name;  /* itunes:owner's name; NULL: the author */
	const char *owner_email; /* itunes:owner (written only with an email), podcast:locked's
	                          * owner; NULL: none */
	const char *category;    /* "Category" or "Category/Subcategory" (feed_category_known);
	                          * NULL: News/Daily News */
	int explicit_;           /* itunes:explicit of the channel and every item */
	int locked;              /* podcast:locked yes/no */
	const char *guid;        /* podcast:guid (feed_podcast_guid); NULL: none */
};

struct feed_item {
	const struct mr_episode *ep;
	const char *date;     /* YYYY-MM-DD used for pubDate and the guid */
	uint64_t audio_bytes; /* the enclosure's exact length */
	const char *title;    /* the item's title (feed_episode_title); NULL: the episode's */
};

/* Appends the whole feed. 0 or TB_E_NOMEM / TB_E_LIMIT. */
int feed_write(struct buf *out, const struct feed_channel *ch, const struct feed_item *items,
               size_t n);

/* Appends s (len bytes of UTF-8) escaped for XML and HTML text and attribute values:
 * & < > " ' become references; characters XML 1.0 forbids are dropped. */
int feed_escape(struct buf *out, const char *s, size_t len);
int feed_escapes(struct buf *out, const char *s);

/* "Fri, 08 Mar 2024 00:00:00 +0800" from "2024-03-08" (midnight, China time).
 * Returns 0, or -1 when the date is not a valid YYYY-MM-DD. */
int feed_rfc822_date(char *dst, size_t size, const char *ymd);

/* Appends base + "/" + name with name percent-encoded (RFC 3986 unreserved bytes
 * kept); a NULL or empty base gives the encoded name alone (a relative URL). */
int feed_url(struct buf *out, const char *base, const char *name);

/* The stable guid of an episode: base + "/" + id + "/" + date, or "tingbao:" id ":" date
 * without a base. Never depends on the time of publishing. */
int feed_guid(struct buf *out, const char *base, const char *id, const char *date);

/* podcast:guid as Podcasting 2.0 specifies it: the UUID v5 (SHA-1) of the feed's URL with
 * its scheme ("https://") and trailing slashes taken off, in the namespace
 * ead4c236-bf58-58c6-a2c6-a6b28d128cb6; lower-case, 36 characters and a NUL into out. */
#define FEED_GUID_NAMESPACE "ead4c236-bf58-58c6-a2c6-a6b28d128cb6"
void feed_podcast_guid(const char *feed_url, char out[37]);

/* 1 when `c` is one of Apple Podcasts' categories ("News", "News/Daily News" …, as listed
 * in voices/feed/categories.txt). */
int feed_category_known(const char *c);

/*
 * An item's title from a template: {paper}, {date}, {section} and {headline} are
 * replaced (a missing one by nothing; the spaces it leaves are folded into one, none
 * before a colon and none at either end). The default is FEED_TITLE_DEFAULT:
 * "工人日报 2024年3月8日 要闻：标题".
 */
#define FEED_TITLE_DEFAULT "{paper} {date} {section}\xEF\xBC\x9A{headline}"
int feed_episode_title(struct buf *out, const char *fmt, const char *paper, const char *date,
                       const char *section, const char *headline);

/* MIME type of an audio file from its extension ("audio/mpeg" for .mp3). */
const char *feed_audio_type(const char *file);

#endif
