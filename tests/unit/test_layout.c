/*
 * Layout on our own page fixtures (tests/pages/, one feature each), field by field, and
 * the structural invariants on the real page when ../shared/pages exists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/hints.h"
#include "layout/layout.h"
#include "layout/lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		if (buf_add(&b, tmp, n)) {
			fclose(f);
			buf_release(&b);
			return NULL;
		}
	fclose(f);
	return buf_detach(&b, len);
}

static char *fixture_path(const char *name)
{
	const char *src = getenv("TB_SOURCE_DIR");
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s/tests/pages/%s", src ? src : ".", name);
	return buf_detach(&b, NULL);
}

/* Counts every non-space code point of `s` into a histogram (sign +1/-1). */
static void tally(int64_t *hist, size_t nhist, const char *s, int sign)
{
	size_t len, i = 0, adv;
	uint32_t c;

	if (!s)
		return;
	len = strlen(s);
	while (i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (!lines_is_space(c) && c < nhist)
			hist[c] += sign;
		i += adv;
	}
}

#define NHIST 0x30000

/* Nothing printed is lost or kept twice: the non-space characters of the page
 * (but "##" section lines) equal those of the printed fields of the tree
 * (layout.h lists them: furniture, headline parts, bylines, pull quotes, summary
 * boxes, subheads and sentences, asides included). */
static void assert_conserved(const char *page, struct doc *d)
{
	int64_t *hist = calloc(NHIST, sizeof(*hist));
	const char *p = page;
	size_t si, ai, k, pi, bad = 0;

	assert_non_null(hist);
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, n);

		assert_non_null(line);
		if (strncmp(line, "##", 2) != 0)
			tally(hist, NHIST, line, 1);
		free(line);
		p += n + (e ? 1 : 0);
	}
	for (si = 0; si < DOC_NSECTIONS(d); si++) {
		struct doc_section *s = DOC_SECTION(d, si);

		for (k = 0; k < DOC_NNOTES(s); k++)
			tally(hist, NHIST, DOC_NOTE(s, k)->text, -1);
		for (ai = 0; ai < DOC_NARTICLES(s); ai++) {
			struct doc_article *a = DOC_ARTICLE(s, ai);
			size_t nhead = !!a->label + !!a->kicker + !!a->title + !!a->subtitle;

			tally(hist, NHIST, a->label, -1);
			tally(hist, NHIST, a->kicker, -1);
			if (!a->title_generated)
				tally(hist, NHIST, a->title, -1);
			tally(hist, NHIST, a->subtitle, -1);
			for (k = 0; k < DOC_NPULLS(a); k++)
				tally(hist, NHIST, DOC_PULL(a, k), -1);
			/* after label, kicker, title and subtitle: each sidebar's marker
			 * line and its sentences, which make up the summary */
			for (k = nhead; k < DOC_NSENTS(&a->heading); k++)
				tally(hist, NHIST, DOC_SENT(&a->heading, k)->text, -1);
			if (nhead < DOC_NSENTS(&a->heading))
				assert_non_null(a->summary);
			for (k = 0; k < DOC_NBYLINES(a); k++)
				tally(hist, NHIST, DOC_BYLINE(a, k), -1);
			for (pi = 0; pi < DOC_NPARAS(a); pi++) {
				struct doc_paragraph *para = DOC_PARA(a, pi);

				tally(hist, NHIST, para->subhead, -1);
				for (k = 0; k < DOC_NSENTS(&para->sentences); k++)
					tally(hist, NHIST, DOC_SENT(&para->sentences, k)->text, -1);
			}
		}
	}
	for (k = 0; k < NHIST; k++)
		if (hist[k] != 0) {
			print_message("character U+%04zX off by %lld\n", k, (long long)hist[k]);
			bad++;
		}
	free(hist);
	assert_int_equal(bad, 0);
}

/* A body sentence ends in terminal punctuation, maybe followed by closers. */
static int ends_sentence(const char *s)
{
	size_t len = strlen(s), st;
	uint32_t c;

	while (len > 0) {
		c = lines_last(s, len, &st);
		if (lines_is_terminal(c) || c == '.')
			return 1;
		if (!lines_is_closer(c))
			return 0;
		len = st;
	}
	return 0;
}

struct page {
	char *text;
	size_t len;
	struct doc d;
};

static void load_text(struct page *pg, char *text, size_t len, const char *source,
                      const struct layout_opts *opts)
{
	struct tb_err err;
	int rc;

	pg->text = text;
	pg->len = len;
	doc_init(&pg->d);
	rc = layout_page(&pg->d, text, len, source, opts, &err);
	if (rc)
		print_message("layout: %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_conserved(text, &pg->d);
}

static void load(struct page *pg, const char *name)
{
	char *path = fixture_path(name);
	size_t len;
	char *text = read_file(path, &len);

	if (!text)
		print_message("cannot read %s\n", path);
	assert_non_null(text);
	free(path);
	load_text(pg, text, len, name, NULL);
}

static void unload(struct page *pg)
{
	doc_release(&pg->d);
	free(pg->text);
}

static struct doc_article *art(struct page *pg, size_t sec, size_t i)
{
	struct doc_section *s;

	assert_true(sec < DOC_NSECTIONS(&pg->d));
	s = DOC_SECTION(&pg->d, sec);
	assert_true(i < DOC_NARTICLES(s));
	return DOC_ARTICLE(s, i);
}

static const char *sent(struct doc_article *a, size_t p, size_t k)
{
	assert_true(p < DOC_NPARAS(a));
	assert_true(k < DOC_NSENTS(&DOC_PARA(a, p)->sentences));
	return DOC_SENT(&DOC_PARA(a, p)->sentences, k)->text;
}

static const char *heading(struct doc_article *a, size_t k)
{
	assert_true(k < DOC_NSENTS(&a->heading));
	return DOC_SENT(&a->heading, k)->text;
}

static void test_kicker(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "kicker.txt");
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 1);
	a = art(&pg, 0, 0);
	assert_string_equal(a->kicker, "市总工会推出“劳动者港湾”升级版,覆盖全市十二个区县——");
	assert_string_equal(a->title, "户外劳动者有了“歇脚点”");
	assert_null(a->label);
	assert_null(a->subtitle);
	assert_int_equal(DOC_NBYLINES(a), 1);
	assert_string_equal(DOC_BYLINE(a, 0), "本报记者 林晓峰");
	/* read without the dashes, before the title */
	assert_int_equal(DOC_NSENTS(&a->heading), 2);
	assert_string_equal(heading(a, 0), "市总工会推出“劳动者港湾”升级版,覆盖全市十二个区县");
	assert_string_equal(heading(a, 1), "户外劳动者有了“歇脚点”");
	assert_string_equal(DOC_SECTION(&pg.d, 0)->title, "户外劳动者有了“歇脚点”");
	assert_string_equal(DOC_SECTION(&pg.d, 0)->source, "kicker.txt");
	unload(&pg);
}

