"""Deks (standfirsts shown as a subtitle): metadata, not body text, when set apart as such.

A dek set as a *heading* with a subtitle class above the first prose paragraph
(``h2.entry-sub-title``, ``h2.jeg_post_subtitle``; below it such classes mark body subheadings,
as "subheadline" does anywhere) or as a paragraph wholly in italics that repeats the page's
description is the standfirst, which the record carries as ``description``. A lead *paragraph*
(``p.lead``, a bold intro, a first paragraph that merely starts like the description) is body
text and stays: benchmark gold keeps such leads, and many sites take the description from them.
"""

from __future__ import annotations

import logging
import re

from lxml.html import HtmlElement

from herald_scraper.extraction.boilerplate import Removal, drop_node

logger = logging.getLogger(__name__)

_DEK_CLASS = re.compile(r"([\w-]*[-_])?(sub-?title|standfirst|strapline|dek|deck)", re.IGNORECASE)
# Italic only: a bold first paragraph is the intro (German "Vorspann"), which is body text.
_EMPHASIS = frozenset({"em", "i"})
#: A paragraph this long is article prose; deks come before the first one.
PROSE_CHARS = 150
#: Longer than this, an emphasised "dek" is an article of its own (a note, an interview intro).
MAX_DEK_CHARS = 400


def prune_deks(tree: HtmlElement) -> list[Removal]:
    """Remove dek headings and an emphasised first paragraph repeating the description."""
    removed: list[Removal] = []
    deks: list[HtmlElement] = []
    for node in tree.iter("p", "h2", "h3", "h4", "h5", "h6"):
        if node.tag == "p":
            if len(_text(node)) > PROSE_CHARS:
                break  # past the top of the article: "subtitle" headings here are subheadings
            continue
        tokens = (node.get("class") or "").split()
        if any(_DEK_CLASS.fullmatch(t) for t in tokens) and len(_text(node)) <= MAX_DEK_CHARS:
            deks.append(node)
    for node in deks:
        removed.append(Removal("dek", _text(node)))
        drop_node(node)
    description = _fold(_description(tree))
    if description:
        for node in tree.iter("p"):
            # The shape first: it rules out nearly every paragraph without reading its text.
            if _emphasised(node) and _fold(_text(node)) == description:
                removed.append(Removal("dek", _text(node)))
                drop_node(node)
                break
    return removed


def _description(tree: HtmlElement) -> str:
    for xpath in (
        '//meta[@name="description"]/@content',
        '//meta[@property="og:description"]/@content',
    ):
        values = tree.xpath(xpath)
        if values:
            return str(values[0])
    return ""


def _emphasised(node: HtmlElement) -> bool:
    """The paragraph's whole text sits inside one emphasis element (an italic standfirst)."""
    children = list(node)
    if len(children) != 1 or (node.text or "").strip() or (children[0].tail or "").strip():
        return False
    return isinstance(children[0].tag, str) and children[0].tag in _EMPHASIS


def _text(node: HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
