/* Unit tests for publishing: escaping, times, transcripts, feed merge and --keep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "publish/feed.h"
#include "publish/mread.h"
#include "publish/page.h"
#include "publish/publish.h"
#include "publish/transcript.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A title with everything that must be escaped, and an emoji outside the BMP. */
#define NASTY "A&B <i>\"引号\" 'x' \xF0\x9F\x8E\x89"

static struct mr_sentence demo_sentences[] = {
        {"听报", "听报", 0, 1105, MR_OPENING, 1, 0},
        {"标题 & <副题>", "标题和副题", 1405, 5707, MR_HEADING, 1, 0},
        {"第一句。\n续行", "第一句", 6000, 9000, MR_BODY, 1, 0},
        {"", "只有读音", 9300, 9300, MR_BODY, 0, 1},
        {"\xF0\x9F\x8E\x89 中文", "中文", 3723004, 3724000, MR_BODY, 1, 1},
};

static struct mr_chapter demo_chapters[] = {
        {"a01", "第一篇 & <甲>", 0, 9000},
        {"a02", NASTY, 9000, 3724500},
};

static const struct mr_episode demo = {
        "demo",      NASTY,   "2024-03-08",  "demo.mp3", ".",
        "demo.json", 3724500, demo_chapters, 2,          demo_sentences,
        5,           0,       NULL,          0,          "",
};

static void test_xml_escaping(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(feed_escapes(&b, NASTY), 0);
	assert_string_equal(b.data,
	                    "A&amp;B &lt;i&gt;&quot;引号&quot; &#39;x&#39; \xF0\x9F\x8E\x89");
	buf_reset(&b);
	/* Characters XML 1.0 cannot carry are dropped; tab and newline stay. */
	assert_int_equal(feed_escapes(&b, "a\x01"
	                                  "b\tc\nd\xEF\xBF\xBE"
	                                  "e\xEF\xBF\xBD"),
	                 0);
	assert_string_equal(b.data, "ab\tc\nde\xEF\xBF\xBD");
	buf_release(&b);
}

static void test_times(void **state)
{
	char t[32];

	(void)state;
	tr_format_time(t, sizeof(t), 0, '.');
	assert_string_equal(t, "00:00:00.000");
	tr_format_time(t, sizeof(t), 3723004, '.');
	assert_string_equal(t, "01:02:03.004");
	tr_format_time(t, sizeof(t), 3723004, ',');
	assert_string_equal(t, "01:02:03,004");
	tr_format_time(t, sizeof(t), 360000000, ',');
	assert_string_equal(t, "100:00:00,000");
	tr_format_clock(t, sizeof(t), 242999);
	assert_string_equal(t, "04:02");
	tr_format_clock(t, sizeof(t), 3723004);
	assert_string_equal(t, "1:02:03");
}

static void test_rfc822_dates(void **state)
{
	char d[64];

	(void)state;
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2024-03-08"), 0);
	assert_string_equal(d, "Fri, 08 Mar 2024 00:00:00 +0800");
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2000-02-29"), 0);
	assert_string_equal(d, "Tue, 29 Feb 2000 00:00:00 +0800");
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2023-12-31"), 0);
	assert_string_equal(d, "Sun, 31 Dec 2023 00:00:00 +0800");
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2023-02-29"), -1);
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2024-3-08"), -1);
	assert_int_equal(feed_rfc822_date(d, sizeof(d), "2024-13-01"), -1);
}

static void test_urls_and_guid(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(feed_url(&b, "https://x.org/p", "a b&\"c.mp3"), 0);
	assert_string_equal(b.data, "https://x.org/p/a%20b%26%22c.mp3");
	buf_reset(&b);
	assert_int_equal(feed_url(&b, NULL, "版.mp3"), 0);
	assert_string_equal(b.data, "%E7%89%88.mp3");
	buf_reset(&b);
	assert_int_equal(feed_guid(&b, "https://x.org/p", "s1", "2024-03-08"), 0);
	assert_string_equal(b.data, "https://x.org/p/s1/2024-03-08");
	buf_reset(&b);
	assert_int_equal(feed_guid(&b, NULL, "s1", "2024-03-08"), 0);
	assert_string_equal(b.data, "tingbao:s1:2024-03-08");
	assert_string_equal(feed_audio_type("x.mp3"), "audio/mpeg");
	assert_string_equal(feed_audio_type("x.flac"), "audio/flac");
	buf_release(&b);
}

