#!/usr/bin/env python3
"""Compares two built sites page by page, ignoring only whitespace that no
browser shows: between block-level elements, and at the start and end of a
block's text. Everything else — elements, attributes and their order, text,
and the spaces between inline elements — must be the same.

    tools/same-dom.py OLD_SITE NEW_SITE

For reviewing template changes that only reflow the markup: a byte comparison
fails on them, this does not. Non-HTML files must be byte-identical. Exit 0
when the sites show the same, 1 (with the first difference of each file) when
not.
"""

import html.parser
import os
import re
import sys

BLOCK = set(
    "html head body title meta link style script main header footer nav section article aside "
    "div p h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption "
    "figure figcaption form br hr "
    # SVG shows no white space between its elements, nor at the ends of a text.
    "svg desc g line polyline polygon circle rect path text".split()
)
VOID = {"meta", "link", "br", "hr", "img", "input", "source", "col", "area", "base", "wbr"}


class Tokens(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        self.out.append(("start", tag, tuple(attrs)))
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag, attrs):
        self.out.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.out.append(("end", tag))
        if tag == "pre":
            self.pre -= 1

    def handle_data(self, data):
        self.out.append(("text", data if self.pre else re.sub(r"\s+", " ", data)))

    def handle_decl(self, decl):
        self.out.append(("decl", decl))

    def handle_comment(self, data):
        self.out.append(("comment", data))


def is_block(tok):
    return tok is not None and tok[0] in ("start", "end") and tok[1] in BLOCK


def shown(text):
    p = Tokens()
    p.feed(text)
    p.close()
    toks = p.out
    out = []
    for i, t in enumerate(toks):
        if t[0] == "text":
            s = t[1]
            prev = toks[i - 1] if i > 0 else None
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if prev is None or is_block(prev) or prev[0] == "decl":
                s = s.lstrip(" ")
            if nxt is None or is_block(nxt):
                s = s.rstrip(" ")
            if not s:
                continue
            if out and out[-1][0] == "text":
                out[-1] = ("text", out[-1][1] + s)
                continue
            t = ("text", s)
        out.append(t)
    return out


def files(root):
    for d, _, names in os.walk(root):
        for n in names:
            yield os.path.relpath(os.path.join(d, n), root)


def main(old, new):
    a, b = set(files(old)), set(files(new))
    bad = 0
    for name in sorted(a ^ b):
        print(f"only in {'old' if name in a else 'new'}: {name}")
        bad += 1
    for name in sorted(a & b):
        x = open(os.path.join(old, name), "rb").read()
        y = open(os.path.join(new, name), "rb").read()
        if x == y:
            continue
        if not name.endswith(".html"):
            print(f"{name}: differs (not HTML)")
            bad += 1
            continue
        sx, sy = shown(x.decode()), shown(y.decode())
        if sx != sy:
            i = next((k for k, (p, q) in enumerate(zip(sx, sy)) if p != q), min(len(sx), len(sy)))
            print(f"{name}: differs at token {i}:\n  old: {sx[i] if i < len(sx) else '(end)'}\n  new: {sy[i] if i < len(sy) else '(end)'}")
            bad += 1
    print(f"{len(a & b)} files compared, {bad} differ in what they show")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
