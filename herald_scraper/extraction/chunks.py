"""Articles split into sibling chunks: recover the chunks the main-content pass left out.

Some CMSs (Condé Nast's "article__chunks", page builders, ad-interleaved layouts) cut one body
into several containers with the *same* class, separated by ads or widgets. trafilatura picks
the best-scoring container and can stop there, losing the rest of the article. The container
that holds the extracted paragraphs tells us the site's body class; its cousins with that exact
class and tag, near it in the tree, are the same body continued. trafilatura has no notion of
this (it scores containers independently), so it is done here, on the pruned tree.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

#: How many levels above the body container a chunk's common ancestor may be.
_MAX_LEVELS = 2
#: A chunk must hold this much paragraph text to count as body, not a widget sharing the class.
_MIN_CHUNK_CHARS = 200
_BLOCK_TAGS = ("p", "h2", "h3", "h4")
#: Share of a chunk's text inside links above which it is navigation/teasers, not body.
_MAX_LINK_DENSITY = 0.3


def _text(node: HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _key(text: str) -> str:
    return "".join(filter(str.isalnum, text.casefold()))


def _repeats(key: str, have: set[str]) -> bool:
    """Whether a block repeats kept text (also when one side was split at a <br>)."""
    return len(key) > 30 and any(key in k or (len(k) > 30 and k in key) for k in have)


def _link_density(node: HtmlElement) -> float:
    total = len(_text(node))
    links = sum(len(_text(a)) for a in node.iter("a"))
    return links / total if total else 1.0


def _lowest_common_ancestor(nodes: Sequence[HtmlElement]) -> HtmlElement | None:
    paths = [[node, *node.iterancestors()][::-1] for node in nodes]
    common: HtmlElement | None = None
    for level in zip(*paths, strict=False):
        if all(n is level[0] for n in level):
            common = level[0]
        else:
            break
    return common


def _body_container(tree: HtmlElement, lines: Sequence[str]) -> HtmlElement | None:
    """The element holding the extracted paragraphs, if it carries a class to match on."""
    wanted = {line for line in lines if len(line) > 40}
    matched = [p for p in tree.iter("p") if _text(p) in wanted]
    if len(matched) < 2:
        return None
    node = _lowest_common_ancestor(matched)
    # Climb to the nearest classed element: the CMS's chunk wrapper is the classed one.
    while node is not None and not (node.get("class") or "").strip():
        node = node.getparent()
    if node is None or node.tag in ("html", "body"):
        return None
    return node


def merge_chunks(tree: HtmlElement, lines: list[str]) -> list[str]:
    """``lines`` with the paragraphs of same-class sibling chunks of the body inserted in
    document order (chunks before the body container go before its first line, chunks after
    it after its last line). ``lines`` unchanged when the page is not chunked."""
    body = _body_container(tree, lines)
    if body is None:
        return lines
    anchor = body
    for _ in range(_MAX_LEVELS):
        if anchor.getparent() is None:
            break
        anchor = anchor.getparent()
    cls = body.get("class")
    have_keys: set[str] | None = None  # keyed once a cousin chunk is found: most pages have none
    # Elements themselves, not id()s: lxml proxies are recreated on access, ids get reused.
    inside: set[HtmlElement] = set(body.iter()) | set(body.iterancestors())
    before: list[str] = []
    after: list[str] = []
    seen_body = False
    for node in anchor.iter(body.tag):
        if node is body:
            seen_body = True
            continue
        if node.get("class") != cls or node in inside:
            continue
        blocks = [_text(b) for b in node.iter(*_BLOCK_TAGS)]
        blocks = [b for b in blocks if b]
        if have_keys is None:
            have_keys = {_key(line) for line in lines}
        # A chunk that mostly repeats kept text is a copy (mobile/desktop variants), not a continuation;
        # one made of links is a teaser grid styled like the body.
        repeated = sum(len(b) for b in blocks if _repeats(_key(b), have_keys))
        total = sum(len(b) for b in blocks)
        if repeated * 2 >= total or _link_density(node) > _MAX_LINK_DENSITY:
            continue
        if total < _MIN_CHUNK_CHARS:
            continue
        inside |= set(node.iter())
        (after if seen_body else before).extend(blocks)
        have_keys.update(_key(b) for b in blocks)
    if not before and not after:
        return lines
    logger.debug("recovered %d chunk paragraphs", len(before) + len(after))
    in_body = {_text(b) for b in body.iter(*_BLOCK_TAGS)}
    positions = [i for i, line in enumerate(lines) if line in in_body]
    first, last = (positions[0], positions[-1]) if positions else (0, len(lines) - 1)
    return lines[:first] + before + lines[first : last + 1] + after + lines[last + 1 :]
