/*
 * libFuzzer target for the ID3v2.3 writer and reader.
 *
 * Input starting with 'B': the rest is split at 0x01 bytes into the tag's text
 * fields and then (element id, title) pairs of chapters; a tag built from them
 * must parse back with id3_parse to the same fields, chapters and times (abort
 * otherwise, which libFuzzer reports). Any other input: id3_parse on the raw
 * bytes, which must never read outside them or leak.
 */
#include "tag/id3.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NFIELDS   8
#define MAX_CHAPS 40

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_id3: round trip broken: %s\n", what);
		abort();
	}
}

static void check_text(const struct id3_parsed *p, const char *id, const char *want)
{
	const struct id3_parsed_frame *f = id3_parsed_find_frame(p, id);

	if (!want || !*want) {
		check(f == NULL || !strcmp(id, "TIT2"), id);
		return;
	}
	check(f != NULL && f->text != NULL && !strcmp(f->text, want), id);
}

static void build_and_parse(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *fields[NFIELDS + 2 * MAX_CHAPS];
	struct id3_chapter chaps[MAX_CHAPS];
	struct id3_tags tags;
	struct id3_parsed p;
	struct buf tag = BUF_INIT;
	struct tb_err err;
	size_t nf = 0, nchaps, i;
	char *s;

	if (!copy)
		return;
	memcpy(copy, data, size);
	copy[size] = '\0';
	s = copy;
	while (nf < sizeof(fields) / sizeof(fields[0])) {
		char *sep = strchr(s, 0x01);

		fields[nf++] = s;
		if (!sep)
			break;
		*sep = '\0';
		s = sep + 1;
	}
	while (nf < NFIELDS)
		fields[nf++] = NULL;
	memset(&tags, 0, sizeof(tags));
	tags.title = fields[0];
	tags.album = fields[1];
	tags.artist = fields[2];
	tags.year = fields[3];
	tags.date = fields[4];
	tags.language = fields[5];
	tags.encoder = fields[6];
	tags.comment = fields[7];
	tags.utf16_always = size > 1 && (data[1] & 1);
	nchaps = (nf - NFIELDS) / 2;
	for (i = 0; i < nchaps; i++) {
		chaps[i].element_id = fields[NFIELDS + 2 * i];
		chaps[i].title = fields[NFIELDS + 2 * i + 1];
		chaps[i].start_ms = (uint32_t)(i * 1000);
		chaps[i].end_ms = (uint32_t)((i + 1) * 1000);
		chaps[i].children = NULL;
		chaps[i].nchildren = 0;
	}
	if (id3_build(&tags, chaps, nchaps, 16, &tag, &err) == 0) {
		check(id3_parse((const unsigned char *)tag.data, tag.len, &p, &err) == 0, err.msg);
		check_text(&p, "TALB", tags.album);
		check_text(&p, "TPE1", tags.artist);
		check_text(&p, "TSSE", tags.encoder);
		check(p.nchapters == nchaps, "chapter count");
		for (i = 0; i < nchaps; i++) {
			const struct id3_parsed_chapter *c =
			        id3_parsed_find_chapter(&p, chaps[i].element_id);

			check(c != NULL, "chapter id");
			check(c->title && !strcmp(c->title, chaps[i].title), "chapter title");
			check(c->start_ms == chaps[i].start_ms && c->end_ms == chaps[i].end_ms,
			      "chapter times");
		}
		id3_parsed_release(&p);
	} else {
		check(tag.len == 0, "a failed build changed the buffer");
	}
	buf_release(&tag);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct id3_parsed p;
	struct tb_err err;

	if (size > 0 && data[0] == 'B') {
		build_and_parse(data + 1, size - 1);
		return 0;
	}
	id3_parse(data, size, &p, &err);
	id3_parsed_release(&p);
	return 0;
}
