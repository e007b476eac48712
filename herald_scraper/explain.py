"""``herald-scraper explain PAGE.html``: a self-contained HTML report of what extraction kept and
removed on one page, and why, so a reader can check a corpus before trusting it.

The page's text blocks (paragraphs, headings, list items, cells...) are listed in page order,
each marked:

* **kept**: its text is in the record's ``text``;
* **removed** by a named rule: the cleaner's :class:`~herald_scraper.extraction.Removal` list
  (structural rules such as ``signup_form``, phrase rules such as ``support_us``, ``crosspage``);
* **removed** by the ``main-content pass``: trafilatura did not take it as the article body
  (menus, footers, teasers; and a paywalled part the page marks as not free).

Then the record's metadata, each field with where its value is declared (JSON-LD, OpenGraph or
meta tags, the URL), else ``page heuristics`` (trafilatura's title and byline guesses,
htmldate, the dateline). Pure: bytes in, HTML out; no JavaScript, no external resources.
"""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass
from typing import Any

from herald_scraper.decoding import decode_html
from herald_scraper.extraction import ExtractionResult, extract_page
from herald_scraper.extraction.engine import parse_html
from herald_scraper.extraction.structured import StructuredData, read_structured

logger = logging.getLogger(__name__)

#: Elements whose text is one block of the page.
BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd td th blockquote figcaption pre div section aside "
    "header footer nav article main form label button a span time address caption".split()
)
_CONTAINERS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd td th blockquote figcaption pre div".split())
_SKIPPED = ("script", "style", "noscript", "template", "head", "svg")
MAIN_CONTENT = "main-content pass"


@dataclass(frozen=True)
class Block:
    tag: str
    text: str
    kept: bool
    label: str
    """``kept``, ``title`` (the headline, kept as the record's title), or the rule or stage
    that removed the block."""


def explain(data: bytes | str, url: str | None = None, *, article_only: bool = True) -> str:
    """The report of one page as an HTML document."""
    text = decode_html(data) if isinstance(data, bytes) else data
    result = extract_page(text, url, article_only=article_only)
    try:
        tree = parse_html(text)
        sd = read_structured(tree)
        blocks = page_blocks(tree)
    except Exception as exc:  # noqa: BLE001 - not HTML: the report says so
        logger.info("cannot read %s as HTML: %s", url, exc)
        return render(url, result, [], [])
    ruled = removed_nodes(tree, result)
    return render(url, result, classify(blocks, result, ruled), provenance(result.record, sd, url))


def removed_nodes(tree: Any, result: ExtractionResult) -> dict[Any, str]:
    """The page's elements a structural rule removed, by rule: a structural removal's text is
    its element's text, so the element is found by its text (the smallest one holding it)."""
    wanted = {_norm(r.text): r.rule for r in result.removed if len(r.text.split()) >= 1}
    found: dict[Any, str] = {}
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        rule = wanted.get(_norm(node.text_content()))
        if rule is not None:
            found[node] = rule
    return found


def page_blocks(tree: Any) -> list[tuple[Any, str, str]]:
    """``(element, tag, text)`` of each innermost block of the page, in page order."""
    for node in list(tree.iter(*_SKIPPED)):
        if node.getparent() is not None:
            node.drop_tree()
    blocks: list[tuple[Any, str, str]] = []
    for node in tree.iter():
        if not isinstance(node.tag, str) or node.tag not in BLOCK_TAGS:
            continue
        if any(isinstance(d.tag, str) and d.tag in _CONTAINERS for d in node.iterdescendants()):
            continue  # its text is in the blocks inside it
        words = " ".join(node.text_content().split())
        if words and not _inside_block(node):
            blocks.append((node, node.tag, words))
    return blocks


def _inside_block(node: Any) -> bool:
    """A link or span inside a block already listed (its text is part of that block's)."""
    if node.tag in _CONTAINERS:
        return False
    parent = node.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag in _CONTAINERS:
            return True
        parent = parent.getparent()
    return False


def classify(
    blocks: list[tuple[Any, str, str]], result: ExtractionResult, ruled: dict[Any, str]
) -> list[Block]:
    """Each block kept or removed, with the rule or stage that removed it: the rule that removed
    an element around it, else a line rule whose line it is, else the main-content pass."""
    record = result.record or {}
    kept_lines = {_norm(line) for line in (record.get("text") or "").splitlines() if line.strip()}
    kept_all = "\n".join(kept_lines)
    title = _norm(record.get("title") or "")
    removals = [(r.rule, _norm(r.text)) for r in result.removed if r.text.strip()]
    out: list[Block] = []
    for node, tag, text in blocks:
        norm = _norm(text)
        if norm in kept_lines or (len(norm) >= 40 and norm in kept_all):
            out.append(Block(tag, text, True, "kept"))
        elif title and norm == title and tag.startswith("h"):
            out.append(Block(tag, text, True, "title"))
        else:
            rule = next((ruled[n] for n in node.iterancestors() if n in ruled), ruled.get(node))
            if rule is None:
                rule = next(
                    (
                        r
                        for r, line in removals
                        if norm == line or (len(norm) >= 20 and norm in line)
                    ),
                    MAIN_CONTENT,
                )
            out.append(Block(tag, text, False, rule))
    return out


