"""Streamed sitemap and feed reading (issue 8, bounded cost): entry caps count what they leave
unread, chunk boundaries change nothing, and released entries leave the tree."""

from __future__ import annotations

import gzip
import json

import pytest

from herald_scraper.discovery import xmlsafe
from herald_scraper.discovery.feeds import parse_feed
from herald_scraper.discovery.sitemaps import parse_sitemap
from herald_scraper.discovery.xmlsafe import DocumentError, XmlStream, document_chunks

URL = "https://example.com/sitemap.xml"
FEED_URL = "https://example.com/feed/"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(n: int, extra: str = "") -> bytes:
    urls = "".join(f"<url><loc>https://example.com/news/{i}.html</loc></url>\n" for i in range(n))
    return f'<?xml version="1.0"?>\n<urlset {NS}>\n{urls}{extra}</urlset>\n'.encode()


def rss(n: int) -> bytes:
    items = "".join(
        f"<item><title>Caf&eacute; {i} &amp; more</title>"
        f"<link>https://example.com/news/{i}.html?a=1&b=2</link>"
        f"<description>&lt;p&gt;Story {i}&#X2013;told&lt;/p&gt;</description></item>\n"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Herald &ndash; news</title>'
        f"{items}</channel></rss>\n"
    ).encode()


def atom(n: int, author_after: bool = False) -> bytes:
    entries = "".join(
        f'<entry><title>Entry {i}</title><link href="/news/{i}.html"/></entry>\n' for i in range(n)
    )
    author = "<author><name>Desk</name></author>"
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/">'
        f"<title>A</title>{'' if author_after else author}{entries}"
        f"{author if author_after else ''}</feed>"
    ).encode()


def test_sitemap_cap_reads_first_entries_and_counts_the_rest() -> None:
    sitemap = parse_sitemap(urlset(10), URL, max_entries=4)
    assert [e.loc for e in sitemap.entries] == [
        f"https://example.com/news/{i}.html" for i in range(4)
    ]
    assert sitemap.over_cap == 6
    assert parse_sitemap(urlset(10), URL).over_cap == 0  # no cap: everything read


def test_gzipped_sitemap_is_read_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", 97)  # many inflate steps and parser feeds
    body = gzip.compress(urlset(500))
    sitemap = parse_sitemap(body, URL, max_entries=100)
    assert len(sitemap.entries) == 100
    assert sitemap.over_cap == 400
    assert len(parse_sitemap(body, URL).entries) == 500


def test_sitemap_index_refs_are_capped() -> None:
    refs = "".join(f"<sitemap><loc>https://example.com/s{i}.xml</loc></sitemap>" for i in range(5))
    sitemap = parse_sitemap(f"<sitemapindex {NS}>{refs}</sitemapindex>".encode(), URL, 2, 2)
    assert sitemap.kind == "invalid"  # max_bytes=2: the document is over the byte cap
    sitemap = parse_sitemap(
        f"<sitemapindex {NS}>{refs}</sitemapindex>".encode(), URL, max_entries=2
    )
    assert [r.loc for r in sitemap.sitemaps] == [
        "https://example.com/s0.xml",
        "https://example.com/s1.xml",
    ]
    assert sitemap.over_cap == 3


def test_text_sitemap_cap_and_skipped_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", 10)  # lines cut by chunk boundaries
    lines = ["# generated"] + [f"https://example.com/news/{i}.html" for i in range(6)] + ["junk"]
    sitemap = parse_sitemap("\n".join(lines).encode(), URL, max_entries=2)
    assert [e.loc for e in sitemap.entries] == [
        "https://example.com/news/0.html",
        "https://example.com/news/1.html",
    ]
    assert (sitemap.over_cap, sitemap.skipped) == (4, 2)


def test_junk_entries_count_towards_the_cap() -> None:
    junk = "".join(f"<url><loc>javascript:void({i})</loc></url>" for i in range(5))
    good = "".join(f"<url><loc>https://example.com/news/{i}.html</loc></url>" for i in range(4))
    sitemap = parse_sitemap(f"<urlset {NS}>{junk}{good}</urlset>".encode(), URL, max_entries=6)
    # six read: five skipped, one entry; three unread
    assert (len(sitemap.entries), sitemap.skipped, sitemap.over_cap) == (1, 5, 3)


def test_entries_without_http_loc_are_counted_as_skipped() -> None:
    extra = "<url><loc>javascript:alert(1)</loc></url><url><lastmod>2024-01-01</lastmod></url>"
    sitemap = parse_sitemap(urlset(2, extra), URL)
    assert len(sitemap.entries) == 2
    assert sitemap.skipped == 2


