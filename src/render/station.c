#include "render/station.h"

#include "render/opening.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_CONTENTS OPENING_CONTENTS           /* 本期要目 */
#define LABEL_OPENING  "\xE5\xBC\x80\xE5\x9C\xBA" /* 开场 */
#define FW_OPEN        "\xEF\xBC\x88"             /* （ */
#define FW_CLOSE       "\xEF\xBC\x89"             /* ） */

int station_has_opening(const struct doc_section *s, int section_cue)
{
	return DOC_NSENTS(&s->intro) > 0 || section_cue;
}

static int reads_contents(const struct doc_section *s)
{
	size_t i;

	for (i = 0; i < DOC_NSENTS(&s->intro); i++)
		if (!strcmp(DOC_SENT(&s->intro, i)->text, OPENING_CONTENTS))
			return 1;
	return 0;
}

/* "工人日报 2024年3月8日 要闻 本期要目": what is known of the opening, then what it is. */
static int opening_title(const struct doc_section *s, const char *publication, struct buf *out)
{
	char part[512];
	int rc = 0;

	if (publication && *publication)
		rc = buf_addf(out, "%s ", publication);
	if (!rc && opening_date_text(s->date, part, sizeof(part)))
		rc = buf_addf(out, "%s ", part);
	if (!rc && opening_section_name(s, part, sizeof(part)))
		rc = buf_addf(out, "%s ", part);
	return rc ? rc : buf_adds(out, reads_contents(s) ? LABEL_CONTENTS : LABEL_OPENING);
}

static struct station_file *file_at(const struct station_plan *p, size_t i)
{
	return &VEC_AT(&p->files, struct station_file, i);
}

/* The titles given so far, as a set: open addressing over indexes into the files. */
struct titles {
	size_t *slot; /* file index + 1; 0 = empty */
	size_t cap;   /* a power of two, at least twice the files */
};

static size_t title_hash(const char *t)
{
	size_t h = 2166136261u;

	for (; *t; t++)
		h = (h ^ (unsigned char)*t) * 16777619u;
	return h;
}

static size_t *title_slot(const struct station_plan *p, struct titles *ts, const char *t)
{
	size_t i = title_hash(t) & (ts->cap - 1);

	while (ts->slot[i] && strcmp(file_at(p, ts->slot[i] - 1)->title, t))
		i = (i + 1) & (ts->cap - 1);
	return &ts->slot[i];
}

/* The title of file i, made distinct from those given before: "标题", else "标题（2）" … */
static int distinct_title(struct station_plan *p, struct titles *ts, size_t i, const char *base)
{
	struct buf t = BUF_INIT;
	unsigned k = 2;
	int rc = buf_adds(&t, base);

	while (!rc && *title_slot(p, ts, buf_cstr(&t))) {
		buf_reset(&t);
		rc = buf_addf(&t, "%s" FW_OPEN "%u" FW_CLOSE, base, k++);
	}
	if (!rc && (file_at(p, i)->title = buf_detach(&t, NULL)))
		*title_slot(p, ts, file_at(p, i)->title) = i + 1;
	buf_release(&t);
	return rc || !file_at(p, i)->title ? TB_E_NOMEM : 0;
}

struct numbering {
	unsigned folder, number; /* the last file's */
	int fresh_folder;        /* the next file starts a folder */
};

/* Gives file f its folder and number; TB_E_LIMIT past the last of either. */
static int place(struct station_plan *p, struct numbering *nb, struct station_file *f,
                 const struct doc_section *s, struct tb_err *err)
{
	if (p->layout == STATION_MP3) {
		if (++nb->number > STATION_MAX_MP3_FILES)
			return err_set(err, TB_E_LIMIT,
			               "%s: the edition has more than %d files, what the mp3 "
			               "folder of small players holds (mp3/0001.mp3 ... "
			               "mp3/%04d.mp3); use --station-layout folders or fewer "
			               "pages",
			               s->source ? s->source : s->id, STATION_MAX_MP3_FILES,
			               STATION_MAX_MP3_FILES);
		f->folder = 0;
		f->number = nb->number;
		snprintf(f->dir, sizeof(f->dir), "mp3");
		snprintf(f->name, sizeof(f->name), "%04u.mp3", f->number);
	} else {
		if (nb->fresh_folder || nb->number >= STATION_MAX_FOLDER_FILES) {
			nb->folder++;
			nb->number = 0;
			nb->fresh_folder = 0;
		}
		if (nb->folder > STATION_MAX_FOLDERS)
			return err_set(err, TB_E_LIMIT,
			               "%s: section \"%.60s\" would need folder %u; small players "
			               "address folders 01 to %02d of %d files each: render fewer "
			               "pages at once",
			               s->source ? s->source : s->id, s->title ? s->title : "",
			               nb->folder, STATION_MAX_FOLDERS, STATION_MAX_FOLDER_FILES);
		f->folder = nb->folder;
		f->number = ++nb->number;
		snprintf(f->dir, sizeof(f->dir), "%02u", f->folder);
		snprintf(f->name, sizeof(f->name), "%03u.mp3", f->number);
		p->folders = nb->folder;
	}
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, f->name);
	return 0;
}

