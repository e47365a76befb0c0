"""The scheduling examples in deploy/ work as written (paths adjusted to a test folder)."""

import configparser
import shlex
import sqlite3
import subprocess

import pytest

from conftest import ROOT

DEPLOY = ROOT / "deploy"


def cron_command() -> str:
    lines = [l for l in (DEPLOY / "newscrawl.cron").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert len(fields) == 6, "five time fields, then the command"
    return fields[5]


@pytest.mark.skipif(subprocess.run(["which", "flock"], capture_output=True).returncode != 0,
                    reason="flock is not installed")
def test_cron_line_runs_a_crawl(tmp_path, sample_server):
    from conftest import sample_sources_file

    sources = sample_sources_file(tmp_path, sample_server.url)
    db = tmp_path / "news.db"
    command = cron_command().replace("/srv/newscrawl", str(ROOT))
    command = command.replace(".venv/bin/scrapy", shlex.quote(str(ROOT / ".venv/bin/scrapy")))
    command = command.replace("data/cron.lock", shlex.quote(str(tmp_path / "cron.lock")))
    command = command.replace("data/crawl.log", shlex.quote(str(tmp_path / "crawl.log")))
    command += f" -s NEWSCRAWL_SOURCES={sources} -s NEWSCRAWL_DB={db} -s AUTOTHROTTLE_ENABLED=False"
    if not (ROOT / ".venv/bin/scrapy").exists():
        pytest.skip("the README's venv is not set up")
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] >= 10
    assert "Crawl 1 finished (ok)" in (tmp_path / "crawl.log").read_text()


def test_systemd_units_are_well_formed():
    service = configparser.ConfigParser(strict=True, interpolation=None)
    service.read(DEPLOY / "newscrawl.service")
    assert service["Service"]["ExecStart"].endswith(
        "scrapy crawl news -s CLOSESPIDER_TIMEOUT=3300")
    assert service["Service"]["Type"] == "oneshot"
    assert "75" in service["Service"]["SuccessExitStatus"]
    timer = configparser.ConfigParser(strict=True, interpolation=None)
    timer.read(DEPLOY / "newscrawl.timer")
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
