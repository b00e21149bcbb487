/*
 * cache — rendered pieces kept by content (`--cache DIR`), so that rendering
 * an edition again re-synthesizes only the articles that changed.
 *
 * A piece's key is the SHA-256 of everything that decides its audio: the
 * program's version, the voice and its settings, the processing profile, the
 * cue sound, the encoder settings, and the piece's plan (pauses and the exact
 * text given to the synthesizer, which itself follows from normalization, the
 * pinyin lexicon and the overrides). An entry holds what rendering produced:
 * the MP3 frames, the positions of every sentence, the loudness measurements.
 *
 * Entries live in DIR/ab/abcdef....piece. They are written whole under a
 * temporary name and renamed (core/afile.h: never through a symlink), so runs
 * sharing a cache never see a torn entry. Each holds its full key and ends with
 * a SHA-256 of its contents: one that does not check out, or that is filed
 * under another piece's key, is ignored (and rewritten), and the piece is
 * filled only once every check has passed, so a bad entry never leaves
 * anything of itself in the piece. A hit refreshes the entry's time, which
 * pruning uses to drop the least recently used first. Listing and pruning
 * never follow a symbolic link: a folder that is one is not the cache's.
 */
#ifndef TB_CACHE_H
#define TB_CACHE_H

#include "core/buf.h"
#include "core/err.h"
#include "render/meter.h"
#include "render/piece.h"

#include <stdint.h>

#include "core/afile.h"

struct cache {
	struct afile_dir *dir; /* NULL: no cache */
};

/* Picks the directory: `dir` if given, else $XDG_CACHE_HOME/tingbao (an absolute
 * path), else $HOME/.cache/tingbao, and creates it. `disabled`, or no place to keep it,
 * gives a cache that holds nothing (c->dir NULL). An empty `dir` is TB_E_USAGE; a
 * directory that cannot be made or written is TB_E_IO with c->dir NULL, which callers
 * may take as a warning and go on without a cache. */
int cache_open(struct cache *c, const char *dir, int disabled, struct tb_err *err);
void cache_close(struct cache *c);
/* The directory, for messages ("" for none). */
const char *cache_path(const struct cache *c);

/* Sets p->key from the piece's plan and `context` (the settings, see above). */
void cache_key(struct piece *p, const char *context, size_t len);

/* Fills a planned piece from its entry: 1 on a hit, 0 on a miss. */
int cache_load(const struct cache *c, struct piece *p);
/* Stores a rendered piece (its MP3 frames must still be there). Failure to store is not
 * an error of the render: it returns the code and the caller may ignore it. */
int cache_store(const struct cache *c, const struct piece *p, struct tb_err *err);

struct cache_stats {
	uint64_t entries;
	uint64_t bytes;
};

int cache_stats(const struct cache *c, struct cache_stats *st, struct tb_err *err);
/* Removes entries (oldest use first) until at most max_bytes remain, and every entry
 * unused for more than max_age_days (0 = no age limit). Stale temporaries go too. */
int cache_prune(const struct cache *c, uint64_t max_bytes, unsigned max_age_days,
                struct cache_stats *removed, struct tb_err *err);

#endif
