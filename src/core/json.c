#include "core/json.h"

#include "core/err.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void json_init(struct json *j, struct buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

static void put(struct json *j, const char *s, size_t n)
{
	if (!j->status)
		j->status = buf_add(j->out, s, n);
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

static void newline_indent(struct json *j)
{
	int i;

	put(j, "\n", 1);
	for (i = 0; i < j->depth; i++)
		put(j, "  ", 2);
}

/* Everything a value needs before it: a comma after a sibling, a fresh line. */
static void before_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (j->has_items[j->depth - 1])
			put(j, ",", 1);
		j->has_items[j->depth - 1] = 1;
		newline_indent(j);
	}
}

static void begin(struct json *j, const char *open)
{
	before_value(j);
	if (j->depth >= JSON_MAX_DEPTH) {
		if (!j->status)
			j->status = TB_E_LIMIT;
		return;
	}
	puts_(j, open);
	j->has_items[j->depth++] = 0;
}

static void end(struct json *j, const char *close)
{
	int had;

	if (j->depth == 0) {
		if (!j->status)
			j->status = TB_E_INPUT;
		return;
	}
	had = j->has_items[--j->depth];
	if (had)
		newline_indent(j);
	puts_(j, close);
}

void json_begin_object(struct json *j)
{
	begin(j, "{");
}

void json_end_object(struct json *j)
{
	end(j, "}");
}

void json_begin_array(struct json *j)
{
	begin(j, "[");
}

void json_end_array(struct json *j)
{
	end(j, "]");
}

int json_escape(struct buf *out, const char *s, size_t len)
{
	size_t i, run = 0;
	int rc = 0;

	for (i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_add(out, s + run, i - run);
		run = i + 1;
		if (rc)
			break;
		switch (c) {
		case '"':
			rc = buf_adds(out, "\\\"");
			break;
		case '\\':
			rc = buf_adds(out, "\\\\");
			break;
		case '\n':
			rc = buf_adds(out, "\\n");
			break;
		case '\t':
			rc = buf_adds(out, "\\t");
			break;
		case '\r':
			rc = buf_adds(out, "\\r");
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			rc = buf_adds(out, esc);
		}
	}
	if (!rc)
		rc = buf_add(out, s + run, len - run);
	return rc;
}

void json_key(struct json *j, const char *key)
{
	before_value(j);
	put(j, "\"", 1);
	if (!j->status)
		j->status = json_escape(j->out, key, strlen(key));
	put(j, "\": ", 3);
	j->after_key = 1;
}

void json_string_n(struct json *j, const char *s, size_t len)
{
	before_value(j);
	put(j, "\"", 1);
	if (!j->status)
		j->status = json_escape(j->out, s, len);
	put(j, "\"", 1);
}

void json_string(struct json *j, const char *s)
{
	if (!s)
		json_null(j);
	else
		json_string_n(j, s, strlen(s));
}

void json_int(struct json *j, int64_t v)
{
	char tmp[32];

	before_value(j);
	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	puts_(j, tmp);
}

void json_double(struct json *j, double v, int decimals)
{
	char tmp[64];

	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	before_value(j);
	snprintf(tmp, sizeof(tmp), "%.*f", decimals, v);
	puts_(j, tmp);
}

void json_bool(struct json *j, int v)
{
	before_value(j);
	puts_(j, v ? "true" : "false");
}

void json_null(struct json *j)
{
	before_value(j);
	puts_(j, "null");
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_int(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_int(j, v);
}

int json_finish(struct json *j)
{
	if (!j->status && j->depth == 0)
		put(j, "\n", 1);
	else if (!j->status)
		j->status = TB_E_INPUT;
	return j->status;
}
