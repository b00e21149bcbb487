#include "text/tn_num.h"

#include "core/err.h"

static const char *const DIGIT_WORD[10] = {"零", "一", "二", "三", "四",
                                           "五", "六", "七", "八", "九"};
static const char *const PLACE_WORD[4] = {"", "十", "百", "千"};
static const char *const GROUP_WORD[4] = {"", "万", "亿", "万"};

long tn_digits_value(const char *d, size_t n)
{
	long v = 0;
	size_t i;

	while (n > 0 && *d == '0') {
		d++;
		n--;
	}
	if (n > 9)
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

int tn_say_digits(struct buf *out, const char *d, size_t n, int yao)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (d[i] < '0' || d[i] > '9')
			continue;
		rc = buf_adds(out, yao && d[i] == '1' ? "幺" : DIGIT_WORD[d[i] - '0']);
		if (rc)
			return rc;
	}
	return 0;
}

/* The word for digit `dv` at index `i` (of n) in place `place` of group `group`. */
static const char *digit_word(int dv, size_t i, size_t n, int place, int group, unsigned flags)
{
	if (dv == 2 && i == 0) {
		if ((flags & TN_LIANG) && n == 1)
			return "两";
		if ((flags & TN_LIANG_LEAD) && place == 0 && group > 0)
			return "两";
	}
	/* 两千 wherever it stands (一万两千), but 二百 */
	if (dv == 2 && place == 3 && (flags & TN_LIANG_LEAD))
		return "两";
	return DIGIT_WORD[dv];
}

int tn_say_cardinal(struct buf *out, const char *d, size_t n, unsigned flags)
{
	int started = 0, zero = 0, group_nonzero = 0, yi_pending = 0, rc = 0;
	size_t i;

	while (n > 1 && *d == '0') {
		d++;
		n--;
	}
	if (n == 0 || (n == 1 && *d == '0'))
		return buf_adds(out, "零");
	if (n > TN_MAX_CARDINAL)
		return tn_say_digits(out, d, n, 0);
	for (i = 0; i < n && !rc; i++) {
		int dv = d[i] - '0';
		size_t pos = n - 1 - i;
		int place = (int)(pos % 4), group = (int)(pos / 4);

		if (dv < 0 || dv > 9)
			return TB_E_INPUT;
		if (dv) {
			if (zero)
				rc = buf_adds(out, "零");
			zero = 0;
			/* 十二, not 一十二, when the number starts in the tens */
			if (!(i == 0 && dv == 1 && place == 1) && !rc)
				rc = buf_adds(out, digit_word(dv, i, n, place, group, flags));
			if (!rc)
				rc = buf_adds(out, PLACE_WORD[place]);
			started = 1;
			group_nonzero = 1;
		} else if (started) {
			zero = 1;
		}
		/* 一万三千亿: the 万亿 group says 万 and the 亿 group closes it */
		if (place == 0 && group > 0 && (group_nonzero || (group == 2 && yi_pending)) &&
		    !rc) {
			rc = buf_adds(out, GROUP_WORD[group]);
			yi_pending = group == 3;
			group_nonzero = 0;
			zero = 0;
		}
	}
	return rc;
}

int tn_say_decimal(struct buf *out, const char *ip, size_t ni, const char *fp, size_t nf,
                   unsigned flags, int trim)
{
	int rc = ni ? tn_say_cardinal(out, ip, ni, flags & ~(unsigned)TN_LIANG)
	            : buf_adds(out, "零");

	if (trim)
		while (nf > 0 && fp[nf - 1] == '0')
			nf--;
	if (rc || nf == 0)
		return rc;
	rc = buf_adds(out, "点");
	return rc ? rc : tn_say_digits(out, fp, nf, 0);
}
