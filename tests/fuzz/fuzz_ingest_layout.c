/* libFuzzer target: page bytes → ingest → layout → sentences, as render reads a page. */
#include "ingest/ingest.h"
#include "layout/doc.h"
#include "layout/hints.h"
#include "layout/layout.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The built-in hints, read once: the harness may keep state, the library does not. */
	static struct layout_hints hints;
	static int have_hints;
	struct layout_opts lo = {.hints = &hints};
	struct buf text = BUF_INIT;
	struct tb_err err;
	struct doc d;

	/* The first byte picks the encoding, so both paths are explored. */
	const char *enc = size && data[0] == 'G' ? "gb18030" : NULL;

	if (!have_hints && hints_init(&hints, NULL) != 0)
		return 0;
	have_hints = 1;

	if (ingest_bytes_enc("fuzz.txt", enc, data, size, &text, &err) == 0) {
		doc_init(&d);
		layout_page(&d, text.data, text.len, "fuzz.txt", &lo, &err);
		doc_release(&d);
	}
	buf_release(&text);
	return 0;
}
