"""Cross-page boilerplate: the pure learner (on the fixture site) and the Scrapy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from herald_scraper import extract
from herald_scraper.extraction.crosspage import CrossPageLearner
from herald_scraper.items import Article, content_hash
from herald_scraper.pipelines.crosspage import CrossPageBoilerplatePipeline

SITE = Path(__file__).resolve().parents[2] / "fixtures" / "site"
PITCH = "Sign up for our free morning briefing and get the news before breakfast, every day."


def _fixture_articles() -> list[list[str]]:
    paths = json.loads((SITE / "site.json").read_text(encoding="utf-8"))["articles"]
    bodies = []
    for path in paths:
        record = extract((SITE / path.lstrip("/")).read_bytes(), f"http://127.0.0.1:8000{path}")
        assert record is not None, path
        bodies.append(record["text"].split("\n"))
    return bodies


def _body(n: int, extra: tuple[str, ...] = (PITCH,)) -> list[str]:
    story = f"Story {n}: the council met on day {n} and agreed {n} new measures for the port."
    return [story, *extra]


def test_fixture_site_recurring_line_is_learned_and_only_it() -> None:
    bodies = _fixture_articles()
    learner = CrossPageLearner()
    for body in bodies:
        learner.observe("127.0.0.1", body)
    learned = learner.learned("127.0.0.1")
    assert learned, "the fixture site's recurring line was not learned"
    # Every learned line recurs on every fixture article; no article's own prose is learned.
    for line in learned:
        assert all(line in body for body in bodies)
    own = [line for body in bodies for line in body if sum(line in b for b in bodies) == 1]
    assert own and not any(learner.is_learned("127.0.0.1", line) for line in own)


def test_fixture_site_later_records_are_stripped() -> None:
    bodies = _fixture_articles()
    learner = CrossPageLearner(min_pages=3)
    for i, body in enumerate(bodies):
        learner.observe("127.0.0.1", body)
        kept, removed = learner.strip("127.0.0.1", body)
        if i < 2:
            assert removed == []  # not learned yet: first pages go out as they are
        else:
            assert removed and all(line not in kept for line in learner.learned("127.0.0.1"))
            assert kept  # the article itself stays


def test_a_line_needs_min_pages_distinct_pages() -> None:
    learner = CrossPageLearner(min_pages=3)
    learner.observe("a.example", [PITCH, PITCH, PITCH])  # one page, three times
    learner.observe("a.example", [PITCH])
    assert learner.learned("a.example") == []
    assert learner.observe("a.example", [PITCH]) == [PITCH]


def test_min_share_stops_a_quote_repeated_in_a_few_of_many_pages() -> None:
    learner = CrossPageLearner(min_pages=3, min_share=0.1)
    quote = "The ministry said the situation on the border was under control on Sunday."
    for n in range(100):
        learner.observe("big.example", _body(n, extra=(quote,) if n % 30 == 0 else ()))
    assert learner.learned("big.example") == []


def test_sites_are_separate() -> None:
    learner = CrossPageLearner()
    for n in range(3):
        learner.observe("a.example", _body(n))
    assert learner.learned("a.example") == [PITCH]
    assert learner.learned("b.example") == []
    assert learner.strip("b.example", _body(9)) == (_body(9), [])


def test_long_and_tiny_lines_are_never_learned() -> None:
    learner = CrossPageLearner(max_words=50, min_chars=20)
    long = "A background paragraph the newsroom repeats in every story on the war. " * 6
    for n in range(5):
        learner.observe("a.example", [f"Story {n} text.", long, "Analysis"])
    assert learner.learned("a.example") == []


def test_memory_is_bounded() -> None:
    learner = CrossPageLearner(max_sites=2, max_tracked=50, min_pages=2)
    for n in range(200):
        learner.observe("a.example", [f"A unique line number {n} that never repeats."])
    assert len(learner._sites["a.example"].counts) <= 50
    for site in ("b.example", "c.example"):
        learner.observe(site, [PITCH])
    assert list(learner._sites) == ["b.example", "c.example"]  # a.example evicted (LRU)


def test_json_round_trip_starts_informed() -> None:
    learner = CrossPageLearner()
    for n in range(3):
        learner.observe("a.example", _body(n))
    data = learner.to_json("a.example")
    assert data is not None and learner.to_json("b.example") is None
    fresh = CrossPageLearner()
    assert fresh.from_json("a.example", data) == 1
    assert fresh.strip("a.example", _body(7)) == (_body(7)[:1], [PITCH])
    assert fresh.from_json("x.example", "{not json") == 0


# --- pipeline -------------------------------------------------------------------------------


class _Spider(Spider):
    name = "unit"


class _Store:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get_meta(self, key: str) -> str | None:
        return self.data.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self.data[key] = value


def _pipeline(store: _Store | None, **settings: object) -> CrossPageBoilerplatePipeline:
    crawler = get_crawler(_Spider, settings)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    pipeline = CrossPageBoilerplatePipeline.from_crawler(crawler)
    pipeline._store = store
    return pipeline


def _item(n: int, site: str = "news.example") -> Article:
    text = "\n".join(_body(n))
    return Article(
        url=f"https://www.{site}/2024/06/story-{n}.html", title=f"Story {n}", text=text,
        word_count=len(text.split()), content_hash=content_hash(text),
        fetched_at="2024-06-10T00:00:00Z",
    )  # fmt: skip


def test_pipeline_strips_later_records_and_recomputes_fields() -> None:
    store = _Store()
    pipeline = _pipeline(store)
    items = [pipeline.process_item(_item(n)) for n in range(5)]
    assert [PITCH in item.text for item in items] == [True, True, False, False, False]
    for item in items[2:]:
        assert item.word_count == len(item.text.split())
        assert item.content_hash == content_hash(item.text)
    assert pipeline.stats.get_value("herald/crosspage/removed") == 3
    pipeline.close_spider()
    saved = json.loads(store.data["boilerplate/news.example"])
    assert saved["lines"] == [PITCH]


def test_pipeline_rerun_starts_informed_from_the_state() -> None:
    store = _Store()
    first = _pipeline(store)
    for n in range(3):
        first.process_item(_item(n))
    first.close_spider()
    second = _pipeline(store)
    assert PITCH not in second.process_item(_item(10)).text


@pytest.mark.parametrize("store", [None, _Store()])
def test_pipeline_can_be_disabled_and_works_without_state(store: _Store | None) -> None:
    off = _pipeline(store, HERALD_CROSSPAGE=False)
    assert all(PITCH in off.process_item(_item(n)).text for n in range(5))
    on = _pipeline(None)
    assert PITCH not in [on.process_item(_item(n)) for n in range(4)][-1].text
    on.close_spider()  # no state: nothing to save, no error
