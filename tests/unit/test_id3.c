/* Unit tests for the ID3v2.3 writer and reader (src/tag/id3.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "tag/id3.h"

#include <stdlib.h>
#include <string.h>

#define EMOJI "\xF0\x9F\x98\x80" /* U+1F600, a surrogate pair in UTF-16 */

static int build(const struct id3_tags *t, const struct id3_chapter *c, size_t n, size_t pad,
                 struct buf *out, struct tb_err *err)
{
	buf_reset(out);
	err_clear(err);
	return id3_build(t, c, n, pad, out, err);
}

/* The whole tag of one ASCII title and one chapter, byte for byte. */
static void test_exact_bytes_small_tag(void **state)
{
	static const unsigned char want[] = {
	        'I', 'D', '3', 3, 0, 0, 0, 0, 0, 87, /* header: v2.3.0, no flags, size 87 */
	        /* TIT2 "Ep", ISO-8859-1, no terminator */
	        'T', 'I', 'T', '2', 0, 0, 0, 3, 0, 0, 0, 'E', 'p',
	        /* CTOC "toc", top-level + ordered, one entry "a1", TIT2 "Ep" */
	        'C', 'T', 'O', 'C', 0, 0, 0, 22, 0, 0, 't', 'o', 'c', 0, 0x03, 1, 'a', '1', 0, 'T',
	        'I', 'T', '2', 0, 0, 0, 3, 0, 0, 0, 'E', 'p',
	        /* CHAP "a1", 0..1000 ms, no byte offsets, TIT2 "Hi" */
	        'C', 'H', 'A', 'P', 0, 0, 0, 32, 0, 0, 'a', '1', 0, 0, 0, 0, 0, 0, 0, 0x03, 0xE8,
	        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 'T', 'I', 'T', '2', 0, 0, 0, 3, 0,
	        0, 0, 'H', 'i'};
	struct id3_tags tags = {.title = "Ep"};
	struct id3_chapter ch = {.element_id = "a1", .title = "Hi", .start_ms = 0, .end_ms = 1000};
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(build(&tags, &ch, 1, 0, &out, &err), 0);
	assert_int_equal(out.len, sizeof want);
	assert_memory_equal(out.data, want, sizeof want);

	/* padding: zero bytes counted in the syncsafe size (87 + 300 = 387 = 3*128 + 3) */
	assert_int_equal(build(&tags, &ch, 1, 300, &out, &err), 0);
	assert_int_equal(out.len, sizeof want + 300);
	assert_int_equal((unsigned char)out.data[8], 3);
	assert_int_equal((unsigned char)out.data[9], 3);
	assert_memory_equal(out.data + 10, want + 10, sizeof want - 10);
	for (size_t i = sizeof want; i < out.len; i++)
		assert_int_equal(out.data[i], 0);
	buf_release(&out);
}

/* Non-ASCII text: encoding 1, BOM FF FE, UTF-16LE, emoji as a surrogate pair. */
static void test_exact_bytes_utf16_frame(void **state)
{
	static const unsigned char want[] = {'I', 'D',  '3',  3,    0,    0,    0,    0,    0,   19,
	                                     'T', 'I',  'T',  '2',  0,    0,    0,    9,    0,   0,
	                                     1,   0xFF, 0xFE, 0x2D, 0x4E, 0x3D, 0xD8, 0x00, 0xDE};
	struct id3_tags tags = {.title = "\xE4\xB8\xAD" EMOJI}; /* U+4E2D U+1F600 */
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(build(&tags, NULL, 0, 0, &out, &err), 0);
	assert_int_equal(out.len, sizeof want);
	assert_memory_equal(out.data, want, sizeof want);
	buf_release(&out);
}

/* utf16_always: ASCII too goes out as UTF-16 with BOM. */
static void test_utf16_always(void **state)
{
	static const unsigned char want[] = {'I', 'D', '3', 3,    0,    0,   0, 0,   0,
	                                     17,  'T', 'I', 'T',  '2',  0,   0, 0,   7,
	                                     0,   0,   1,   0xFF, 0xFE, 'E', 0, 'p', 0};
	struct id3_tags tags = {.title = "Ep", .utf16_always = 1};
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(build(&tags, NULL, 0, 0, &out, &err), 0);
	assert_int_equal(out.len, sizeof want);
	assert_memory_equal(out.data, want, sizeof want);
	buf_release(&out);
}

