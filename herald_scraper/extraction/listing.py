"""Listing structure measured on the parsed DOM: teaser blocks, link text, running prose.

A listing page (home, section, tag, author, search, archive) is many *teasers* — a block holding
one headline link to another page with a short summary or none — and little running prose in
any one place. An article is a block of running prose, whatever the sidebars hold. Both are
measured here on the tree as parsed (before pruning and before trafilatura, which may keep a
teaser list or drop a short article), from structure only: link targets, repetition, word
counts. No class names, no phrases.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from herald_scraper.extraction.words import word_count

logger = logging.getLogger(__name__)

#: A headline link has at least this many words when it is not in a heading (shorter standalone
#: links are menu entries: "World", "Contact us").
HEADLINE_WORDS = 4
#: A heading link needs this many words ("Storm warning" is a headline, "More" is not).
HEADING_LINK_WORDS = 2
#: A teaser block holds at most this many words (headline + a 30-50-word summary + meta line).
TEASER_MAX_WORDS = 110
#: Teasers are a listing when at least this many sit side by side (parent or grandparent).
GROUP_MIN = 3
#: A picture block (image + caption) with more words than this is a paragraph with a picture.
CAPTION_MAX_WORDS = 60

_SKIP = frozenset(
    "script style noscript template svg head iframe select option button textarea object".split()
)
_INLINE = frozenset(
    "a abbr b bdi bdo big br cite code data dfn em font i img kbd mark q s samp small span strike "
    "strong sub sup time tt u var wbr label del ins nobr".split()
)
_MEDIA = frozenset({"img", "picture", "video"})
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_BREAKS = frozenset({"br", "hr", "img"})
# Landmarks whose prose is never the page's own text (menus, footers, sidebars).
_NO_PROSE_TAGS = frozenset({"nav", "footer", "aside"})
_NO_PROSE_ROLES = frozenset({"navigation", "contentinfo", "complementary"})


@dataclass(frozen=True)
class PageFeatures:
    """What the DOM says about the page as a whole."""

    words: int = 0
    """Visible words in the body."""
    link_words: int = 0
    """Words inside links to other pages."""
    teasers: int = 0
    """Teaser blocks (one headline link to another page, few words), anywhere."""
    grouped_teasers: int = 0
    """Teasers standing in a group of :data:`GROUP_MIN` or more similar siblings."""
    media_items: int = 0
    """Picture blocks (an image and at most a caption) repeated side by side: a gallery."""
    prose_run: int = 0
    """Non-link words in the longest run of prose (consecutive paragraphs or text of one
    container, not interrupted by a headline link), outside menus, footers and sidebars."""

    @property
    def link_share(self) -> float:
        return self.link_words / self.words if self.words else 0.0


def _is_element(node: object) -> bool:
    return isinstance(node, HtmlElement) and isinstance(node.tag, str)


class _Page:
    """One pass over the tree: per-element word counts and headline-link targets."""

    def __init__(self, tree: HtmlElement, url: str | None) -> None:
        self.url = url or ""
        self.page = _strip(self.url)
        self.site = _site(self.url)
        self.words: dict[HtmlElement, int] = {}
        self.plain: dict[HtmlElement, int] = {}
        self.media: set[HtmlElement] = set()
        self.targets: dict[HtmlElement, frozenset[str]] = {}
        self.headline: dict[HtmlElement, str] = {}
        self.link_words = 0
        self.total_words = 0
        self.order: list[HtmlElement] = []
        self._resolved: dict[str, str | None] = {}
        self.text_words: dict[HtmlElement, int] = {}
        self.tail_words: dict[HtmlElement, int] = {}
        self.kids: dict[HtmlElement, list[HtmlElement]] = {}
        """Each element's children that are counted (not comments, not skipped subtrees)."""
        self.child_tails: dict[HtmlElement, int] = {}
        """Words in the tails of each element's children."""
        self.no_prose: set[HtmlElement] = set()
        self._holders: set[HtmlElement] | None = None
        self.origin = _origin(self.url)
        body = tree.find(".//body")
        self.root = body if body is not None else tree
        self._collect()

    def _collect(self) -> None:
        # Pre-order (document order) list of elements without skipped subtrees (scripts,
        # styles...); lxml's own iteration, filtered, is several times faster than a stack.
        # ``iter(etree.Element)`` yields elements only (no comments or processing instructions).
        skipped: set[HtmlElement] = set()
        for node in self.root.iter(*_SKIP):
            if node not in skipped:
                skipped.update(node.iter())
        everything = self.root.iter(etree.Element)
        self.order = [n for n in everything if n not in skipped] if skipped else list(everything)
        for a in self.root.iter("a"):
            if a in skipped:
                continue
            target = self._target(a)
            if target is not None:
                n = word_count(a.text_content())
                self.link_words += n
                if self._is_headline(a, target, n):
                    self.headline[a] = target
        # Word counts of every text and tail, once: three passes below add them up.
        self.text_words = {n: word_count(n.text) for n in self.order}
        self.tail_words = {n: word_count(n.tail) for n in self.order}
        self._sum_up(skipped)
        # Landmarks, asked once per element (the prose-run pass asks about most elements twice).
        self.no_prose = {n for n in self.order if _no_prose(n)}

    def _sum_up(self, skipped: set[HtmlElement]) -> None:
        """Words, non-link words and headline targets of every element, children first.

        Each element adds its sums into its parent's: one ``getparent()`` per element is
        several times cheaper in lxml than iterating every element's children. Each element's
        counted children (:attr:`kids`) and the words of all its children's tails
        (:attr:`child_tails`) are kept for the prose-run pass.
        """
        parent_of = {n: n.getparent() for n in self.order}
        kids: dict[HtmlElement, list[HtmlElement]] = {n: [] for n in self.order}
        tails = dict.fromkeys(self.order, 0)
        for node in self.order:  # document order: each element's kids in order
            parent = parent_of[node]
            if parent in kids:
                kids[parent].append(node)
                tails[parent] += self.tail_words[node]
        # Comments and skipped elements are no kids, but their tails are their parent's text.
        for stray in self._strays(skipped):
            parent = stray.getparent()
            if parent in tails:
                tails[parent] += word_count(stray.tail)
        words = {n: self.text_words[n] + tails[n] for n in self.order}
        plain = dict(words)
        found: dict[HtmlElement, set[str]] = {}
        for node in reversed(self.order):  # every descendant is summed before its element
            if node.tag in _MEDIA:
                self.media.add(node)
            if node in self.headline:
                targets = {self.headline[node]}
            else:
                targets = found.get(node, set())
            if node.tag == "a":
                plain[node] = 0
            self.targets[node] = frozenset(targets)
            parent = parent_of[node]
            if parent not in words:
                continue
            words[parent] += words[node]
            plain[parent] += plain[node]
            if node in self.media:
                self.media.add(parent)
            if targets:
                # Only whether one target or several matters: two stand for any more.
                merged = found.setdefault(parent, set())
                merged |= targets
                if len(merged) > 2:
                    found[parent] = set(list(merged)[:2])
        self.words, self.plain, self.kids, self.child_tails = words, plain, kids, tails
        self.total_words = words.get(self.root, 0)

    def _strays(self, skipped: set[HtmlElement]) -> list[HtmlElement]:
        """Children that are not counted: comments, processing instructions, entities and the
        tops of skipped subtrees."""
        strays = list(self.root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity))
        strays += [n for n in skipped if n.getparent() not in skipped]
        return strays

    def tail_of(self, child: HtmlElement) -> int:
        """Words in the text after ``child`` (comments and skipped elements have tails too)."""
        words = self.tail_words.get(child)
        return word_count(child.tail) if words is None else words

    def _target(self, a: HtmlElement) -> str | None:
        href = (a.get("href") or "").strip()
        # Menus, footers and teaser grids repeat the same hrefs: resolve each once.
        if href in self._resolved:
            return self._resolved[href]
        target = self._resolve(href)
        self._resolved[href] = target
        return target

    def _resolve(self, href: str) -> str | None:
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            return None
        try:
            absolute = self._absolute(href)
            if absolute is None:
                return None
        except ValueError:  # "//[not-an-ip]/" and other hrefs urllib refuses
            return None
        target = _strip(absolute)
        return None if target == self.page else target

    def _absolute(self, href: str) -> str | None:
        """``href`` made absolute; None for a scheme that is not the web. urljoin only where
        needed: it was the largest single cost of the whole pass."""
        if href.startswith(("http://", "https://")):
            return href
        if href.startswith("/") and not href.startswith("//") and self.origin:
            return self.origin + href
        absolute = urljoin(self.url, href) if self.url else href
        return absolute if urlsplit(absolute).scheme in ("http", "https", "") else None

    def _is_headline(self, a: HtmlElement, target: str, n: int) -> bool:
        if self._in_heading(a):
            return n >= HEADING_LINK_WORDS
        if n < HEADLINE_WORDS or (self.site and _site(target) not in (self.site, "")):
            return False  # a menu entry, or a standalone link off the site (share, partner)
        return _standalone(a)

    def _in_heading(self, a: HtmlElement) -> bool:
        """``<h3><a>..</a></h3>`` or ``<a><h3>..</h3></a>`` (a whole card as one link)."""
        if self._holders is None:
            self._holders = _heading_holders(self.root)
        if a in self._holders:
            return True
        ancestors = zip(range(3), a.iterancestors(), strict=False)
        return any(anc.tag in _HEADINGS for _, anc in ancestors)


