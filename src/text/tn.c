/* Placeholder until the normalization stage lands: text passes through. */
#include "text/tn.h"

int tn_normalize(const char *text, size_t len, struct buf *out, struct buf *notes)
{
	(void)notes;
	return buf_add(out, text, len);
}
