/* Manifest reader for publishing: jansson parses, we check the shape and copy. */
#include "publish/mread.h"

#include "core/names.h"
#include "core/utext.h"

#include <jansson.h>

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct reader {
	const char *name;
	struct arena *a;
	struct buf sents; /* VEC of struct mr_sentence while an episode is read */
	struct tb_err *err;
};

static int bad(struct reader *r, const char *ep, const char *what)
{
	if (ep)
		return err_set(r->err, TB_E_INPUT, "%s: episode '%s': %s", r->name, ep, what);
	return err_set(r->err, TB_E_INPUT, "%s: %s", r->name, what);
}

/* A string of the manifest as one line without hidden characters (core/utext.h):
 * nothing a manifest says can reorder or hide text in what publish writes. */
static const char *copy_str(struct reader *r, json_t *obj, const char *key, int *nomem)
{
	json_t *v = json_object_get(obj, key);
	struct buf clean = BUF_INIT;
	char *c = NULL;

	if (!json_is_string(v))
		return "";
	if (!utext_clean_line(&clean, json_string_value(v), json_string_length(v)))
		c = arena_strndup(r->a, buf_cstr(&clean), clean.len);
	buf_release(&clean);
	if (!c)
		*nomem = 1;
	return c ? c : "";
}

/* An integer time in ms; -1 when missing, null or negative; -2 when past MR_MAX_MS. */
static int64_t get_ms(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return -1;
		return json_integer_value(v) > MR_MAX_MS ? -2 : (int64_t)json_integer_value(v);
	}
	if (json_is_real(v) && json_real_value(v) >= 0)
		return json_real_value(v) > (double)MR_MAX_MS ? -2 : (int64_t)json_real_value(v);
	return -1;
}

static int bad_time(struct reader *r, const char *ep, int64_t t)
{
	return t == -2 ? bad(r, ep, "a time is past the " MR_MAX_MS_TEXT " limit") : 0;
}

static int add_sentence(struct reader *r, const char *ep, json_t *s, enum mr_kind kind,
                        int new_para)
{
	struct mr_sentence *out;
	int nomem = 0;
	int64_t st = get_ms(s, "start_ms"), en = get_ms(s, "end_ms");
	size_t n = VEC_LEN(&r->sents, struct mr_sentence);

	if (!json_is_object(s))
		return bad(r, ep, "a sentence is not an object");
	if (bad_time(r, ep, st) || bad_time(r, ep, en))
		return TB_E_INPUT;
	if (st < 0 || en < 0)
		return bad(r, ep,
		           "a sentence has no times (is this a plan, not a rendered manifest?)");
	if (en < st)
		return bad(r, ep, "a sentence ends before it starts");
	if (n && st < VEC_AT(&r->sents, struct mr_sentence, n - 1).start_ms)
		return bad(r, ep, "sentences are not in time order");
	out = VEC_PUSH(&r->sents, struct mr_sentence);
	if (!out)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	out->text = copy_str(r, s, "text", &nomem);
	out->spoken = copy_str(r, s, "spoken", &nomem);
	out->start_ms = st;
	out->end_ms = en;
	out->kind = kind;
	out->new_paragraph = new_para;
	if (nomem)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	if (!*out->text)
		out->text = out->spoken;
	return 0;
}

