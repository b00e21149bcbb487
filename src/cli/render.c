/* `tingbao render` and `tingbao plan`: pages in, episodes (or their plan) out. */
#include "cli/cli.h"

#include "audio/profile.h"
#include "core/afile.h"
#include "core/names.h"
#include "core/utext.h"
#include "ingest/ingest.h"
#include "layout/hints.h"
#include "layout/layout.h"
#include "pinyin/pinyin.h"
#include "publish/manifest.h"
#include "publish/publish.h"
#include "render/edition.h"
#include "render/episode.h"
#include "render/frontend.h"
#include "render/opening.h"
#include "render/select.h"
#include "speech/speech.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct run_opts {
	struct ed_opts ed; /* what rendering needs; the rest is the command line's */
	const char *date;
	const char *data_dir;
	const char *lexicon;
	const char *profile_name;
	const char *base_url;
	const char *encoding;
	const char *layout_hints;
	const char *name; /* --name: the episode id of a page read from standard input */
	const char *only; /* --only: article ids */
	int brief;
	int print_jobs;
	int publish;
	int read_bylines;
	int no_contents; /* the opening without "本期要目" and the headlines */
	int station_layout_set;
	int bitrate_set, quality_set;
	char title[4096]; /* --title without hidden characters (core/utext.h) */
};

enum {
	OPT_TITLE = 256,
	OPT_DATE,
	OPT_DATA,
	OPT_LEXICON,
	OPT_READ_BYLINES,
	OPT_FORMAT,
	OPT_BITRATE,
	OPT_QUALITY,
	OPT_PROFILE,
	OPT_PUBLISH,
	OPT_BASE_URL,
	OPT_ENCODING,
	OPT_CACHE,
	OPT_NO_CACHE,
	OPT_SHARD,
	OPT_SUB_CHAPTERS,
	OPT_LAYOUT_HINTS,
	OPT_NAME,
	OPT_LIST_PROFILES,
	OPT_ONLY,
	OPT_BRIEF,
	OPT_NO_CONTENTS,
	OPT_STATION_LAYOUT,
};

