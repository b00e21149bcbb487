/*
 * select — shorter episodes made from the laid-out doc, before the front end:
 * only the articles a user names (`render --only a03,a05`, ids as `plan` prints
 * them), or a bulletin (`render --brief`): each article's title and its first
 * sentence (two when the first is short), for a listener who wants the news in
 * the time of one traffic light.
 *
 * Both change the doc in place and keep what is printed of the articles they
 * keep (label, kicker, bylines ... stay in the manifest); what is read is only
 * what remains in `heading` and `paragraphs`. Episode ids get a suffix
 * ("-brief", "-part") so a short episode never replaces the full one.
 */
#ifndef TB_SELECT_H
#define TB_SELECT_H

#include "core/err.h"
#include "layout/doc.h"

/* Keeps the articles whose ids are in the comma-separated `ids` (every section;
 * TB_E_USAGE naming an id that matches no article). */
int sel_only(struct doc *d, const char *ids, struct tb_err *err);

/* Cuts every article to its title and first sentence(s). 0 or TB_E_NOMEM. */
int sel_brief(struct doc *d, struct tb_err *err);

#endif
