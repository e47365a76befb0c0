"""Quality gate on ../shared/bench: extraction scores may not drop below their pinned floors.

Runs the benchmark's own scoring (:func:`benchmarks.extraction.score_dataset`: ``newscrawl extract
--jsonl``, the crawl's code path, scored by ``../shared/bench/score.py``) and compares each figure
with ``tests/extraction_floors.json``. Floors are set at what extraction reaches and are only ever
raised: a change that lowers a score must fix the regression, not the floor. Skipped, not failed,
when ``../shared`` is not beside the checkout.

To stay well under a minute on two cores the 999-page htmldate set is gated on a fixed subset (every
``every``-th page in id order, named in the floors file); zyte and cn_cwce are gated whole. Speed
is not gated (CPU time on a shared CI machine is too noisy); ``python -m benchmarks.extraction``
prints it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.extraction import metric, score_dataset, shared_present

FLOORS_FILE = Path(__file__).with_name("extraction_floors.json")
#: Scores are compared after rounding to this many digits, as the floors file stores them.
DIGITS = 4


def _floors() -> dict[str, dict]:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))["datasets"]


@pytest.mark.skipif(not shared_present(), reason="../shared/bench not available")
@pytest.mark.parametrize("dataset", sorted(_floors()))
def test_extraction_scores_hold_their_floors(dataset: str) -> None:
    spec = _floors()[dataset]
    result = score_dataset(dataset, every=spec.get("every", 1))
    drops = {
        key: (round(metric(result, key) or 0.0, DIGITS), floor)
        for key, floor in spec["floors"].items()
        if round(metric(result, key) or 0.0, DIGITS) < floor
    }
    assert not drops, f"{dataset}: scores below their floors (score, floor): {drops}"


def test_floors_file_is_well_formed() -> None:
    """Every floor names a metric the benchmark reports, as a share in [0, 1]."""
    from benchmarks.extraction import DATASET_BY_NAME

    for dataset, spec in _floors().items():
        known = {key for key, *_ in DATASET_BY_NAME[dataset].metrics}
        assert set(spec["floors"]) <= known, dataset
        assert all(0.0 <= floor <= 1.0 for floor in spec["floors"].values()), dataset
        assert isinstance(spec.get("every", 1), int) and spec.get("every", 1) >= 1
