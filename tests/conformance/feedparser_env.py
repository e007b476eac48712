"""feedparser's feed corpus mapped onto herald's feed model.

Each corpus file opens with ``Description:`` and ``Expect:`` (a Python expression over
feedparser's result, e.g. ``not bozo and entries[0]['title'] == 'Café'``). herald's
:func:`~herald_scraper.discovery.parse_feed` is run on the file and its :class:`Feed` exposed
under feedparser's names for the fields herald keeps:

========================  ==========================================================
feedparser                herald
========================  ==========================================================
``feed.title``            ``Feed.title``
``entries[i].title``      ``FeedEntry.title``
``.link``                 ``FeedEntry.link``
``.summary``/``.description``  ``FeedEntry.summary``
``.author``               first of ``FeedEntry.authors``
``.tags[j].term``         ``FeedEntry.categories``
``.published_parsed``     ``FeedEntry.published`` (UTC tuple); ``.updated_parsed``/
                          ``.date_parsed``: ``FeedEntry.updated``
========================  ==========================================================

herald's text fields are plain text, so a string compares equal to feedparser's value read as
text or as HTML (:func:`html_text`), whitespace normalised: feedparser's sanitised ``<b>x</b>``
is herald's ``x``. An expression reading any other field, or feedparser's ``bozo`` flag (herald reports
no well-formedness verdict), is out of scope. herald drops items without an http(s) link (a
crawler's unit of work is a URL), so to check the other fields of such items the adapter gives
each item a placeholder link at its end (after any link of its own); reading that placeholder
is out of scope.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from herald_scraper.discovery import parse_feed
from herald_scraper.discovery.feed_formats import html_text

PLACEHOLDER = "http://127.0.0.1/herald-placeholder-link"
_EXPECT = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*?)\s*-->", re.DOTALL)
_HEADER = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)
_SKIP_UNLESS = re.compile(r"SkipUnless:\s*(.*?)\n")
_BOZO_PREFIX = re.compile(r"^\s*not\s+bozo\s+and\s+")


class OutOfScope(KeyError):
    """The expression reads something herald's model does not have."""


class Text(str):
    """A herald text value: equal to a string with the same plain text."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # herald's value is plain text already: reduce the peer's
            mine = " ".join(str(self).split())
            return mine in (" ".join(other.split()), html_text(other) or "")
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = str.__hash__


class Fields(dict[str, Any]):
    """feedparser's FeedParserDict shape: keys also as attributes; a missing key is out of scope."""

    def __missing__(self, key: str) -> Any:
        raise OutOfScope(key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key]

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except OutOfScope:
            raise
        except KeyError as exc:  # pragma: no cover - __missing__ covers it
            raise OutOfScope(name) from exc


class Link(Text):
    """The placeholder link of an item that had none: reading it is out of scope."""

    def __eq__(self, other: object) -> bool:
        if str(self) == PLACEHOLDER:
            raise OutOfScope("link of an item without a link")
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _tuple(value: datetime | None) -> time.struct_time | None:
    return None if value is None else value.astimezone(UTC).utctimetuple()


def _with_placeholders(data: bytes) -> bytes:
    link = PLACEHOLDER.encode()
    data = re.sub(rb"(</(?:[\w-]+:)?item\s*>)", b"<link>" + link + rb"</link>\1", data)
    return re.sub(rb"(</(?:[\w-]+:)?entry\s*>)", b'<link href="' + link + rb'"/>\1', data)


def herald_env(path: Path, data: bytes, headers: dict[str, str]) -> dict[str, Any]:
    """feedparser-shaped names over herald's parse of ``data``."""
    charset = None
    ctype = headers.get("content-type", "")
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip()
    url = f"http://127.0.0.1:8097/{path.parent.name}/{path.name}"
    feed = parse_feed(_with_placeholders(data), url, encoding=charset)
    entries = []
    for e in feed.entries:
        fields: dict[str, Any] = {
            "link": Link(e.link),
            "published_parsed": _tuple(e.published),
            "updated_parsed": _tuple(e.updated),
            "date_parsed": _tuple(e.updated or e.published),
            "tags": [Fields(term=Text(c)) for c in e.categories],
        }
        if e.title is not None:
            fields["title"] = Text(e.title)
        if e.summary is not None:
            fields["summary"] = fields["description"] = Text(e.summary)
        if e.authors:
            fields["author"] = Text(e.authors[0])
        entries.append(Fields({k: v for k, v in fields.items() if v is not None}))
    feed_fields = Fields({"title": Text(feed.title)} if feed.title is not None else {})
    return {"feed": feed_fields, "entries": entries}


def read_case(path: Path) -> tuple[bytes, str, str, dict[str, str]] | None:
    """(bytes, description, expression, headers) of a corpus file; None if it has no Expect."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="ignore")
    if path.suffix == ".json":
        text = text.replace("\\n", "\n")
    match = _EXPECT.search(text)
    if match is None:
        return None
    skip = _SKIP_UNLESS.search(text)
    if skip and skip.group(1).strip() != "1":
        return None  # cases feedparser itself runs only with optional libraries
    headers = {k.strip().lower(): v.strip() for k, v in _HEADER.findall(text)}
    return data, match.group(1), match.group(2), headers


def classify(path: Path) -> tuple[str, str]:
    """("agree" | "differ" | "out_of_scope" | "no_case", detail) for one corpus file."""
    case = read_case(path)
    if case is None:
        return "no_case", ""
    data, _description, expression, headers = case
    expression = _BOZO_PREFIX.sub("", expression.strip())
    if re.search(r"\bbozo\b", expression):
        return "out_of_scope", "bozo flag"
    env = herald_env(path, data, headers)
    try:
        ok = bool(eval(expression, {"__builtins__": __builtins__}, env))  # noqa: S307 - peer's test expression
    except OutOfScope as exc:
        return "out_of_scope", f"field {exc.args[0]}"
    except NameError as exc:
        return "out_of_scope", f"name {exc.name}"
    except IndexError:
        return "out_of_scope", "no such entry"
    except (TypeError, AttributeError) as exc:
        return "out_of_scope", f"shape: {exc}"
    return ("agree", "") if ok else ("differ", expression)