static const struct option long_opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"title", required_argument, NULL, OPT_TITLE},
        {"date", required_argument, NULL, OPT_DATE},
        {"data", required_argument, NULL, OPT_DATA},
        {"lexicon", required_argument, NULL, OPT_LEXICON},
        {"read-bylines", no_argument, NULL, OPT_READ_BYLINES},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"bitrate", required_argument, NULL, OPT_BITRATE},
        {"quality", required_argument, NULL, OPT_QUALITY},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"publish", no_argument, NULL, OPT_PUBLISH},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"cache", required_argument, NULL, OPT_CACHE},
        {"no-cache", no_argument, NULL, OPT_NO_CACHE},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"sub-chapters", no_argument, NULL, OPT_SUB_CHAPTERS},
        {"encoding", required_argument, NULL, OPT_ENCODING},
        {"layout-hints", required_argument, NULL, OPT_LAYOUT_HINTS},
        {"name", required_argument, NULL, OPT_NAME},
        {"list-profiles", no_argument, NULL, OPT_LIST_PROFILES},
        {"only", required_argument, NULL, OPT_ONLY},
        {"brief", no_argument, NULL, OPT_BRIEF},
        {"no-contents", no_argument, NULL, OPT_NO_CONTENTS},
        {"station-layout", required_argument, NULL, OPT_STATION_LAYOUT},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static void print_help(const char *cmd)
{
	int render = !strcmp(cmd, "render");

	printf("usage: tingbao %s [options] PAGE...\n"
	       "       (a PAGE may be a folder: its *.txt pages in name order; or '-' with\n"
	       "       --name ID: a page read from standard input)\n\n",
	       cmd);
	if (render)
		printf("Turns each PAGE (a UTF-8 text file, one newspaper section) into one audio\n"
		       "episode with a chapter per article, and a manifest (JSON) beside it.\n\n");
	else
		printf("Prints, as manifest JSON, everything render would decide for the PAGEs\n"
		       "(structure, sentences, the text to be spoken, pinyin), with no audio. It\n"
		       "takes render's options too (see 'tingbao render --help'); these "
		       "matter:\n\n");
	printf("options:\n");
	if (render) {
		printf("  -o, --output DIR     where episodes go (default: out)\n"
		       "  -j, --jobs N         processes (default: one per processor); the output\n"
		       "                       does not depend on it\n"
		       "      --cache DIR      keep rendered articles here and reuse them "
		       "(default:\n"
		       "                       $XDG_CACHE_HOME/tingbao or ~/.cache/tingbao)\n"
		       "      --no-cache       neither read nor write the cache\n"
		       "      --format FMT     mp3 (default), wav or flac\n"
		       "      --bitrate KBPS   MP3 CBR bitrate (default: the profile's)\n"
		       "      --quality Q      LAME quality 0 (best) .. 9 (fastest) (default: the\n"
		       "                       profile's)\n"
		       "      --sub-chapters   subheads as sub-chapters: a child CTOC per article "
		       "in the\n"
		       "                       ID3 tag (off: ffmpeg-based players list them as "
		       "chapters)\n"
		       "      --publish        also make the feed, page, transcripts and chapter\n"
		       "                       files in DIR (as 'tingbao publish' does)\n"
		       "      --base-url URL   where DIR will be served, for the feed's links\n");
	}
	if (render)
		printf("      --shard K/N      render only sections K, K+N, K+2N ... of all the "
		       "pages'\n"
		       "                       sections, for sharing an edition among machines\n");
	else
		printf("      --jobs           print instead one 'tingbao render --shard K/N' "
		       "command\n"
		       "                       line per section (with the other options given), "
		       "for\n"
		       "                       GNU parallel, Slurm or Kubernetes; the shards' "
		       "outputs\n"
		       "                       are those of a single run\n");
	printf("      --profile P      listening profile: commute (default), rider, station,\n"
	       "                       or a profile file (see docs/profiles.md)\n"
	       "      --list-profiles  print the profile names --profile takes, and stop\n"
	       "      --station-layout folders|mp3\n"
	       "                       the numbered layout (station): folders 01-99 of files\n"
	       "                       001-255 (default), or every file in mp3/0001.mp3 ...\n");
	printf("      --title T        the publication's name, read at the opening\n"
	       "      --date DATE      edition date, YYYY-MM-DD (read at the opening, tagged)\n"
	       "      --no-contents    the opening without the contents (\"本期要目\" and "
	       "the\n"
	       "                       headlines); kept for sections of two or more "
	       "articles\n"
	       "      --encoding ENC   the pages' encoding when not UTF-8: gb18030, gbk, big5,\n"
	       "                       utf-16 ... (any name iconv knows)\n"
	       "      --read-bylines   also read bylines (kept in the manifest either way)\n"
	       "      --name ID        the episode name of the page read from standard input\n"
	       "      --only IDS       only these articles (ids as plan prints them: a03,a05);\n"
	       "                       the episode is named ID-part\n"
	       "      --brief          a bulletin: each article's title and first sentence, with\n"
	       "                       a chapter each; the episode is named ID-brief\n"
	       "      --layout-hints FILE  a paper's own box labels, column labels and furniture\n"
	       "                       (see docs/layout.md; 'tingbao layout' shows the result)\n"
	       "      --data DIR       where tingbao.lex is (default: beside the program,\n"
	       "                       or $TINGBAO_DATA)\n"
	       "      --lexicon FILE   extra pronunciation overrides (词<TAB>ci2 lines)\n"
	       "  -h, --help           this help\n");
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < (long)lo || v > (long)hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static void default_opts(struct run_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->ed.out_dir = "out";
	o->ed.ep.format = EP_MP3;
}

/* Everything the profile decides, unless the command line said otherwise. */
static void apply_profile(struct run_opts *o)
{
	const struct profile *p = &o->ed.prof;

	o->ed.voice.voice = p->voice;
	o->ed.voice.rate_wpm = prof_rate_wpm(p);
	o->ed.voice.pitch = p->pitch;
	o->ed.ep.voice = p->voice;
	o->ed.ep.pause.sentence_ms = (unsigned)p->pause_sentence_ms;
	o->ed.ep.pause.paragraph_ms = (unsigned)p->pause_paragraph_ms;
	o->ed.ep.pause.subhead_ms = (unsigned)p->pause_subhead_ms;
	o->ed.ep.pause.article_ms = (unsigned)p->pause_article_ms;
	o->ed.ep.pause.section_ms = (unsigned)p->pause_section_ms;
	o->ed.ep.pause.cue_ms = (unsigned)p->pause_cue_ms;
	o->ed.ep.pause.phrase_ms = (unsigned)p->pause_phrase_ms;
	o->ed.ep.mp3_rate = (unsigned)p->mp3_sample_rate;
	if (!o->bitrate_set)
		o->ed.ep.bitrate_kbps = (unsigned)p->mp3_bitrate_kbps;
	if (!o->quality_set)
		o->ed.ep.mp3_quality = p->mp3_quality;
	/* Lossless files play back as loud as the PCM; only MP3 needs the compensation. */
	if (o->ed.ep.format != EP_MP3)
		o->ed.prof.audio.mp3_loudness_comp_lu = 0;
	o->ed.ep.audio = &p->audio;
	o->ed.ep.cue_before = p->cue == PROF_CUE_NONE ? PROF_BEFORE_NONE : p->cue_before;
	o->ed.ep.layout = p->layout;
	o->ed.ep.chapters = p->chapters;
	o->ed.ep.small_tag = p->tag == PROF_TAG_SMALL;
}

/* Returns -1 to go on, else the exit code (help printed, or a usage error). */
/* --list-profiles: the profile names --profile takes, one a line (for completion). */
static int list_profiles(void)
{
	struct buf names = BUF_INIT;
	const char *p;

	if (prof_names(&names)) {
		fprintf(stderr, "tingbao: out of memory\n");
		return CLI_FAILED;
	}
	for (p = buf_cstr(&names); *p;) {
		size_t n = strcspn(p, ",");

		printf("%.*s\n", (int)n, p);
		p += n;
		while (*p == ',' || *p == ' ')
			p++;
	}
	buf_release(&names);
	return CLI_OK;
}

static int parse_args(const char *cmd, int argc, char **argv, struct run_opts *o)
{
	int c;
	unsigned v;
	char tail;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:j:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->ed.out_dir = optarg;
			break;
		case 'j':
			if (parse_uint(optarg, 1, 64, &v))
				return cli_usage_error(cmd, "--jobs wants 1..64, not '%s'", optarg);
			o->ed.ep.jobs = v;
			break;
		case OPT_TITLE:
			if (cli_clean_text(optarg, o->title, sizeof(o->title)))
				return cli_usage_error(cmd, "--title is longer than %zu bytes",
				                       sizeof(o->title) - 1);
			o->ed.title = o->title;
			break;
		case OPT_DATE:
			if (!cli_valid_date(optarg))
				return cli_usage_error(cmd, "--date wants YYYY-MM-DD, not '%s'",
				                       optarg);
			o->date = optarg;
			break;
		case OPT_DATA:
			o->data_dir = optarg;
			break;
		case OPT_LEXICON:
			o->lexicon = optarg;
			break;
		case OPT_READ_BYLINES:
			o->read_bylines = 1;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "mp3"))
				o->ed.ep.format = EP_MP3;
			else if (!strcmp(optarg, "wav"))
				o->ed.ep.format = EP_WAV;
			else if (!strcmp(optarg, "flac"))
				o->ed.ep.format = EP_FLAC;
			else
				return cli_usage_error(
				        cmd, "--format is mp3, wav or flac, not '%s'", optarg);
			break;
		case OPT_BITRATE:
			if (parse_uint(optarg, 32, 320, &v))
				return cli_usage_error(
				        cmd, "--bitrate wants 32..320 kbps, not '%s'", optarg);
			o->ed.ep.bitrate_kbps = v;
			o->bitrate_set = 1;
			break;
		case OPT_QUALITY:
			if (parse_uint(optarg, 0, 9, &v))
				return cli_usage_error(cmd, "--quality wants 0..9, not '%s'",
				                       optarg);
			o->ed.ep.mp3_quality = (int)v;
			o->quality_set = 1;
			break;
		case OPT_PROFILE:
			o->profile_name = optarg;
			break;
		case OPT_PUBLISH:
			o->publish = 1;
			break;
		case OPT_BASE_URL:
			o->base_url = optarg;
			break;
		case OPT_CACHE:
			if (!*optarg)
				return cli_usage_error(cmd, "--cache wants a directory, not ''");
			o->ed.cache_dir = optarg;
			break;
		case OPT_NO_CACHE:
			o->ed.no_cache = 1;
			break;
		case OPT_SUB_CHAPTERS:
			o->ed.ep.sub_chapters = 1;
			break;
		case OPT_SHARD:
			if (sscanf(optarg, "%u/%u%c", &o->ed.shard_k, &o->ed.shard_n, &tail) != 2 ||
			    o->ed.shard_n == 0 || o->ed.shard_k == 0 ||
			    o->ed.shard_k > o->ed.shard_n)
				return cli_usage_error(
				        cmd, "--shard wants K/N with 1 <= K <= N, not '%s'",
				        optarg);
			break;
		case OPT_ENCODING:
			if (!ingest_encoding_known(optarg))
				return cli_usage_error(cmd,
				                       "--encoding: unknown encoding '%s' (try "
				                       "gb18030, gbk, big5, utf-16)",
				                       optarg);
			o->encoding = optarg;
			break;
		case OPT_LAYOUT_HINTS:
			o->layout_hints = optarg;
			break;
		case OPT_LIST_PROFILES:
			return list_profiles();
		case OPT_ONLY:
			o->only = optarg;
			break;
		case OPT_BRIEF:
			o->brief = 1;
			break;
		case OPT_NAME:
			if (!*optarg || strchr(optarg, '/'))
				return cli_usage_error(
				        cmd, "--name wants an episode name, not '%s'", optarg);
			o->name = optarg;
			break;
		case OPT_NO_CONTENTS:
			o->no_contents = 1;
			break;
		case OPT_STATION_LAYOUT:
			if (!strcmp(optarg, "folders"))
				o->ed.station_layout = STATION_FOLDERS;
			else if (!strcmp(optarg, "mp3"))
				o->ed.station_layout = STATION_MP3;
			else
				return cli_usage_error(
				        cmd, "--station-layout is folders or mp3, not '%s'",
				        optarg);
			o->station_layout_set = 1;
			break;
		case 'h':
			print_help(cmd);
			return CLI_OK;
		default:
			return cli_bad_option(cmd, c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "no PAGE given");
	if (o->publish && o->ed.shard_n)
		return cli_usage_error(cmd, "--publish cannot go with --shard: the shards would "
		                            "race on the feed; run 'tingbao publish' once they "
		                            "are all done");
	o->ed.ep.album = o->ed.title;
	return -1;
}

