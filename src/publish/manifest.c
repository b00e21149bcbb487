#include "publish/manifest.h"

#include "core/json.h"
#include "render/opening.h"

static void time_field(struct json *j, const char *key, int64_t samples, unsigned rate)
{
	json_key(j, key);
	if (samples < 0 || rate == 0)
		json_null(j);
	else
		json_int(j, (samples * 1000 + rate / 2) / rate);
}

static void write_loudness(struct json *j, const char *key, const struct doc_loudness *l)
{
	json_key(j, key);
	if (!l->measured) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_key(j, "integrated_lufs");
	json_double(j, l->lufs, 1);
	json_key(j, "range_lu");
	json_double(j, l->lra_lu, 1);
	json_key(j, "true_peak_dbtp");
	json_double(j, l->true_peak_dbtp, 1);
	json_kv_string(j, "measure", "dual-mono");
	json_end_object(j);
}

static void write_sentence(struct json *j, const struct doc_sentence *s, unsigned rate)
{
	json_begin_object(j);
	json_kv_string(j, "text", s->text);
	json_kv_string(j, "spoken", doc_sentence_spoken(s));
	json_kv_string(j, "pinyin", s->pinyin);
	time_field(j, "start_ms", s->start_sample, rate);
	time_field(j, "end_ms", s->end_sample, rate);
	json_end_object(j);
}

static void write_sentences(struct json *j, const char *key, const struct buf *vec, unsigned rate)
{
	size_t i;

	json_key(j, key);
	json_begin_array(j);
	for (i = 0; i < DOC_NSENTS(vec); i++)
		write_sentence(j, &VEC_AT(vec, struct doc_sentence, i), rate);
	json_end_array(j);
}

static void write_paragraph(struct json *j, const struct doc_paragraph *p, unsigned rate)
{
	json_begin_object(j);
	json_kv_string(j, "subhead", p->subhead);
	if (p->aside)
		json_kv_int(j, "aside", (int64_t)p->aside);
	if (p->subhead_sentence.text) {
		json_key(j, "subhead_spoken");
		write_sentence(j, &p->subhead_sentence, rate);
	}
	write_sentences(j, "sentences", &p->sentences, rate);
	json_end_object(j);
}

static void write_article(struct json *j, const struct doc_article *a, unsigned rate)
{
	size_t i;

	json_begin_object(j);
	json_kv_string(j, "id", a->id);
	json_kv_string(j, "label", a->label);
	json_kv_string(j, "kicker", a->kicker);
	json_kv_string(j, "title", a->title);
	json_kv_string(j, "subtitle", a->subtitle);
	json_key(j, "bylines");
	json_begin_array(j);
	for (i = 0; i < DOC_NBYLINES(a); i++)
		json_string(j, DOC_BYLINE(a, i));
	json_end_array(j);
	json_kv_string(j, "dateline", a->dateline);
	json_kv_string(j, "summary", a->summary);
	json_key(j, "asides");
	json_begin_array(j);
	for (i = 0; i < DOC_NASIDES(a); i++) {
		const struct doc_aside *as = DOC_ASIDE(a, i);

		json_begin_object(j);
		json_kv_string(j, "label", as->label);
		json_kv_string(j, "kind", as->kind);
		json_kv_string(j, "text", as->text);
		json_end_object(j);
	}
	json_end_array(j);
	json_key(j, "pull_quotes");
	json_begin_array(j);
	for (i = 0; i < DOC_NPULLS(a); i++)
		json_string(j, DOC_PULL(a, i));
	json_end_array(j);
	json_key(j, "photo");
	json_bool(j, a->is_photo);
	if (a->title_generated) {
		json_key(j, "title_printed");
		json_bool(j, 0);
	}
	time_field(j, "start_ms", a->start_sample, rate);
	time_field(j, "end_ms", a->end_sample, rate);
	if (DOC_NSENTS(&a->announce))
		write_sentences(j, "announce", &a->announce, rate);
	write_sentences(j, "heading", &a->heading, rate);
	json_key(j, "paragraphs");
	json_begin_array(j);
	for (i = 0; i < DOC_NPARAS(a); i++)
		write_paragraph(j, &VEC_AT(&a->paragraphs, struct doc_paragraph, i), rate);
	json_end_array(j);
	if (DOC_NSENTS(&a->closing))
		write_sentences(j, "closing", &a->closing, rate);
	if (a->file) {
		json_kv_string(j, "file", a->file);
		write_loudness(j, "loudness", &a->file_loudness);
	}
	json_end_object(j);
}

