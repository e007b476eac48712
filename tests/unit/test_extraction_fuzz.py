"""Fuzzing extraction with hypothesis: random markup and mutated real pages never raise and
never hang. ``extract_page`` must return a result (a record or a reason) for any input; the time
bound is a hang guard (seconds of backtracking), not a speed target."""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herald_scraper.extraction import extract_page

PAGES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "pages").glob("*.html"))
URL = "https://news.example.org/2024/06/10/harbour-story.html"
#: Seconds one call may take on a page of this test's sizes before it counts as a hang.
HANG_SECONDS = 10

_TAGS = [
    "p",
    "div",
    "td",
    "tr",
    "table",
    "font",
    "a",
    "br",
    "form",
    "input",
    "li",
    "ul",
    "h1",
    "span",
]
_ATTRS = [
    "",
    ' class="share"',
    ' href="mailto:?x"',
    ' href="/x"',
    ' type="email"',
    ' class="comments"',
]
_TEXT = st.text(
    alphabet=st.sampled_from(list("abc .,:;-|©/()[]<>&#\n\t1 9") + ["é", "東", "ß", " "]),
    max_size=200,
)


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        tag = draw(st.sampled_from(_TAGS))
        attr = draw(st.sampled_from(_ATTRS))
        closing = draw(st.booleans())
        parts.append(f"<{tag}{attr}>{draw(_TEXT)}" + (f"</{tag}>" if closing else ""))
    return "<html><head><title>t</title></head><body>" + "".join(parts) + "</body></html>"


def _judged(html: bytes | str) -> None:
    started = time.perf_counter()
    result = extract_page(html, URL)
    assert result.record is not None or result.reason
    assert result.reason != "error", "extraction raised inside (logged as error)"
    assert time.perf_counter() - started < HANG_SECONDS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markup())
def test_random_markup_never_raises_or_hangs(html: str) -> None:
    _judged(html)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PAGES),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 400), st.binary(max_size=40)), max_size=8),
)
def test_mutated_real_pages_never_raise_or_hang(
    path: Path, edits: list[tuple[float, int, bytes]]
) -> None:
    data = bytearray(path.read_bytes())
    for where, cut, insert in edits:  # cut a stretch and splice in random bytes
        at = int(where * len(data))
        data[at : at + cut] = insert
    _judged(bytes(data))
