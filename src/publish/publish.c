/* publish: manifests in a directory → feed, page, transcripts and chapter files. */
#include "publish/publish.h"

#include "core/afile.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "publish/cover.h"
#include "publish/mread.h"
#include "publish/page.h"
#include "publish/transcript.h"
#include "render/opening.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where earlier versions kept the settings; read once when the feed has none, then
 * removed. */
#define PUB_LEGACY_STATE ".tingbao-publish.json"
/* An episode's audio file is capped below 4 GiB when rendered (render/episode.h). */
#define PUB_AUDIO_MAX_BYTES ((size_t)0xFFFFFFFFu)

/* The channel settings, from the options or else from the saved state. */
struct settings {
	char *title;
	char *description;
	char *base_url; /* no trailing '/'; "" for relative URLs */
	int keep;       /* 0: all */
	enum tr_lrc_encoding lrc;
};

/* The channel's own fields (feed.h), from the options or else the saved settings. */
struct channel_settings {
	char *image;     /* the given cover's name in DIR ("cover.jpg"), "" for the drawn one */
	char *old_image; /* the cover an earlier publish wrote, removed when it is not ours now */
	char *author, *owner_name, *owner_email, *category, *episode_title;
	int explicit_, locked;
	const char *cover; /* the cover this run publishes (a name in DIR), or NULL */
};

/* What publish knows of an episode besides its manifest (parallel to run.eps). */
struct ep_extra {
	const char *manifest_name; /* its manifest's name in DIR */
	int imported;              /* copied in by this run: its audio waits in the set */
	uint64_t audio_bytes;      /* the imported audio's size */
};

struct run {
	const struct pub_opts *o;
	struct afile_dir *dir;
	struct settings set;
	struct channel_settings chan;
	struct arena arena;   /* the episodes' strings */
	struct buf eps;       /* VEC of struct mr_episode: every manifest in dir */
	struct buf extra;     /* VEC of struct ep_extra */
	struct buf items;     /* VEC of struct feed_item */
	struct afile_set out; /* every file written, renamed together at the end */
	size_t bad;           /* manifests that could not be read */
	int legacy_state;     /* DIR/.tingbao-publish.json exists: removed after the commit */
	struct pub_report *rep;
	struct tb_err *err;
};

static int nomem(struct tb_err *err)
{
	return err_set(err, TB_E_NOMEM, "out of memory");
}

static void warn(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct run *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->o->warn)
		r->o->warn(r->o->warn_ctx, msg);
}

/* Queues data as dir/name unless the file there already holds exactly these bytes (a
 * regular file: a symbolic link there is replaced, never followed). */
static int write_if_changed(struct run *r, const char *name, const struct buf *data)
{
	struct buf old = BUF_INIT;
	int rc = 0;

	if (!afile_read(r->dir, name, data->len, &old, NULL) && old.len == data->len &&
	    (!data->len || !memcmp(old.data, data->data, data->len))) {
		r->rep->unchanged++;
	} else {
		rc = afile_set_write(&r->out, r->dir, name, data->data ? data->data : "", data->len,
		                     r->err);
		if (!rc)
			r->rep->written++;
	}
	buf_release(&old);
	return rc;
}

/* ---- settings ---------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	size_t n;
	char *c;

	if (!s)
		return NULL;
	n = strlen(s);
	c = malloc(n + 1);
	if (c)
		memcpy(c, s, n + 1);
	return c;
}

static void settings_release(struct settings *s)
{
	free(s->title);
	free(s->description);
	free(s->base_url);
	memset(s, 0, sizeof(*s));
}

static int check_base_url(const char *u, struct tb_err *err)
{
	const char *p;

	if (!*u)
		return 0;
	if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))
		return err_set(err, TB_E_USAGE,
		               "--base-url wants an http:// or https:// URL, not '%s'", u);
	/* ASCII only (a bidi control or any other character goes percent-encoded, a domain
	 * name as punycode): a URL that displays as something else is never written. */
	for (p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F || *p == '"' ||
		    *p == '<' || *p == '>' || *p == '#' || *p == '?')
			return err_set(err, TB_E_USAGE,
			               "--base-url: '%s' has a character a base URL cannot have "
			               "(percent-encode it)",
			               u);
	return 0;
}

/* The settings an earlier publish saved: in a comment at the top of feed.xml, or, from
 * versions before that, in DIR/.tingbao-publish.json. Unreadable ones are a warning. */