static void test_label(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "label.txt");
	a = art(&pg, 0, 0);
	assert_string_equal(a->label, "车间故事");
	assert_string_equal(a->title, "夜班车间里的“老师傅”");
	assert_string_equal(heading(a, 0), "车间故事");
	assert_string_equal(heading(a, 1), "夜班车间里的“老师傅”");
	assert_string_equal(sent(a, 0, 2), "“干了三十多年,手上的活不能糊弄。”戴长青说。");
	unload(&pg);
}

static void test_subtitle(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "subtitle.txt");
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "“技能夜校”开进产业园");
	assert_string_equal(a->subtitle, "河东区三千名职工下班后学技术");
	assert_string_equal(a->dateline, "本报讯(记者唐宁)");
	assert_int_equal(DOC_NSENTS(&a->heading), 2);
	assert_string_equal(heading(a, 1), "河东区三千名职工下班后学技术");
	unload(&pg);
}

static void test_bylines(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "bylines.txt");
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "老厂房变身职工书屋");
	assert_int_equal(DOC_NBYLINES(a), 1);
	assert_string_equal(DOC_BYLINE(a, 0), "本报记者 方瑾 本报通讯员 李卫东 赵芳");
	a = art(&pg, 0, 1);
	assert_string_equal(a->title, "环卫驿站添了“暖心柜”");
	assert_string_equal(DOC_BYLINE(a, 0), "本报记者 王一鸣 实习生 陈可");
	assert_int_equal(DOC_NPARAS(a), 1);
	unload(&pg);
}

static void test_dateline(void **state)
{
	struct page pg;
	struct doc_article *a;
	struct doc_sentence *s;

	(void)state;
	load(&pg, "dateline.txt");
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "南湖区启动冬季送温暖活动");
	assert_string_equal(a->dateline, "本报讯(通讯员许静 记者韩冬)");
	s = DOC_SENT(&DOC_PARA(a, 0)->sentences, 0);
	assert_string_equal(s->text,
	                    "本报讯(通讯员许静 记者韩冬)12月20日,南湖区总工会启动冬季送温暖活动,"
	                    "走访慰问困难职工230户。");
	assert_string_equal(s->spoken,
	                    "12月20日,南湖区总工会启动冬季送温暖活动,走访慰问困难职工230户。");
	assert_null(DOC_SENT(&DOC_PARA(a, 0)->sentences, 1)->spoken);
	a = art(&pg, 0, 1);
	assert_string_equal(a->dateline, "本报青岛1月8日电(记者马骏)");
	s = DOC_SENT(&DOC_PARA(a, 0)->sentences, 0);
	assert_string_equal(s->spoken,
	                    "港口集团近日为1200名一线装卸工人免费体检,并为每人建立健康档案。");
	unload(&pg);
}

static void expect_dateline(const char *para, const char *dateline, const char *spoken)
{
	struct page pg;
	struct buf b = BUF_INIT;
	struct doc_article *a;
	size_t len;
	char *text;

	assert_int_equal(buf_addf(&b, "茶厂开工\n\n%s\n", para), 0);
	text = buf_detach(&b, &len);
	load_text(&pg, text, len, "d.txt", NULL);
	a = art(&pg, 0, 0);
	assert_non_null(a->dateline);
	assert_string_equal(a->dateline, dateline);
	assert_string_equal(DOC_SENT(&DOC_PARA(a, 0)->sentences, 0)->spoken, spoken);
	unload(&pg);
}

/* Datelines with credits printed without brackets, or with none. */
static void test_dateline_variants(void **state)
{
	(void)state;
	expect_dateline("本报讯 记者 龙井 通讯员 碧螺 近日,茶厂开工。",
	                "本报讯 记者 龙井 通讯员 碧螺", "近日,茶厂开工。");
	expect_dateline("本报讯 近日,茶厂开工。", "本报讯", "近日,茶厂开工。");
	expect_dateline("本报讯 记者毛峰 茶厂今天开工。", "本报讯 记者毛峰", "茶厂今天开工。");
	expect_dateline("本报杭州5月2日电 记者毛峰 茶厂开工。", "本报杭州5月2日电 记者毛峰",
	                "茶厂开工。");
	expect_dateline("本报讯(记者 龙井)茶厂开工。", "本报讯(记者 龙井)", "茶厂开工。");
	/* on a line of its own */
	expect_dateline("本报讯(记者 龙井)\n\n茶厂开工。", "本报讯(记者 龙井)", "茶厂开工。");
}

