"""Counting words in any script.

Chinese and Japanese are written without spaces, so ``len(text.split())`` calls a whole
paragraph one word: a gate or a minimum-length rule built on it rejects every such article. A
run of Han ideographs or kana counts one word per :data:`CHARS_PER_WORD` characters (the usual
length of a word in both languages); everything else counts by whitespace. Korean is written
with spaces and needs nothing special.
"""

from __future__ import annotations

import re

#: Characters of Chinese or Japanese text per word (most words are one or two characters).
CHARS_PER_WORD = 2
# Han ideographs (with extension A and compatibility forms), hiragana and katakana.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def word_count(text: str | None) -> int:
    """Words in ``text``: whitespace-separated tokens, CJK runs counted by their length."""
    if not text:
        return 0
    if text.isascii():  # the common case, and the hot path of the listing features
        return len(text.split())
    runs = _CJK_RUN.findall(text)
    if not runs:
        return len(text.split())
    cjk_words = sum(-(-len(run) // CHARS_PER_WORD) for run in runs)
    # Around CJK runs, full-width punctuation stands alone: it is no word.
    rest = [t for t in _CJK_RUN.sub(" ", text).split() if any(c.isalnum() for c in t)]
    return len(rest) + cjk_words
