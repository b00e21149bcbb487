#!/usr/bin/python3
"""Checks one rendered episode with readers that are not ours.

usage: check_episode.py MANIFEST.json [AUDIO]

- ffprobe -show_chapters lists one chapter per article, with the manifest's titles and times;
- ffmpeg decodes the file with no error;
- the decoded duration agrees with the manifest's duration_ms within 50 ms;
- the decoded audio agrees with the manifest's times: every chapter boundary falls in silence,
  and every article's first sentence starts with sound where the manifest says;
- every sentence has a start and an end, in order, with a real duration.
Exit 0 when all hold; otherwise the first failure is printed and the exit code is 1.
"""
import array
import json
import os
import subprocess
import sys

from tbmanifest import article_sentences

RATE = 8000  # decode at a low rate: enough to find speech and silence


def fail(msg):
    print("check_episode: FAIL: " + msg)
    sys.exit(1)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True)
    if p.returncode != 0:
        fail("%s failed: %s" % (cmd[0], p.stderr.decode(errors="replace")[-500:]))
    return p


def rms(samples, start_ms, end_ms):
    a = max(0, int(start_ms * RATE / 1000))
    b = min(len(samples), int(end_ms * RATE / 1000))
    if b <= a:
        return 0.0
    return (sum(x * x for x in samples[a:b]) / (b - a)) ** 0.5


def main():
    manifest_path = sys.argv[1]
    m = json.load(open(manifest_path, encoding="utf-8"))
    if m.get("format") != "tingbao-manifest" or m.get("version") != 1:
        fail("not a tingbao manifest v1")
    if len(m["episodes"]) != 1:
        fail("a rendered manifest holds one episode")
    ep = m["episodes"][0]
    audio = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(manifest_path), ep["file"])

    # 1. chapters as ffprobe sees them
    probe = json.loads(run(["ffprobe", "-v", "error", "-show_chapters", "-show_format",
                            "-of", "json", audio]).stdout)
    chapters = probe.get("chapters", [])
    want = ep["chapters"]
    if len(want) != len(ep["articles"]):
        fail("manifest has %d chapters for %d articles" % (len(want), len(ep["articles"])))
    if audio.endswith(".mp3"):
        if len(chapters) != len(want):
            fail("ffprobe sees %d chapters, manifest has %d" % (len(chapters), len(want)))
        for got, exp in zip(chapters, want):
            title = got.get("tags", {}).get("title")
            if title != exp["title"]:
                fail("chapter title %r != %r" % (title, exp["title"]))
            start = round(float(got["start_time"]) * 1000)
            end = round(float(got["end_time"]) * 1000)
            if abs(start - exp["start_ms"]) > 1 or abs(end - exp["end_ms"]) > 1:
                fail("chapter %s at %d-%d ms, manifest says %d-%d" %
                     (exp["id"], start, end, exp["start_ms"], exp["end_ms"]))
    prev_end = 0
    for c in want:
        if c["start_ms"] != prev_end or c["end_ms"] <= c["start_ms"]:
            fail("chapters not contiguous at %s" % c["id"])
        prev_end = c["end_ms"]
    if prev_end != ep["duration_ms"]:
        fail("last chapter ends at %d, episode lasts %d ms" % (prev_end, ep["duration_ms"]))

    # 2. clean decode, 3. duration
    p = run(["ffmpeg", "-v", "error", "-nostdin", "-i", audio, "-ac", "1", "-ar", str(RATE),
             "-f", "s16le", "-"])
    if p.stderr.strip():
        fail("ffmpeg reports decode errors: " + p.stderr.decode(errors="replace")[:300])
    pcm = array.array("h")
    pcm.frombytes(p.stdout)
    samples = [x / 32768.0 for x in pcm]
    decoded_ms = len(samples) * 1000.0 / RATE
    if abs(decoded_ms - ep["duration_ms"]) > 50:
        fail("decoded %.0f ms, manifest says %d ms" % (decoded_ms, ep["duration_ms"]))
    # ffprobe counts whole MP3 frames from the encoder's start; the LAME info frame's delay
    # shows as start_time, so the playable length is duration - start_time.
    fmt_ms = (float(probe["format"]["duration"]) - float(probe["format"].get("start_time", 0))) * 1000
    if abs(fmt_ms - ep["duration_ms"]) > 50:
        fail("ffprobe says %.0f ms, manifest says %d ms" % (fmt_ms, ep["duration_ms"]))

    # 4. the times match the sound
    loud = max(abs(x) for x in samples) if samples else 0
    if loud < 0.05:
        fail("the episode is silent")
    quiet = loud * 0.01
    for c in want[1:]:
        if rms(samples, c["start_ms"] - 40, c["start_ms"] + 40) > quiet:
            fail("chapter %s starts at %d ms, but there is sound there" % (c["id"], c["start_ms"]))
    last = -1
    for a in ep["articles"]:
        ss = article_sentences(a)
        if not ss:
            fail("article %s has no sentence" % a["id"])
        for s in ss:
            if s["start_ms"] is None or s["end_ms"] is None:
                fail("sentence without times: %r" % s["text"][:40])
            if s["start_ms"] < last or s["end_ms"] <= s["start_ms"]:
                fail("sentence times out of order or empty: %r" % s["text"][:40])
            last = s["end_ms"]
        first = ss[0]
        if rms(samples, first["start_ms"], first["start_ms"] + 300) < quiet * 5:
            fail("article %s should start speaking at %d ms, but it is quiet there" %
                 (a["id"], first["start_ms"]))
        if rms(samples, first["start_ms"] - 250, first["start_ms"] - 50) > quiet:
            fail("article %s: sound before its first sentence at %d ms" % (a["id"], first["start_ms"]))
    print("check_episode: ok: %s, %d chapters, %.1f s" % (os.path.basename(audio), len(want),
                                                          decoded_ms / 1000))


if __name__ == "__main__":
    main()