static void test_subheads(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "subheads.txt");
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 1);
	a = art(&pg, 0, 0);
	assert_int_equal(DOC_NPARAS(a), 3);
	assert_null(DOC_PARA(a, 0)->subhead);
	assert_string_equal(DOC_PARA(a, 1)->subhead, "价格实惠,菜品丰富");
	assert_string_equal(DOC_PARA(a, 1)->subhead_sentence.text, "价格实惠,菜品丰富");
	assert_string_equal(DOC_PARA(a, 2)->subhead, "就近就餐,节省时间");
	assert_string_equal(sent(a, 2, 0),
	                    "“以前中午要骑车十分钟去吃饭,现在走两步就到。”在园区上班的李师傅说。");
	unload(&pg);
}

static void test_photo(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "photo.txt");
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 0);
	assert_false(a->is_photo);
	a = art(&pg, 0, 1);
	assert_true(a->is_photo);
	assert_string_equal(a->title, "冬日里的“焊花”");
	assert_int_equal(DOC_NPARAS(a), 1);
	assert_int_equal(DOC_NBYLINES(a), 1);
	assert_string_equal(DOC_BYLINE(a, 0), "本报通讯员 何力 摄");
	unload(&pg);
}

static void test_broken(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "broken.txt");
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 1);
	a = art(&pg, 0, 0);
	assert_int_equal(DOC_NPARAS(a), 4);
	assert_string_equal(sent(a, 0, 2),
	                    "开通首日,全线客流超过10万人次,早高峰时段列车最小间隔为4分钟。");
	/* a character lost at the break is not invented */
	assert_string_equal(sent(a, 2, 0),
	                    "地铁运营分公司党委副书记、工副主席郑宏说,从站务员到司机,"
	                    "每名职工都经过了不少于120小时的实操培训。");
	assert_string_equal(sent(a, 3, 0),
	                    "同时,市公交集团同步调整了沿线12条公交线路,方便乘客换乘地铁。");
	assert_string_equal(sent(a, 3, 1),
	                    "四号线全线采用全自动运行系统,车厢内设有无障碍区域和母婴室,"
	                    "方便特殊乘客出行。");
	for (size_t p = 0; p < DOC_NPARAS(a); p++)
		assert_null(DOC_PARA(a, p)->subhead);
	unload(&pg);
}

static void test_sidebar(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "sidebar.txt");
	a = art(&pg, 0, 0);
	assert_string_equal(a->summary, "老旧小区加装电梯是群众关心的民生实事。西城区通过简化审批、"
	                                "引入社会资本,让更多居民告别“爬楼难”。");
	assert_int_equal(DOC_NSENTS(&a->heading), 4);
	assert_string_equal(heading(a, 0), "旧小区加装电梯提速");
	assert_string_equal(heading(a, 1), "阅读提示");
	assert_string_equal(heading(a, 2), "老旧小区加装电梯是群众关心的民生实事。");
	assert_int_equal(DOC_NPARAS(a), 3);
	assert_string_equal(sent(a, 1, 0),
	                    "区住建局有关负责人介绍,为了让加装工作少走弯路,"
	                    "西城区在全区推行“一站式”审批,并在各街道设立了加装电梯服务窗口。");
	assert_string_equal(sent(a, 1, 1), "居民从提出申请到拿到批复,平均用时缩短到20个工作日。");
	unload(&pg);
}

static void test_quotes(void **state)
{
	struct page pg;
	struct doc_article *a;

	(void)state;
	load(&pg, "quotes.txt");
	a = art(&pg, 0, 0);
	assert_int_equal(DOC_NPARAS(a), 4);
	assert_string_equal(sent(a, 0, 0), "“秤准不准,关系到每家每户的菜篮子。”");
	assert_string_equal(sent(a, 1, 0), "“我们每周抽查一次,发现问题当场处理!”");
	assert_int_equal(DOC_NSENTS(&DOC_PARA(a, 2)->sentences), 5);
	assert_string_equal(sent(a, 2, 1), "他说:“刚开始商户不理解,觉得我们找麻烦。");
	assert_string_equal(sent(a, 2, 3), "现在不少摊主主动找我们校秤。”");
	assert_string_equal(sent(a, 2, 4), "说到这里,吴建国笑了。");
	assert_int_equal(DOC_NSENTS(&DOC_PARA(a, 3)->sentences), 1);
	unload(&pg);
}

static void test_sections(void **state)
{
	struct page pg;

	(void)state;
	load(&pg, "sections.txt");
	assert_int_equal(DOC_NSECTIONS(&pg.d), 2);
	assert_string_equal(DOC_SECTION(&pg.d, 0)->title, "要闻");
	assert_string_equal(DOC_SECTION(&pg.d, 1)->title, "社区");
	assert_string_equal(art(&pg, 0, 0)->title, "全市职工运动会开幕");
	assert_string_equal(art(&pg, 1, 0)->title, "街道开办“四点半课堂”");
	assert_string_equal(DOC_SECTION(&pg.d, 1)->source, "sections.txt");
	unload(&pg);
}