static int read_saved_settings(struct run *r, struct mr_state *st)
{
	struct buf text = BUF_INIT;
	struct tb_err e = {0, ""};
	const char *from = NULL, *start, *end;
	int rc = TB_E_INPUT;

	memset(st, 0, sizeof(*st));
	st->keep = -1;
	if (!afile_read(r->dir, "feed.xml", MREAD_MAX_BYTES, &text, NULL) &&
	    (start = strstr(text.data, PUB_SETTINGS_TAG)) && (end = strstr(start, " -->"))) {
		from = "feed.xml";
		start += strlen(PUB_SETTINGS_TAG);
		rc = mread_state(start, (size_t)(end - start), "feed.xml", st, &e);
	}
	buf_reset(&text);
	if (!from && !afile_read(r->dir, PUB_LEGACY_STATE, (size_t)1 << 20, &text, NULL)) {
		from = PUB_LEGACY_STATE;
		rc = mread_state(text.data ? text.data : "", text.len, PUB_LEGACY_STATE, st, &e);
	}
	r->legacy_state = faccessat(r->dir->fd, PUB_LEGACY_STATE, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
	buf_release(&text);
	if (rc == TB_E_NOMEM)
		return nomem(r->err);
	if (from && rc)
		warn(r,
		     "%s/%s: the saved settings cannot be read (%s); using the options and "
		     "defaults",
		     r->dir->path, from, e.msg);
	return 0;
}

static void channel_release(struct channel_settings *c)
{
	free(c->image);
	free(c->old_image);
	free(c->author);
	free(c->owner_name);
	free(c->owner_email);
	free(c->category);
	free(c->episode_title);
	memset(c, 0, sizeof(*c));
}

/* "yes"/"no" of an option (-1: not given) or else of the saved settings, else `dflt`. */
static int yes_no(int opt, const char *saved, int dflt)
{
	if (opt >= 0)
		return opt;
	if (saved && !strcmp(saved, "yes"))
		return 1;
	if (saved && !strcmp(saved, "no"))
		return 0;
	return dflt;
}

/* An email address as directories take it: local@domain, printable ASCII, no spaces. */
static int plausible_email(const char *e)
{
	const char *at = strchr(e, '@'), *p;

	if (!at || at == e || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
		return 0;
	for (p = e; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7F ||
		    strchr("<>\"()[],;:", *p))
			return 0;
	return 1;
}

static int load_channel_settings(struct run *r, const struct mr_state *st)
{
	const struct pub_opts *o = r->o;
	struct channel_settings *c = &r->chan;
	const char *cat = o->category ? o->category : st->category;
	const char *email = o->owner_email ? o->owner_email : st->owner_email;

	c->old_image = dup_or_null(st->image ? st->image : "");
	/* --image FILE gives a cover (checked and copied when the site is written);
	 * --image '' goes back to the drawn one. */
	c->image = dup_or_null(o->image ? "" : st->image ? st->image : "");
	c->author = dup_or_null(o->author ? o->author : st->author ? st->author : "");
	c->owner_name = dup_or_null(o->owner_name    ? o->owner_name
	                            : st->owner_name ? st->owner_name
	                                             : "");
	c->owner_email = dup_or_null(email ? email : "");
	c->category = dup_or_null(cat && *cat ? cat : "News/Daily News");
	c->episode_title = dup_or_null(o->episode_title    ? o->episode_title
	                               : st->episode_title ? st->episode_title
	                                                   : FEED_TITLE_DEFAULT);
	c->explicit_ = yes_no(o->explicit_, st->explicit_, 0);
	c->locked = yes_no(o->locked, st->locked, 0);
	if (!c->old_image || !c->image || !c->author || !c->owner_name || !c->owner_email ||
	    !c->category || !c->episode_title)
		return nomem(r->err);
	if (!feed_category_known(c->category))
		return err_set(r->err, TB_E_USAGE,
		               "--category: '%s' is not one of Apple Podcasts' categories (such as "
		               "News or News/Daily News; docs/publishing.md lists them)",
		               c->category);
	if (*c->owner_email && !plausible_email(c->owner_email))
		return err_set(r->err, TB_E_USAGE, "--owner-email: '%s' is not an email address",
		               c->owner_email);
	return 0;
}

/* Options win; what is not given comes from the saved settings, then defaults. */
static int load_settings(struct run *r)
{
	const struct pub_opts *o = r->o;
	struct mr_state st;
	const char *title, *desc, *base, *lrc;
	int rc = read_saved_settings(r, &st);
	size_t n;

	if (rc)
		return rc;
	title = o->title ? o->title : st.title;
	desc = o->description ? o->description : st.description;
	base = o->base_url ? o->base_url : st.base_url;
	lrc = o->lrc_encoding ? o->lrc_encoding : st.lrc_encoding;
	rc = load_channel_settings(r, &st);
	r->set.keep = o->keep >= 0 ? o->keep : (st.keep > 0 ? (int)st.keep : 0);
	r->set.title = dup_or_null(title && *title ? title : PUB_DEFAULT_TITLE);
	r->set.description = dup_or_null(desc ? desc : "");
	r->set.base_url = dup_or_null(base ? base : "");
	if (rc)
		; /* a bad channel option, said already */
	else if (!lrc || !strcmp(lrc, "utf-8") || !strcmp(lrc, "utf8"))
		r->set.lrc = TR_LRC_UTF8;
	else if (!strcmp(lrc, "gbk"))
		r->set.lrc = TR_LRC_GBK;
	else
		rc = err_set(r->err, TB_E_USAGE, "--lrc-encoding wants utf-8 or gbk, not '%s'",
		             lrc);
	mread_state_release(&st);
	if (rc)
		return rc;
	if (!r->set.title || !r->set.description || !r->set.base_url)
		return nomem(r->err);
	n = strlen(r->set.base_url);
	while (n && r->set.base_url[n - 1] == '/')
		r->set.base_url[--n] = '\0';
	return check_base_url(r->set.base_url, r->err);
}

static void channel_settings_json(const struct channel_settings *c, struct json *j)
{
	json_kv_string(j, "image", c->image);
	json_kv_string(j, "author", c->author);
	json_kv_string(j, "owner_name", c->owner_name);
	json_kv_string(j, "owner_email", c->owner_email);
	json_kv_string(j, "category", c->category);
	json_kv_string(j, "explicit", c->explicit_ ? "yes" : "no");
	json_kv_string(j, "locked", c->locked ? "yes" : "no");
	json_kv_string(j, "episode_title", c->episode_title);
}

/* The settings as one line of JSON for the feed's comment: no "--" can appear in it,
 * since every '-' (found only inside strings: keep is never negative) is written as
 * \u002d. */
static int settings_comment(const struct run *r, struct buf *out)
{
	struct buf json = BUF_INIT;
	struct json j;
	size_t i;
	int rc;

	json_init(&j, &json);
	json_begin_object(&j);
	json_kv_string(&j, "format", "tingbao-publish");
	json_kv_int(&j, "version", 1);
	json_kv_string(&j, "title", r->set.title);
	json_kv_string(&j, "description", r->set.description);
	json_kv_string(&j, "base_url", r->set.base_url);
	json_kv_int(&j, "keep", r->set.keep);
	json_kv_string(&j, "lrc_encoding", r->set.lrc == TR_LRC_GBK ? "gbk" : "utf-8");
	channel_settings_json(&r->chan, &j);
	json_end_object(&j);
	rc = json_finish(&j) || buf_adds(out, PUB_SETTINGS_NAME " ");
	for (i = 0; !rc && i < json.len; i++) {
		if (json.data[i] == '\n') { /* one line: a raw newline is only layout in JSON */
			while (i + 1 < json.len && json.data[i + 1] == ' ')
				i++;
			continue;
		}
		rc = json.data[i] == '-' ? buf_adds(out, "\\u002d") : buf_addc(out, json.data[i]);
	}
	buf_release(&json);
	return rc;
}

/* ---- reading manifests ---------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(struct buf *names)
{
	size_t i;

	for (i = 0; i < VEC_LEN(names, char *); i++)
		free(VEC_AT(names, char *, i));
	buf_release(names);
}

/* The names of the JSON files in d that may be manifests, sorted. */
static int list_json(struct afile_dir *d, struct buf *names, struct tb_err *err)
{
	int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	int rc = 0;

	if (!dir) {
		rc = err_set(err, TB_E_IO, "cannot read the directory %s: %s", d->path,
		             strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	while (!rc && (de = readdir(dir))) {
		char **slot;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json") ||
		    ends_with(de->d_name, ".chapters.json"))
			continue;
		slot = VEC_PUSH(names, char *);
		if (!slot || !(*slot = strdup(de->d_name))) {
			if (slot)
				names->len -= sizeof(char *);
			rc = nomem(err);
		}
	}
	closedir(dir);
	if (!rc && VEC_LEN(names, char *) > 1)
		qsort(names->data, VEC_LEN(names, char *), sizeof(char *), cmp_str);
	return rc;
}

enum { READ_SKIPPED = 0, READ_OK = 1 };

/* A station's episodes (the numbered layout) are for cards, not the feed: those of
 * eps[first..] are taken out and counted. */
static void drop_station_episodes(struct run *r, struct buf *eps, size_t first)
{
	size_t i, k = first, n = VEC_LEN(eps, struct mr_episode);

	for (i = first; i < n; i++) {
		if (VEC_AT(eps, struct mr_episode, i).station) {
			r->rep->stations++;
			continue;
		}
		VEC_AT(eps, struct mr_episode, k++) = VEC_AT(eps, struct mr_episode, i);
	}
	eps->len = k * sizeof(struct mr_episode);
}

/*
 * Reads manifest `name` of d into eps: READ_OK, or READ_SKIPPED for other JSON and
 * for a file that is not regular (a symbolic link, a FIFO: never followed, never
 * waited for; with a warning). One that cannot be parsed or is not a rendered
 * manifest is a warning, counted in r->bad, and READ_SKIPPED; with `named` (the user
 * named the file) all of these are errors instead. With `keep`, the bytes read stay there
 * (what is copied is what was checked).
 */
static int read_manifest(struct run *r, struct afile_dir *d, const char *name, int named,
                         struct buf *eps, struct buf *keep)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	struct tb_err e = {0, ""};
	int rc;

	if (buf_addf(&path, "%s/%s", d->path, name))
		return nomem(r->err);
	rc = afile_read(d, name, MREAD_MAX_BYTES, &text, &e);
	if (!rc)
		rc = mread_probe(buf_cstr(&text), text.len, path.data, &e);
	if (rc == 0) { /* JSON, but not a manifest */
		rc = named ? err_set(&e, TB_E_INPUT, "%s: not a tingbao manifest", path.data)
		           : READ_SKIPPED;
	} else if (rc == 1) {
		size_t first = VEC_LEN(eps, struct mr_episode);

		rc = mread_text(buf_cstr(&text), text.len, path.data, d->path, &r->arena, eps, &e);
		if (!rc)
			drop_station_episodes(r, eps, first);
		if (!rc)
			rc = VEC_LEN(eps, struct mr_episode) > first ? READ_OK : READ_SKIPPED;
	}
	if (rc < 0 && rc != TB_E_NOMEM && !named) {
		if (rc == TB_E_IO) {
			warn(r, "%s; skipped", e.msg);
		} else {
			r->bad++;
			warn(r, "%s", e.msg);
		}
		rc = READ_SKIPPED;
	} else if (rc < 0) {
		rc = err_set(r->err, rc, "%s", e.msg);
	}
	if (keep && rc == READ_OK) {
		*keep = text;
		buf_init(&text, 0);
	}
	buf_release(&text);
	buf_release(&path);
	return rc;
}

static struct ep_extra *extra_at(struct run *r, size_t i)
{
	return &VEC_AT(&r->extra, struct ep_extra, i);
}

static struct mr_episode *ep_at(struct run *r, size_t i)
{
	return &VEC_AT(&r->eps, struct mr_episode, i);
}

/* Gives the episodes from eps[first..] (up to `last`, exclusive; 0: all) their extra
 * facts. */
static int add_extras_upto(struct run *r, size_t first, size_t last, const char *manifest_name,
                           int imported, uint64_t audio_bytes)
{
	const char *name = arena_strdup(&r->arena, manifest_name);
	size_t i;

	if (!name)
		return nomem(r->err);
	for (i = first; i < (last ? last : VEC_LEN(&r->eps, struct mr_episode)); i++) {
		struct ep_extra *x = VEC_PUSH(&r->extra, struct ep_extra);

		if (!x)
			return nomem(r->err);
		x->manifest_name = name;
		x->imported = imported;
		x->audio_bytes = audio_bytes;
	}
	return 0;
}

static int add_extras(struct run *r, size_t first, const char *manifest_name, int imported,
                      uint64_t audio_bytes)
{
	return add_extras_upto(r, first, 0, manifest_name, imported, audio_bytes);
}

/* Every manifest in DIR. */
static int load_dir(struct run *r)
{
	struct buf names = BUF_INIT;
	size_t i;
	int rc = list_json(r->dir, &names, r->err);

	for (i = 0; !rc && i < VEC_LEN(&names, char *); i++) {
		size_t first = VEC_LEN(&r->eps, struct mr_episode);
		const char *name = VEC_AT(&names, char *, i);

		rc = read_manifest(r, r->dir, name, 0, &r->eps, NULL);
		rc = rc == READ_OK ? add_extras(r, first, name, 0, 0) : rc;
	}
	free_names(&names);
	return rc;
}

/* ---- importing manifests from elsewhere ----------------------------------- */

static int same_dir(const struct afile_dir *a, const struct afile_dir *b)
{
	struct stat sa, sb;

	return !fstat(a->fd, &sa) && !fstat(b->fd, &sb) && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* 1 when both lists hold the same episodes (ids and dates, in order). */
static int same_episodes(struct run *r, const char *manifest_name, const struct buf *incoming)
{
	size_t i, k = 0, n = VEC_LEN(incoming, struct mr_episode);

	for (i = 0; i < VEC_LEN(&r->eps, struct mr_episode); i++) {
		const struct mr_episode *a = ep_at(r, i), *b;

		if (strcmp(extra_at(r, i)->manifest_name, manifest_name))
			continue;
		if (k >= n)
			return 0;
		b = &VEC_AT(incoming, struct mr_episode, k++);
		if (strcmp(a->id, b->id) || strcmp(a->date, b->date))
			return 0;
	}
	return k == n;
}

/*
 * Whether the incoming manifest `src_path` may take the place of what DIR holds:
 * a negative TB_E_* code (set), 0 to import, 1 to skip (this run imported it already).
 * A manifest of the same name that holds other episodes (other ids or dates: another
 * day's 01.json) is replaced only with --replace; an episode whose id another
 * manifest of DIR holds is never taken (its audio would replace that one's).
 */
static int check_import(struct run *r, const char *src_path, const char *name,
                        const struct buf *incoming)
{
	size_t i, k;

	for (i = 0; i < VEC_LEN(&r->eps, struct mr_episode); i++) {
		const struct ep_extra *x = extra_at(r, i);
		const struct mr_episode *old = ep_at(r, i);

		if (!strcmp(x->manifest_name, name)) {
			if (x->imported && same_episodes(r, name, incoming))
				return 1;
			if (x->imported)
				return err_set(r->err, TB_E_INPUT,
				               "%s and %s both import %s/%s with other episodes",
				               old->manifest_path, src_path, r->dir->path, name);
			if (!r->o->replace && !same_episodes(r, name, incoming))
				return err_set(r->err, TB_E_INPUT,
				               "%s would replace %s, a different episode ('%s' of "
				               "%s); pass --replace to replace it",
				               src_path, old->manifest_path, old->id,
				               *old->date ? old->date : "no date");
			continue;
		}
		for (k = 0; k < VEC_LEN(incoming, struct mr_episode); k++)
			if (!strcmp(VEC_AT(incoming, struct mr_episode, k).id, old->id))
				return err_set(r->err, TB_E_INPUT,
				               "%s: episode '%s' is already in %s, whose audio it "
				               "would replace; remove one of them",
				               src_path, old->id, old->manifest_path);
	}
	return 0;
}

/* Drops DIR's episodes of manifest `name` (the import takes their place). */
static void forget_manifest(struct run *r, const char *name)
{
	size_t i, k = 0, n = VEC_LEN(&r->eps, struct mr_episode);

	for (i = 0; i < n; i++) {
		if (!strcmp(extra_at(r, i)->manifest_name, name))
			continue;
		*ep_at(r, k) = *ep_at(r, i);
		*extra_at(r, k) = *extra_at(r, i);
		k++;
	}
	r->eps.len = k * sizeof(struct mr_episode);
	r->extra.len = k * sizeof(struct ep_extra);
}

/*
 * A manifest from outside DIR: its audio (a regular file beside it, never through a
 * symbolic link) and itself are queued for DIR, and its episodes take the place of
 * the manifest of that name in DIR.
 */
static int import_manifest(struct run *r, struct afile_dir *src, const char *name, int named)
{
	struct buf incoming = BUF_INIT, audio = BUF_INIT, text = BUF_INIT, path = BUF_INIT;
	struct buf sizes = BUF_INIT; /* vec of uint64_t: each episode's audio */
	struct buf clean = BUF_INIT;
	size_t i, first;
	int rc = read_manifest(r, src, name, named, &incoming, &text);

	if (rc != READ_OK)
		goto out;
	if (buf_addf(&path, "%s/%s", src->path, name)) {
		rc = nomem(r->err);
		goto out;
	}
	rc = check_import(r, path.data, name, &incoming);
	if (rc) {
		rc = rc > 0 ? 0 : rc;
		goto out;
	}
	for (i = 0; !rc && i < VEC_LEN(&incoming, struct mr_episode); i++) {
		const char *file = VEC_AT(&incoming, struct mr_episode, i).file;
		uint64_t *size = VEC_PUSH(&sizes, uint64_t);

		buf_reset(&audio);
		rc = size ? afile_read(src, file, PUB_AUDIO_MAX_BYTES, &audio, r->err)
		          : nomem(r->err);
		if (!rc)
			rc = write_if_changed(r, file, &audio);
		if (!rc)
			*size = audio.len;
	}
	/* What is copied into the site carries no hidden character either. */
	if (!rc && (rc = mread_clean(buf_cstr(&text), text.len, &clean)))
		rc = rc == TB_E_NOMEM ? nomem(r->err)
		                      : err_set(r->err, rc, "%s: bad JSON", path.data);
	if (!rc)
		rc = write_if_changed(r, name, clean.len ? &clean : &text);
	if (rc)
		goto out;
	forget_manifest(r, name);
	first = VEC_LEN(&r->eps, struct mr_episode);
	if (buf_add(&r->eps, incoming.data, incoming.len))
		rc = nomem(r->err);
	for (i = 0; !rc && first + i < VEC_LEN(&r->eps, struct mr_episode); i++)
		rc = add_extras_upto(r, first + i, first + i + 1, name, 1,
		                     VEC_AT(&sizes, uint64_t, i));
	if (!rc)
		r->rep->copied++;
out:
	buf_release(&clean);
	buf_release(&sizes);
	buf_release(&incoming);
	buf_release(&audio);
	buf_release(&text);
	buf_release(&path);
	return rc;
}

/* The directory part of a path and the name in it. */
static int split_path(const char *in, struct buf *dir, const char **name)
{
	const char *slash = strrchr(in, '/');

	*name = slash ? slash + 1 : in;
	if (!slash)
		return buf_adds(dir, ".");
	return buf_add(dir, in, slash == in ? 1 : (size_t)(slash - in));
}

static int import_input(struct run *r, const char *in)
{
	struct buf names = BUF_INIT, dir = BUF_INIT;
	struct afile_dir *src = NULL;
	const char *name;
	struct stat st;
	size_t i;
	int rc, is_dir;

	if (stat(in, &st))
		return err_set(r->err, TB_E_IO, "%s: %s", in, strerror(errno));
	is_dir = S_ISDIR(st.st_mode);
	rc = is_dir ? buf_adds(&dir, in) : split_path(in, &dir, &name);
	rc = rc ? nomem(r->err) : afile_dir_open(buf_cstr(&dir), 0, &src, r->err);
	if (rc || same_dir(src, r->dir))
		goto out; /* DIR's own manifests are read already */
	if (!is_dir) {
		rc = import_manifest(r, src, name, 1);
		goto out;
	}
	rc = list_json(src, &names, r->err);
	for (i = 0; !rc && i < VEC_LEN(&names, char *); i++)
		rc = import_manifest(r, src, VEC_AT(&names, char *, i), 0);
out:
	free_names(&names);
	buf_release(&dir);
	afile_dir_close(src);
	return rc;
}

static int import_inputs(struct run *r)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < r->o->n_inputs; i++)
		rc = import_input(r, r->o->inputs[i]);
	return rc;
}

/* One manifest per id; manifests that could not be read stop the run unless skipped. */
static int check_episodes(struct run *r)
{
	size_t i, k, n = VEC_LEN(&r->eps, struct mr_episode);

	if (r->bad && !r->o->skip_bad)
		return err_set(r->err, TB_E_INPUT,
		               "%zu manifest%s in %s could not be read (see the warnings); "
		               "fix or remove %s, or pass --skip-bad to publish without %s",
		               r->bad, r->bad == 1 ? "" : "s", r->dir->path,
		               r->bad == 1 ? "it" : "them", r->bad == 1 ? "it" : "them");
	for (i = 0; i < n; i++)
		for (k = i + 1; k < n; k++)
			if (!strcmp(ep_at(r, i)->id, ep_at(r, k)->id))
				return err_set(r->err, TB_E_INPUT,
				               "episode '%s' is in both %s and %s; remove one",
				               ep_at(r, i)->id, ep_at(r, i)->manifest_path,
				               ep_at(r, k)->manifest_path);
	return 0;
}

/* ---- the feed's items ------------------------------------------------------ */

static int valid_ymd(const char *s)
{
	char tmp[64];

	return s && feed_rfc822_date(tmp, sizeof(tmp), s) == 0;
}

/* The feed's items: every episode with a date and its audio, a regular file in DIR (or
 * one this run imports). */
static int make_items(struct run *r)
{
	size_t i, n = VEC_LEN(&r->eps, struct mr_episode);

	for (i = 0; i < n; i++) {
		const struct mr_episode *e = ep_at(r, i);
		const struct ep_extra *x = extra_at(r, i);
		const char *date = *e->date ? e->date : r->o->date;
		struct feed_item *it;
		struct stat st;

		if (!valid_ymd(date))
			return err_set(r->err, date ? TB_E_INPUT : TB_E_USAGE,
			               "%s: episode '%s' has %s; pass --date YYYY-MM-DD",
			               e->manifest_path, e->id, date ? "a bad date" : "no date");
		if (!x->imported && fstatat(r->dir->fd, e->file, &st, AT_SYMLINK_NOFOLLOW))
			return err_set(r->err, TB_E_INPUT, "%s: the audio %s/%s is missing",
			               e->manifest_path, r->dir->path, e->file);
		if (!x->imported && !S_ISREG(st.st_mode))
			return err_set(r->err, TB_E_INPUT,
			               "%s: the audio %s/%s is not a regular file (a symbolic link "
			               "is never published)",
			               e->manifest_path, r->dir->path, e->file);
		it = VEC_PUSH(&r->items, struct feed_item);
		if (!it)
			return nomem(r->err);
		it->ep = e;
		it->date = date;
		it->audio_bytes = x->imported ? x->audio_bytes : (uint64_t)st.st_size;
	}
	return 0;
}

static int cmp_items(const void *pa, const void *pb)
{
	const struct feed_item *a = pa, *b = pb;
	int c = strcmp(b->date, a->date); /* newest first */

	return c ? c : strcmp(a->ep->id, b->ep->id);
}

size_t pub_order(struct feed_item *items, size_t n, int keep)
{
	if (n > 1)
		qsort(items, n, sizeof(*items), cmp_items);
	return keep > 0 && (size_t)keep < n ? (size_t)keep : n;
}

/* ---- writing -------------------------------------------------------------- */

typedef int (*episode_writer)(struct run *r, struct buf *out, const struct mr_episode *e);

static int w_chapters(struct run *r, struct buf *out, const struct mr_episode *e)
{
	return tr_chapters_json(out, e, r->set.title);
}

static int w_vtt(struct run *r, struct buf *out, const struct mr_episode *e)
{
	(void)r;
	return tr_vtt(out, e);
}

static int w_srt(struct run *r, struct buf *out, const struct mr_episode *e)
{
	(void)r;
	return tr_srt(out, e);
}

static int w_lrc(struct run *r, struct buf *out, const struct mr_episode *e)
{
	size_t repl = 0;
	int rc = tr_lrc(out, e, r->set.title, r->set.lrc, &repl, r->err);

	r->rep->lrc_replaced += repl;
	return rc;
}

static int write_episode_files(struct run *r, const struct mr_episode *e)
{
	static const struct {
		const char *suffix;
		episode_writer fn;
	} files[] = {
	        {".chapters.json", w_chapters},
	        {".vtt", w_vtt},
	        {".srt", w_srt},
	        {".lrc", w_lrc},
	};
	struct buf out = BUF_INIT, name = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < sizeof(files) / sizeof(files[0]); i++) {
		buf_reset(&out);
		buf_reset(&name);
		if (buf_addf(&name, "%s%s", e->id, files[i].suffix)) {
			rc = nomem(r->err);
			break;
		}
		rc = files[i].fn(r, &out, e);
		if (rc == TB_E_NOMEM || rc == TB_E_LIMIT)
			rc = err_set(r->err, rc, "out of memory writing %s", name.data);
		if (!rc)
			rc = write_if_changed(r, name.data, &out);
	}
	buf_release(&out);
	buf_release(&name);
	return rc;
}

