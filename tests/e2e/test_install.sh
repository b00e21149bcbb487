#!/usr/bin/env bash
# `cmake --install` puts the program, its data, the man page and bash completion under the
# prefix, and the installed program finds its data there; every option a subcommand takes
# is in its --help, the man page and the README; completion offers subcommands, options
# and profile names (checked with bash's own completion machinery).
source "$(dirname "$0")/lib.sh"
need cmake
: "${TB_BUILD_DIR:?run through ctest}"
prefix="$WORK/inst"
cmake --install "$TB_BUILD_DIR" --prefix "$prefix" >"$WORK/install.log" 2>&1 ||
    fail "cmake --install failed: $(tail -3 "$WORK/install.log")"
bin="$prefix/bin/tingbao"
for f in bin/tingbao share/tingbao/tingbao.lex share/tingbao/profiles/commute.conf \
    share/tingbao/voices/cmn/lexicon.tsv share/bash-completion/completions/tingbao; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done

# The installed program finds its lexicon and profiles in PREFIX/share/tingbao.
(cd "$WORK" && env -u TINGBAO_DATA "$bin" plan --profile rider "$TB_SOURCE_DIR/tests/pages/kicker.txt" \
    >"$WORK/plan.json" 2>"$WORK/stderr") || fail "the installed tingbao cannot plan: $(cat "$WORK/stderr")"
[ "$(env -u TINGBAO_DATA "$bin" render --list-profiles | tr '\n' ' ')" = "commute rider station " ] ||
    fail "installed profiles: $(env -u TINGBAO_DATA "$bin" render --list-profiles)"

# Every option of the source's option tables is in --help, and every --help option in
# the man page and the README.
$PY - "$TB_SOURCE_DIR" "$TINGBAO" "$prefix" <<'PY' || fail "options, --help, man page and README disagree"
import re, subprocess, sys
src, prog, prefix = sys.argv[1:]
files = {"render": "render", "plan": "render", "layout": "layout", "normalize": "normalize",
         "pinyin": "pinyin", "explain": "explain", "publish": "publish", "cache": "cache",
         "card": "card"}
man = open(f"{src}/docs/tingbao.1.scd", encoding="utf-8").read()
readme = open(f"{src}/README.md", encoding="utf-8").read()
bad = []
for cmd, f in files.items():
    code = open(f"{src}/src/cli/{f}.c", encoding="utf-8").read()
    table = set(re.findall(r'\{"([a-z][a-z-]*)", *(?:no|required)_argument', code))
    if cmd == "plan":
        table = {"jobs", "profile", "title", "date", "encoding", "read-bylines", "layout-hints",
                 "data", "lexicon", "name", "list-profiles", "only", "brief", "no-contents",
                 "station-layout", "help"}
    out = subprocess.run([prog, cmd, "--help"], capture_output=True, text=True).stdout
    shown = set(re.findall(r"--([a-z][a-z-]*)", out))
    for o in sorted(table - shown):
        bad.append(f"{cmd}: --{o} is taken but not in --help")
    for o in sorted(shown - {"help"}):
        if f"--{o}" not in man and f"*--{o}*" not in man:
            bad.append(f"{cmd}: --{o} is not in the man page")
        if f"--{o}" not in readme:
            bad.append(f"{cmd}: --{o} is not in the README")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

# The man page renders.
man_page="$prefix/share/man/man1/tingbao.1"
if [ -f "$man_page" ]; then
    need man
    MANPAGER=cat MANWIDTH=80 man -l "$man_page" >"$WORK/man.txt" 2>"$WORK/stderr" ||
        fail "man -l failed: $(cat "$WORK/stderr")"
    grep -q "tingbao render" "$WORK/man.txt" || fail "the man page has no render section"
    grep -q -- "--layout-hints" "$WORK/man.txt" || fail "the man page lacks --layout-hints"
else
    command -v scdoc >/dev/null && fail "scdoc is installed but no man page was built"
    echo "note: scdoc is not installed, so no man page was built (scripts/setup.sh installs it)" >&2
fi

# Completion, through bash's own compgen: subcommands, options, profile names.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tingbao; printf "%s\n" "${COMPREPLY[@]}"' \
        _ "$prefix/share/bash-completion/completions/tingbao" "$bin" "$@"
}
[ "$(complete_words re)" = "render" ] || fail "completion of 're': $(complete_words re)"
words=$(complete_words "")
grep -qx publish <<<"$words" || fail "completion does not offer the subcommands: $words"
words=$(complete_words render --lay)
grep -qx -- --layout-hints <<<"$words" || fail "completion of 'render --lay': $words"
[ "$(complete_words render --profile "" | tr '\n' ' ')" = "commute rider station " ] ||
    fail "completion of profile names: $(complete_words render --profile "")"
[ "$(complete_words render --profile ri)" = "rider" ] || fail "completion of 'ri'"
echo ok
