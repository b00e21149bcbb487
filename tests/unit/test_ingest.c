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

static void test_stray_nul_is_dropped(void **state)
{
	const char page[] = "abc\0def";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), 0);
	assert_string_equal(out.data, "abcdef\n");
	buf_release(&out);
}

static void test_many_nuls_are_not_text(void **state)
{
	/* "Headline news" in UTF-16LE without a byte order mark */
	const char page[] = "H\0e\0a\0d\0l\0i\0n\0e\0 \0n\0e\0w\0s\0\n\0";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, &out, &err), TB_E_INPUT);
	assert_string_equal(err.msg, "page.txt: byte offset 1 (line 1, column 2): 14 NUL bytes; "
	                             "this is not a UTF-8 text file (UTF-16LE? try --encoding "
	                             "utf-16le)");
	buf_release(&out);
}

static void expect_invalid(const char *page, size_t len, const char *msg)
{
	struct buf out = BUF_INIT;
	struct tb_err err;

	assert_int_equal(run(page, len, &out, &err), TB_E_INPUT);
	assert_string_equal(err.msg, msg);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

static void test_invalid_utf8_says_why(void **state)
{
	(void)state;
	expect_invalid("ab\xED\xA0\x80xyz\xFF", 9,
	               "page.txt: byte offset 2 (line 1, column 3): invalid UTF-8 (byte 0xED, a "
	               "UTF-16 surrogate, as CESU-8 writes them); pages must be UTF-8 text");
	/* (0xFF: so the bytes are not GB18030 either, and no hint is given) */
	expect_invalid("ab\xC0\xAFxyz\xFF", 8,
	               "page.txt: byte offset 2 (line 1, column 3): invalid UTF-8 (byte 0xC0, an "
	               "overlong encoding); pages must be UTF-8 text");
	expect_invalid("ab\xE0\x80\xAFxyz\xFF", 9,
	               "page.txt: byte offset 2 (line 1, column 3): invalid UTF-8 (byte 0xE0, an "
	               "overlong encoding); pages must be UTF-8 text");
	expect_invalid("ab\xF4\x90\x80\x80xyz\xFF", 10,
	               "page.txt: byte offset 2 (line 1, column 3): invalid UTF-8 (byte 0xF4, a "
	               "code point past U+10FFFF); pages must be UTF-8 text");
	expect_invalid("标题\n正文\xE4\xB8", 15,
	               "page.txt: byte offset 13 (line 2, column 3): invalid UTF-8 (byte 0xE4, an "
	               "incomplete character at the end of the file: cut short?); pages must be "
	               "UTF-8 text");
}

static void test_gb18030_is_recognized_and_read(void **state)
{
	/* 新闻标题\n\n正文。\n in GB18030 */
	const char gb[] = "\xD0\xC2\xCE\xC5\xB1\xEA\xCC\xE2\n\n\xD5\xFD\xCE\xC4\xA1\xA3\n";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	expect_invalid(gb, sizeof(gb) - 1,
	               "page.txt: byte offset 0 (line 1, column 1): invalid UTF-8 (byte 0xD0, a "
	               "lead byte without its continuation bytes); pages must be UTF-8 text; the "
	               "bytes read cleanly as GB18030 (GBK, GB2312): try --encoding gb18030");
	assert_int_equal(ingest_bytes_enc("page.txt", "gb18030", (const unsigned char *)gb,
	                                  sizeof(gb) - 1, &out, &err),
	                 0);
	assert_string_equal(out.data, "新闻标题\n\n正文。\n");
	/* GBK is a subset: the same bytes */
	buf_reset(&out);
	assert_int_equal(ingest_bytes_enc("page.txt", "GBK", (const unsigned char *)gb,
	                                  sizeof(gb) - 1, &out, &err),
	                 0);
	assert_string_equal(out.data, "新闻标题\n\n正文。\n");
	buf_release(&out);
}

static void test_bad_bytes_in_another_encoding(void **state)
{
	/* 标题\n正 then 0xFF, which no GB18030 character starts with */
	const char gb[] = "\xB1\xEA\xCC\xE2\n\xD5\xFD\xFF\xFF\n";
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	err_clear(&err);
	assert_int_equal(ingest_bytes_enc("page.txt", "gb18030", (const unsigned char *)gb,
	                                  sizeof(gb) - 1, &out, &err),
	                 TB_E_INPUT);
	assert_string_equal(err.msg, "page.txt: byte offset 7 (line 2, column 2): invalid "
	                             "character (byte 0xFF) in gb18030");
	assert_int_equal(ingest_bytes_enc("page.txt", "no-such-encoding", (const unsigned char *)gb,
	                                  sizeof(gb) - 1, &out, &err),
	                 TB_E_USAGE);
	assert_int_equal(ingest_encoding_known("gb18030"), 1);
	assert_int_equal(ingest_encoding_known("UTF-8"), 1);
	assert_int_equal(ingest_encoding_known("no-such-encoding"), 0);
	buf_release(&out);
}

static void test_utf16_with_bom(void **state)
{
	const char page[] = "\xFF\xFE\x07\x68\x98\x98\n\0"; /* BOM 标题 \n */
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(ingest_bytes_enc("page.txt", "utf-16", (const unsigned char *)page,
	                                  sizeof(page) - 1, &out, &err),
	                 0);
	assert_string_equal(out.data, "标题\n");
	buf_release(&out);
}

static void test_size_limit(void **state)
{
	size_t len = INGEST_MAX_BYTES + 1;
	char *big = malloc(len);
	struct buf out = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_non_null(big);
	memset(big, 'a', len);
	err_clear(&err);
	assert_int_equal(ingest_bytes("big.txt", (const unsigned char *)big, len, &out, &err),
	                 TB_E_LIMIT);
	assert_string_equal(
	        err.msg, "big.txt: 67108865 bytes is larger than the 67108864-byte (64 MiB) page "
	                 "limit");
	assert_int_equal(out.len, 0);
	free(big);
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
	        cmocka_unit_test(test_stray_nul_is_dropped),
	        cmocka_unit_test(test_many_nuls_are_not_text),
	        cmocka_unit_test(test_invalid_utf8_says_why),
	        cmocka_unit_test(test_gb18030_is_recognized_and_read),
	        cmocka_unit_test(test_bad_bytes_in_another_encoding),
	        cmocka_unit_test(test_utf16_with_bom),
	        cmocka_unit_test(test_size_limit),
	        cmocka_unit_test(test_empty_and_blank_pages_are_refused),
	        cmocka_unit_test(test_bom_crlf_and_trailing_blanks),
	        cmocka_unit_test(test_width_variants_fold_but_symbols_stay),
	        cmocka_unit_test(test_controls_dropped_and_nfc_applied),
	        cmocka_unit_test(test_missing_file_and_directory),
	        cmocka_unit_test(test_reads_a_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
