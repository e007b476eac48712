"""The line rules' keyword prefilters never hide a match.

A rule with ``keywords`` only runs its pattern on lines holding one of them, so every match of
the pattern must contain one. This is checked on the pattern's structure (the parse tree of
Python's ``re``): for each rule, a set of literals one of which any match must contain is
derived, and each must contain one of the rule's keywords.
"""

from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Any

import pytest

from herald_scraper.extraction.boilerplate import LINE_RULES

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def required(seq: Any) -> set[str] | None:
    """Literals one of which every match of the parsed sequence ``seq`` contains, or None when
    no such set is evident. Runs of literal characters are literals; a group, a repeat taken at
    least once or a lookaround (whose text is in the line too) pass on their own set; an
    alternation needs a set from every branch (their union). Of a sequence's items, which must
    all match, any one's set will do: the one with the longest shortest literal is kept."""
    candidates: list[set[str]] = []
    run = ""
    for op, av in seq:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append({run})
        run = ""
        found: set[str] | None = None
        if op is C.SUBPATTERN:
            found = required(av[3])
        elif op is C.ATOMIC_GROUP:
            found = required(av)
        elif op is C.BRANCH:
            branches = [required(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                found = set().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = required(av[2])
        elif op is C.ASSERT:
            found = required(av[1])
        if found:
            candidates.append(found)
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def test_the_derivation_itself() -> None:
    assert required(P.parse(r"\bfoo (bar|baz)\b", 0)) == {"foo "}
    assert required(P.parse(r"^\W*(ab|cd)x?$", 0)) == {"ab", "cd"}
    assert required(P.parse(r"a|\d+", 0)) is None
    assert required(P.parse(r"(?:xyz)?\w+", 0)) is None


@pytest.mark.parametrize("rule", [r for r in LINE_RULES if r.keywords], ids=lambda r: r.name)
def test_every_match_holds_a_keyword(rule: Any) -> None:
    assert rule.keywords.flags == rule.pattern.flags  # the same case folding
    keywords = [re.sub(r"\\(.)", r"\1", k) for k in rule.keywords.pattern.split("|")]
    literals = required(P.parse(rule.pattern.pattern, rule.pattern.flags))
    assert literals, f"{rule.name}: no literal is required, keywords would hide matches"
    uncovered = {lit for lit in literals if not any(k in lit for k in keywords)}
    assert not uncovered, f"{rule.name}: matches may hold none of its keywords: {uncovered}"


def test_prefiltered_rules_still_match_their_cases() -> None:
    for rule in LINE_RULES:
        if rule.keywords is not None:
            assert not rule.search("an ordinary sentence of the article body")
