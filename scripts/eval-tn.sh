#!/usr/bin/env bash
# eval-tn.sh — score `tingbao normalize` against the public Chinese text
# normalization suites in <eval>/tn/*.tsv (written<TAB>spoken).
#
# Usage: scripts/eval-tn.sh [-v] [EVAL_DIR]
#   EVAL_DIR   defaults to "$(dirname "$0")/../../shared/eval" (or $TB_EVAL_DIR)
#   TINGBAO    the program to run (default: build/tingbao)
#   TN_DIFFS   convention differences to leave out (default tests/tn_convention_diffs.tsv)
#   -v         print every failing row
#
# Inputs are NFKC-normalized first (the pipeline hands tn NFKC text). A row
# passes when output and expectation are equal once whitespace and punctuation
# are removed. Rows listed in TN_DIFFS (suite file, line, SHA-256 prefix of the
# input, reason) are where our documented convention (docs/normalization.md)
# deliberately differs; they are excluded and counted. A listed row whose input
# no longer matches its hash is scored and reported as stale.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
verbose=0
if [ "${1:-}" = "-v" ]; then
	verbose=1
	shift
fi
eval_dir="${1:-${TB_EVAL_DIR:-$here/../../shared/eval}}"
tingbao="${TINGBAO:-$here/../build/tingbao}"
diffs="${TN_DIFFS:-$here/../tests/tn_convention_diffs.tsv}"

if [ ! -d "$eval_dir/tn" ]; then
	echo "eval-tn: no suites at $eval_dir/tn; skipping"
	exit 0
fi
if [ ! -x "$tingbao" ]; then
	echo "eval-tn: $tingbao is not built (set TINGBAO)" >&2
	exit 1
fi
command -v python3 >/dev/null || {
	echo "eval-tn: python3 is needed for scoring; skipping"
	exit 0
}

exec python3 - "$eval_dir/tn" "$tingbao" "$diffs" "$verbose" <<'PY'
import hashlib, os, subprocess, sys, unicodedata

tn_dir, prog, diffs_path, verbose = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"

def squash(s):
    # whitespace and punctuation (Unicode P*/S* categories except letters/digits) ignored
    return "".join(c for c in s if not (c.isspace() or unicodedata.category(c)[0] in "PS"))

excluded = {}
if os.path.exists(diffs_path):
    for line in open(diffs_path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) >= 4 and f[1].isdigit():
            excluded[(f[0], int(f[1]))] = f[2]

suites = {}
for name in sorted(os.listdir(tn_dir)):
    if not name.endswith(".tsv"):
        continue
    rows = []
    for n, line in enumerate(open(os.path.join(tn_dir, name), encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if "\t" not in line:
            continue
        w, s = line.split("\t", 1)
        rows.append((n, w, s))
    suites[name] = rows

inputs = [unicodedata.normalize("NFKC", w) for rows in suites.values() for _, w, _ in rows]
out = subprocess.run([prog, "normalize"], input="\n".join(inputs) + "\n",
                     capture_output=True, text=True, check=True).stdout.split("\n")

k = 0
stale = 0
per_suite = {}
print(f"{'file':42} {'pass':>5} {'total':>5} {'excl':>5}  accuracy")
for name, rows in suites.items():
    ok = tot = ex = 0
    for n, w, s in rows:
        got = out[k] if k < len(out) else ""
        k += 1
        h = excluded.get((name, n))
        if h is not None:
            if hashlib.sha256(w.encode()).hexdigest()[:12] == h:
                ex += 1
                continue
            stale += 1
        tot += 1
        if squash(got) == squash(s):
            ok += 1
        elif verbose:
            print(f"  FAIL {name}: {w!r}\n       want {s!r}\n       got  {got!r}")
    suite = name.split("_")[0]
    a = per_suite.setdefault(suite, [0, 0, 0])
    a[0] += ok; a[1] += tot; a[2] += ex
    pct = 100.0 * ok / tot if tot else 100.0
    print(f"{name:42} {ok:5} {tot:5} {ex:5}  {pct:6.1f}%")
print()
print(f"{'suite':42} {'pass':>5} {'total':>5} {'excl':>5}  accuracy")
for suite, (ok, tot, ex) in per_suite.items():
    pct = 100.0 * ok / tot if tot else 100.0
    print(f"{suite:42} {ok:5} {tot:5} {ex:5}  {pct:6.1f}%")
total_ex = sum(a[2] for a in per_suite.values())
print(f"\n{total_ex} rows excluded as convention differences ({diffs_path})")
if stale:
    print(f"warning: {stale} listed rows no longer match their hash and were scored")
PY