static void test_vtt(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(tr_vtt(&b, &demo), 0);
	assert_string_equal(b.data, "WEBVTT\n"
	                            "\n1\n00:00:00.000 --> 00:00:01.105\n听报\n"
	                            "\n2\n00:00:01.405 --> 00:00:05.707\n标题 &amp; &lt;副题&gt;\n"
	                            "\n3\n00:00:06.000 --> 00:00:09.000\n第一句。 续行\n"
	                            "\n4\n00:00:09.300 --> 00:00:09.301\n只有读音\n"
	                            "\n5\n01:02:03.004 --> 01:02:04.000\n\xF0\x9F\x8E\x89 中文\n");
	buf_release(&b);
}

static void test_srt(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(tr_srt(&b, &demo), 0);
	assert_string_equal(b.data, "1\n00:00:00,000 --> 00:00:01,105\n听报\n"
	                            /* SRT readers take <...> as a tag: written full-width */
	                            "\n2\n00:00:01,405 --> 00:00:05,707\n标题 & ＜副题＞\n"
	                            "\n3\n00:00:06,000 --> 00:00:09,000\n第一句。 续行\n"
	                            "\n4\n00:00:09,300 --> 00:00:09,301\n只有读音\n"
	                            "\n5\n01:02:03,004 --> 01:02:04,000\n\xF0\x9F\x8E\x89 中文\n");
	buf_release(&b);
}

static void test_lrc_utf8_and_gbk(void **state)
{
	struct buf b = BUF_INIT;
	size_t repl = 9;
	struct tb_err err;
	const char *line;

	(void)state;
	assert_int_equal(tr_lrc(&b, &demo, "周报]", TR_LRC_UTF8, &repl, &err), 0);
	assert_int_equal(repl, 0);
	assert_non_null(strstr(b.data, "[ti:" NASTY "]\n[ar:周报)]\n[al:周报) 2024-03-08]\n"
	                               "[by:tingbao]\n[length:1:02:04]\n"));
	assert_non_null(strstr(b.data, "[00:00.00]听报\n[00:01.40]标题 & ＜副题＞\n"));
	assert_non_null(strstr(b.data, "[62:03.00]\xF0\x9F\x8E\x89 中文\n[62:04.00]\n"));
	buf_reset(&b);
	assert_int_equal(tr_lrc(&b, &demo, NULL, TR_LRC_GBK, &repl, &err), 0);
	/* Two emoji (title and a sentence) have no GBK code; 听 is B5 C6 in GBK. */
	assert_int_equal(repl, 2);
	line = strstr(b.data, "[00:00.00]");
	assert_non_null(line);
	assert_memory_equal(line + 10, "\xCC\xFD\xB1\xA8\n", 5);
	assert_non_null(strstr(b.data, "[62:03.00]? \xD6\xD0\xCE\xC4\n"));
	buf_release(&b);
}

static void test_chapters_json_round_trips(void **state)
{
	struct buf b = BUF_INIT;
	json_error_t jerr;
	json_t *root, *chs;

	(void)state;
	assert_int_equal(tr_chapters_json(&b, &demo, "周报 \"x\" \\ y"), 0);
	root = json_loads(b.data, 0, &jerr);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "version")), "1.2.0");
	assert_string_equal(json_string_value(json_object_get(root, "title")), NASTY);
	assert_string_equal(json_string_value(json_object_get(root, "podcastName")),
	                    "周报 \"x\" \\ y");
	chs = json_object_get(root, "chapters");
	assert_int_equal(json_array_size(chs), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(chs, 1), "startTime")),
	                 9);
	assert_true(json_real_value(json_object_get(json_array_get(chs, 1), "endTime")) == 3724.5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(chs, 1), "title")),
	                    NASTY);
	json_decref(root);
	buf_release(&b);
}

