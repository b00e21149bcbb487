#!/usr/bin/env bash
# A phrase break resets the third-tone sandhi, checked on eSpeak NG's own phoneme dump
# (`espeak-ng -x`, the command-line program; tingbao links the library and never runs it):
# in a clause whose first phrase ends on a third tone and whose second starts with one,
# eSpeak reads that syllable as a rising tone (35) when the two phrases are one utterance,
# as a full third tone (214) when the first phrase is an utterance of its own, which is
# what tingbao's speech text (phrases separated by " | ") makes of it.
source "$(dirname "$0")/lib.sh"
need espeak-ng
[ -x "$PY" ] || skip "$PY is missing"

text="江川钢铁公司炼钢厂二号转炉车间的老厂长也已经把工作交给了年轻人"
speech=$(printf '%s\n' "$text" | "$TINGBAO" pinyin --speech)
case "$speech" in
*" | "*) ;;
*) fail "no phrase break in the speech text: $speech" ;;
esac
first=${speech%% | *}
joined=${speech//|/}
case "$first" in
*3) ;;
*) fail "the first phrase does not end on a third tone: $first" ;;
esac
dump_first=$(espeak-ng -v cmn-latn-pinyin -q -x "$first")
dump_joined=$(espeak-ng -v cmn-latn-pinyin -q -x "$joined")
"$PY" - "$first" "$dump_first" "$dump_joined" <<'PYEOF'
import re, sys
first, alone, joined = sys.argv[1:]
tones = lambda dump: re.findall(r"(214|35|51|55|21|22|44|53|11)", dump)
n = len(re.findall(r"[1-5]", re.sub(r"[^0-9 ]", "", first)))  # syllables of the first phrase
t_alone, t_joined = tones(alone), tones(joined)
assert len(t_alone) == n, "eSpeak dump has %d tones for %d syllables: %s" % (len(t_alone), n, alone)
assert t_alone[-1] == "214", "the phrase alone ends on %s, not a full third tone: %s" % (t_alone[-1], alone)
assert t_joined[n - 1] == "35", "read as one utterance the syllable is %s, not sandhi 35: %s" % (
    t_joined[n - 1], joined)
print("sandhi ok: %s ends on 214 alone, on 35 when joined" % first.split()[-1])
PYEOF
echo "ok"
