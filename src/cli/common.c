#include "cli/cli.h"

#include "core/utext.h"
#include "pinyin/pinyin.h"
#include "publish/publish.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_fail(const struct tb_err *err)
{
	fprintf(stderr, "tingbao: %s\n", err->msg[0] ? err->msg : "failed");
	return err->code == TB_E_USAGE ? CLI_USAGE : CLI_FAILED;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tingbao %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'tingbao %s --help')\n", cmd);
	return CLI_USAGE;
}

int cli_bad_option(const char *cmd, int opt, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = {'-', (char)optopt, '\0'};

	/* a short option's letter may sit inside a cluster ("-xj"): name the letter */
	if (optopt && optopt < 256 && arg[0] == '-' && arg[1] != '-')
		arg = shortopt;
	if (opt == ':')
		return cli_usage_error(cmd, "option '%s' needs a value", arg);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_open_lexicon(const char *data_dir, const char *const *extra, size_t nextra,
                     struct py_lexicon **out, struct tb_err *err)
{
	size_t i;
	int rc;

	*out = NULL;
	rc = py_open_default(data_dir, out, err);
	if (!rc)
		rc = py_add_default_overrides(*out, data_dir, err);
	for (i = 0; !rc && i < nextra; i++)
		rc = py_add_overrides(*out, extra[i], err);
	if (rc && *out) {
		py_close(*out);
		*out = NULL;
	}
	return rc;
}

int cli_valid_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, leap;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return 0;
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && !leap);
}

int cli_clean_text(const char *arg, char *out, size_t size)
{
	struct buf b = BUF_INIT;
	int rc = utext_clean_line(&b, arg, strlen(arg));

	if (!rc && b.len < size)
		memcpy(out, buf_cstr(&b), b.len + 1);
	else
		rc = -1;
	buf_release(&b);
	return rc;
}

void cli_publish_warning(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "tingbao: warning: %s\n", msg);
}

void cli_publish_notes(const struct pub_report *rep)
{
	if (rep->stations)
		fprintf(stderr,
		        "tingbao: note: %zu station episode%s (numbered files for small players) "
		        "%s not in the feed; 'tingbao card' copies %s onto a card\n",
		        rep->stations, rep->stations == 1 ? "" : "s",
		        rep->stations == 1 ? "is" : "are", rep->stations == 1 ? "it" : "them");
	if (rep->lrc_replaced)
		fprintf(stderr,
		        "tingbao: %zu characters GBK lacks were written as '?' in the LRC\n",
		        rep->lrc_replaced);
	if (rep->relative_urls)
		fprintf(stderr, "tingbao: note: no --base-url, so the feed's links are relative; "
		                "podcast apps need --base-url https://...\n");
	if (rep->http_url)
		fprintf(stderr, "tingbao: warning: --base-url is http://: Apple Podcasts and many "
		                "apps want https:// (and some refuse plain http)\n");
	if (rep->no_owner_email)
		fprintf(stderr, "tingbao: note: no --owner-email: directories such as Apple "
		                "Podcasts verify a feed by its owner's email\n");
}
