"""The extraction cost budget (issue 8): pages over it are reduced before extraction, in steps,
each counted; pages within it, and every page up to CHECK_ABOVE_BYTES, are never touched."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from herald_scraper.extraction import budget, extract_page
from herald_scraper.extraction.budget import reduce_to_budget

URL = "https://example.org/news/2024/06/03/harbour-budget-vote.html"
ARTICLE = "".join(
    f"<p>Paragraph {i}: the harbour council voted on Tuesday to approve the new budget, after "
    "residents had questioned the cost of the school road project for several weeks.</p>"
    for i in range(8)
)
JSON_LD = (
    '{"@type": "NewsArticle", "headline": "Harbour budget approved", "datePublished": "2024-06-03"}'
)


def page(article: str, after: str) -> str:
    return (
        "<html><head><title>Harbour budget approved</title>"
        f'<script type="application/ld+json">{JSON_LD}</script></head><body>'
        f"<h1>Harbour budget approved</h1><article>{article}</article>{after}</body></html>"
    )


def thread(n: int) -> str:
    """A reader thread in markup trafilatura does not know as comments (the costly case)."""
    return (
        '<div id="thread">'
        + "".join(
            f'<div class="post-item"><div class="name">Reader {i}</div><p>Reader {i} thinks the '
            "harbour council should have asked the residents first, and says so at length.</p></div>"
            for i in range(n)
        )
        + "</div>"
    )


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "CHECK_ABOVE_BYTES", 0)
    monkeypatch.setattr(budget, "MAX_ELEMENTS", 200)
    monkeypatch.setattr(budget, "MAX_TEXT_CHARS", 20_000)


def tree_of(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def test_pages_up_to_the_byte_threshold_are_never_looked_at() -> None:
    html = page(article=ARTICLE, after=thread(3000))  # over the element budget...
    assert len(html) < budget.CHECK_ABOVE_BYTES  # ...but small: left alone
    tree = tree_of(html)
    before = etree.tostring(tree)
    assert reduce_to_budget(tree, len(html)) is None
    assert etree.tostring(tree) == before


@pytest.mark.usefixtures("small_budget")
def test_a_page_within_the_budget_is_untouched() -> None:
    html = page(article=ARTICLE, after="<script>var x = 1;</script>")
    tree = tree_of(html)
    before = etree.tostring(tree)
    assert reduce_to_budget(tree, 10**9) is None
    assert etree.tostring(tree) == before


@pytest.mark.usefixtures("small_budget")
def test_scripts_and_styles_go_first_json_ld_and_tails_stay() -> None:
    blob = "x" * 30_000
    html = page(
        article=ARTICLE, after=f"<div>before<script>{blob}</script>after tail<!-- c --></div>"
    )
    tree = tree_of(html)
    assert reduce_to_budget(tree, 10**9) == "non_content"
    assert not tree.xpath("//script[not(contains(@type, 'ld+json'))]")
    assert tree.xpath("//script[contains(@type, 'ld+json')]")
    assert "beforeafter tail" in tree.text_content()


@pytest.mark.usefixtures("small_budget")
def test_the_main_region_is_kept_when_chrome_is_over_the_budget() -> None:
    menu = "<nav><ul>" + "<li><span>Section</span></li>" * 500 + "</ul></nav>"
    html = page(article=ARTICLE, after="").replace("<h1>", menu + "<h1>")
    tree = tree_of(html)
    assert reduce_to_budget(tree, 10**9) == "non_content+main_region"
    assert not tree.xpath("//nav") and tree.xpath("//article")
    assert tree.xpath("//head/title")  # metadata stays


@pytest.mark.usefixtures("small_budget")
def test_what_follows_the_budget_in_document_order_is_cut() -> None:
    html = page(article=ARTICLE, after=thread(500)).replace("article>", "section>")
    tree = tree_of(html)
    assert reduce_to_budget(tree, 10**9) == "non_content+cut"
    assert int(tree.xpath("count(//*)")) <= budget.MAX_ELEMENTS
    assert len(tree.text_content()) <= budget.MAX_TEXT_CHARS
    text = tree.text_content()
    assert "Paragraph 7" in text and "Reader 5 " in text and "Reader 499 " not in text


@pytest.mark.usefixtures("small_budget")
def test_a_huge_text_node_is_shortened_not_dropped() -> None:
    html = page(article=ARTICLE + "<p>" + "word " * 10_000 + "</p><p>end</p>", after="")
    tree = tree_of(html)
    assert reduce_to_budget(tree, 10**9) == "non_content+main_region+cut"
    text = tree.text_content()
    assert len(text) == budget.MAX_TEXT_CHARS
    assert "Paragraph 7" in text and "word word" in text and "end" not in text


def test_an_over_budget_page_is_reduced_counted_and_its_article_found() -> None:
    # The default budget: a real-size reader thread (some 3 MB, 55,000 elements) inside the
    # <article>. The reduction is recorded for the crawl stats; the article text is still read.
    html = page(article=ARTICLE + thread(18_000), after="<footer>Footer</footer>")
    assert len(html) > budget.CHECK_ABOVE_BYTES
    result = extract_page(html, URL, article_only=False)
    assert result.reduced == "non_content+main_region+cut"
    assert result.record is not None
    assert "Paragraph 0: the harbour council voted" in result.record["text"]
    assert "Paragraph 7:" in result.record["text"]


def test_a_normal_page_reports_no_reduction() -> None:
    result = extract_page(page(article=ARTICLE, after=""), URL)
    assert result.record is not None and result.reduced is None