static int add_sentence_list(struct reader *r, const char *ep, json_t *arr, enum mr_kind kind)
{
	size_t i;
	int rc;

	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr))
		return bad(r, ep, "a sentence list is not an array");
	for (i = 0; i < json_array_size(arr); i++) {
		rc = add_sentence(r, ep, json_array_get(arr, i), kind, i == 0);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_articles(struct reader *r, const char *ep, json_t *arts)
{
	size_t i, k;
	int rc;

	if (!json_is_array(arts))
		return bad(r, ep, "'articles' is not an array");
	for (i = 0; i < json_array_size(arts); i++) {
		json_t *art = json_array_get(arts, i), *paras;

		rc = add_sentence_list(r, ep, json_object_get(art, "heading"), MR_HEADING);
		if (rc)
			return rc;
		paras = json_object_get(art, "paragraphs");
		if (!json_is_array(paras))
			return bad(r, ep, "an article has no 'paragraphs' array");
		for (k = 0; k < json_array_size(paras); k++) {
			json_t *p = json_array_get(paras, k),
			       *sub = json_object_get(p, "subhead_spoken");
			size_t before = VEC_LEN(&r->sents, struct mr_sentence);

			if (json_is_object(sub) && (rc = add_sentence(r, ep, sub, MR_SUBHEAD, 1)))
				return rc;
			rc = add_sentence_list(r, ep, json_object_get(p, "sentences"), MR_BODY);
			if (rc)
				return rc;
			if (VEC_LEN(&r->sents, struct mr_sentence) > before + 1 &&
			    json_is_object(sub))
				VEC_AT(&r->sents, struct mr_sentence, before + 1).new_paragraph = 1;
		}
	}
	return 0;
}

static int read_chapters(struct reader *r, struct mr_episode *e, json_t *chs)
{
	size_t i, n = json_is_array(chs) ? json_array_size(chs) : 0;
	int nomem = 0;

	if (chs && !json_is_null(chs) && !json_is_array(chs))
		return bad(r, e->id, "'chapters' is not an array");
	e->n_chapters = n;
	e->chapters = n ? arena_alloc(r->a, n * sizeof(*e->chapters)) : NULL;
	if (n && !e->chapters)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		json_t *c = json_array_get(chs, i);
		struct mr_chapter *ch = &e->chapters[i];

		ch->id = copy_str(r, c, "id", &nomem);
		ch->title = copy_str(r, c, "title", &nomem);
		ch->start_ms = get_ms(c, "start_ms");
		ch->end_ms = get_ms(c, "end_ms");
		if (bad_time(r, e->id, ch->start_ms) || bad_time(r, e->id, ch->end_ms))
			return TB_E_INPUT;
		if (ch->start_ms < 0 || ch->end_ms < ch->start_ms)
			return bad(r, e->id, "a chapter has no times or ends before it starts");
		if (i && ch->start_ms < e->chapters[i - 1].start_ms)
			return bad(r, e->id, "chapters are not in time order");
	}
	return nomem ? err_set(r->err, TB_E_NOMEM, "out of memory") : 0;
}

/* Which chapter each sentence belongs to: the last one starting at or before it. */
static void assign_chapters(struct mr_episode *e)
{
	size_t i, c = 0;

	for (i = 0; i < e->n_sentences; i++) {
		while (c + 1 < e->n_chapters &&
		       e->chapters[c + 1].start_ms <= e->sentences[i].start_ms)
			c++;
		e->sentences[i].chapter = c;
	}
}

/* The audio's name is the id and its format's extension: a manifest cannot name
 * another episode's audio, nor any other file (feed.xml, a manifest). */
static int audio_name_fits(const char *file, const char *id)
{
	static const char *const ext[] = {".mp3", ".wav", ".flac"};
	size_t n = strlen(id), i;

	if (strncmp(file, id, n))
		return 0;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (!strcmp(file + n, ext[i]))
			return 1;
	return 0;
}

static int digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The shape of a station's file names: "NN/NNN.mp3" (also the 000.mp3 openings of older
 * versions) or "mp3/NNNN.mp3". Nothing else: no other file can be named. */
static int station_name_shape(const char *p)
{
	size_t n = strlen(p);

	if (n == 10)
		return digits(p, 2) && p[2] == '/' && digits(p + 3, 3) && !strcmp(p + 6, ".mp3");
	return n == 12 && !strncmp(p, "mp3/", 4) && digits(p + 4, 4) && !strcmp(p + 8, ".mp3");
}

/* A station's files (the numbered layout): its opening's, then each article's, none
 * twice. 0 when it is not a station. */
static int read_station_files(struct reader *r, json_t *je, struct mr_episode *e)
{
	json_t *arts = json_object_get(je, "articles"), *op = json_object_get(je, "opening_file");
	size_t i, k, n = json_is_string(op), cap = n + json_array_size(arts);
	int nomem = 0;

	if (!json_is_null(json_object_get(je, "file")) && json_object_get(je, "file"))
		return 0;
	e->station_files = arena_alloc(r->a, (cap ? cap : 1) * sizeof(*e->station_files));
	if (!e->station_files)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	if (n)
		e->station_files[0] = copy_str(r, je, "opening_file", &nomem);
	for (i = 0; i < json_array_size(arts); i++)
		if (json_is_string(json_object_get(json_array_get(arts, i), "file")))
			e->station_files[n++] =
			        copy_str(r, json_array_get(arts, i), "file", &nomem);
	if (nomem)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		if (!station_name_shape(e->station_files[i]))
			return bad(r, e->id,
			           "a station file is not named NN/NNN.mp3 or mp3/NNNN.mp3");
		for (k = 0; k < i; k++)
			if (!strcmp(e->station_files[k], e->station_files[i]))
				return bad(r, e->id, "a station file is named twice");
	}
	e->station = 1;
	e->n_station_files = n;
	return 0;
}

