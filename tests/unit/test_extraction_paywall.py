"""Paywalls: ``paywalled`` from JSON-LD and prompts; keep accessible text, never the prompt."""

from __future__ import annotations

import json

from herald_scraper import extract

URL = "https://news.example/2025/11/12/streaming-prices-rise-again"
PARAS = [
    f"Paragraph {n} of the story says the streaming service raised its prices by {n} dollars "
    f"a month after subscriber growth stalled in the third quarter, analysts said on Wednesday."
    for n in range(1, 7)
]


def _page(body: str, free: bool | None = False, part: str | None = None) -> str:
    ld: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Prices rise"}
    if free is not None:
        ld["isAccessibleForFree"] = free
    if part:
        ld["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": part,
        }
    return (
        '<html lang="en"><head><title>Prices rise</title>'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"<body><article><h1>Prices rise</h1>{body}</article></body></html>"
    )


def _ps(paras: list[str], cls: str = "") -> str:
    return "".join(f'<p class="{cls}">{p}</p>' for p in paras)


def test_barrier_in_the_paywalled_part_is_dropped_and_flagged() -> None:
    barrier = (
        '<div class="paywalled"><h2>Subscribe to continue reading</h2>'
        "<p>Get unlimited access to our journalism on any device. Cancel anytime.</p>"
        "<p>Try 4 weeks for $1</p><p>Already a subscriber? Sign in</p></div>"
    )
    record = extract(_page(_ps(PARAS[:4]) + barrier, part=".paywalled"), URL)
    assert record is not None and record["paywalled"] is True
    assert record["text"].split("\n") == PARAS[:4]


def test_served_paywalled_paragraphs_are_kept() -> None:
    """Sites that mark each paywalled paragraph and serve it: the text is in the page."""
    body = _ps(PARAS[:2]) + _ps(PARAS[2:], cls="regwalled")
    record = extract(_page(body, part=".regwalled"), URL)
    assert record is not None and record["paywalled"] is True
    assert record["text"].split("\n") == PARAS


def test_prompt_without_markup_sets_paywalled_and_is_removed() -> None:
    for prompt in ("Subscribe to continue reading", "Log in to continue reading"):
        body = _ps(PARAS[:4]) + f"<p>{prompt}</p>"
        record = extract(_page(body, free=None), URL)
        assert record is not None and record["paywalled"] is True, prompt
        assert record["text"].split("\n") == PARAS[:4]


def test_a_subscription_nag_is_removed_but_is_no_paywall() -> None:
    """Jetpack's modal sits on free pages that serve their whole text."""
    modal = (
        '<div class="wp-block-group"><h2>Discover more from The Herald</h2>'
        "<p>Subscribe to get the latest posts sent to your email.</p>"
        "<p>Subscribe now to keep reading and get access to the full archive.</p>"
        "<p>Type your email…</p><p>Subscribe</p><p>Continue reading</p></div>"
    )
    record = extract(_page(_ps(PARAS) + modal, free=None), URL)
    assert record is not None and record["paywalled"] is False
    assert record["text"].split("\n") == PARAS


def test_free_article_is_not_paywalled() -> None:
    record = extract(_page(_ps(PARAS), free=True), URL)
    assert record is not None and record["paywalled"] is False
    assert record["text"].split("\n") == PARAS
