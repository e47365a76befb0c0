"""Gate on the labeled dev corpus (skipped when the corpus is not beside the repo).

Runs the corpus scorer as a separate process on our predictions, so nothing is imported from the
corpus folder; floors sit slightly under what the cleaner reaches, and hard negatives must be
intact.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.clean import clean_text_page

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
DEV = CORPUS / "dev.jsonl"
SCORER = CORPUS / "score.py"

FLOORS = {
    "spam_recall": 0.99,
    "body_recall": 0.99,
    "body_precision": 0.97,
    "negatives_intact": 1.0,
    "inline_removed": 0.96,
    "title_exact": 0.93,
    "date_day_acc": 1.0,
    "date_time_acc": 1.0,
}
CEILINGS = {"spam_leak_pages": 0, "pinyin_left": 0, "misaligned_pages": 0}


@pytest.mark.skipif(not (DEV.exists() and SCORER.exists()), reason="dev corpus not available")
def test_dev_corpus_gate(tmp_path):
    pred_path = tmp_path / "pred.jsonl"
    with DEV.open(encoding="utf-8") as fh, pred_path.open("w", encoding="utf-8") as out:
        for line in fh:
            if not line.strip():
                continue
            case = json.loads(line)
            pred = clean_text_page("\n".join(case["lines"]), url=case.get("url"))
            pred["id"] = case["id"]
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    metrics_path = tmp_path / "metrics.json"
    subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "score",
            str(DEV),
            str(pred_path),
            "--json",
            str(metrics_path),
        ],
        check=True,
        capture_output=True,
    )
    metrics = json.loads(metrics_path.read_text(encoding="utf-8"))["metrics"]
    for name, floor in FLOORS.items():
        assert metrics[name] is not None and metrics[name] >= floor, (name, metrics[name])
    for name, ceiling in CEILINGS.items():
        assert metrics[name] <= ceiling, (name, metrics[name])