static void write_chapters(struct json *j, const struct doc_section *s)
{
	size_t i;

	json_key(j, "chapters");
	json_begin_array(j);
	for (i = 0; i < DOC_NARTICLES(s); i++) {
		const struct doc_article *a = &VEC_AT(&s->articles, struct doc_article, i);

		json_begin_object(j);
		json_kv_string(j, "id", a->id);
		json_kv_string(j, "title", a->title);
		time_field(j, "start_ms", a->chapter_start, s->rate);
		time_field(j, "end_ms", a->chapter_end, s->rate);
		json_end_object(j);
	}
	json_end_array(j);
}

static void write_encoder(struct json *j, const struct manifest_encoder *enc)
{
	json_key(j, "encoder");
	if (!enc) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kv_string(j, "name", enc->name);
	json_kv_string(j, "format", enc->format);
	json_kv_int(j, "bitrate_kbps", enc->bitrate_kbps);
	json_kv_int(j, "quality", enc->quality);
	json_kv_int(j, "sample_rate", enc->sample_rate);
	json_end_object(j);
}

static void write_section(struct json *j, const struct doc_section *s,
                          const struct manifest_encoder *enc)
{
	char name[512];
	size_t i;

	json_begin_object(j);
	json_kv_string(j, "id", s->id);
	json_kv_string(j, "title", s->title);
	json_kv_string(j, "section", opening_section_name(s, name, sizeof(name)) ? name : NULL);
	json_kv_string(j, "date", s->date);
	json_kv_string(j, "file", s->file);
	time_field(j, "duration_ms", s->nsamples, s->rate);
	json_kv_string(j, "source", s->source);
	write_encoder(j, enc);
	write_loudness(j, "loudness", &s->loudness);
	if (s->opening_file) {
		json_kv_string(j, "opening_file", s->opening_file);
		write_loudness(j, "opening_loudness", &s->opening_loudness);
	}
	json_key(j, "furniture");
	json_begin_array(j);
	for (i = 0; i < DOC_NNOTES(s); i++) {
		json_begin_object(j);
		json_kv_string(j, "text", DOC_NOTE(s, i)->text);
		json_kv_string(j, "kind", DOC_NOTE(s, i)->kind);
		json_end_object(j);
	}
	json_end_array(j);
	write_sentences(j, "opening", &s->intro, s->rate);
	write_chapters(j, s);
	json_key(j, "articles");
	json_begin_array(j);
	for (i = 0; i < DOC_NARTICLES(s); i++)
		write_article(j, &VEC_AT(&s->articles, struct doc_article, i), s->rate);
	json_end_array(j);
	json_end_object(j);
}

int manifest_write(struct buf *out, const struct doc *d, size_t first, size_t count,
                   const struct manifest_encoder *enc)
{
	struct json j;
	size_t i;

	json_init(&j, out);
	json_begin_object(&j);
	json_kv_string(&j, "format", "tingbao-manifest");
	json_kv_int(&j, "version", 1);
	json_key(&j, "episodes");
	json_begin_array(&j);
	for (i = first; i < first + count && i < DOC_NSECTIONS(d); i++)
		write_section(&j, &VEC_AT(&d->sections, struct doc_section, i), enc);
	json_end_array(&j);
	json_end_object(&j);
	return json_finish(&j);
}
