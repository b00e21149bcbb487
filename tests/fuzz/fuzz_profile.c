/* libFuzzer target: listening profile parsing (key = value lines). */
#include "audio/profile.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	struct tb_err err;

	/* The origin has no directory, so a cue file named in the text is looked up
	 * relative to the working directory and is usually missing: an error, fine. */
	prof_parse((const char *)data, size, "fuzz.conf", &p, &err);
	return 0;
}
