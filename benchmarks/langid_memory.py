"""Memory the language model costs the extraction workers: py3langid's stock in-memory model
against the model mapped from its on-disk cache (``herald_scraper.extraction.langmodel``).

Usage (from the repo root, venv active)::

    python benchmarks/langid_memory.py            # memory, then equivalence (~1 min)
    python benchmarks/langid_memory.py --speed    # plus classify time, stock vs mapped

Texts: the first 1,000 characters of ``trafilatura.extract()`` of every dev page
(``aeb-dev`` and ``segments-dev``), extracted once. Each variant then runs in a fresh process
that does what the workers' fork server does (load the model, classify one text, ``gc.freeze()``)
and forks 2 children that each classify every text; with all three alive after the work, it
reads ``Pss``/``Rss``/``Private_*`` from ``/proc/<pid>/smaps_rollup``. Variants: ``none`` (no
model; the children only walk the texts: the baseline), ``stock``
(``LanguageIdentifier.from_model_file``), ``mapped`` (``langmodel.load_identifier``, its cache
in a temporary ``HERALD_CACHE_DIR`` built beforehand by another process, so no other process
maps it). A variant's summed PSS minus ``none``'s is what the model costs a fork server with two
workers. The children's (code, prob) results of stock and mapped must be identical.

``--speed``: classify time of every text, stock and mapped in one process, interleaved (which
goes first alternates), 5 rounds; the median over rounds of each side's total.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the package under test is this working tree

SHARED = REPO.parent / "shared" / "benchmarks"
CORPORA = ("aeb-dev", "segments-dev")
CHILDREN = 2
FIELDS = ("Rss", "Pss", "Pss_Anon", "Pss_File", "Private_Clean", "Private_Dirty")


def dev_texts() -> list[str]:
    """The first 1,000 characters of trafilatura's text of every dev page, in path order."""
    import trafilatura

    texts = []
    for corpus in CORPORA:
        for path in sorted((SHARED / corpus / "html").glob("*.html.gz")):
            text = trafilatura.extract(gzip.decompress(path.read_bytes()))
            texts.append((text or "")[:1000])
    return texts


def _identifier(variant: str) -> Any:
    if variant == "stock":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    from herald_scraper.extraction.langmodel import load_identifier

    return load_identifier(norm_probs=True)


def _smaps(pid: int) -> dict[str, int]:
    """kB per field of ``/proc/<pid>/smaps_rollup``."""
    out = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        if key in FIELDS:
            out[key] = int(value.split()[0])
    out["Private"] = out.pop("Private_Clean") + out.pop("Private_Dirty")
    return out


def run_variant(variant: str, texts: list[str]) -> dict[str, Any]:
    """One fork server and its children (this process must be fresh)."""
    import numpy  # noqa: F401 — imported by every variant, so the baseline holds it too
    import py3langid.langid  # noqa: F401

    ident = _identifier(variant) if variant != "none" else None
    if ident is not None:
        ident.classify("The council met on Tuesday to discuss the new budget for schools.")
    gc.collect()
    gc.freeze()
    exit_r, exit_w = os.pipe()  # the children wait for its EOF: all alive while measured
    children = []
    for _ in range(CHILDREN):
        done_r, done_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(exit_w)
            if ident is None:
                results: list[Any] = [len(t) for t in texts]
            else:
                results = [ident.classify(t) for t in texts]
            os.write(done_w, json.dumps(results).encode() + b"\n")
            os.read(exit_r, 1)
            os._exit(0)
        os.close(done_w)
        children.append((pid, done_r))
    os.close(exit_r)
    outputs = []
    for _, done_r in children:
        with os.fdopen(done_r, "rb") as f:
            outputs.append(f.readline())
    figures = {"server": _smaps(os.getpid())}
    figures |= {f"worker{i}": _smaps(pid) for i, (pid, _) in enumerate(children)}
    os.close(exit_w)
    for pid, _ in children:
        os.waitpid(pid, 0)
    digests = {hashlib.sha256(o).hexdigest() for o in outputs}
    return {"figures": figures, "digest": digests.pop() if len(digests) == 1 else "differ"}


def speed(texts: list[str], rounds: int = 5) -> dict[str, float]:
    """Median over rounds of the seconds each side takes to classify every text."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from herald_scraper.extraction.langmodel import load_identifier

    sides = {
        "stock": LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True),
        "mapped": load_identifier(norm_probs=True),
    }
    totals: dict[str, list[float]] = {name: [] for name in sides}
    for r in range(rounds):
        for name in sorted(sides, reverse=bool(r % 2)):
            classify = sides[name].classify
            start = time.perf_counter()
            for text in texts:
                classify(text)
            totals[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in totals.items()}


def _child(variant: str, texts_file: str, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--variant", variant, "--texts", texts_file]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--speed", action="store_true", help="also time classify")
    parser.add_argument("--variant", choices=("none", "stock", "mapped"), help=argparse.SUPPRESS)
    parser.add_argument("--texts", metavar="FILE", help="the texts as JSON (written if missing)")
    args = parser.parse_args()
    if args.variant:  # one variant, in the fresh process the driver below started
        texts = json.loads(Path(args.texts).read_text())
        print(json.dumps(run_variant(args.variant, texts)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        texts_file = args.texts or os.path.join(tmp, "texts.json")
        if not os.path.exists(texts_file):  # --texts FILE: extracted once, reused by later runs
            Path(texts_file).write_text(json.dumps(dev_texts()))
        texts = json.loads(Path(texts_file).read_text())
        env = dict(os.environ, HERALD_CACHE_DIR=os.path.join(tmp, "cache"))
        code = "from herald_scraper.extraction.langmodel import load_identifier; load_identifier()"
        subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, check=True)
        print(f"{len(texts)} texts; {CHILDREN} workers forked from a fork server; kB")
        runs = {v: _child(v, texts_file, env) for v in ("none", "stock", "mapped")}
        base = sum(f["Pss"] for f in runs["none"]["figures"].values())
        for variant, run in runs.items():
            for proc, fig in run["figures"].items():
                cells = "  ".join(f"{k} {v:7d}" for k, v in fig.items())
                print(f"{variant:6s} {proc:8s} {cells}")
            total = sum(f["Pss"] for f in run["figures"].values())
            print(f"{variant:6s} sum PSS {total:7d} kB (model: {total - base:+d} kB)\n")
        same = runs["stock"]["digest"] == runs["mapped"]["digest"]
        print("stock and mapped results identical:", same)
        if args.speed:
            os.environ["HERALD_CACHE_DIR"] = env["HERALD_CACHE_DIR"]
            for name, seconds in speed(texts).items():
                print(f"classify {len(texts)} texts, {name}: {seconds * 1000:.1f} ms (median)")
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
