"""Old markup restated: layout tables unwrapped, <br><br> paragraphs made, data tables kept."""

from __future__ import annotations

import lxml.html

from herald_scraper.extraction import extract
from herald_scraper.extraction.oldmarkup import paragraphs_from_breaks, unwrap_layout_tables

SENTENCE = "The harbour council voted on Monday to approve the budget for the seawall repairs. "


def test_layout_table_is_unwrapped_data_table_kept() -> None:
    tree = lxml.html.fromstring(
        "<html><body><table><tr><td><a href='/'>Home</a></td>"
        f"<td>{SENTENCE * 8}</td></tr></table>"
        "<table><tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr></table></body></html>"
    )
    assert unwrap_layout_tables(tree) == 1
    assert [t.tag for t in tree.iter("table")] == ["table"]
    assert tree.find(".//td") is not None  # the standings stay a table


def test_break_separated_prose_becomes_paragraphs_menus_do_not() -> None:
    tree = lxml.html.fromstring(
        f"<html><body><div><font>{SENTENCE * 2}<br><br>{SENTENCE * 2}<br><br>Short end.</font></div>"
        "<div>Home<br><br>News<br><br>Sports</div></body></html>"
    )
    assert paragraphs_from_breaks(tree) == 3
    assert [len(p.text_content()) > 100 for p in tree.iter("p")] == [True, True, False]
    assert len(list(tree.iter("p"))) == 3  # the menu column is left alone


def test_old_table_page_yields_the_article_without_menus_or_tool_bar() -> None:
    menu = " | ".join(f'<a href="/{s}/">{s}</a>' for s in ("news", "sports", "opinion", "weather"))
    viewed = "<br>".join(
        f'<a href="/story.php?id={i}">Other story number {i}</a>' for i in range(4)
    )
    body = "<br><br>".join(
        f"Paragraph {n} of the story. " + SENTENCE + f"Speaker {n} said the work was overdue."
        for n in range(5)
    )
    html = (
        f"<html><head><title>Council approves budget</title></head><body><table><tr><td>{menu}</td></tr>"
        f"<tr><td><p><b>Most Viewed</b><br>{viewed}</p></td><td><font size=4><b>Council approves budget</b></font>"
        f"<br><br><font size=2>{body}</font><br><br><font size=1>"
        '<a href="/send.php?id=7">Send to a friend</a> | <a href="/print.php?id=7">Print</a></font>'
        "</td></tr></table></body></html>"
    )
    record = extract(html, "http://valley.example/story.php?id=7")
    assert record is not None
    text = record["text"]
    assert text.count("seawall repairs") == 5 and len(text.splitlines()) >= 5
    for junk in ("Other story number", "Send to a friend", "opinion"):
        assert junk not in text


def test_a_one_column_table_of_posts_is_layout_a_two_column_one_is_data() -> None:
    posts = "".join(
        f"<tr><td><b>reader{i}</b> wrote:<br>Short post {i}.</td></tr>" for i in range(3)
    )
    results = "".join(f"<tr><td>Team {i}</td><td>{i * 3}</td></tr>" for i in range(3))
    tree = lxml.html.fromstring(
        f"<html><body><table>{posts}</table><table>{results}</table></body></html>"
    )
    assert unwrap_layout_tables(tree) == 1
    assert len(list(tree.iter("table"))) == 1 and "Team 0" in tree.find(".//table").text_content()
