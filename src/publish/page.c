/* index.html: a static page to listen to and read every published episode. */
#include "publish/page.h"

#include "publish/transcript.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char page_css[] =
        ":root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfcf8;--mute:#6b6b6b;"
        "--now:#ffe58f;--line:#ddd;--link:#0b57d0}\n"
        "@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#181818;--mute:#a0a0a0;"
        "--now:#5c4a00;--line:#333;--link:#8ab4f8}}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.75 system-ui,"
        "-apple-system,\"PingFang SC\",\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif}\n"
        "main,header{max-width:44rem;margin:0 auto;padding:0 1rem}\n"
        "h1{font-size:1.5rem;margin:1.2rem 0 .2rem}h2{font-size:1.25rem;margin:.2rem 0}\n"
        "h3{font-size:1rem;color:var(--mute);margin:1rem 0 .3rem}\n"
        "a{color:var(--link)}.meta,.files{color:var(--mute);font-size:.9rem;margin:.2rem 0}\n"
        ".ep{border-top:1px solid var(--line);padding:1rem 0 2rem}\n"
        ".player{position:sticky;top:0;background:var(--bg);padding:.4rem 0;z-index:1}\n"
        "audio{width:100%}\n"
        ".chapters ol{margin:0;padding-left:0;list-style:none}\n"
        ".chapters li{margin:.15rem 0}.chapters a{display:block;padding:.3rem 0;"
        "text-decoration:none}\n"
        ".chapters time{display:inline-block;min-width:3.6em;color:var(--mute);"
        "font-variant-numeric:tabular-nums}\n"
        ".transcript p{margin:.5rem 0}.transcript .op{color:var(--mute)}\n"
        ".transcript .hd{font-weight:600;font-size:1.08rem;margin-top:1.4rem}\n"
        ".transcript .sh{font-weight:600}\n"
        ".s{cursor:pointer;border-radius:3px}.s.now{background:var(--now)}\n"
        ".player .wait{display:none;color:var(--mute);font-size:.9rem}\n"
        ".player.loading .wait{display:block}\n"
        ".player.loading audio{opacity:.6}\n";

