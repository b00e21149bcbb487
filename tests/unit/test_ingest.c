/* Unit tests for ingest: UTF-8 validation with positions, BOM, line ends, width folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ingest/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int run(const char *bytes, size_t len, struct buf *out, struct tb_err *err)
{
	buf_reset(out);
	err_clear(err);
	return ingest_bytes("page.txt", (const unsigned char *)bytes, len, out, err);
}

static void test_invalid_utf8_names_offset_line_column(void **state)
{
	/* line 2, third character is a lone continuation byte at byte offset 10 */
	const char page[] = "标题\n正文\x80好";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, "page.txt"));
	assert_non_null(strstr(err.msg, "byte offset 13"));
	assert_non_null(strstr(err.msg, "line 2, column 3"));
	assert_non_null(strstr(err.msg, "invalid UTF-8"));
	buf_release(&out);
}

static void test_truncated_sequence_at_end(void **state)
{
	const char page[] = "正文\xE4\xB8";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, "byte offset 6"));
	buf_release(&out);
}

static void test_nul_byte_is_not_text(void **state)
{
	const char page[] = "abc\0def";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, "NUL"));
	assert_non_null(strstr(err.msg, "byte offset 3"));
	buf_release(&out);
}

static void test_empty_and_blank_pages_are_refused(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run("", 0, &out, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, "empty"));
	assert_int_equal(run(" \n\r\n\t\n", 6, &out, &err), TB_E_INPUT);
	assert_int_equal(run("\xEF\xBB\xBF", 3, &out, &err), TB_E_INPUT);
	buf_release(&out);
}

static void test_bom_crlf_and_trailing_blanks(void **state)
{
	const char page[] = "\xEF\xBB\xBF标题  \r\n\r\n正文。\t\rend";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), 0);
	assert_string_equal(out.data, "标题\n\n正文。\nend\n");
	buf_release(&out);
}

static void test_width_variants_fold_but_symbols_stay(void **state)
{
	/* full-width digits, letters, comma, percent, ideographic space; ℃ ㎡ … stay */
	const char page[] = "２０２３年ＧＤＰ增长５％，气温３℃\xE3\x80\x80面积１０㎡……";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), 0);
	assert_string_equal(out.data, "2023年GDP增长5%,气温3℃ 面积10㎡……\n");
	buf_release(&out);
}

static void test_controls_dropped_and_nfc_applied(void **state)
{
	/* e + combining acute composes; a vertical tab and a zero-width space vanish */
	const char page[] = "Cafe\xCC\x81\x0B新\xE2\x80\x8B闻";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), 0);
	assert_string_equal(out.data, "Caf\xC3\xA9新闻\n");
	buf_release(&out);
}

static void test_missing_file_and_directory(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	err_clear(&err);
	assert_int_equal(ingest_file("/nonexistent/page.txt", &out, &err), TB_E_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/page.txt"));
	assert_int_equal(ingest_file("/", &out, &err), TB_E_IO);
	assert_non_null(strstr(err.msg, "directory"));
	buf_release(&out);
}

static void test_reads_a_file(void **state)
{
	char path[] = "/tmp/tb-ingest-XXXXXX";
	int fd = mkstemp(path);
	struct buf out = BUF_INIT;
	struct tb_err err;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("标题\n\n正文。\n", f);
	fclose(f);
	assert_int_equal(ingest_file(path, &out, &err), 0);
	assert_string_equal(out.data, "标题\n\n正文。\n");
	unlink(path);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_utf8_names_offset_line_column),
		cmocka_unit_test(test_truncated_sequence_at_end),
		cmocka_unit_test(test_nul_byte_is_not_text),
		cmocka_unit_test(test_empty_and_blank_pages_are_refused),
		cmocka_unit_test(test_bom_crlf_and_trailing_blanks),
		cmocka_unit_test(test_width_variants_fold_but_symbols_stay),
		cmocka_unit_test(test_controls_dropped_and_nfc_applied),
		cmocka_unit_test(test_missing_file_and_directory),
		cmocka_unit_test(test_reads_a_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