static void test_section_title_option(void **state)
{
	struct page pg;
	struct layout_opts o = {.section_title = "第三版"};
	char *text = strdup("厂区开通通勤班车\n\n本报记者 吴桐\n\n"
	                    "本月起,开发区为园区职工开通4条通勤班车线路。\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "x.txt", &o);
	assert_string_equal(DOC_SECTION(&pg.d, 0)->title, "第三版");
	assert_string_equal(art(&pg, 0, 0)->title, "厂区开通通勤班车");
	unload(&pg);
}

/* The README sample page: every feature at once. */
static void test_sample(void **state)
{
	struct page pg;
	struct doc_section *s;
	struct doc_article *a;

	(void)state;
	load(&pg, "sample.txt");
	assert_int_equal(DOC_NSECTIONS(&pg.d), 1);
	s = DOC_SECTION(&pg.d, 0);
	assert_int_equal(DOC_NARTICLES(s), 6);
	a = art(&pg, 0, 0);
	assert_string_equal(a->kicker,
	                    "江川市总工会把服务站点建到园区、工地和商圈,打造“15分钟服务圈”——");
	assert_string_equal(a->title, "职工有事“找娘家”不再跑远路");
	assert_string_equal(DOC_BYLINE(a, 0), "本报记者 许文斌 本报通讯员 高雅琴");
	assert_string_equal(DOC_PARA(a, 2)->subhead, "站点建在职工身边");
	assert_string_equal(sent(a, 3, 1),
	                    "开发区工会主席陈立新介绍,中心开放以来,已经帮助200多名职工调解劳动纠纷,"
	                    "追回工资等各类款项180余万元。");
	a = art(&pg, 0, 1);
	assert_string_equal(a->label, "车间故事");
	assert_string_equal(a->title, "“老炉长”的最后一个夜班");
	a = art(&pg, 0, 2);
	assert_string_equal(a->title, "通勤专线连通城区与工业园区");
	assert_string_equal(a->dateline, "本报讯(记者孙海燕)");
	a = art(&pg, 0, 3);
	assert_true(a->is_photo);
	assert_string_equal(a->title, "冬夜里的“流动暖屋”");
	assert_string_equal(DOC_BYLINE(a, 0), "本报通讯员 丁一凡 摄");
	a = art(&pg, 0, 4);
	assert_string_equal(a->title, "小区装上充电桩,骑手充电不再愁");
	assert_non_null(a->summary);
	assert_string_equal(heading(a, 1), "阅读提示");
	assert_string_equal(sent(a, 2, 1),
	                    "和平小区物业经理罗建华说,充电棚安装了烟感报警和自动喷淋装置,"
	                    "物业每天安排专人巡查,今年以来还没有发生过一起安全事故。");
	a = art(&pg, 0, 5);
	assert_string_equal(a->title, "数控车工比武,青年职工唱主角");
	assert_string_equal(a->subtitle, "江川市第五届职工职业技能大赛落幕");
	assert_string_equal(a->dateline, "本报讯(记者吕晓春 通讯员范志强)");
	assert_string_equal(s->title, "职工有事“找娘家”不再跑远路");
	unload(&pg);
}

/* Odd placements: an ornament line, a dateline story printed without a headline, a sidebar
 * standing above the headline of its article, a subtitle opening with
 * dashes, a closing "(记者 …)" line, a question as a headline. */
static void test_placements(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text = strdup("◆◆◆\n\n菜场改造完工\n\n本报记者 严峻\n\n老菜场改造后重新开业。\n\n"
	                    "本报讯(记者祁山)城北新建的停车场投入使用。共有车位300个。\n\n"
	                    "阅读提示\n\n夜市重开,摊主和市民都很高兴。\n\n"
	                    "夜市为何能重开?\n\n——记城西夜市的三次改造\n\n本报记者 贺兰\n\n"
	                    "城西夜市今晚重新开市。\n\n(记者 贺兰)\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "p.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 3);
	/* an ornament line is kept, not read */
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "菜场改造完工");
	assert_string_equal(DOC_BYLINE(a, 0), "◆◆◆");
	a = art(&pg, 0, 1);
	assert_null(a->title);
	assert_string_equal(a->dateline, "本报讯(记者祁山)");
	assert_null(a->summary);
	a = art(&pg, 0, 2);
	assert_string_equal(a->title, "夜市为何能重开?");
	assert_string_equal(a->subtitle, "——记城西夜市的三次改造");
	assert_string_equal(a->summary, "夜市重开,摊主和市民都很高兴。");
	assert_string_equal(heading(a, 1), "记城西夜市的三次改造");
	assert_string_equal(heading(a, 2), "阅读提示");
	assert_int_equal(DOC_NBYLINES(a), 2);
	assert_string_equal(DOC_BYLINE(a, 1), "(记者 贺兰)");
	unload(&pg);
}

/* A kicker over two lines, a question as the title, a bare author name, an
 * author note in brackets, a sidebar with another marker, an editor line in the
 * footer (furniture, not a byline). */
static void test_header_variants(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text = strdup("评论\n\n让职工书屋“活”起来\n\n秦岭\n\n"
	                    "书屋建起来不难,难的是一直有人来。\n\n(作者为本报评论员)\n\n"
	                    "江城市总工会连续五年开展“职工点单”活动,\n\n把服务送到职工身边——\n\n"
	                    "谁在为职工“买单”?\n\n本报记者 白露\n\n核心提示\n\n"
	                    "五年投入资金1.2亿元。\n\n五年来,活动惠及职工40万人次。\n\n"
	                    "责任编辑:霜降\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "h.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 0);
	assert_string_equal(a->label, "评论");
	assert_string_equal(a->title, "让职工书屋“活”起来");
	assert_null(a->subtitle);
	assert_int_equal(DOC_NBYLINES(a), 2);
	assert_string_equal(DOC_BYLINE(a, 0), "秦岭");
	assert_string_equal(DOC_BYLINE(a, 1), "(作者为本报评论员)");
	a = art(&pg, 0, 1);
	assert_string_equal(a->kicker,
	                    "江城市总工会连续五年开展“职工点单”活动,把服务送到职工身边——");
	assert_string_equal(a->title, "谁在为职工“买单”?");
	assert_string_equal(a->summary, "五年投入资金1.2亿元。");
	assert_string_equal(heading(a, 2), "核心提示");
	assert_int_equal(DOC_NPARAS(a), 1);
	assert_int_equal(DOC_NBYLINES(a), 1);
	assert_int_equal(DOC_NNOTES(DOC_SECTION(&pg.d, 0)), 1);
	assert_string_equal(DOC_NOTE(DOC_SECTION(&pg.d, 0), 0)->text, "责任编辑:霜降");
	assert_string_equal(DOC_NOTE(DOC_SECTION(&pg.d, 0), 0)->kind, "footer");
	unload(&pg);
}

