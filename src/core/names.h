/*
 * names — file names we derive from user input (page file names, titles), made
 * safe on every filesystem and stable: the same input gives the same name.
 */
#ifndef TB_NAMES_H
#define TB_NAMES_H

#include <stddef.h>

/* The episode id for section `index` of `count` sections found in page file `path`:
 * its base name without the extension, reduced to [A-Za-z0-9_-] (other runs become
 * one '_'), with no '-' or '_' at either end (a leading '-' reads as an option to
 * every tool; a leading '.' cannot survive), at most 48 bytes; a Windows device
 * name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, any case) gets a '_' appended; a name
 * with nothing left (all Chinese, say) becomes "page-" and 8 hex digits of a hash
 * of its bytes (FNV-1a), "section" when there is no name at all; "-NN" is appended
 * when the page holds several sections. At most 48 + 3 + 1 bytes; pure ASCII, so
 * safe on every filesystem; depends only on the name (stable). Written to out
 * (size bytes, NUL-terminated). */
void names_episode_id(const char *path, size_t index, size_t count, char *out, size_t size);

/* When pages of one run give the same id (01.txt in two folders), each of them gets
 * "~" and 8 hex digits of a hash (FNV-1a) of its path as given, with "./" and repeated
 * '/' left out: the same path always gets the same id, whatever else is in the run.
 * Appends to `id` (size bytes); the result is at most 48 + 3 + 9 bytes. */
void names_disambiguate(char *id, size_t size, const char *path);

/* 1 when `id` is one names_episode_id() and names_disambiguate() can make (or an
 * earlier version's "~N" suffix): what publish accepts as an episode id, so that no
 * manifest can make file names or feed entries out of anything else. */
int names_valid_id(const char *id);

#endif
