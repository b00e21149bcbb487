/* The podcast feed: RSS 2.0 + iTunes + Podcasting 2.0, written with our own escaping. */
#include "publish/feed.h"

#include "publish/transcript.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#define NS_ITUNES  "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_PODCAST "https://podcastindex.org/namespace/1.0"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_ATOM    "http://www.w3.org/2005/Atom"
#define NS_PSC     "http://podlove.org/simple-chapters"

/* voices/feed/categories.txt, compiled in (CMakeLists.txt). */
extern const unsigned char tb_feed_categories[];
extern const size_t tb_feed_categories_len;

int feed_escape(struct buf *out, const char *s, size_t len)
{
	size_t i, run = 0;
	int rc = 0;

	for (i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		size_t skip = 1;

		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		case 0xEF:
			/* U+FFFE and U+FFFF are not XML characters. */
			if (i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
			    ((unsigned char)s[i + 2] & 0xFE) == 0xBE) {
				rep = "";
				skip = 3;
			}
			break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				rep = "";
		}
		if (!rep)
			continue;
		rc = buf_add(out, s + run, i - run);
		if (!rc)
			rc = buf_adds(out, rep);
		i += skip - 1;
		run = i + 1;
	}
	if (!rc)
		rc = buf_add(out, s + run, len - run);
	return rc;
}

int feed_escapes(struct buf *out, const char *s)
{
	return feed_escape(out, s ? s : "", s ? strlen(s) : 0);
}

static int parse_ymd(const char *ymd, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int i;

	if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (ymd[i] < '0' || ymd[i] > '9'))
			return -1;
	*y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	*m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	*d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return -1;
	if (*m == 2 && *d == 29 && !(*y % 4 == 0 && (*y % 100 != 0 || *y % 400 == 0)))
		return -1;
	return 0;
}

int feed_rfc822_date(char *dst, size_t size, const char *ymd)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	int y, m, d, yy, wd;

	if (parse_ymd(ymd, &y, &m, &d))
		return -1;
	yy = m < 3 ? y - 1 : y; /* Sakamoto's day of the week */
	wd = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
	snprintf(dst, size, "%s, %02d %s %04d 00:00:00 +0800", days[wd], d, months[m - 1], y);
	return 0;
}

int feed_url(struct buf *out, const char *base, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = 0;

	if (base && *base)
		rc = buf_addf(out, "%s/", base);
	for (; !rc && *name; name++) {
		unsigned char c = (unsigned char)*name;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			rc = buf_addc(out, (char)c);
		else
			rc = buf_addf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
	return rc;
}

int feed_guid(struct buf *out, const char *base, const char *id, const char *date)
{
	int rc;

	if (!base || !*base)
		return buf_addf(out, "tingbao:%s:%s", id, date);
	rc = feed_url(out, base, id);
	return rc ? rc : buf_addf(out, "/%s", date);
}

void feed_podcast_guid(const char *feed_url, char out[37])
{
	const char *p = strstr(feed_url, "://");
	size_t n;
	uuid_t ns, id;

	p = p ? p + 3 : feed_url;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	uuid_parse(FEED_GUID_NAMESPACE, ns);
	uuid_generate_sha1(id, ns, p, n);
	uuid_unparse_lower(id, out);
}

int feed_category_known(const char *c)
{
	const char *p = (const char *)tb_feed_categories, *end = p + tb_feed_categories_len;
	size_t n = strlen(c);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (*p != '#' && len == n && !memcmp(p, c, n))
			return n > 0;
		p += len + 1;
	}
	return 0;
}

/* Appends s, then folds what the template's empty parts left: runs of spaces to one, no
 * space at the start, the end, or before a colon. */
