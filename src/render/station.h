/*
 * station — where the numbered layout puts every file of an edition, so that the
 * small MP3 modules behind public-address speakers (DFPlayer Mini, YX5300 and
 * their clones) can address each one, and the order they are played in.
 *
 * Those modules address a file as folder 01–99 and file 001–255 in it (their
 * "play folder/file" command: the folder's name is two digits, a file's name
 * starts with three), or, for modules that read a folder named "mp3", as
 * mp3/0001.mp3 … (the "play from mp3 folder" command, 1–3000 in their manuals).
 *
 * Layout `folders` (the default): every section starts a folder of its own;
 * its opening is file 001 (when it has one: anything to say, or a section cue),
 * its articles follow from 002 (from 001 without an opening); a section of more
 * than 255 files goes on in the next folder at 001. More than 99 folders is an
 * error (TB_E_LIMIT) before anything is written. Layout `mp3`: every file of the
 * edition in mp3/, numbered on from 0001 across sections, at most 3000.
 *
 * The playing order is the numbering: section by section, opening first, then
 * the articles in reading order. Every file's TIT2 is distinct across the
 * edition (a repeated headline gets "（2）" …), and its TRCK is its place in the
 * playing order over all files of the edition ("5/24"), so a player that sorts by
 * tags and one that sorts by names agree.
 *
 * The plan depends only on the document (every section, also those another shard
 * renders), so shards agree on every number. Ownership: the plan owns its files'
 * titles; release with station_release.
 */
#ifndef TB_STATION_H
#define TB_STATION_H

#include "core/buf.h"
#include "core/err.h"
#include "layout/doc.h"

#include <stddef.h>

enum station_layout { STATION_FOLDERS, STATION_MP3 };

#define STATION_MAX_FOLDERS      99
#define STATION_MAX_FOLDER_FILES 255
#define STATION_MAX_MP3_FILES    3000

struct station_file {
	size_t section;  /* index of its section in the document */
	size_t article;  /* 0: the section's opening; else the article's number, from 1 */
	unsigned folder; /* 1..99 in the folders layout; 0 in the mp3 layout */
	unsigned number; /* in its folder (1..255), or in mp3/ (1..3000) */
	char dir[4];     /* "01" … "99", or "mp3" */
	char name[12];   /* "001.mp3", or "0001.mp3" */
	char path[16];   /* dir "/" name */
	unsigned track;  /* place in the edition's playing order, from 1 */
	char *title;     /* its TIT2, distinct in the edition (owned by the plan) */
};

struct station_plan {
	enum station_layout layout;
	struct buf files;    /* vec of struct station_file, in playing order */
	struct buf sections; /* vec of size_t: each section's first file */
	unsigned folders;    /* folders used (the folders layout) */
};

/* Whether a section has an opening file: something to say, or a cue before sections. */
int station_has_opening(const struct doc_section *s, int section_cue);

/*
 * Plans every file of the document's sections. `publication` (may be NULL) goes into
 * the openings' titles. 0, TB_E_LIMIT naming the page that goes past the last folder
 * or file number, or TB_E_NOMEM.
 */
int station_plan(struct station_plan *p, const struct doc *d, enum station_layout layout,
                 const char *publication, int section_cue, struct tb_err *err);
void station_release(struct station_plan *p);

/* The file of section `section`'s opening (article 0) or article `article`, or NULL
 * (a section without an opening file). */
const struct station_file *station_file_of(const struct station_plan *p, size_t section,
                                           size_t article);
/* How many files the edition has. */
size_t station_nfiles(const struct station_plan *p);

/* "01/001.mp3" → 1 (folder 01, number 1); "mp3/0001.mp3" → folder 0, number 1.
 * 0 when `path` is one of the names a plan makes, -1 otherwise. */
int station_parse_path(const char *path, unsigned *folder, unsigned *number);

/* The README.txt of a station directory: what the numbers mean, and a shell command
 * that copies the files onto an empty card in playing order. Appends to `out`. */
int station_readme(const struct station_plan *p, struct buf *out);

/* The extended M3U playlist of section `section`, paths relative to the directory,
 * each #EXTINF with the file's duration in whole seconds (`seconds` per file of the
 * section, in its order). Appends to `out`. */
int station_playlist(const struct station_plan *p, size_t section, const double *seconds,
                     struct buf *out);

#endif
