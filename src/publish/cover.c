/* The feed's artwork: a given image checked with gdk-pixbuf, or one drawn with cairo and
 * pango. */
#include "publish/cover.h"

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pango/pangocairo.h>

#include <string.h>
#include <strings.h>

/* ---- checking a given image ---- */

struct probe {
	int width, height;
	int too_big; /* past the limit: decoded at 1×1 instead (no huge allocation) */
};

static void on_size(GdkPixbufLoader *loader, gint width, gint height, gpointer data)
{
	struct probe *p = data;

	p->width = width;
	p->height = height;
	if (width > COVER_MAX_PX || height > COVER_MAX_PX) {
		p->too_big = 1;
		gdk_pixbuf_loader_set_size(loader, 1, 1);
	}
}

int cover_check(const void *data, size_t len, const char *name, const char **ext,
                struct tb_err *err)
{
	GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
	GdkPixbufFormat *fmt;
	struct probe p = {0, 0, 0};
	GError *gerr = NULL;
	gchar *format = NULL; /* the loader's name for it, ours to free */
	int ok, rc = 0;

	if (!loader)
		return err_set(err, TB_E_NOMEM, "out of memory");
	g_signal_connect(loader, "size-prepared", G_CALLBACK(on_size), &p);
	ok = gdk_pixbuf_loader_write(loader, data, len, &gerr);
	/* close even after a failed write: the loader must not be left half open */
	ok = gdk_pixbuf_loader_close(loader, ok ? &gerr : NULL) && ok;
	fmt = gdk_pixbuf_loader_get_format(loader);
	if (fmt)
		format = gdk_pixbuf_format_get_name(fmt);
	if (!ok || !gdk_pixbuf_loader_get_pixbuf(loader))
		rc = err_set(err, TB_E_INPUT, "%s: not an image that can be read (%s)", name,
		             gerr ? gerr->message : "unknown format");
	else if (!format || (strcmp(format, "png") && strcmp(format, "jpeg")))
		rc = err_set(err, TB_E_INPUT,
		             "%s: a %s image; podcast directories take PNG or JPEG", name,
		             format ? format : "unknown");
	else if (p.width != p.height || p.width < COVER_MIN_PX || p.width > COVER_MAX_PX)
		rc = err_set(err, TB_E_INPUT,
		             "%s: %d x %d pixels; podcast artwork is square, %d to %d pixels a "
		             "side",
		             name, p.width, p.height, COVER_MIN_PX, COVER_MAX_PX);
	else
		*ext = strcmp(format, "png") ? "jpg" : "png";
	if (gerr)
		g_error_free(gerr);
	g_free(format);
	g_object_unref(loader);
	return rc;
}

/* ---- drawing one ---- */

/* Rendering settings of our own, not the user's fontconfig ones: the same bytes anywhere. */
static void fixed_font_options(PangoContext *ctx)
{
	cairo_font_options_t *fo = cairo_font_options_create();

	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
}

/* Whether fontconfig gives us the font itself, not a substitute. */
static int have_font(PangoFontMap *fm, PangoContext *ctx)
{
	PangoFontDescription *want = pango_font_description_from_string(COVER_FONT " 20px");
	PangoFont *font = pango_font_map_load_font(fm, ctx, want);
	PangoFontDescription *got = font ? pango_font_describe(font) : NULL;
	const char *family = got ? pango_font_description_get_family(got) : NULL;
	int ok = family && !strcasecmp(family, COVER_FONT);

	if (got)
		pango_font_description_free(got);
	if (font)
		g_object_unref(font);
	pango_font_description_free(want);
	return ok;
}

/* Text centred in a box 1200 px wide, its middle at y; the largest size from `size` down
 * that keeps it to `max_lines` lines and `max_height` px. */
static void centred_text(cairo_t *cr, PangoLayout *lay, const char *text, int size, int max_lines,
                         int max_height, double y)
{
	PangoFontDescription *d = pango_font_description_from_string(COVER_FONT);
	int w, h;

	pango_layout_set_width(lay, 1200 * PANGO_SCALE);
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
	pango_layout_set_text(lay, text, -1);
	for (;; size -= 8) {
		pango_font_description_set_absolute_size(d, size * PANGO_SCALE);
		pango_layout_set_font_description(lay, d);
		pango_layout_get_pixel_size(lay, &w, &h);
		if (size <= 40 ||
		    (pango_layout_get_line_count(lay) <= max_lines && h <= max_height))
			break;
	}
	if (pango_layout_get_line_count(lay) > max_lines) {
		pango_layout_set_height(lay, -max_lines);
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
		pango_layout_get_pixel_size(lay, &w, &h);
	}
	cairo_move_to(cr, (COVER_DRAWN_PX - 1200) / 2.0, y - h / 2.0);
	pango_cairo_show_layout(cr, lay);
	pango_font_description_free(d);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_add(closure, data, length) ? CAIRO_STATUS_NO_MEMORY : CAIRO_STATUS_SUCCESS;
}

int cover_draw(const char *paper, const char *date_text, struct buf *out, struct tb_err *err)
{
	cairo_surface_t *surf =
	        cairo_image_surface_create(CAIRO_FORMAT_RGB24, COVER_DRAWN_PX, COVER_DRAWN_PX);
	cairo_t *cr = cairo_create(surf);
	PangoFontMap *fm = pango_cairo_font_map_new(); /* ours, not the process-wide one */
	PangoContext *ctx = pango_font_map_create_context(fm);
	PangoLayout *lay = NULL;
	size_t start = out->len;
	int rc = 0;

	fixed_font_options(ctx);
	if (!have_font(fm, ctx)) {
		rc = err_set(
		        err, TB_E_DATA,
		        "the font %s is missing (Debian's fonts-wqy-microhei; scripts/setup.sh "
		        "installs it)",
		        COVER_FONT);
		goto out;
	}
	pango_cairo_update_context(cr, ctx);
	lay = pango_layout_new(ctx);
	cairo_set_source_rgb(cr, 0x8B / 255.0, 0x1A / 255.0, 0x1A / 255.0); /* newsprint red */
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0xFF / 255.0, 0xF8 / 255.0, 0xE7 / 255.0);
	centred_text(cr, lay, paper && *paper ? paper : "", 240, 2, 600, 560);
	cairo_rectangle(cr, 500, 905, 400, 6);
	cairo_fill(cr);
	if (date_text && *date_text)
		centred_text(cr, lay, date_text, 96, 1, 140, 1040);
	cairo_surface_flush(surf);
	if (cairo_surface_write_to_png_stream(surf, to_buf, out) != CAIRO_STATUS_SUCCESS) {
		buf_truncate(out, start);
		rc = err_set(err, TB_E_NOMEM, "cannot make the cover image");
	}
out:
	if (lay)
		g_object_unref(lay);
	g_object_unref(ctx);
	g_object_unref(fm);
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	return rc;
}