/* Reads every time from data-* attributes. No text is ever spliced into this script. */
static const char page_js[] =
        "(function () {\n"
        "  'use strict';\n"
        "  function num(el, name) { return parseFloat(el.getAttribute(name)); }\n"
        "  function setup(ep) {\n"
        "    var audio = ep.querySelector('audio');\n"
        "    var spans = Array.prototype.slice.call(ep.querySelectorAll('.s'));\n"
        "    var starts = spans.map(function (s) { return num(s, 'data-s'); });\n"
        "    var ends = spans.map(function (s) { return num(s, 'data-e'); });\n"
        "    var cur = -1;\n"
        "    function find(t) {\n"
        "      var lo = 0, hi = starts.length - 1, r = -1;\n"
        "      while (lo <= hi) {\n"
        "        var m = (lo + hi) >> 1;\n"
        "        if (starts[m] <= t) { r = m; lo = m + 1; } else { hi = m - 1; }\n"
        "      }\n"
        "      return r;\n"
        "    }\n"
        "    function mark() {\n"
        "      var t = audio.currentTime, i = find(t + 0.05);\n"
        "      if (i >= 0 && t > ends[i] + 1.0) i = -1; /* in a long pause: nothing is read */\n"
        "      if (i === cur) return;\n"
        "      if (cur >= 0) spans[cur].classList.remove('now');\n"
        "      cur = i;\n"
        "      if (i < 0) return;\n"
        "      spans[i].classList.add('now');\n"
        "      var r = spans[i].getBoundingClientRect();\n"
        "      if (!audio.paused && (r.top < 80 || r.bottom > window.innerHeight))\n"
        "        spans[i].scrollIntoView({ block: 'center', behavior: 'smooth' });\n"
        "    }\n"
        "    var player = ep.querySelector('.player'), sawLoading = false;\n"
        "    /* After a seek, until the data is there: the player says it is loading. */\n"
        "    function loading(on) {\n"
        "      if (on) sawLoading = true;\n"
        "      player.classList.toggle('loading', on);\n"
        "    }\n"
        "    audio.addEventListener('seeking', function () { loading(true); });\n"
        "    audio.addEventListener('waiting', function () { loading(true); });\n"
        "    ['seeked', 'canplay', 'playing', 'pause', 'error'].forEach(function (name) {\n"
        "      audio.addEventListener(name, function () { if (whole !== 1) loading(false); });\n"
        "    });\n"
        "    var whole = 0; /* 1: fetching the whole file, 2: playing it from memory */\n"
        "    function covers(r, t) {\n"
        "      for (var k = 0; k < r.length; k++) if (r.start(k) <= t && t <= r.end(k)) return "
        "true;\n"
        "      return false;\n"
        "    }\n"
        "    /* A server without Range requests (python3 -m http.server) makes the audio\n"
        "       unseekable: then fetch it once and play it from memory. */\n"
        "    function seekWhole(t, play) {\n"
        "      whole = 1;\n"
        "      loading(true);\n"
        "      fetch(audio.currentSrc).then(function (r) {\n"
        "        if (!r.ok) throw new Error(r.status);\n"
        "        return r.blob();\n"
        "      }).then(function (b) {\n"
        "        audio.addEventListener('loadedmetadata', function () { whole = 2; seek(t, play); "
        "},\n"
        "          { once: true });\n"
        "        audio.src = URL.createObjectURL(b);\n"
        "      }).catch(function () { whole = 2; audio.currentTime = t; });\n"
        "    }\n"
        "    function seek(t, play) {\n"
        "      if (whole === 1) return;\n"
        "      if (!whole && audio.readyState >= 1 && !covers(audio.seekable, t) && window.fetch "
        "&&\n"
        "          location.protocol !== 'file:') { seekWhole(t, play); return; }\n"
        "      audio.currentTime = t;\n"
        "      mark();\n"
        "      if (play) { var p = audio.play(); if (p && p.catch) p.catch(function () {}); }\n"
        "    }\n"
        "    audio.addEventListener('timeupdate', mark);\n"
        "    audio.addEventListener('seeked', mark);\n"
        "    ep.addEventListener('click', function (ev) {\n"
        "      var el = ev.target.closest('a.chap, .s');\n"
        "      if (!el) return;\n"
        "      ev.preventDefault();\n"
        "      seek(num(el, el.classList.contains('s') ? 'data-s' : 'data-t'), true);\n"
        "    });\n"
        "    return { ep: ep, audio: audio, seek: seek, pending: function () { return whole === 1; "
        "},\n"
        "             resetLoading: function () { sawLoading = false; },\n"
        "             loadingShown: function () {\n"
        "               return (sawLoading ? '1' : '0') + (player.classList.contains('loading') ? "
        "'+' : '');\n"
        "             } };\n"
        "  }\n"
        "  var eps = Array.prototype.slice.call(document.querySelectorAll('.ep')).map(setup);\n"
        "  /* One voice at a time: starting an episode pauses the others. */\n"
        "  document.addEventListener('play', function (ev) {\n"
        "    eps.forEach(function (e) { if (e.audio !== ev.target) e.audio.pause(); });\n"
        "  }, true);\n"
        "  var m = /^#t=([0-9.]+)$/.exec(location.hash);\n"
        "  if (m && eps.length) eps[0].seek(parseFloat(m[1]), false);\n"
        "  if (!/[?&]selftest=1/.test(location.search)) return;\n"
        "  var out = document.getElementById('selftest'), left = eps.length;\n"
        "  function report(e, line) {\n"
        "    out.textContent += e.ep.id + ' ' + line + '\\n';\n"
        "    if (--left === 0) out.setAttribute('data-done', '1');\n"
        "  }\n"
        "  eps.forEach(function (e) {\n"
        "    var links = e.ep.querySelectorAll('a.chap'), done = false;\n"
        "    if (!links.length) { report(e, 'no-chapters'); return; }\n"
        "    var link = links[links.length - 1];\n"
        "    function seeked() {\n"
        "      var now = e.ep.querySelector('.s.now');\n"
        "      report(e, num(link, 'data-t') + ' ' + e.audio.currentTime + ' ' + "
        "e.audio.readyState +\n"
        "        ' ' + (now ? now.getAttribute('data-s') : 'none') + ' ' + e.loadingShown());\n"
        "    }\n"
        "    function check() {\n"
        "      if (done) return;\n"
        "      done = true;\n"
        "      e.audio.addEventListener('seeked', seeked, { once: true });\n"
        "      e.resetLoading();\n"
        "      link.click();\n"
        "      if (!e.audio.seeking && !e.pending()) seeked();\n"
        "    }\n"
        "    if (e.audio.readyState >= 1) check();\n"
        "    else e.audio.addEventListener('loadedmetadata', check);\n"
        "    e.audio.addEventListener('error', function () { if (!done) { done = true;"
        " report(e, 'audio-error'); } });\n"
        "    e.audio.preload = 'auto'; /* 'seeked' needs data, not only metadata */\n"
        "    e.audio.load();\n"
        "  });\n"
        "})();\n";

static int add_seconds_attr(struct buf *out, const char *name, int64_t ms)
{
	if (ms < 0)
		ms = 0;
	return buf_addf(out, " %s=\"%" PRId64 ".%03d\"", name, ms / 1000, (int)(ms % 1000));
}

