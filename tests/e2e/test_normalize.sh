#!/usr/bin/env bash
# tingbao normalize: one spoken line per input line, exit codes, --help.
source "$(dirname "$0")/lib.sh"

printf '%s\n' \
	'会议于2022年3月8日召开。' \
	'预算为4560.5万元，比去年增长12%。' \
	'' \
	'票价180元~260元，14:30开演。' \
	'最低气温-6℃。' >"$WORK/in.txt"
printf '%s\n' \
	'会议于二零二二年三月八日召开。' \
	'预算为四千五百六十点五万元，比去年增长百分之十二。' \
	'' \
	'票价一百八十元到二百六十元，十四点三十分开演。' \
	'最低气温零下六摄氏度。' >"$WORK/want.txt"

"$TINGBAO" normalize <"$WORK/in.txt" >"$WORK/got.txt" || fail "normalize failed"
diff -u "$WORK/want.txt" "$WORK/got.txt" || fail "unexpected normalization"

# a last line without a newline still comes out, CRLF is tolerated
printf '共3人\r\n第2天' | "$TINGBAO" normalize >"$WORK/got2.txt"
[ "$(cat "$WORK/got2.txt")" = "$(printf '共三人\n第二天')" ] || fail "last line or CRLF: $(cat "$WORK/got2.txt")"

# odd bytes pass through, nothing fails
printf 'a\xff1\n' | "$TINGBAO" normalize >/dev/null || fail "odd bytes made normalize fail"

expect_exit 0 normalize --help
grep -q "usage: tingbao normalize" "$WORK/stdout" || fail "--help prints no usage"
expect_exit 2 normalize --bogus
expect_exit 2 normalize extra-arg
echo "normalize: ok"
