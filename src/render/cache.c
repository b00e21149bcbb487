#include "render/cache.h"

#include "core/afile.h"
#include "core/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ENTRY_MAGIC     "TBPIECE2"
#define ENTRY_MAX_BYTES ((size_t)256 << 20)
#define ENTRY_HEAD      (8 + 32) /* magic and key */

int cache_open(struct cache *c, const char *dir, int disabled, struct tb_err *err)
{
	struct buf path = BUF_INIT;
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int rc;

	c->dir = NULL;
	if (disabled)
		return 0;
	if (dir && !*dir)
		return err_set(err, TB_E_USAGE, "--cache wants a directory, not ''");
	if (dir)
		rc = buf_adds(&path, dir);
	else if (xdg && *xdg == '/')
		rc = buf_addf(&path, "%s/tingbao", xdg);
	else if (home && *home == '/')
		rc = buf_addf(&path, "%s/.cache/tingbao", home);
	else
		return 0; /* nowhere to keep one: render without */
	if (rc)
		return err_set(err, TB_E_NOMEM, "out of memory");
	rc = afile_dir_open(path.data, 1, &c->dir, err);
	buf_release(&path);
	return rc;
}

void cache_close(struct cache *c)
{
	afile_dir_close(c->dir);
	c->dir = NULL;
}

const char *cache_path(const struct cache *c)
{
	return c->dir ? c->dir->path : "";
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

/* An entry is DIR/ab/cdef....piece for the key abcdef...: the folder and the name. */
static void entry_name(const struct piece *p, char folder[3], char name[70])
{
	char hex[65];

	sha256_hex(p->key, hex);
	memcpy(folder, hex, 2);
	folder[2] = '\0';
	snprintf(name, 70, "%s.piece", hex + 2);
}

/* Magic, the full key, the serialized piece, then the SHA-256 of all that. */
static int encode_entry(const struct piece *p, struct buf *b)
{
	unsigned char digest[32];
	int rc = buf_add(b, ENTRY_MAGIC, 8) || buf_add(b, p->key, sizeof(p->key)) ||
	         piece_serialize(p, b);

	if (!rc) {
		sha256(b->data, b->len, digest);
		rc = buf_add(b, digest, sizeof(digest));
	}
	return rc;
}

/* An entry is used only when it is whole (its checksum) and filed under its own key:
 * one copied or renamed under another piece's key is not that piece's audio. */
static int entry_fits(const struct buf *data, const struct piece *p)
{
	unsigned char digest[32];

	if (data->len < ENTRY_HEAD + 32 || memcmp(data->data, ENTRY_MAGIC, 8) ||
	    memcmp(data->data + 8, p->key, 32))
		return 0;
	sha256(data->data, data->len - 32, digest);
	return !memcmp(digest, data->data + data->len - 32, 32);
}

int cache_load(const struct cache *c, struct piece *p)
{
	struct buf data = BUF_INIT;
	struct afile_dir *sub = NULL;
	char folder[3], name[70];
	int hit = 0;

	if (!c->dir)
		return 0;
	entry_name(p, folder, name);
	if (afile_dir_sub(c->dir, folder, 0, &sub, NULL) ||
	    afile_read(sub, name, ENTRY_MAX_BYTES, &data, NULL) || !entry_fits(&data, p))
		goto out;
	/* piece_deserialize changes nothing of the piece unless every field checks out. */
	if (piece_deserialize(p, (const unsigned char *)data.data + ENTRY_HEAD,
	                      data.len - ENTRY_HEAD - 32) == 0) {
		struct timespec now[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};

		hit = 1;
		p->from_cache = 1;
		/* recently used: pruned last */
		utimensat(sub->fd, name, now, AT_SYMLINK_NOFOLLOW);
	}
out:
	afile_dir_close(sub);
	buf_release(&data);
	return hit;
}

int cache_store(const struct cache *c, const struct piece *p, struct tb_err *err)
{
	struct buf data = BUF_INIT;
	struct afile_dir *sub = NULL;
	char folder[3], name[70];
	int rc;

	if (!c->dir)
		return 0;
	entry_name(p, folder, name);
	if (encode_entry(p, &data))
		rc = err_set(err, TB_E_NOMEM, "out of memory");
	else
		rc = afile_dir_sub(c->dir, folder, 1, &sub, err);
	if (!rc)
		rc = afile_write_all(sub, name, data.data, data.len, err);
	afile_dir_close(sub);
	buf_release(&data);
	return rc;
}

/* ---- stats and pruning ---- */

/* An entry found by listing: its folder (an index into the list's folders), name, size
 * and last use. */
struct entry_info {
	size_t folder;
	char *name;
	time_t used;
	uint64_t size;
};

struct listing {
	struct buf folders; /* vec of struct afile_dir * */
	struct buf entries; /* vec of struct entry_info */
};

static int is_stale_temporary(const char *name, time_t mtime, time_t now)
{
	return name[0] == '.' && strstr(name, ".tmp.") && now - mtime > 3600;
}

/* Opens a directory's listing on a descriptor of its own (never through a symlink). */
static DIR *open_listing(int dirfd)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d && fd >= 0)
		close(fd);
	return d;
}