static int read_episode(struct reader *r, json_t *je, const char *dir, struct mr_episode *e)
{
	int nomem = 0, rc;
	size_t n;

	if (!json_is_object(je))
		return bad(r, NULL, "an episode is not an object");
	e->id = copy_str(r, je, "id", &nomem);
	e->title = copy_str(r, je, "title", &nomem);
	e->date = copy_str(r, je, "date", &nomem);
	e->file = copy_str(r, je, "file", &nomem);
	e->section = copy_str(r, je, "section", &nomem);
	e->dir = arena_strdup(r->a, dir);
	e->manifest_path = arena_strdup(r->a, r->name);
	if (nomem || !e->dir || !e->manifest_path)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	if (!names_valid_id(e->id))
		return bad(r, NULL,
		           "an episode has no usable 'id' (ASCII letters, digits, '-' "
		           "and '_', as render makes them)");
	if ((rc = read_station_files(r, je, e)))
		return rc;
	if (!e->station && !audio_name_fits(e->file, e->id))
		return bad(r, e->id,
		           "no usable 'file' (the audio's name is the id and .mp3, "
		           ".wav or .flac)");
	if (*e->date && strlen(e->date) != 10)
		return bad(r, e->id, "'date' is not YYYY-MM-DD");
	e->duration_ms = get_ms(je, "duration_ms");
	if (bad_time(r, e->id, e->duration_ms))
		return TB_E_INPUT;
	if (e->duration_ms < 0)
		return bad(r, e->id, "no 'duration_ms' (is this a plan, not a rendered manifest?)");
	if ((rc = read_chapters(r, e, json_object_get(je, "chapters"))))
		return rc;
	buf_reset(&r->sents);
	if ((rc = add_sentence_list(r, e->id, json_object_get(je, "opening"), MR_OPENING)))
		return rc;
	if ((rc = read_articles(r, e->id, json_object_get(je, "articles"))))
		return rc;
	n = VEC_LEN(&r->sents, struct mr_sentence);
	e->n_sentences = n;
	e->sentences = n ? arena_alloc(r->a, n * sizeof(*e->sentences)) : NULL;
	if (n && !e->sentences)
		return err_set(r->err, TB_E_NOMEM, "out of memory");
	if (n)
		memcpy(e->sentences, r->sents.data, n * sizeof(*e->sentences));
	assign_chapters(e);
	return 0;
}

static int read_root(struct reader *r, json_t *root, const char *dir, struct buf *eps)
{
	json_t *fmt = json_object_get(root, "format"), *ver = json_object_get(root, "version");
	json_t *arr = json_object_get(root, "episodes");
	size_t i, old_len = eps->len;
	int rc = 0;

	if (!json_is_object(root) || !json_is_string(fmt) ||
	    strcmp(json_string_value(fmt), "tingbao-manifest"))
		return bad(r, NULL, "not a tingbao manifest");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		return bad(r, NULL, "unknown manifest version");
	if (!json_is_array(arr))
		return bad(r, NULL, "no 'episodes' array");
	for (i = 0; i < json_array_size(arr) && !rc; i++) {
		struct mr_episode *e = VEC_PUSH(eps, struct mr_episode);

		rc = e ? read_episode(r, json_array_get(arr, i), dir, e)
		       : err_set(r->err, TB_E_NOMEM, "out of memory");
	}
	if (rc)
		buf_truncate(eps, old_len);
	return rc;
}

int mread_text(const char *json, size_t len, const char *name, const char *dir, struct arena *a,
               struct buf *eps, struct tb_err *err)
{
	struct reader r = {name, a, BUF_INIT, err};
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	int rc;

	if (!root)
		return err_set(err, TB_E_INPUT, "%s:%d:%d: %s", name, jerr.line, jerr.column,
		               jerr.text);
	rc = read_root(&r, root, dir, eps);
	json_decref(root);
	buf_release(&r.sents);
	return rc;
}

int mread_probe(const char *json, size_t len, const char *name, struct tb_err *err)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr), *fmt;
	int yes;

	if (!root)
		return err_set(err, TB_E_INPUT, "%s:%d:%d: %s", name, jerr.line, jerr.column,
		               jerr.text);
	fmt = json_object_get(root, "format");
	yes = json_is_string(fmt) && !strcmp(json_string_value(fmt), "tingbao-manifest");
	json_decref(root);
	return yes;
}

