/* Unit tests of render/station (the numbered layout's plan) and render/opening (what a
 * section's opening says): numbers small players can address, overflow into the next
 * folder, limits before anything is written, distinct titles, the opening's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render/opening.h"
#include "render/station.h"

#include <stdio.h>
#include <string.h>

/* A section of `n` articles titled "标题k" (every `same`-th one "同题"), with an opening
 * sentence when `opening`. */
static struct doc_section *section(struct doc *d, size_t n, int opening, size_t same)
{
	struct doc_section *s = doc_add_section(d);
	char title[32];
	size_t k;

	assert_non_null(s);
	s->title = arena_strdup(&d->arena, "版面");
	for (k = 0; k < n; k++) {
		struct doc_article *a = doc_add_article(d, s);

		assert_non_null(a);
		snprintf(title, sizeof(title), "标题%zu", k + 1);
		a->title = arena_strdup(&d->arena, same && k % same == 0 ? "同题" : title);
		snprintf(a->id, sizeof(a->id), "a%05u", (unsigned)((k + 1) & 0xFFFF));
	}
	if (opening)
		assert_non_null(doc_add_sentence(d, &s->intro, "开场", 6));
	return s;
}

static const struct station_file *file(const struct station_plan *p, size_t i)
{
	return &VEC_AT(&p->files, struct station_file, i);
}

/* The folders layout: the opening is 001, articles from 002; 261 files overflow into the
 * next folder at 001; the next section starts a folder of its own. */
static void test_folders_overflow(void **state)
{
	struct station_plan p;
	struct doc d;
	struct tb_err err = {0, ""};

	(void)state;
	doc_init(&d);
	section(&d, 260, 1, 0);
	section(&d, 2, 0, 0);
	assert_int_equal(station_plan(&p, &d, STATION_FOLDERS, "工人日报", 0, &err), 0);
	assert_int_equal(station_nfiles(&p), 261 + 2);
	assert_string_equal(file(&p, 0)->path, "01/001.mp3");
	assert_int_equal(file(&p, 0)->article, 0);
	assert_string_equal(file(&p, 1)->path, "01/002.mp3");
	assert_int_equal(file(&p, 1)->article, 1);
	assert_string_equal(file(&p, 254)->path, "01/255.mp3");
	assert_string_equal(file(&p, 255)->path, "02/001.mp3");
	assert_int_equal(file(&p, 255)->article, 255);
	assert_string_equal(file(&p, 260)->path, "02/006.mp3");
	/* no opening: the second section's articles start at 001 of a new folder */
	assert_string_equal(file(&p, 261)->path, "03/001.mp3");
	assert_int_equal(file(&p, 261)->article, 1);
	assert_int_equal(p.folders, 3);
	assert_string_equal(station_file_of(&p, 0, 0)->path, "01/001.mp3");
	assert_string_equal(station_file_of(&p, 0, 260)->path, "02/006.mp3");
	assert_null(station_file_of(&p, 1, 0));
	assert_string_equal(station_file_of(&p, 1, 2)->path, "03/002.mp3");
	assert_int_equal(file(&p, 262)->track, 263);
	assert_true(strstr(file(&p, 0)->title, "工人日报") != NULL);
	station_release(&p);
	doc_release(&d);
}

/* Every file in mp3/, numbered on across sections. */
static void test_mp3_layout(void **state)
{
	struct station_plan p;
	struct doc d;
	struct tb_err err = {0, ""};
	struct buf readme = BUF_INIT;

	(void)state;
	doc_init(&d);
	section(&d, 3, 1, 0);
	section(&d, 2, 1, 0);
	assert_int_equal(station_plan(&p, &d, STATION_MP3, NULL, 0, &err), 0);
	assert_string_equal(file(&p, 0)->path, "mp3/0001.mp3");
	assert_string_equal(file(&p, 4)->path, "mp3/0005.mp3");
	assert_int_equal(file(&p, 4)->section, 1);
	assert_int_equal(file(&p, 4)->article, 0);
	assert_string_equal(station_file_of(&p, 1, 2)->path, "mp3/0007.mp3");
	assert_int_equal(station_readme(&p, &readme), 0);
	assert_non_null(strstr(buf_cstr(&readme), "for d in mp3; do mkdir -p"));
	buf_release(&readme);
	station_release(&p);
	doc_release(&d);
}

