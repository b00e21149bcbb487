#include "render/cache.h"

#include "core/afile.h"
#include "core/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#define ENTRY_MAGIC     "TBPIECE1"
#define ENTRY_MAX_BYTES ((size_t)256 << 20)

static int mkdir_p(char *path)
{
	size_t i, n = strlen(path);

	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			if (i < n)
				path[i] = '/';
			return -1;
		}
		if (i < n)
			path[i] = '/';
	}
	return 0;
}

int cache_open(struct cache *c, const char *dir, int disabled, struct tb_err *err)
{
	struct buf path = BUF_INIT;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int rc;

	c->dir = NULL;
	if (disabled)
		return 0;
	if (dir)
		rc = buf_adds(&path, dir);
	else if (xdg && *xdg == '/')
		rc = buf_addf(&path, "%s/tingbao", xdg);
	else if (home && *home)
		rc = buf_addf(&path, "%s/.cache/tingbao", home);
	else
		return 0; /* nowhere to keep one: render without */
	if (rc)
		return err_set(err, TB_E_NOMEM, "out of memory");
	if (mkdir_p(path.data) != 0) {
		err_set(err, TB_E_IO, "%s: cannot create the cache directory: %s", path.data,
		        strerror(errno));
		buf_release(&path);
		return TB_E_IO;
	}
	c->dir = buf_detach(&path, NULL);
	return c->dir ? 0 : err_set(err, TB_E_NOMEM, "out of memory");
}

void cache_close(struct cache *c)
{
	free(c->dir);
	c->dir = NULL;
}

void cache_key(struct piece *p, const char *context, size_t len)
{
	struct buf plan = BUF_INIT;
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, context, len);
	sha256_update(&h, "\n", 1);
	if (piece_describe(p, &plan) == 0)
		sha256_update(&h, plan.data, plan.len);
	else
		sha256_update(&h, "unkeyable", 9); /* out of memory: a key nothing matches */
	buf_release(&plan);
	sha256_final(&h, p->key);
}

static int entry_path(const struct cache *c, const struct piece *p, struct buf *out)
{
	char hex[65];

	sha256_hex(p->key, hex);
	return buf_addf(out, "%s/%.2s/%s.piece", c->dir, hex, hex + 2);
}

