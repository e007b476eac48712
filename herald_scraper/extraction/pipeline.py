"""The extraction sequence: parse once, read declared metadata, prune, extract, clean, decide."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from herald_scraper.extraction.boilerplate import (
    CleanerConfig,
    Removal,
    clean_lines,
    holds_prose,
    prune_dom,
)
from herald_scraper.extraction.budget import reduce_to_budget
from herald_scraper.extraction.byline import shown_byline
from herald_scraper.extraction.chunks import merge_chunks
from herald_scraper.extraction.dates import date_evidence
from herald_scraper.extraction.detect import detect_article, url_shape
from herald_scraper.extraction.engine import (
    NotHtml,
    PageHeuristics,
    body_blocks,
    main_content,
    parse_html,
)
from herald_scraper.extraction.language import resolve_language
from herald_scraper.extraction.leads import prune_deks
from herald_scraper.extraction.listing import page_features
from herald_scraper.extraction.metadata import build_metadata, paywalled_selectors
from herald_scraper.extraction.oldmarkup import paragraphs_from_breaks, unwrap_layout_tables
from herald_scraper.extraction.structured import StructuredData, read_structured
from herald_scraper.extraction.widgets import prune_widgets
from herald_scraper.extraction.words import word_count

logger = logging.getLogger(__name__)

_PAYWALL_RULES = frozenset({"paywall_prompt"})
#: Marked-paywalled text actually served (in long paragraphs) above which it is the article.
PAYWALL_SERVED_CHARS = 600
PROSE_PARAGRAPH_CHARS = 150
#: More links than this and a page is no article (the most on 558 dev-corpus pages: 818).
MAX_ARTICLE_LINKS = 20_000


@dataclass
class ExtractionResult:
    """Outcome of one page: a record, or the reason there is none; plus what was removed."""

    record: dict[str, Any] | None
    reason: str
    """``ok`` or why no record: ``not_html/<why>``, ``no_main_content``, ``not_article/<why>``,
    ``not_article_listed/<why>`` (a sitemap/feed-listed URL rejected), ``error``."""
    removed: list[Removal] = field(default_factory=list)
    reduced: str | None = None
    """None, or how a page over the cost budget was reduced before extraction
    (:func:`~herald_scraper.extraction.budget.reduce_to_budget`: ``non_content``,
    ``main_region``, ``cut`` joined by ``+``), logged as a warning; for the caller to count."""


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    article_only: bool = True,
    cleaner: CleanerConfig | None = None,
    listed: bool = False,
) -> dict[str, Any] | None:
    """The record's content fields for an article page, or None (never raises).

    With ``article_only=False`` the article gate is skipped and the main text of any page is
    returned (general web pages, benchmarks). ``listed=True``: the site's sitemap or feed lists
    ``url`` as an article, so the gate rejects it only on strong evidence (reason
    ``not_article_listed/<why>``).
    """
    return extract_page(html, url, article_only=article_only, cleaner=cleaner, listed=listed).record


def extract_page(
    html: bytes | str,
    url: str | None = None,
    *,
    article_only: bool = True,
    cleaner: CleanerConfig | None = None,
    listed: bool = False,
) -> ExtractionResult:
    """As :func:`extract`, with the reason and the list of removals (never raises)."""
    try:
        return _extract(html, url, article_only, cleaner, listed)
    except NotHtml as exc:
        logger.info("no record for %s: not HTML (%s)", url, exc)
        return ExtractionResult(None, f"not_html/{_slug(str(exc))}")
    except Exception:  # noqa: BLE001 — one bad page must never stop a crawl
        logger.exception("extraction failed for %s", url)
        return ExtractionResult(None, "error")


def _extract(
    html: bytes | str,
    url: str | None,
    article_only: bool,
    cleaner: CleanerConfig | None,
    listed: bool = False,
) -> ExtractionResult:
    tree = parse_html(html)
    # A page with tens of thousands of links is a link farm or a hostile page, never one
    # article; every later pass walks the links, so it is turned away before any of them.
    if article_only and _more_links_than(tree, MAX_ARTICLE_LINKS):
        return ExtractionResult(None, "not_article/too_many_links")
    # Time grows with the page's text and elements: one over the budget is reduced (counted).
    reduced = reduce_to_budget(tree, len(html))
    if reduced:
        logger.warning("page %s is over the extraction budget: reduced (%s)", url, reduced)
    sd = read_structured(tree)
    dates = date_evidence(tree, sd, url)  # before pruning: datelines are pruned away
    byline = shown_byline(tree, sd) if not sd.article.get("author") else None
    # Listing structure is measured on the page as served: pruning below mutates the tree.
    features = page_features(tree, url) if article_only and not _thrice_declared(sd, url) else None
    paywalled = sd.article and _remove_paywalled_parts(tree, sd.article)
    unwrap_layout_tables(tree)
    paragraphs_from_breaks(tree)
    removed = prune_widgets(tree, url)
    removed += prune_dom(tree, cleaner)
    removed += prune_deks(tree)
    doc = main_content(tree, url)
    if doc is None:
        return ExtractionResult(None, "no_main_content", removed, reduced)
    record = build_metadata(sd, PageHeuristics(tree, url), url, dates, byline)
    blocks, lead_removals = _drop_lead_repeats(body_blocks(doc.body), record)
    texts = _dedupe_adjacent(merge_chunks(tree, [text for _, text in blocks]))
    kind_of = {text: kind for kind, text in blocks}
    kinds = [kind_of.get(text, "p") for text in texts]
    lines, line_removals = clean_lines(texts, cleaner, kinds)
    removed += lead_removals + line_removals
    if article_only:
        verdict = detect_article(sd, lines, url, features, listed=listed)
        if not verdict.is_article:
            kind = "not_article_listed" if listed else "not_article"
            return ExtractionResult(None, f"{kind}/{verdict.reason}", removed, reduced)
    text = "\n".join(lines)
    record["paywalled"] = bool(
        record["paywalled"] or paywalled or any(r.rule in _PAYWALL_RULES for r in line_removals)
    )
    record["text"] = text
    # Templates hard-code <html lang>: the clean text's own language corrects the declared one.
    record["language"] = resolve_language(record["language"], text)
    record["word_count"] = word_count(text)
    return ExtractionResult(record, "ok", removed, reduced)


def _remove_paywalled_parts(tree: HtmlElement, article: dict[str, Any]) -> bool:
    """Drop the parts JSON-LD marks as not free when they hold a barrier, not the article.

    Publishers mark the paywalled section with ``hasPart``/``cssSelector`` whether they serve
    its text (metered or crawler access: the page as fetched *is* accessible, keep it; the line
    rules still drop any prompt inside) or only a subscription barrier in its place (drop it).
    Prose tells the two apart, judged over all marked parts together: some sites mark every
    paragraph separately, and one paragraph alone is short.
    """
    selectors = paywalled_selectors(article)
    nodes: list[HtmlElement] = []
    for selector in selectors:
        try:
            nodes.extend(tree.cssselect(selector))
        except Exception:  # noqa: BLE001 — publishers write invalid selectors
            logger.debug("invalid hasPart cssSelector %r", selector)
    served = sum(len(n.text_content().strip()) for n in nodes if _is_prose(n))
    if served < PAYWALL_SERVED_CHARS:
        for node in nodes:
            if node.getparent() is not None:
                node.getparent().remove(node)
    return bool(selectors)


def _is_prose(node: HtmlElement) -> bool:
    """A marked part that is article text: a long paragraph, or a container holding prose."""
    if node.tag == "p":
        return len(node.text_content()) > PROSE_PARAGRAPH_CHARS
    return holds_prose(node)


def _thrice_declared(sd: StructuredData, url: str | None) -> bool:
    """One JSON-LD article object, ``og:type=article`` and an article-shaped URL: three
    independent declarations of one article, which no listing on the gate set or the dev corpora
    combines, so the listing features (a third of the gate's cost) are not measured."""
    return (
        sd.article_objects == 1
        and sd.meta.get("og:type", "").strip().lower() == "article"
        and url_shape(url) == "article"
    )


def _more_links_than(tree: HtmlElement, limit: int) -> bool:
    return any(True for i, _ in enumerate(tree.iter("a")) if i >= limit)


def _dedupe_adjacent(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not out or out[-1] != line:
            out.append(line)
    return out


def _drop_lead_repeats(
    blocks: list[tuple[str, str]], record: dict[str, Any]
) -> tuple[list[tuple[str, str]], list[Removal]]:
    """Drop headings before the first paragraph that repeat the title or the standfirst
    (``description``): they are metadata fields already, not body text."""
    repeats = {_fold(record.get("title")), _fold(record.get("description"))} - {""}
    removed: list[Removal] = []
    while blocks and blocks[0][0] == "head" and _fold(blocks[0][1]) in repeats:
        removed.append(Removal("lead_repeat", blocks[0][1]))
        blocks = blocks[1:]
    return blocks, removed


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _slug(text: str) -> str:
    return "_".join(text.lower().replace("(", "").replace(")", "").split()[:3]) or "unknown"