static struct feed_item *items_of(struct run *r)
{
	return r->items.len ? &VEC_AT(&r->items, struct feed_item, 0) : NULL;
}

/* ---- the channel's cover and the items' titles ------------------------------ */

/* The given cover: checked (PNG or JPEG, square, 1400-3000 px) and copied as cover.png or
 * cover.jpg. */
static int copy_cover(struct run *r)
{
	struct buf data = BUF_INIT;
	const char *ext = NULL;
	char name[16];
	int rc = afile_read(NULL, r->o->image, (size_t)16 << 20, &data, r->err);

	if (!rc)
		rc = cover_check(data.data, data.len, r->o->image, &ext, r->err);
	if (!rc) {
		snprintf(name, sizeof(name), "cover.%s", ext);
		rc = write_if_changed(r, name, &data);
	}
	free(r->chan.image);
	r->chan.image = rc ? NULL : dup_or_null(name);
	if (!rc && !r->chan.image)
		rc = nomem(r->err);
	buf_release(&data);
	return rc;
}

/* The newest edition's date as the cover says it ("2024年3月8日"), or "". */
static void newest_date_text(const struct feed_item *items, size_t n, char *out, size_t size)
{
	const char *d = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (!d || strcmp(items[i].date, d) > 0)
			d = items[i].date;
	if (!d || !opening_date_text(d, out, size))
		out[0] = '\0';
}

