"""feedparser's feed corpus (well-formed, ill-formed, entities, encodings, JSON) through herald.

Each file's ``Expect:`` expression is evaluated over herald's parse, mapped onto feedparser's
names (:mod:`tests.conformance.feedparser_env` says how). A case agrees, reads a field herald
does not keep (out of scope: most of the corpus is about fields a crawler does not need), or
differs. Every difference is listed below with its reason; an unlisted difference fails, and so
does a listed one that no longer differs (remove it then).
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from tests.conformance.feedparser_env import classify
from tests.conformance.peers import conformance_dir, peer_dir

ON_PURPOSE = "on purpose"
KNOWN = "known"

# path under feedparser/ -> (kind, reason)
DIFFERENCES: dict[str, tuple[str, str]] = {
    "entities/doesnotexist.xml": (
        ON_PURPOSE,
        "an undefined entity is dropped, never kept or expanded: the guard against "
        "entity-expansion bombs (HTML's named entities are all read)",
    ),
    "wellformed/atom/entry_author_map_author.xml": (
        ON_PURPOSE,
        "authors are names only; an e-mail address is no byline",
    ),
    "wellformed/atom10/entry_author_map_author.xml": (
        ON_PURPOSE,
        "authors are names only; an e-mail address is no byline",
    ),
    "wellformed/atom/entry_published_parsed_date_overwriting.xml": (
        ON_PURPOSE,
        "of repeated date elements the first wins (feedparser keeps the last)",
    ),
    "wellformed/atom/entry_updated_multiple_values.xml": (
        ON_PURPOSE,
        "of repeated date elements the first wins (feedparser keeps the last)",
    ),
    "wellformed/base/http_item_link_base_content_location.xml": (
        ON_PURPOSE,
        "links resolve against the URL fetched (and xml:base), not an HTTP Content-Location",
    ),
    "wellformed/media-rss/item_media_category_multiple.xml": (
        ON_PURPOSE,
        "categories come from core <category> and dc:subject, not extension elements",
    ),
    "wellformed/rss/item_madeup_tags_element.xml": (
        ON_PURPOSE,
        "categories come from core <category> and dc:subject, not a made-up <tags>",
    ),
    "wellformed/rss/item_summary_and_description.xml": (
        ON_PURPOSE,
        "RSS has no <summary>: the core <description> is the summary",
    ),
    **{
        f"wellformed/sanitize/{name}_crazy.xml": (
            KNOWN,
            "malformed comments around <script>: libxml2's HTML parser ends them elsewhere "
            "than feedparser's sgmllib, so herald keeps other words (no script runs either way)",
        )
        for name in ("entry_summary", "entry_title", "feed_title", "item_description")
    },
    "wellformed/sanitize/xml_malicious_comment.xml": (
        KNOWN,
        "'sa<!-- -- x >fe': libxml2's HTML parser reads the malformed comment to '>', "
        "feedparser to the end of the string; herald gives 'sa'",
    ),
}

_ROOT = conformance_dir() / "feedparser"
FILES = [
    p
    for folder in ("wellformed", "illformed", "entities", "encoding", "json")
    for p in (sorted((_ROOT / folder).rglob("*")) if (_ROOT / folder).is_dir() else [])
    if p.suffix in (".xml", ".json") and p.is_file()
]


def _key(path: Path) -> str:
    return path.relative_to(_ROOT).as_posix()


def test_peer_corpus_present() -> None:
    peer_dir("feedparser")
    assert len(FILES) > 2000


@pytest.mark.parametrize("path", FILES, ids=[_key(p) for p in FILES])
def test_feedparser_case(path: Path) -> None:
    status, detail = classify(path)
    listed = DIFFERENCES.get(_key(path))
    if listed is None:
        assert status != "differ", f"herald differs from feedparser on: {detail}"
    else:
        assert status == "differ", f"listed difference no longer differs ({status}): remove it"


def test_corpus_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """The closing figures: cases, agree, differ on purpose, known differences."""
    peer_dir("feedparser")
    counts: collections.Counter[str] = collections.Counter()
    entities: collections.Counter[str] = collections.Counter()
    for path in FILES:
        status, _ = classify(path)
        if status == "differ":
            status = "differ_" + DIFFERENCES.get(_key(path), ("unlisted", ""))[0].replace(" ", "_")
        counts[status] += 1
        if _key(path).startswith("entities/"):
            entities[status] += 1
    with capsys.disabled():
        print(f"\nfeedparser corpus: {dict(sorted(counts.items()))}; entities: {dict(entities)}")
    assert counts["agree"] >= 550
    assert entities["agree"] >= 253  # of 256: one undefined entity (on purpose), two out of scope