/* Past folder 99, or past mp3/3000.mp3: an error naming the page, and no plan. */
static void test_limits(void **state)
{
	struct station_plan p;
	struct doc d;
	struct tb_err err = {0, ""};
	size_t i;

	(void)state;
	doc_init(&d);
	for (i = 0; i < 100; i++)
		section(&d, 1, 0, 0)->source = arena_strdup(&d.arena, "page.txt");
	assert_int_equal(station_plan(&p, &d, STATION_FOLDERS, NULL, 0, &err), TB_E_LIMIT);
	assert_non_null(strstr(err.msg, "page.txt"));
	assert_non_null(strstr(err.msg, "folder 100"));
	assert_int_equal(station_nfiles(&p), 0);
	doc_release(&d);

	doc_init(&d);
	section(&d, 3000, 1, 0);
	assert_int_equal(station_plan(&p, &d, STATION_MP3, NULL, 0, &err), TB_E_LIMIT);
	assert_non_null(strstr(err.msg, "3000"));
	doc_release(&d);

	doc_init(&d);
	section(&d, 99 * 255, 0, 0); /* exactly 99 full folders */
	assert_int_equal(station_plan(&p, &d, STATION_FOLDERS, NULL, 0, &err), 0);
	assert_string_equal(file(&p, station_nfiles(&p) - 1)->path, "99/255.mp3");
	station_release(&p);
	doc_release(&d);
}

/* Titles are distinct across the edition; the opening's differs from every headline. */
static void test_distinct_titles(void **state)
{
	struct station_plan p;
	struct doc d;
	struct tb_err err = {0, ""};
	size_t i, k;

	(void)state;
	doc_init(&d);
	section(&d, 6, 1, 2);
	section(&d, 3, 1, 1);
	assert_int_equal(station_plan(&p, &d, STATION_MP3, "报", 0, &err), 0);
	for (i = 0; i < station_nfiles(&p); i++)
		for (k = 0; k < i; k++)
			assert_string_not_equal(file(&p, i)->title, file(&p, k)->title);
	assert_string_equal(file(&p, 1)->title, "同题");
	assert_string_equal(file(&p, 3)->title, "同题（2）");
	station_release(&p);
	doc_release(&d);
}

static void test_parse_path(void **state)
{
	unsigned f, n;

	(void)state;
	assert_int_equal(station_parse_path("07/123.mp3", &f, &n), 0);
	assert_int_equal(f, 7);
	assert_int_equal(n, 123);
	assert_int_equal(station_parse_path("mp3/0042.mp3", &f, &n), 0);
	assert_int_equal(f, 0);
	assert_int_equal(n, 42);
	assert_int_equal(station_parse_path("01/000.mp3", &f, &n), -1);
	assert_int_equal(station_parse_path("00/001.mp3", &f, &n), -1);
	assert_int_equal(station_parse_path("01/256.mp3", &f, &n), -1);
	assert_int_equal(station_parse_path("../001.mp3", &f, &n), -1);
	assert_int_equal(station_parse_path("mp3/3001.mp3", &f, &n), -1);
}

/* The opening: publication, date, the section's own name, then the contents. */
static void test_opening(void **state)
{
	struct doc d;
	struct doc_section *s;
	struct opening_opts o = {"工人日报", 1};
	char name[64];
	const char *want[] = {"工人日报", "2024年3月8日", "要闻", "本期要目", "标题1", "标题2"};
	size_t i;

	(void)state;
	doc_init(&d);
	s = section(&d, 2, 0, 0);
	s->title = DOC_ARTICLE(s, 0)->title; /* titled by its lead headline: no name */
	assert_int_equal(opening_section_name(s, name, sizeof(name)), 0);
	assert_int_equal(doc_add_note(&d, s, "要 闻", strlen("要 闻"), "section"), 0);
	assert_int_equal(opening_section_name(s, name, sizeof(name)), strlen("要闻"));
	assert_string_equal(name, "要闻");
	s->date = arena_strdup(&d.arena, "2024-03-08");
	assert_int_equal(opening_build(&d, s, &o, NULL), 0);
	assert_int_equal(DOC_NSENTS(&s->intro), 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(DOC_SENT(&s->intro, i)->text, want[i]);
	/* one article: no contents, and the lead headline is not in the opening */
	s = section(&d, 1, 0, 0);
	s->title = DOC_ARTICLE(s, 0)->title;
	assert_int_equal(opening_build(&d, s, &o, NULL), 0);
	assert_int_equal(DOC_NSENTS(&s->intro), 1);
	/* contents off */
	o.contents = 0;
	s = section(&d, 3, 0, 0);
	assert_int_equal(opening_build(&d, s, &o, NULL), 0);
	assert_int_equal(DOC_NSENTS(&s->intro), 2); /* 工人日报, 版面 */
	assert_string_equal(DOC_SENT(&s->intro, 1)->text, "版面");
	doc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_folders_overflow), cmocka_unit_test(test_mp3_layout),
	        cmocka_unit_test(test_limits),           cmocka_unit_test(test_distinct_titles),
	        cmocka_unit_test(test_parse_path),       cmocka_unit_test(test_opening),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
