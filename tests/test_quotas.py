"""Quotas come from content/stages.yml (advance, advance_per), not from the code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def _stages(content: Path, old: str, new: str) -> None:
    path = content / "stages.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _quota_rules(check: Callable[..., tuple[Any, dict[str, Any]]]) -> set[str]:
    _, data = check()
    return {p["rule"] for p in data["problems"] if p["rule"].startswith("quota.")}


def test_the_demo_fits_the_quotas(content: Path, check: Callable[..., Any]) -> None:
    assert _quota_rules(check) == set()


def test_a_lower_college_quota_is_read_from_stages_yml(content: Path, check: Callable[..., Any]) -> None:
    _stages(content, "advance: 3\n    advance_per: college", "advance: 1\n    advance_per: college")
    assert _quota_rules(check) == {"quota.college"}


def test_advance_per_decides_what_is_counted(content: Path, check: Callable[..., Any]) -> None:
    # Three per college becomes three in the whole year: the demo year has more than three.
    _stages(content, "advance: 3\n    advance_per: college", "advance: 3\n    advance_per: year")
    _, data = check()
    messages = [p["message"] for p in data["problems"] if p["rule"] == "quota.college"]
    assert messages and all("allows 3 in a year" in m and "from college" not in m for m in messages)
