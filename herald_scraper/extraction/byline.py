"""The byline a reader sees under the headline, for pages that declare no author.

Old and simple sites carry no JSON-LD or ``author`` meta tag; their byline is a short line right
under the headline: "By Martha Quill, Courier Staff Writer", "Von Anna Muster", "Par Jean
Dupont et Marie Roy". Read on the page as served (pruning removes byline widgets), from the
headline (the longest ``<h1>`` the title contains, else the block whose text is the title)
through the next :data:`BYLINE_WINDOW_CHARS` characters. Only names come out: the role after a
comma ("Staff Writer"), a date or a separator ends the byline.
"""

from __future__ import annotations

import logging
import re

from lxml.html import HtmlElement

from herald_scraper.extraction.dates import headline_element, text_after
from herald_scraper.extraction.structured import StructuredData

logger = logging.getLogger(__name__)

#: How far below the headline a byline may start (the dateline sits in the same band).
BYLINE_WINDOW_CHARS = 300
#: A name is at most this many words ("Juan Carlos de la Fuente" is five).
NAME_MAX_WORDS = 5
# "By"/"Von"/"Par"/"Por"/"Di"/"Door"/"Av" opening a line: the byline's marker in the languages
# herald cleans, the same list metadata.person_names strips from declared bylines.
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av)\s+(?P<rest>.+)$", re.IGNORECASE)
# Where the names end: a role after a comma or a dash, a separator, a date, a digit.
_END = re.compile(r"\s*(?:[,|•·(]|\s[-–—]\s|\d).*$")
# Lower-case connectors only: in "U.S. CUSTOMS AND BORDER PROTECTION" the "AND" is part of a name.
_JOIN = re.compile(r"\s+(?:and|und|et|y|e|en|og|&)\s+|\s*;\s*")
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w.'’-]*$")
_PARTICLES = frozenset({"de", "da", "del", "van", "von", "der", "la", "le", "di", "du"})


def shown_byline(tree: HtmlElement, sd: StructuredData | None = None) -> list[str]:
    """The names in the byline under the headline, or [] when there is none."""
    headline = headline_element(tree, sd)
    if headline is None:
        return []
    read = 0
    for text in text_after(tree, headline):
        match = _BY.match(text)
        if match:
            return _names(match.group("rest"))
        read += len(text)
        if read > BYLINE_WINDOW_CHARS:
            break
    return []


def _names(rest: str) -> list[str]:
    names = []
    for part in _JOIN.split(_END.sub("", rest)):
        tokens = part.split()
        if not 1 < len(tokens) <= NAME_MAX_WORDS:
            return []  # "by the council" is prose, not a byline: all parts must be names
        if not all(_NAME_TOKEN.match(t) and (t[0].isupper() or t in _PARTICLES) for t in tokens):
            return []
        names.append(" ".join(tokens))
    return names
