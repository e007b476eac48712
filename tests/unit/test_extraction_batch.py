"""extract_batch: lines a site repeats across the batch are removed from every record."""

from __future__ import annotations

from herald_scraper.extraction import extract_batch
from herald_scraper.extraction.crosspage import CrossPageLearner

PITCH = "Get the Harbour Morning Digest in your inbox before seven, every weekday."
TOPICS = ["seawall", "ferry", "library", "market", "school", "bridge"]


def page(topic: str, extra: str = PITCH) -> str:
    paras = "".join(
        f"<p>The {topic} project entered phase {n} this week, and officials said the work on the "
        f"{topic} would continue through the spring despite the weather and the budget debate.</p>"
        for n in range(1, 5)
    )
    return (
        f"<html><head><title>{topic} update</title></head><body><article><h1>The {topic} update</h1>"
        f"{paras}<p>{extra}</p></article></body></html>"
    )


def test_a_pitch_repeated_across_a_sites_pages_is_removed_from_all_of_them() -> None:
    batch = [
        (page(t), f"https://harbour.example/news/{t}-update-{i}.html") for i, t in enumerate(TOPICS)
    ]
    results = extract_batch(batch)
    assert all(r.record is not None for r in results)
    for r in results:
        assert PITCH not in r.record["text"]  # the first pages too: a batch has hindsight
        assert "phase 4" in r.record["text"]
        assert any(x.rule == "crosspage" and x.text == PITCH for x in r.removed)
        assert r.record["word_count"] == len(r.record["text"].split())


def test_a_line_on_too_few_pages_or_on_other_sites_stays() -> None:
    own = [(page(t), f"https://harbour.example/news/{t}.html") for t in TOPICS[:2]]
    other = [(page(t), f"https://valley.example/news/{t}.html") for t in TOPICS[2:4]]
    results = extract_batch(own + other)
    assert all(PITCH in r.record["text"] for r in results)  # 2 pages per site: below min_pages
    results = extract_batch(own + other, learner=CrossPageLearner(min_pages=2))
    assert all(PITCH not in r.record["text"] for r in results)


def test_pages_without_url_or_record_pass_through() -> None:
    results = extract_batch([(page("ferry"), None), (b"", "https://harbour.example/x.html")])
    assert results[0].record is not None and PITCH in results[0].record["text"]
    assert results[1].record is None and results[1].reason.startswith("not_html")
