"""Time `top100 check` on N synthetic profiles (N = 100 and 2,500 by default).

    python -m benchmarks.check_speed [--sizes 100 2500] [--runs 3]

Each size is generated once (three texts and a real JPEG per profile), then checked
--runs times as a fresh process, exactly as an editor or CI runs it. Target: 2,500 in < 10 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .synthetic import Plan, generate

TARGET_SECONDS = {2500: 10.0}


def time_check(root: Path, runs: int) -> list[float]:
    top100 = shutil.which("top100") or str(Path(sys.executable).parent / "top100")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([top100, "check", "--content", str(root)], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"check failed on synthetic content:\n{done.stdout}{done.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 2500])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    print("| profiles | files | median s | min s | max s | target |")
    print("|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            root = generate(Path(scratch) / f"content-{size}", Plan(profiles=size))
            files = sum(1 for _ in root.rglob("*") if _.is_file())
            times = time_check(root, args.runs)
            target = TARGET_SECONDS.get(size)
            verdict = (
                ""
                if target is None
                else (f"< {target:.0f} s: {'met' if statistics.median(times) < target else 'MISSED'}")
            )
            print(
                f"| {size} | {files} | {statistics.median(times):.2f} | {min(times):.2f} | "
                f"{max(times):.2f} | {verdict} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
