"""DOM listing features: teasers, prose runs, link share, gallery items."""

from __future__ import annotations

from lxml.html import document_fromstring

from herald_scraper.extraction.listing import (
    GROUP_MIN,
    TEASER_MAX_WORDS,
    PageFeatures,
    page_features,
)

URL = "https://news.example.com/a/b/c/x1"
SENTENCE = "The county council approved the new bypass on Monday after a long debate. "


def features(body: str, url: str | None = URL) -> PageFeatures:
    return page_features(document_fromstring(f"<html><body>{body}</body></html>"), url)


def card(i: int, summary: str = "") -> str:
    return (
        f'<div class="card"><h3><a href="/news/story-{i}">Council approves bypass {i}</a></h3>'
        f"<p>{summary}</p></div>"
    )


def test_teasers_side_by_side_are_grouped() -> None:
    f = features("<div>" + "".join(card(i, SENTENCE) for i in range(5)) + "</div>")
    assert f.teasers == 5 and f.grouped_teasers == 5
    # fewer than GROUP_MIN side by side are teasers, not a group
    f = features("<div>" + "".join(card(i) for i in range(GROUP_MIN - 1)) + "</div>")
    assert f.teasers == GROUP_MIN - 1 and f.grouped_teasers == 0


def test_a_block_with_too_many_words_is_no_teaser() -> None:
    long = SENTENCE * (TEASER_MAX_WORDS // 10)
    f = features("<div>" + "".join(card(i, long) for i in range(4)) + "</div>")
    # the headings are teasers on their own; the long text beside them stays running prose
    assert f.teasers == 4 and f.prose_run == len(long.split())
    short = features("<div>" + "".join(card(i, SENTENCE) for i in range(4)) + "</div>")
    assert short.prose_run < len(long.split())


def test_links_to_the_page_itself_or_anchors_are_no_headlines() -> None:
    own = "".join(
        f'<div><h3><a href="{URL}#part-{i}">Section {i} of this story</a></h3></div>'
        for i in range(4)
    )
    assert features(f"<div>{own}</div>").teasers == 0


def test_an_in_text_link_is_no_headline_a_standalone_link_is() -> None:
    in_text = (
        '<p>The council said <a href="/news/other-story">the plan for the new bypass</a> '
        "would be reviewed next year.</p>"
    )
    assert features(in_text).teasers == 0
    listed = "<ul>" + "".join(
        f'<li><a href="/news/s{i}">Storm closes the coast road {i}</a></li>' for i in range(4)
    )
    assert features(listed + "</ul>").grouped_teasers == 4


def test_prose_run_sums_paragraphs_and_is_cut_by_headline_links() -> None:
    body = f"<div><h1>Title</h1><p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></div>"
    assert features(body).prose_run == len((SENTENCE * 5).split()) + 1
    cut = f"<div><p>{SENTENCE * 3}</p>{card(1)}<p>{SENTENCE * 2}</p></div>"
    assert features(cut).prose_run == len((SENTENCE * 3).split())


def test_prose_run_counts_text_with_line_breaks_in_one_cell() -> None:
    # 1998-2010 layouts: paragraphs as <br><br> in one <font> inside a table cell
    cell = f"<table><tr><td><font size=2>{SENTENCE}<br><br>{SENTENCE}<br><br>{SENTENCE}</font></td></tr></table>"
    assert features(cell).prose_run == len((SENTENCE * 3).split())


def test_menus_footers_and_sidebars_hold_no_prose() -> None:
    body = f"<nav><p>{SENTENCE * 4}</p></nav><footer><p>{SENTENCE * 4}</p></footer><aside>{SENTENCE * 4}</aside>"
    assert features(body).prose_run == 0


def test_link_share() -> None:
    links = "".join(f'<a href="/x{i}">one two three</a> ' for i in range(6))
    f = features(f"<p>{links}</p><p>four five six</p>")
    assert f.link_words == 18 and f.words == 21
    assert f.link_share == 18 / 21


def test_gallery_items_are_repeated_picture_blocks_and_their_captions_no_prose() -> None:
    figs = "".join(
        f'<figure class="g"><img src="/{i}.jpg"><figcaption>{SENTENCE}</figcaption></figure>'
        for i in range(6)
    )
    f = features(f"<div>{figs}</div>")
    assert f.media_items == 6 and f.prose_run == 0
    # a paragraph with a picture in it stays prose
    para = f'<div><p><img src="/a.jpg">{SENTENCE * 8}</p></div>'
    assert features(para).media_items == 0 and features(para).prose_run == 8 * 13


def test_no_url_still_measures() -> None:
    assert features("<div>" + "".join(card(i) for i in range(4)) + "</div>", None).teasers == 4


def test_hrefs_urllib_refuses_are_no_links() -> None:
    bad = "".join(
        f'<li><a href="//[ccpa-preferences]/x{i}">Do not sell my personal information</a></li>'
        for i in range(4)
    )
    f = features(f"<ul>{bad}</ul><p>{SENTENCE}</p>")
    assert f.teasers == 0 and f.link_words == 0
    assert page_features(document_fromstring("<p>x</p>"), "http://[bad-host/").words == 1