/* COMM: encoding, language, empty terminated description, text. */
static void test_exact_bytes_comment(void **state)
{
	static const unsigned char ascii[] = {'C', 'O', 'M', 'M', 0,   0, 0,   7,  0,
	                                      0,   0,   'c', 'h', 'i', 0, 'o', 'k'};
	/* each UTF-16 string has its own BOM: the description's and the text's */
	static const unsigned char wide[] = {'C', 'O', 'M',  'M',  0,    0,   0,    12,
	                                     0,   0,   1,    'u',  'n',  'd', 0xFF, 0xFE,
	                                     0,   0,   0xFF, 0xFE, 0x2D, 0x4E};
	struct id3_tags tags = {.language = "chi", .comment = "ok"};
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(build(&tags, NULL, 0, 0, &out, &err), 0);
	/* TLAN "chi" (14 bytes) comes first */
	assert_int_equal(out.len, 10 + 14 + sizeof ascii);
	assert_memory_equal(out.data + 24, ascii, sizeof ascii);

	tags.language = NULL;
	tags.comment = "\xE4\xB8\xAD";
	assert_int_equal(build(&tags, NULL, 0, 0, &out, &err), 0);
	assert_int_equal(out.len, 10 + sizeof wide);
	assert_memory_equal(out.data + 10, wide, sizeof wide);
	buf_release(&out);
}

static const struct id3_chapter subs[] = {
        {.element_id = "a02.s1", .title = "第一节", .start_ms = 21000, .end_ms = 30000},
        {.element_id = "a02.s2", .title = "第二节 " EMOJI, .start_ms = 30000, .end_ms = 41000},
};

static const struct id3_chapter episode[] = {
        {.element_id = "a01", .title = "城南公园春季开放", .start_ms = 0, .end_ms = 12000},
        {.element_id = "a02",
         .title = "新学期" EMOJI "社区图书馆延长开放时间",
         .start_ms = 12000,
         .end_ms = 45000,
         .children = subs,
         .nchildren = 2},
        {.element_id = "a03", .title = "Plain ASCII title", .start_ms = 45000, .end_ms = 61234},
};

static const struct id3_tags episode_tags = {
        .title = "晨间新闻 2024年5月3日",
        .album = "听报",
        .artist = "tingbao",
        .year = "2024",
        .date = "0305",
        .language = "chi",
        .encoder = "tingbao 0.1.0",
        .comment = "由程序朗读" EMOJI,
};

static void assert_text_frame(const struct id3_parsed *p, const char *id, const char *want)
{
	const struct id3_parsed_frame *f = id3_parsed_find_frame(p, id);

	assert_non_null(f);
	assert_non_null(f->text);
	assert_string_equal(f->text, want);
}