/* An editor's note on one line above the headline, numbered and bulleted
 * subheads, and a reporter's notes closing the article: an aside, read after
 * the body under its label. */
static void test_notes_and_subheads(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text = strdup("编者按:职工书屋是工会服务职工的阵地。本报今起推出系列报道。\n\n"
	                    "一座书屋带活一个车间\n\n本报记者 苏木\n\n"
	                    "机床厂的职工书屋不大,却是车间里最热闹的地方。\n\n"
	                    "一、书屋搬进了车间\n\n过去,图书室离车间有一公里远。\n\n"
	                    "■ 把书屋办成学习平台\n\n工会每月请老师傅讲一次课。\n\n"
	                    "记者手记\n\n书屋的价值,在于有多少人在读。\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "n.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 1);
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "一座书屋带活一个车间");
	assert_int_equal(DOC_NSENTS(&a->heading), 4);
	assert_string_equal(heading(a, 1), "编者按:");
	assert_string_equal(heading(a, 2), "职工书屋是工会服务职工的阵地。");
	assert_int_equal(DOC_NPARAS(a), 4);
	assert_string_equal(DOC_PARA(a, 1)->subhead, "一、书屋搬进了车间");
	assert_string_equal(DOC_PARA(a, 2)->subhead, "■ 把书屋办成学习平台");
	assert_string_equal(DOC_PARA(a, 2)->subhead_sentence.text, "把书屋办成学习平台");
	assert_int_equal(DOC_PARA(a, 2)->aside, 0);
	assert_int_equal(DOC_NASIDES(a), 1);
	assert_string_equal(DOC_ASIDE(a, 0)->label, "记者手记");
	assert_string_equal(DOC_PARA(a, 3)->subhead, "记者手记");
	assert_int_equal(DOC_PARA(a, 3)->aside, 1);
	assert_string_equal(sent(a, 3, 0), "书屋的价值,在于有多少人在读。");
	unload(&pg);
}

/* Headlines that read like running text (long, a comma, a time) stay
 * headlines where they stand: over a caption and credit, under a label. */
static void test_headline_places(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text =
	        strdup("厂区开通通勤班车\n\n本报记者 吴桐\n\n本月起,开发区开通4条通勤班车线路。\n\n"
	               "今年春节前夕,码头上的装卸工人们仍在加班加点忙碌\n\n"
	               "1月20日,江城港的装卸工人在码头作业。\n\n本报记者 吴桐 摄\n\n"
	               "一线见闻\n\n近日,记者跟随巡检班组走进了地下管廊\n\n"
	               "管廊里每隔200米就有一个监测点。\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "hp.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 3);
	a = art(&pg, 0, 1);
	assert_true(a->is_photo);
	assert_string_equal(a->title, "今年春节前夕,码头上的装卸工人们仍在加班加点忙碌");
	a = art(&pg, 0, 2);
	assert_string_equal(a->label, "一线见闻");
	assert_string_equal(a->title, "近日,记者跟随巡检班组走进了地下管廊");
	assert_int_equal(DOC_NPARAS(a), 1);
	unload(&pg);
}

static int word_list(void *ctx, const char *s, size_t len);

static int has_note(struct doc_section *s, const char *text, const char *kind)
{
	size_t k;

	for (k = 0; k < DOC_NNOTES(s); k++)
		if (!strcmp(DOC_NOTE(s, k)->text, text) && !strcmp(DOC_NOTE(s, k)->kind, kind))
			return 1;
	return 0;
}

/* Furniture by its own evidence, by repetition, by place; a header glued to a paragraph, a
 * continuation note inside a line, the same line twice, a stray page number. */
static void test_furniture(void **state)
{
	struct page pg;
	struct doc_section *s;
	struct doc_article *a;
	char *text = strdup(
	        "城西日报\n\n2024年6月3日 星期一\n\n第5版\n\n"
	        "夜市里的“流动课堂”\n\n本报记者 林木\n\n"
	        "每到周末,城西夜市都会支起一张长桌,退休教师在这里给孩子们讲故事。\n\n"
	        "城西日报 2024年6月3日 星期一 这张长桌已经摆了三年,来听故事的孩子越来越多。\n\n"
	        "这张长桌已经摆了三年,来听故事的孩子越来越多。\n\n"
	        "街道计划明年再增加两个点位(下转第八版)\n\n7\n\n"
	        "社区新添助餐点\n\n本报讯(记者 林木)城西街道新添助餐点4个。\n\n"
	        "责任编辑:石岩\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "f.txt", NULL);
	s = DOC_SECTION(&pg.d, 0);
	assert_int_equal(DOC_NARTICLES(s), 2);
	assert_true(has_note(s, "2024年6月3日 星期一", "date"));
	assert_true(has_note(s, "第5版", "edition"));
	assert_true(has_note(s, "城西日报", "masthead"));
	assert_true(has_note(s, "城西日报 2024年6月3日 星期一", "running-header"));
	assert_true(has_note(s, "这张长桌已经摆了三年,来听故事的孩子越来越多。", "duplicate"));
	assert_true(has_note(s, "(下转第八版)", "continuation"));
	assert_true(has_note(s, "7", "page-number"));
	assert_true(has_note(s, "责任编辑:石岩", "footer"));
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "夜市里的“流动课堂”");
	assert_string_equal(s->title, "夜市里的“流动课堂”");
	assert_int_equal(DOC_NPARAS(a), 3);
	assert_string_equal(sent(a, 1, 0), "这张长桌已经摆了三年,来听故事的孩子越来越多。");
	/* the text stops at the note: not joined to the next story's headline */
	assert_string_equal(sent(a, 2, 0), "街道计划明年再增加两个点位");
	assert_string_equal(art(&pg, 0, 1)->title, "社区新添助餐点");
	unload(&pg);
}

