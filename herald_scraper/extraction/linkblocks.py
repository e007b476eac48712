"""Link-shaped boilerplate inside the body, found by link density rather than class names.

Two cues that hold across CMSs and languages, which trafilatura (scoring whole containers)
keeps because they sit *inside* the article container:

* a short paragraph that is nothing but a link: an inline "related story" teaser
  (``<p><a><strong>SEAN SPICER ELIMINATED FROM ...</strong></a></p>``). Body prose that links
  something links a few words, never the whole paragraph;
* a nested card inside a paragraph made of several links (people "rollover" cards, tooltips
  listing a person's other articles): prose does not nest a block of three links.
"""

from __future__ import annotations

import logging
import re

from lxml.html import HtmlElement

from herald_scraper.extraction.boilerplate import Removal, drop_node

logger = logging.getLogger(__name__)

#: A paragraph this short whose text is (almost) all link text is a teaser.
TEASER_MAX_WORDS = 25
TEASER_MIN_LINK_SHARE = 0.9
#: A nested element with this many links, nearly all of its text, is a card, not prose.
CARD_MIN_LINKS = 3
CARD_MIN_LINK_SHARE = 0.8
_URLISH = re.compile(r"^(https?://|www\.)|@\w+\.\w")


def _chars(node: HtmlElement) -> int:
    return len("".join(node.text_content().split()))


def _link_chars(node: HtmlElement) -> int:
    return sum(_chars(a) for a in node.iter("a"))


def _is_teaser(p: HtmlElement) -> bool:
    total = _chars(p)
    words = p.text_content().split()
    if not total or len(words) > TEASER_MAX_WORDS:
        return False
    # A bare URL or an e-mail address is a cited source or a contact, not a teaser.
    if any(_URLISH.search(w) for w in words):
        return False
    links = list(p.iter("a"))
    if any((a.get("href") or "").startswith(("mailto:", "tel:", "#")) for a in links):
        return False
    return _link_chars(p) >= TEASER_MIN_LINK_SHARE * total


def _is_card(node: HtmlElement) -> bool:
    links = sum(1 for _ in node.iter("a"))
    total = _chars(node)
    return (
        links >= CARD_MIN_LINKS and total > 0 and _link_chars(node) >= CARD_MIN_LINK_SHARE * total
    )


def prune_link_blocks(tree: HtmlElement) -> list[Removal]:
    """Remove link-only teaser paragraphs and link cards nested in paragraphs, in place."""
    removed: list[Removal] = []
    for p in list(tree.iter("p")):
        if p.getparent() is None:
            continue
        if _is_teaser(p):
            removed.append(Removal("link_teaser", " ".join(p.text_content().split())[:200]))
            drop_node(p)
            continue
        cards = [n for n in p.iterdescendants("span", "div") if _is_card(n)]
        # Innermost cards only: the wrapper of a card also holds the linked name in the prose.
        for card in cards:
            if any(_is_card(c) for c in card.iterdescendants("span", "div")):
                continue
            if card.getparent() is not None:
                removed.append(Removal("link_card", " ".join(card.text_content().split())[:200]))
                drop_node(card)
    return removed