/* Magic, the serialized piece, then the SHA-256 of both. */
static int encode_entry(const struct piece *p, struct buf *b)
{
	unsigned char digest[32];
	int rc = buf_add(b, ENTRY_MAGIC, 8) || piece_serialize(p, b);

	if (!rc) {
		sha256(b->data, b->len, digest);
		rc = buf_add(b, digest, sizeof(digest));
	}
	return rc;
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (!f)
		return -1;
	for (;;) {
		size_t got;

		if (out->len > ENTRY_MAX_BYTES || buf_grow(out, 65536)) {
			rc = -1;
			break;
		}
		got = fread(out->data + out->len, 1, 65536, f);
		out->len += got;
		if (got < 65536) {
			rc = ferror(f) ? -1 : 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

int cache_load(const struct cache *c, struct piece *p)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	unsigned char digest[32];
	int hit = 0;

	if (!c->dir || entry_path(c, p, &path))
		goto out;
	if (read_file(path.data, &data) || data.len < 8 + 32 || memcmp(data.data, ENTRY_MAGIC, 8))
		goto out;
	sha256(data.data, data.len - 32, digest);
	if (memcmp(digest, data.data + data.len - 32, 32))
		goto out;
	if (piece_deserialize(p, (const unsigned char *)data.data + 8, data.len - 8 - 32) == 0) {
		hit = 1;
		p->from_cache = 1;
		utime(path.data, NULL); /* recently used: pruned last */
	} else {
		buf_reset(&p->mp3);
		buf_reset(&p->pcm);
		buf_reset(&p->loudness);
	}
out:
	buf_release(&path);
	buf_release(&data);
	return hit;
}

int cache_store(const struct cache *c, const struct piece *p, struct tb_err *err)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	char *slash;
	int rc;

	if (!c->dir)
		return 0;
	if (entry_path(c, p, &path) || encode_entry(p, &data)) {
		rc = err_set(err, TB_E_NOMEM, "out of memory");
		goto out;
	}
	slash = strrchr(path.data, '/');
	*slash = '\0';
	if (mkdir(path.data, 0777) != 0 && errno != EEXIST) {
		rc = err_set(err, TB_E_IO, "%s: %s", path.data, strerror(errno));
		goto out;
	}
	*slash = '/';
	rc = afile_write_all(path.data, data.data, data.len, err);
out:
	buf_release(&path);
	buf_release(&data);
	return rc;
}

/* ---- stats and pruning ---- */

struct entry_info {
	char *path;
	time_t used;
	uint64_t size;
};

static int is_stale_temporary(const char *name, time_t mtime, time_t now)
{
	return name[0] == '.' && strstr(name, ".tmp.") && now - mtime > 3600;
}

/* Lists the entries of the cache (two levels: ab/cdef...piece). */
static int list_entries(const char *dir, struct buf *list, time_t now, struct tb_err *err)
{
	DIR *top = opendir(dir), *sub;
	struct dirent *e, *f;
	struct buf path = BUF_INIT;
	int rc = 0;

	if (!top)
		return err_set(err, TB_E_IO, "%s: %s", dir, strerror(errno));
	while (!rc && (e = readdir(top))) {
		if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
			continue;
		buf_reset(&path);
		if (buf_addf(&path, "%s/%s", dir, e->d_name) || !(sub = opendir(path.data)))
			continue;
		while (!rc && (f = readdir(sub))) {
			struct entry_info *info;
			struct stat st;
			size_t keep = path.len;

			if (f->d_name[0] == '.' && !strstr(f->d_name, ".tmp."))
				continue;
			if (buf_addf(&path, "/%s", f->d_name) || stat(path.data, &st) != 0) {
				buf_truncate(&path, keep);
				continue;
			}
			if (is_stale_temporary(f->d_name, st.st_mtime, now)) {
				unlink(path.data);
			} else if (strstr(f->d_name, ".piece")) {
				info = VEC_PUSH(list, struct entry_info);
				if (!info || !(info->path = strdup(path.data)))
					rc = err_set(err, TB_E_NOMEM, "out of memory");
				else {
					info->used = st.st_mtime;
					info->size = (uint64_t)st.st_size;
				}
			}
			buf_truncate(&path, keep);
		}
		closedir(sub);
	}
	closedir(top);
	buf_release(&path);
	return rc;
}

static void free_list(struct buf *list)
{
	size_t i;

	for (i = 0; i < VEC_LEN(list, struct entry_info); i++)
		free(VEC_AT(list, struct entry_info, i).path);
	buf_release(list);
}

int cache_stats(const char *dir, struct cache_stats *st, struct tb_err *err)
{
	struct buf list = BUF_INIT;
	size_t i;
	int rc = list_entries(dir, &list, time(NULL), err);

	memset(st, 0, sizeof(*st));
	for (i = 0; !rc && i < VEC_LEN(&list, struct entry_info); i++) {
		st->entries++;
		st->bytes += VEC_AT(&list, struct entry_info, i).size;
	}
	free_list(&list);
	return rc;
}

static int by_use(const void *a, const void *b)
{
	const struct entry_info *x = a, *y = b;

	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	return strcmp(x->path, y->path);
}

int cache_prune(const char *dir, uint64_t max_bytes, unsigned max_age_days,
                struct cache_stats *removed, struct tb_err *err)
{
	struct buf list = BUF_INIT;
	time_t now = time(NULL);
	uint64_t total = 0;
	size_t i, n;
	int rc = list_entries(dir, &list, now, err);

	memset(removed, 0, sizeof(*removed));
	n = VEC_LEN(&list, struct entry_info);
	for (i = 0; i < n; i++)
		total += VEC_AT(&list, struct entry_info, i).size;
	if (!rc)
		qsort(list.data, n, sizeof(struct entry_info), by_use);
	for (i = 0; !rc && i < n; i++) {
		struct entry_info *e = &VEC_AT(&list, struct entry_info, i);
		int too_old = max_age_days && now - e->used > (time_t)max_age_days * 86400;

		if (total <= max_bytes && !too_old)
			continue;
		if (unlink(e->path) == 0) {
			total -= e->size;
			removed->entries++;
			removed->bytes += e->size;
		}
	}
	free_list(&list);
	return rc;
}