def _heading_holders(root: HtmlElement) -> set[HtmlElement]:
    """The elements with a heading inside, found from the few headings up rather than by
    searching below every link. A walk up stops at an element already found (its ancestors
    are too), so nested headings cost no more than the tree's size."""
    holders: set[HtmlElement] = set()
    for heading in root.iter(*_HEADINGS):
        for anc in heading.iterancestors():
            if anc in holders:
                break
            holders.add(anc)
    return holders


def _standalone(a: HtmlElement) -> bool:
    """The link stands alone on its line (a list entry, a headline), not inside a sentence."""
    node = a
    parent = node.getparent()
    while (
        parent is not None
        and parent.tag in _INLINE
        and parent.text_content().strip() == node.text_content().strip()
    ):
        node, parent = parent, parent.getparent()
    if parent is None:
        return True
    prev = node.getprevious()
    left = prev.tail if prev is not None else parent.text
    if left and left.strip():
        return False
    if prev is not None and _is_element(prev) and prev.tag in _INLINE and prev.tag not in _BREAKS:
        return False
    if node.tail and any(ch.isalnum() for ch in node.tail):
        return False
    nxt = node.getnext()
    return nxt is None or not _is_element(nxt) or nxt.tag not in _INLINE or nxt.tag in _BREAKS


