/*
 * id3 — writes (and reads back) the ID3v2.3 tag of an episode: text frames and
 * chapters (the ID3v2 Chapter Frame Addendum's CHAP and CTOC frames).
 *
 * What id3_build() writes, in this order, with no unsynchronisation, no
 * extended header and no frame flags:
 *   10-byte header "ID3" 03 00, flags 00, tag size (syncsafe, 28 bits);
 *   TIT2 TALB TPE1 TRCK TYER TDAT TLAN TSSE COMM — each only when its field is
 *     non-NULL and non-empty;
 *   CTOC "toc", flags 0x03 (top-level + ordered), one entry per top-level
 *     chapter in the order given, and a TIT2 sub-frame with tags->title;
 *   per top-level chapter: CHAP <id>, start/end in ms, start/end byte offsets
 *     0xFFFFFFFF ("use the times"), a TIT2 sub-frame with its title; then, only
 *     with tags->emit_children, a CTOC "<id>.toc" (flags 0x01: ordered, not
 *     top-level) listing its sub-chapters and one CHAP per sub-chapter;
 *   `padding` zero bytes (counted in the tag size).
 *
 * Text encoding: a string made only of ASCII is written as ISO-8859-1
 * (encoding byte 0; identical bytes, half the size of UTF-16; every reader
 * handles it) unless tags->utf16_always; any other string is written as
 * UTF-16 little-endian with a BOM (encoding byte 1, FF FE, the byte order
 * ffmpeg and mutagen write too), characters beyond the BMP as surrogate
 * pairs. v2.3 has no UTF-8. Element ids are always ISO-8859-1.
 * Text information frames carry no terminator (the frame size ends them);
 * COMM's description is terminated (00 or 00 00) as the spec requires.
 *
 * Sub-chapters are off by default because libavformat (ffprobe 5.1 checked,
 * and the players built on it) turns every CHAP frame of a tag into a chapter
 * and ignores CTOC: sub-chapter CHAPs show up as extra chapters, interleaved
 * with the articles by start time. With emit_children off, the `children` of
 * a chapter are still validated but not written. (mutagen reads both ways.)
 *
 * Input rules (TB_E_INPUT otherwise): chapter times strictly increasing per
 * chapter (start < end), top-level chapters contiguous (each starts where the
 * previous one ended); sub-chapters inside their parent, in order, not
 * overlapping, and not nested further; element ids 1..ID3_MAX_ID_LEN printable
 * ASCII, unique across the tag, and not "toc" or ending in ".toc"; strings
 * valid UTF-8; year "YYYY", date "DDMM", language three or more lowercase
 * letters in groups of three; track "N" or "N/M". Limits (TB_E_LIMIT): at most 255 entries per
 * CTOC (its entry count is one byte) and a tag no larger than the 28-bit
 * syncsafe size. On failure `out` is left as it was.
 *
 * Same input, same bytes: nothing depends on time, locale or memory layout.
 */
#ifndef TB_TAG_ID3_H
#define TB_TAG_ID3_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define ID3_HEADER_LEN       10
#define ID3_FRAME_HEADER_LEN 10
#define ID3_MAX_TAG_SIZE     0x0FFFFFFFu /* bytes after the header, 28-bit syncsafe */
#define ID3_MAX_ID_LEN       64          /* our own cap on element ids */
#define ID3_MAX_TOC_ENTRIES  255         /* CTOC's entry count is one byte */
#define ID3_NO_OFFSET        0xFFFFFFFFu /* CHAP byte offsets: not given */
#define ID3_TOC_ID           "toc"

struct id3_chapter {
	const char *element_id; /* ASCII, unique, e.g. "a01" or "a01.s1" */
	const char *title;      /* UTF-8; becomes the CHAP's TIT2 */
	uint32_t start_ms, end_ms;
	/* Sub-chapters (subheads), written only with id3_tags.emit_children. */
	const struct id3_chapter *children;
	size_t nchildren;
};

struct id3_tags {
	const char *title;    /* TIT2 (also the top-level CTOC's TIT2) */
	const char *album;    /* TALB */
	const char *artist;   /* TPE1 */
	const char *track;    /* TRCK, "N" or "N/M", or NULL */
	const char *year;     /* TYER, "YYYY" or NULL */
	const char *date;     /* TDAT, "DDMM" or NULL */
	const char *language; /* TLAN, ISO 639-2 e.g. "chi"; also COMM's language */
	const char *encoder;  /* TSSE */
	const char *comment;  /* COMM, optional */
	int emit_children;    /* write sub-chapters (see the top of this file); default 0 */
	int utf16_always;     /* write ASCII strings as UTF-16 too; default 0 (ISO-8859-1) */
};

/* Builds a complete ID3v2.3 tag (header + frames + `padding` zero bytes) and
 * appends it to `out`. Returns 0 or TB_E_INPUT / TB_E_LIMIT / TB_E_NOMEM; on
 * failure `out` keeps its previous length. `chapters` may be NULL when
 * nchapters is 0 (then no CTOC is written). */
int id3_build(const struct id3_tags *tags, const struct id3_chapter *chapters, size_t nchapters,
              size_t padding, struct buf *out, struct tb_err *err);

/*
 * The reader: strict, for our own tags, tests and fuzzing. Accepts ID3v2.3
 * only, without unsynchronisation (an extended header is skipped). Never reads
 * outside data[0..len). Text is decoded to UTF-8; any malformed text (bad
 * encoding byte, UTF-16 without BOM, odd length, lone surrogate) is an error.
 */
struct id3_parsed_frame {
	char id[5];      /* NUL-terminated four-character id */
	uint32_t offset; /* of the frame header, from the start of data */
	uint32_t size;   /* body size, without the 10-byte header */
	uint16_t flags;
	int parent;       /* index of the CHAP/CTOC frame holding it, or -1 */
	const char *text; /* UTF-8 for T*** frames (up to the first terminator) and
	                     COMM (its text), else NULL */
};

struct id3_parsed_chapter {
	const char *element_id;
	const char *title; /* its TIT2, or NULL when it has none */
	uint32_t start_ms, end_ms;
	uint32_t start_offset, end_offset;
	int frame; /* index into frames */
};

struct id3_parsed_toc {
	const char *element_id;
	const char *title; /* its TIT2, or NULL */
	unsigned flags;    /* bit 1 top-level, bit 0 ordered */
	const char **children;
	size_t nchildren;
	int frame;
};

struct id3_parsed {
	unsigned version_major, version_revision, flags;
	uint32_t tag_size; /* syncsafe size from the header: bytes after it */
	size_t padding;    /* zero bytes after the last frame */
	struct id3_parsed_frame *frames;
	size_t nframes;
	struct id3_parsed_chapter *chapters;
	size_t nchapters;
	struct id3_parsed_toc *tocs;
	size_t ntocs;
	struct arena mem; /* every pointer above lives here */
};

/* Parses the tag at the start of data. Returns 0 or TB_E_INPUT (with the
 * offset of the problem in the message) / TB_E_NOMEM. `out` must be released
 * with id3_parsed_release() in either case. */
int id3_parse(const unsigned char *data, size_t len, struct id3_parsed *out, struct tb_err *err);
void id3_parsed_release(struct id3_parsed *p);

/* Lookups in a parsed tag; NULL when absent. */
const struct id3_parsed_frame *id3_parsed_find_frame(const struct id3_parsed *p, const char *id);
const struct id3_parsed_chapter *id3_parsed_find_chapter(const struct id3_parsed *p,
                                                         const char *element_id);

#endif