static void test_feed_and_page_escape(void **state)
{
	struct feed_channel ch = {.title = NASTY, .base_url = "https://x.org/p"};
	struct feed_item it = {.ep = &demo, .date = "2024-03-08", .audio_bytes = 12345};
	struct page_info pi = {NASTY, NULL};
	struct buf b = BUF_INIT;
	const char *p;
	size_t spans = 0;

	(void)state;
	assert_int_equal(feed_write(&b, &ch, &it, 1), 0);
	assert_null(strstr(b.data, "<i>"));
	assert_non_null(strstr(b.data, "<title>A&amp;B &lt;i&gt;&quot;引号&quot;"));
	assert_non_null(strstr(b.data, "length=\"12345\" type=\"audio/mpeg\""));
	assert_non_null(strstr(b.data, "<itunes:duration>01:02:05</itunes:duration>"));
	assert_non_null(strstr(b.data, "00:00 第一篇 &amp; &lt;甲&gt;\n00:09 A&amp;B"));
	buf_reset(&b);
	assert_int_equal(page_write(&b, &pi, &it, 1), 0);
	assert_null(strstr(b.data, "<i>"));
	assert_non_null(strstr(b.data, "<h1>A&amp;B &lt;i&gt;"));
	for (p = b.data; (p = strstr(p, "<span class=\"s\"")); p++)
		spans++;
	assert_int_equal(spans, demo.n_sentences);
	assert_non_null(strstr(b.data, "class=\"chap\" href=\"#demo-c2\" data-t=\"9.000\""));
	assert_non_null(strstr(b.data, " id=\"demo-c2\""));
	/* the duration in words, not as a clock (which reads as a time of day) */
	assert_non_null(strstr(b.data, "2024-03-08 \xC2\xB7 1小时2分5秒</p>"));
	assert_non_null(strstr(b.data, "<span class=\"wait\" role=\"status\">加载中…</span>"));
	buf_release(&b);
}

/* podcast:guid is Podcasting 2.0's UUID v5: the spec's own example, and the scheme and
 * trailing slashes taken off. */
static void test_podcast_guid(void **state)
{
	char g[37];

	(void)state;
	feed_podcast_guid("https://podnews.net/rss", g);
	assert_string_equal(g, "9b024349-ccf0-5f69-a609-6b82873eab3c");
	feed_podcast_guid("http://podnews.net/rss//", g);
	assert_string_equal(g, "9b024349-ccf0-5f69-a609-6b82873eab3c");
}

static void test_categories_and_titles(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_true(feed_category_known("News"));
	assert_true(feed_category_known("News/Daily News"));
	assert_true(feed_category_known("Arts/Fashion & Beauty"));
	assert_false(feed_category_known("News/Daily"));
	assert_false(feed_category_known(""));
	assert_false(feed_category_known("# Apple Podcasts' categories, as a feed names them in"));
	assert_int_equal(feed_episode_title(&b, NULL, "工人日报", "2024年3月8日", "要闻", "标题"),
	                 0);
	assert_string_equal(buf_cstr(&b), "工人日报 2024年3月8日 要闻：标题");
	buf_reset(&b);
	assert_int_equal(feed_episode_title(&b, NULL, "工人日报", "2024年3月8日", "", "标题"), 0);
	assert_string_equal(buf_cstr(&b), "工人日报 2024年3月8日：标题");
	buf_reset(&b);
	assert_int_equal(feed_episode_title(&b, "{headline} ({paper})", "报", "", "", "题"), 0);
	assert_string_equal(buf_cstr(&b), "题 (报)");
	buf_release(&b);
}

/* The channel's fields: artwork, owner, category, explicit, guid, locked, lastBuildDate
 * from the newest item; Podlove chapters in each item. */
static void test_channel_fields(void **state)
{
	struct feed_channel ch = {.title = "报",
	                          .base_url = "https://x.org/p",
	                          .image = "cover.png",
	                          .owner_email = "desk@x.org",
	                          .category = "News/Politics",
	                          .explicit_ = 1,
	                          .locked = 1,
	                          .guid = "0b9a2c4c-0000-5000-8000-000000000000"};
	struct feed_item it[2] = {{.ep = &demo, .date = "2024-03-07", .title = "报 题"},
	                          {.ep = &demo, .date = "2024-03-08"}};
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(feed_write(&b, &ch, it, 2), 0);
	assert_non_null(strstr(b.data, "<itunes:image href=\"https://x.org/p/cover.png\"/>"));
	assert_non_null(strstr(b.data, "<image>\n      <url>https://x.org/p/cover.png</url>"));
	assert_non_null(
	        strstr(b.data, "<lastBuildDate>Fri, 08 Mar 2024 00:00:00 +0800</lastBuildDate>"));
	assert_non_null(strstr(b.data, "<itunes:email>desk@x.org</itunes:email>"));
	assert_non_null(strstr(b.data, "<itunes:name>报</itunes:name>"));
	assert_non_null(strstr(b.data, "<itunes:category text=\"News\">\n      <itunes:category "
	                               "text=\"Politics\"/>"));
	assert_non_null(strstr(b.data, "<itunes:explicit>true</itunes:explicit>"));
	assert_non_null(
	        strstr(b.data, "<podcast:locked owner=\"desk@x.org\">yes</podcast:locked>"));
	assert_non_null(strstr(b.data, "<podcast:guid>0b9a2c4c-"));
	assert_non_null(strstr(b.data, "<title>报 题</title>"));
	assert_non_null(strstr(b.data, "<psc:chapter start=\"00:00:09.000\" title=\"A&amp;B"));
	buf_release(&b);
}

