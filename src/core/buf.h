/*
 * buf — the one growable byte buffer of tingbao (in the spirit of git's strbuf
 * and curl's dynbuf).
 *
 * Invariants: `data` is either NULL (len == 0, nothing allocated) or points to
 * `cap` bytes of which the first `len` are used, and data[len] == '\0' so text
 * can be used as a C string. A buffer never grows beyond `limit` bytes; an
 * append that would pass it fails with TB_E_LIMIT and leaves the buffer as it
 * was (no silent truncation).
 *
 * Ownership: the buffer owns `data` until buf_detach() hands it to the caller
 * (who then frees it with free()). buf_release() frees it and resets the buffer.
 */
#ifndef TB_BUF_H
#define TB_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_LIMIT ((size_t)1 << 30)

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0, BUF_DEFAULT_LIMIT                                                      \
	}

void buf_init(struct buf *b, size_t limit);
void buf_release(struct buf *b);
/* Returns the contents (NUL-terminated, never NULL) and resets the buffer. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b); /* len = 0, keeps the allocation */

/* Makes room for `extra` more bytes. 0 or TB_E_NOMEM / TB_E_LIMIT. */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Appends `n` zero bytes and returns a pointer to them, or NULL on failure. */
void *buf_addzero(struct buf *b, size_t n);
void buf_truncate(struct buf *b, size_t len);
/* The contents as a C string; "" for a buffer that never allocated. */
const char *buf_cstr(const struct buf *b);

/*
 * vec — an array of fixed-size elements kept in a buf. Elements may move when
 * the array grows, so keep indices, not pointers, across pushes.
 */
#define VEC_LEN(b, type)   ((b)->len / sizeof(type))
#define VEC_AT(b, type, i) (((type *)(void *)(b)->data)[i])
#define VEC_PUSH(b, type)  ((type *)buf_addzero((b), sizeof(type)))

#endif
