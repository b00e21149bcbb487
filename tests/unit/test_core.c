/* Unit tests for the core helpers: buf, arena, json, afile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/afile.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/sha256.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_buf_appends_and_stays_terminated(void **state)
{
	struct buf b = BUF_INIT;
	char *s;
	size_t len;

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(buf_adds(&b, "新闻"), 0);
	assert_int_equal(buf_addc(&b, ' '), 0);
	assert_int_equal(buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "新闻 42-x");
	buf_truncate(&b, 6);
	assert_string_equal(b.data, "新闻");
	s = buf_detach(&b, &len);
	assert_int_equal(len, 6);
	assert_null(b.data);
	free(s);
}

static void test_buf_limit_is_an_error_not_a_truncation(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, '9'), TB_E_LIMIT);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	buf_release(&b);
}

static void test_vec_push_and_index(void **state)
{
	struct buf v = BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		*VEC_PUSH(&v, int) = i * 3;
	assert_int_equal(VEC_LEN(&v, int), 1000);
	assert_int_equal(VEC_AT(&v, int, 999), 2997);
	buf_release(&v);
}

static void test_arena_strings_survive_growth(void **state)
{
	struct arena a = ARENA_INIT;
	char *first, *big;
	int i;

	(void)state;
	first = arena_strdup(&a, "第一");
	for (i = 0; i < 10000; i++)
		assert_non_null(arena_strdup(&a, "填充填充"));
	big = arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	assert_string_equal(first, "第一");
	arena_release(&a);
}

static void test_json_escapes_and_nests(void **state)
{
	struct buf out = BUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &out);
	json_begin_object(&j);
	json_kv_string(&j, "t", "a\"b\\c\n\x01 标题 😀");
	json_kv_string(&j, "none", NULL);
	json_key(&j, "list");
	json_begin_array(&j);
	json_int(&j, -3);
	json_bool(&j, 1);
	json_double(&j, -16.04, 1);
	json_end_array(&j);
	json_key(&j, "empty");
	json_begin_array(&j);
	json_end_array(&j);
	json_end_object(&j);
	assert_int_equal(json_finish(&j), 0);
	assert_string_equal(out.data, "{\n"
	                              "  \"t\": \"a\\\"b\\\\c\\n\\u0001 标题 😀\",\n"
	                              "  \"none\": null,\n"
	                              "  \"list\": [\n"
	                              "    -3,\n"
	                              "    true,\n"
	                              "    -16.0\n"
	                              "  ],\n"
	                              "  \"empty\": []\n"
	                              "}\n");
	buf_release(&out);
}

static void test_json_unbalanced_is_an_error(void **state)
{
	struct buf out = BUF_INIT;
	struct json j;

	(void)state;
	json_init(&j, &out);
	json_begin_object(&j);
	assert_int_not_equal(json_finish(&j), 0);
	buf_release(&out);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *read_text(const char *dir, const char *name, char *got, size_t size)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	got[0] = '\0';
	if (f) {
		if (!fgets(got, (int)size, f))
			got[0] = '\0';
		fclose(f);
	}
	return got;
}

static void test_afile_commit_and_abort(void **state)
{
	char dir[] = "/tmp/tb-afile-XXXXXX";
	char path[96];
	struct afile_dir *d;
	struct afile af;
	struct tb_err err;
	char got[16] = "";

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(afile_dir_open(dir, 1, &d, &err), 0);
	assert_int_equal(afile_write_all(d, "out.mp3", "good", 4, &err), 0);

	/* An aborted write leaves the good file and no temporary behind. */
	assert_int_equal(afile_open(&af, d, "out.mp3", &err), 0);
	fputs("half", af.f);
	assert_int_equal(count_entries(dir), 2);
	afile_abort(&af);
	assert_int_equal(count_entries(dir), 1);
	assert_string_equal(read_text(dir, "out.mp3", got, sizeof(got)), "good");
	afile_dir_close(d);

	/* A directory that cannot be made is a clear error. */
	assert_int_equal(afile_dir_open("/proc/nonexistent-dir", 1, &d, &err), TB_E_IO);
	assert_non_null(strstr(err.msg, "/proc/nonexistent-dir"));
	snprintf(path, sizeof(path), "%s/out.mp3", dir);
	unlink(path);
	rmdir(dir);
}

/* A symlink planted where the temporary goes, or where a subdirectory goes, is never
 * followed: its target stays as it was. */
