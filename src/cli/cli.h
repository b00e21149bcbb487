/*
 * cli — one function per subcommand. Each parses its own options with
 * getopt_long, prints its own --help, runs the pipeline and returns the
 * process exit code: 0 success, 1 the work failed, 2 usage error.
 * These are the only functions (with main) that print for the user.
 */
#ifndef TB_CLI_H
#define TB_CLI_H

#include "core/err.h"

#include <stddef.h>

enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

int cli_render(int argc, char **argv);
int cli_plan(int argc, char **argv);
int cli_normalize(int argc, char **argv);
int cli_pinyin(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_publish(int argc, char **argv);
int cli_cache(int argc, char **argv);
int cli_layout(int argc, char **argv);
int cli_card(int argc, char **argv);

struct py_lexicon;

/* Opens the pronunciation lexicon (from --data DIR or the defaults), adds our own
 * overrides (voices/cmn/lexicon.tsv) and the user's --lexicon files, in that order. On
 * failure *out is NULL and err says why. */
int cli_open_lexicon(const char *data_dir, const char *const *extra, size_t nextra,
                     struct py_lexicon **out, struct tb_err *err);

/* Copies a text option (a title, a description) into `out` (size bytes) without
 * hidden characters (core/utext.h), newlines as spaces: -1 when it does not fit. */
int cli_clean_text(const char *arg, char *out, size_t size);

/* Prints a warning of publish (a manifest skipped) on stderr. */
void cli_publish_warning(void *ctx, const char *msg);

struct pub_report;
/* Prints what a finished publish has to tell (stations left out, characters GBK lacks,
 * links that apps cannot use) on stderr. */
void cli_publish_notes(const struct pub_report *rep);

/* A calendar date written YYYY-MM-DD. */
int cli_valid_date(const char *s);

/* Prints "tingbao: <msg>" on stderr; returns CLI_FAILED (or CLI_USAGE for TB_E_USAGE). */
int cli_fail(const struct tb_err *err);
/* Prints a usage error with the hint to run --help, on one line; returns CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error for what getopt_long returned as `opt` ('?' an unknown option, ':' a
 * missing value; the option strings start with ':' and opterr is 0, see main.c). */
int cli_bad_option(const char *cmd, int opt, char **argv);

#endif