static int lexicon_has_word(void *ctx, const char *s, size_t len)
{
	return py_has_word(ctx, s, len);
}

/* Two pages with the same file name in different folders must not overwrite each other:
 * every one of them gets a suffix from its own path (core/names.h), so a page's id does
 * not depend on which pages come before it. The same path given twice is an error. */
static int make_ids_unique(struct doc *d, struct tb_err *err)
{
	size_t i, j, n = DOC_NSECTIONS(d);
	unsigned char *clash = calloc(n ? n : 1, 1);

	if (!clash)
		return err_set(err, TB_E_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (!strcmp(DOC_SECTION(d, i)->id, DOC_SECTION(d, j)->id))
				clash[i] = clash[j] = 1;
	for (i = 0; i < n; i++)
		if (clash[i])
			names_disambiguate(DOC_SECTION(d, i)->id, sizeof(DOC_SECTION(d, i)->id),
			                   DOC_SECTION(d, i)->source);
	free(clash);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (!strcmp(DOC_SECTION(d, i)->id, DOC_SECTION(d, j)->id))
				return err_set(err, TB_E_USAGE,
				               "%s and %s would both be episode '%s' (is a page "
				               "given twice?)",
				               DOC_SECTION(d, i)->source, DOC_SECTION(d, j)->source,
				               DOC_SECTION(d, i)->id);
	return 0;
}

/* The page's file name as the manifest records it (and as the title of a section that
 * has none): without hidden characters. */
static int clean_source(struct doc *d, struct doc_section *s, struct tb_err *err)
{
	struct buf b = BUF_INIT;
	char *clean = NULL;

	if (!s->source || !utext_has_hidden(s->source, strlen(s->source)))
		return 0;
	if (!utext_clean_line(&b, s->source, strlen(s->source)))
		clean = arena_strdup(&d->arena, buf_cstr(&b));
	buf_release(&b);
	if (!clean)
		return err_set(err, TB_E_NOMEM, "out of memory");
	if (s->title == s->source)
		s->title = clean;
	s->source = clean;
	return 0;
}

/* The name a page read from standard input goes by in messages and the manifest. */
#define STDIN_PAGE "(stdin)"

/* Standard input, whole: a page piped in ("cat page.txt | tingbao render --name x -"). */
static int read_stdin(struct buf *out, struct tb_err *err)
{
	unsigned char tmp[65536];
	ssize_t n;

	while ((n = read(0, tmp, sizeof(tmp))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_set(err, TB_E_IO, STDIN_PAGE ": cannot read: %s",
			               strerror(errno));
		if (out->len + (size_t)n > INGEST_MAX_BYTES)
			return err_set(err, TB_E_LIMIT,
			               STDIN_PAGE ": larger than the %zu-byte page limit",
			               INGEST_MAX_BYTES);
		if (buf_add(out, tmp, (size_t)n))
			return err_set(err, TB_E_NOMEM, STDIN_PAGE ": out of memory");
	}
	return 0;
}

/* A page's text, from its file or (for "-") standard input. */
static int read_page(const struct run_opts *o, const char *page, struct buf *text,
                     struct tb_err *err)
{
	struct buf raw = BUF_INIT;
	int rc;

	if (strcmp(page, "-"))
		return ingest_file_enc(page, o->encoding, text, err);
	rc = read_stdin(&raw, err);
	if (!rc)
		rc = ingest_bytes_enc(STDIN_PAGE, o->encoding,
		                      (const unsigned char *)buf_cstr(&raw), raw.len, text, err);
	buf_release(&raw);
	return rc;
}

static int layout_pages(struct doc *d, const struct run_opts *o, char **pages, int npages,
                        const struct layout_opts *lo, struct tb_err *err)
{
	int i, rc;

	for (i = 0; i < npages; i++) {
		struct buf text = BUF_INIT;
		size_t before = DOC_NSECTIONS(d), k;
		int from_stdin = !strcmp(pages[i], "-");
		const char *source = from_stdin ? STDIN_PAGE : pages[i];

		rc = read_page(o, pages[i], &text, err);
		if (!rc) {
			rc = layout_page(d, text.data, text.len, source, lo, err);
			if (rc && !strstr(err->msg, source))
				err_prefix(err, "%s", source);
		}
		buf_release(&text);
		if (rc)
			return rc;
		for (k = before; k < DOC_NSECTIONS(d); k++) {
			struct doc_section *s = DOC_SECTION(d, k);

			names_episode_id(from_stdin ? o->name : pages[i], k - before,
			                 DOC_NSECTIONS(d) - before, s->id, sizeof(s->id));
			if (!s->source)
				s->source = arena_strdup(&d->arena, source);
			if (!s->source)
				return err_set(err, TB_E_NOMEM, "out of memory");
			s->date = o->date ? arena_strdup(&d->arena, o->date) : NULL;
			if (o->date && !s->date)
				return err_set(err, TB_E_NOMEM, "out of memory");
			if (DOC_NARTICLES(s) == 0)
				return err_set(err, TB_E_INPUT,
				               "%s: section %zu (\"%.60s\") has no article to read",
				               source, k - before + 1, s->title ? s->title : "");
		}
	}
	return 0;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.txt pages of folder `dir`, in byte order of their names, appended to `list`
 * (paths in `strings`). Hidden files and what is not a regular file are passed over. */
static int add_folder(const char *dir, struct buf *list, struct arena *strings, struct tb_err *err)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	size_t first = VEC_LEN(list, char *), len;
	struct stat st;

	if (!dh)
		return err_set(err, TB_E_IO, "%s: cannot open the folder: %s", dir,
		               strerror(errno));
	while ((e = readdir(dh)) != NULL) {
		char *path, **slot;

		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".txt"))
			continue;
		path = arena_alloc(strings, strlen(dir) + len + 2);
		if (!path) {
			closedir(dh);
			return err_set(err, TB_E_NOMEM, "out of memory");
		}
		sprintf(path, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		slot = VEC_PUSH(list, char *);
		if (!slot) {
			closedir(dh);
			return err_set(err, TB_E_NOMEM, "out of memory");
		}
		*slot = path;
	}
	closedir(dh);
	if (VEC_LEN(list, char *) == first)
		return err_set(err, TB_E_INPUT, "%s: no pages (*.txt) in the folder", dir);
	qsort(&VEC_AT(list, char *, first), VEC_LEN(list, char *) - first, sizeof(char *),
	      by_bytes);
	return 0;
}

/* The pages the arguments name: files as given, "-" for standard input (once, with
 * --name), and for a folder its *.txt pages in name order (one edition). */
static int expand_pages(const struct run_opts *o, char **args, int n, struct buf *list,
                        struct arena *strings, struct tb_err *err)
{
	struct stat st;
	int i, rc = 0, stdin_seen = 0;

	for (i = 0; !rc && i < n; i++) {
		if (!strcmp(args[i], "-")) {
			if (stdin_seen++)
				return err_set(err, TB_E_USAGE, "'-' (standard input) given twice");
			if (!o->name)
				return err_set(err, TB_E_USAGE,
				               "a page from standard input needs --name ID (the "
				               "episode's name)");
		} else if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = add_folder(args[i], list, strings, err);
			continue;
		}
		{
			char **slot = VEC_PUSH(list, char *);

			if (!slot)
				return err_set(err, TB_E_NOMEM, "out of memory");
			*slot = args[i];
		}
	}
	if (!rc && o->name && !stdin_seen)
		rc = err_set(err, TB_E_USAGE,
		             "--name names a page read from standard input, and no '-' is given");
	if (!rc && stdin_seen && o->print_jobs)
		rc = err_set(err, TB_E_USAGE,
		             "--jobs lines cannot read standard input again; give files");
	return rc;
}