/* A file link in the episode's download line. */
static int file_link(struct buf *out, const char *name, const char *label)
{
	int rc = buf_adds(out, "<a href=\"");

	if (!rc)
		rc = feed_url(out, NULL, name); /* percent-encoded: no quote can survive */
	if (!rc)
		rc = buf_addf(out, "\" download>%s</a>", label);
	return rc;
}

static int episode_files(struct buf *out, const struct mr_episode *e)
{
	static const char *const suffix[] = {".vtt", ".srt", ".lrc", ".chapters.json"};
	static const char *const label[] = {"WebVTT", "SRT", "LRC",
	                                    "JSON \xE7\xAB\xA0\xE8\x8A\x82"};
	struct buf name = BUF_INIT;
	size_t i;
	int rc = buf_adds(out, "<p class=\"files\">");

	if (!rc)
		rc = file_link(out, e->file, "MP3");
	for (i = 0; !rc && i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		buf_reset(&name);
		rc = buf_addf(&name, "%s%s", e->id, suffix[i]);
		if (!rc)
			rc = buf_adds(out, " \xC2\xB7 ");
		if (!rc)
			rc = file_link(out, buf_cstr(&name), label[i]);
	}
	if (!rc)
		rc = buf_adds(out, "</p>\n");
	buf_release(&name);
	return rc;
}

/* An element id unique on the page: the episode id, '-', the chapter index. */
static int chapter_anchor(struct buf *out, const struct mr_episode *e, size_t c)
{
	int rc = feed_escapes(out, e->id);

	return rc ? rc : buf_addf(out, "-c%zu", c + 1);
}

static int episode_chapters(struct buf *out, const struct mr_episode *e)
{
	char t[32];
	size_t i;
	int rc;

	if (!e->n_chapters)
		return 0;
	rc = buf_adds(out, "<nav class=\"chapters\"><h3>\xE7\xAB\xA0\xE8\x8A\x82</h3><ol>\n");
	for (i = 0; !rc && i < e->n_chapters; i++) {
		tr_format_clock(t, sizeof(t), e->chapters[i].start_ms);
		rc = buf_adds(out, "<li><a class=\"chap\" href=\"#");
		if (!rc)
			rc = chapter_anchor(out, e, i);
		if (!rc)
			rc = buf_adds(out, "\"");
		if (!rc)
			rc = add_seconds_attr(out, "data-t", e->chapters[i].start_ms);
		if (!rc)
			rc = buf_addf(out, "><time>%s</time> ", t);
		if (!rc)
			rc = feed_escapes(out, e->chapters[i].title);
		if (!rc)
			rc = buf_adds(out, "</a></li>\n");
	}
	if (!rc)
		rc = buf_adds(out, "</ol></nav>\n");
	return rc;
}

static const char *block_class(enum mr_kind k)
{
	switch (k) {
	case MR_OPENING:
		return "op";
	case MR_HEADING:
		return "hd";
	case MR_SUBHEAD:
		return "sh";
	default:
		return NULL;
	}
}

/* Opens a block (<p>) for sentence i; the first block of a chapter carries its anchor. */
static int open_block(struct buf *out, const struct mr_episode *e, size_t i, int chapter_starts)
{
	const char *cls = block_class(e->sentences[i].kind);
	int rc = buf_adds(out, "<p");

	if (!rc && cls)
		rc = buf_addf(out, " class=\"%s\"", cls);
	if (!rc && chapter_starts && e->n_chapters) {
		rc = buf_adds(out, " id=\"");
		if (!rc)
			rc = chapter_anchor(out, e, e->sentences[i].chapter);
		if (!rc)
			rc = buf_adds(out, "\"");
	}
	return rc ? rc : buf_adds(out, ">");
}

static int episode_transcript(struct buf *out, const struct mr_episode *e)
{
	struct buf line = BUF_INIT;
	size_t i;
	int rc = buf_adds(out,
	                  "<section class=\"transcript\"><h3>\xE6\x96\x87\xE5\xAD\x97\xE7\xA8\xBF"
	                  "</h3>\n");

	for (i = 0; !rc && i < e->n_sentences; i++) {
		const struct mr_sentence *s = &e->sentences[i];
		int chapter_starts = i == 0 || s->chapter != e->sentences[i - 1].chapter;
		/* Opening and heading lines have no final stop: each gets its own line. */
		int new_block = chapter_starts || s->new_paragraph || s->kind == MR_OPENING ||
		                s->kind == MR_HEADING || s->kind != e->sentences[i - 1].kind;

		if (new_block && i)
			rc = buf_adds(out, "</p>\n");
		if (!rc && new_block)
			rc = open_block(out, e, i, chapter_starts);
		if (!rc)
			rc = buf_adds(out, "<span class=\"s\"");
		if (!rc)
			rc = add_seconds_attr(out, "data-s", s->start_ms);
		if (!rc)
			rc = add_seconds_attr(out, "data-e", s->end_ms);
		if (!rc)
			rc = buf_adds(out, ">");
		buf_reset(&line);
		if (!rc)
			rc = tr_cue_text(&line, s);
		if (!rc)
			rc = feed_escape(out, line.data, line.len);
		if (!rc)
			rc = buf_adds(out, "</span>");
	}
	if (!rc && e->n_sentences)
		rc = buf_adds(out, "</p>\n");
	if (!rc)
		rc = buf_adds(out, "</section>\n");
	buf_release(&line);
	return rc;
}