#: Where a field may be declared: ``(label, JSON-LD key or None, meta keys)``.
_DECLARED: dict[str, list[tuple[str, str | None, tuple[str, ...]]]] = {
    "title": [("JSON-LD headline", "headline", ()), ("og:title", None, ("og:title",))],
    "authors": [("JSON-LD author", "author", ()), ("meta author", None, ("author", "article:author"))],
    "date_published": [
        ("JSON-LD datePublished", "datePublished", ()),
        ("meta article:published_time", None, ("article:published_time",)),
    ],
    "date_modified": [
        ("JSON-LD dateModified", "dateModified", ()),
        ("meta article:modified_time", None, ("article:modified_time", "og:updated_time")),
    ],
    "language": [("JSON-LD inLanguage", "inLanguage", ()), ("meta og:locale", None, ("og:locale",))],
    "site_name": [("og:site_name", None, ("og:site_name",)), ("JSON-LD publisher", "publisher", ())],
    "description": [
        ("og:description", None, ("og:description",)),
        ("meta description", None, ("description",)),
        ("JSON-LD description", "description", ()),
    ],
    "categories": [("JSON-LD articleSection", "articleSection", ()), ("meta article:section", None, ("article:section",))],
    "tags": [("JSON-LD keywords", "keywords", ()), ("meta article:tag", None, ("article:tag", "keywords", "news_keywords"))],
    "image": [("og:image", None, ("og:image",)), ("JSON-LD image", "image", ())],
    "canonical_url": [("og:url", None, ("og:url",))],
    "paywalled": [("JSON-LD isAccessibleForFree", "isAccessibleForFree", ())],
}  # fmt: skip


def provenance(
    record: dict[str, Any] | None, sd: StructuredData, url: str | None
) -> list[tuple[str, Any, str]]:
    """``(field, value, source)`` for the record's metadata fields."""
    if record is None:
        return []
    rows = []
    for name, candidates in _DECLARED.items():
        value = record.get(name)
        if value in (None, [], "", False):
            rows.append((name, value, "not found"))
            continue
        source = "page heuristics"
        if name == "language" and sd.html_lang:
            source = "html lang"
        if name == "canonical_url" and sd.canonical:
            rows.append((name, value, "link rel=canonical"))
            continue
        for label, key, metas in candidates:
            declared = [sd.article.get(key)] if key else [sd.meta_all.get(m) for m in metas]
            if any(_holds(d, value) for d in declared if d):
                source = label
                break
        else:
            if name == "date_published" and url and str(value)[:10].replace("-", "/") in url:
                source = "URL"
        rows.append((name, value, source))
    return rows


def _holds(declared: Any, value: Any) -> bool:
    """Whether a declaration carries ``value`` (dates compared by day)."""
    haystack = json.dumps(declared, ensure_ascii=False).casefold()
    values = value if isinstance(value, list) else [value]
    for item in values:
        needle = str(item).casefold()
        if isinstance(item, str) and len(item) >= 10 and item[4:5] == "-" and item[:4].isdigit():
            needle = item[:10]  # a date: its day
        if needle in haystack or (isinstance(item, bool) and "false" in haystack):
            return True
    return False


def render(
    url: str | None,
    result: ExtractionResult,
    blocks: list[Block],
    fields: list[tuple[str, Any, str]],
) -> str:
    e = html.escape
    kept = sum(b.kept for b in blocks)
    rows = "".join(
        f"<tr><th>{e(name)}</th><td>{e(_show(value))}</td><td class=src>{e(source)}</td></tr>"
        for name, value, source in fields
    )
    items = "".join(
        f'<div class="block {"kept" if b.kept else "removed"}" data-rule="{e(b.label)}">'
        f"<span class=label>{e(b.label)}</span><span class=tag>&lt;{e(b.tag)}&gt;</span>"
        f"<p>{e(b.text)}</p></div>"
        for b in blocks
    )
    outcome = "article" if result.record is not None else f"no record: {result.reason}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>herald-scraper explain: {e(url or "page")}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222 }}
.legend span, .label {{ display: inline-block; font-size: 12px; padding: 0 .4rem;
  border-radius: 3px; margin-right: .4rem }}
.block {{ margin: .3rem 0; padding: .3rem .6rem; border-left: 5px solid }}
.block p {{ margin: .2rem 0 }}
.kept {{ background: #e9f7ec; border-color: #2e8b47 }}
.kept .label {{ background: #2e8b47; color: #fff }}
.removed {{ background: #fbeaea; border-color: #c0392b; color: #6b2a2a }}
.removed p {{ text-decoration: line-through; text-decoration-color: #c0392b88 }}
.removed .label {{ background: #c0392b; color: #fff }}
.tag {{ font: 11px monospace; color: #777 }}
table {{ border-collapse: collapse; margin: 1rem 0 2rem }}
th, td {{ text-align: left; vertical-align: top; padding: .2rem .6rem; border-bottom: 1px solid #ddd }}
td.src {{ color: #555; font-size: 13px }}
</style></head><body>
<h1>What extraction kept and removed</h1>
<p><b>{e(url or "(no URL given)")}</b>: {e(outcome)}; {kept} of {len(blocks)} text blocks kept,
{len(blocks) - kept} removed.</p>
<p class=legend><span class="label" style="background:#2e8b47;color:#fff">kept</span>in the
record's text <span class="label" style="background:#c0392b;color:#fff">rule</span>removed, by
the rule or stage named ({e(MAIN_CONTENT)}: not taken as the article body)</p>
<h2>Metadata</h2>
<table><tr><th>field</th><th>value</th><th>from</th></tr>{rows}</table>
<h2>Text blocks, in page order</h2>
{items}
</body></html>
"""


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
