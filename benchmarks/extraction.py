"""Extraction benchmark: title, date and body scores on ../shared/bench; speed beside trafilatura.

Run from the repository root::

    python -m benchmarks.extraction [--datasets zyte,cn_cwce,htmldate] [--json OUT]
                                    [--every N] [--no-speed]

For each dataset of ``../shared/bench`` it writes a batch file of the pages (``{"id", "url", "path",
"charset"}``; ``charset`` is cn_cwce's ``wrapper_encoding``, the charset an HTTP header would have
declared), runs ``newscrawl extract --jsonl`` on it in-process (the crawl's code path:
``process_page``, i.e. decoding, extraction and cleaning), scores the output with
``../shared/bench/score.py`` and prints one table: our scores beside the best existing tool's figure
from issue 3 and the target. Then it times, page by page and interleaved (so that load from other
processes hits all alike), ``extract_page`` and trafilatura's ``bare_extraction`` on the same bytes:
once with trafilatura's defaults (body only) and once with ``with_metadata=True`` (title and date
too, the configuration behind trafilatura's reference scores). CPU time of this process is used,
not wall time, because the machine is shared.

Nothing is copied from ``../shared``: pages are read in place, temporary files go to a temporary
folder. Without ``../shared`` it says so and exits 0. The floors CI enforces are in
``tests/extraction_floors.json`` (checked by ``tests/test_extraction_gate.py``, which reuses
:func:`score_dataset`).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCH = SHARED / "bench"
SCORER = BENCH / "score.py"


@dataclass(frozen=True)
class Dataset:
    """One benchmark set and how a crawl would have been configured for its sources."""

    name: str
    #: The source time zone for page-local times (a crawl takes it from the source's config).
    tz: str
    #: (metric path in score.py's JSON, "section.key"; label; best existing tool's figure in
    #: issue 3; target).
    metrics: tuple[tuple[str, str, str, float], ...]


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "zyte",
        "UTC",
        (
            ("body_zyte.f1", "body F1 (zyte)", "trafilatura 0.960", 0.975),
            ("title.exact", "title exact", "trafilatura 0.652", 0.95),
            ("published.day_accuracy", "date day acc", "trafilatura 0.906", 0.96),
        ),
    ),
    Dataset(
        "cn_cwce",
        "Asia/Shanghai",
        (
            ("body_char.f1", "body F1 (chr2)", "readability 0.897", 0.93),
            ("title.exact", "title exact", "trafilatura 0.353", 0.90),
            ("published.day_accuracy", "date day acc", "GNE 0.745", 0.92),
        ),
    ),
    Dataset(
        "htmldate",
        "UTC",
        (("published.day_accuracy", "date day acc", "htmldate 0.907", 0.93),),
    ),
)
DATASET_BY_NAME = {d.name: d for d in DATASETS}

#: The speed target of issue 3: newscrawl's extraction at most this many times trafilatura's time.
SPEED_TARGET_RATIO = 1.5
#: Pages run untimed first, so that lazy imports and caches do not count against one tool.
WARMUP_PAGES = 3


def shared_present() -> bool:
    """Whether ../shared/bench and its scorer are beside the checkout."""
    return SCORER.is_file()


def ground_truth(name: str) -> list[dict[str, Any]]:
    """The dataset's ground-truth lines, in file order."""
    path = BENCH / name / "ground-truth.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def page_path(name: str, page_id: str) -> Path:
    """``html/<id>.html.gz`` (zyte, cn_cwce) or ``html/<id>.gz`` (htmldate, id ends in .html)."""
    folder = BENCH / name / "html"
    first = folder / f"{page_id}.html.gz"
    return first if first.exists() else folder / f"{page_id}.gz"


def select(rows: list[dict[str, Any]], every: int) -> list[dict[str, Any]]:
    """Every ``every``-th page in id order: a fixed, deterministic subset (``every=1``: all)."""
    ordered = sorted(rows, key=lambda row: row["id"])
    return ordered[::every] if every > 1 else ordered


def run_newscrawl(
    dataset: Dataset, rows: list[dict[str, Any]], workdir: Path
) -> tuple[Path, float]:
    """Run ``newscrawl extract --jsonl`` in-process over ``rows``; (predictions file, CPU s)."""
    from newscrawl.cli import main as cli_main

    batch = workdir / f"{dataset.name}.pages.jsonl"
    with batch.open("w", encoding="utf-8") as handle:
        for row in rows:
            line = {
                "id": row["id"],
                "url": row.get("url"),
                "path": str(page_path(dataset.name, row["id"])),
            }
            if row.get("wrapper_encoding"):
                line["charset"] = row["wrapper_encoding"]
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    predictions = workdir / f"{dataset.name}.predictions.jsonl"
    out = io.StringIO()
    started = time.process_time()
    with contextlib.redirect_stdout(out):
        status = cli_main(["extract", "--jsonl", str(batch), "--tz", dataset.tz])
    elapsed = time.process_time() - started
    if status not in (0,):
        print(f"warning: newscrawl extract exited {status} on {dataset.name}", file=sys.stderr)
    predictions.write_text(out.getvalue(), encoding="utf-8")
    return predictions, elapsed


