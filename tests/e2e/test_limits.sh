#!/usr/bin/env bash
# Limits and damaged inputs stop a run with one clear line, before anything is written
# (issue 15): a section with more articles than an ID3 chapter list holds, profiles that
# are too large, not regular files or not decimal, a lexicon damaged inside a chunk.
source "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "$PY is missing"
tiny="$TB_SOURCE_DIR/tests/fault/tiny.txt"
export XDG_CACHE_HOME="$WORK/cache"

# 1. 300 articles in one section: a CTOC lists at most 255. The error names the page and
# comes before the output directory (or anything in it) is made.
"$PY" - "$WORK/many.txt" <<'PYEOF'
import sys
lines = []
for i in range(300):
    lines += ["第%d条消息来了" % (i + 1), "", "本报记者 张三", "", "今天的消息很多，请大家注意安全。", ""]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines))
PYEOF
expect_exit 1 render -o "$WORK/many-out" "$WORK/many.txt"
[ "$(wc -l <"$WORK/stderr")" -eq 1 ] || { cat "$WORK/stderr" >&2; fail "not one line"; }
grep -q "many.txt: section .* has 300 articles; .*at most 255" "$WORK/stderr" ||
    { cat "$WORK/stderr" >&2; fail "the error does not name the page and the limit"; }
[ ! -e "$WORK/many-out" ] || fail "the output directory was made before the check"

# 2. Profiles: a directory, a FIFO (never waited for), a file over 64 KiB and a number
# that is not decimal are usage errors (exit 2) naming the file; a leading BOM is fine.
mkdir -p "$WORK/prof.conf.d"
expect_exit 2 plan --profile "$WORK/prof.conf.d" "$tiny"
grep -q "not a regular file" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "directory profile: unclear"; }
mkfifo "$WORK/fifo.conf"
code=0
timeout 20 "$TINGBAO" plan --profile "$WORK/fifo.conf" "$tiny" >/dev/null 2>"$WORK/stderr" || code=$?
[ "$code" -ne 124 ] || fail "a FIFO profile hangs"
[ "$code" -eq 2 ] || { cat "$WORK/stderr" >&2; fail "a FIFO profile exited $code, expected 2"; }
"$PY" -c "import sys; open(sys.argv[1], 'w').write('# padding\n' * 7000)" "$WORK/big.conf"
expect_exit 2 plan --profile "$WORK/big.conf" "$tiny"
grep -q "big.conf: .*65536" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "big profile: unclear"; }
printf 'loudness_lufs = -0x10\n' >"$WORK/hex.conf"
expect_exit 2 plan --profile "$WORK/hex.conf" "$tiny"
grep -q "hex.conf:1: key 'loudness_lufs'" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "hex number: unclear"; }
printf '\xEF\xBB\xBFrate_percent = 90\n' >"$WORK/bom.conf"
expect_exit 0 plan --profile "$WORK/bom.conf" "$tiny"

# 3. A lexicon with one damaged byte inside any of its chunks is refused at open, naming
# the file and the chunk (it used to be read as it was: Hanzi spelled out as Latin).
lex="$TB_BUILD_DIR/tingbao.lex"
[ -f "$lex" ] || skip "no built lexicon at $lex"
for chunk in POOL ENTR HASH T2S; do
    mkdir -p "$WORK/lex-$chunk"
    "$PY" - "$lex" "$WORK/lex-$chunk/tingbao.lex" "$chunk" <<'PYEOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
n = struct.unpack_from("<I", b, 12)[0]
for i in range(n):
    cid, _, off, size = struct.unpack_from("<IIQQ", b, 32 + 24 * i)
    if cid.to_bytes(4, "little").decode().strip() == sys.argv[3]:
        b[off + size // 2] ^= 0x40
        break
else:
    sys.exit("no chunk " + sys.argv[3])
open(sys.argv[2], "wb").write(b)
PYEOF
    expect_exit 1 plan --data "$WORK/lex-$chunk" "$tiny"
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] || { cat "$WORK/stderr" >&2; fail "$chunk: not one line"; }
    grep -q "lex-$chunk/tingbao.lex: corrupt pronunciation lexicon (the $chunk chunk fails its checksum)" "$WORK/stderr" ||
        { cat "$WORK/stderr" >&2; fail "damage in $chunk: the error does not name the file and the chunk"; }
done
echo "ok: limits"