/* Briefs: under a heading, marked ▲ (no credit follows, so not captions); without a heading
 * (the hints' title, not printed); titles in 【】 with their own datelines. */
static void test_briefs(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text = strdup(
	        "快讯\n\n▲城北公园改造完工,6月起开放。\n\n▲地铁2号线新增3个出入口。\n\n"
	        "老街修缮工程启动\n\n本报记者 关山\n\n老街修缮工程近日启动,预计年底完工。\n\n"
	        "■图书馆延时开放\n\n即日起,市图书馆开放到晚上九点。\n\n"
	        "■游泳馆开放夜场\n\n市游泳馆本周起开放夜场。\n");
	char *text2 = strdup(
	        "河东区完成老旧管网改造\n\n本报记者 关山\n\n河东区今年完成老旧管网改造40公里。\n\n"
	        "【城南新建两座公厕】本报讯(记者 关山)城南新建的两座公厕投入使用。\n\n"
	        "【公交站台加装座椅】本报讯(记者 关山)全市120个公交站台加装座椅。\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "b.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 0);
	assert_string_equal(a->title, "快讯");
	assert_int_equal(DOC_NPARAS(a), 2);
	assert_string_equal(DOC_SENT(&DOC_PARA(a, 0)->sentences, 0)->spoken,
	                    "城北公园改造完工,6月起开放。");
	/* bullets inside a story with text are its subheads */
	a = art(&pg, 0, 1);
	assert_string_equal(DOC_PARA(a, 1)->subhead_sentence.text, "图书馆延时开放");
	unload(&pg);

	assert_non_null(text2);
	load_text(&pg, text2, strlen(text2), "b2.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 1);
	assert_true(a->title_generated);
	assert_string_equal(a->title, "简讯");
	assert_int_equal(DOC_NPARAS(a), 2);
	assert_string_equal(DOC_PARA(a, 0)->subhead, "【城南新建两座公厕】");
	assert_string_equal(DOC_PARA(a, 0)->subhead_sentence.text, "城南新建两座公厕");
	assert_string_equal(DOC_SENT(&DOC_PARA(a, 1)->sentences, 0)->spoken,
	                    "全市120个公交站台加装座椅。");
	unload(&pg);
}

/* Boxes where the extractor dropped them: an unlisted label (…链接) and its text inside a
 * broken sentence, an unlabelled box (the word 年轻人 runs across the break), a pull quote. */
static void test_boxes(void **state)
{
	struct page pg;
	struct doc_article *a;
	static const char *const words[] = {"年轻人", NULL};
	struct layout_opts o = {.is_word = word_list, .is_word_ctx = (void *)words};
	char *text = strdup("旧厂房变身文创园\n\n本报记者 白桦\n\n"
	                    "改造中,工匠们先给每块砖编号,再决定哪些砖保\n\n"
	                    "政策链接\n\n全市已认定工业遗产23处。\n\n留、哪些砖替换。\n\n"
	                    "开园一年,这里接待游客超过20万人次,其中多是年\n\n"
	                    "周末,园区还会举办手工市集。\n\n轻人。“老厂房有了新生命。”\n\n"
	                    "老厂房有了新生命。\n\n"
	                    "一位老职工告诉记者:“看到厂房还在,我就放心了,老厂房有了新生命。”\n");
	struct doc_paragraph *p;

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "x.txt", &o);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 1);
	a = art(&pg, 0, 0);
	assert_string_equal(sent(a, 0, 0),
	                    "改造中,工匠们先给每块砖编号,再决定哪些砖保留、哪些砖替换。");
	assert_string_equal(sent(a, 1, 0), "开园一年,这里接待游客超过20万人次,其中多是年轻人。");
	assert_int_equal(DOC_NPULLS(a), 1);
	assert_string_equal(DOC_PULL(a, 0), "老厂房有了新生命。");
	assert_int_equal(DOC_NASIDES(a), 2);
	assert_string_equal(DOC_ASIDE(a, 0)->label, "政策链接");
	assert_null(DOC_ASIDE(a, 1)->label);
	/* read after the body, the label as a subhead */
	p = DOC_PARA(a, DOC_NPARAS(a) - 2);
	assert_int_equal(p->aside, 1);
	assert_string_equal(p->subhead, "政策链接");
	p = DOC_PARA(a, DOC_NPARAS(a) - 1);
	assert_int_equal(p->aside, 2);
	assert_string_equal(DOC_SENT(&p->sentences, 0)->text, "周末,园区还会举办手工市集。");
	unload(&pg);
}

/* Photos: a caption with its credit at the end of the line is a photo story after another
 * story; a caption inside a story is read after its body, the credit kept. */
