"""How long a phone takes to solve the device check: the vendored ALTCHA worker
(themes/assets/altcha/pbkdf2.js), split over Web Workers the way assets/vote.js does it,
in Debian's Chromium with the CPU slowed down 4x (Emulation.setCPUThrottlingRate, a
mid-range phone), on challenges made by the service's own code and settings.

    python -m benchmarks.pow_browser [--cost 1000] [--max-counter 200] [--runs 15]

Prints the median and the 90th percentile (target: median at most 2 s) and the server's
time to check one solution.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import altcha
from selenium import webdriver

from benchmarks.flood import solve
from voting.settings import DEFAULTS, POW_ALGORITHM, POW_COST, POW_MAX_COUNTER
from voting.verification import device

ASSETS = Path(__file__).resolve().parent.parent / "themes" / "assets"
SOLVE = """
const [challenge, done] = [arguments[0], arguments[arguments.length - 1]];
const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
const start = performance.now();
const workers = [];
let finished = false;
for (let i = 0; i < count; i++) {
  const worker = new Worker("/altcha/pbkdf2.js");
  workers.push(worker);
  worker.onmessage = (message) => {
    if (finished) return;
    finished = true;
    workers.forEach((w) => w.terminate());
    done({ms: performance.now() - start, counter: message.data.counter, workers: count});
  };
  worker.postMessage({type: "work", challenge, counterStart: i, counterStep: count});
}
"""


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService("/usr/bin/chromedriver"))
    driver.set_script_timeout(120)
    return driver


def solve_times(driver: webdriver.Chrome, runs: int, cost: int, max_counter: int, rate: float) -> list[float]:
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": rate})
    times = []
    for _ in range(runs):
        algorithm = str(DEFAULTS[POW_ALGORITHM])
        challenge = device.challenge(
            "bench", "c", algorithm=algorithm, cost=cost, max_counter=max_counter, seconds=600
        )
        result: Any = driver.execute_async_script(SOLVE, challenge)
        times.append(float(result["ms"]) / 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cost", type=int, default=int(DEFAULTS[POW_COST]))
    parser.add_argument("--max-counter", type=int, default=int(DEFAULTS[POW_MAX_COUNTER]))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(ASSETS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = browser()
    try:
        driver.get(f"http://127.0.0.1:{server.server_port}/altcha/README.md")
        workers = driver.execute_script("return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2))")
        plain = solve_times(driver, args.runs, args.cost, args.max_counter, 1)
        slow = solve_times(driver, args.runs, args.cost, args.max_counter, 4)
    finally:
        driver.quit()
        server.shutdown()
    verify_ms = _verify_ms(args.cost)
    for name, times in (("no throttling", plain), ("4x CPU throttling", slow)):
        ordered = sorted(times)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(
            f"{name}: median {statistics.median(times):.2f} s, p90 {p90:.2f} s, "
            f"max {ordered[-1]:.2f} s ({len(times)} runs, {workers} workers, PBKDF2 cost {args.cost}, "
            f"counter below {args.max_counter})"
        )
    # Chromium's CPU throttling slows the page but not (or hardly) its dedicated workers, so
    # the phone estimate is the unthrottled time scaled by 4, not the throttled measurement.
    print(f"estimate for a phone 4x slower than this machine: median {4 * statistics.median(plain):.2f} s")
    print(f"server: {verify_ms:.3f} ms to check one solution (signature and key HMACs)")


def _verify_ms(cost: int) -> float:
    """Time altcha.verify_solution as the service calls it (without the replay insert)."""
    challenges = [
        device.challenge("bench", "c", algorithm="PBKDF2/SHA-256", cost=cost, max_counter=3, seconds=600)
        for _ in range(200)
    ]
    payloads = [solve(challenge) for challenge in challenges]
    challenge_secret, key_secret = device.hmac_secrets("bench")
    start = time.perf_counter()
    for payload in payloads:
        assert altcha.verify_solution(payload, challenge_secret, hmac_key_secret=key_secret).verified
    return (time.perf_counter() - start) / len(payloads) * 1000


if __name__ == "__main__":
    main()