static void test_order_and_keep(void **state)
{
	struct mr_episode e[4];
	struct feed_item it[4];
	static const char *const ids[] = {"b", "a", "c", "z"};
	static const char *const dates[] = {"2024-03-08", "2024-03-08", "2024-03-09", "2023-12-31"};
	size_t i;

	(void)state;
	memset(e, 0, sizeof(e));
	for (i = 0; i < 4; i++) {
		e[i].id = ids[i];
		it[i].ep = &e[i];
		it[i].date = dates[i];
		it[i].audio_bytes = 0;
	}
	assert_int_equal(pub_order(it, 4, 3), 3);
	assert_string_equal(it[0].ep->id, "c");
	assert_string_equal(it[1].ep->id, "a");
	assert_string_equal(it[2].ep->id, "b");
	assert_string_equal(it[3].ep->id, "z");
	assert_int_equal(pub_order(it, 4, 0), 4);
	assert_int_equal(pub_order(it, 4, 9), 4);
}

/* ---- whole runs in a temporary directory --------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void write_manifest(const char *dir, const char *id, const char *date, const char *title)
{
	char text[2048], name[64];

	snprintf(text, sizeof(text),
	         "{\"format\":\"tingbao-manifest\",\"version\":1,\"episodes\":[{"
	         "\"id\":\"%s\",\"title\":\"%s\",\"date\":\"%s\",\"file\":\"%s.mp3\","
	         "\"duration_ms\":5000,"
	         "\"opening\":[{\"text\":\"开头\",\"spoken\":\"开头\",\"start_ms\":0,\"end_ms\":"
	         "900}],"
	         "\"chapters\":[{\"id\":\"a01\",\"title\":\"%s\",\"start_ms\":0,\"end_ms\":5000}],"
	         "\"articles\":[{\"id\":\"a01\",\"heading\":[{\"text\":\"题\",\"spoken\":\"题\","
	         "\"start_ms\":1000,\"end_ms\":1800}],\"paragraphs\":[{\"subhead\":null,"
	         "\"sentences\":[{\"text\":\"正文。\",\"spoken\":\"正文。\",\"start_ms\":2000,"
	         "\"end_ms\":4900}]}]}]}]}\n",
	         id, title, date, id, title);
	snprintf(name, sizeof(name), "%s.json", id);
	write_file(dir, name, text);
	snprintf(name, sizeof(name), "%s.mp3", id);
	write_file(dir, name, "not really audio, but publish only needs its size");
}

static char *slurp(const char *dir, const char *name)
{
	char path[512];
	struct buf b = BUF_INIT;
	FILE *f;
	char tmp[4096];
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		assert_int_equal(buf_add(&b, tmp, n), 0);
	fclose(f);
	return buf_detach(&b, NULL);
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Position of needle in hay, or -1. */
static long pos(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? (long)(p - hay) : -1;
}