static int load_pages(struct doc *d, const struct run_opts *o, char **pages, int npages,
                      const struct py_lexicon *lex, struct tb_err *err)
{
	struct layout_hints hints;
	struct layout_opts lo = {
	        .is_word = lexicon_has_word, .is_word_ctx = (void *)lex, .hints = &hints};
	struct fe_opts fe = {lex, o->read_bylines, o->ed.prof.speak_article_number,
	                     o->ed.prof.repeat_title_at_end, o->ed.prof.pause_phrase_ms > 0};
	struct opening_opts op = {o->ed.title, !o->no_contents};
	int i, rc;

	if ((rc = hints_init(&hints, err)) != 0)
		return rc;
	if (o->layout_hints && (rc = hints_load(&hints, o->layout_hints, err)) != 0) {
		hints_release(&hints);
		return rc;
	}
	fe.read_bylines = o->read_bylines || hints.read_bylines;
	rc = layout_pages(d, o, pages, npages, &lo, err);
	hints_release(&hints);
	if (rc)
		return rc;
	if ((rc = make_ids_unique(d, err)))
		return rc;
	for (i = 0; (size_t)i < DOC_NSECTIONS(d); i++)
		if ((rc = clean_source(d, DOC_SECTION(d, (size_t)i), err)))
			return rc;
	/* A shorter episode: the articles asked for, or a bulletin of them all. */
	if (o->only && (rc = sel_only(d, o->only, err)) != 0)
		return rc;
	if (o->brief && (rc = sel_brief(d, err)) != 0)
		return rc;
	/* The opening: publication, date, the section's name, the contents (render/opening.h). */
	for (i = 0; (size_t)i < DOC_NSECTIONS(d); i++)
		if ((rc = opening_build(d, DOC_SECTION(d, (size_t)i), &op, err)))
			return rc;
	return fe_prepare_doc(d, &fe, err);
}

