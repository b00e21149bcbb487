#!/usr/bin/env bash
# Subheads: read after a longer pause, timed in the manifest, and with --sub-chapters written
# as a child CTOC under their article's CHAP (the top-level CTOC still lists articles only).
source "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/subheads.txt"

expect_exit 0 render --sub-chapters -o "$WORK/x" "$page"
"$PY" "$E2E/id3_check.py" "$WORK/x/subheads.mp3" --expect-json "$WORK/x/subheads.json" --allow-sub-chapters
"$PY" - "$WORK/x/subheads.mp3" "$WORK/x/subheads.json" <<'PYEOF'
import json, sys
from mutagen.id3 import ID3
tag = ID3(sys.argv[1], translate=False)
ep = json.load(open(sys.argv[2]))["episodes"][0]
tocs = {c.element_id: c for c in tag.getall("CTOC")}
chaps = {c.element_id: c for c in tag.getall("CHAP")}
assert tocs["toc"].child_element_ids == [a["id"] for a in ep["articles"]], tocs["toc"].child_element_ids
for a in ep["articles"]:
    subs = [p for p in a["paragraphs"] if p["subhead"]]
    if not subs:
        continue
    child = tocs[a["id"] + ".toc"]
    assert len(child.child_element_ids) == len(subs), (child.child_element_ids, len(subs))
    for cid, p in zip(child.child_element_ids, subs):
        c = chaps[cid]
        assert str(c.sub_frames["TIT2"]) == p["subhead"], (str(c.sub_frames["TIT2"]), p["subhead"])
        assert c.start_time == p["subhead_spoken"]["start_ms"], (c.start_time, p["subhead_spoken"])
        parent = chaps[a["id"]]
        assert parent.start_time <= c.start_time < c.end_time <= parent.end_time
print("sub-chapters ok")
PYEOF
echo ok
