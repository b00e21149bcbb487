/*
 * card — copies a station (the numbered layout rendered into a directory) onto a
 * mounted memory card, the way the small players behind public-address speakers
 * need it: many of them (DFPlayer Mini, YX5300 …) play files, and find folders,
 * in the order their FAT directory entries were made, not by name.
 *
 * The files are the ones the station manifests in the directory name (never
 * anything else found there), in playing order: folder by folder, and inside
 * a folder by number (render/station.h), so writing order, FAT order and the
 * numbering agree. Each folder is made on the card before its first file, and
 * each file is written under its final name in one go (no temporary whose
 * rename would put its entry elsewhere), fsynced, and its size on the card
 * checked; a file that fails is removed, so every file left is complete.
 *
 * Refused before anything is written (TB_E_INPUT): a directory without station
 * manifests, names of two layouts or named twice, names that are no player's
 * (an older version's 000.mp3: render again), and a card folder that holds
 * anything already (its entries would come first: format the card, or delete
 * the folder).
 */
#ifndef TB_CARD_H
#define TB_CARD_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct afile_dir;

struct card_opts {
	struct afile_dir *src;  /* the rendered directory */
	struct afile_dir *dest; /* the card's mount point (or any directory) */
	/* Called after each file is on the card, in the order written; may be NULL. */
	void (*copied)(void *ctx, const char *path, uint64_t bytes);
	void *ctx;
};

struct card_report {
	size_t files;
	size_t folders;
	uint64_t bytes;
};

int card_copy(const struct card_opts *o, struct card_report *rep, struct tb_err *err);

#endif
