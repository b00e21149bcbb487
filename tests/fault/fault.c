/*
 * fault — makes the Nth allocation or the Nth write of the program fail, for the
 * fault-injection sweep (tests/e2e/test_fault_sweep.sh). Linked only into the
 * TB_FAULT_INJECTION build of tingbao, whose link wraps the calls below
 * (-Wl,--wrap=malloc ...): every call the program's own code makes goes through
 * __wrap_X, which counts it and either fails it or calls the real one.
 * Libraries (libc, espeak-ng, LAME) call the real functions directly.
 *
 *   TB_FAIL_ALLOC=N  the Nth malloc/calloc/realloc/strdup/strndup returns NULL
 *                    (errno ENOMEM)
 *   TB_FAIL_WRITE=N  the Nth write-side call fails with ENOSPC: open/openat for
 *                    writing, fwrite/write/fflush on a file (not on standard output
 *                    or error), fsync, rename/renameat
 *   TB_SIGNAL_AT_RENAME=N  raises SIGTERM right after the Nth rename/renameat, as a
 *                    user's Ctrl-C or a service stop landing between the renames
 *                    of files that belong together
 *   TB_FAIL_SYNTH=N  the Nth synthesis call fails (a hook in src/speech/speech.c)
 *   TB_FAULT_COUNT=1 print at exit how many calls of each kind were made, so a
 *                    sweep knows its range: "fault: alloc A write W" on stderr
 *
 * Only the first failure is injected (later calls succeed), as with a real
 * transient error; the program must still stop cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
int __real_open(const char *path, int flags, ...);
size_t __real_fwrite(const void *p, size_t size, size_t n, FILE *f);
ssize_t __real_write(int fd, const void *p, size_t n);
int __real_fflush(FILE *f);
int __real_fsync(int fd);
int __real_rename(const char *from, const char *to);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __real_renameat(int olddirfd, const char *from, int newdirfd, const char *to);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
int __wrap_open(const char *path, int flags, ...);
size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f);
ssize_t __wrap_write(int fd, const void *p, size_t n);
int __wrap_fflush(FILE *f);
int __wrap_fsync(int fd);
int __wrap_rename(const char *from, const char *to);
int __wrap_openat(int dirfd, const char *path, int flags, ...);
int __wrap_renameat(int olddirfd, const char *from, int newdirfd, const char *to);

enum { ALLOC, WRITE, NKINDS };

static unsigned long counts[NKINDS], fail_at[NKINDS], renames, signal_at_rename;
static int initialized, report;

static void report_counts(void)
{
	fprintf(stderr, "fault: alloc %lu write %lu\n", counts[ALLOC], counts[WRITE]);
}

static unsigned long env_number(const char *name)
{
	const char *v = getenv(name);

	return v ? strtoul(v, NULL, 10) : 0;
}

static void init(void)
{
	initialized = 1;
	fail_at[ALLOC] = env_number("TB_FAIL_ALLOC");
	fail_at[WRITE] = env_number("TB_FAIL_WRITE");
	signal_at_rename = env_number("TB_SIGNAL_AT_RENAME");
	report = env_number("TB_FAULT_COUNT") != 0;
	if (report)
		atexit(report_counts);
}

/* 1 when this call is the one to fail. */
static int should_fail(int kind)
{
	if (!initialized)
		init();
	return ++counts[kind] == fail_at[kind];
}

static int is_std_stream(FILE *f)
{
	return f == NULL || f == stdout || f == stderr;
}

void *__wrap_malloc(size_t n)
{
	if (should_fail(ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (should_fail(ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	if (should_fail(ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	if (should_fail(ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	if (should_fail(ALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strndup(s, n);
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((flags & (O_WRONLY | O_RDWR)) && should_fail(WRITE)) {
		errno = ENOSPC;
		return -1;
	}
	return __real_open(path, flags, mode);
}

size_t __wrap_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	if (!is_std_stream(f) && size && n && should_fail(WRITE)) {
		errno = ENOSPC;
		return 0;
	}
	return __real_fwrite(p, size, n, f);
}

ssize_t __wrap_write(int fd, const void *p, size_t n)
{
	if (fd > 2 && should_fail(WRITE)) {
		errno = ENOSPC;
		return -1;
	}
	return __real_write(fd, p, n);
}

int __wrap_fflush(FILE *f)
{
	if (!is_std_stream(f) && should_fail(WRITE)) {
		errno = ENOSPC;
		return EOF;
	}
	return __real_fflush(f);
}

int __wrap_fsync(int fd)
{
	if (should_fail(WRITE)) {
		errno = EIO;
		return -1;
	}
	return __real_fsync(fd);
}

/* After a rename that went through: the signal, when this is the one. */
static int renamed(int rc)
{
	if (rc == 0 && ++renames == signal_at_rename)
		raise(SIGTERM);
	return rc;
}

int __wrap_rename(const char *from, const char *to)
{
	if (should_fail(WRITE)) {
		errno = EACCES;
		return -1;
	}
	return renamed(__real_rename(from, to));
}

int __wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((flags & (O_WRONLY | O_RDWR)) && should_fail(WRITE)) {
		errno = ENOSPC;
		return -1;
	}
	return __real_openat(dirfd, path, flags, mode);
}

int __wrap_renameat(int olddirfd, const char *from, int newdirfd, const char *to)
{
	if (should_fail(WRITE)) {
		errno = EACCES;
		return -1;
	}
	return renamed(__real_renameat(olddirfd, from, newdirfd, to));
}