static void test_afile_never_follows_symlinks(void **state)
{
	char dir[] = "/tmp/tb-afile-XXXXXX", victim[] = "/tmp/tb-victim-XXXXXX";
	char link[128], got[16];
	struct afile_dir *d, *sub;
	struct tb_err err;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fd = mkstemp(victim);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "secret", 6), 6);
	close(fd);
	snprintf(link, sizeof(link), "%s/.index.html.tmp.%ld", dir, (long)getpid());
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(afile_dir_open(dir, 1, &d, &err), 0);
	assert_int_equal(afile_write_all(d, "index.html", "page", 4, &err), 0);
	assert_string_equal(read_text("/tmp", strrchr(victim, '/') + 1, got, sizeof(got)),
	                    "secret");
	assert_string_equal(read_text(dir, "index.html", got, sizeof(got)), "page");
	assert_int_equal(count_entries(dir), 1);

	snprintf(link, sizeof(link), "%s/01", dir);
	assert_int_equal(symlink("/tmp", link), 0);
	assert_int_equal(afile_dir_sub(d, "01", 1, &sub, &err), TB_E_IO);
	assert_non_null(strstr(err.msg, "not a directory"));
	unlink(link);

	/* Reading: a symlink in the directory is refused, a FIFO never waited for. */
	snprintf(link, sizeof(link), "%s/x.json", dir);
	assert_int_equal(symlink(victim, link), 0);
	{
		struct buf b = BUF_INIT;

		assert_int_equal(afile_read(d, "x.json", 100, &b, &err), TB_E_IO);
		assert_non_null(strstr(err.msg, "symbolic link"));
		unlink(link);
		assert_int_equal(mkfifo(link, 0600), 0);
		assert_int_equal(afile_read(d, "x.json", 100, &b, &err), TB_E_IO);
		assert_non_null(strstr(err.msg, "not a regular file"));
		assert_int_equal(afile_read(d, "index.html", 3, &b, &err), TB_E_LIMIT);
		assert_int_equal(afile_read(d, "index.html", 4, &b, &err), 0);
		assert_int_equal(b.len, 4);
		buf_release(&b);
	}
	unlink(link);
	snprintf(link, sizeof(link), "%s/index.html", dir);
	unlink(link);
	afile_dir_close(d);
	unlink(victim);
	rmdir(dir);
}

/* A set appears whole: all its files, or (on failure) none. */
static void test_afile_set_commits_all_or_nothing(void **state)
{
	char dir[] = "/tmp/tb-afile-XXXXXX", path[128], got[16];
	struct afile_dir *d;
	struct afile_set set;
	struct tb_err err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(afile_dir_open(dir, 1, &d, &err), 0);
	afile_set_init(&set);
	assert_int_equal(afile_set_write(&set, d, "a.mp3", "A", 1, &err), 0);
	assert_int_equal(afile_set_write(&set, d, "a.json", "J", 1, &err), 0);
	assert_int_equal(count_entries(dir), 2); /* temporaries only */
	afile_dir_close(d);                      /* the set keeps the directory open */
	assert_int_equal(afile_set_commit(&set, &err), 0);
	assert_string_equal(read_text(dir, "a.mp3", got, sizeof(got)), "A");
	assert_string_equal(read_text(dir, "a.json", got, sizeof(got)), "J");
	assert_int_equal(count_entries(dir), 2);

	/* Aborted: the old files stay, the temporaries go. */
	assert_int_equal(afile_dir_open(dir, 1, &d, &err), 0);
	assert_int_equal(afile_set_write(&set, d, "a.mp3", "B", 1, &err), 0);
	afile_set_abort(&set);
	assert_string_equal(read_text(dir, "a.mp3", got, sizeof(got)), "A");
	assert_int_equal(count_entries(dir), 2);
	afile_dir_close(d);
	snprintf(path, sizeof(path), "%s/a.mp3", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a.json", dir);
	unlink(path);
	rmdir(dir);
}

static void test_sha256_known_answers(void **state)
{
	/* FIPS 180-4 examples; the million-'a' one crosses many blocks in odd-sized steps */
	static const char abc[] =
	        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	static const char two_blocks[] =
	        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	static const char empty[] =
	        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
	static const char million[] =
	        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	unsigned char d[32];
	char hex[65];
	struct sha256 c;
	char chunk[997];
	size_t left = 1000000;

	(void)state;
	sha256("abc", 3, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, abc);
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, two_blocks);
	sha256("", 0, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, empty);
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&c);
	while (left) {
		size_t n = left < sizeof(chunk) ? left : sizeof(chunk);

		sha256_update(&c, chunk, n);
		left -= n;
	}
	sha256_final(&c, d);
	sha256_hex(d, hex);
	assert_string_equal(hex, million);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sha256_known_answers),
	        cmocka_unit_test(test_buf_appends_and_stays_terminated),
	        cmocka_unit_test(test_buf_limit_is_an_error_not_a_truncation),
	        cmocka_unit_test(test_vec_push_and_index),
	        cmocka_unit_test(test_arena_strings_survive_growth),
	        cmocka_unit_test(test_json_escapes_and_nests),
	        cmocka_unit_test(test_json_unbalanced_is_an_error),
	        cmocka_unit_test(test_afile_commit_and_abort),
	        cmocka_unit_test(test_afile_never_follows_symlinks),
	        cmocka_unit_test(test_afile_set_commits_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