/* The cover this run publishes: the one given now, the one given before (still in DIR),
 * or one drawn from the paper's name and the newest date (a warning, and no cover, when
 * it cannot be drawn). */
static int write_cover(struct run *r, size_t kept)
{
	struct channel_settings *c = &r->chan;
	struct buf png = BUF_INIT;
	struct tb_err e = {0, ""};
	struct stat st;
	char date[64];
	int rc = 0;

	if (r->o->image && *r->o->image) {
		if ((rc = copy_cover(r)))
			return rc;
	} else if (*c->image && (fstatat(r->dir->fd, c->image, &st, AT_SYMLINK_NOFOLLOW) ||
	                         !S_ISREG(st.st_mode))) {
		warn(r, "%s/%s, the cover given before, is gone; drawing one", r->dir->path,
		     c->image);
		c->image[0] = '\0';
	}
	if (*c->image) {
		c->cover = c->image;
		return 0;
	}
	newest_date_text(items_of(r), kept, date, sizeof(date));
	rc = cover_draw(r->set.title, date, &png, &e);
	if (rc == TB_E_DATA) {
		warn(r, "no cover drawn: %s; pass --image FILE", e.msg);
		rc = 0;
	} else if (rc) {
		rc = err_set(r->err, rc, "%s", e.msg);
	} else if (!(rc = write_if_changed(r, "cover.png", &png))) {
		c->cover = "cover.png";
	}
	buf_release(&png);
	return rc;
}

