#!/usr/bin/python3
"""Checks the ID3 chapters of an MP3 episode with independent readers.

Usage:
  /usr/bin/python3 id3_check.py FILE.mp3 --expect-json MANIFEST.json [--episode ID]
        [--tolerance-ms 1] [--ffprobe] [--allow-sub-chapters]

Run it with Debian's /usr/bin/python3: that is where python3-mutagen lives
(a `python3` on PATH may be another interpreter without it).

The expected chapters come from the manifest ({"episodes": [{"file", "id",
"chapters": [{"id", "title", "start_ms", "end_ms"}], "duration_ms"}]}). The
episode is the one given by --episode, else the one whose "file" has the MP3's
base name, else the only one.

Checked with mutagen (reading the tag as stored: no translation to v2.4):
  - the tag is ID3v2.3 (header bytes and mutagen agree);
  - exactly one CTOC has the top-level flag, and its flags are 0x03
    (top-level + ordered);
  - that CTOC lists every expected chapter id, in order, and nothing else;
  - every CHAP frame of the tag is one of those (no stray CHAP: ffprobe would
    show it as a chapter), unless --allow-sub-chapters;
  - each CHAP's TIT2 equals the chapter title, its start/end equal the
    manifest's times exactly, its byte offsets are 0xFFFFFFFF;
  - text frames use encoding 0 or 1 (v2.3 has no UTF-8);
  - chapters are contiguous and the last ends at duration_ms (± tolerance).
With --ffprobe, also: `ffprobe -show_chapters` lists exactly those chapters
(titles, start and end in ms).

Exit status: 0 all good; 1 a mismatch (every problem printed, one per line);
2 usage error or unreadable input; 77 a needed tool is missing (mutagen, or
ffprobe with --ffprobe), so a ctest wrapper can report a skip.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

SKIP = 77


def die(code, msg):
    print("id3_check: " + msg, file=sys.stderr)
    sys.exit(code)


def load_episode(path, episode_id, mp3):
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        die(2, "cannot read manifest %s: %s" % (path, e))
    episodes = manifest.get("episodes") if isinstance(manifest, dict) else None
    if not isinstance(episodes, list) or not episodes:
        die(2, "manifest %s has no episodes" % path)
    if episode_id is not None:
        found = [e for e in episodes if e.get("id") == episode_id]
        if not found:
            die(2, "manifest %s has no episode %r" % (path, episode_id))
        return found[0]
    base = os.path.basename(mp3)
    found = [e for e in episodes if os.path.basename(str(e.get("file", ""))) == base]
    if len(found) == 1:
        return found[0]
    if len(episodes) == 1:
        return episodes[0]
    die(2, "manifest %s has %d episodes and none is file %r; use --episode"
        % (path, len(episodes), base))


def expected_chapters(ep):
    out = []
    for i, c in enumerate(ep.get("chapters") or []):
        try:
            out.append((str(c["id"]), str(c["title"]), int(c["start_ms"]), int(c["end_ms"])))
        except (KeyError, TypeError, ValueError):
            die(2, "manifest chapter %d lacks id/title/start_ms/end_ms (or times are null)" % i)
    return out


def check_header(mp3, problems):
    try:
        with open(mp3, "rb") as f:
            head = f.read(10)
    except OSError as e:
        die(2, "cannot read %s: %s" % (mp3, e))
    if len(head) < 10 or head[:3] != b"ID3":
        problems.append("file does not start with an ID3v2 tag")
    elif head[3] != 3:
        problems.append("ID3 header says version 2.%d, want 2.3" % head[3])
    elif head[5] & 0x80:
        problems.append("tag is unsynchronised (flags 0x%02x)" % head[5])


def title_of(frame):
    tit2 = frame.sub_frames.get("TIT2")
    if tit2 is None or not tit2.text:
        return None
    return str(tit2.text[0])


def check_mutagen(mp3, want, duration_ms, tol, allow_sub, problems):
    try:
        from mutagen.id3 import ID3, CTOCFlags, ID3NoHeaderError
    except ImportError:
        die(SKIP, "SKIP: mutagen is not importable by %s (install python3-mutagen)"
            % sys.executable)
    try:
        tags = ID3(mp3, translate=False, v2_version=3)
    except ID3NoHeaderError:
        problems.append("mutagen finds no ID3 tag")
        return
    except Exception as e:  # mutagen raises several kinds on a broken tag
        problems.append("mutagen cannot read the tag: %s" % e)
        return
    if tuple(tags.version[:2]) != (2, 3):
        problems.append("mutagen reads version %s, want 2.3" % ".".join(map(str, tags.version)))

    for frame in tags.values():
        enc = getattr(frame, "encoding", None)
        if enc is not None and int(enc) not in (0, 1):
            problems.append("frame %s uses text encoding %d (v2.3 allows 0 or 1)"
                            % (frame.FrameID, int(enc)))

    top = CTOCFlags.TOP_LEVEL
    ordered = CTOCFlags.ORDERED
    tocs = tags.getall("CTOC")
    tops = [t for t in tocs if int(t.flags) & int(top)]
    if len(tops) != 1:
        problems.append("want exactly one top-level CTOC, found %d (of %d CTOC frames)"
                        % (len(tops), len(tocs)))
    if tops:
        toc = tops[0]
        if int(toc.flags) != int(top) | int(ordered):
            problems.append("top-level CTOC %r has flags 0x%02x, want 0x03 (top-level + ordered)"
                            % (toc.element_id, int(toc.flags)))
        listed = list(toc.child_element_ids)
        ids = [c[0] for c in want]
        if listed != ids:
            problems.append("top-level CTOC lists %s, want %s" % (listed, ids))

    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    want_ids = set(c[0] for c in want)
    stray = sorted(set(chaps) - want_ids)
    if stray and not allow_sub:
        problems.append("CHAP frames not in the manifest: %s (ffprobe would list them)" % stray)
    for cid, title, start, end in want:
        chap = chaps.get(cid)
        if chap is None:
            problems.append("no CHAP frame %r" % cid)
            continue
        got = title_of(chap)
        if got != title:
            problems.append("CHAP %r title %r, want %r" % (cid, got, title))
        if chap.start_time != start or chap.end_time != end:
            problems.append("CHAP %r spans %d-%d ms, want %d-%d ms"
                            % (cid, chap.start_time, chap.end_time, start, end))
        if chap.start_offset != 0xFFFFFFFF or chap.end_offset != 0xFFFFFFFF:
            problems.append("CHAP %r byte offsets 0x%x/0x%x, want 0xffffffff"
                            % (cid, chap.start_offset, chap.end_offset))

    for prev, cur in zip(want, want[1:]):
        if cur[2] != prev[3]:
            problems.append("chapter %r starts at %d ms but %r ends at %d ms (not contiguous)"
                            % (cur[0], cur[2], prev[0], prev[3]))
    for cid, _, start, end in want:
        if start >= end:
            problems.append("chapter %r is empty or reversed (%d-%d ms)" % (cid, start, end))
    if want and duration_ms is not None and abs(want[-1][3] - int(duration_ms)) > tol:
        problems.append("last chapter ends at %d ms, episode lasts %d ms (tolerance %d ms)"
                        % (want[-1][3], int(duration_ms), tol))


def check_ffprobe(mp3, want, problems):
    exe = shutil.which("ffprobe")
    if not exe:
        die(SKIP, "SKIP: ffprobe is not installed (install ffmpeg)")
    try:
        res = subprocess.run([exe, "-v", "error", "-show_chapters", "-of", "json", mp3],
                             capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        problems.append("ffprobe failed to run: %s" % e)
        return
    if res.returncode != 0:
        problems.append("ffprobe exit %d: %s" % (res.returncode,
                                                res.stderr.decode("utf-8", "replace").strip()))
        return
    try:
        chapters = json.loads(res.stdout.decode("utf-8")).get("chapters", [])
    except ValueError as e:
        problems.append("ffprobe printed no JSON: %s" % e)
        return
    if len(chapters) != len(want):
        problems.append("ffprobe lists %d chapters, want %d" % (len(chapters), len(want)))
    for i, (got, exp) in enumerate(zip(chapters, want)):
        cid, title, start, end = exp
        gtitle = (got.get("tags") or {}).get("title")
        if gtitle != title:
            problems.append("ffprobe chapter %d title %r, want %r (%s)" % (i, gtitle, title, cid))
        # ffprobe reports in the chapter's time base: ID3 CHAP uses 1/1000
        tb = got.get("time_base", "1/1000")
        if tb != "1/1000":
            gs = round(float(got.get("start_time", "nan")) * 1000)
            ge = round(float(got.get("end_time", "nan")) * 1000)
        else:
            gs, ge = int(got.get("start", -1)), int(got.get("end", -1))
        if gs != start or ge != end:
            problems.append("ffprobe chapter %d (%s) spans %d-%d ms, want %d-%d ms"
                            % (i, cid, gs, ge, start, end))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mp3")
    ap.add_argument("--expect-json", required=True, metavar="MANIFEST")
    ap.add_argument("--episode", metavar="ID", help="episode id in the manifest")
    ap.add_argument("--tolerance-ms", type=int, default=1,
                    help="allowed gap between last chapter end and duration_ms (default 1)")
    ap.add_argument("--ffprobe", action="store_true",
                    help="also check what ffprobe -show_chapters lists")
    ap.add_argument("--allow-sub-chapters", action="store_true",
                    help="allow CHAP frames beyond the manifest's chapters")
    args = ap.parse_args()

    if not os.path.isfile(args.mp3):
        die(2, "no such file: %s" % args.mp3)
    ep = load_episode(args.expect_json, args.episode, args.mp3)
    want = expected_chapters(ep)
    if not want:
        die(1, "FAIL %s: the manifest episode has no chapters to check" % args.mp3)

    problems = []
    check_header(args.mp3, problems)
    check_mutagen(args.mp3, want, ep.get("duration_ms"), args.tolerance_ms,
                  args.allow_sub_chapters, problems)
    if args.ffprobe:
        check_ffprobe(args.mp3, want, problems)
    if problems:
        for p in problems:
            print("id3_check: FAIL %s: %s" % (args.mp3, p), file=sys.stderr)
        return 1
    print("id3_check: OK %s: ID3v2.3, top-level ordered CTOC, %d chapters%s"
          % (args.mp3, len(want), ", ffprobe agrees" if args.ffprobe else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
