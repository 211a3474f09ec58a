"""Every case under tests/bad/ breaks exactly one rule and must be reported as such."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from benchmarks.synthetic import Plan, generate
from site_builder.cli import cli

from .conftest import DEMO, TODAY

CASES = sorted(p for p in (Path(__file__).parent / "bad").iterdir() if (p / "case.yml").exists())


def build(case: Path, spec: dict[str, Any], where: Path) -> None:
    root = where / "content"
    if "synthetic" in spec:
        plan = dict(spec["synthetic"])
        if "regions" in plan:
            plan["regions"] = tuple(plan["regions"])
        generate(root, Plan(**plan))
    else:
        shutil.copytree(DEMO, root)
    for item in spec.get("copy", []):
        source, target = where / item["from"], where / item["to"]
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    for rel in spec.get("remove", []):
        path = where / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    for rel in spec.get("mkdir", []):
        (where / rel).mkdir(parents=True)
    for edit in spec.get("replace", []):
        path = where / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{case.name}: '{edit['old']}' not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    overlay = case / "content"
    if overlay.exists():
        shutil.copytree(overlay, root, dirs_exist_ok=True)


def test_corpus_covers_every_rule_once() -> None:
    assert len(CASES) >= 30
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_content_is_reported(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: Any
) -> None:
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    build(case, spec, tmp_path)
    monkeypatch.chdir(tmp_path)

    result, data = check()

    assert result.exit_code == 1
    errors = [p for p in data["problems"] if p["severity"] == "error"]
    hits = [p for p in errors if p["rule"] == spec["rule"] and p["path"] == spec["path"]]
    assert hits, f"expected {spec['rule']} at {spec['path']}, got {errors}"
    if "line" in spec:
        assert spec["line"] in {hit["line"] for hit in hits}
    assert {p["rule"] for p in errors} <= {spec["rule"], *spec.get("extra_rules", [])}
    assert all(hit["message"] and hit["hint"] for hit in hits)

    human = CliRunner().invoke(cli, ["check", "--today", TODAY])
    assert human.exit_code == 1
    assert "Traceback" not in human.output
    assert any(line.startswith(f"{spec['path']}:") for line in human.stdout.splitlines())
