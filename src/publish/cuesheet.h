/*
 * cuesheet — a CD-style cue sheet (`NAME.cue`) beside a WAV or FLAC episode,
 * one TRACK per article at its chapter start, so audio editors import the
 * chapters as markers. Times are mm:ss:ff with 75 frames per second, rounded
 * down. Titles are UTF-8 with double quotes replaced (the format cannot escape
 * them).
 */
#ifndef TB_CUESHEET_H
#define TB_CUESHEET_H

#include "core/buf.h"
#include "layout/doc.h"

/* Appends the cue sheet of a rendered section. 0 or TB_E_NOMEM. */
int cuesheet_write(struct buf *out, const struct doc_section *s, const char *album);

#endif
