"""Signs of ballot stuffing in one contest, for the commission: ballots per candidate per
minute with bursts flagged, ballots per network (IPv4 /24, IPv6 /48, known only as keyed
hashes) and refused verifications per network. Plain Python over the tables."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from .models import Ballot, LedgerEntry, VerificationFailure


@dataclass(frozen=True)
class Thresholds:
    burst_factor: float = 5.0  # a minute with this many times a candidate's median...
    burst_min: int = 30  # ...and at least this many ballots is a burst
    network_share: float = 0.05  # a network casting this share of all ballots...
    network_min: int = 50  # ...and at least this many is flagged
    failures: int = 20  # refused verifications from one network


@dataclass
class Report:
    contest: str
    ballots: int
    thresholds: Thresholds
    minutes: list[dict[str, Any]] = field(default_factory=list)  # per candidate and minute
    networks: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def flagged(self) -> int:
        return sum(row["flagged"] for rows in (self.minutes, self.networks, self.failures) for row in rows)


def short(network: str | None) -> str:
    return (network or "unknown")[:12]


def analyse(contest_id: str, limits: Thresholds) -> Report:
    rows: Any = (
        Ballot.select(Ballot.network, LedgerEntry.candidate, LedgerEntry.time)
        .join(LedgerEntry, on=((LedgerEntry.contest == Ballot.contest) & (LedgerEntry.seq == Ballot.seq)))
        .where(Ballot.contest == contest_id)
        .tuples()
    )
    per_minute: dict[str, Counter[str]] = defaultdict(Counter)
    networks: Counter[str | None] = Counter()
    for net, candidate, time in rows:
        per_minute[str(candidate)][str(time)[:16]] += 1  # ISO time cut to the minute
        networks[net] += 1
    total = sum(networks.values())
    report = Report(contest=contest_id, ballots=total, thresholds=limits)
    for candidate, minutes in sorted(per_minute.items()):
        median = statistics.median(minutes.values())
        for minute, count in sorted(minutes.items()):
            burst = count >= limits.burst_min and count > limits.burst_factor * median
            row = {"candidate": candidate, "minute": minute, "ballots": count, "median": median}
            report.minutes.append({**row, "flagged": burst})
    for network, count in networks.most_common():
        share = count / total if total else 0.0
        flagged = count >= limits.network_min and share >= limits.network_share
        report.networks.append(
            {"network": short(network), "ballots": count, "share": round(share, 4), "flagged": flagged}
        )
    failures: Any = (
        VerificationFailure.select(VerificationFailure.network, VerificationFailure.reason)
        .where(VerificationFailure.contest == contest_id)
        .tuples()
    )
    by_network: dict[str, Counter[str]] = defaultdict(Counter)
    for network, reason in failures:
        by_network[network][reason] += 1
    for network, reasons in sorted(by_network.items(), key=lambda item: -sum(item[1].values())):
        count = sum(reasons.values())
        report.failures.append(
            {
                "network": short(network),
                "failures": count,
                "reasons": dict(reasons),
                "flagged": count >= limits.failures,
            }
        )
    return report


def table(report: Report, all_rows: bool = False) -> str:
    """For people: flagged rows (all rows with ``all_rows``), one section per measure."""
    lines = [f"contest {report.contest}: {report.ballots} ballots, {report.flagged} flagged"]
    sections = (
        ("ballots per candidate per minute", report.minutes, ("candidate", "minute", "ballots", "median")),
        ("ballots per network (/24, /48; keyed hash)", report.networks, ("network", "ballots", "share")),
        ("refused verifications per network", report.failures, ("network", "failures", "reasons")),
    )
    for title, rows, columns in sections:
        shown = [r for r in rows if all_rows or r["flagged"]]
        lines.append(f"\n{title}: {len(shown)} of {len(rows)} rows" + ("" if all_rows else " flagged"))
        for row in shown:
            mark = "!" if row["flagged"] else " "
            lines.append(mark + " " + "\t".join(str(row[c]) for c in columns))
    return "\n".join(lines)
