/*
 * roles — the role of each line that is not furniture, from its features and
 * its neighbours: byline, photo credit, ornament, box label, heading-like short
 * line, running text; and pull quotes (a body sentence printed again in large
 * type, found where its words stand in a longer line nearby).
 *
 * Runs after furniture_find() and before repair; roles_find_pullquotes() runs
 * again after repair, when broken paragraphs are whole.
 */
#ifndef TB_ROLES_H
#define TB_ROLES_H

#include "layout/page.h"

/* Lines longer than this that do not end a sentence are body text cut short,
 * never headings. */
#define ROLES_HEADING_MAX_CHARS 40

void roles_classify(struct page *p);
void roles_find_pullquotes(struct page *p);

/* Line i could be a box label where it stands (listed, or shaped like one). */
int roles_box_label_shape(const struct page *p, size_t i);

#endif