/* The pages the arguments name, read and laid out into d. */
static int read_edition(const struct run_opts *o, int nargs, char **args, struct doc *d,
                        const struct py_lexicon *lex, struct tb_err *err)
{
	struct buf pages = BUF_INIT;
	struct arena strings;
	int rc;

	arena_init(&strings);
	rc = expand_pages(o, args, nargs, &pages, &strings, err);
	if (!rc)
		rc = load_pages(d, o, (char **)pages.data, (int)VEC_LEN(&pages, char *), lex, err);
	buf_release(&pages);
	arena_release(&strings);
	return rc;
}

/* Appends `arg` quoted for a POSIX shell. */
static int add_shell_word(struct buf *b, const char *arg)
{
	int rc = buf_addc(b, '\'');

	for (; *arg && !rc; arg++)
		rc = *arg == '\'' ? buf_adds(b, "'\\''") : buf_addc(b, *arg);
	return rc || buf_addc(b, '\'');
}

/* One render command per section: this program, the plan's own arguments, a shard. */
static int print_jobs(int argc, char **argv, size_t nsections, struct tb_err *err)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct buf line = BUF_INIT;
	size_t k;
	int i, rc = 0;

	exe[n > 0 ? n : 0] = '\0';
	for (k = 1; !rc && k <= nsections; k++) {
		buf_reset(&line);
		rc = add_shell_word(&line, n > 0 ? exe : "tingbao") || buf_adds(&line, " render");
		for (i = 1; !rc && i < argc; i++)
			rc = buf_addc(&line, ' ') || add_shell_word(&line, argv[i]);
		rc = rc || buf_addf(&line, " --shard %zu/%zu\n", k, nsections);
		if (!rc && fwrite(line.data, 1, line.len, stdout) != line.len)
			rc = TB_E_IO;
	}
	buf_release(&line);
	return rc ? err_set(err, rc == TB_E_IO ? TB_E_IO : TB_E_NOMEM, "cannot print the jobs") : 0;
}

