"""Language of the extracted text (py3langid), for pages that declare none or declare it wrongly.

CMS templates often hard-code ``<html lang="en-US">`` whatever the article's language, so a
confident reading of the text itself beats a declaration; a short or ambiguous text falls back
to what the page declares.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

#: Below this many characters a text is too short for a reliable reading.
MIN_CHARS = 200
#: Characters of the text read for the decision.
SAMPLE_CHARS = 1000
#: Normalised probability a reading needs to override a declared language.
CONFIDENT = 0.99


@lru_cache(maxsize=1)
def _identifier() -> Any:
    # Once per process (the workers' fork server), and only when a page needs it: mapped from
    # an on-disk cache the first load builds (see langmodel), so workers share its pages.
    from herald_scraper.extraction.langmodel import load_identifier

    return load_identifier(norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """``(ISO 639-1 code, probability)`` of ``text``; ``(None, 0.0)`` when it is too short."""
    # 1,000 characters decide the language as well as the whole text does, at a fraction of
    # the cost (classification is linear in the length).
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None, 0.0
    try:
        code, prob = _identifier().classify(sample)
    except Exception:  # noqa: BLE001 — detection is a best-effort fallback, never fatal
        logger.debug("language detection failed", exc_info=True)
        return None, 0.0
    return str(code), float(prob)


def resolve_language(declared: str | None, text: str) -> str | None:
    """The declared code unless the text confidently says otherwise; the text's reading when
    nothing is declared."""
    detected, prob = detect_language(text)
    if detected and (prob >= CONFIDENT or declared is None):
        return detected
    return declared
