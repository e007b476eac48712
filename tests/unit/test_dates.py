"""Publication-date rules (herald_scraper.extraction.dates), each with a case where it must pick
the right day and one where it must not fire. Small hand-written pages, not benchmark pages."""

from __future__ import annotations

from datetime import date

from lxml.html import document_fromstring

from herald_scraper.extraction.dates import (
    SHOWN_DATE_CHARS,
    DateEvidence,
    ShownDate,
    date_evidence,
    declared_published,
    parse_declared,
    publication_date,
    shown_date,
    url_day,
)
from herald_scraper.extraction.metadata import build_metadata
from herald_scraper.extraction.structured import StructuredData, read_structured


def _sd(published: str | None = None, **meta: str) -> StructuredData:
    article = {"@type": "NewsArticle", "datePublished": published} if published else {}
    return StructuredData(article=article, meta=dict(meta))


def _page(body: str, head: str = "") -> tuple:
    tree = document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return tree, read_structured(tree)


# --- declarations ---------------------------------------------------------------------------


def test_declared_prefers_jsonld_then_opengraph_then_generic_meta() -> None:
    sd = _sd(
        None, **{"article:published_time": "2021-03-05T10:00:00+01:00", "pubdate": "2020-01-01"}
    )
    assert declared_published(sd) == parse_declared("2021-03-05T10:00:00+01:00")
    assert declared_published(_sd(None, pubdate="2020-01-01")) == date(2020, 1, 1)
    assert declared_published(_sd(None, **{"article:modified_time": "2020-01-01"})) is None


def test_declared_timestamp_is_kept_when_its_day_stands() -> None:
    sd = _sd("2021-03-05T10:00:00+01:00")
    assert publication_date(sd, "2021-03-05", None) == "2021-03-05T10:00:00+01:00"


def test_nothing_known_is_none() -> None:
    assert publication_date(StructuredData(), None, "https://example.org/news/story") is None


# --- URL day ----------------------------------------------------------------------------------


def test_url_day_is_read_from_the_path() -> None:
    assert url_day("https://example.org/2019/03/05/story/") == date(2019, 3, 5)
    assert url_day("https://example.org/news/2019-03-05-story") == date(2019, 3, 5)


def test_url_day_does_not_fire_without_a_full_date() -> None:
    assert url_day("https://example.org/2019/story-12345") is None
    assert url_day("https://example.org/2019/13/45/story") is None
    assert url_day(None) is None


def test_url_day_beats_a_utc_timestamp_from_the_next_day() -> None:
    # 02:25 UTC on the 25th is the evening of the 24th on a US site; its URL says the 24th.
    sd = _sd("2020-02-25T02:25:54Z")
    url = "https://example.com/2020/02/24/story/"
    assert publication_date(sd, "2020-02-24", url) == "2020-02-24"


def test_url_day_does_not_override_an_explicit_local_offset_one_day_away() -> None:
    # Drafted on the 4th, published after midnight local time: the page shows the 5th.
    sd = _sd("2019-03-05T00:10:00+01:00")
    url = "https://example.org/2019/03/04/story/"
    assert publication_date(sd, None, url) == "2019-03-05T00:10:00+01:00"


# --- htmldate's guess against the declaration -------------------------------------------------


def test_guess_beats_a_utc_timestamp_one_day_off() -> None:
    sd = _sd(None, **{"article:published_time": "2018-12-31T23:11:59+00:00"})
    assert publication_date(sd, "2019-01-01", None) == "2019-01-01"


def test_guess_does_not_override_an_explicit_local_offset_one_day_away() -> None:
    sd = _sd("2019-03-05T23:30:00+01:00")
    assert publication_date(sd, "2019-03-06", None) == "2019-03-05T23:30:00+01:00"


def test_guess_beats_a_generic_meta_that_contradicts_it() -> None:
    # A site-wide pubdate meta against htmldate's reading of the page (which weighs more).
    sd = _sd(None, pubdate="2021-12-14T15:41:07+01:00")
    assert publication_date(sd, "2022-02-04", None) == "2022-02-04"


def test_declaration_is_used_when_nothing_independent_speaks() -> None:
    sd = _sd("2016-08-29T21:54:39.000Z")
    assert publication_date(sd, None, "https://example.com/garden/hydrangea") == (
        "2016-08-29T21:54:39+00:00"
    )


# --- the date shown under the headline --------------------------------------------------------


def test_shown_date_is_the_dateline_under_the_headline() -> None:
    tree, sd = _page(
        "<header><p>Montag, 2. Januar 2023</p></header>"  # masthead "today": before the headline
        "<article><h1>Mietenstreik in den USA</h1>"
        "<p class=byline>Von A. Autor <span>29.04.2020, 12:01 Uhr</span></p>"
        "<p>Text des Artikels.</p></article>",
        "<title>Mietenstreik in den USA - Zeitung</title>",
    )
    assert shown_date(tree, sd) == ShownDate(date(2020, 4, 29))


