"""Date parsing for sitemaps and feeds: W3C datetime, RFC 822, and recency checks.

Every parsed value is a timezone-aware :class:`datetime`; a value without an offset is taken
as UTC so that dates from different sources compare without ``TypeError``. Stdlib only:
``datetime.fromisoformat`` (3.11 accepts ``Z``, ``+0200`` and long fractions) and
``email.utils`` for RFC 822 already cover the formats; htmldate/dateparser solve the harder
problem of finding dates in free text, which we do not have here.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

logger = logging.getLogger(__name__)

# W3C allows reduced precision (``YYYY`` / ``YYYY-MM``) that fromisoformat rejects.
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")
_MAX_LEN = 64  # longer strings are not dates; don't feed them to parsers


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
        # A space before the offset ("10:00:00 +02:00") is a common sloppiness.
        value = re.sub(r"\s+([+-]\d{2}:?\d{2}|Z)$", r"\1", value)
        return _aware(datetime.fromisoformat(value))
    except ValueError:
        logger.debug("unparsable W3C datetime %r", text)
        return None


def parse_rfc822_datetime(text: str | None) -> datetime | None:
    """Parse an RFC 822 date as used by RSS ``pubDate`` (``Wed, 01 May 2024 10:00:00 +0200``)."""
    if not isinstance(text, str) or not text.strip() or len(text) > _MAX_LEN:
        return None
    try:
        return _aware(parsedate_to_datetime(text.strip()))
    except (TypeError, ValueError, IndexError, OverflowError):
        logger.debug("unparsable RFC 822 datetime %r", text)
        return None


def parse_feed_datetime(text: str | None) -> datetime | None:
    """RFC 822 first, then W3C: feeds put either format in either element."""
    return parse_rfc822_datetime(text) or parse_w3c_datetime(text)


def is_recent_date(value: datetime | None, since: date | datetime | None) -> bool:
    """True when ``value`` is at or after ``since``; also True when either is unknown.

    A ``date`` ``since`` means midnight UTC of that day; a naive ``datetime`` is taken as UTC.
    """
    if since is None or value is None:
        return True
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day, tzinfo=UTC)
    return _aware(value) >= _aware(since)