/* The entries of one folder: regular files only; stale temporaries are removed. */
static int list_folder(struct listing *l, size_t index, time_t now, struct tb_err *err)
{
	struct afile_dir *sub = VEC_AT(&l->folders, struct afile_dir *, index);
	DIR *d = open_listing(sub->fd);
	struct dirent *f;
	int rc = 0;

	if (!d)
		return 0;
	while (!rc && (f = readdir(d))) {
		struct entry_info *info;
		struct stat st;

		if (f->d_name[0] == '.' && !strstr(f->d_name, ".tmp."))
			continue;
		if (fstatat(sub->fd, f->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (is_stale_temporary(f->d_name, st.st_mtime, now)) {
			unlinkat(sub->fd, f->d_name, 0);
		} else if (strstr(f->d_name, ".piece")) {
			info = VEC_PUSH(&l->entries, struct entry_info);
			if (!info || !(info->name = strdup(f->d_name))) {
				rc = err_set(err, TB_E_NOMEM, "out of memory");
			} else {
				info->folder = index;
				info->used = st.st_mtime;
				info->size = (uint64_t)st.st_size;
			}
		}
	}
	closedir(d);
	return rc;
}

/* Lists the entries of the cache (two levels: ab/cdef...piece). A folder that is a
 * symbolic link is not the cache's: it is neither listed nor pruned. */
static int list_entries(const struct cache *c, struct listing *l, time_t now, struct tb_err *err)
{
	DIR *top = open_listing(c->dir->fd);
	struct dirent *e;
	int rc = 0;

	buf_init(&l->folders, BUF_DEFAULT_LIMIT);
	buf_init(&l->entries, BUF_DEFAULT_LIMIT);
	if (!top)
		return err_set(err, TB_E_IO, "%s: %s", c->dir->path, strerror(errno));
	while (!rc && (e = readdir(top))) {
		struct afile_dir *sub, **slot;

		if (strlen(e->d_name) != 2 || e->d_name[0] == '.' ||
		    afile_dir_sub(c->dir, e->d_name, 0, &sub, NULL))
			continue;
		slot = VEC_PUSH(&l->folders, struct afile_dir *);
		if (!slot) {
			afile_dir_close(sub);
			rc = err_set(err, TB_E_NOMEM, "out of memory");
			break;
		}
		*slot = sub;
		rc = list_folder(l, VEC_LEN(&l->folders, struct afile_dir *) - 1, now, err);
	}
	closedir(top);
	return rc;
}

static void free_listing(struct listing *l)
{
	size_t i;

	for (i = 0; i < VEC_LEN(&l->entries, struct entry_info); i++)
		free(VEC_AT(&l->entries, struct entry_info, i).name);
	for (i = 0; i < VEC_LEN(&l->folders, struct afile_dir *); i++)
		afile_dir_close(VEC_AT(&l->folders, struct afile_dir *, i));
	buf_release(&l->entries);
	buf_release(&l->folders);
}

int cache_stats(const struct cache *c, struct cache_stats *st, struct tb_err *err)
{
	struct listing l;
	size_t i;
	int rc = list_entries(c, &l, time(NULL), err);

	memset(st, 0, sizeof(*st));
	for (i = 0; !rc && i < VEC_LEN(&l.entries, struct entry_info); i++) {
		st->entries++;
		st->bytes += VEC_AT(&l.entries, struct entry_info, i).size;
	}
	free_listing(&l);
	return rc;
}

static int by_use(const void *a, const void *b)
{
	const struct entry_info *x = a, *y = b;
	int c;

	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c ? c : (x->folder > y->folder) - (x->folder < y->folder);
}

int cache_prune(const struct cache *c, uint64_t max_bytes, unsigned max_age_days,
                struct cache_stats *removed, struct tb_err *err)
{
	struct listing l;
	time_t now = time(NULL);
	uint64_t total = 0;
	size_t i, n;
	int rc = list_entries(c, &l, now, err);

	memset(removed, 0, sizeof(*removed));
	n = VEC_LEN(&l.entries, struct entry_info);
	for (i = 0; i < n; i++)
		total += VEC_AT(&l.entries, struct entry_info, i).size;
	if (!rc && n > 1)
		qsort(l.entries.data, n, sizeof(struct entry_info), by_use);
	for (i = 0; !rc && i < n; i++) {
		struct entry_info *e = &VEC_AT(&l.entries, struct entry_info, i);
		struct afile_dir *sub = VEC_AT(&l.folders, struct afile_dir *, e->folder);
		int too_old = max_age_days && now - e->used > (time_t)max_age_days * 86400;

		if (total <= max_bytes && !too_old)
			continue;
		if (unlinkat(sub->fd, e->name, 0) == 0) {
			total -= e->size;
			removed->entries++;
			removed->bytes += e->size;
		}
	}
	free_listing(&l);
	return rc;
}
