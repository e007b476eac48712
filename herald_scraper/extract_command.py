"""``herald-scraper extract PATH... [-o out.jsonl]``: inputs, progress, output, summary, exit code.

The work itself is :func:`herald_scraper.reextract.extract_entries`. A progress bar (tqdm, on
stderr) shows only when stderr is a terminal, so piped or logged runs stay quiet; it counts
input bytes, the one total known before a WARC is read, and shows pages and articles beside it.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from tqdm import tqdm

from herald_scraper.items import utc_now
from herald_scraper.reextract import TIMEOUT, Outcome, Tally, extract_entries
from herald_scraper.sources import (
    Page,
    Skipped,
    SourceError,
    check_paths,
    input_files,
    input_size,
    is_warc,
    iter_pages,
)
from herald_scraper.workers import default_workers

logger = logging.getLogger(__name__)

STDIN = Path("-")


def extract_command(
    paths: Sequence[Path],
    *,
    output: Path | None = None,
    workers: int | None = None,
    url: str | None = None,
    article_only: bool = True,
    crosspage: bool = True,
    timeout: float = TIMEOUT,
) -> int:
    """Run the command; returns the exit code (0: records written, 1: none, 2: bad input or
    output). Errors a user can fix are one line on stderr, never a traceback."""
    started = time.monotonic()
    # trafilatura warns about every page it finds no content in: the summary counts those
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        entries, total, one_page = _inputs(paths, url)
        sink = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    except (SourceError, OSError) as exc:
        print(f"herald-scraper extract: error: {_reason(exc)}", file=sys.stderr)
        return 2
    if workers is None:
        workers = 0 if one_page else default_workers()
    tally = Tally()
    out: IO[str] = sink or sys.stdout
    with ExitStack() as stack:
        if sink is not None:
            stack.enter_context(sink)
        bar = stack.enter_context(
            tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc="extract",
                disable=one_page or not sys.stderr.isatty(),
                file=sys.stderr,
                **_screen(),
            )
        )

        def progress(outcome: Outcome) -> None:
            tally.add(outcome)
            bar.update(outcome.entry.size)
            bar.set_postfix(pages=tally.pages, articles=tally.extracted, refresh=False)

        outcomes = extract_entries(
            entries,
            workers=workers,
            article_only=article_only,
            crosspage=crosspage,
            timeout=timeout,
            on_done=progress,
        )
        written = 0
        try:
            for outcome in outcomes:
                if outcome.article is not None:
                    out.write(json.dumps(outcome.article.to_dict(), ensure_ascii=False) + "\n")
                    written += 1
            out.flush()
        except BrokenPipeError:
            raise  # the CLI says it in one line
        except OSError as exc:
            print(f"herald-scraper extract: error: cannot write: {_reason(exc)}", file=sys.stderr)
            return 2
        finally:
            outcomes.close()  # stops the worker pool when the output fails
        bar.update(max(bar.total - bar.n, 0) if bar.total else 0)
    seconds = time.monotonic() - started
    if one_page and written == 0:
        reason = next(iter(tally.skipped or tally.failed), "no record")
        print(f"no record: {reason}", file=sys.stderr)
        return 1
    print(
        f"herald extract (finished): {tally.summary()}; written {written} to "
        f"{output or 'stdout'} in {seconds:.1f} s ({tally.pages / max(seconds, 1e-9):.1f} pages/s)",
        file=sys.stderr,
    )
    return 0 if written else 1


def _inputs(
    paths: Sequence[Path], url: str | None
) -> tuple[Iterator[Page | Skipped], int | None, bool]:
    """The entries to extract, the progress total (input bytes) and whether it is one page."""
    if list(paths) == [STDIN]:
        body = sys.stdin.buffer.read()
        page = Page(body, url or "file:///dev/stdin", "file", utc_now(), None, "stdin")
        return iter([page]), None, True
    check_paths(paths)
    files = input_files(paths)
    one_page = len(files) == 1 and not is_warc(files[0])
    return iter_pages(paths, url), input_size(paths), one_page


def _screen() -> dict[str, int]:
    """A size for tqdm where the terminal reports none (0x0, as under ``script`` or a bare pty),
    where tqdm would draw nothing at all."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        return {}
    return {} if size.columns and size.lines else {"ncols": 100, "nrows": 24}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
