"""A generated news site for crash and scope tests: N distinct articles, reachable from the home
page through section pages, and half of them only through another article's "related" link (so a
site crawl that loses its frontier after a kill never finds them again). ``robots.txt`` names a
sitemap listing every article. Served with :func:`herald_scraper.devserver.serve`."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "harbour council budget ferry storm school library bridge market fishing port trade "
    "minister river station tram hospital museum theatre festival museum park coast island "
    "engineer nurse teacher farmer captain mayor voters residents traders officials"
).split()


def article_path(i: int) -> str:
    return f"/news/2024/06/story-{i:04d}.html"


def _paragraphs(i: int) -> list[str]:
    rng = random.Random(i)
    paragraphs = []
    for p in range(6):
        words = [rng.choice(WORDS) for _ in range(28)]
        paragraphs.append(
            f"Story {i} paragraph {p}: the {' '.join(words)} said on day {i * 7 + p}."
        )
    return paragraphs


def _article(i: int, n: int) -> str:
    title = f"Story {i}: the {random.Random(-i).choice(WORDS)} report number {i}"
    related = (
        f'<section class="related"><h2>Related</h2><ul><li><a href="{article_path(i + 1)}">'
        f"Story {i + 1}</a></li></ul></section>"
        if i % 2 == 0 and i + 1 < n
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(i))
    url = f"http://HOST{article_path(i)}"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<link rel="canonical" href="{url}">'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2024-06-{1 + i % 28:02d}T08:00:00+00:00">'
        f'<script type="application/ld+json">{{"@context": "https://schema.org", "@type": '
        f'"NewsArticle", "headline": "{title}", "url": "{url}", '
        f'"datePublished": "2024-06-{1 + i % 28:02d}T08:00:00+00:00"}}</script>'
        '</head><body><header><a href="/">Gazette</a></header><main><article>'
        f"<h1>{title}</h1><p>By Jane Mercer</p>{body}</article>{related}</main>"
        "<footer><p>The Gazette</p></footer></body></html>"
    )


def make_site(root: Path, n: int = 120, per_section: int = 10) -> list[str]:
    """Write the site under ``root``; return the article paths."""
    listed = [i for i in range(n) if i % 2 == 0]  # odd ones: only linked from i - 1
    sections = [listed[k : k + per_section] for k in range(0, len(listed), per_section)]
    (root / "news" / "2024" / "06").mkdir(parents=True, exist_ok=True)
    (root / "section").mkdir(exist_ok=True)
    for i in range(n):
        (root / article_path(i).lstrip("/")).write_text(_article(i, n), encoding="utf-8")
    for k, members in enumerate(sections):
        items = "".join(f'<li><a href="{article_path(i)}">Story {i}</a></li>' for i in members)
        (root / "section" / f"s{k}.html").write_text(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Section {k}</title></head>'
            f"<body><h1>Section {k}</h1><ul>{items}</ul></body></html>",
            encoding="utf-8",
        )
    links = "".join(
        f'<li><a href="/section/s{k}.html">Section {k}</a></li>' for k in range(len(sections))
    )
    (root / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Gazette</title></head>'
        f"<body><h1>Gazette</h1><ul>{links}</ul></body></html>",
        encoding="utf-8",
    )
    urls = "".join(f"<url><loc>http://HOST{article_path(i)}</loc></url>" for i in range(n))
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        encoding="utf-8",
    )
    (root / "robots.txt").write_text("User-agent: *\nSitemap: http://HOST/sitemap.xml\n")
    return [article_path(i) for i in range(n)]