static int add_file(struct station_plan *p, struct numbering *nb, struct titles *ts,
                    const struct doc *d, size_t section, size_t article, const char *publication,
                    struct tb_err *err)
{
	const struct doc_section *s = DOC_SECTION(d, section);
	struct station_file *f = VEC_PUSH(&p->files, struct station_file);
	struct buf base = BUF_INIT;
	size_t i = VEC_LEN(&p->files, struct station_file) - 1;
	int rc;

	if (!f)
		return err_set(err, TB_E_NOMEM, "out of memory");
	memset(f, 0, sizeof(*f));
	f->section = section;
	f->article = article;
	f->track = (unsigned)i + 1;
	if ((rc = place(p, nb, f, s, err))) {
		p->files.len -= sizeof(*f);
		return rc;
	}
	if (article == 0)
		rc = opening_title(s, publication, &base);
	else
		rc = buf_adds(&base, DOC_ARTICLE(s, article - 1)->title &&
		                                     *DOC_ARTICLE(s, article - 1)->title
		                             ? DOC_ARTICLE(s, article - 1)->title
		                             : DOC_ARTICLE(s, article - 1)->id);
	if (!rc)
		rc = distinct_title(p, ts, i, buf_cstr(&base));
	buf_release(&base);
	if (rc) {
		p->files.len -= sizeof(*f);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	return 0;
}

int station_plan(struct station_plan *p, const struct doc *d, enum station_layout layout,
                 const char *publication, int section_cue, struct tb_err *err)
{
	struct numbering nb = {0, 0, 1};
	struct titles ts = {NULL, 16};
	size_t i, j, n = 0;
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->layout = layout;
	buf_init(&p->files, 0);
	buf_init(&p->sections, 0);
	for (i = 0; i < DOC_NSECTIONS(d); i++)
		n += DOC_NARTICLES(DOC_SECTION(d, i)) + 1;
	while (ts.cap < 2 * n)
		ts.cap *= 2;
	if (!(ts.slot = calloc(ts.cap, sizeof(*ts.slot))))
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (i = 0; !rc && i < DOC_NSECTIONS(d); i++) {
		const struct doc_section *s = DOC_SECTION(d, i);
		size_t *first = VEC_PUSH(&p->sections, size_t);

		if (!first) {
			rc = err_set(err, TB_E_NOMEM, "out of memory");
			break;
		}
		*first = VEC_LEN(&p->files, struct station_file);
		nb.fresh_folder = 1;
		if (station_has_opening(s, section_cue))
			rc = add_file(p, &nb, &ts, d, i, 0, publication, err);
		for (j = 0; !rc && j < DOC_NARTICLES(s); j++)
			rc = add_file(p, &nb, &ts, d, i, j + 1, publication, err);
	}
	free(ts.slot);
	if (rc)
		station_release(p);
	return rc;
}

void station_release(struct station_plan *p)
{
	size_t i;

	for (i = 0; i < VEC_LEN(&p->files, struct station_file); i++)
		free(file_at(p, i)->title);
	buf_release(&p->files);
	buf_release(&p->sections);
}

size_t station_nfiles(const struct station_plan *p)
{
	return VEC_LEN(&p->files, struct station_file);
}

/* Files of section `section`: [*from, *to). */
static void section_files(const struct station_plan *p, size_t section, size_t *from, size_t *to)
{
	size_t n = VEC_LEN(&p->sections, size_t);

	*from = section < n ? VEC_AT(&p->sections, size_t, section) : station_nfiles(p);
	*to = section + 1 < n ? VEC_AT(&p->sections, size_t, section + 1) : station_nfiles(p);
}

const struct station_file *station_file_of(const struct station_plan *p, size_t section,
                                           size_t article)
{
	size_t from, to, i;

	section_files(p, section, &from, &to);
	/* The opening, when there is one, comes first; articles follow in order. */
	if (from < to && file_at(p, from)->article != 0)
		i = article ? from + article - 1 : to;
	else
		i = from + article;
	return i < to && file_at(p, i)->article == article ? file_at(p, i) : NULL;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int station_parse_path(const char *path, unsigned *folder, unsigned *number)
{
	size_t n = strlen(path);

	if (n == 10 && all_digits(path, 2) && path[2] == '/' && all_digits(path + 3, 3) &&
	    !strcmp(path + 6, ".mp3")) {
		*folder = (unsigned)atoi(path);
		*number = (unsigned)atoi(path + 3);
		return *folder >= 1 && *folder <= STATION_MAX_FOLDERS && *number >= 1 &&
		                       *number <= STATION_MAX_FOLDER_FILES
		               ? 0
		               : -1;
	}
	if (n == 12 && !strncmp(path, "mp3/", 4) && all_digits(path + 4, 4) &&
	    !strcmp(path + 8, ".mp3")) {
		*folder = 0;
		*number = (unsigned)atoi(path + 4);
		return *number >= 1 && *number <= STATION_MAX_MP3_FILES ? 0 : -1;
	}
	return -1;
}

/* The folders the plan uses, in order, as shell words ("01 02"). */
static int folder_words(const struct station_plan *p, struct buf *out)
{
	unsigned f;
	int rc = 0;

	if (p->layout == STATION_MP3)
		return buf_adds(out, "mp3");
	for (f = 1; !rc && f <= p->folders; f++)
		rc = buf_addf(out, "%s%02u", f > 1 ? " " : "", f);
	return rc;
}

int station_readme(const struct station_plan *p, struct buf *out)
{
	struct buf dirs = BUF_INIT;
	int rc = folder_words(p, &dirs);

	if (!rc && p->layout == STATION_MP3)
		rc = buf_adds(
		        out,
		        "These files are for small MP3 players and modules (DFPlayer Mini,\n"
		        "YX5300 and the like) that play from a folder named mp3: every file of\n"
		        "the edition is mp3/0001.mp3, mp3/0002.mp3 ... in playing order, each\n"
		        "section's opening (the paper, the date, the contents) before its\n"
		        "articles.\n");
	else if (!rc)
		rc = buf_adds(
		        out,
		        "These folders are for small MP3 players and modules (DFPlayer Mini,\n"
		        "YX5300 and the like) that play folder NN (01-99), file NNN (001-255).\n"
		        "Each section starts a folder: NN/001.mp3 is its opening (the paper,\n"
		        "the date, the contents), its articles follow as 002.mp3, 003.mp3 ...\n"
		        "in reading order; a section of more than 255 files goes on in the\n"
		        "next folder at 001.mp3. (A section with nothing to open with starts\n"
		        "its articles at 001.mp3.)\n");
	if (!rc)
		rc = buf_addf(
		        out,
		        "01.m3u8, 02.m3u8 ... are the playlists of the first, second ... section\n"
		        "(page) rendered, in playing order.\n"
		        "\n"
		        "Many of these players play files in the order they were written onto\n"
		        "the card, not by name. 'tingbao card /media/card' (with the card\n"
		        "mounted there) writes them one by one in playing order and checks\n"
		        "each. By hand, on an empty card (format it, or delete its folders),\n"
		        "from this directory:\n"
		        "\n"
		        "    (CARD=/media/card; for d in %s; do mkdir -p \"$CARD/$d\" || exit 1; "
		        "for f in \"$d\"/*.mp3; do cp \"$f\" \"$CARD/$d/\" && sync || exit 1; "
		        "done; done)\n",
		        buf_cstr(&dirs));
	buf_release(&dirs);
	return rc;
}

int station_playlist(const struct station_plan *p, size_t section, const double *seconds,
                     struct buf *out)
{
	size_t from, to, i;
	int rc = buf_adds(out, "#EXTM3U\n");

	section_files(p, section, &from, &to);
	for (i = from; !rc && i < to; i++) {
		const struct station_file *f = file_at(p, i);
		double s = seconds[i - from];

		rc = buf_addf(out, "#EXTINF:%lld,%s\n%s\n", (long long)(s + 0.5), f->title,
		              f->path);
	}
	return rc;
}