static int tidy_title(struct buf *out, const char *s)
{
	size_t start = out->len;
	int rc = 0;

	for (; *s && !rc; s++) {
		int colon = !strncmp(s + 1, "\xEF\xBC\x9A", 3) || s[1] == ':';

		if (*s == ' ' &&
		    (out->len == start || out->data[out->len - 1] == ' ' || colon || !s[1]))
			continue;
		rc = buf_addc(out, *s);
	}
	while (!rc && out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	return rc;
}

int feed_episode_title(struct buf *out, const char *fmt, const char *paper, const char *date,
                       const char *section, const char *headline)
{
	static const char *const names[] = {"{paper}", "{date}", "{section}", "{headline}"};
	const char *values[] = {paper, date, section, headline};
	struct buf t = BUF_INIT;
	const char *p = fmt && *fmt ? fmt : FEED_TITLE_DEFAULT;
	int rc = 0;
	size_t k;

	while (*p && !rc) {
		for (k = 0; k < 4; k++)
			if (!strncmp(p, names[k], strlen(names[k])))
				break;
		if (k < 4) {
			rc = buf_adds(&t, values[k] ? values[k] : "");
			p += strlen(names[k]);
		} else {
			rc = buf_addc(&t, *p++);
		}
	}
	if (!rc)
		rc = tidy_title(out, buf_cstr(&t));
	buf_release(&t);
	return rc;
}

const char *feed_audio_type(const char *file)
{
	const char *dot = strrchr(file, '.');

	if (dot && !strcmp(dot, ".flac"))
		return "audio/flac";
	if (dot && !strcmp(dot, ".wav"))
		return "audio/wav";
	return "audio/mpeg";
}

/* <tag>escaped text</tag>, indented by `indent` steps of two spaces. */
static int element(struct buf *out, int indent, const char *tag, const char *text)
{
	int rc = buf_addf(out, "%*s<%s>", indent * 2, "", tag);

	if (!rc)
		rc = feed_escapes(out, text);
	return rc ? rc : buf_addf(out, "</%s>\n", tag);
}

/* <tag>URL</tag> for a file in the published directory. */
static int url_element(struct buf *out, int indent, const char *tag, const char *base,
                       const char *name)
{
	struct buf u = BUF_INIT;
	int rc = feed_url(&u, base, name);

	if (!rc)
		rc = element(out, indent, tag, buf_cstr(&u));
	buf_release(&u);
	return rc;
}

/* A file of the episode named id + suffix, as an escaped URL attribute value. */
static int file_url_attr(struct buf *out, const char *base, const char *id, const char *suffix)
{
	struct buf name = BUF_INIT, u = BUF_INIT;
	int rc = buf_addf(&name, "%s%s", id, suffix);

	if (!rc)
		rc = feed_url(&u, base, buf_cstr(&name));
	if (!rc)
		rc = feed_escapes(out, buf_cstr(&u));
	buf_release(&name);
	buf_release(&u);
	return rc;
}

/* The show notes: the title, then one "MM:SS title" line per chapter. */
static int notes_text(struct buf *out, const struct mr_episode *e)
{
	char t[32];
	size_t i;
	int rc = buf_adds(out, e->title);

	if (!rc && e->n_chapters)
		rc = buf_adds(out, "\n");
	for (i = 0; !rc && i < e->n_chapters; i++) {
		tr_format_clock(t, sizeof(t), e->chapters[i].start_ms);
		rc = buf_addf(out, "\n%s %s", t, e->chapters[i].title);
	}
	return rc;
}

/* The same as HTML (for content:encoded): apps that render HTML keep the lines. */
static int notes_html(struct buf *out, const struct mr_episode *e)
{
	char t[32];
	size_t i;
	int rc = buf_adds(out, "<p>");

	if (!rc)
		rc = feed_escapes(out, e->title);
	if (!rc)
		rc = buf_adds(out, "</p>");
	if (!rc && e->n_chapters)
		rc = buf_adds(out, "<p>");
	for (i = 0; !rc && i < e->n_chapters; i++) {
		tr_format_clock(t, sizeof(t), e->chapters[i].start_ms);
		rc = buf_addf(out, "%s%s ", i ? "<br>" : "", t);
		if (!rc)
			rc = feed_escapes(out, e->chapters[i].title);
	}
	if (!rc && e->n_chapters)
		rc = buf_adds(out, "</p>");
	return rc;
}

/* The episode on the page: index.html#<id>, with the id percent-encoded. */
static int page_link(struct buf *out, const char *base, const char *id)
{
	int rc = feed_url(out, base, "index.html");

	if (!rc)
		rc = buf_addc(out, '#');
	return rc ? rc : feed_url(out, NULL, id);
}

static int item_notes(struct buf *out, const struct mr_episode *e)
{
	struct buf text = BUF_INIT;
	int rc = notes_text(&text, e);

	if (!rc)
		rc = element(out, 3, "description", buf_cstr(&text));
	buf_reset(&text);
	if (!rc)
		rc = notes_html(&text, e);
	if (!rc)
		rc = element(out, 3, "content:encoded", buf_cstr(&text));
	buf_release(&text);
	return rc;
}

static int item_links(struct buf *out, const struct feed_channel *ch, const struct feed_item *it)
{
	const struct mr_episode *e = it->ep;
	const char *base = ch->base_url;
	int rc = buf_adds(out, "      <podcast:chapters url=\"");

	if (!rc)
		rc = file_url_attr(out, base, e->id, ".chapters.json");
	if (!rc)
		rc = buf_adds(out, "\" type=\"application/json+chapters\"/>\n"
		                   "      <podcast:transcript url=\"");
	if (!rc)
		rc = file_url_attr(out, base, e->id, ".vtt");
	if (!rc)
		rc = buf_adds(out, "\" type=\"text/vtt\" language=\"zh-cn\" rel=\"captions\"/>\n"
		                   "      <podcast:transcript url=\"");
	if (!rc)
		rc = file_url_attr(out, base, e->id, ".srt");
	if (!rc)
		rc = buf_adds(out, "\" type=\"application/x-subrip\" language=\"zh-cn\"/>\n");
	return rc;
}

/* Podlove Simple Chapters, which gPodder and other apps read instead of
 * podcast:chapters: <psc:chapter start="HH:MM:SS.mmm" title="…"/> per chapter. */
static int item_psc_chapters(struct buf *out, const struct mr_episode *e)
{
	size_t i;
	int rc;

	if (!e->n_chapters)
		return 0;
	rc = buf_adds(out, "      <psc:chapters version=\"1.2\">\n");
	for (i = 0; !rc && i < e->n_chapters; i++) {
		int64_t ms = e->chapters[i].start_ms;

		rc = buf_addf(
		        out, "        <psc:chapter start=\"%02" PRId64 ":%02d:%02d.%03d\" title=\"",
		        ms / 3600000, (int)(ms / 60000 % 60), (int)(ms / 1000 % 60),
		        (int)(ms % 1000));
		if (!rc)
			rc = feed_escapes(out, e->chapters[i].title);
		if (!rc)
			rc = buf_adds(out, "\"/>\n");
	}
	return rc ? rc : buf_adds(out, "      </psc:chapters>\n");
}

static int write_item(struct buf *out, const struct feed_channel *ch, const struct feed_item *it)
{
	const struct mr_episode *e = it->ep;
	struct buf tmp = BUF_INIT;
	char date[64];
	int64_t secs = (e->duration_ms + 500) / 1000;
	int rc;

	if (feed_rfc822_date(date, sizeof(date), it->date))
		snprintf(date, sizeof(date), "%s", "Thu, 01 Jan 1970 00:00:00 +0000");
	rc = buf_adds(out, "    <item>\n");
	if (!rc)
		rc = element(out, 3, "title", it->title ? it->title : e->title);
	if (!rc)
		rc = page_link(&tmp, ch->base_url, e->id);
	if (!rc)
		rc = element(out, 3, "link", buf_cstr(&tmp));
	if (!rc)
		rc = item_notes(out, e);
	buf_reset(&tmp);
	if (!rc)
		rc = feed_guid(&tmp, ch->base_url, e->id, it->date);
	if (!rc)
		rc = buf_adds(out, "      <guid isPermaLink=\"false\">");
	if (!rc)
		rc = feed_escapes(out, buf_cstr(&tmp));
	if (!rc)
		rc = buf_addf(out, "</guid>\n      <pubDate>%s</pubDate>\n", date);
	buf_reset(&tmp);
	if (!rc)
		rc = feed_url(&tmp, ch->base_url, e->file);
	if (!rc)
		rc = buf_adds(out, "      <enclosure url=\"");
	if (!rc)
		rc = feed_escapes(out, buf_cstr(&tmp));
	if (!rc)
		rc = buf_addf(out, "\" length=\"%" PRIu64 "\" type=\"%s\"/>\n", it->audio_bytes,
		              feed_audio_type(e->file));
	if (!rc)
		rc = element(out, 3, "itunes:title", it->title ? it->title : e->title);
	if (!rc)
		rc = buf_addf(out,
		              "      <itunes:duration>%02" PRId64 ":%02d:%02d</itunes:duration>\n"
		              "      <itunes:episodeType>full</itunes:episodeType>\n"
		              "      <itunes:explicit>%s</itunes:explicit>\n",
		              secs / 3600, (int)(secs / 60 % 60), (int)(secs % 60),
		              ch->explicit_ ? "true" : "false");
	if (!rc)
		rc = item_links(out, ch, it);
	if (!rc)
		rc = item_psc_chapters(out, e);
	if (!rc)
		rc = buf_adds(out, "    </item>\n");
	buf_release(&tmp);
	return rc;
}

static const char *newest_date(const struct feed_item *items, size_t n)
{
	const char *d = items[0].date;
	size_t i;

	for (i = 1; i < n; i++)
		if (strcmp(items[i].date, d) > 0)
			d = items[i].date;
	return d;
}

/* The artwork: RSS 2.0's <image> (url, title, link) and itunes:image. */
static int channel_image(struct buf *out, const struct feed_channel *ch)
{
	struct buf u = BUF_INIT;
	int rc;

	if (!ch->image)
		return 0;
	rc = feed_url(&u, ch->base_url, ch->image) || buf_adds(out, "    <image>\n");
	if (!rc)
		rc = element(out, 3, "url", buf_cstr(&u));
	if (!rc)
		rc = element(out, 3, "title", ch->title);
	if (!rc)
		rc = url_element(out, 3, "link", ch->base_url, "index.html");
	if (!rc)
		rc = buf_adds(out, "    </image>\n    <itunes:image href=\"");
	if (!rc)
		rc = feed_escapes(out, buf_cstr(&u));
	if (!rc)
		rc = buf_adds(out, "\"/>\n");
	buf_release(&u);
	return rc;
}

static int channel_owner(struct buf *out, const struct feed_channel *ch)
{
	const char *name = ch->owner_name && *ch->owner_name ? ch->owner_name
	                   : ch->author                      ? ch->author
	                                                     : ch->title;
	int rc = buf_adds(out, "    <itunes:owner>\n");

	if (!rc)
		rc = element(out, 3, "itunes:name", name);
	if (!rc)
		rc = element(out, 3, "itunes:email", ch->owner_email);
	return rc ? rc : buf_adds(out, "    </itunes:owner>\n");
}

/* <itunes:category text="News"><itunes:category text="Daily News"/></itunes:category> */
static int channel_category(struct buf *out, const char *c)
{
	const char *slash = strchr(c, '/');
	int rc = buf_adds(out, "    <itunes:category text=\"");

	if (!rc)
		rc = feed_escape(out, c, slash ? (size_t)(slash - c) : strlen(c));
	if (!rc && !slash)
		return buf_adds(out, "\"/>\n");
	if (!rc)
		rc = buf_adds(out, "\">\n      <itunes:category text=\"");
	if (!rc)
		rc = feed_escapes(out, slash + 1);
	return rc ? rc : buf_adds(out, "\"/>\n    </itunes:category>\n");
}

static int channel_locked(struct buf *out, const struct feed_channel *ch)
{
	int rc = buf_adds(out, "    <podcast:locked");

	if (!rc && ch->owner_email && *ch->owner_email) {
		rc = buf_adds(out, " owner=\"");
		if (!rc)
			rc = feed_escapes(out, ch->owner_email);
		if (!rc)
			rc = buf_adds(out, "\"");
	}
	return rc ? rc : buf_addf(out, ">%s</podcast:locked>\n", ch->locked ? "yes" : "no");
}

static int write_channel_head(struct buf *out, const struct feed_channel *ch,
                              const struct feed_item *items, size_t n)
{
	struct buf tmp = BUF_INIT;
	char date[64];
	int rc = buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

	if (!rc && ch->comment && *ch->comment)
		rc = buf_addf(out, "<!-- %s -->\n", ch->comment);
	if (!rc)
		rc = buf_adds(out, "<rss version=\"2.0\" xmlns:itunes=\"" NS_ITUNES
		                   "\" xmlns:podcast=\"" NS_PODCAST "\" xmlns:content=\"" NS_CONTENT
		                   "\" xmlns:atom=\"" NS_ATOM "\" xmlns:psc=\"" NS_PSC "\">\n"
		                   "  <channel>\n");

	if (!rc)
		rc = element(out, 2, "title", ch->title);
	if (!rc)
		rc = url_element(out, 2, "link", ch->base_url, "index.html");
	if (!rc && ch->base_url && *ch->base_url) {
		rc = feed_url(&tmp, ch->base_url, "feed.xml");
		if (!rc)
			rc = buf_adds(out, "    <atom:link href=\"");
		if (!rc)
			rc = feed_escapes(out, buf_cstr(&tmp));
		if (!rc)
			rc = buf_adds(out, "\" rel=\"self\" type=\"application/rss+xml\"/>\n");
	}
	if (!rc)
		rc = buf_adds(out, "    <language>zh-cn</language>\n");
	buf_reset(&tmp);
	if (!rc && ch->description && *ch->description)
		rc = buf_adds(&tmp, ch->description);
	else if (!rc)
		rc = buf_addf(&tmp,
		              "%s\xEF\xBC\x9A\xE6\x8A\xA5\xE7\xBA\xB8\xE7\x9A\x84\xE6\x9C\x97"
		              "\xE8\xAF\xBB\xE7\x89\x88",
		              ch->title); /* "T：报纸的朗读版" */
	if (!rc)
		rc = element(out, 2, "description", buf_cstr(&tmp));
	if (!rc)
		rc = buf_addf(out, "    <generator>tingbao %s</generator>\n", TB_VERSION);
	/* Both from the newest edition's date, never the clock: re-publishing changes nothing. */
	if (!rc && n && !feed_rfc822_date(date, sizeof(date), newest_date(items, n)))
		rc = buf_addf(out,
		              "    <pubDate>%s</pubDate>\n    <lastBuildDate>%s</lastBuildDate>\n",
		              date, date);
	if (!rc)
		rc = channel_image(out, ch);
	if (!rc)
		rc = element(out, 2, "itunes:author", ch->author ? ch->author : ch->title);
	if (!rc && ch->owner_email && *ch->owner_email)
		rc = channel_owner(out, ch);
	if (!rc)
		rc = buf_addf(out,
		              "    <itunes:type>episodic</itunes:type>\n"
		              "    <itunes:explicit>%s</itunes:explicit>\n",
		              ch->explicit_ ? "true" : "false");
	if (!rc)
		rc = channel_category(out, ch->category ? ch->category : "News/Daily News");
	if (!rc && ch->guid)
		rc = buf_addf(out, "    <podcast:guid>%s</podcast:guid>\n", ch->guid);
	if (!rc)
		rc = channel_locked(out, ch);
	buf_release(&tmp);
	return rc;
}

int feed_write(struct buf *out, const struct feed_channel *ch, const struct feed_item *items,
               size_t n)
{
	size_t i;
	int rc = write_channel_head(out, ch, items, n);

	for (i = 0; !rc && i < n; i++)
		rc = write_item(out, ch, &items[i]);
	if (!rc)
		rc = buf_adds(out, "  </channel>\n</rss>\n");
	return rc;
}