static void test_round_trip(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err;
	struct id3_parsed p;
	size_t i;

	(void)state;
	assert_int_equal(build(&episode_tags, episode, 3, 512, &out, &err), 0);
	assert_int_equal(id3_parse((unsigned char *)out.data, out.len, &p, &err), 0);
	assert_int_equal(p.version_major, 3);
	assert_int_equal(p.version_revision, 0);
	assert_int_equal(p.flags, 0);
	assert_int_equal(p.tag_size, out.len - 10);
	assert_int_equal(p.padding, 512);

	assert_text_frame(&p, "TIT2", episode_tags.title);
	assert_text_frame(&p, "TALB", episode_tags.album);
	assert_text_frame(&p, "TPE1", episode_tags.artist);
	assert_text_frame(&p, "TYER", "2024");
	assert_text_frame(&p, "TDAT", "0305");
	assert_text_frame(&p, "TLAN", "chi");
	assert_text_frame(&p, "TSSE", episode_tags.encoder);
	assert_text_frame(&p, "COMM", episode_tags.comment);

	/* sub-chapters are off by default: one CHAP per article, one CTOC */
	assert_int_equal(p.ntocs, 1);
	assert_string_equal(p.tocs[0].element_id, "toc");
	assert_int_equal(p.tocs[0].flags, 0x03);
	assert_string_equal(p.tocs[0].title, episode_tags.title);
	assert_int_equal(p.tocs[0].nchildren, 3);
	assert_int_equal(p.nchapters, 3);
	for (i = 0; i < 3; i++) {
		assert_string_equal(p.tocs[0].children[i], episode[i].element_id);
		assert_string_equal(p.chapters[i].element_id, episode[i].element_id);
		assert_string_equal(p.chapters[i].title, episode[i].title);
		assert_int_equal(p.chapters[i].start_ms, episode[i].start_ms);
		assert_int_equal(p.chapters[i].end_ms, episode[i].end_ms);
		assert_int_equal(p.chapters[i].start_offset, 0xFFFFFFFFu);
		assert_int_equal(p.chapters[i].end_offset, 0xFFFFFFFFu);
		assert_string_equal(p.frames[p.chapters[i].frame].id, "CHAP");
	}
	/* every sub-frame knows its parent; top-level frames have none */
	for (i = 0; i < p.nframes; i++) {
		if (p.frames[i].parent >= 0)
			assert_string_equal(p.frames[i].id, "TIT2");
		else
			assert_int_equal(p.frames[i].flags, 0);
	}
	id3_parsed_release(&p);
	buf_release(&out);
}

static void test_children_emitted_on_request(void **state)
{
	struct id3_tags tags = episode_tags;
	struct buf out = BUF_INIT;
	struct tb_err err;
	struct id3_parsed p;
	const struct id3_parsed_chapter *c;

	(void)state;
	tags.emit_children = 1;
	assert_int_equal(build(&tags, episode, 3, 0, &out, &err), 0);
	assert_int_equal(id3_parse((unsigned char *)out.data, out.len, &p, &err), 0);
	assert_int_equal(p.padding, 0);
	assert_int_equal(p.ntocs, 2);
	assert_int_equal(p.tocs[0].flags, 0x03);
	assert_int_equal(p.tocs[0].nchildren, 3); /* the top level lists articles only */
	assert_string_equal(p.tocs[1].element_id, "a02.toc");
	assert_int_equal(p.tocs[1].flags, 0x01);
	assert_string_equal(p.tocs[1].title, episode[1].title);
	assert_int_equal(p.tocs[1].nchildren, 2);
	assert_string_equal(p.tocs[1].children[0], "a02.s1");
	assert_string_equal(p.tocs[1].children[1], "a02.s2");
	assert_int_equal(p.nchapters, 5);
	c = id3_parsed_find_chapter(&p, "a02.s2");
	assert_non_null(c);
	assert_string_equal(c->title, subs[1].title);
	assert_int_equal(c->start_ms, 30000);
	assert_int_equal(c->end_ms, 41000);
	id3_parsed_release(&p);
	buf_release(&out);
}