static void test_captions(void **state)
{
	struct page pg;
	struct doc_article *a;
	char *text = strdup(
	        "菜市场装上了“公平秤”\n\n本报记者 柯岚\n\n城北菜市场在门口设了公平秤。\n\n"
	        "▲市民在公平秤前复秤。 本报记者 柯岚 摄\n\n市场管理员说,复秤的人越来越多。\n\n"
	        "雪后清晨\n\n1月8日,环卫工人在人民路上清扫积雪。 本报通讯员 邱实 摄\n");

	(void)state;
	assert_non_null(text);
	load_text(&pg, text, strlen(text), "c.txt", NULL);
	assert_int_equal(DOC_NARTICLES(DOC_SECTION(&pg.d, 0)), 2);
	a = art(&pg, 0, 0);
	assert_false(a->is_photo);
	assert_int_equal(DOC_NASIDES(a), 1);
	assert_string_equal(DOC_ASIDE(a, 0)->kind, "caption");
	assert_string_equal(sent(a, 1, 0), "市场管理员说,复秤的人越来越多。");
	assert_string_equal(DOC_BYLINE(a, 1), "本报记者 柯岚 摄");
	assert_string_equal(DOC_SENT(&DOC_PARA(a, 2)->sentences, 0)->spoken,
	                    "市民在公平秤前复秤。");
	a = art(&pg, 0, 1);
	assert_true(a->is_photo);
	assert_string_equal(a->title, "雪后清晨");
	assert_string_equal(DOC_BYLINE(a, 0), "本报通讯员 邱实 摄");
	assert_string_equal(sent(a, 0, 0), "1月8日,环卫工人在人民路上清扫积雪。");
	unload(&pg);
}

static void test_empty_page(void **state)
{
	struct doc d;
	struct tb_err err;

	(void)state;
	doc_init(&d);
	assert_int_equal(layout_page(&d, "\n\n  \n", 5, "e.txt", NULL, &err), TB_E_INPUT);
	doc_release(&d);
}

static int word_list(void *ctx, const char *s, size_t len)
{
	const char *const *w;

	for (w = ctx; *w; w++)
		if (strlen(*w) == len && memcmp(*w, s, len) == 0)
			return 1;
	return 0;
}

static void test_join_score(void **state)
{
	static const char *const words[] = {"服务", NULL};
	struct layout_hints h;
	struct layout_opts o = {.is_word = word_list, .is_word_ctx = (void *)words, .hints = &h};
	struct layout_opts plain = {.hints = &h};
	const char *head = "技术攻关,创新争先";
	const char *body = "厂里组织青年职工成立了攻关小组。";

	(void)state;
	assert_int_equal(hints_init(&h, NULL), 0);
	/* a parallel subhead before body text stays apart */
	assert_true(layout_join_score(head, strlen(head), body, strlen(body), &plain) <
	            LAYOUT_JOIN_SCORE);
	/* a line ending on a comma goes on */
	assert_true(layout_join_score("今年以来,", strlen("今年以来,"), body, strlen(body),
	                              &plain) >= LAYOUT_JOIN_SCORE);
	/* a sentence never goes on */
	assert_true(layout_join_score(body, strlen(body), body, strlen(body), &plain) < 0);
	/* a lexicon word across the break is evidence */
	assert_true(layout_join_score("街道新建的职工服", strlen("街道新建的职工服"),
	                              "务驿站已经投入使用。", strlen("务驿站已经投入使用。"), &o) >
	            layout_join_score("街道新建的职工服", strlen("街道新建的职工服"),
	                              "务驿站已经投入使用。", strlen("务驿站已经投入使用。"),
	                              &plain));
	/* a dateline starts an article: never a continuation */
	assert_true(layout_join_score("街道新建的职工服务", strlen("街道新建的职工服务"),
	                              "本报讯(记者某某)近日开业。",
	                              strlen("本报讯(记者某某)近日开业。"), &plain) < 0);
	hints_release(&h);
}

