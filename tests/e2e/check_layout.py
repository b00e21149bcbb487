#!/usr/bin/env python3
"""Checks the layout of a page in a tingbao manifest (from `tingbao plan`).

usage: check_layout.py PAGE MANIFEST [EXPECT]

Always checks what must hold on any page:
  - nothing printed is lost or kept twice: the page's characters (NFKC, spaces
    aside) are exactly those of the manifest's printed fields;
  - no furniture line, continuation note, photo credit, bullet or box label is
    read (in a sentence or a heading) or used as a title.
With EXPECT (tests/pages/NAME.expect, written by hand before running the
program), also checks the structure an editor expects: the furniture lines,
and for each article its label, kicker, title, subtitle, bylines, dateline,
summary and aside boxes, pull quotes, subheads, photo flag, and where its text
starts and ends.
"""
import collections
import json
import re
import sys
import unicodedata

BULLETS = set("■□▲△▼▽●○◆◇★☆▶►•◎◉")
JUMP = re.compile(r"(下转|上接|转至|紧接|转|接|详见)第?[A-H]?[0-9一二三四五六七八九十]+[版页]")
CREDIT_END = re.compile(r"(\s摄|摄影|供图)$")

errors = []


def err(msg):
    errors.append(msg)


def parse_expect(path):
    """The hand-written expectation: furniture lines, then articles."""
    furniture, articles = [], []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line == "article":
                articles.append(collections.defaultdict(list))
                continue
            key, _, value = line.partition(": ")
            value = unicodedata.normalize("NFKC", value)
            if key == "furniture" and not articles:
                furniture.append(value)
            elif articles:
                articles[-1][key].append(value)
            else:
                raise SystemExit(f"{path}: '{line}' before the first article")
    return furniture, articles


def headline_parts(a):
    """How many heading sentences the label, kicker, title and subtitle take."""
    n = 0
    for key in ("label", "kicker", "title", "subtitle"):
        v = a.get(key)
        if v and v.strip("—-: ").strip():
            n += 1
    return n


def body_sentences(a, asides=True):
    for p in a["paragraphs"]:
        if p.get("aside") and not asides:
            continue
        for s in p["sentences"]:
            yield s


def strip_unread(text, a):
    t = text
    while t and (t[0] in BULLETS or t[0] == " "):
        t = t[1:]
    if a.get("dateline") and t.startswith(a["dateline"]):
        t = t[len(a["dateline"]):].lstrip()
    return t


def check_conserved(page_text, ep):
    want = collections.Counter(c for c in page_text if not c.isspace())
    got = collections.Counter()

    def add(s):
        if s:
            got.update(c for c in unicodedata.normalize("NFKC", s) if not c.isspace())

    for n in ep.get("furniture", []):
        add(n["text"])
    for a in ep["articles"]:
        for key in ("label", "kicker", "subtitle"):
            add(a.get(key))
        if a.get("title_printed", True):
            add(a.get("title"))
        for b in a["bylines"]:
            add(b)
        for q in a.get("pull_quotes", []):
            add(q)
        for s in a["heading"][headline_parts(a):]:
            add(s["text"])
        for p in a["paragraphs"]:
            add(p.get("subhead"))
            for s in p["sentences"]:
                add(s["text"])
    lost = want - got
    extra = got - want
    if lost:
        err(f"printed but lost: {''.join(sorted(lost.elements()))[:80]}")
    if extra:
        err(f"in the manifest twice or not printed: {''.join(sorted(extra.elements()))[:80]}")


def read_texts(a):
    """Everything of an article that is read aloud, as printed."""
    out = [("heading", s["text"]) for s in a["heading"]]
    for p in a["paragraphs"]:
        if p.get("subhead_spoken"):
            out.append(("subhead", p["subhead_spoken"]["text"]))
        out += [("sentence", s["text"]) for s in p["sentences"]]
    return out


def check_unread(ep):
    furniture = [n["text"] for n in ep.get("furniture", []) if len(n["text"]) >= 4]
    for a in ep["articles"]:
        title = a.get("title") or ""
        for f in furniture:
            if title == f:
                err(f"{a['id']}: a furniture line is the title: {f}")
        labels = [x["label"] for x in a.get("asides", []) if x.get("label")]
        for where, text in read_texts(a):
            for f in furniture:
                if f in text:
                    err(f"{a['id']}: furniture read in a {where}: {f!r} in {text[:40]!r}")
            if JUMP.search(text):
                err(f"{a['id']}: a continuation note read: {text[:50]!r}")
            if CREDIT_END.search(text):
                err(f"{a['id']}: a photo credit read: {text[:50]!r}")
            if where == "sentence":
                for lab in labels:
                    if text.startswith(lab) and len(text) > len(lab):
                        err(f"{a['id']}: box label {lab!r} read inside a sentence")
        for s in list(a["heading"]) + list(body_sentences(a)):
            spoken = s.get("spoken") or s["text"]
            if any(c in BULLETS for c in spoken):
                err(f"{a['id']}: a bullet is read: {spoken[:40]!r}")


