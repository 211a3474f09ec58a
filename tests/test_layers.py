"""The layers stay apart: the import contracts in pyproject.toml hold, and the voting service
imports and runs (including `contests import`, which reads the content model) with the
site's libraries made impossible to import."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import DEMO, REPO

SITE_ONLY = ["mkdocs", "material", "pagefind", "pagefind_bin", "PIL", "pillow_heif", "tqdm", "markdown"]

# Run in a fresh interpreter: any import of a site library raises, as in an install of the
# `vote` extra alone; then the app is created, the contests are imported and served.
VOTE_WITHOUT_SITE = textwrap.dedent(
    """
    import json, sys
    from importlib.abc import MetaPathFinder

    BLOCKED = set(sys.argv[1].split(","))
    attempts = []

    class SiteLibraries(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                attempts.append(name)
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None

    sys.meta_path.insert(0, SiteLibraries())

    from voting import create_app

    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "layers-test-secret-0123456789",
        "DATABASE_URL": "sqlite:///" + sys.argv[2],
        "TOP100_CONTENT_DIR": sys.argv[3],
    })
    imported = app.test_cli_runner().invoke(args=["contests", "import"])
    listed = app.test_client().get("/api/v1/contests")
    print(json.dumps({
        "import_exit": imported.exit_code,
        "import_output": imported.output + repr(imported.exception or ""),
        "status": listed.status_code,
        "contests": len((listed.get_json() or {}).get("contests", [])),
        "attempts": attempts,
        "loaded": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED),
    }))
    """
)


def test_import_contracts_hold() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(REPO / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_vote_runs_and_imports_contests_without_the_site_libraries(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", VOTE_WITHOUT_SITE, ",".join(SITE_ONLY), str(tmp_path / "v.db"), str(DEMO)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["import_exit"] == 0, result["import_output"]
    assert result["status"] == 200
    assert result["contests"] >= 2
    assert result["loaded"] == []
    assert result["attempts"] == []  # nothing even tried: no optional import hides a dependency


def test_the_blocker_really_blocks(tmp_path: Path) -> None:
    """The same script with the content model's own library blocked must fail: the test
    above can fail."""
    done = subprocess.run(
        [sys.executable, "-c", VOTE_WITHOUT_SITE, "pydantic", str(tmp_path / "v.db"), str(DEMO)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode != 0
    assert "pydantic" in done.stderr and "blocked" in done.stderr
