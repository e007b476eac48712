"""Typed results of feed parsing (kept apart so the format readers and the entry point share them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

FeedKind = Literal["rss", "atom", "json", "invalid"]


@dataclass(frozen=True)
class FeedEntry:
    """One feed item. ``link`` is absolute http(s); datetimes are aware (UTC when no offset);
    ``title`` and ``summary`` are plain text (HTML stripped)."""

    link: str
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary: str | None = None


@dataclass
class Feed:
    """A parsed feed; ``kind == "invalid"`` means the body was no feed we can read."""

    kind: FeedKind
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    over_cap: int = 0
    """Entries beyond the ``max_entries`` cap of ``parse_feed``: counted, not read."""