static void test_deterministic(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(build(&episode_tags, episode, 3, 100, &a, &err), 0);
	assert_int_equal(build(&episode_tags, episode, 3, 100, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_release(&a);
	buf_release(&b);
}

/* A failing build returns the code, says why, and leaves `out` as it was. */
static void expect_failure(const struct id3_tags *t, const struct id3_chapter *c, size_t n,
                           size_t pad, int code, const char *needle)
{
	struct buf out = BUF_INIT;
	struct tb_err err;

	assert_int_equal(buf_adds(&out, "keep"), 0);
	err_clear(&err);
	assert_int_equal(id3_build(t, c, n, pad, &out, &err), code);
	assert_int_equal(out.len, 4);
	assert_string_equal(buf_cstr(&out), "keep");
	if (!strstr(err.msg, needle))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
	buf_release(&out);
}

static void test_errors(void **state)
{
	struct id3_chapter c[3];
	struct id3_chapter kids[2];
	struct id3_tags t = {.title = "x"};
	struct id3_chapter *many;
	size_t i;

	(void)state;
	memcpy(c, episode, sizeof c);
	c[1].children = NULL, c[1].nchildren = 0;

	c[0].end_ms = c[0].start_ms; /* empty chapter */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "a01 starts at 0 ms but ends at 0 ms");
	memcpy(c, episode, sizeof c);
	c[1].start_ms = 13000; /* gap */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "contiguous");
	memcpy(c, episode, sizeof c);
	c[1] = episode[2], c[2] = episode[1]; /* unordered */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "contiguous");
	memcpy(c, episode, sizeof c);
	c[2].element_id = "a01"; /* duplicate */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "\"a01\" is used twice");
	memcpy(c, episode, sizeof c);
	c[0].element_id = "a02.s1"; /* duplicate of a sub-chapter */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "used twice");
	memcpy(c, episode, sizeof c);
	c[0].element_id = "\xE7\xAC\xAC"; /* non-ASCII */
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "not printable ASCII");
	c[0].element_id = "a 1";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "not printable ASCII");
	c[0].element_id = "";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "no element id");
	c[0].element_id = "toc";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "reserved");
	c[0].element_id = "a01";
	c[0].title = NULL;
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "has no title");
	c[0].title = "bad \xC0\xAF utf-8";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "not valid UTF-8");
	c[0].title = "surrogate \xED\xA0\x80";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "not valid UTF-8");

	/* sub-chapters: outside the parent, overlapping */
	memcpy(c, episode, sizeof c);
	memcpy(kids, subs, sizeof kids);
	c[1].children = kids;
	kids[1].end_ms = 46000;
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "lies outside chapter a02");
	kids[1].end_ms = 41000;
	kids[1].start_ms = 29000;
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "before a02.s1 ends");

	/* tag fields */
	memcpy(c, episode, sizeof c);
	t.year = "24";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "not YYYY");
	t.year = "2024";
	t.date = "3205";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "DDMM");
	t.date = "0305";
	t.language = "zh";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "ISO 639-2");
	t.language = "chi";
	t.album = "\xFF";
	expect_failure(&t, c, 3, 0, TB_E_INPUT, "album is not valid UTF-8");
	t.album = NULL;

	/* limits: CTOC entry count is one byte; the tag size is 28 bits */
	many = calloc(256, sizeof *many);
	assert_non_null(many);
	for (i = 0; i < 256; i++) {
		many[i].element_id = "same";
		many[i].title = "t";
		many[i].start_ms = (uint32_t)i * 10;
		many[i].end_ms = (uint32_t)i * 10 + 10;
	}
	expect_failure(&t, many, 256, 0, TB_E_LIMIT, "at most 255");
	free(many);
	expect_failure(&t, c, 3, (size_t)ID3_MAX_TAG_SIZE, TB_E_LIMIT, "size limit");
}

static void test_empty_and_null(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err;
	struct id3_parsed p;
	static const unsigned char empty[] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0};

	(void)state;
	assert_int_equal(build(NULL, NULL, 0, 0, &out, &err), 0);
	assert_int_equal(out.len, sizeof empty);
	assert_memory_equal(out.data, empty, sizeof empty);
	assert_int_equal(id3_parse((unsigned char *)out.data, out.len, &p, &err), 0);
	assert_int_equal(p.nframes, 0);
	id3_parsed_release(&p);
	buf_release(&out);
}

static int parse_quietly(const unsigned char *d, size_t n)
{
	struct id3_parsed p;
	struct tb_err err;
	int rc = id3_parse(d, n, &p, &err);

	if (rc)
		assert_true(err.msg[0] != '\0');
	id3_parsed_release(&p);
	return rc;
}

/* Every prefix of a valid tag, and every byte of it replaced by a few values:
 * errors or successes, never a read out of bounds (run under ASan to see). */
static void test_parse_truncated_and_mutated(void **state)
{
	static const unsigned char values[] = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
	struct id3_tags tags = episode_tags;
	struct buf out = BUF_INIT;
	struct tb_err err;
	unsigned char *copy;
	size_t n, i, v;

	(void)state;
	tags.emit_children = 1;
	assert_int_equal(build(&tags, episode, 3, 16, &out, &err), 0);
	for (n = 0; n < out.len - 16; n++) {
		copy = malloc(n ? n : 1);
		assert_non_null(copy);
		memcpy(copy, out.data, n);
		assert_int_not_equal(parse_quietly(copy, n), 0);
		free(copy);
	}
	copy = malloc(out.len);
	assert_non_null(copy);
	for (i = 0; i < out.len; i++) {
		for (v = 0; v < sizeof values; v++) {
			memcpy(copy, out.data, out.len);
			copy[i] = values[v];
			(void)parse_quietly(copy, out.len);
		}
	}
	free(copy);
	buf_release(&out);
}

