#!/usr/bin/env bash
# Serving a published site with the README's recipe (Caddy's file server, one line on
# Debian): it answers Range requests (206 with the right bytes), and mpv (Debian's) asked
# to start at chapter 4 over HTTP lands within 1 s of that chapter's start. Python's
# http.server, which ignores Range, is tried the same way for contrast (a note only).
source "$(dirname "$0")/lib.sh"
need caddy; need curl; need mpv
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/sample.txt"

# The README's line, with the site and a free port of this machine's loopback.
recipe=$(grep -m1 '^caddy file-server --root site --listen :8000' "$TB_SOURCE_DIR/README.md") ||
    fail "README.md has no 'caddy file-server --root site --listen :8000' line"
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
site="$WORK/site"
expect_exit 0 render --title 工人日报 --date 2024-03-08 -o "$site" "$page"
expect_exit 0 publish -o "$site" --base-url "http://127.0.0.1:$port" --title 工人日报
cmd=${recipe/--root site/--root $site}
cmd=${cmd/--listen :8000/--listen 127.0.0.1:$port}

# Caddy keeps its state under HOME and the XDG folders: the test's own.
mkdir -p "$WORK/home"
HOME="$WORK/home" XDG_DATA_HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home" $cmd >"$WORK/caddy.log" 2>&1 &
server=$!
pyserver=""
trap 'kill "$server" $pyserver 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/feed.xml" && break
    kill -0 "$server" 2>/dev/null || fail "caddy did not start: $(tail -3 "$WORK/caddy.log")"
    sleep 0.1
done

# 1. A Range request: 206, Content-Range, exactly those bytes.
size=$(stat -c %s "$site/sample.mp3")
code=$(curl -s -D "$WORK/headers" -o "$WORK/part" -w '%{http_code}' -r 1000-1999 "http://127.0.0.1:$port/sample.mp3")
[ "$code" = 206 ] || fail "a Range request got $code, not 206"
grep -qi "^content-range: bytes 1000-1999/$size" "$WORK/headers" || fail "Content-Range: $(grep -i content-range "$WORK/headers")"
cmp -s "$WORK/part" <(tail -c +1001 "$site/sample.mp3" | head -c 1000) || fail "the 206 body is not bytes 1000-1999"
grep -qi '^accept-ranges: bytes' "$WORK/headers" || fail "no Accept-Ranges: bytes"

# 2. mpv starts at chapter 4 over HTTP: where does it land?
want=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["episodes"][0]["chapters"][3]["start_ms"] / 1000)' "$site/sample.json")
landed() { # URL [seconds] -> time-pos once playing
    timeout "${2:-60}" mpv --no-config --no-video --ao=null --start='#4' --length=0.3 \
        --term-playing-msg='START ${=time-pos}' --msg-level=all=no,term-msg=info "$1" 2>/dev/null |
        sed -n 's/^START //p' | head -n 1
}
got=$(landed "http://127.0.0.1:$port/sample.mp3")
[ -n "$got" ] || fail "mpv did not play the episode over HTTP"
"$PY" -c 'import sys; w, g = map(float, sys.argv[1:]); sys.exit(abs(w - g) > 1.0)' "$want" "$got" ||
    fail "mpv asked for chapter 4 (at $want s) landed at $got s"
echo "mpv over caddy: chapter 4 at $want s, landed at $got s"

# For contrast: a server without Range requests leaves mpv at the start.
pyport=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PY" -m http.server "$pyport" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
pyserver=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$pyport/" && break; sleep 0.1; done
# (mpv then plays from the start towards the chapter in real time: stopped after 5 s)
echo "note: mpv over python3 -m http.server (no Range) landed at $(landed "http://127.0.0.1:$pyport/sample.mp3" 5 || true) s"
echo "ok"
