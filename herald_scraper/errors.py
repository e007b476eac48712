"""Errors a user can fix: reported as one line and a non-zero exit code, never a traceback.

Pure (no Scrapy import). Raise :class:`HeraldError` (or a subclass) where the cause is outside
the program (a bad argument, an unreadable site file, a corrupt state file, a full disk); the
``crawl`` command (:mod:`herald_scraper.commands.crawl`) prints its message and exits 1. A
component that hits one while the crawl runs closes the spider with a reason starting with
:data:`ERROR_REASON_PREFIX` instead, which the command maps to exit code 1 too.
"""

from __future__ import annotations

#: Spider close reasons starting with this mean the crawl failed (exit code 1).
ERROR_REASON_PREFIX = "herald_error"


class HeraldError(Exception):
    """A failure the user can fix; ``str(error)`` is the whole message."""


class ArgumentError(HeraldError, ValueError):
    """A bad spider argument (``-a name=value``)."""


def error_reason(slug: str) -> str:
    """The spider close reason for a failure ``slug`` (``herald_error_output``)."""
    return f"{ERROR_REASON_PREFIX}_{slug}"


def is_error_reason(reason: str | None) -> bool:
    return bool(reason) and str(reason).startswith(ERROR_REASON_PREFIX)