/* The real page: structure and invariants only, no strings from it. */
static void check_real(struct page *pg)
{
	struct doc_section *s;
	size_t ai, pi, k, nphoto = 0, nkicker = 0, nlabel = 0, nsub = 0, ndate = 0, nsum = 0;

	assert_int_equal(DOC_NSECTIONS(&pg->d), 1);
	s = DOC_SECTION(&pg->d, 0);
	assert_int_equal(DOC_NARTICLES(s), 9);
	for (ai = 0; ai < DOC_NARTICLES(s); ai++) {
		struct doc_article *a = DOC_ARTICLE(s, ai);

		assert_non_null(a->title);
		nphoto += a->is_photo;
		nkicker += !!a->kicker;
		nlabel += !!a->label;
		nsub += !!a->subtitle;
		ndate += !!a->dateline;
		nsum += !!a->summary;
		if (a->kicker)
			assert_true(lines_ends_with(a->kicker, strlen(a->kicker), "——"));
		/* every article is credited: by a byline or a dateline */
		assert_true(DOC_NBYLINES(a) > 0 || a->dateline);
		assert_true(DOC_NPARAS(a) > 0);
		if (a->dateline) {
			struct doc_sentence *first = DOC_SENT(&DOC_PARA(a, 0)->sentences, 0);

			assert_true(
			        lines_starts_with(first->text, strlen(first->text), a->dateline));
			assert_non_null(first->spoken);
			assert_string_equal(first->spoken, first->text + strlen(a->dateline));
		}
		for (pi = 0; pi < DOC_NPARAS(a); pi++) {
			struct doc_paragraph *p = DOC_PARA(a, pi);

			for (k = 0; k < DOC_NSENTS(&p->sentences); k++) {
				const char *t = DOC_SENT(&p->sentences, k)->text;

				if (!ends_sentence(t))
					print_message("unterminated: %s\n", t);
				assert_true(ends_sentence(t));
				if (DOC_ARTICLE(s, DOC_NARTICLES(s) - 1)->summary)
					assert_null(strstr(
					        t, DOC_ARTICLE(s, DOC_NARTICLES(s) - 1)->summary));
			}
		}
	}
	assert_int_equal(nphoto, 1);
	assert_true(DOC_ARTICLE(s, 1)->is_photo);
	assert_true(lines_ends_with(DOC_BYLINE(DOC_ARTICLE(s, 1), 0),
	                            strlen(DOC_BYLINE(DOC_ARTICLE(s, 1), 0)), "摄"));
	assert_int_equal(nkicker, 2);
	assert_non_null(DOC_ARTICLE(s, 0)->kicker);
	assert_non_null(DOC_ARTICLE(s, 8)->kicker);
	assert_int_equal(nlabel, 1);
	assert_non_null(DOC_ARTICLE(s, 2)->label);
	assert_int_equal(nsub, 1);
	assert_non_null(DOC_ARTICLE(s, 6)->subtitle);
	assert_int_equal(ndate, 4);
	assert_int_equal(nsum, 1);
	assert_non_null(DOC_ARTICLE(s, 8)->summary);
	/* the first article has its three subheads */
	for (pi = 0, k = 0; pi < DOC_NPARAS(DOC_ARTICLE(s, 0)); pi++)
		k += DOC_PARA(DOC_ARTICLE(s, 0), pi)->subhead != NULL;
	assert_int_equal(k, 3);
	for (ai = 1; ai < DOC_NARTICLES(s); ai++)
		for (pi = 0; pi < DOC_NPARAS(DOC_ARTICLE(s, ai)); pi++)
			assert_null(DOC_PARA(DOC_ARTICLE(s, ai), pi)->subhead);
	assert_string_equal(s->title, DOC_ARTICLE(s, 0)->title);
}

static char *real_page(size_t *len)
{
	const char *src = getenv("TB_SOURCE_DIR");
	struct buf b = BUF_INIT;
	char *path, *text;

	buf_addf(&b, "%s/../shared/pages/000_cfd36969d01181c9.txt", src ? src : ".");
	path = buf_detach(&b, NULL);
	text = read_file(path, len);
	if (!text)
		print_message("skipped: %s not found\n", path);
	free(path);
	return text;
}

static void test_real_page(void **state)
{
	struct page pg;
	size_t len;
	char *text = real_page(&len);

	(void)state;
	if (!text) {
		skip();
		return;
	}
	load_text(&pg, text, len, "real.txt", NULL);
	check_real(&pg);
	unload(&pg);
}

/* The same after NFKC, as ingest hands it over ("…" becomes "..."). */
static void test_real_page_nfkc(void **state)
{
	struct page pg;
	size_t len;
	char *text = real_page(&len), *norm;

	(void)state;
	if (!text) {
		skip();
		return;
	}
	norm = (char *)utf8proc_NFKC((const utf8proc_uint8_t *)text);
	free(text);
	assert_non_null(norm);
	load_text(&pg, norm, strlen(norm), "real.txt", NULL);
	check_real(&pg);
	unload(&pg);
}

/* Rewrites the blank lines between text lines to exactly `blank` of them. */
static char *respace(const char *text, size_t len, int blank, size_t *out_len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, e;
	int k;

	while (i < len) {
		for (e = i; e < len && text[e] != '\n'; e++)
			;
		if (e > i) {
			if (b.len)
				for (k = 0; k <= blank; k++)
					buf_addc(&b, '\n');
			buf_add(&b, text + i, e - i);
		}
		i = e + 1;
	}
	buf_addc(&b, '\n');
	return buf_detach(&b, out_len);
}

/* The page's structure does not hang on how many blank lines the extractor
 * put between blocks: none, or three everywhere. */
static void test_real_page_spacing(void **state)
{
	struct page pg;
	size_t len, n;
	char *text = real_page(&len);
	int blank;

	(void)state;
	if (!text) {
		skip();
		return;
	}
	for (blank = 0; blank <= 3; blank += 3) {
		char *v = respace(text, len, blank, &n);

		assert_non_null(v);
		load_text(&pg, v, n, "real.txt", NULL);
		check_real(&pg);
		unload(&pg);
	}
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_kicker),
	        cmocka_unit_test(test_label),
	        cmocka_unit_test(test_subtitle),
	        cmocka_unit_test(test_bylines),
	        cmocka_unit_test(test_dateline),
	        cmocka_unit_test(test_dateline_variants),
	        cmocka_unit_test(test_subheads),
	        cmocka_unit_test(test_photo),
	        cmocka_unit_test(test_broken),
	        cmocka_unit_test(test_sidebar),
	        cmocka_unit_test(test_quotes),
	        cmocka_unit_test(test_sections),
	        cmocka_unit_test(test_sample),
	        cmocka_unit_test(test_placements),
	        cmocka_unit_test(test_header_variants),
	        cmocka_unit_test(test_notes_and_subheads),
	        cmocka_unit_test(test_headline_places),
	        cmocka_unit_test(test_section_title_option),
	        cmocka_unit_test(test_empty_page),
	        cmocka_unit_test(test_furniture),
	        cmocka_unit_test(test_briefs),
	        cmocka_unit_test(test_boxes),
	        cmocka_unit_test(test_captions),
	        cmocka_unit_test(test_join_score),
	        cmocka_unit_test(test_real_page),
	        cmocka_unit_test(test_real_page_nfkc),
	        cmocka_unit_test(test_real_page_spacing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
