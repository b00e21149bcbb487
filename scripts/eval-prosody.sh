#!/usr/bin/env bash
# Phrase breaks of the real code path (`tingbao pinyin --no-normalize`, its `|` tokens) against
# breaks marked by ear (tests/prosody_breaks.tsv: `|` a pause, `/` a phrase boundary where a
# pause may fall; see docs/prosody.md). Prints, for the tuning half (odd rows), the held-out
# half (even rows) and all rows:
#   precision       predicted breaks on a marked pause (|)
#   on a boundary   predicted breaks on a marked pause or phrase boundary (| or /)
#   recall          marked pauses that were predicted
# Usage: scripts/eval-prosody.sh [--check] [--errors] [FILE.tsv]
#   --check   exit 1 unless all rows have on-a-boundary precision >= 70 % and recall >= 40 %
#             (the targets of issue 17) and each half keeps on-a-boundary precision >= 70 %
#   --errors  print each sentence with the predicted (^) and marked breaks
#   --tuning  with --errors: only the tuning half
#   TINGBAO names the program (default: build/tingbao).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tsv="$here/../tests/prosody_breaks.tsv"
check=0
errors=0
tuning=0
for a in "$@"; do
    case "$a" in
        --check) check=1 ;;
        --errors) errors=1 ;;
        --tuning) tuning=1 ;;
        *) tsv="$a" ;;
    esac
done
tingbao="${TINGBAO:-$here/../build/tingbao}"
[ -x "$tingbao" ] || { echo "eval-prosody: $tingbao not built (set TINGBAO)" >&2; exit 1; }
[ -f "$tsv" ] || { echo "eval-prosody: $tsv not found" >&2; exit 1; }

exec python3 - "$tsv" "$tingbao" "$check" "$errors" "$tuning" <<'PY'
import re, subprocess, sys

tsv, prog, check, show = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4] == "1"
tuning_only = sys.argv[5] == "1"

def is_han(c):
    o = ord(c)
    return (0x4e00 <= o <= 0x9fff or 0x3400 <= o <= 0x4dbf or 0xf900 <= o <= 0xfaff
            or 0x20000 <= o <= 0x3134f or o == 0x3007)

def speakable(c):
    return is_han(c) or (c.isascii() and c.isalnum())

def marks(text):
    """(plain text, {position: mark}) where a position counts the speakable characters
    before the mark, so quotes and brackets next to a mark do not move it."""
    plain, at, n = [], {}, 0
    for c in text:
        if c in "|/":
            at[n] = c
            continue
        plain.append(c)
        n += speakable(c)
    return "".join(plain), at

SYLLABLE = re.compile(r"[a-z]+[1-5]")

def predicted(tokens):
    """Positions of the `|` tokens, counted like marks(): a pinyin token is one character,
    other tokens count their speakable characters."""
    out, n = set(), 0
    for t in tokens:
        if t == "|":
            out.add(n)
        elif SYLLABLE.fullmatch(t):
            n += 1
        else:
            n += sum(1 for c in t if speakable(c))
    return out

rows = []
for line in open(tsv, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    page, num, text = line.rstrip("\n").split("\t")
    plain, at = marks(text)
    rows.append((page, num, text, plain, at))

out = subprocess.run([prog, "pinyin", "--no-normalize"], input="\n".join(r[3] for r in rows) + "\n",
                     capture_output=True, text=True, check=True).stdout.split("\n")

def score(sel):
    pred = on_pause = on_bound = pauses = 0
    for k in sel:
        page, num, text, plain, at = rows[k]
        got = predicted(out[k].split())
        pred += len(got)
        on_pause += sum(1 for p in got if at.get(p) == "|")
        on_bound += sum(1 for p in got if p in at)
        pauses += sum(1 for m in at.values() if m == "|")
    return pred, on_pause, on_bound, pauses

def pct(a, b):
    return 100.0 * a / b if b else 0.0

halves = [("tuning (odd rows)", range(0, len(rows), 2)),
          ("held out (even rows)", range(1, len(rows), 2)),
          ("all", range(len(rows)))]
print(f"{'rows':22} {'n':>4} {'breaks':>6} {'precision':>10} {'on a boundary':>14} {'recall':>8}")
ok = True
for name, sel in halves:
    pred, on_pause, on_bound, pauses = score(sel)
    p, b, r = pct(on_pause, pred), pct(on_bound, pred), pct(on_pause, pauses)
    print(f"{name:22} {len(sel):4} {pred:6} {p:9.1f}% {b:13.1f}% {r:7.1f}%"
          f"   ({on_pause}/{pred} on |, {on_bound}/{pred} on | or /, {on_pause}/{pauses} of |)")
    if b < 70.0 or (name == "all" and r < 40.0):
        ok = False
if show:
    for k, (page, num, text, plain, at) in enumerate(rows):
        got = predicted(out[k].split())
        if (tuning_only and k % 2) or (not got and not any(m == "|" for m in at.values())):
            continue
        s, n = [], 0
        for c in plain:
            if n in got and speakable(c) and (not s or s[-1] != "^"):
                s.append("^")
            s.append(c)
            n += speakable(c)
        print(f"{page}:{num}\n  marked: {text}\n  got:    {''.join(s)}")
if check and not ok:
    print("eval-prosody: below the targets (on a boundary >= 70 % in each half and in all, "
          "recall >= 40 % in all)")
    sys.exit(1)
PY
