"""The soak benchmark (benchmarks/soak.py), run small: a real crawl of a generated local site with
5 % faulty pages, served from a separate process. No good page lost, the counts add up."""

import json
import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_small_soak_loses_nothing_and_adds_up():
    result = subprocess.run([sys.executable, "-m", "benchmarks.soak", "--pages", "300", "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["lost"] == 0 and report["unexpected"] == 0
    assert report["adds_up"] and report["outcomes"] == 300
    assert report["good"] == report["articles_new"] == 285
    assert report["status"] == "partial" and report["finish_reason"] == "finished"
