"""Cross-page boilerplate: body lines a site repeats verbatim on many of its pages.

A newsletter pitch, a standard disclaimer or a "follow us" line that no general rule knows is
still obvious within one crawl: it recurs word for word in the bodies of many pages of the same
site. :class:`CrossPageLearner` counts, per site, on how many distinct pages each line was seen
and *learns* a line once it was seen on ``min_pages`` pages that are at least ``min_share`` of
the site's pages seen so far.

Which lines are candidates (the decision the tests pin down):

* only lines of at most ``max_words`` words (default 50). Boilerplate is formulaic and short;
  long paragraphs that recur verbatim are usually real text reused by the newsroom (an agency's
  background paragraph, a fact box) and removing a false positive deletes prose from *every*
  later article of the site, while missing one leaves a single line. Precision wins;
* not headings-sized scraps shorter than ``min_chars`` (default 20): "Background", "Analysis"
  recur legitimately as section headings inside articles.

Memory is bounded: at most ``max_sites`` sites (least recently used evicted) and, per site, at
most ``max_tracked`` line counters (when full, lines seen once are forgotten first, as in lossy
counting) and ``max_learned`` learned lines. Lines are tracked by a 64-bit hash of their
normalised text; learned lines keep their text so they can be persisted and inspected.

No library does this: trafilatura's deduplication is per document (and LRU-based across
documents without a site scope or persistence).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from herald_scraper.items import normalise_text

logger = logging.getLogger(__name__)


def line_key(line: str) -> int:
    """A 64-bit key of the normalised line (NFKC, case and whitespace folded)."""
    digest = hashlib.blake2b(normalise_text(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass
class SiteLines:
    """What one site taught so far."""

    pages: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    """Distinct pages each tracked line was seen on."""
    learned: dict[int, str] = field(default_factory=dict)
    """Learned boilerplate lines by key."""


@dataclass
class CrossPageLearner:
    """Per-site line-frequency learner with bounded memory."""

    min_pages: int = 3
    min_share: float = 0.05
    max_words: int = 50
    min_chars: int = 20
    max_sites: int = 256
    max_tracked: int = 5000
    max_learned: int = 200
    _sites: OrderedDict[str, SiteLines] = field(default_factory=OrderedDict, repr=False)

    def candidate(self, line: str) -> bool:
        """Whether ``line`` may be learned at all (length limits, see module doc)."""
        return len(line.strip()) >= self.min_chars and len(line.split()) <= self.max_words

    def _site(self, site: str) -> SiteLines:
        entry = self._sites.get(site)
        if entry is None:
            entry = self._sites[site] = SiteLines()
            while len(self._sites) > self.max_sites:
                evicted, _ = self._sites.popitem(last=False)
                logger.debug("cross-page learner: forgot site %s (LRU)", evicted)
        else:
            self._sites.move_to_end(site)
        return entry

    def observe(self, site: str, lines: Iterable[str]) -> list[str]:
        """Count one page's ``lines`` for ``site``; returns lines newly learned by this page."""
        entry = self._site(site)
        entry.pages += 1
        fresh: list[str] = []
        texts = {line_key(line): line for line in lines if self.candidate(line)}
        for key, line in texts.items():
            if key in entry.learned:
                continue
            if key not in entry.counts and len(entry.counts) >= self.max_tracked:
                self._make_room(entry)
                if len(entry.counts) >= self.max_tracked:
                    continue
            entry.counts[key] = entry.counts.get(key, 0) + 1
            if self._qualifies(entry, entry.counts[key]) and len(entry.learned) < self.max_learned:
                entry.learned[key] = line
                del entry.counts[key]
                fresh.append(line)
        if fresh:
            logger.info("cross-page learner: %s: learned %d line(s)", site, len(fresh))
        return fresh

    def _qualifies(self, entry: SiteLines, count: int) -> bool:
        return count >= self.min_pages and count >= self.min_share * entry.pages

    @staticmethod
    def _make_room(entry: SiteLines) -> None:
        """Forget lines seen on one page only (lossy counting): rare lines are not boilerplate."""
        for key in [k for k, n in entry.counts.items() if n <= 1]:
            del entry.counts[key]

    def learned(self, site: str) -> list[str]:
        """The learned boilerplate lines of ``site`` (empty for an unknown site)."""
        entry = self._sites.get(site)
        return list(entry.learned.values()) if entry else []

    def is_learned(self, site: str, line: str) -> bool:
        entry = self._sites.get(site)
        return bool(entry) and line_key(line) in entry.learned  # type: ignore[union-attr]

    def strip(self, site: str, lines: Sequence[str]) -> tuple[list[str], list[str]]:
        """Split ``lines`` into kept lines and learned boilerplate of ``site``."""
        entry = self._sites.get(site)
        if not entry or not entry.learned:
            return list(lines), []
        kept: list[str] = []
        removed: list[str] = []
        for line in lines:
            (removed if line_key(line) in entry.learned else kept).append(line)
        return kept, removed

    def to_json(self, site: str) -> str | None:
        """The learned state of ``site`` as JSON (None when nothing was learned)."""
        entry = self._sites.get(site)
        if not entry or not entry.learned:
            return None
        return json.dumps(
            {"version": 1, "pages": entry.pages, "lines": list(entry.learned.values())},
            ensure_ascii=False,
        )

    def from_json(self, site: str, data: str | None) -> int:
        """Seed ``site`` with lines a previous crawl learned; returns how many (0 on bad data)."""
        if not data:
            return 0
        try:
            parsed = json.loads(data)
            lines = [x for x in parsed.get("lines", []) if isinstance(x, str)]
            pages = int(parsed.get("pages", 0))
        except (ValueError, TypeError, AttributeError):
            logger.warning("cross-page learner: unreadable saved state for %s ignored", site)
            return 0
        entry = self._site(site)
        entry.pages = max(entry.pages, pages)
        for line in lines[: self.max_learned]:
            if self.candidate(line):
                entry.learned[line_key(line)] = line
        return len(entry.learned)