/* `plan --jobs` asks for job lines; the option is taken out before the common parsing
 * (render's --jobs takes a number). */
static int take_jobs_flag(int *argc, char **argv)
{
	int i, j, found = 0;

	for (i = j = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--jobs"))
			found = 1;
		else
			argv[j++] = argv[i];
	}
	while (i < *argc)
		argv[j++] = argv[i++];
	*argc = j;
	return found;
}

int cli_plan(int argc, char **argv)
{
	struct run_opts o;
	struct py_lexicon *lex = NULL;
	struct tb_err err = {0, ""};
	struct buf out = BUF_INIT;
	struct doc d;
	int rc;

	default_opts(&o);
	o.print_jobs = take_jobs_flag(&argc, argv);
	if ((rc = parse_args("plan", argc, argv, &o)) >= 0)
		return rc;
	if (prof_find(o.profile_name, &o.ed.prof, &err))
		return cli_fail(&err);
	apply_profile(&o);
	if (cli_open_lexicon(o.data_dir, &o.lexicon, o.lexicon != NULL, &lex, &err))
		return cli_fail(&err);
	doc_init(&d);
	rc = read_edition(&o, argc - optind, argv + optind, &d, lex, &err);
	if (!rc && o.print_jobs) {
		rc = print_jobs(argc, argv, DOC_NSECTIONS(&d), &err);
		doc_release(&d);
		py_close(lex);
		return rc ? cli_fail(&err) : CLI_OK;
	}
	if (!rc && manifest_write(&out, &d, 0, DOC_NSECTIONS(&d), NULL))
		rc = err_set(&err, TB_E_NOMEM, "out of memory");
	if (!rc && fwrite(out.data, 1, out.len, stdout) != out.len)
		rc = err_set(&err, TB_E_IO, "cannot write to standard output: %s", strerror(errno));
	buf_release(&out);
	doc_release(&d);
	py_close(lex);
	return rc ? cli_fail(&err) : CLI_OK;
}

