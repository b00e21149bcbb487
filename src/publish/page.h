/*
 * page — index.html: one static page that plays every published episode with
 * the browser's audio element, lists its chapters as links that seek, and
 * shows the transcript with the sentence being read highlighted.
 *
 * The page is self-contained (inline CSS and script, no external resources)
 * and uses only relative links, so it works from file:// and from any static
 * server. All text comes from the episodes and is HTML-escaped; the script
 * reads times from data-* attributes, never from text spliced into script.
 *
 * After a seek, until data is there ('seeking', 'waiting', or fetching the
 * whole file from a server without Range requests), the player shows a
 * loading line (加载中…).
 *
 * Test hooks: "#t=SECONDS" seeks the first episode on load; "?selftest=1"
 * clicks each episode's last chapter link once its audio has metadata and
 * writes "id want got readyState highlighted loading" lines into <pre
 * id="selftest"> (data-done="1" when all episodes reported; loading is "1"
 * when the loading line was shown after the click, "+" appended if it still
 * is), so a headless browser can check that links seek.
 */
#ifndef TB_PAGE_H
#define TB_PAGE_H

#include "core/buf.h"
#include "publish/feed.h"

#include <stddef.h>
#include <stdint.h>

struct page_info {
	const char *title;       /* the publication */
	const char *description; /* may be NULL */
};

/* An episode's duration as the page shows it: "23分52秒", "1小时2分5秒", "52秒". */
void page_format_duration(char *dst, size_t size, int64_t ms);

/* Appends the page for items (in the order given). 0 or TB_E_NOMEM / TB_E_LIMIT. */
int page_write(struct buf *out, const struct page_info *pi, const struct feed_item *items,
               size_t n);

#endif
