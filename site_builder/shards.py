"""Pages rendered in helper processes, one per core: ``mkdocs build --dirty`` of the same
config into the same site folder, each rendering its share of the planned pages.

The main build plans the site once and hands each helper its share as a pickle, so a helper
neither loads the content nor hashes a photo nor plans anything. A helper writes the content
areas of its pages into the search folder the main build names (``SEARCH_AREAS``). When the
main build fails, ``stop`` ends the helpers at once instead of leaving them rendering into a
folder nobody will publish.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .site.model import SitePage
from .site.plan import SitePlan

# Set in a helper's environment: "<index>/<count>/<work folder>".
SHARD = "TOP100_SHARD"
# Set in a helper's environment when the build makes a search index: the folder of areas.
SEARCH_AREAS = "TOP100_SEARCH_AREAS"
HOME = "index.md"  # in every share: MkDocs' nav needs it
STOP_GRACE = 5.0  # seconds a helper gets to exit after SIGTERM before SIGKILL


@dataclass(frozen=True)
class Shard:
    index: int
    count: int
    work: Path

    @property
    def plan_file(self) -> Path:
        return self.work / f"plan-{self.index}.pickle"

    def load_plan(self) -> SitePlan:
        with self.plan_file.open("rb") as handle:
            plan: SitePlan = pickle.load(handle)
        return plan


def current_shard() -> Shard | None:
    """The share this process renders, when it is a helper."""
    value = os.environ.get(SHARD)
    if not value:
        return None
    index, count, work = value.split("/", 2)
    return Shard(int(index), int(count), Path(work))


def share(pages: list[SitePage], index: int, count: int) -> list[SitePage]:
    """Pages index, index + count, ...: the pages are independent, so each process renders
    a share. The home page is in every share (MkDocs' nav needs it), and so are the 404
    pages: every process writes Material's own 404.html first, and ours must replace it."""
    return [
        p for number, p in enumerate(pages) if number % count == index or p.src_uri == HOME or p.dest_uri
    ]


class Helpers:
    """The helper processes of one build."""

    def __init__(self, config_file: str, site_dir: str, cache: Path, areas: Path | None) -> None:
        self.config_file, self.site_dir, self.cache, self.areas = config_file, site_dir, cache, areas
        self.processes: list[subprocess.Popen[str]] = []
        self.shards: list[Shard] = []
        self.work: Path | None = None

    def start(self, plan: SitePlan, count: int) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix="shards-", dir=self.cache))
        for index in range(1, count):
            shard = Shard(index, count, self.work)
            part = SitePlan(share(plan.pages, index, count), plan.site_url, plan.demo)
            with shard.plan_file.open("wb") as handle:
                pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
            self.shards.append(shard)
            self.processes.append(self._spawn(shard))

    def _spawn(self, shard: Shard) -> subprocess.Popen[str]:
        # --dirty: the folder was cleaned by the main build already.
        command = [sys.executable, "-m", "mkdocs", "build", "--dirty", "-q", "-f", self.config_file,
                   "-d", self.site_dir]  # fmt: skip
        env = {**os.environ, SHARD: f"{shard.index}/{shard.count}/{shard.work}"}
        if self.areas is not None:
            env[SEARCH_AREAS] = str(self.areas)
        return subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )

    def wait(self) -> list[str]:
        """Wait for every helper; the error output of those that failed."""
        failed = []
        for process in self.processes:
            _, errors = process.communicate()
            if process.returncode != 0:
                failed.append(errors.strip() or f"exit status {process.returncode}")
        self._forget()
        return failed

    def stop(self) -> None:
        """End every helper still running (the main build failed)."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.communicate(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
        self._forget()

    def _forget(self) -> None:
        self.processes, self.shards = [], []
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None
