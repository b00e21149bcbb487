/* libFuzzer target: layout hints files (key = value word lists) added to the built-in ones. */
#include "layout/hints.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout_hints h;
	struct tb_err err;

	if (hints_init(&h, &err) != 0)
		return 0;
	if (hints_load_text(&h, (const char *)data, size, "fuzz.hints", &err) == 0) {
		/* what layout asks of a loaded file */
		hints_prefix(&h, HINT_ASIDE, (const char *)data, size);
		hints_suffix(&h, HINT_LABEL_SUFFIX, (const char *)data, size);
		hints_furniture(&h, (const char *)data, size > 200 ? 200 : size);
	}
	hints_release(&h);
	return 0;
}
