"""The language model mapped from its on-disk cache: same readings as py3langid's stock
in-memory model; the cache built atomically, reused, rebuilt when corrupt; in memory when no
cache can be written."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import py3langid
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from herald_scraper.extraction import langmodel, language

GERMAN = (
    "Der Gemeinderat hat am Donnerstagabend nach langer Debatte beschlossen, die Sanierung der "
    "Grundschule im kommenden Frühjahr zu beginnen."
)
TEXTS: list[str | bytes] = [
    GERMAN,
    "The council voted on Thursday evening, after a long debate, to begin the renovation of the "
    "primary school next spring.",
    "Le conseil municipal a décidé jeudi soir, après un long débat, de commencer la rénovation "
    "de l'école primaire au printemps prochain.",
    "El ayuntamiento decidió el jueves por la noche, tras un largo debate, comenzar la "
    "renovación de la escuela primaria la próxima primavera.",
    "Городской совет в четверг вечером после долгих дебатов решил начать ремонт школы весной.",
    "市议会周四晚上经过长时间辩论后决定明年春天开始翻修这所小学。",
    "مجلس المدينة قرر مساء الخميس بعد نقاش طويل البدء في ترميم المدرسة الابتدائية في الربيع",
    "THE COUNCIL VOTED ON THURSDAY EVENING TO BEGIN THE RENOVATION OF THE SCHOOL",
    "",
    "   ",
    "🎉🎉🔥👍",
    b"Die Schule wird saniert",
    b"\xff\xfe\xfa not utf-8 \xc3",
    "Città di Milano: il consiglio comunale ha approvato".encode()[:-1] + b"\xc3",
]


@pytest.fixture(scope="module")
def stock() -> Any:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("HERALD_CACHE_DIR", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    yield tmp_path / "cache"
    language._identifier.cache_clear()  # later tests get a fresh identifier, not this one


def test_the_mapped_model_reads_every_text_as_the_stock_model_does(stock: Any, cache: Path) -> None:
    mapped = langmodel.load_identifier(norm_probs=True)
    assert isinstance(mapped, LanguageIdentifier)
    assert isinstance(mapped._rowbase, memoryview)  # no 104k-int list
    for text in TEXTS:
        assert mapped.classify(text) == stock.classify(text), text
        assert mapped.rank(text) == stock.rank(text), text


def test_restricting_the_languages_works_on_the_mapped_model(stock: Any, cache: Path) -> None:
    mapped = langmodel.load_identifier(norm_probs=True)
    try:
        for ident in (mapped, stock):
            ident.set_languages(["de", "nl", "en"])
        for text in TEXTS:
            assert mapped.classify(text) == stock.classify(text), text
    finally:
        for ident in (mapped, stock):
            ident.set_languages(None)
    assert mapped.classify(TEXTS[5]) == stock.classify(TEXTS[5])


def test_language_detection_uses_the_mapped_model(cache: Path) -> None:
    assert isinstance(language._identifier()._rowbase, memoryview)
    assert language.detect_language(GERMAN * 3)[0] == "de"
    assert langmodel.cache_dir().is_dir()


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in directory.iterdir()}


def test_the_cache_is_built_once_and_reused(cache: Path) -> None:
    langmodel.load_identifier()
    built = langmodel.cache_dir()
    assert built.parent == cache
    assert [p.name for p in cache.iterdir()] == [built.name]  # no temporary directory left
    assert {p.name for p in built.iterdir()} == {f"{n}.npy" for n in langmodel._KINDS}
    before = _snapshot(built)
    langmodel.load_identifier()
    assert _snapshot(built) == before


def test_a_process_losing_the_race_uses_the_winners_cache(cache: Path) -> None:
    langmodel.load_identifier()
    built = langmodel.cache_dir()
    before = _snapshot(built)
    langmodel._build(langmodel.model_file(), built)  # as if another process had renamed first
    assert _snapshot(built) == before
    assert [p.name for p in cache.iterdir()] == [built.name]


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_corrupt_cache_is_rebuilt(
    stock: Any, cache: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    langmodel.load_identifier()
    ptc = langmodel.cache_dir() / "ptc.npy"
    size = ptc.stat().st_size
    if damage == "truncate":
        os.truncate(ptc, size // 2)
    else:
        ptc.unlink()
    with caplog.at_level(logging.WARNING, logger=langmodel.__name__):
        mapped = langmodel.load_identifier()
    assert "corrupt" in caplog.text
    assert ptc.stat().st_size == size
    assert isinstance(mapped._rowbase, memoryview)
    assert mapped.classify(TEXTS[2]) == stock.classify(TEXTS[2])
    assert [p.name for p in cache.iterdir()] == [langmodel.cache_dir().name]


def test_an_unwritable_cache_dir_falls_back_to_the_in_memory_model(
    stock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # under a regular file mkdir fails, even as root (where chmod would not stop a write)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("HERALD_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger=langmodel.__name__):
        ident = langmodel.load_identifier()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "loading the model into memory" in warnings[0].getMessage()
    assert isinstance(ident._rowbase, list)
    assert ident.classify(TEXTS[1]) == stock.classify(TEXTS[1])


def test_the_cache_location_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HERALD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert langmodel.cache_root() == tmp_path / "xdg" / "herald-scraper"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert langmodel.cache_root() == tmp_path / "home" / ".cache" / "herald-scraper"
    monkeypatch.setenv("HERALD_CACHE_DIR", str(tmp_path / "own"))
    assert langmodel.cache_root() == tmp_path / "own"
    assert langmodel.cache_dir().name.startswith(f"langid-{py3langid.__version__}-")
