"""A smoke run of the crawl benchmark (``python -m benchmarks.crawl``): every figure of its table
is produced by a real crawl of a generated site. The figures themselves are the benchmark's to
report, not a test's to time; this checks that they exist and add up."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from benchmarks.crawl import BENCH


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_dir(), reason="../shared/bench not available")
def test_crawl_benchmark_smoke_run(tmp_path):
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.crawl", "--pages", "60", "--quick", "--rss-baseline",
         "30", "--json", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["articles"] >= 55  # the bench pages are articles
    assert figures["first_requests"] >= 60 and figures["second_requests"] < 10
    cpu = figures["cpu"]
    assert cpu["pipeline_ms"] == pytest.approx(cpu["worker_ms"] + cpu["archive_ms"])
    assert 0 < cpu["archive_share"] < 1 and cpu["trafilatura_ms"] > 0
    assert 0 < cpu["grown_archive_share"] < 1 and cpu["grown_archive_articles"] > cpu["pages"]
    assert figures["baseline"]["pages"] == 30 and figures["baseline"]["peak_rss_mb"] > 0
    assert "pipeline CPU ms/page" in result.stdout and "target <= 1.5" in result.stdout
