#include "publish/card.h"

#include "core/afile.h"
#include "core/arena.h"
#include "core/buf.h"
#include "publish/mread.h"
#include "render/station.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An audio file is capped below 4 GiB when rendered (render/episode.h). */
#define CARD_FILE_MAX ((size_t)0xFFFFFFFFu)

struct card_file {
	const char *path; /* "01/001.mp3": owned by the arena */
	const char *manifest;
};

static int is_manifest_name(const char *name, void *ctx)
{
	size_t n = strlen(name);

	(void)ctx;
	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".json") &&
	       !(n > 14 && !strcmp(name + n - 14, ".chapters.json"));
}

/* The station files manifest `name` lists, appended to `files`. Other JSON and
 * manifests of episodes (not stations) add nothing. */
static int read_station(struct afile_dir *src, const char *name, struct arena *a, struct buf *files,
                        struct tb_err *err)
{
	struct buf text = BUF_INIT, eps = BUF_INIT, path = BUF_INIT;
	size_t i, k;
	int rc = buf_addf(&path, "%s/%s", src->path, name) ? TB_E_NOMEM : 0;

	if (!rc)
		rc = afile_read(src, name, MREAD_MAX_BYTES, &text, err);
	if (!rc && (rc = mread_probe(buf_cstr(&text), text.len, path.data, err)) == 1)
		rc = mread_text(buf_cstr(&text), text.len, path.data, src->path, a, &eps, err);
	for (i = 0; rc == 0 && i < VEC_LEN(&eps, struct mr_episode); i++) {
		const struct mr_episode *e = &VEC_AT(&eps, struct mr_episode, i);

		for (k = 0; e->station && !rc && k < e->n_station_files; k++) {
			struct card_file *f = VEC_PUSH(files, struct card_file);

			if (!f) {
				rc = TB_E_NOMEM;
				break;
			}
			f->path = e->station_files[k];
			f->manifest = e->manifest_path;
		}
	}
	if (rc == TB_E_NOMEM)
		err_set(err, rc, "out of memory");
	buf_release(&text);
	buf_release(&eps);
	buf_release(&path);
	return rc > 0 ? 0 : rc;
}

static int cmp_files(const void *a, const void *b)
{
	return strcmp(((const struct card_file *)a)->path, ((const struct card_file *)b)->path);
}

/* Names of one layout, each a player's, none twice; sorted into playing order. */
static int check_files(struct buf *files, const char *dir, struct tb_err *err)
{
	size_t i, n = VEC_LEN(files, struct card_file);
	struct card_file *f = n ? &VEC_AT(files, struct card_file, 0) : NULL;
	unsigned folder, number;

	if (!n)
		return err_set(err, TB_E_INPUT,
		               "%s holds no station (render with --profile station first)", dir);
	qsort(f, n, sizeof(*f), cmp_files);
	for (i = 0; i < n; i++) {
		if (station_parse_path(f[i].path, &folder, &number))
			return err_set(err, TB_E_INPUT,
			               "%s: %s is no number small players address (rendered by an "
			               "older tingbao?): render the station again",
			               f[i].manifest, f[i].path);
		if (i && !strcmp(f[i].path, f[i - 1].path))
			return err_set(err, TB_E_INPUT, "%s and %s both name %s/%s; remove one",
			               f[i - 1].manifest, f[i].manifest, dir, f[i].path);
		if (i && (folder == 0) != (strncmp(f[0].path, "mp3/", 4) == 0))
			return err_set(err, TB_E_INPUT,
			               "%s holds stations of both layouts (%s and %s): render "
			               "them again with one --station-layout",
			               dir, f[0].path, f[i].path);
	}
	return 0;
}

/* The folder of a station file: "01" of "01/001.mp3". */
static void folder_of(const char *path, char out[4])
{
	size_t n = strcspn(path, "/");

	memcpy(out, path, n < 3 ? n : 3);
	out[n < 3 ? n : 3] = '\0';
}

/* Every folder to be written on the card must be missing or empty. */
static int check_card(const struct card_opts *o, const struct buf *files, struct tb_err *err)
{
	char dir[4], prev[4] = "";
	size_t i;

	for (i = 0; i < VEC_LEN(files, struct card_file); i++) {
		struct afile_dir *d;
		struct buf names = BUF_INIT;
		size_t n;

		folder_of(VEC_AT(files, struct card_file, i).path, dir);
		if (!strcmp(dir, prev))
			continue;
		strcpy(prev, dir);
		if (afile_dir_sub(o->dest, dir, 0, &d, err)) {
			if (errno == ENOENT)
				continue;
			return TB_E_IO;
		}
		n = 0;
		if (!afile_list(d, NULL, NULL, &names, err))
			n = VEC_LEN(&names, char *);
		afile_free_names(&names);
		afile_dir_close(d);
		if (n)
			return err_set(err, TB_E_INPUT,
			               "%s/%s is not empty: players play files in the order they "
			               "were written, so the station goes onto an empty card "
			               "(format it, or delete that folder)",
			               o->dest->path, dir);
	}
	return 0;
}

/* Copies one file, read whole from the station and written whole onto the card. */
static int copy_file(const struct card_opts *o, struct afile_dir *from, struct afile_dir *to,
                     const char *path, struct card_report *rep, struct tb_err *err)
{
	const char *name = strchr(path, '/') + 1;
	struct buf data = BUF_INIT;
	int rc = afile_read(from, name, CARD_FILE_MAX, &data, err);

	if (!rc)
		rc = afile_write_new(to, name, data.data ? data.data : "", data.len, err);
	if (!rc) {
		rep->files++;
		rep->bytes += data.len;
		if (o->copied)
			o->copied(o->ctx, path, data.len);
	}
	buf_release(&data);
	return rc;
}

static int copy_all(const struct card_opts *o, const struct buf *files, struct card_report *rep,
                    struct tb_err *err)
{
	struct afile_dir *from = NULL, *to = NULL;
	char dir[4], open_dir[4] = "";
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < VEC_LEN(files, struct card_file); i++) {
		const char *path = VEC_AT(files, struct card_file, i).path;

		folder_of(path, dir);
		if (strcmp(dir, open_dir)) {
			afile_dir_close(from);
			afile_dir_close(to);
			from = to = NULL;
			rc = afile_dir_sub(o->src, dir, 0, &from, err);
			if (!rc)
				rc = afile_dir_sub(o->dest, dir, 1, &to, err);
			if (rc)
				break;
			fsync(o->dest->fd); /* the folder's entry before its files' */
			strcpy(open_dir, dir);
			rep->folders++;
		}
		rc = copy_file(o, from, to, path, rep, err);
	}
	afile_dir_close(from);
	afile_dir_close(to);
	return rc;
}

int card_copy(const struct card_opts *o, struct card_report *rep, struct tb_err *err)
{
	struct card_report local;
	struct buf names = BUF_INIT, files = BUF_INIT;
	struct arena a;
	size_t i;
	int rc;

	rep = rep ? rep : &local;
	memset(rep, 0, sizeof(*rep));
	arena_init(&a);
	rc = afile_list(o->src, is_manifest_name, NULL, &names, err);
	for (i = 0; !rc && i < VEC_LEN(&names, char *); i++)
		rc = read_station(o->src, VEC_AT(&names, char *, i), &a, &files, err);
	if (!rc)
		rc = check_files(&files, o->src->path, err);
	if (!rc)
		rc = check_card(o, &files, err);
	if (!rc)
		rc = copy_all(o, &files, rep, err);
	afile_free_names(&names);
	buf_release(&files);
	arena_release(&a);
	return rc;
}
