/*
 * paths — where tingbao finds its data (pronunciation lexicon, overrides,
 * listening profiles) when neither --data nor $TINGBAO_DATA names a directory:
 * beside the program in a build tree (build/tingbao.lex, build/../voices/), or,
 * installed by `cmake --install`, in PREFIX/share/tingbao beside PREFIX/bin.
 *
 * Both functions write a NUL-terminated path into `out` (cap bytes) and return 0,
 * or -1 (out is then "") when there is none.
 */
#ifndef TB_PATHS_H
#define TB_PATHS_H

#include <stddef.h>

/* The directory of the running program. */
int paths_exe_dir(char *out, size_t cap);
/* The installed data directory <program's directory>/../share/tingbao, if it exists. */
int paths_share_dir(char *out, size_t cap);

#endif
