"""Reading a tingbao manifest in the end-to-end checks: the spoken sentences, in order."""


def article_sentences(article):
    """The sentences of an article as they are read: heading, then subheads and paragraphs."""
    out = list(article["heading"])
    for p in article["paragraphs"]:
        if p.get("subhead_spoken"):
            out.append(p["subhead_spoken"])
        out += p["sentences"]
    return out


def episode_sentences(ep):
    """The opening's sentences, then every article's."""
    out = list(ep["opening"])
    for a in ep["articles"]:
        out += article_sentences(a)
    return out
