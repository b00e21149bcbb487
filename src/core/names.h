/*
 * names — file names we derive from user input (page file names, titles), made
 * safe on every filesystem and stable: the same input gives the same name.
 */
#ifndef TB_NAMES_H
#define TB_NAMES_H

#include <stddef.h>

/* The episode id for section `index` of `count` sections found in page file `path`:
 * its base name without the extension, reduced to [A-Za-z0-9_-] (other runs become
 * one '_'), at most 48 bytes, "section" when nothing is left, with "-NN" appended
 * when the page holds several sections. Written to out (size bytes, NUL-terminated). */
void names_episode_id(const char *path, size_t index, size_t count, char *out, size_t size);

#endif
