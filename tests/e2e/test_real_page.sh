#!/usr/bin/env bash
# The real newspaper page from ../shared (skipped when it is absent): one episode, one chapter
# per article with the article's title, clean decode, durations that agree.
source "$(dirname "$0")/lib.sh"
[ -f "$REAL_PAGE" ] || skip "real page not found at $REAL_PAGE (../shared is absent)"
need ffprobe; need ffmpeg
[ -x "$PY" ] || skip "$PY is missing"

expect_exit 0 render -o "$WORK/x" "$REAL_PAGE"
[ "$(ls "$WORK/x" | wc -l)" -eq 2 ] || fail "expected one MP3 and one manifest: $(ls "$WORK/x")"
json=$(ls "$WORK/x"/*.json)
mp3=$(ls "$WORK/x"/*.mp3)
"$PY" "$E2E/check_episode.py" "$json" "$mp3"
"$PY" "$E2E/id3_check.py" "$mp3" --expect-json "$json" --ffprobe
"$PY" - "$json" <<'PYEOF'
import json, sys
ep = json.load(open(sys.argv[1]))["episodes"][0]
arts = ep["articles"]
assert len(arts) == 9, "expected the page's 9 articles, found %d" % len(arts)
assert sum(1 for a in arts if a["photo"]) == 1, "expected one photo story"
assert [c["title"] for c in ep["chapters"]] == [a["title"] for a in arts]
print("real page ok: %d articles, %.1f min" % (len(arts), ep["duration_ms"] / 60000))
PYEOF
echo "ok"
