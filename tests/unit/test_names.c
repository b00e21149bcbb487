/* Unit tests for names: episode ids safe on every filesystem, and stable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/names.h"

#include <string.h>

static const char *id_of(const char *path, size_t index, size_t count)
{
	static char out[64];

	names_episode_id(path, index, count, out, sizeof(out));
	return out;
}

static void test_plain_names(void **state)
{
	(void)state;
	assert_string_equal(id_of("pages/sample.txt", 0, 1), "sample");
	assert_string_equal(id_of("a/b/2024-03-08_front.page.txt", 0, 1), "2024-03-08_front_page");
	assert_string_equal(id_of("sections.txt", 1, 3), "sections-02");
	assert_string_equal(id_of("noext", 0, 1), "noext");
}

static void test_unsafe_characters_and_ends(void **state)
{
	(void)state;
	assert_string_equal(id_of("../x/my page (final)!.txt", 0, 1), "my_page_final");
	assert_string_equal(id_of("--rf.txt", 0, 1), "rf");
	assert_string_equal(id_of("-_-name-.txt", 0, 1), "name");
	assert_string_equal(id_of("a\x01\nb\\c:d*e?.txt", 0, 1), "a_b_c_d_e");
	/* a leading dot: the whole name is the stem */
	assert_string_equal(id_of(".hidden", 0, 1), "hidden");
	assert_string_equal(id_of("dir/", 0, 1), "section");
	assert_string_equal(id_of("", 0, 1), "section");
}

static void test_windows_device_names(void **state)
{
	(void)state;
	assert_string_equal(id_of("CON.txt", 0, 1), "CON_");
	assert_string_equal(id_of("nul.txt", 0, 1), "nul_");
	assert_string_equal(id_of("Aux", 0, 1), "Aux_");
	assert_string_equal(id_of("com1.txt", 0, 1), "com1_");
	assert_string_equal(id_of("LPT9.txt", 0, 1), "LPT9_");
	assert_string_equal(id_of("prn.txt", 0, 2), "prn_-01");
	assert_string_equal(id_of("console.txt", 0, 1), "console");
	assert_string_equal(id_of("com10.txt", 0, 1), "com10");
}

static void test_other_scripts_get_a_stable_hash(void **state)
{
	char a[64], b[64];

	(void)state;
	names_episode_id("要闻.txt", 0, 1, a, sizeof(a));
	names_episode_id("国际.txt", 0, 1, b, sizeof(b));
	assert_int_equal(strlen(a), strlen("page-12345678"));
	assert_memory_equal(a, "page-", 5);
	assert_string_not_equal(a, b);
	/* the same name, the same id, wherever the file is */
	assert_string_equal(id_of("/elsewhere/要闻.txt", 0, 1), a);
	/* fixed value: ids must not change between versions (feeds use them) */
	assert_string_equal(id_of("要闻.txt", 0, 1), "page-a228697f");
}

static void test_byte_limit(void **state)
{
	char name[300], small[8];
	size_t i;

	(void)state;
	for (i = 0; i < 299; i++)
		name[i] = (char)('a' + i % 26);
	name[299] = '\0';
	assert_int_equal(strlen(id_of(name, 0, 1)), 48);
	assert_int_equal(strlen(id_of(name, 4, 12)), 51);
	names_episode_id(name, 0, 1, small, sizeof(small));
	assert_string_equal(small, "abcdefg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_plain_names),
	        cmocka_unit_test(test_unsafe_characters_and_ends),
	        cmocka_unit_test(test_windows_device_names),
	        cmocka_unit_test(test_other_scripts_get_a_stable_hash),
	        cmocka_unit_test(test_byte_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
