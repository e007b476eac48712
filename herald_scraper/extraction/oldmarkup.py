"""Markup of sites built before CSS layout, restated as the blocks modern extractors expect.

Two habits of 1995-2010 templates hide an article's structure from trafilatura:

* **layout tables**: masthead, section menu, article and "most viewed" column are cells of one
  table, and trafilatura keeps a table whole, so the article comes out glued to its menus;
* **paragraphs as ``<br><br>``**: running text in a cell or ``<font>``, paragraphs separated by
  blank lines, so a byline, a "Send to a friend | Print" bar and the comments under the article
  are one block with it and no line-level cue can reach them.

Both are restated here before the main-content pass: a layout table's rows and cells become
``<div>``, and ``<br><br>``-separated runs become ``<p>``. readability-lxml does the second too,
which is much of why it did better on old news templates.
"""

from __future__ import annotations

import logging

from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

#: A table cell holding this many words is page layout (an article in a cell), not a data cell.
LAYOUT_CELL_WORDS = 80
#: Paragraph runs are made only where at least this many runs of this many characters are
#: prose: a column of short lines (teasers, a menu) stays as it is.
MIN_PROSE_RUNS = 2
PROSE_RUN_CHARS = 150
#: Elements whose loose text may run as ``<br><br>`` paragraphs.
_RUN_CONTAINERS = ("div", "td", "th", "font", "center", "body", "span", "blockquote", "section")
#: Children that are blocks of their own: they end a run and are kept as they are.
_BLOCKS = frozenset(
    "address article aside blockquote center div dl fieldset figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr nav ol p pre section table ul".split()
)


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn tables used for page layout into plain blocks; returns how many were unwrapped.

    A data table (standings, results) has short cells; a cell with an article's worth of words,
    or a nested table, is layout.
    """
    unwrapped = 0
    for table in list(tree.iter("table")):
        if not _is_layout(table):
            continue
        parts = list(table.iter("tbody", "thead", "tfoot", "tr", "td", "th"))
        owned = [n for n in parts if _owner(n) is table]  # not the rows of a nested table
        for node in [table, *owned]:
            node.tag = "div"
            for attr in ("colspan", "rowspan"):
                node.attrib.pop(attr, None)
        unwrapped += 1
    return unwrapped


def _owner(node: HtmlElement) -> HtmlElement | None:
    for anc in node.iterancestors():
        if anc.tag == "table":
            return anc
    return None


def _is_layout(table: HtmlElement) -> bool:
    if any(True for _ in table.iterdescendants("table")):
        return True
    # One cell a row is a column of blocks (posts, boxes), not data: data has columns.
    rows = [r for r in table.iter("tr") if _owner(r) is table]
    if len(rows) >= 2 and all(sum(1 for c in r if c.tag in ("td", "th")) == 1 for r in rows):
        return True
    return any(
        len(cell.text_content().split()) >= LAYOUT_CELL_WORDS
        for cell in table.iterdescendants("td", "th")
    )


def paragraphs_from_breaks(tree: HtmlElement) -> int:
    """Wrap ``<br><br>``-separated runs of text in ``<p>``; returns how many were made."""
    made = 0
    # Only a container with a <br> child can hold a double break (splitting one container
    # moves no <br> into another): the rest are not looked at.
    with_breaks = {br.getparent() for br in tree.iter("br")}
    containers = [c for c in tree.iter(*_RUN_CONTAINERS) if c in with_breaks]
    # Innermost first: a <font> whose runs became paragraphs is then a block in its parent.
    for parent in reversed(containers):
        if _has_double_break(parent) and _prose_runs(parent) >= MIN_PROSE_RUNS:
            made += _split_runs(parent)
    return made


def _prose_runs(parent: HtmlElement) -> int:
    """How many of ``parent``'s own ``<br><br>``-separated runs are prose."""
    runs, current = 0, 0
    pieces: list[tuple[bool, int]] = [(False, len((parent.text or "").strip()))]
    for child in parent:
        is_break = child.tag == "br"
        size = 0 if is_break or child.tag in _BLOCKS else len(child.text_content().strip())
        pieces.append((is_break, size))
        pieces.append((False, len((child.tail or "").strip())))
    previous_break = False
    for is_break, size in pieces:
        if is_break and previous_break:
            runs += current >= PROSE_RUN_CHARS
            current = 0
        current += size
        if is_break or size:
            previous_break = is_break
    return runs + (current >= PROSE_RUN_CHARS)


def _has_double_break(parent: HtmlElement) -> bool:
    for child in parent:
        nxt = child.getnext()
        if child.tag == "br" and nxt is not None and nxt.tag == "br":
            if not (child.tail or "").strip():
                return True
    return False


def _split_runs(parent: HtmlElement) -> int:
    """Rebuild ``parent``'s children: runs between double breaks and blocks become ``<p>``."""
    children = list(parent)
    runs: list[list[HtmlElement | str]] = [[]]
    out: list[HtmlElement | list[HtmlElement | str]] = []
    if parent.text and parent.text.strip():
        runs[-1].append(parent.text)
    i = 0
    while i < len(children):
        child = children[i]
        tail = child.tail
        child.tail = None
        if child.tag in _BLOCKS or _holds_block(child):
            out.append(runs.pop())
            out.append(child)
            runs.append([])
        elif (
            child.tag == "br"
            and i + 1 < len(children)
            and children[i + 1].tag == "br"
            and not (tail or "").strip()
        ):
            # Two or more breaks in a row end the paragraph.
            while (
                i + 1 < len(children) and children[i + 1].tag == "br" and not (tail or "").strip()
            ):
                i += 1
                tail = children[i].tail
                children[i].tail = None
            out.append(runs.pop())
            runs.append([])
        else:
            runs[-1].append(child)
        if tail and tail.strip():
            runs[-1].append(tail)
        i += 1
    out.append(runs.pop())
    parent.text = None
    for child in children:
        parent.remove(child)
    made = 0
    for item in out:
        if isinstance(item, list):
            p = _paragraph(parent, item)
            if p is not None:
                parent.append(p)
                made += 1
        else:
            parent.append(item)
    return made


def _holds_block(node: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in node.iterdescendants())


def _paragraph(parent: HtmlElement, run: list[HtmlElement | str]) -> HtmlElement | None:
    """A ``<p>`` holding ``run`` (strings and inline elements), or None when it is blank."""
    # Trailing single breaks are layout, not content.
    while run and not isinstance(run[-1], str) and run[-1].tag == "br":
        run.pop()
    if not any(isinstance(x, str) and x.strip() or not isinstance(x, str) for x in run):
        return None
    p = parent.makeelement("p", {})
    last: HtmlElement | None = None
    for item in run:
        if isinstance(item, str):
            if last is None:
                p.text = (p.text or "") + item
            else:
                last.tail = (last.tail or "") + item
        else:
            p.append(item)
            last = item
    return p