static void report_file(const char *dir, const char *file, const struct doc_loudness *l,
                        const char *extra)
{
	fprintf(stderr, "tingbao: %s/%s: %.1f s, %.1f LUFS, range %.1f LU, true peak %.1f dBTP%s\n",
	        dir, file, l->seconds, l->lufs, l->lra_lu, l->true_peak_dbtp, extra);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* One line per file on stderr, as each section is finished. */
static void report_section(void *ctx, const struct doc_section *s, unsigned number)
{
	const struct ed_opts *o = ctx;
	char extra[128], whole[sizeof(s->id) + 32];
	size_t j, files = 0;

	(void)number;
	snprintf(extra, sizeof(extra), ", %zu %s, %u of %u %s from the cache", DOC_NARTICLES(s),
	         plural(DOC_NARTICLES(s), "article", "articles"), s->pieces_cached, s->pieces,
	         plural(s->pieces, "piece", "pieces"));
	if (s->file) {
		report_file(o->out_dir, s->file, &s->loudness, extra);
		return;
	}
	if (s->opening_file) {
		report_file(o->out_dir, s->opening_file, &s->opening_loudness, "");
		files++;
	}
	for (j = 0; j < DOC_NARTICLES(s); j++) {
		const struct doc_article *a = DOC_ARTICLE(s, j);

		if (a->file) {
			report_file(o->out_dir, a->file, &a->file_loudness, "");
			files++;
		}
	}
	snprintf(whole, sizeof(whole), "%s (%zu %s together)", s->id, files,
	         plural(files, "file", "files"));
	report_file(o->out_dir, whole, &s->loudness, extra);
}

/* A warning that does not stop the run. */
static void warn(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "tingbao: warning: %s; rendering without the cache\n", msg);
}

