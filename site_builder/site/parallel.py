"""Image work spread over all cores, with a progress bar when a person watches."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def run_all(
    job: Callable[[T], None],
    items: Sequence[T],
    desc: str,
    unit: str,
    workers: int | None = None,
    chunksize: int = 4,
) -> None:
    """Run ``job`` on every item; a few items run in this process, where a pool costs more."""
    if not items:
        return
    workers = workers or os.cpu_count() or 1
    # disable=None: the bar shows on a terminal and stays silent in logs and CI.
    with tqdm(total=len(items), desc=desc, unit=unit, disable=None, leave=False) as bar:
        if workers > 1 and len(items) > 4:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for _ in pool.map(job, items, chunksize=chunksize):
                    bar.update()
        else:
            for item in items:
                job(item)
                bar.update()