/* Each kept item's title from the template (feed.h), in the arena. */
static int title_items(struct run *r, size_t kept)
{
	struct feed_item *items = items_of(r);
	struct buf t = BUF_INIT;
	char date[64];
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < kept; i++) {
		const struct mr_episode *e = items[i].ep;
		const char *headline =
		        e->n_chapters && *e->chapters[0].title ? e->chapters[0].title : e->title;

		if (!opening_date_text(items[i].date, date, sizeof(date)))
			date[0] = '\0';
		buf_reset(&t);
		rc = feed_episode_title(&t, r->chan.episode_title, r->set.title, date, e->section,
		                        headline);
		if (!rc && !(items[i].title = arena_strdup(&r->arena, buf_cstr(&t))))
			rc = TB_E_NOMEM;
	}
	buf_release(&t);
	return rc ? nomem(r->err) : 0;
}

/* The channel as the feed writes it. */
static int channel_of(const struct run *r, struct feed_channel *ch, struct buf *self, char guid[37])
{
	const struct channel_settings *c = &r->chan;

	memset(ch, 0, sizeof(*ch));
	ch->title = r->set.title;
	ch->description = r->set.description;
	ch->base_url = r->set.base_url;
	ch->author = *c->author ? c->author : NULL;
	ch->image = c->cover;
	ch->owner_name = c->owner_name;
	ch->owner_email = c->owner_email;
	ch->category = c->category;
	ch->explicit_ = c->explicit_;
	ch->locked = c->locked;
	/* The feed's URL identifies the podcast: only an absolute one. */
	if (!*r->set.base_url)
		return 0;
	if (feed_url(self, r->set.base_url, "feed.xml"))
		return nomem(r->err);
	feed_podcast_guid(buf_cstr(self), guid);
	ch->guid = guid;
	return 0;
}

