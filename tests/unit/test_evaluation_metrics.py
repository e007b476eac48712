"""Edge cases of the benchmark metrics on hand-made strings."""

import pytest

from herald_scraper.evaluation.datasets import SegmentGold
from herald_scraper.evaluation.metrics import (
    aeb_scores,
    normalize_ws,
    segment_match,
    segment_scores,
    shingle_match,
    shingles,
    tokenize,
)


def test_tokenize_is_unicode_word_regex():
    assert tokenize("Über-Straße: naïve café, 3.5 % — 東京") == [
        "Über", "Straße", "naïve", "café", "3", "5", "東京",
    ]  # fmt: skip
    assert tokenize(None) == []


def test_shingles_are_overlapping_multisets():
    s = shingles("a b c d a b c d")
    assert sum(s.values()) == 5
    assert s[("a", "b", "c", "d")] == 2
    assert shingles("only three tokens") == {}


def test_identical_text_is_perfect():
    m = shingle_match("one two three four five", "one two three four five")
    assert (m.tp, m.fp, m.fn) == (2, 0, 0)
    assert m.precision == m.recall == m.f1 == 1.0


def test_case_matters_like_the_benchmark():
    m = shingle_match("one two three four", "ONE two three four")
    assert (m.tp, m.fp, m.fn) == (0, 1, 1)
    assert m.precision == 0.0 and m.recall == 0.0


def test_both_empty_scores_one():
    m = shingle_match("", "")
    assert m.precision == 1.0 and m.recall == 1.0


def test_empty_output_scores_zero():
    m = shingle_match("one two three four five", "")
    assert (m.tp, m.fp, m.fn) == (0, 0, 2)
    assert m.precision == 0.0 and m.recall == 0.0 and m.f1 == 0.0


def test_output_for_empty_gold_scores_zero():
    m = shingle_match("", "one two three four")
    assert m.precision == 0.0 and m.recall == 0.0


def test_partial_overlap_counts_multiset_intersection():
    gold = "a b c d e f"  # shingles abcd bcde cdef
    pred = "a b c d e x a b c d"  # abcd bcde cdex dexa exab xabc abcd
    m = shingle_match(gold, pred)
    assert (m.tp, m.fp, m.fn) == (2, 5, 1)
    assert m.precision == pytest.approx(2 / 7)
    assert m.recall == pytest.approx(2 / 3)


def test_aeb_scores_average_pages_then_harmonic_mean():
    perfect = shingle_match("a b c d e", "a b c d e")
    half = shingle_match("a b c d e", "a b c d x y z w")  # tp 1, fp 4, fn 1
    s = aeb_scores([perfect, half])
    assert s.precision == pytest.approx((1 + 1 / 5) / 2)
    assert s.recall == pytest.approx((1 + 1 / 2) / 2)
    assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))
    assert aeb_scores([]).f1 == 0.0


def test_normalize_ws():
    assert normalize_ws("  a\n\tb  c \u00a0d ") == "a b c d"


def test_segment_containment_after_whitespace_normalisation():
    gold = SegmentGold(with_=("first  para\ngraph", "missing one"), without=("Read more", "Ads"))
    m = segment_match(gold, "first para graph and more\n\nRead   more")
    assert (m.tp, m.fn, m.fp, m.tn) == (1, 1, 1, 1)
    assert m.missed == ("missing one",) and m.kept_boilerplate == ("Read more",)
    assert m.errors == 2


def test_segment_scores_are_micro_averaged():
    a = segment_match(SegmentGold(("x",), ()), "x")  # tp 1
    b = segment_match(SegmentGold(("y", "z", "w"), ("q",)), "q")  # fn 3, fp 1
    s = segment_scores([a, b])
    assert s.precision == pytest.approx(1 / 2)
    assert s.recall == pytest.approx(1 / 4)
    assert s.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_segment_scores_empty_output_has_zero_precision_not_error():
    s = segment_scores([segment_match(SegmentGold(("x",), ("y",)), "")])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
