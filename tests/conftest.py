from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from site_builder.cli import cli

from .sitebuild import mkdocs_build

pytest_plugins = ["tests.voting_fixtures"]

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "content"
TODAY = "2026-11-21"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo content, with the working directory above it."""
    root = tmp_path / "content"
    shutil.copytree(DEMO, root)
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def check(runner: CliRunner) -> Callable[..., tuple[Result, dict[str, Any]]]:
    """Run ``top100 check --format json`` in the current directory."""

    def run(*args: str) -> tuple[Result, dict[str, Any]]:
        result = runner.invoke(cli, ["check", "--format", "json", "--today", TODAY, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        return result, json.loads(result.stdout)

    return run


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo content built once per test session (search index included), for the tests
    that only read the built site."""
    out = tmp_path_factory.mktemp("demo-site")
    done = mkdocs_build(out, tmp_path_factory.mktemp("demo-cache"))
    assert done.returncode == 0, done.stderr
    return out