/* Everything goes into the set: per-episode files, the page, the feed (last, so it
 * never points at a file not yet there). */
static int write_site(struct run *r, size_t kept)
{
	const struct feed_item *items = items_of(r);
	struct feed_channel ch;
	struct page_info pi = {r->set.title, r->set.description};
	struct buf out = BUF_INIT, comment = BUF_INIT, url = BUF_INIT;
	char guid[37];
	size_t i;
	int rc = write_cover(r, kept);

	if (!rc)
		rc = title_items(r, kept);
	if (!rc)
		rc = channel_of(r, &ch, &url, guid);
	for (i = 0; !rc && i < kept; i++)
		rc = write_episode_files(r, items[i].ep);
	if (!rc && page_write(&out, &pi, items, kept))
		rc = nomem(r->err);
	if (!rc)
		rc = write_if_changed(r, "index.html", &out);
	buf_reset(&out);
	if (!rc && settings_comment(r, &comment))
		rc = nomem(r->err);
	ch.comment = buf_cstr(&comment);
	if (!rc && feed_write(&out, &ch, items, kept))
		rc = nomem(r->err);
	if (!rc)
		rc = write_if_changed(r, "feed.xml", &out);
	buf_release(&out);
	buf_release(&comment);
	buf_release(&url);
	return rc;
}

