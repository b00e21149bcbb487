/* `tingbao cache`: what the cache of rendered pieces holds, and trimming it. */
#include "cli/cli.h"

#include "render/cache.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_STATS = 256, OPT_PRUNE, OPT_MAX_SIZE, OPT_MAX_AGE, OPT_DIR };

static const struct option cache_opts[] = {
        {"stats", no_argument, NULL, OPT_STATS},
        {"prune", no_argument, NULL, OPT_PRUNE},
        {"max-size", required_argument, NULL, OPT_MAX_SIZE},
        {"max-age", required_argument, NULL, OPT_MAX_AGE},
        {"cache", required_argument, NULL, OPT_DIR},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
};

static void cache_help(void)
{
	printf("usage: tingbao cache [--cache DIR] --stats\n"
	       "       tingbao cache [--cache DIR] --prune [--max-size MB] [--max-age DAYS]\n\n"
	       "The cache keeps rendered articles so that rendering an edition again only\n"
	       "synthesizes what changed. Safe to prune or delete at any time.\n\n"
	       "options:\n"
	       "  --cache DIR      the cache (default: $XDG_CACHE_HOME/tingbao or "
	       "~/.cache/tingbao)\n"
	       "  --stats          print the number of entries and their size\n"
	       "  --prune          remove the least recently used entries until at most\n"
	       "                   --max-size MB remain (default 1024), and entries unused for\n"
	       "                   --max-age DAYS (default: no age limit)\n"
	       "  --max-size MB    the size --prune keeps the cache under\n"
	       "  --max-age DAYS   entries --prune removes when unused for longer\n"
	       "  -h, --help       this help\n");
}

static int parse_count(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || end == s || *end || s[0] == '-' ? -1 : 0;
}

int cli_cache(int argc, char **argv)
{
	struct tb_err err = {0, ""};
	struct cache c;
	struct cache_stats st;
	const char *dir = NULL;
	unsigned long max_mb = 1024, max_days = 0;
	int stats = 0, prune = 0, opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", cache_opts, NULL)) != -1) {
		switch (opt) {
		case OPT_STATS:
			stats = 1;
			break;
		case OPT_PRUNE:
			prune = 1;
			break;
		case OPT_DIR:
			if (!*optarg)
				return cli_usage_error("cache",
				                       "--cache wants a directory, not ''");
			dir = optarg;
			break;
		case OPT_MAX_SIZE:
			if (parse_count(optarg, &max_mb))
				return cli_usage_error(
				        "cache", "--max-size wants megabytes, not '%s'", optarg);
			break;
		case OPT_MAX_AGE:
			if (parse_count(optarg, &max_days) || max_days > 100000)
				return cli_usage_error("cache", "--max-age wants days, not '%s'",
				                       optarg);
			break;
		case 'h':
			cache_help();
			return CLI_OK;
		default:
			return cli_bad_option("cache", opt, argv);
		}
	}
	if (optind < argc || stats == prune)
		return cli_usage_error("cache", "say --stats or --prune");
	if (cache_open(&c, dir, 0, &err))
		return cli_fail(&err);
	if (!c.dir) {
		fprintf(stderr,
		        "tingbao: no cache directory (set --cache, XDG_CACHE_HOME or HOME)\n");
		return CLI_FAILED;
	}
	if (stats)
		rc = cache_stats(&c, &st, &err);
	else
		rc = cache_prune(&c, (uint64_t)max_mb << 20, (unsigned)max_days, &st, &err);
	if (!rc)
		printf("%s: %s%llu entries, %.1f MB\n", cache_path(&c), prune ? "removed " : "",
		       (unsigned long long)st.entries, (double)st.bytes / (1 << 20));
	cache_close(&c);
	return rc ? cli_fail(&err) : CLI_OK;
}
