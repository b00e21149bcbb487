/* libFuzzer target: text normalization of one sentence (any bytes are tolerated). */
#include "text/tn.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT, notes = BUF_INIT;

	tn_normalize((const char *)data, size, &out, &notes);
	buf_release(&out);
	buf_release(&notes);
	return 0;
}