def field(a, key):
    v = a.get(key)
    return unicodedata.normalize("NFKC", v) if v else None


def nfkc(values):
    return [unicodedata.normalize("NFKC", v) if v else v for v in values]


def check_expected(ep, furniture, expected):
    got_furniture = nfkc(n["text"] for n in ep.get("furniture", []))
    if sorted(got_furniture) != sorted(furniture):
        err(f"furniture: expected {furniture}, got {got_furniture}")
    arts = ep["articles"]
    if len(arts) != len(expected):
        err(f"expected {len(expected)} articles, got {len(arts)}: "
            f"{[a.get('title') for a in arts]}")
    for k, (a, e) in enumerate(zip(arts, expected)):
        name = f"article {k + 1} ({a.get('title')})"
        for key in ("label", "kicker", "title", "subtitle", "dateline"):
            want = e[key][0] if e.get(key) else None
            if field(a, key) != want:
                err(f"{name}: {key} expected {want!r}, got {field(a, key)!r}")
        if nfkc(a["bylines"]) != e.get("byline", []):
            err(f"{name}: bylines expected {e.get('byline', [])}, got {a['bylines']}")
        photo = e.get("photo", ["no"])[0] == "yes"
        if a.get("photo") != photo:
            err(f"{name}: photo expected {photo}")
        asides = nfkc(x.get("label") or "-" for x in a.get("asides", []))
        if asides != e.get("aside", []):
            err(f"{name}: asides expected {e.get('aside', [])}, got {asides}")
        if nfkc(a.get("pull_quotes", [])) != e.get("pullquote", []):
            err(f"{name}: pull quotes expected {e.get('pullquote', [])}, "
                f"got {a.get('pull_quotes')}")
        subheads = nfkc(p["subhead_spoken"]["text"] for p in a["paragraphs"]
                        if p.get("subhead_spoken") and not p.get("aside"))
        if subheads != e.get("subhead", []):
            err(f"{name}: subheads expected {e.get('subhead', [])}, got {subheads}")
        summary = e.get("summary")
        heading = [s["text"] for s in a["heading"][headline_parts(a):]]
        if summary:
            if not a.get("summary"):
                err(f"{name}: expected a summary box")
            elif summary[0] != "-" and summary[0] not in [h.rstrip(":") for h in heading]:
                err(f"{name}: summary label {summary[0]!r} not read before the body: {heading}")
        elif a.get("summary"):
            err(f"{name}: unexpected summary {a['summary'][:30]!r}")
        sents = list(body_sentences(a, asides=False))
        if e.get("body"):
            first = strip_unread(sents[0]["text"], a) if sents else ""
            if not first.startswith(e["body"][0]):
                err(f"{name}: body expected to start {e['body'][0]!r}, got {first[:40]!r}")
        whole = "".join(s["text"] for s in body_sentences(a))
        for c in e.get("contains", []):
            if c not in whole:
                err(f"{name}: text does not contain {c!r}")
        if e.get("end"):
            allsents = list(body_sentences(a))
            last = allsents[-1]["text"] if allsents else ""
            if not last.endswith(e["end"][0]):
                err(f"{name}: text expected to end {e['end'][0]!r}, got {last[-40:]!r}")


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        page = unicodedata.normalize("NFKC", f.read())
    page = "\n".join(line for line in page.split("\n") if not line.startswith("##"))
    with open(sys.argv[2], encoding="utf-8") as f:
        manifest = json.load(f)
    eps = manifest["episodes"]
    merged = {"furniture": [], "articles": []}
    for ep in eps:
        merged["furniture"] += ep.get("furniture", [])
        merged["articles"] += ep["articles"]
    check_conserved(page, merged)
    check_unread(merged)
    if len(sys.argv) == 4:
        furniture, expected = parse_expect(sys.argv[3])
        check_expected(merged, furniture, expected)
    for e in errors:
        print(f"{sys.argv[1]}: {e}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