static int publish_rendered(const struct run_opts *o, struct tb_err *err)
{
	struct pub_opts po;
	struct pub_report rep;
	int rc;

	pub_opts_init(&po);
	po.out_dir = o->ed.out_dir;
	po.dir = o->ed.out;
	po.title = o->ed.title;
	po.date = o->date;
	po.base_url = o->base_url;
	po.warn = cli_publish_warning;
	rc = pub_run(&po, &rep, err);
	if (!rc) {
		fprintf(stderr, "tingbao: %s: published %zu of %zu episodes\n", rep.feed_path,
		        rep.published, rep.episodes);
		cli_publish_notes(&rep);
	}
	return rc;
}

/* Opens and locks the output directory (created when missing). */
static int open_output(struct run_opts *o, struct tb_err *err)
{
	int waited = 0;
	int rc = afile_dir_open(o->ed.out_dir, 1, &o->ed.out, err);

	/* Two runs into one directory take turns rather than interleave files; the
	 * shards of one edition write different files and share the directory. */
	if (!rc && afile_dir_lock(o->ed.out, o->ed.shard_n > 0, &waited, err) == 1) {
		fprintf(stderr, "tingbao: warning: %s\n", err->msg);
		err_clear(err);
	}
	/* What a run stopped by SIGKILL left: nobody writes these any more. */
	if (!rc)
		afile_remove_stale(o->ed.out);
	if (waited)
		fprintf(stderr, "tingbao: waited for another run writing to %s\n", o->ed.out_dir);
	o->ed.ep.out = o->ed.out;
	return rc;
}

int cli_render(int argc, char **argv)
{
	struct run_opts o;
	struct py_lexicon *lex = NULL;
	struct tb_err err = {0, ""};
	struct doc d;
	int rc;

	default_opts(&o);
	if ((rc = parse_args("render", argc, argv, &o)) >= 0)
		return rc;
	if (prof_find(o.profile_name, &o.ed.prof, &err))
		return cli_fail(&err);
	apply_profile(&o);
	if (o.ed.ep.layout == PROF_LAYOUT_NUMBERED && o.ed.ep.format != EP_MP3)
		return cli_usage_error("render", "the numbered layout writes MP3 only");
	if (o.station_layout_set && o.ed.ep.layout != PROF_LAYOUT_NUMBERED)
		return cli_usage_error("render", "--station-layout is for a profile with the "
		                                 "numbered layout (--profile station)");
	afile_install_signal_cleanup();
	if (cli_open_lexicon(o.data_dir, &o.lexicon, o.lexicon != NULL, &lex, &err))
		return cli_fail(&err);
	doc_init(&d);
	/* Every page is read and checked before any output is written. */
	rc = read_edition(&o, argc - optind, argv + optind, &d, lex, &err);
	if (!rc)
		rc = ed_check(&d, &o.ed, &err);
	if (!rc)
		rc = open_output(&o, &err);
	if (!rc)
		rc = speech_open(&o.ed.voice, &err);
	o.ed.report = report_section;
	o.ed.warn = warn;
	o.ed.report_ctx = &o.ed;
	if (!rc)
		rc = ed_render(&d, &o.ed, &err);
	speech_close();
	/* Publishing reads the manifests just written; it runs under this run's lock. */
	if (!rc && o.publish)
		rc = publish_rendered(&o, &err);
	afile_dir_unlock(o.ed.out);
	afile_dir_close(o.ed.out);
	doc_release(&d);
	py_close(lex);
	return rc ? cli_fail(&err) : CLI_OK;
}