def _origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, or "" when it has none."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _strip(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def _site(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _no_prose(node: HtmlElement) -> bool:
    return node.tag in _NO_PROSE_TAGS or (node.get("role") or "").lower() in _NO_PROSE_ROLES


def page_features(tree: HtmlElement, url: str | None) -> PageFeatures:
    """Teasers, link text and the longest prose run of the page ``tree`` (not mutated)."""
    page = _Page(tree, url)
    teasers = [n for n in page.order if _is_teaser(page, n) and not _is_teaser(page, n.getparent())]
    siblings: dict[HtmlElement | None, int] = {}
    cousins: dict[HtmlElement | None, int] = {}
    for node in teasers:
        parent = node.getparent()
        grand = parent.getparent() if parent is not None else None
        siblings[parent] = siblings.get(parent, 0) + 1
        cousins[grand] = cousins.get(grand, 0) + 1
    media = _media_items(page)
    grouped = 0
    for node in teasers:
        parent = node.getparent()
        grand = parent.getparent() if parent is not None else None
        if siblings[parent] >= GROUP_MIN or cousins[grand] >= GROUP_MIN:
            grouped += 1
    return PageFeatures(
        words=page.total_words,
        link_words=page.link_words,
        teasers=len(teasers),
        grouped_teasers=grouped,
        media_items=len(media),
        prose_run=_longest_run(page, media),
    )


def _media_items(page: _Page) -> set[HtmlElement]:
    """Picture blocks standing in a row of :data:`GROUP_MIN` or more with the same tag and
    class: a gallery's items (their captions are not running prose)."""
    items: set[HtmlElement] = set()
    # Only an element with a picture block among its children can hold a row of them.
    rows = {parent for m in page.media if (parent := m.getparent()) in page.words}
    for node in rows:
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in page.kids[node]:
            if child in page.media and page.plain[child] <= CAPTION_MAX_WORDS:
                key = (str(child.tag), child.get("class") or "")
                groups.setdefault(key, []).append(child)
        for group in groups.values():
            if len(group) >= GROUP_MIN and not any(page.targets[c] for c in group):
                items.update(group)
    return items


def _is_teaser(page: _Page, node: HtmlElement | None) -> bool:
    if node is None or node not in page.words:
        return False
    if node.tag in _INLINE and node.tag != "a":
        return False
    return len(page.targets[node]) == 1 and page.words[node] <= TEASER_MAX_WORDS


def _longest_run(page: _Page, media: set[HtmlElement]) -> int:
    _drop_captions(page, media)
    best = 0
    excluded: set[HtmlElement] = set()
    for node in page.order:  # pre-order: a parent is seen before its children
        if node in excluded or node in page.no_prose or node in media:
            excluded.update(page.kids[node])
            continue
        best = max(best, _run_in(page, node, media))
    return best


def _drop_captions(page: _Page, media: set[HtmlElement]) -> None:
    """Recount non-link words without the gallery items' captions (they are not prose).
    Without gallery items the recount is the count :class:`_Page` made."""
    if not media:
        return
    plain = page.plain
    for node in reversed(page.order):
        if node in media or node.tag == "a":
            plain[node] = 0
        else:
            kids = sum(plain[c] for c in page.kids[node])
            plain[node] = page.text_words[node] + page.child_tails[node] + kids


def _run_in(page: _Page, node: HtmlElement, media: set[HtmlElement]) -> int:
    """The longest run of non-link words directly inside ``node``: its own text and its children
    in order, cut wherever a child holds a headline link (a teaser, a link list)."""
    if node.tag in _INLINE:
        return 0
    kids = page.kids[node]
    if not any(page.targets[c] or c in media for c in kids):
        # Nothing cuts the run: it is all of the node's own text (the common case).
        prose = sum(page.plain[c] for c in kids if c not in page.no_prose)
        return page.text_words[node] + page.child_tails[node] + prose
    run = best = page.text_words[node]
    for child in node:
        if child in page.words:  # not a skipped subtree or a comment
            if page.targets[child] or child in media:
                best, run = max(best, run), 0
            elif child not in page.no_prose:
                run += page.plain[child]
        run += page.tail_of(child)
    return max(best, run)
