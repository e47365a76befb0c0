"""Cleaning benchmark: corpus scores, mojibake recovery on generated cases, throughput.

Run from the repository root::

    python -m benchmarks.cleaning [--cases N] [--seed S]

(a) scores ``../shared/corpus/dev.jsonl`` through the code path of ``newscrawl clean-text --jsonl``
    with the corpus scorer, beside the reference figures of issue 4;
(b) generates mojibake at run time from clean Chinese sentences of the ``../shared/bench/cn_cwce``
    ground-truth bodies (read here, never copied into the repository), pushes them through each
    wrong decoding, and prints the exact recovery per kind and the number of changes made to the
    untouched clean text;
(c) prints the throughput of ``clean_text_page`` in characters per second (one process, one core).

When ``../shared`` is absent it says so and exits 0. Nothing here is a test: it prints numbers; the
floors that CI enforces are in ``tests/test_clean_dev_gate.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newscrawl.clean import clean_text_page
from newscrawl.clean.lexicon import to_traditional
from newscrawl.clean.mojibake import gbk_decode, gbk_encode, repair_line

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "dev.jsonl"
SCORER = SHARED / "corpus" / "score.py"
CWCE = SHARED / "bench" / "cn_cwce" / "ground-truth.jsonl"

#: Issue 4's reference figures on dev.jsonl: (keep every line, trafilatura, GNE, target).
REFERENCE = {
    "spam_recall": ("0.000", "0.571", "0.571", ">= 0.98"),
    "spam_leak_pages": ("22", "7", "7", "0"),
    "body_recall": ("1.000", "0.966", "0.975", ">= 0.98"),
    "body_precision": ("0.619", "0.753", "0.754", ">= 0.97"),
    "negatives_intact": ("1.000", "0.733", "0.733", "1.000"),
    "inline_removed": ("0.000", "0.615", "0.154", ">= 0.95"),
    "pinyin_left": ("165", "145", "146", "0"),
    "title_exact": ("0.161", "0.161", "0.161", ">= 0.90"),
    "date_day_acc": ("0", "1.000", "1.000", "1.000"),
    "date_time_acc": ("0", "0", "1.000", "1.000"),
}
SENTENCE_RE = re.compile(r"[^。！？]*[。！？]")
SENTENCE_MIN, SENTENCE_MAX = 8, 80
THROUGHPUT_MIN_SECONDS = 2.0


# --- (a) corpus ------------------------------------------------------------------------------------
def score_corpus() -> dict:
    """Predictions as ``newscrawl clean-text --jsonl`` writes them, scored by the corpus scorer."""
    with tempfile.TemporaryDirectory() as tmp:
        pred_path, out_path = Path(tmp) / "pred.jsonl", Path(tmp) / "metrics.json"
        with CORPUS.open(encoding="utf-8") as fh, pred_path.open("w", encoding="utf-8") as out:
            for line in fh:
                if line.strip():
                    case = json.loads(line)
                    pred = clean_text_page("\n".join(case["lines"]), url=case.get("url"))
                    out.write(json.dumps({"id": case["id"], **pred}, ensure_ascii=False) + "\n")
        cmd = [sys.executable, str(SCORER), "score", str(CORPUS), str(pred_path)]
        subprocess.run([*cmd, "--json", str(out_path)], check=True, capture_output=True)
        return json.loads(out_path.read_text(encoding="utf-8"))["metrics"]


def print_corpus(metrics: dict) -> None:
    print("## dev.jsonl (newscrawl clean-text --jsonl, scored by score.py)\n")
    print("| metric | keep every line | trafilatura | GNE | target | newscrawl |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (keep, traf, gne, target) in REFERENCE.items():
        value = metrics.get(name)
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"| {name} | {keep} | {traf} | {gne} | {target} | {shown} |")
    print()


# --- (b) mojibake ----------------------------------------------------------------------------------
def clean_sentences(limit: int, seed: int) -> list[str]:
    """Clean Chinese sentences from the cn_cwce bodies, shuffled with ``seed``."""
    out: list[str] = []
    for line in CWCE.read_text(encoding="utf-8").splitlines():
        body = json.loads(line).get("body") or ""
        for para in body.split("\n"):
            for s in SENTENCE_RE.findall(para.strip()):
                s = s.strip()
                han = re.search(r"[\u4e00-\u9fff]", s)
                if SENTENCE_MIN <= len(s) <= SENTENCE_MAX and han and not re.search("[?\ufffd]", s):
                    out.append(s)  # (a '?' or U+FFFD is damage already in the source text)
    random.Random(seed).shuffle(out)
    return out[:limit]


def _swap(real: str, shown: str) -> Callable[[str], tuple[str, str] | None]:
    def make(text: str) -> tuple[str, str] | None:
        src = to_traditional(text) if real == "big5" else text
        if real == "big5":
            # Big5 punctuation (A1 40-A1 7E) has no GBK reading at all: only Han runs swap cleanly
            src = max(re.split(r"[^\u4e00-\u9fff]+", src), key=len)
        try:
            return src.encode(real).decode(shown), src
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None  # this sentence is not losslessly mis-decodable this way

    return make


def _lost_lead(text: str) -> tuple[str, str] | None:
    """GBK read one byte late from a Han character on: '?' for the orphaned lead byte, then the
    trail bytes paired with the next lead bytes until an ASCII byte brings the reader back."""
    try:
        raw = gbk_encode(text)
    except UnicodeEncodeError:
        return None
    starts = [i for i, c in enumerate(text) if "\u4e00" <= c <= "\u9fff" and i > 0]
    if not starts:
        return None
    p = starts[len(starts) // 3]
    head = len(gbk_encode(text[:p]))
    shifted = raw[head + 1 :]
    out, i = [], 0
    while i < len(shifted):  # a browser's GBK reader, '?' for what it cannot pair
        b = shifted[i]
        if b <= 0x80:
            out.append(gbk_decode(shifted[i : i + 1]))
            i += 1
            continue
        try:
            out.append(shifted[i : i + 2].decode("gbk"))
            i += 2
        except UnicodeDecodeError:
            out.append("?")
            i += 1
    return text[:p] + "?" + "".join(out), text


#: kind -> (generator, reversible): a generator returns (mojibake, expected repair) or None.
KINDS: dict[str, tuple[Callable[[str], tuple[str, str] | None], bool]] = {
    "GBK shown as Latin-1": (_swap("gbk", "latin-1"), True),
    "GBK shown as cp1252": (_swap("gbk", "cp1252"), True),
    "UTF-8 read as GB18030": (_swap("utf-8", "gb18030"), True),
    "Big5 read as GBK": (_swap("big5", "gbk"), True),
    "GBK read as Big5": (_swap("gbk", "big5"), True),
    "GBK one byte out of step (lead byte lost)": (_lost_lead, False),
}


def mojibake_table(sentences: list[str]) -> list[tuple[str, int, int, int, bool]]:
    """(kind, cases, exact, skipped as not losslessly mis-decodable, reversible) per kind."""
    rows = []
    for kind, (make, reversible) in KINDS.items():
        cases = exact = skipped = 0
        for s in sentences:
            made = make(s)
            if made is None or made[0] == made[1]:
                skipped += 1
                continue
            broken, expected = made
            cases += 1
            exact += repair_line(broken, 0)[0] == expected
        rows.append((kind, cases, exact, skipped, reversible))
    return rows


def clean_changes(sentences: list[str]) -> tuple[int, int]:
    """(texts checked, texts changed) for untouched clean text in both scripts."""
    texts = sentences + [to_traditional(s) for s in sentences]
    return len(texts), sum(1 for t in texts if repair_line(t, 0)[0] != t)


def print_mojibake(sentences: list[str]) -> None:
    print(f"## mojibake repair on generated cases ({len(sentences)} clean cn_cwce sentences)\n")
    print("| wrong decoding | cases | exact recovery | skipped (lossy) | target |")
    print("| --- | --- | --- | --- | --- |")
    for kind, cases, exact, skipped, reversible in mojibake_table(sentences):
        rate = f"{exact / cases:.3f}" if cases else "-"
        target = ">= 0.99" if reversible else "(first character guessed)"
        print(f"| {kind} | {cases} | {rate} | {skipped} | {target} |")
    checked, changed = clean_changes(sentences)
    print(f"\nclean texts changed by the repairs: {changed} of {checked} (target 0)\n")


# --- (c) throughput --------------------------------------------------------------------------------
def throughput() -> float:
    """Characters per second of clean_text_page over the dev pages, repeated for a few seconds."""
    pages = [
        ("\n".join(json.loads(line)["lines"]), json.loads(line).get("url"))
        for line in CORPUS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    chars, start = 0, time.perf_counter()
    while time.perf_counter() - start < THROUGHPUT_MIN_SECONDS:
        for text, url in pages:
            clean_text_page(text, url=url)
            chars += len(text)
    return chars / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="clean sentences to draw")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    if not (CORPUS.exists() and SCORER.exists() and CWCE.exists()):
        print(f"shared data not found at {SHARED}: nothing to benchmark")
        return 0
    print_corpus(score_corpus())
    print_mojibake(clean_sentences(args.cases, args.seed))
    print(f"## throughput\n\nclean_text_page: {throughput():,.0f} chars/s (one process, one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
