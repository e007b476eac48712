"""A cost budget for the largest pages (issue 8): any page under the 20 MB size cap extracts in a
few seconds.

Extraction time grows with the text and elements that reach trafilatura's main-content pass and
the line rules: about 1.3 s per megabyte of prose on this machine, so a 20 MB comment thread
would take half a minute. News pages are far below the budget: the largest of the 558 dev-corpus
pages (``aeb-dev``, ``segments-dev``) is 1.3 MB, with at most 10,083 elements and 215,445
characters of text once scripts and styles are left out. So pages up to
:data:`CHECK_ABOVE_BYTES` are never looked at, and a larger page is reduced only when it is over
:data:`MAX_ELEMENTS` or :data:`MAX_TEXT_CHARS`, in up to three steps, each taken only while the
page is still over:

1. ``script``/``style``/``noscript``/``template``/``svg`` elements and comments are removed
   (their tails, which are visible text, kept), except JSON-LD under :data:`MAX_JSON_LD_CHARS`,
   which metadata is read from: they are never article text, and a state blob can be megabytes;
2. the main region is kept: the ``<article>`` (the one with the most text when there are several),
   else ``<main>``, else the ``articleBody`` element, with its ancestors and ``<head>``; siblings
   along the way (headers, menus, sidebars, footers) are dropped;
3. the rest is cut in document order at the budget: the article comes before its comment thread,
   the "more stories" lists and the footer, so what is cut is what follows it.

:func:`reduce_to_budget` says what it did (``None``: nothing), so that an over-budget page is
reported (``ExtractionResult.reduced``) and logged, never reduced silently.
"""

from __future__ import annotations

import logging

from lxml import etree
from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

CHECK_ABOVE_BYTES = 2_000_000
"""Pages of at most this many bytes (characters for ``str`` input) are never reduced."""
MAX_ELEMENTS = 50_000
"""Elements a page may keep (five times the most on a dev-corpus page)."""
MAX_TEXT_CHARS = 1_000_000
"""Characters of text a page may keep (some 150,000 words: a book, not an article)."""
MAX_JSON_LD_CHARS = 1_000_000
"""A JSON-LD script longer than this is no metadata worth its parse: removed with the scripts."""

_NON_CONTENT = ("script", "style", "noscript", "template", "svg")
_REGIONS = ("//article", "//main", '//*[@itemprop="articleBody"]')


def _elements(root: HtmlElement) -> int:
    # Counted by libxml2's XPath engine: a Python walk over a million elements costs seconds.
    return int(root.xpath("count(//*)"))


def _text_length(node: HtmlElement) -> int:
    return int(node.xpath("string-length(string(.))"))


def _over(root: HtmlElement) -> bool:
    return _elements(root) > MAX_ELEMENTS or _text_length(root) > MAX_TEXT_CHARS


def _strip_non_content(root: HtmlElement) -> None:
    doomed = [
        node
        for node in root.iter(*_NON_CONTENT, etree.Comment)
        if not (
            node.tag == "script"
            and "ld+json" in (node.get("type") or "").lower()
            and len(node.text or "") <= MAX_JSON_LD_CHARS
        )
    ]
    for node in doomed:
        parent = node.getparent()
        if parent is None:
            continue
        # Keep the tail: it is visible text following the script or comment.
        previous = node.getprevious()
        if node.tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)


def _main_region(root: HtmlElement) -> HtmlElement | None:
    for path in _REGIONS:
        found = [node for node in root.xpath(path) if isinstance(node, HtmlElement)]
        if found:
            return max(found, key=_text_length) if len(found) > 1 else found[0]
    return None


def _keep_only(root: HtmlElement, region: HtmlElement) -> None:
    """Drop everything but ``region``, its ancestors and ``<head>``."""
    node = region
    while node is not root:
        parent = node.getparent()
        if parent is None:
            break
        for sibling in list(parent):
            if sibling is not node and sibling.tag != "head":
                parent.remove(sibling)
        node = parent


def _drop_following(node: HtmlElement, root: HtmlElement) -> None:
    """Remove what follows ``node`` in document order: the following siblings of ``node`` and
    of each of its ancestors."""
    while node is not root and (parent := node.getparent()) is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent


def _cut(root: HtmlElement) -> None:
    """Cut the page at the budget's end in document order."""
    if _elements(root) > MAX_ELEMENTS:
        # The first element over the budget, found by XPath (document order) in C.
        first_over = root.xpath(f"(//*)[{MAX_ELEMENTS + 1}]")[0]
        _drop_following(first_over, root)
        if (parent := first_over.getparent()) is not None:
            parent.remove(first_over)
    if _text_length(root) <= MAX_TEXT_CHARS:
        return
    # At most MAX_ELEMENTS elements are left: a walk in document order is cheap now.
    chars = 0
    for event, node in etree.iterwalk(root, events=("start", "end")):
        attribute = "text" if event == "start" else "tail"
        text = getattr(node, attribute) or ""
        chars += len(text)
        if chars > MAX_TEXT_CHARS and not (node is root and attribute == "tail"):
            setattr(node, attribute, text[: len(text) - (chars - MAX_TEXT_CHARS)])
            if attribute == "text":
                for child in list(node):
                    node.remove(child)
            node.tail = None if attribute == "text" else node.tail
            _drop_following(node, root)
            return


def reduce_to_budget(root: HtmlElement, page_bytes: int) -> str | None:
    """Bring an over-budget page within :data:`MAX_ELEMENTS` and :data:`MAX_TEXT_CHARS` (see the
    module docstring); mutates ``root``. Returns None when the page was left alone, else the
    steps taken joined by ``+`` (``non_content``, ``main_region``, ``cut``)."""
    if page_bytes <= CHECK_ABOVE_BYTES or not _over(root):
        return None
    steps = ["non_content"]
    _strip_non_content(root)
    if _over(root) and (region := _main_region(root)) is not None:
        steps.append("main_region")
        _keep_only(root, region)
    if _over(root):
        steps.append("cut")
        _cut(root)
    return "+".join(steps)