void pub_opts_init(struct pub_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->keep = -1;
	o->explicit_ = -1;
	o->locked = -1;
}

/* The cover an earlier publish wrote (cover.png or cover.jpg) when this one has another. */
static void remove_old_cover(struct run *r)
{
	static const char *const names[] = {"cover.png", "cover.jpg"};
	size_t i;

	for (i = 0; i < 2; i++)
		if (!(r->chan.cover && !strcmp(r->chan.cover, names[i])))
			unlinkat(r->dir->fd, names[i], 0);
}

/* Renames everything at once (signals blocked: the old site or the new one), then
 * drops what earlier versions left. */
static int commit(struct run *r)
{
	int rc = afile_set_commit(&r->out, r->err);

	if (!rc && r->legacy_state)
		unlinkat(r->dir->fd, PUB_LEGACY_STATE, 0);
	if (!rc)
		remove_old_cover(r);
	return rc;
}

int pub_run(const struct pub_opts *o, struct pub_report *rep, struct tb_err *err)
{
	struct pub_report local;
	struct run r;
	size_t kept = 0;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	memset(&local, 0, sizeof(local));
	r.o = o;
	r.rep = rep ? rep : &local;
	memset(r.rep, 0, sizeof(*r.rep));
	r.err = err;
	arena_init(&r.arena);
	buf_init(&r.eps, BUF_DEFAULT_LIMIT);
	buf_init(&r.extra, BUF_DEFAULT_LIMIT);
	buf_init(&r.items, BUF_DEFAULT_LIMIT);
	afile_set_init(&r.out);
	if (o->date && !valid_ymd(o->date))
		rc = err_set(err, TB_E_USAGE, "--date wants YYYY-MM-DD, not '%s'", o->date);
	else if (o->dir)
		r.dir = o->dir;
	else
		rc = afile_dir_open(o->out_dir ? o->out_dir : "out", 0, &r.dir, err);
	if (!rc)
		rc = load_settings(&r);
	if (!rc)
		rc = load_dir(&r);
	if (!rc)
		rc = import_inputs(&r);
	if (!rc)
		rc = check_episodes(&r);
	if (!rc)
		rc = make_items(&r);
	if (!rc) {
		kept = pub_order(items_of(&r), VEC_LEN(&r.items, struct feed_item), r.set.keep);
		rc = write_site(&r, kept);
	}
	if (!rc)
		rc = commit(&r);
	afile_set_abort(&r.out);
	r.rep->episodes = VEC_LEN(&r.eps, struct mr_episode);
	r.rep->published = rc ? 0 : kept;
	r.rep->relative_urls = !r.set.base_url || !*r.set.base_url;
	r.rep->http_url = r.set.base_url && !strncmp(r.set.base_url, "http://", 7);
	r.rep->no_owner_email = !r.rep->relative_urls && r.chan.owner_email && !*r.chan.owner_email;
	snprintf(r.rep->feed_path, sizeof(r.rep->feed_path), "%s/feed.xml",
	         r.dir ? r.dir->path : (o->out_dir ? o->out_dir : "out"));
	if (r.dir != o->dir)
		afile_dir_close(r.dir);
	settings_release(&r.set);
	channel_release(&r.chan);
	buf_release(&r.items);
	buf_release(&r.extra);
	buf_release(&r.eps);
	arena_release(&r.arena);
	return rc;
}