def test_shown_date_beats_a_guess_from_elsewhere_in_the_page() -> None:
    shown = ShownDate(date(2020, 4, 29))
    assert publication_date(_sd(None, date="2020-04-30"), "2020-04-30", None, shown) == (
        "2020-04-29"
    )


def test_shown_date_skips_a_logo_headline() -> None:
    tree, sd = _page(
        "<h1>Zoll</h1><nav>Start 2019 Archiv</nav><p>12.12.2012 Newsletter</p>"
        "<h1>Verkündung des Gesetzes</h1><p>Datum: 18.10.2021</p>",
        "<title>Zoll online - Verkündung des Gesetzes</title>",
    )
    assert shown_date(tree, sd) == ShownDate(date(2021, 10, 18))


def test_shown_date_does_not_fire_far_below_the_headline() -> None:
    lead = "Ein langer erster Absatz ohne Datum. " * (SHOWN_DATE_CHARS // 30)
    tree, sd = _page(f"<h1>Titel</h1><p>{lead}</p><p>Erstellt am: 01.11.2023</p>")
    assert shown_date(tree, sd) is None


def test_shown_date_does_not_read_scripts_or_pages_without_headline() -> None:
    tree, sd = _page("<h1>Titel</h1><script>var d = '2020-01-01';</script><p>Kein Datum.</p>")
    assert shown_date(tree, sd) is None
    tree, sd = _page("<h2>Titel</h2><p>29.04.2020</p>")
    assert shown_date(tree, sd) is None


def test_shown_date_ignores_numbers_in_the_headline_itself() -> None:
    tree, sd = _page("<h1>Die Wahl <em>2021-09-26</em> im Rückblick</h1><p>Von A. Autor</p>")
    assert shown_date(tree, sd) is None


def test_shown_date_is_dropped_for_a_local_declaration_one_day_away() -> None:
    sd = _sd("2025-03-05T20:31:00+01:00")
    assert publication_date(sd, None, None, ShownDate(date(2025, 3, 6))) == (
        "2025-03-05T20:31:00+01:00"
    )


# --- day/month ambiguity ----------------------------------------------------------------------


def test_ambiguous_slash_date_is_read_as_another_source_says() -> None:
    tree, sd = _page("<h1>Scientists confirm</h1><p>By A. Writer 11/08/23 5:19pm</p>")
    shown = shown_date(tree, sd)
    assert shown == ShownDate(date(2023, 8, 11), ambiguous=True)
    assert publication_date(StructuredData(), "2023-11-08", None, shown) == "2023-11-08"


def test_dotted_dates_are_never_swapped() -> None:
    tree, sd = _page("<h1>Trinkwasser belastet</h1><p>Erstellt am: 01.11.2023</p>")
    shown = shown_date(tree, sd)
    assert shown == ShownDate(date(2023, 11, 1), ambiguous=False)
    assert publication_date(StructuredData(), "2023-01-11", None, shown) == "2023-11-01"


def test_ambiguous_date_without_support_for_the_swap_is_kept() -> None:
    shown = ShownDate(date(2023, 8, 11), ambiguous=True)
    assert publication_date(StructuredData(), "2023-08-11", None, shown) == "2023-08-11"


# --- evidence from the page as served ---------------------------------------------------------


def test_date_evidence_runs_htmldate_when_url_and_headline_are_silent() -> None:
    tree, sd = _page(
        "<div>Ohne Überschrift.</div><p>Veröffentlicht am 12. März 2021</p>",
        '<meta name="date" content="2021-03-12">',
    )
    evidence = date_evidence(tree, sd, "https://example.org/news/story")
    assert evidence == DateEvidence(None, "2021-03-12")


def test_date_evidence_skips_htmldate_when_it_would_not_be_consulted() -> None:
    tree, sd = _page("<h1>Titel</h1><p>29.04.2020</p>", '<meta name="date" content="2021-03-12">')
    assert date_evidence(tree, sd, None) == DateEvidence(ShownDate(date(2020, 4, 29)))
    tree, sd = _page("<p>Kein Titel</p>", '<meta name="date" content="2021-03-12">')
    assert date_evidence(tree, sd, "https://example.org/2020/04/29/story") == DateEvidence()


def test_build_metadata_prefers_the_served_page_evidence() -> None:
    class Doc:
        date = "2016-06-16"  # htmldate on the pruned page: the dateline was pruned away

    sd = _sd(None, pubdate="2016-06-16")
    served = DateEvidence(None, "2021-10-16")
    assert build_metadata(sd, Doc(), None, served)["date_published"] == "2021-10-16"
    assert build_metadata(sd, Doc(), None)["date_published"] == "2016-06-16"
    shown = DateEvidence(ShownDate(date(2021, 10, 16)))
    assert build_metadata(sd, Doc(), None, shown)["date_published"] == "2021-10-16"
