/* `tingbao publish`: rendered episodes in a directory → podcast feed, page, transcripts. */
#include "cli/cli.h"

#include "core/afile.h"
#include "publish/publish.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

enum {
	OPT_BASE_URL = 256,
	OPT_KEEP,
	OPT_LRC_ENCODING,
	OPT_TITLE,
	OPT_DESCRIPTION,
	OPT_DATE,
	OPT_REPLACE,
	OPT_SKIP_BAD,
	OPT_IMAGE,
	OPT_AUTHOR,
	OPT_OWNER_NAME,
	OPT_OWNER_EMAIL,
	OPT_CATEGORY,
	OPT_EXPLICIT,
	OPT_LOCKED,
	OPT_EPISODE_TITLE,
};

static const struct option long_opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"base-url", required_argument, NULL, OPT_BASE_URL},
        {"keep", required_argument, NULL, OPT_KEEP},
        {"lrc-encoding", required_argument, NULL, OPT_LRC_ENCODING},
        {"title", required_argument, NULL, OPT_TITLE},
        {"description", required_argument, NULL, OPT_DESCRIPTION},
        {"date", required_argument, NULL, OPT_DATE},
        {"replace", no_argument, NULL, OPT_REPLACE},
        {"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
        {"image", required_argument, NULL, OPT_IMAGE},
        {"author", required_argument, NULL, OPT_AUTHOR},
        {"owner-name", required_argument, NULL, OPT_OWNER_NAME},
        {"owner-email", required_argument, NULL, OPT_OWNER_EMAIL},
        {"category", required_argument, NULL, OPT_CATEGORY},
        {"explicit", required_argument, NULL, OPT_EXPLICIT},
        {"locked", required_argument, NULL, OPT_LOCKED},
        {"episode-title", required_argument, NULL, OPT_EPISODE_TITLE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static void print_help(void)
{
	printf("usage: tingbao publish [options] [MANIFEST_OR_DIR...]\n\n"
	       "Makes a podcast site in DIR from rendered episodes: feed.xml (RSS 2.0 with the\n"
	       "iTunes and Podcasting 2.0 namespaces), index.html (listen and read along), and\n"
	       "per episode ID.chapters.json, ID.vtt, ID.srt and ID.lrc. Manifests given from\n"
	       "elsewhere are copied into DIR with their audio; the feed holds every rendered\n"
	       "episode in DIR, newest first. Settings not given are the ones an earlier run\n"
	       "saved at the top of DIR/feed.xml.\n\n"
	       "options:\n"
	       "  -o, --output DIR        the site directory (default: out)\n"
	       "      --base-url URL      where DIR is served (https://...); needed by podcast "
	       "apps\n"
	       "      --title T           the publication's name (the feed's title)\n"
	       "      --description TEXT  the feed's description\n"
	       "      --date YYYY-MM-DD   date for episodes whose manifest has none\n"
	       "                          (\"today\": today's date from the clock)\n"
	       "      --keep N            keep only the N newest episodes in the feed (0: all)\n"
	       "      --lrc-encoding ENC  utf-8 (default) or gbk\n"
	       "      --replace           let an imported manifest replace a different episode\n"
	       "                          of the same name in DIR (another day's 01.json)\n"
	       "      --skip-bad          publish without the manifests that cannot be read\n"
	       "                          (a warning each; without it they stop the run)\n"
	       "      --image FILE        the feed's artwork: a square PNG or JPEG of 1400-3000\n"
	       "                          px, copied as cover.png/.jpg ('' to draw one again;\n"
	       "                          default: one drawn from the title and the date)\n"
	       "      --author NAME       itunes:author (default: the title)\n"
	       "      --owner-name NAME   itunes:owner's name (default: the author)\n"
	       "      --owner-email ADDR  itunes:owner's email, which directories verify\n"
	       "      --category C        an Apple Podcasts category, 'News/Daily News' (default)\n"
	       "      --explicit yes|no   itunes:explicit (default: no)\n"
	       "      --locked yes|no     podcast:locked: other platforms may not import the\n"
	       "                          feed (default: no)\n"
	       "      --episode-title F   items' titles from {paper} {date} {section} {headline}\n"
	       "                          (default: '{paper} {date} {section}：{headline}')\n"
	       "  -h, --help              this help\n");
}

static int parse_keep(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 100000)
		return -1;
	*out = (int)v;
	return 0;
}

/* "today" reads the clock (only when asked for by name); anything else is checked later. */
static const char *date_arg(const char *arg, char *buf, size_t size)
{
	time_t now;
	struct tm tm;

	if (strcmp(arg, "today"))
		return arg;
	now = time(NULL);
	if (!localtime_r(&now, &tm) || !strftime(buf, size, "%Y-%m-%d", &tm))
		return NULL;
	return buf;
}

int cli_publish(int argc, char **argv)
{
	struct pub_opts o;
	struct pub_report rep;
	struct tb_err err = {0, ""};
	struct afile_dir *dir = NULL;
	char today[16], title[4096], description[16384];
	char author[1024], owner[1024], episode_title[1024];
	int c, rc, waited = 0;

	pub_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out_dir = optarg;
			break;
		case OPT_BASE_URL:
			o.base_url = optarg;
			break;
		case OPT_TITLE:
			if (cli_clean_text(optarg, title, sizeof(title)))
				return cli_usage_error("publish",
				                       "--title is longer than %zu bytes",
				                       sizeof(title) - 1);
			o.title = title;
			break;
		case OPT_DESCRIPTION:
			if (cli_clean_text(optarg, description, sizeof(description)))
				return cli_usage_error("publish",
				                       "--description is longer than %zu bytes",
				                       sizeof(description) - 1);
			o.description = description;
			break;
		case OPT_REPLACE:
			o.replace = 1;
			break;
		case OPT_SKIP_BAD:
			o.skip_bad = 1;
			break;
		case OPT_DATE:
			o.date = date_arg(optarg, today, sizeof(today));
			if (!o.date)
				return cli_usage_error("publish", "cannot read the clock");
			break;
		case OPT_IMAGE:
			o.image = optarg;
			break;
		case OPT_AUTHOR:
		case OPT_OWNER_NAME:
		case OPT_EPISODE_TITLE:
			if (cli_clean_text(optarg,
			                   c == OPT_AUTHOR       ? author
			                   : c == OPT_OWNER_NAME ? owner
			                                         : episode_title,
			                   sizeof(author)))
				return cli_usage_error("publish", "%s is longer than %zu bytes",
				                       argv[optind - 1], sizeof(author) - 1);
			if (c == OPT_AUTHOR)
				o.author = author;
			else if (c == OPT_OWNER_NAME)
				o.owner_name = owner;
			else
				o.episode_title = episode_title;
			break;
		case OPT_OWNER_EMAIL:
			o.owner_email = optarg;
			break;
		case OPT_CATEGORY:
			o.category = optarg;
			break;
		case OPT_EXPLICIT:
		case OPT_LOCKED:
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				return cli_usage_error("publish", "--%s wants yes or no, not '%s'",
				                       c == OPT_EXPLICIT ? "explicit" : "locked",
				                       optarg);
			*(c == OPT_EXPLICIT ? &o.explicit_ : &o.locked) = !strcmp(optarg, "yes");
			break;
		case OPT_KEEP:
			if (parse_keep(optarg, &o.keep))
				return cli_usage_error("publish", "--keep wants a count, not '%s'",
				                       optarg);
			break;
		case OPT_LRC_ENCODING:
			if (strcmp(optarg, "utf-8") && strcmp(optarg, "gbk"))
				return cli_usage_error(
				        "publish", "--lrc-encoding wants utf-8 or gbk, not '%s'",
				        optarg);
			o.lrc_encoding = optarg;
			break;
		case 'h':
			print_help();
			return CLI_OK;
		default:
			return cli_bad_option("publish", c, argv);
		}
	}
	o.inputs = (const char *const *)(argv + optind);
	o.n_inputs = (size_t)(argc - optind);
	if (!o.out_dir)
		o.out_dir = "out";
	afile_install_signal_cleanup();
	if (afile_dir_open(o.out_dir, 1, &dir, &err))
		return cli_fail(&err);
	/* A render writing into the same directory finishes first (and vice versa). */
	rc = afile_dir_lock(dir, 0, &waited, &err);
	if (rc == 1) {
		fprintf(stderr, "tingbao: warning: %s\n", err.msg);
		rc = 0;
	}
	if (waited)
		fprintf(stderr, "tingbao: waited for another run writing to %s\n", o.out_dir);
	if (!rc) {
		/* What a publish stopped by SIGKILL left: nobody writes these any more. */
		afile_remove_stale(dir);
		o.dir = dir;
		o.warn = cli_publish_warning;
		rc = pub_run(&o, &rep, &err);
	}
	afile_dir_unlock(dir);
	afile_dir_close(dir);
	if (rc)
		return cli_fail(&err);
	fprintf(stderr,
	        "tingbao: %s: %zu of %zu episodes in the feed (%zu files written, %zu "
	        "unchanged)\n",
	        rep.feed_path, rep.published, rep.episodes, rep.written, rep.unchanged);
	cli_publish_notes(&rep);
	return CLI_OK;
}