def test_truncated_sitemap_over_cap_does_not_count_the_cut_entry() -> None:
    body = urlset(6).split(b"<url><loc>https://example.com/news/5")[0] + b"<url><loc>https://exa"
    sitemap = parse_sitemap(body, URL, max_entries=2)
    assert len(sitemap.entries) == 2
    # entries 2, 3, 4 unread; the cut-off 6th, with no end tag, is no entry
    assert sitemap.over_cap == 3


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
def test_chunk_boundaries_change_nothing(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    whole = parse_feed(rss(5), FEED_URL)
    monkeypatch.setattr(xmlsafe, "CHUNK", chunk)
    chunked = parse_feed(rss(5), FEED_URL)
    assert chunked == whole
    assert whole.title == "Herald \u2013 news"
    assert whole.entries[0].title == "Caf\u00e9 0 & more"
    assert whole.entries[0].link == "https://example.com/news/0.html?a=1&b=2"
    assert whole.entries[0].summary == "Story 0\u2013told"


def test_rss_cap() -> None:
    feed = parse_feed(rss(50), FEED_URL, max_entries=3)
    assert [e.link for e in feed.entries] == [
        f"https://example.com/news/{i}.html?a=1&b=2" for i in range(3)
    ]
    assert feed.over_cap == 47
    assert feed.title == "Herald \u2013 news"


def test_rdf_cap() -> None:
    items = "".join(
        f'<item rdf:about="https://example.com/n/{i}"><title>{i}</title></item>' for i in range(5)
    )
    body = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel>'
        f"{items}</rdf:RDF>"
    ).encode()
    feed = parse_feed(body, FEED_URL, max_entries=2)
    assert [e.link for e in feed.entries] == ["https://example.com/n/0", "https://example.com/n/1"]
    assert (feed.kind, feed.title, feed.over_cap) == ("rss", "R", 3)


@pytest.mark.parametrize("author_after", [False, True])
def test_atom_feed_author_before_or_after_the_entries(author_after: bool) -> None:
    feed = parse_feed(atom(8, author_after), FEED_URL)
    assert [e.link for e in feed.entries] == [
        f"https://example.com/news/{i}.html" for i in range(8)
    ]
    assert all(e.authors == ["Desk"] for e in feed.entries)


def test_atom_cap() -> None:
    feed = parse_feed(atom(8), FEED_URL, max_entries=5)
    assert [e.link for e in feed.entries] == [
        f"https://example.com/news/{i}.html" for i in range(5)
    ]
    assert all(e.authors == ["Desk"] for e in feed.entries)
    assert (feed.title, feed.over_cap) == ("A", 3)


@pytest.mark.parametrize("chunk", [1, 5, 1 << 20])
def test_unread_count_is_exact_across_chunk_boundaries(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", chunk)
    # "</url >" and "</s:url>" are end tags too; "</urls>" is not one
    extra = '<url><loc>https://e.com/x</loc></url ><s:url xmlns:s="urn:s"><loc>https://e.com/y</loc></s:url><urls/>'
    sitemap = parse_sitemap(urlset(30, extra), URL, max_entries=7)
    assert (len(sitemap.entries), sitemap.over_cap) == (7, 25)
    assert parse_feed(rss(30), FEED_URL, max_entries=7).over_cap == 23


def test_json_feed_cap() -> None:
    items = [{"url": f"https://example.com/j/{i}"} for i in range(7)]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    feed = parse_feed(body, FEED_URL, max_entries=4)
    assert len(feed.entries) == 4
    assert feed.over_cap == 3


def test_feed_as_sitemap_is_capped() -> None:
    sitemap = parse_sitemap(rss(6), URL, max_entries=2)
    assert len(sitemap.entries) == 2
    assert sitemap.over_cap == 4


def test_items_of_the_first_channel_only_and_rootless_items() -> None:
    two = b"<rss><channel><item><link>https://e.com/1</link></item></channel><channel><item><link>https://e.com/2</link></item></channel></rss>"
    assert [e.link for e in parse_feed(two, FEED_URL).entries] == ["https://e.com/1"]
    rootless = b"<rss><item><link>https://e.com/3</link></item></rss>"
    assert [e.link for e in parse_feed(rootless, FEED_URL).entries] == ["https://e.com/3"]


def test_released_entries_leave_the_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", 512)
    stream = XmlStream(document_chunks(urlset(2000)), URL, ["url"])
    seen = 0
    for element in stream:
        assert element[0].text.startswith("https://")
        seen += 1
        stream.release(element)
        # what one 512-byte chunk holds, never the document's tree
        assert stream.root is not None and len(stream.root) <= 12
    assert seen == 2000


def test_gzip_bomb_is_refused_while_streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", 1000)
    bomb = gzip.compress(urlset(10) + b" " * 200_000)
    with pytest.raises(DocumentError):
        list(document_chunks(bomb, max_bytes=100_000))
    assert parse_sitemap(bomb, URL, max_bytes=100_000).kind == "invalid"
    assert parse_feed(bomb, FEED_URL, max_bytes=100_000).kind == "invalid"


def test_corrupt_gzip_tail_invalidates_the_document() -> None:
    body = bytearray(gzip.compress(urlset(50)))
    body[len(body) // 2] ^= 0xFF  # entries before the damage were parsed already: all dropped
    body[len(body) // 2 + 1] ^= 0xFF
    assert parse_sitemap(bytes(body), URL).kind == "invalid"


def test_entity_declarations_stay_unexpanded_in_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlsafe, "CHUNK", 16)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&c;&x;ok</title><link>https://e.com/1</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(laughs, FEED_URL)
    assert [(e.title, e.link) for e in feed.entries] == [("ok", "https://e.com/1")]