def score(predictions: Path, dataset_dir: Path | str, workdir: Path) -> dict[str, Any]:
    """score.py's metrics (its JSON output) for a predictions file."""
    out = workdir / f"{Path(predictions).stem}.scores.json"
    subprocess.run(
        [sys.executable, str(SCORER), str(predictions), str(dataset_dir), "--json", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def score_dataset(name: str, every: int = 1) -> dict[str, Any]:
    """Run newscrawl over a dataset (or its every-``every``-th page) and score it.

    The subset's ground truth goes to a temporary folder so that score.py scores only those pages.
    Returns score.py's metrics plus ``pages`` and ``cli_cpu_s``.
    """
    dataset = DATASET_BY_NAME[name]
    rows = select(ground_truth(name), every)
    with tempfile.TemporaryDirectory(prefix="bench-extraction-") as tmp:
        workdir = Path(tmp)
        predictions, cpu = run_newscrawl(dataset, rows, workdir)
        target: Path | str = name
        if every > 1:
            subset = workdir / f"{name}-subset"
            subset.mkdir()
            (subset / "ground-truth.jsonl").write_text(
                "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows),
                encoding="utf-8",
            )
            target = subset
        result = score(predictions, target, workdir)
    result["pages"] = len(rows)
    result["cli_cpu_s"] = cpu
    return result


def time_pages(dataset: Dataset, rows: list[dict[str, Any]]) -> dict[str, float]:
    """CPU ms/page of ``extract_page`` and of trafilatura's ``bare_extraction`` (defaults, and with
    metadata), on the same bytes, interleaved page by page."""
    from trafilatura import bare_extraction

    from newscrawl.extract import extract_page

    fetched_at = datetime.now(UTC)
    pages = [
        (
            gzip.decompress(page_path(dataset.name, row["id"]).read_bytes()),
            row.get("url") or "",
            row.get("wrapper_encoding"),
        )
        for row in rows
    ]
    runners = {
        "newscrawl": lambda body, url, charset: extract_page(
            body, url, declared_charset=charset, tz=dataset.tz, fetched_at=fetched_at
        ),
        "trafilatura": lambda body, url, charset: bare_extraction(body, url=url or None),
        "trafilatura_meta": lambda body, url, charset: bare_extraction(
            body, url=url or None, with_metadata=True
        ),
    }
    for body, url, charset in pages[:WARMUP_PAGES]:
        for run in runners.values():
            run(body, url, charset)
    totals = dict.fromkeys(runners, 0.0)
    names = list(runners)
    for index, (body, url, charset) in enumerate(pages):
        shift = index % len(names)  # rotate who goes first: caches and memory pressure even out
        for name in names[shift:] + names[:shift]:
            started = time.process_time()
            with contextlib.suppress(Exception):  # a tool's failure on a page still took its time
                runners[name](body, url, charset)
            totals[name] += time.process_time() - started
    return {name: 1000 * total / max(len(pages), 1) for name, total in totals.items()}


def metric(result: dict[str, Any], path: str) -> float | None:
    """A score.py figure by its dotted path ("body_zyte.f1"), None when absent."""
    value: Any = result
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, (int, float)) else None


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default=",".join(d.name for d in DATASETS))
    parser.add_argument(
        "--every", type=int, default=1, help="score every N-th page only (id order)"
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the timing pass")
    parser.add_argument("--json", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    if not shared_present():
        print(f"benchmarks.extraction: {BENCH} not found; nothing to measure.")
        return 0
    names = [name.strip() for name in args.datasets.split(",") if name.strip()]
    figures: dict[str, Any] = {"datasets": {}}
    rows_out: list[tuple[str, ...]] = []
    speed_rows: list[tuple[str, ...]] = []
    for name in names:
        dataset = DATASET_BY_NAME[name]
        result = score_dataset(name, args.every)
        entry: dict[str, Any] = {
            "pages": result["pages"],
            "scores": {},
            "cli_ms_per_page": 1000 * result["cli_cpu_s"] / max(result["pages"], 1),
        }
        for key, label, reference, target in dataset.metrics:
            value = metric(result, key)
            entry["scores"][key] = value
            met = value is not None and value >= target
            rows_out.append(
                (name, label, _fmt(value), reference, f">= {target:.3f}", "yes" if met else "NO")
            )
        if not args.no_speed:
            rows = select(ground_truth(name), args.every)
            speed = time_pages(dataset, rows)
            entry["ms_per_page"] = speed
            ratio = speed["newscrawl"] / speed["trafilatura"]
            ratio_meta = speed["newscrawl"] / speed["trafilatura_meta"]
            entry["ratio"], entry["ratio_with_metadata"] = ratio, ratio_meta
            speed_rows.append(
                (
                    name,
                    str(result["pages"]),
                    _fmt(entry["cli_ms_per_page"], 1),
                    _fmt(speed["newscrawl"], 1),
                    _fmt(speed["trafilatura"], 1),
                    _fmt(speed["trafilatura_meta"], 1),
                    f"{ratio:.2f}x",
                    f"{ratio_meta:.2f}x",
                )
            )
        figures["datasets"][name] = entry
    _print_table(
        ("dataset", "metric", "newscrawl", "best existing (issue 3)", "target", "met"), rows_out
    )
    if speed_rows:
        print()
        _print_table(
            (
                "dataset",
                "pages",
                "CLI ms/page",
                "extract_page ms",
                "trafilatura ms",
                "traf.+metadata ms",
                "ratio",
                "ratio vs +meta",
            ),
            speed_rows,
        )
        print(
            f"\nCPU ms/page of this process, same pages, same run, interleaved; speed target: "
            f"ratio <= {SPEED_TARGET_RATIO}x. CLI = newscrawl extract --jsonl (decode, extract, "
            f"clean, JSON out); trafilatura = bare_extraction(bytes) with its defaults; "
            f"+meta = with_metadata=True."
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
