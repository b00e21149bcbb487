/* publish: manifests in a directory → feed, page, transcripts and chapter files. */
#include "publish/publish.h"

#include "core/afile.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "publish/mread.h"
#include "publish/page.h"
#include "publish/transcript.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The channel settings, from the options or else from the saved state. */
struct settings {
	char *title;
	char *description;
	char *base_url; /* no trailing '/'; "" for relative URLs */
	int keep;       /* 0: all */
	enum tr_lrc_encoding lrc;
};

struct run {
	const struct pub_opts *o;
	const char *dir;
	struct settings set;
	struct arena arena; /* the episodes' strings */
	struct buf eps;     /* VEC of struct mr_episode: every manifest in dir */
	struct buf items;   /* VEC of struct feed_item */
	struct pub_report *rep;
	struct tb_err *err;
};

static int nomem(struct tb_err *err)
{
	return err_set(err, TB_E_NOMEM, "out of memory");
}

static int path_join(struct buf *out, const char *dir, const char *name)
{
	buf_reset(out);
	return buf_addf(out, "%s/%s", dir, name) ? TB_E_NOMEM : 0;
}

static int read_whole(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	char tmp[65536];
	size_t n;
	int rc = 0;

	if (!f)
		return TB_E_IO;
	while (!rc && (n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		rc = buf_add(out, tmp, n);
	if (!rc && ferror(f))
		rc = TB_E_IO;
	fclose(f);
	return rc;
}

/* Writes data to dir/name atomically unless the file already holds exactly these bytes. */
static int write_if_changed(struct run *r, const char *name, const struct buf *data)
{
	struct buf path = BUF_INIT, old = BUF_INIT;
	struct stat st;
	int rc = path_join(&path, r->dir, name);

	if (rc)
		return nomem(r->err);
	if (!stat(path.data, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size == data->len &&
	    !read_whole(path.data, &old) && old.len == data->len &&
	    (!data->len || !memcmp(old.data, data->data, data->len))) {
		r->rep->unchanged++;
	} else {
		rc = afile_write_all(path.data, data->data ? data->data : "", data->len, r->err);
		if (!rc)
			r->rep->written++;
	}
	buf_release(&path);
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
	for (p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '#' ||
		    *p == '?')
			return err_set(err, TB_E_USAGE,
			               "--base-url: '%s' has a character a base URL cannot have",
			               u);
	return 0;
}

/* Options win; what is not given comes from DIR/.tingbao-publish.json, then defaults. */
static int load_settings(struct run *r)
{
	const struct pub_opts *o = r->o;
	struct buf path = BUF_INIT;
	struct mr_state st;
	const char *title, *desc, *base, *lrc;
	int rc;
	size_t n;

	if (path_join(&path, r->dir, PUB_STATE_NAME))
		return nomem(r->err);
	rc = mread_state(path.data, &st, r->err);
	buf_release(&path);
	if (rc)
		return rc;
	title = o->title ? o->title : st.title;
	desc = o->description ? o->description : st.description;
	base = o->base_url ? o->base_url : st.base_url;
	lrc = o->lrc_encoding ? o->lrc_encoding : st.lrc_encoding;
	r->set.keep = o->keep >= 0 ? o->keep : (st.keep > 0 ? (int)st.keep : 0);
	r->set.title = dup_or_null(title && *title ? title : PUB_DEFAULT_TITLE);
	r->set.description = dup_or_null(desc ? desc : "");
	r->set.base_url = dup_or_null(base ? base : "");
	if (!lrc || !strcmp(lrc, "utf-8") || !strcmp(lrc, "utf8"))
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

static int save_settings(struct run *r)
{
	struct buf out = BUF_INIT;
	struct json j;
	int rc;

	json_init(&j, &out);
	json_begin_object(&j);
	json_kv_string(&j, "format", "tingbao-publish");
	json_kv_int(&j, "version", 1);
	json_kv_string(&j, "title", r->set.title);
	json_kv_string(&j, "description", r->set.description);
	json_kv_string(&j, "base_url", r->set.base_url);
	json_kv_int(&j, "keep", r->set.keep);
	json_kv_string(&j, "lrc_encoding", r->set.lrc == TR_LRC_GBK ? "gbk" : "utf-8");
	json_end_object(&j);
	rc = json_finish(&j);
	rc = rc ? nomem(r->err) : write_if_changed(r, PUB_STATE_NAME, &out);
	buf_release(&out);
	return rc;
}

/* ---- finding manifests ---------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The manifests in dir (as "dir/name"), sorted by name, in *paths (a VEC of char *). */
static int list_manifests(const char *dir, struct buf *paths, struct tb_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct buf p = BUF_INIT;
	size_t first = VEC_LEN(paths, char *);
	int rc = 0;

	if (!d)
		return err_set(err, TB_E_IO, "cannot read the directory %s: %s", dir,
		               strerror(errno));
	while (!rc && (de = readdir(d))) {
		char **slot;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json") ||
		    ends_with(de->d_name, ".chapters.json"))
			continue;
		if (path_join(&p, dir, de->d_name)) {
			rc = nomem(err);
			break;
		}
		if (!mread_is_manifest(p.data))
			continue;
		slot = VEC_PUSH(paths, char *);
		if (!slot)
			rc = nomem(err);
		else
			*slot = buf_detach(&p, NULL);
	}
	closedir(d);
	buf_release(&p);
	if (!rc && VEC_LEN(paths, char *) > first + 1)
		qsort(&VEC_AT(paths, char *, first), VEC_LEN(paths, char *) - first, sizeof(char *),
		      cmp_str);
	return rc;
}

static void free_paths(struct buf *paths)
{
	size_t i;

	for (i = 0; i < VEC_LEN(paths, char *); i++)
		free(VEC_AT(paths, char *, i));
	buf_release(paths);
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Copies src to dir/name atomically, unless it is that file or already has its bytes. */
static int copy_into(struct run *r, const char *src, const char *name)
{
	struct buf dst = BUF_INIT, data = BUF_INIT;
	int rc = path_join(&dst, r->dir, name);

	if (rc)
		return nomem(r->err);
	if (same_file(src, dst.data)) {
		buf_release(&dst);
		return 0;
	}
	data.limit = (size_t)4 << 30;
	rc = read_whole(src, &data);
	if (rc == TB_E_IO)
		rc = err_set(r->err, TB_E_IO, "cannot read %s: %s", src, strerror(errno));
	else if (rc)
		rc = err_set(r->err, rc, "%s: too large or out of memory", src);
	if (!rc)
		rc = write_if_changed(r, name, &data);
	buf_release(&dst);
	buf_release(&data);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* A manifest from outside DIR: its audio first, then itself, so DIR never holds a
 * manifest whose audio is missing. */
static int import_manifest(struct run *r, const char *path)
{
	struct arena a = ARENA_INIT;
	struct buf eps = BUF_INIT, audio = BUF_INIT, target = BUF_INIT;
	size_t i;
	int rc = mread_file(path, &a, &eps, r->err);

	if (!rc && path_join(&target, r->dir, base_name(path)))
		rc = nomem(r->err);
	if (!rc && same_file(path, target.data))
		goto out;
	for (i = 0; !rc && i < VEC_LEN(&eps, struct mr_episode); i++) {
		const struct mr_episode *e = &VEC_AT(&eps, struct mr_episode, i);

		if (path_join(&audio, e->dir, e->file))
			rc = nomem(r->err);
		else
			rc = copy_into(r, audio.data, e->file);
	}
	if (!rc)
		rc = copy_into(r, path, base_name(path));
	if (!rc)
		r->rep->copied++;
out:
	buf_release(&eps);
	buf_release(&audio);
	buf_release(&target);
	arena_release(&a);
	return rc;
}

static int import_inputs(struct run *r)
{
	struct buf paths = BUF_INIT;
	struct stat st;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < r->o->n_inputs; i++) {
		const char *in = r->o->inputs[i];

		if (stat(in, &st))
			rc = err_set(r->err, TB_E_IO, "%s: %s", in, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = list_manifests(in, &paths, r->err);
		else if (!mread_is_manifest(in))
			rc = err_set(r->err, TB_E_INPUT, "%s: not a tingbao manifest", in);
		else {
			char **slot = VEC_PUSH(&paths, char *);

			rc = !slot ? nomem(r->err) : (*slot = dup_or_null(in)) ? 0 : nomem(r->err);
		}
	}
	for (i = 0; !rc && i < VEC_LEN(&paths, char *); i++)
		rc = import_manifest(r, VEC_AT(&paths, char *, i));
	free_paths(&paths);
	return rc;
}

/* ---- the feed's items ------------------------------------------------------ */

static int valid_ymd(const char *s)
{
	char tmp[64];

	return s && feed_rfc822_date(tmp, sizeof(tmp), s) == 0;
}

static int load_dir(struct run *r)
{
	struct buf paths = BUF_INIT;
	size_t i, k, n;
	int rc = list_manifests(r->dir, &paths, r->err);

	for (i = 0; !rc && i < VEC_LEN(&paths, char *); i++)
		rc = mread_file(VEC_AT(&paths, char *, i), &r->arena, &r->eps, r->err);
	free_paths(&paths);
	n = VEC_LEN(&r->eps, struct mr_episode);
	for (i = 0; !rc && i < n; i++)
		for (k = i + 1; !rc && k < n; k++) {
			const struct mr_episode *a = &VEC_AT(&r->eps, struct mr_episode, i);
			const struct mr_episode *b = &VEC_AT(&r->eps, struct mr_episode, k);

			if (!strcmp(a->id, b->id))
				rc = err_set(r->err, TB_E_INPUT,
				             "episode '%s' is in both %s and %s; remove one", a->id,
				             a->manifest_path, b->manifest_path);
		}
	return rc;
}

static int make_items(struct run *r)
{
	struct buf path = BUF_INIT;
	struct stat st;
	size_t i, n = VEC_LEN(&r->eps, struct mr_episode);
	int rc = 0;

	for (i = 0; !rc && i < n; i++) {
		const struct mr_episode *e = &VEC_AT(&r->eps, struct mr_episode, i);
		struct feed_item *it;
		const char *date = *e->date ? e->date : r->o->date;

		if (!valid_ymd(date)) {
			rc = err_set(r->err, date ? TB_E_INPUT : TB_E_USAGE,
			             "%s: episode '%s' has %s; pass --date YYYY-MM-DD",
			             e->manifest_path, e->id, date ? "a bad date" : "no date");
			break;
		}
		if (path_join(&path, r->dir, e->file)) {
			rc = nomem(r->err);
			break;
		}
		if (stat(path.data, &st) || !S_ISREG(st.st_mode)) {
			rc = err_set(r->err, TB_E_INPUT, "%s: the audio %s is missing",
			             e->manifest_path, path.data);
			break;
		}
		it = VEC_PUSH(&r->items, struct feed_item);
		if (!it) {
			rc = nomem(r->err);
			break;
		}
		it->ep = e;
		it->date = date;
		it->audio_bytes = (uint64_t)st.st_size;
	}
	buf_release(&path);
	return rc;
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

static int write_site(struct run *r, size_t kept)
{
	const struct feed_item *items = items_of(r);
	struct feed_channel ch = {r->set.title, r->set.description, r->set.base_url, NULL};
	struct page_info pi = {r->set.title, r->set.description};
	struct buf out = BUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < kept; i++)
		rc = write_episode_files(r, items[i].ep);
	if (!rc && page_write(&out, &pi, items, kept))
		rc = nomem(r->err);
	if (!rc)
		rc = write_if_changed(r, "index.html", &out);
	buf_reset(&out);
	if (!rc && feed_write(&out, &ch, items, kept))
		rc = nomem(r->err);
	if (!rc)
		rc = write_if_changed(r, "feed.xml", &out);
	if (!rc)
		rc = save_settings(r);
	buf_release(&out);
	return rc;
}

void pub_opts_init(struct pub_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->keep = -1;
}

int pub_run(const struct pub_opts *o, struct pub_report *rep, struct tb_err *err)
{
	struct pub_report local;
	struct run r;
	struct stat st;
	size_t kept = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&local, 0, sizeof(local));
	r.o = o;
	r.dir = o->out_dir ? o->out_dir : "out";
	r.rep = rep ? rep : &local;
	memset(r.rep, 0, sizeof(*r.rep));
	r.err = err;
	arena_init(&r.arena);
	buf_init(&r.eps, BUF_DEFAULT_LIMIT);
	buf_init(&r.items, BUF_DEFAULT_LIMIT);
	if (o->date && !valid_ymd(o->date))
		rc = err_set(err, TB_E_USAGE, "--date wants YYYY-MM-DD, not '%s'", o->date);
	else if (stat(r.dir, &st) || !S_ISDIR(st.st_mode))
		rc = err_set(err, TB_E_IO, "%s is not a directory", r.dir);
	else
		rc = load_settings(&r);
	if (!rc)
		rc = import_inputs(&r);
	if (!rc)
		rc = load_dir(&r);
	if (!rc)
		rc = make_items(&r);
	if (!rc) {
		kept = pub_order(items_of(&r), VEC_LEN(&r.items, struct feed_item), r.set.keep);
		rc = write_site(&r, kept);
	}
	r.rep->episodes = VEC_LEN(&r.eps, struct mr_episode);
	r.rep->published = rc ? 0 : kept;
	r.rep->relative_urls = !r.set.base_url || !*r.set.base_url;
	snprintf(r.rep->feed_path, sizeof(r.rep->feed_path), "%s/feed.xml", r.dir);
	settings_release(&r.set);
	buf_release(&r.items);
	buf_release(&r.eps);
	arena_release(&r.arena);
	return rc;
}
