/*
 * json — a small streaming JSON writer into a buf (manifests, chapter files).
 *
 * Calls mirror the document: begin/end objects and arrays, keys, values. The
 * writer inserts commas, newlines and two-space indentation, escapes strings
 * (control characters, quotes, backslashes; other UTF-8 passes through) and
 * writes NULL strings as null. Output is deterministic.
 *
 * Errors are sticky: after the first failure (out of memory, nesting deeper
 * than JSON_MAX_DEPTH) every call is a no-op and json_status() reports it, so
 * callers check once at the end.
 */
#ifndef TB_JSON_H
#define TB_JSON_H

#include "core/buf.h"

#include <stdint.h>

#define JSON_MAX_DEPTH 32

struct json {
	struct buf *out;
	int depth;
	int status;
	int after_key;
	unsigned char has_items[JSON_MAX_DEPTH];
};

void json_init(struct json *j, struct buf *out);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s); /* NULL writes null */
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, int64_t v);
void json_double(struct json *j, double v, int decimals);
void json_bool(struct json *j, int v);
void json_null(struct json *j);
/* Convenience: key + value. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, int64_t v);
/* 0, or the first TB_E_* error met. Ends the document with a newline when called at depth 0. */
int json_finish(struct json *j);

/* Appends `s` escaped as a JSON string body (no quotes). */
int json_escape(struct buf *out, const char *s, size_t len);

#endif