/* A copy of v with every string (keys too) cleaned, or NULL when out of memory. */
static json_t *cleaned(json_t *v, int *changed)
{
	struct buf b = BUF_INIT;
	json_t *out = NULL, *item;
	const char *key;
	size_t i;

	if (json_is_string(v)) {
		if (!utext_has_hidden(json_string_value(v), json_string_length(v)))
			return json_incref(v);
		*changed = 1;
		if (!utext_clean_line(&b, json_string_value(v), json_string_length(v)))
			out = json_stringn_nocheck(buf_cstr(&b), b.len);
		buf_release(&b);
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, item)
		{
			if (!out || json_array_append_new(out, cleaned(item, changed))) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	if (!json_is_object(v))
		return json_incref(v);
	out = json_object();
	json_object_foreach(v, key, item)
	{
		const char *k = key;

		buf_reset(&b);
		if (utext_has_hidden(key, strlen(key))) {
			*changed = 1;
			if (utext_clean_line(&b, key, strlen(key)))
				k = NULL;
			else
				k = buf_cstr(&b);
		}
		if (!out || !k || json_object_set_new_nocheck(out, k, cleaned(item, changed))) {
			json_decref(out);
			out = NULL;
			break;
		}
	}
	buf_release(&b);
	return out;
}

int mread_clean(const char *json, size_t len, struct buf *out)
{
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL), *copy;
	int changed = 0, rc = 0;
	char *text;

	if (!root)
		return TB_E_INPUT;
	copy = cleaned(root, &changed);
	json_decref(root);
	if (!copy)
		return TB_E_NOMEM;
	if (changed) {
		text = json_dumps(copy, JSON_INDENT(2));
		rc = !text ? TB_E_NOMEM : buf_adds(out, text) || buf_addc(out, '\n');
		free(text);
	}
	json_decref(copy);
	return rc;
}

static char *state_string(json_t *root, const char *key, int *nomem)
{
	json_t *v = json_object_get(root, key);
	struct buf clean = BUF_INIT;

	if (!json_is_string(v))
		return NULL;
	if (utext_clean_line(&clean, json_string_value(v), json_string_length(v))) {
		buf_release(&clean);
		*nomem = 1;
		return NULL;
	}
	return buf_detach(&clean, NULL);
}

int mread_state(const char *json, size_t len, const char *name, struct mr_state *st,
                struct tb_err *err)
{
	json_error_t jerr;
	json_t *root, *keep;
	int nomem = 0;

	memset(st, 0, sizeof(*st));
	st->keep = -1;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return err_set(err, TB_E_INPUT, "%s:%d:%d: %s", name, jerr.line, jerr.column,
		               jerr.text);
	if (!json_is_object(root)) {
		json_decref(root);
		return err_set(err, TB_E_INPUT, "%s: not a JSON object", name);
	}
	st->found = 1;
	st->title = state_string(root, "title", &nomem);
	st->description = state_string(root, "description", &nomem);
	st->base_url = state_string(root, "base_url", &nomem);
	st->lrc_encoding = state_string(root, "lrc_encoding", &nomem);
	st->image = state_string(root, "image", &nomem);
	st->author = state_string(root, "author", &nomem);
	st->owner_name = state_string(root, "owner_name", &nomem);
	st->owner_email = state_string(root, "owner_email", &nomem);
	st->category = state_string(root, "category", &nomem);
	st->explicit_ = state_string(root, "explicit", &nomem);
	st->locked = state_string(root, "locked", &nomem);
	st->episode_title = state_string(root, "episode_title", &nomem);
	keep = json_object_get(root, "keep");
	if (json_is_integer(keep) && json_integer_value(keep) >= 0 &&
	    json_integer_value(keep) <= 1000000)
		st->keep = (long)json_integer_value(keep);
	json_decref(root);
	if (nomem) {
		mread_state_release(st);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	return 0;
}

void mread_state_release(struct mr_state *st)
{
	free(st->title);
	free(st->description);
	free(st->base_url);
	free(st->lrc_encoding);
	free(st->image);
	free(st->author);
	free(st->owner_name);
	free(st->owner_email);
	free(st->category);
	free(st->explicit_);
	free(st->locked);
	free(st->episode_title);
	memset(st, 0, sizeof(*st));
	st->keep = -1;
}
