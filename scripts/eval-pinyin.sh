#!/usr/bin/env bash
# Polyphone accuracy of the real code path (tingbao pinyin --no-normalize) on the CPP
# development split: for each sentence, the token of the target character is compared
# with the gold reading (u: read as v). A second line also accepts our neutral tone where
# the gold has the dictionary tone (zhi1 shi5 for zhi1 shi2: standard Putonghua, which
# CPP does not mark). Usage: scripts/eval-pinyin.sh [EVAL_DIR | FILE.tsv] [--errors]
#   EVAL_DIR defaults to ../shared/eval next to the repository; TINGBAO names the program
#   (default: build/tingbao). Skips (exit 0) when the data is absent.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
eval_dir="$here/../../shared/eval"
errors=0
for a in "$@"; do
    case "$a" in
        --errors) errors=1 ;;
        *) eval_dir="$a" ;;
    esac
done
# EVAL_DIR may also name a TSV file of the same format (e.g. another split).
if [ -f "$eval_dir" ]; then
    tsv="$eval_dir"
else
    tsv="$eval_dir/polyphone/cpp_dev.tsv"
fi
if [ ! -f "$tsv" ]; then
    echo "eval-pinyin: $tsv not found; skipping" >&2
    exit 0
fi
tingbao="${TINGBAO:-$here/../build/tingbao}"
if [ ! -x "$tingbao" ]; then
    echo "eval-pinyin: $tingbao not built (set TINGBAO=path/to/tingbao)" >&2
    exit 1
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
cut -f1 "$tsv" | "$tingbao" pinyin --no-normalize >"$out"

python3 - "$tsv" "$out" "$errors" <<'PY'
import sys

def is_han(c):
    o = ord(c)
    return (0x4e00 <= o <= 0x9fff or 0x3400 <= o <= 0x4dbf or 0xf900 <= o <= 0xfaff
            or 0x20000 <= o <= 0x3134f or o == 0x3007)

def token_at(sentence, index, tokens):
    """The token of the character at `index`: Chinese characters give one token
    each; other text is matched against the tokens it produced."""
    t = 0
    pending = ""
    for i, c in enumerate(sentence):
        if is_han(c):
            if pending:
                return None
            if i == index:
                return tokens[t] if t < len(tokens) else None
            t += 1
        elif not c.isspace() and c != "\u3000":
            pending += c
            while t < len(tokens) and pending.startswith(tokens[t]) and tokens[t]:
                pending = pending[len(tokens[t]):]
                t += 1
    return None

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
name = sys.argv[1].rsplit("/", 1)[-1].rsplit(".", 1)[0]
outs = open(sys.argv[2], encoding="utf-8").read().split("\n")
show = sys.argv[3] == "1"
right = lenient = 0
for n, row in enumerate(rows):
    sent, idx, ch, gold = row[0], int(row[1]), row[2], row[3]
    gold = gold.replace("u:", "v")
    toks = outs[n].split() if n < len(outs) else []
    if "|" not in sent:
        toks = [t for t in toks if t != "|"]  # phrase breaks, not characters
    tok = token_at(sent, idx, toks) if n < len(outs) else None
    if tok == gold:
        right += 1
        lenient += 1
    elif tok and tok[-1] == "5" and tok[:-1] == gold[:-1]:
        lenient += 1  # a neutral tone where the gold has the dictionary tone (zhi1 shi5)
        if show:
            print(f"{ch}\t{gold}\t{tok}\t{sent}\t(neutral)")
    elif show:
        print(f"{ch}\t{gold}\t{tok}\t{sent}")
total = len(rows)
print(f"{name}: {right}/{total} = {100.0 * right / total:.2f}%")
print(f"{name}, neutral tone accepted for the dictionary tone: {lenient}/{total} = "
      f"{100.0 * lenient / total:.2f}%")
PY
