"""Structural widget rules: each removes its widget and keeps the look-alike that is content."""

from __future__ import annotations

import lxml.html

from herald_scraper.extraction.widgets import action_link, prune_widgets, social_host

PROSE = " ".join(
    ["The council met on Monday and voted on the harbour budget after a long debate."] * 6
)


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><body><h1>Headline</h1><p>{PROSE}</p>{body}</body></html>")


def texts(tree: lxml.html.HtmlElement) -> str:
    return " ".join(tree.text_content().split())


def test_signup_box_with_email_form_goes_with_its_heading_and_pitch() -> None:
    tree = page(
        '<div class="box-17"><h3>Das Wichtigste am Morgen</h3><p>Jeden Tag um sechs.</p>'
        '<form action="/x"><input type="email" name="addr"><button>OK</button></form>'
        "<small>Abmeldung jederzeit möglich.</small></div>"
    )
    removed = prune_widgets(tree, "https://example.org/a")
    assert [r.rule for r in removed] == ["signup_form"]
    assert "Das Wichtigste" not in texts(tree) and "Abmeldung" not in texts(tree)
    assert "harbour budget" in texts(tree)


def test_search_form_and_article_around_a_form_are_kept() -> None:
    tree = page('<form action="/search"><input type="search" name="q"></form>')
    assert prune_widgets(tree, "https://example.org/a") == []
    # A sign-up form inside the article's own container never takes the article with it.
    tree = lxml.html.fromstring(
        f'<html><body><div><p>{PROSE}</p><form><input type="email"></form></div></body></html>'
    )
    prune_widgets(tree, "https://example.org/a")
    assert "harbour budget" in texts(tree)


def test_comment_form_region_is_removed_but_not_the_article_above_it() -> None:
    tree = lxml.html.fromstring(
        f"<html><body><div id='main'><div><h1>Headline</h1><p>{PROSE}</p></div>"
        "<div><div><b>anna</b> 2008-01-07<p>Great piece.</p></div>"
        "<form><textarea name='c'></textarea><input name='author'></form></div></div></body></html>"
    )
    removed = prune_widgets(tree, "https://example.org/a")
    assert "comment_section" in [r.rule for r in removed]
    assert "Great piece" not in texts(tree) and "harbour budget" in texts(tree)


def test_share_bar_by_link_targets_in_any_language() -> None:
    tree = page(
        '<div><a href="https://www.facebook.com/sharer/sharer.php?u=x">Teilen</a>'
        '<a href="https://twitter.com/intent/tweet?url=x">Twittern</a>'
        '<a href="mailto:?subject=x">Mailen</a></div>'
    )
    removed = prune_widgets(tree, "https://example.org/a")
    assert [r.rule for r in removed] == ["share_links"]
    assert "Teilen" not in texts(tree)


def test_embedded_posts_and_prose_mentioning_networks_are_kept() -> None:
    tree = page(
        '<blockquote><p>Huge news today <a href="https://twitter.com/a/status/1">pic</a></p>'
        '— A (@a) <a href="https://twitter.com/a/status/1">May 1</a></blockquote>'
    )
    assert prune_widgets(tree, "https://example.org/a") == []
    assert not social_host("https://twitter.com/a/status/123")
    assert social_host("https://www.instagram.com/harbourtimes/")
    assert action_link("/print.php?id=1205") and action_link("javascript:window.print()")
    assert not action_link("/news/local/printing-plant-closes.html")


def test_list_of_links_to_the_sites_own_pages_is_removed_external_sources_kept() -> None:
    internal = "".join(
        f'<li><a href="/story.php?id={i}">Story number {i} title</a></li>' for i in range(5)
    )
    tree = page(f"<ul>{internal}</ul>")
    removed = prune_widgets(tree, "https://example.org/a")
    assert [r.rule for r in removed] == ["link_list"]
    external = "".join(
        f'<li><a href="https://source{i}.org/report">Report {i} of the agency</a></li>'
        for i in range(5)
    )
    tree = page(f"<ul>{external}</ul>")
    assert prune_widgets(tree, "https://example.org/a") == []


def test_loose_signup_form_in_the_article_takes_its_heading_pitch_and_consent_line() -> None:
    tree = lxml.html.fromstring(
        f"<html><body><div class='content'><p>{PROSE}</p><p>The vote is due in May.</p>"
        "<h4>Morgenpost</h4><p>Die Nachrichten des Tages, jeden Morgen um sechs.</p>"
        '<form action="/nl"><input type="text" name="email" placeholder="E-Mail"><button>Los</button></form>'
        "<p><small>Abmeldung jederzeit.</small></p>"
        f"<p>{PROSE}</p></div></body></html>"
    )
    removed = prune_widgets(tree, "https://example.org/a")
    text = texts(tree)
    assert {r.rule for r in removed} == {"signup_form"}
    for gone in ("Morgenpost", "jeden Morgen", "Abmeldung"):
        assert gone not in text
    assert "The vote is due in May." in text and text.count("harbour budget") == 12


def test_a_form_without_a_heading_above_keeps_the_short_lines_before_it() -> None:
    tree = lxml.html.fromstring(
        f"<html><body><div><p>{PROSE}</p><p>The vote is due in May.</p>"
        '<form><input type="email"></form></div></body></html>'
    )
    prune_widgets(tree, "https://example.org/a")
    assert "The vote is due in May." in texts(tree)
