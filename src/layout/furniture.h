/*
 * furniture — finds what a page prints around its articles and never reads:
 * masthead, date and weekday, lunar date, edition code, section name, issue
 * number, running headers repeated mid-page, staff and hotline footers, stray
 * page numbers, the same line printed twice, continuation notes.
 *
 * A line is furniture by its own evidence (a date with a weekday, "第2版",
 * "责任编辑：…", a line repeated on the page), by its place (a short line in the
 * page header next to such a line, a short line after the last article), and
 * by the hints (section names, how a paper's name ends, the user's patterns).
 * A page header glued to the first words of a paragraph is cut off as a piece
 * of its own. Marks lines ROLE_FURNITURE with their kind and reason.
 */
#ifndef TB_FURNITURE_H
#define TB_FURNITURE_H

#include "layout/page.h"

/* 0 or TB_E_NOMEM. */
int furniture_find(struct page *p);

/* The kind's name for the manifest ("date", "running-header", ...). */
const char *furniture_kind_name(enum page_furniture k);

#endif
