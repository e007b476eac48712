"""Word counts in any script, and the article gate on a Chinese article (no spaces)."""

from __future__ import annotations

from herald_scraper.extraction import extract_page
from herald_scraper.extraction.words import word_count

ZH = (
    "东京都政府星期一公布了新的防灾计划，计划提出在今后五年内增加避难所的数量，并加强对老旧建筑的抗震检查。"
    "官员表示，这项计划的预算约为三百亿日元，其中一半将用于学校和医院的改造工程，其余部分用于储备物资。"
)


def test_whitespace_languages_count_tokens() -> None:
    assert word_count("The council met on Monday.") == 5
    assert word_count("Der Rat tagte am Montag.") == 5
    assert word_count("서울시는 월요일 새 계획을 발표했다") == 5  # Korean is written with spaces
    assert word_count("") == 0 and word_count(None) == 0


def test_chinese_and_japanese_count_by_characters() -> None:
    assert word_count("东京都政府") == 3  # five characters, about two per word
    assert (
        word_count("東京都は月曜日、新しい計画を発表した。") == 4 + 5
    )  # two runs; the full-width commas and stops are no words
    assert word_count("iPhone 15 在上海发布") == 2 + 3  # mixed: tokens plus the CJK run


def test_a_chinese_article_passes_the_gate_and_counts_its_words() -> None:
    paras = "".join(f"<p>第{n}段。{ZH}</p>" for n in range(1, 4))
    html = f"<html lang='zh'><head><title>东京防灾计划</title></head><body><h1>东京公布新防灾计划</h1>{paras}</body></html>"
    result = extract_page(html.encode(), "https://news.example.cn/2024/06/10/fangzai.html")
    assert result.record is not None, result.reason
    assert result.record["word_count"] > 100
