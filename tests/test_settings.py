"""Configuration: the secret's rules and folders relative to where the service starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from voting import create_app


def test_the_default_secret_is_refused_outside_testing(tmp_path: Path) -> None:
    try:
        create_app({"TESTING": False, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    except RuntimeError as refused:
        assert "TOP100_SECRET_KEY" in str(refused)
    else:
        raise AssertionError("the app started with the default secret")


def test_folders_are_taken_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "s",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
            "TOP100_SITE_DIR": "site",
        }
    )
    assert app.config["TOP100_SITE_DIR"] == str(tmp_path / "site")