static void test_parse_garbage(void **state)
{
	static const unsigned char not_id3[] = "garbage that is not a tag at all";
	static const unsigned char v24[] = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0};
	static const unsigned char unsync[] = {'I', 'D', '3', 3, 0, 0x80, 0, 0, 0, 0};
	static const unsigned char bad_size[] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0x80, 0};
	/* a frame claiming more bytes than its tag holds */
	static const unsigned char overrun[] = {'I',  'D',  '3',  3,    0,   0,   0,
	                                        0,    0,    11,   'T',  'I', 'T', '2',
	                                        0x7F, 0xFF, 0xFF, 0xFF, 0,   0,   0};
	/* UTF-16 text without a BOM, and with a lone high surrogate */
	static const unsigned char no_bom[] = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 13,  'T', 'I',
	                                       'T', '2', 0,   0, 0, 3, 0, 0, 1, 'a', 0};
	static const unsigned char lone[] = {'I', 'D', '3', 3,    0,    0,    0,   0, 0,
	                                     15,  'T', 'I', 'T',  '2',  0,    0,   0, 5,
	                                     0,   0,   1,   0xFF, 0xFE, 0x3D, 0xD8};
	/* CTOC whose entry count promises more ids than it holds */
	static const unsigned char short_toc[] = {'I', 'D', '3', 3,   0, 0, 0,   0, 0, 18,
	                                          'C', 'T', 'O', 'C', 0, 0, 0,   8, 0, 0,
	                                          't', 'o', 'c', 0,   3, 2, 'a', 0};
	unsigned char noise[4096];
	uint32_t x = 12345;
	size_t i, round;

	(void)state;
	assert_int_equal(parse_quietly(NULL, 0), TB_E_INPUT);
	assert_int_equal(parse_quietly(not_id3, sizeof not_id3), TB_E_INPUT);
	assert_int_equal(parse_quietly(v24, sizeof v24), TB_E_INPUT);
	assert_int_equal(parse_quietly(unsync, sizeof unsync), TB_E_INPUT);
	assert_int_equal(parse_quietly(bad_size, sizeof bad_size), TB_E_INPUT);
	assert_int_equal(parse_quietly(overrun, sizeof overrun), TB_E_INPUT);
	assert_int_equal(parse_quietly(no_bom, sizeof no_bom), TB_E_INPUT);
	assert_int_equal(parse_quietly(lone, sizeof lone), TB_E_INPUT);
	assert_int_equal(parse_quietly(short_toc, sizeof short_toc), TB_E_INPUT);

	/* noise behind a valid header whose size covers it */
	for (round = 0; round < 200; round++) {
		for (i = 0; i < sizeof noise; i++) {
			x = x * 1103515245u + 12345u;
			noise[i] = (unsigned char)(x >> 16);
		}
		memcpy(noise, "ID3\x03\x00\x00\x00\x00\x1F\x76", 10); /* 4086 bytes */
		if (round % 2)
			memcpy(noise + 10, "CHAP\x00\x00\x00\x40\x00\x00", 10);
		(void)parse_quietly(noise, sizeof noise);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_exact_bytes_small_tag),
	        cmocka_unit_test(test_exact_bytes_utf16_frame),
	        cmocka_unit_test(test_exact_bytes_comment),
	        cmocka_unit_test(test_utf16_always),
	        cmocka_unit_test(test_round_trip),
	        cmocka_unit_test(test_children_emitted_on_request),
	        cmocka_unit_test(test_deterministic),
	        cmocka_unit_test(test_errors),
	        cmocka_unit_test(test_empty_and_null),
	        cmocka_unit_test(test_parse_truncated_and_mutated),
	        cmocka_unit_test(test_parse_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
