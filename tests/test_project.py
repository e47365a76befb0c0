"""Project-wide rules: pure modules stay free of Scrapy, metadata stays in step, defaults stay safe."""

import ast
import json
from pathlib import Path

from scrapy.settings import Settings

from newscrawl import settings as project_settings
from newscrawl.datasette_metadata import build_metadata

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "newscrawl"
#: The only modules allowed to import Scrapy: the glue.
SCRAPY_GLUE = {"settings.py", "pipelines.py", "middlewares.py", "metarefresh.py", "spiders/news.py",
               "spiders/__init__.py", "commands/crawl.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_glue_modules_import_scrapy():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if str(p.relative_to(PACKAGE)) not in SCRAPY_GLUE
                 and {"scrapy", "twisted"} & imported_modules(p)]
    assert offenders == []


def test_metadata_file_is_generated_from_the_schema():
    on_disk = json.loads((ROOT / "data" / "metadata.json").read_text(encoding="utf-8"))
    assert on_disk == build_metadata(), "stale: run `newscrawl metadata > data/metadata.json`"


def test_safe_defaults_for_scheduled_runs():
    settings = Settings()
    settings.setmodule(project_settings)
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("ROBOTSTXT_OBEY") is True
    assert settings.getbool("AUTOTHROTTLE_ENABLED") is True
    assert 0 < settings.getint("DOWNLOAD_MAXSIZE") <= 50 * 1024 * 1024


def test_every_cli_command_is_documented_in_the_readme():
    from newscrawl.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    missing = [name for name in commands if f"newscrawl {name}" not in readme]
    assert missing == []