static void test_publish_merges_keeps_and_is_stable(void **state)
{
	char site[] = "/tmp/tb-pub-site.XXXXXX", inbox[] = "/tmp/tb-pub-in.XXXXXX";
	const char *inputs[1];
	struct pub_opts o;
	struct pub_report rep;
	struct tb_err err;
	char *feed1, *feed2, *page;

	(void)state;
	assert_non_null(mkdtemp(site));
	assert_non_null(mkdtemp(inbox));
	write_manifest(site, "s1", "2024-03-07", "旧闻");
	write_manifest(site, "s2", "2024-03-08", "A&amp;B \\\"q\\\" <x> \xF0\x9F\x8E\x89");
	write_manifest(site, "s0", "2024-03-01", "更旧");

	memset(&o, 0, sizeof(o));
	o.out_dir = site;
	o.base_url = "https://example.org/tb/";
	o.title = "周报";
	o.keep = 2;
	assert_int_equal(pub_run(&o, &rep, &err), 0);
	assert_int_equal(rep.episodes, 3);
	assert_int_equal(rep.published, 2);
	feed1 = slurp(site, "feed.xml");
	assert_true(pos(feed1, "/s2/2024-03-08<") > 0);
	assert_true(pos(feed1, "/s2/2024-03-08<") < pos(feed1, "/s1/2024-03-07<"));
	assert_int_equal(pos(feed1, "/s0/"), -1); /* capped by keep */
	assert_non_null(strstr(feed1,
	                       "<title>周报 2024年3月8日：A&amp;amp;B &quot;q&quot; &lt;x&gt; "
	                       "\xF0\x9F\x8E\x89"));

	/* Again with no options: settings come back from the state; nothing changes. */
	memset(&o, 0, sizeof(o));
	o.out_dir = site;
	o.keep = -1;
	assert_int_equal(pub_run(&o, &rep, &err), 0);
	assert_int_equal(rep.written, 0);
	feed2 = slurp(site, "feed.xml");
	assert_string_equal(feed1, feed2);
	free(feed2);

	/* A new edition from elsewhere merges in, newest first, and is copied with its audio. */
	write_manifest(inbox, "s3", "2024-03-09", "新闻");
	inputs[0] = inbox;
	o.inputs = inputs;
	o.n_inputs = 1;
	assert_int_equal(pub_run(&o, &rep, &err), 0);
	assert_int_equal(rep.copied, 1);
	assert_int_equal(rep.published, 2);
	feed2 = slurp(site, "feed.xml");
	assert_true(pos(feed2, "/s3/2024-03-09<") > 0);
	assert_true(pos(feed2, "/s3/2024-03-09<") < pos(feed2, "/s2/2024-03-08<"));
	assert_int_equal(pos(feed2, "/s1/"), -1);
	free(feed2);
	/* The same input again: no duplicate item, byte-identical feed. */
	feed1 = (free(feed1), slurp(site, "feed.xml"));
	assert_int_equal(pub_run(&o, &rep, &err), 0);
	assert_int_equal(rep.written, 0);
	feed2 = slurp(site, "feed.xml");
	assert_string_equal(feed1, feed2);
	assert_int_equal(pos(strstr(feed2, "/s3/2024-03-09<") + 1, "/s3/2024-03-09<"), -1);
	page = slurp(site, "index.html");
	assert_non_null(strstr(page, "id=\"s3\""));
	assert_null(strstr(page, "id=\"s1\""));
	free(page);
	free(feed1);
	free(feed2);
	remove_tree(site);
	remove_tree(inbox);
}

static void test_plan_manifest_is_refused(void **state)
{
	static const char plan[] =
	        "{\"format\":\"tingbao-manifest\",\"version\":1,\"episodes\":[{\"id\":\"p\","
	        "\"title\":\"t\",\"date\":null,\"file\":\"p.mp3\",\"duration_ms\":null,"
	        "\"chapters\":[],\"articles\":[]}]}";
	struct arena a = ARENA_INIT;
	struct buf eps = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(mread_text(plan, strlen(plan), "p.json", ".", &a, &eps, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, "p.json"));
	assert_int_equal(eps.len, 0);
	assert_int_equal(mread_text("{\"format\":", 10, "bad.json", ".", &a, &eps, &err),
	                 TB_E_INPUT);
	assert_non_null(strstr(err.msg, "bad.json:1:"));
	buf_release(&eps);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_xml_escaping),
	        cmocka_unit_test(test_times),
	        cmocka_unit_test(test_rfc822_dates),
	        cmocka_unit_test(test_urls_and_guid),
	        cmocka_unit_test(test_vtt),
	        cmocka_unit_test(test_srt),
	        cmocka_unit_test(test_lrc_utf8_and_gbk),
	        cmocka_unit_test(test_chapters_json_round_trips),
	        cmocka_unit_test(test_feed_and_page_escape),
	        cmocka_unit_test(test_order_and_keep),
	        cmocka_unit_test(test_podcast_guid),
	        cmocka_unit_test(test_categories_and_titles),
	        cmocka_unit_test(test_channel_fields),
	        cmocka_unit_test(test_publish_merges_keeps_and_is_stable),
	        cmocka_unit_test(test_plan_manifest_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
