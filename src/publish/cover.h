/*
 * cover — the feed's artwork. Apple Podcasts asks for a square JPEG or PNG of
 * 1400 to 3000 pixels a side (RGB); other directories take the same.
 *
 * cover_check() decodes a given image with gdk-pixbuf (a real decoder: a
 * truncated or mislabelled file fails) and checks its format and size.
 *
 * cover_draw() draws one when none is given: the paper's name and the edition
 * date on a plain background, 1400×1400, PNG, with cairo and pango in the
 * Debian font WenQuanYi Micro Hei (fonts-wqy-microhei). Rendering options are
 * set explicitly (grey antialiasing, no hinting) rather than taken from the
 * user's fontconfig settings, so the same text gives the same bytes with the
 * same libraries and font. When that font is missing it is TB_E_DATA (the
 * caller publishes without a cover and says why) rather than another font's
 * look.
 */
#ifndef TB_COVER_H
#define TB_COVER_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

#define COVER_MIN_PX   1400
#define COVER_MAX_PX   3000
#define COVER_DRAWN_PX 1400
#define COVER_FONT     "WenQuanYi Micro Hei"

/* Checks `len` bytes of an image: 0 with *ext set to "png" or "jpg", or TB_E_INPUT with
 * a message naming `name` (not PNG or JPEG, not square, not 1400-3000 px). */
int cover_check(const void *data, size_t len, const char *name, const char **ext,
                struct tb_err *err);

/* Draws the cover for `paper` and `date_text` (may be "") as PNG bytes into `out`. */
int cover_draw(const char *paper, const char *date_text, struct buf *out, struct tb_err *err);

#endif
