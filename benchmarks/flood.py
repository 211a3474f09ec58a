"""One machine floods a contest; do honest voters elsewhere still get their ballots in?

    python -m benchmarks.flood [--seconds 60] [--honest-addresses 20]

Runs the service under gunicorn (1 worker, 8 threads, in-memory limits) and, on loopback
only, an attacker at 127.0.0.2 who first buys as many device credentials as the limits let
it (solving each proof of work) and then sends ballots as fast as it can from several
threads, while honest voters at 127.0.0.3, 127.0.0.4... each verify and vote once. Prints
the honest voters' acceptance (target: at least 99%) and what the attacker got.
tests/test_server.py runs a shorter flood of the same code.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import subprocess
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altcha

from benchmarks.vote_load import CONTEST, _gunicorn, _port, _prepare_service, verify_ledger

CANDIDATE = '{"candidate": "dias-nurlanuly"}'


def solve(challenge: dict[str, Any]) -> str:
    """What the widget's Web Workers do: find the counter; the base64 ALTCHA payload."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    assert solution is not None
    return str(altcha.Payload(parsed, solution).to_base64())


class Client:
    """HTTP/1.1 keep-alive client whose socket is bound to one loopback source address."""

    def __init__(self, port: int, source: str) -> None:
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(source, 0)
        )

    def call(self, method: str, path: str, body: str | None = None, token: str = "") -> tuple[int, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # The server closed an idle keep-alive connection (while we solved a proof of
            # work): open a new one from the same address and send again.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data or b"null")
        except ValueError:
            return response.status, None

    def credential(self, contest: str) -> tuple[int, str]:
        """Verify by the device method: fetch a challenge, solve it, trade it in."""
        status, challenge = self.call("GET", f"/api/v1/contests/{contest}/challenge")
        if status != 200:
            return status, ""
        payload = json.dumps({"altcha": solve(challenge)})
        status, body = self.call("POST", f"/api/v1/contests/{contest}/credential", payload)
        return status, (body or {}).get("credential", "") if status == 201 else ""

    def close(self) -> None:
        self.connection.close()


@dataclass
class Outcome:
    honest: Counter[int] = field(default_factory=Counter)  # status of each honest voter's ballot
    attacker_credentials: int = 0
    buying_seconds: float = 0.0  # the attacker's time to solve and trade in its proofs of work
    attacker: Counter[int] = field(default_factory=Counter)

    @property
    def honest_accepted(self) -> float:
        total = sum(self.honest.values())
        return self.honest[201] / total if total else 0.0


def flood(
    port: int,
    seconds: float,
    contest: str = CONTEST,
    attacker: str = "127.0.0.2",
    honest_addresses: int = 20,
    attacker_threads: int = 4,
    honest_threads: int = 2,
    attacker_credentials: int = 200,
) -> Outcome:
    outcome = Outcome()
    lock = threading.Lock()
    tokens: list[str] = []
    buying = Client(port, attacker)
    started = time.monotonic()
    for _ in range(attacker_credentials):  # as many credentials as the limits sell it
        status, token = buying.credential(contest)
        if status != 201:
            break
        tokens.append(token)
    buying.close()
    outcome.attacker_credentials = len(tokens)
    outcome.buying_seconds = time.monotonic() - started
    deadline = time.monotonic() + seconds

    def attack(number: int) -> None:
        client, i = Client(port, attacker), number
        while time.monotonic() < deadline:
            token = tokens[i % len(tokens)]
            try:
                status, _ = client.call("POST", f"/api/v1/contests/{contest}/ballots", CANDIDATE, token)
            except OSError:
                status = 0
            i += attacker_threads
            with lock:
                outcome.attacker[status] += 1
        client.close()

    def honest(number: int) -> None:
        voter = number
        while time.monotonic() < deadline:
            source = f"127.0.0.{3 + voter % honest_addresses}"
            client = Client(port, source)
            try:
                status, token = client.credential(contest)
                if status == 201:
                    status, _ = client.call("POST", f"/api/v1/contests/{contest}/ballots", CANDIDATE, token)
            except OSError:
                status = 0  # no answer at all: counted as refused
            client.close()
            with lock:
                outcome.honest[status] += 1
            voter += honest_threads
            time.sleep(0.05)

    threads = [threading.Thread(target=attack, args=(n,)) for n in range(attacker_threads if tokens else 0)]
    threads += [threading.Thread(target=honest, args=(n,)) for n in range(honest_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def serve(work: Path, **limits: str) -> tuple[subprocess.Popen[bytes], int, dict[str, str]]:
    """The service under gunicorn with the production limits (or ``limits``), one worker."""
    env = _prepare_service(work, secrets.token_hex(32))
    for name in ("TOP100_LIMIT_PER_VOTER", "TOP100_LIMIT_PER_IP", "TOP100_LIMIT_PER_CONTEST"):
        env.pop(name, None)
    env.update(limits)
    port = _port()
    options = ["-c", "python:voting.gunicorn_conf"]
    server = _gunicorn("voting:create_app()", port, env, 1, 8, *options, log=work / "gunicorn.log")
    return server, port, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--honest-addresses", type=int, default=20)
    parser.add_argument("--credentials", type=int, default=60, help="how many the attacker buys first")
    parser.add_argument("--honest-threads", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="top100-flood-"))
    server, port, env = serve(work)
    try:
        started = time.monotonic()
        outcome = flood(
            port,
            args.seconds,
            honest_addresses=args.honest_addresses,
            honest_threads=args.honest_threads,
            attacker_credentials=args.credentials,
        )
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(10)
    load = os.getloadavg()
    bought = outcome.attacker_credentials
    print(f"flood of {took:.0f} s, load average {load[0]:.2f} {load[1]:.2f}, {os.cpu_count()} cores")
    print(
        f"attacker 127.0.0.2: {bought} credentials bought in {outcome.buying_seconds:.1f} s "
        f"({60 * bought / max(outcome.buying_seconds, 1e-9):.0f} a minute, one thread), "
        f"{sum(outcome.attacker.values())} ballots sent: {dict(sorted(outcome.attacker.items()))}"
    )
    print(
        f"honest voters on {args.honest_addresses} other addresses: {sum(outcome.honest.values())} ballots, "
        f"{dict(sorted(outcome.honest.items()))}, accepted {outcome.honest_accepted:.2%} (target 99%)"
    )
    print(verify_ledger(env, CONTEST).stdout.strip())
    raise SystemExit(0 if outcome.honest_accepted >= 0.99 else 1)


if __name__ == "__main__":
    main()
