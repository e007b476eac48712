"""Discovery parse speed and peak memory: herald vs Scrapy's ``Sitemap`` and feedparser.

Usage (from the repo root, venv active; feedparser comes with the ``bench`` extra)::

    python benchmarks/discovery_speed.py                 # 50,000-URL news sitemap, 5,000-item RSS
    python benchmarks/discovery_speed.py --repeats 7 --json discovery.json

Generated inputs (deterministic, in memory), each parsed by every contender in one run:

* a Google News sitemap of ``--urls`` entries (``<loc>``, ``<lastmod>``, ``<news:news>`` with
  publication name/language, ``publication_date`` and title, every 10th URL with a tracking
  parameter and an ``&amp;``);
* an RSS 2.0 feed of ``--items`` items (title with a named entity, link, guid, ``pubDate`` in
  RFC 822 with an offset or a zone name, ``dc:creator``, two categories, an escaped HTML
  description);
* the sitemap's URLs through ``canonicalize_url`` (what the spiders do to every entry).

Contenders: ``herald_scraper.discovery.parse_sitemap`` vs ``scrapy.utils.sitemap.Sitemap``
(iterated to the end: its entries are lazy), ``parse_feed`` vs ``feedparser.parse``. Time is
CPU seconds of this process (``time.process_time``: a busy shared machine inflates wall time,
not this), median and minimum of ``--repeats`` runs (alternating which contender goes first,
garbage collected before each); peak memory is a separate run under tracemalloc (Python allocations, lxml's
included since lxml allocates through Python's allocator for its strings; the C tree is not
counted by tracemalloc, so compare peaks between Python-level parsers with care).
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from herald_scraper.discovery import canonicalize_url, parse_feed, parse_sitemap  # noqa: E402

_ZONES = ("+0200", "GMT", "-0500", "EST", "+0000", "PST", "+0530", "MEST")


def news_sitemap(n: int) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
    ]
    for i in range(n):
        day = 1 + i % 28
        query = f"?id={i}&amp;utm_source=feed" if i % 10 == 0 else ""
        parts.append(
            f"<url><loc>https://news.example.com/2024/06/{day:02d}/story-number-{i}-about-"
            f"something{query}</loc><lastmod>2024-06-{day:02d}T10:{i % 60:02d}:00+02:00</lastmod>"
            "<news:news><news:publication><news:name>The Example Herald</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>2024-06-{day:02d}T09:{i % 60:02d}:00+02:00"
            f"</news:publication_date><news:title>Story number {i} about something"
            "</news:title></news:news></url>\n"
        )
    parts.append("</urlset>\n")
    return "".join(parts).encode()


def rss_feed(n: int) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        "<title>The Example Herald</title><link>https://news.example.com/</link>\n"
    ]
    for i in range(n):
        day = 1 + i % 28
        zone = _ZONES[i % len(_ZONES)]
        parts.append(
            f"<item><title>Caf&amp;eacute; story {i} &#8211; the news</title>"
            f"<link>https://news.example.com/2024/06/{day:02d}/story-{i}</link>"
            f'<guid isPermaLink="false">story-{i}</guid>'
            f"<pubDate>Mon, {day:02d} Jun 2024 10:{i % 60:02d}:00 {zone}</pubDate>"
            f"<dc:creator>Reporter {i % 17}</dc:creator>"
            "<category>World</category><category>Politics</category>"
            f"<description>&lt;p&gt;Summary of story {i}, with &lt;a href=&quot;/x&quot;&gt;a "
            "link&lt;/a&gt; and some more words to make it the usual length of a teaser."
            "&lt;/p&gt;</description></item>\n"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def _herald_sitemap(body: bytes) -> int:
    return len(parse_sitemap(body, "https://news.example.com/sitemap-news.xml").entries)


def _scrapy_sitemap(body: bytes) -> int:
    from scrapy.utils.sitemap import Sitemap

    return sum(1 for _ in Sitemap(body))


def _herald_feed(body: bytes) -> int:
    return len(parse_feed(body, "https://news.example.com/feed/").entries)


def _feedparser_feed(body: bytes) -> int:
    import feedparser

    return len(feedparser.parse(body).entries)


def _canonicalize(urls: list[str]) -> int:
    return sum(1 for u in urls if canonicalize_url(u))


def _time(fn: Callable[[Any], int], arg: Any) -> tuple[float, int]:
    gc.collect()
    start = time.process_time()  # CPU time: other load on a shared machine does not count
    count = fn(arg)
    return time.process_time() - start, count


def _peak(fn: Callable[[Any], int], arg: Any) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn(arg)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=50_000, help="sitemap entries")
    parser.add_argument("--items", type=int, default=5_000, help="RSS items")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--no-peers", action="store_true", help="time herald only")
    args = parser.parse_args(argv)

    sitemap, feed = news_sitemap(args.urls), rss_feed(args.items)
    urls = [e.loc for e in parse_sitemap(sitemap, "https://news.example.com/s.xml").entries]
    cases: dict[str, list[tuple[str, Callable[[Any], int], Any]]] = {
        f"news sitemap, {args.urls:,} URLs ({len(sitemap) / 1e6:.1f} MB)": [
            ("herald parse_sitemap", _herald_sitemap, sitemap),
            ("scrapy Sitemap", _scrapy_sitemap, sitemap),
        ],
        f"RSS 2.0, {args.items:,} items ({len(feed) / 1e6:.1f} MB)": [
            ("herald parse_feed", _herald_feed, feed),
            ("feedparser.parse", _feedparser_feed, feed),
        ],
        f"canonicalize_url x {len(urls):,}": [("herald canonicalize_url", _canonicalize, urls)],
    }
    if args.no_peers:
        cases = {name: runs[:1] for name, runs in cases.items()}
    report: dict[str, dict[str, dict[str, float]]] = {}
    for case, contenders in cases.items():
        times: dict[str, list[float]] = {name: [] for name, _, _ in contenders}
        counts: dict[str, int] = {}
        for _name, fn, arg in contenders:  # warm-up: imports, lxml and regex caches
            fn(arg)
        for r in range(args.repeats):
            order = contenders[r % len(contenders) :] + contenders[: r % len(contenders)]
            for name, fn, arg in order:
                seconds, counts[name] = _time(fn, arg)
                times[name].append(seconds)
        print(f"\n{case}")
        print(f"  {'parser':<26}{'median s':>10}{'min s':>9}{'peak MB':>10}{'entries':>9}  (CPU s)")
        report[case] = {}
        for name, fn, arg in contenders:
            peak = _peak(fn, arg) / 1e6
            med, low = statistics.median(times[name]), min(times[name])
            report[case][name] = {"median_s": med, "min_s": low, "peak_mb": peak}
            print(f"  {name:<26}{med:>10.3f}{low:>9.3f}{peak:>10.1f}{counts[name]:>9,}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
