"""Date parsing for sitemaps and feeds: W3C datetime, RFC 822, and recency checks.

Every parsed value is a timezone-aware :class:`datetime`; a value without an offset is taken
as UTC so that dates from different sources compare without ``TypeError``.
``datetime.fromisoformat`` (3.11 accepts ``Z``, ``+0200`` and long fractions) reads W3C dates and
``email.utils`` well-formed RFC 822 ones (both keep the source's offset). Everything else in
feeds (zone names such as ``PT`` or ``MEST``, ``-01:01``, two-digit years, asctime, the Korean,
Greek and Hungarian forms) goes to feedparser's date handlers, the de-facto reference for feed
dates: ``email.utils`` reads an unknown zone name as UTC without a word. htmldate/dateparser
solve the harder problem of finding dates in free text, which we do not have here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any

logger = logging.getLogger(__name__)

# W3C allows reduced precision (``YYYY`` / ``YYYY-MM``) that fromisoformat rejects.
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")
_SPACE_BEFORE_OFFSET = re.compile(r"\s+([+-]\d{2}:?\d{2}|Z)$")
_MAX_LEN = 64  # longer strings are not dates; don't feed them to parsers
# Not feedparser's whole chain: its loose ISO 8601 reader turns "2013-xx-27" into 1 November
# and "T25:14:55" into the next day. Strings starting with a digit go to the W3C, RFC 822 (day
# first), Korean and Hungarian readers, then ISO 8601 for the short forms only ("031231",
# "-0312", "2003-012-31T...") and never for a regular date that failed (out of range, extra parts).
_REGULAR_DATE = re.compile(r"\d{4}-\d\d-\d\d")  # strict W3C already said no
_NOT_ISO = re.compile(r"[^\dTZ:.+\-]")
# An RFC 822 date ending in a numeric offset: the one form email.utils reads without guessing.
_NUMERIC_OFFSET = re.compile(r"\d\d:\d\d(?::\d\d)?\s+[+-]\d{4}$")

_Handler = Callable[[str], Any]


@cache
def _feedparser_handlers() -> tuple[tuple[_Handler, ...], tuple[_Handler, ...], _Handler]:
    """feedparser's date handlers: those for a string starting with a digit, with a word, and
    its ISO 8601 reader. Imported on the first feed date that needs them, not with this module:
    feedparser (and chardet, which it imports) is ~3 MB that a crawl reading no feed never
    uses, and every spider module imports this one through the discovery package."""
    # feedparser has no public names for its date handlers; the pinned range in
    # pyproject.toml and tests/conformance (feedparser's own date cases) guard the import.
    from feedparser.datetimes import (
        _parse_date_asctime,
        _parse_date_greek,
        _parse_date_hungarian,
        _parse_date_iso8601,
        _parse_date_nate,
        _parse_date_onblog,
        _parse_date_perforce,
        _parse_date_rfc822,
        _parse_date_w3dtf,
    )

    digit_first = (
        _parse_date_w3dtf,
        _parse_date_rfc822,
        _parse_date_nate,
        _parse_date_onblog,
        _parse_date_hungarian,
    )
    word_first = (_parse_date_rfc822, _parse_date_asctime, _parse_date_perforce, _parse_date_greek)
    return digit_first, word_first, _parse_date_iso8601


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_w3c_datetime(text: str | None) -> datetime | None:
    """Parse a W3C/ISO 8601 datetime (``2024-05-01``, ``2024-05-01T10:00:00+02:00``, ``...Z``).

    Returns None (with a debug log) for anything else.
    """
    if not isinstance(text, str):
        return None
    value = text.strip()
    if not value or len(value) > _MAX_LEN:
        return None
    reduced = _YEAR_MONTH.fullmatch(value)
    try:
        if reduced:
            return datetime(int(reduced[1]), int(reduced[2] or 1), 1, tzinfo=UTC)
        if len(value) > 10 and value[10] not in "Tt ":
            # fromisoformat takes any character between date and time: "2013-01-27-01" is not
            # 01:00 that day in any feed.
            raise ValueError(value)
        # A space before the offset ("10:00:00 +02:00") is a common sloppiness.
        if " " in value:
            value = _SPACE_BEFORE_OFFSET.sub(r"\1", value)
        return _aware(datetime.fromisoformat(value))
    except ValueError:
        logger.debug("unparsable W3C datetime %r", text)
        return None


def _feedparser_datetime(text: str) -> datetime | None:
    digit_first, word_first, iso8601 = _feedparser_handlers()
    handlers = word_first
    if text[0].isdigit() or text[0] == "-":
        handlers = digit_first
        if not _NOT_ISO.search(text) and not _REGULAR_DATE.match(text):
            handlers = (*handlers, iso8601)
    for handler in handlers:
        try:
            parsed = handler(text)
            if parsed is not None:
                year, month, day, hour, minute, second = parsed[:6]
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)  # UTC already
        except (ValueError, OverflowError, IndexError, TypeError, KeyError):
            continue
    logger.debug("unparsable feed datetime %r", text)
    return None


def parse_rfc822_datetime(text: str | None) -> datetime | None:
    """Parse an RFC 822 date as used by RSS ``pubDate`` (``Wed, 01 May 2024 10:00:00 +0200``).

    Zone names (``EST``, ``PT``, ``MEST``), ``GMT-01:01`` and other variants are read by
    feedparser (the result is then in UTC); a numeric offset is kept as given.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_LEN:
        return None
    value = text.strip()
    if _NUMERIC_OFFSET.search(value):
        try:
            return _aware(parsedate_to_datetime(value))
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return _feedparser_datetime(value)


def parse_feed_datetime(text: str | None) -> datetime | None:
    """Any date a feed gives, in either element: W3C first when it starts with a digit (Atom,
    ``dc:date``), else RFC 822; feedparser's other forms last."""
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_LEN:
        return None
    value = text.strip()
    if value[0].isdigit() or value[0] == "-":
        return parse_w3c_datetime(value) or _feedparser_datetime(value)
    return parse_rfc822_datetime(value)


def is_recent_date(value: datetime | None, since: date | datetime | None) -> bool:
    """True when ``value`` is at or after ``since``; also True when either is unknown.

    A ``date`` ``since`` means midnight UTC of that day; a naive ``datetime`` is taken as UTC.
    """
    if since is None or value is None:
        return True
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day, tzinfo=UTC)
    return _aware(value) >= _aware(since)