/* "23分52秒" (with 小时 from an hour on): a clock time "23:52" reads as a time of day. */
void page_format_duration(char *dst, size_t size, int64_t ms)
{
	int64_t secs = ms < 0 ? 0 : (ms + 500) / 1000;
	int h = (int)(secs / 3600), m = (int)(secs / 60 % 60), sec = (int)(secs % 60);

	if (h)
		snprintf(dst, size, "%d\xE5\xB0\x8F\xE6\x97\xB6%d\xE5\x88\x86%d\xE7\xA7\x92", h, m,
		         sec);
	else if (m)
		snprintf(dst, size, "%d\xE5\x88\x86%d\xE7\xA7\x92", m, sec);
	else
		snprintf(dst, size, "%d\xE7\xA7\x92", sec);
}

static int write_episode(struct buf *out, const struct feed_item *it)
{
	const struct mr_episode *e = it->ep;
	char dur[64];
	int rc = buf_adds(out, "<article class=\"ep\" id=\"");

	page_format_duration(dur, sizeof(dur), e->duration_ms);
	if (!rc)
		rc = feed_escapes(out, e->id);
	if (!rc)
		rc = buf_adds(out, "\">\n<h2>");
	if (!rc)
		rc = feed_escapes(out, e->title);
	if (!rc)
		rc = buf_adds(out, "</h2>\n<p class=\"meta\">");
	if (!rc)
		rc = feed_escapes(out, it->date);
	if (!rc)
		rc = buf_addf(out,
		              " \xC2\xB7 %s</p>\n<div class=\"player\"><audio controls "
		              "preload=\"metadata\" src=\"",
		              dur);
	if (!rc)
		rc = feed_url(out, NULL, e->file);
	if (!rc)
		rc = buf_adds(out,
		              "\"></audio><span class=\"wait\" role=\"status\">"
		              "\xE5\x8A\xA0\xE8\xBD\xBD\xE4\xB8\xAD\xE2\x80\xA6</span></div>\n");
	if (!rc)
		rc = episode_chapters(out, e);
	if (!rc)
		rc = episode_transcript(out, e);
	if (!rc)
		rc = episode_files(out, e);
	if (!rc)
		rc = buf_adds(out, "</article>\n");
	return rc;
}

int page_write(struct buf *out, const struct page_info *pi, const struct feed_item *items, size_t n)
{
	size_t i;
	int rc = buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	                       "<meta charset=\"utf-8\">\n"
	                       "<meta name=\"viewport\" content=\"width=device-width, "
	                       "initial-scale=1\">\n<title>");

	if (!rc)
		rc = feed_escapes(out, pi->title);
	if (!rc)
		rc = buf_adds(out, "</title>\n<link rel=\"alternate\" type=\"application/rss+xml\" "
		                   "href=\"feed.xml\" title=\"");
	if (!rc)
		rc = feed_escapes(out, pi->title);
	if (!rc)
		rc = buf_addf(out, "\">\n<style>\n%s</style>\n</head>\n<body>\n<header><h1>",
		              page_css);
	if (!rc)
		rc = feed_escapes(out, pi->title);
	if (!rc)
		rc = buf_adds(out, "</h1>\n");
	if (!rc && pi->description && *pi->description) {
		rc = buf_adds(out, "<p class=\"meta\">");
		if (!rc)
			rc = feed_escapes(out, pi->description);
		if (!rc)
			rc = buf_adds(out, "</p>\n");
	}
	if (!rc)
		rc = buf_adds(out,
		              "<p class=\"files\"><a href=\"feed.xml\">RSS \xE8\xAE\xA2\xE9\x98\x85"
		              "</a></p>\n</header>\n<main>\n");
	for (i = 0; !rc && i < n; i++)
		rc = write_episode(out, &items[i]);
	if (!rc)
		rc = buf_addf(out,
		              "</main>\n<pre id=\"selftest\" hidden></pre>\n<script>\n%s"
		              "</script>\n</body>\n</html>\n",
		              page_js);
	return rc;
}
