"""Lighthouse (mobile preset: a mid-range phone on slow 4G, simulated) on the Kazakh home,
a profile and a vote page, served exactly as `make run` serves them.

    make lighthouse            # or: python -m benchmarks.lighthouse [--runs 3] [--port 8701]

Lighthouse, pinned in benchmarks/package-lock.json, is installed by `make tools`; it drives
Debian's Chromium (CHROME_PATH) and downloads nothing. Reports go to benchmarks/out/lighthouse/.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
OUT = REPO / "benchmarks" / "out" / "lighthouse"
PAGES = {
    "home (kk)": "",
    "profile (kk)": "2026/aigerim-tulegenkyzy/",
    "vote page (kk)": "contests/2026-almaty-city-regional/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(port: int) -> subprocess.Popen[bytes]:
    """`make run` on ``port``, in its own process group so that all of it stops at the end."""
    log = (OUT / "make-run.log").open("wb")
    server = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}"],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"make run stopped; see {OUT / 'make-run.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2):
                return server
        except OSError:
            time.sleep(1)
    raise SystemExit("make run did not answer within 10 minutes")


def _lighthouse(url: str, report: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True,
        text=True,
    )


def _audit(url: str, report: Path, attempts: int = 3) -> dict[str, float]:
    """One Lighthouse run; Chromium sometimes loses the trace on a busy machine (NO_NAVSTART),
    so a failed run is repeated."""
    for _ in range(attempts):
        done = _lighthouse(url, report)
        if done.returncode == 0:
            break
    else:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    result = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    audits = result["audits"]
    return {
        **scores,
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes_kb": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is reported")
    parser.add_argument("--port", type=int, default=0, help="port for make run (default: a free one)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is missing: run `make tools`")
    OUT.mkdir(parents=True, exist_ok=True)
    port = args.port or _free_port()
    server = _serve(port)
    rows = []
    try:
        for name, path in PAGES.items():
            stem = path.strip("/").replace("/", "_") or "home"
            runs = [
                _audit(f"http://127.0.0.1:{port}/{path}", OUT / f"{stem}-{n}.json") for n in range(args.runs)
            ]
            median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
            rows.append((name, median))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print("| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | transferred |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, m in rows:
        print(
            f"| {name} | {m['performance']:.0f} | {m['accessibility']:.0f} | {m['best-practices']:.0f} | "
            f"{m['seo']:.0f} | {m['lcp_s']:.2f} s | {m['tbt_ms']:.0f} ms | {m['cls']:.3f} | "
            f"{m['bytes_kb']:.0f} KB |"
        )


if __name__ == "__main__":
    main()
