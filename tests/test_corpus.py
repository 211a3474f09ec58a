"""Every case under tests/bad/ breaks exactly one rule and must be reported as such, and every
rule the check can report (site_builder/content/codes.py) has its case."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from benchmarks.synthetic import Plan, generate
from site_builder.cli import cli
from site_builder.content.codes import RULES

from .conftest import DEMO, TODAY

CYRILLIC = re.compile("[\u0400-\u04ff]")
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
    for edit in spec.get("encode", []):  # save a file in another encoding, as Windows editors do
        path = where / edit["file"]
        path.write_bytes(path.read_text(encoding="utf-8").encode(edit["encoding"], "replace"))
    overlay = case / "content"
    if overlay.exists():
        shutil.copytree(overlay, root, dirs_exist_ok=True)


def _spec(case: Path) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    return spec


def test_corpus_covers_every_rule() -> None:
    covered = {_spec(case)["rule"] for case in CASES}
    assert covered - set(RULES) == set(), "cases for codes the check cannot report"
    assert set(RULES) - covered == set(), "rules without a case under tests/bad/"


def test_the_registry_is_enforced(tmp_path: Path) -> None:
    """A check that reports an unregistered code fails loudly, so RULES stays complete."""
    from site_builder.content import Report
    from site_builder.content.codes import UnknownRule

    with pytest.raises(UnknownRule):
        Report(tmp_path).add(tmp_path / "x.yml", 1, "x", "is wrong", "fix it", "made.up")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_bad_content_is_reported(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: Any
) -> None:
    spec = _spec(case)
    severity = spec.get("severity", "error")
    build(case, spec, tmp_path)
    monkeypatch.chdir(tmp_path)

    result, data = check()

    expected_exit = 1 if severity == "error" else 0
    assert result.exit_code == expected_exit, data["problems"]
    found = [p for p in data["problems"] if p["severity"] == severity]
    hits = [p for p in found if p["rule"] == spec["rule"] and p["path"] == spec["path"]]
    assert hits, f"expected {spec['rule']} at {spec['path']}, got {found}"
    if "line" in spec:
        assert spec["line"] in {hit["line"] for hit in hits}, hits
    errors = {p["rule"] for p in data["problems"] if p["severity"] == "error"}
    assert errors <= {spec["rule"], *spec.get("extra_rules", [])}
    assert all(hit["message"] and hit["hint"] for hit in hits)

    # The editor's line, in Kazakh: every rule's message and hint are in the catalog.
    human = CliRunner().invoke(cli, ["--lang", "kk", "check", "--today", TODAY])
    assert human.exit_code == expected_exit
    assert "Traceback" not in human.output
    tag = f"[{spec['rule']}] "
    said = [line.split(tag, 1)[1] for line in human.stdout.splitlines()
            if line.startswith(f"{spec['path']}:") and tag in line]
    english = {f"{hit['message']}; {hit['hint']}" for hit in hits}
    assert said and all(CYRILLIC.search(words) and words not in english for words in said), said


@pytest.mark.parametrize("guide", ["editors.md", "editors.kk.md", "editors.ru.md"])
def test_every_rule_is_explained_to_editors(guide: str) -> None:
    text = (Path(__file__).parent.parent / "docs" / guide).read_text(encoding="utf-8")
    assert [code for code in RULES if f"`{code}`" not in text] == []
