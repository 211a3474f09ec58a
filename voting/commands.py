"""Administration, only from the command line (there is no admin HTTP endpoint); every
action that changes something is written to the audit log.

    flask --app voting contests import|list|open|close
    flask --app voting results CONTEST [--format csv|json]
    flask --app voting ballots void RECEIPT --reason TEXT
    flask --app voting ledger verify CONTEST
    flask --app voting audit [--contest CONTEST]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import importer, service
from .models import AuditLog, Candidate, Contest
from .settings import CLOCK, CONTENT_DIR

contests = AppGroup("contests", help="Import and manage contests.")
ballots = AppGroup("ballots", help="Void ballots.")
ledger_cli = AppGroup("ledger", help="Verify ledgers.")


def _now() -> dt.datetime:
    clock = current_app.config.get(CLOCK)
    return clock() if clock else dt.datetime.now(dt.UTC)


@contests.command("import")
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The content folder (default: TOP100_CONTENT_DIR or ./content).",
)
@click.option("--allow-drop", is_flag=True, help="Withdraw candidates who have ballots but left the content.")
def import_command(content_dir: Path | None, allow_drop: bool) -> None:
    """Create or update contests from content/contests/ (safe to run again)."""
    folder = content_dir or Path(current_app.config[CONTENT_DIR])
    try:
        report = importer.import_contests(importer.load(folder), allow_drop=allow_drop)
    except importer.ImportRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(
        f"created: {len(report.created)}, updated: {len(report.updated)}, "
        f"candidates removed: {len(report.dropped)}, withdrawn: {len(report.withdrawn)}"
    )
    for contest_id in report.missing:
        click.echo(f"note: contest {contest_id} is no longer in the content; it stays, with its ballots")


@contests.command("list")
def list_command() -> None:
    """Contests with their status and ballot counts."""
    for contest in Contest.select().order_by(Contest.opens_at):
        opens, closes = service.window(contest)
        click.echo(
            f"{contest.id}\t{service.status(contest, _now())}\t{service.iso(opens)} — "
            f"{service.iso(closes)}\t{contest.results}\t{sum(service.tally(contest).values())} ballots"
        )


def _window(action: str, contest_id: str) -> None:
    try:
        contest = service.set_window(contest_id, action, _now())
    except service.UnknownContest:
        raise click.ClickException(
            f"no contest '{contest_id}'; see: flask --app voting contests list"
        ) from None
    click.echo(f"{contest.id} is now {service.status(contest, _now())}")


@contests.command("open")
@click.argument("contest_id")
def open_command(contest_id: str) -> None:
    """Open a contest now, before its planned opening."""
    _window("open", contest_id)


@contests.command("close")
@click.argument("contest_id")
def close_command(contest_id: str) -> None:
    """Close a contest now, before its planned closing."""
    _window("close", contest_id)


@click.command("results")
@with_appcontext
@click.argument("contest_id")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def results_command(contest_id: str, output: str) -> None:
    """The tally of a contest (for the commission; sealed or not)."""
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise click.ClickException(f"no contest '{contest_id}'")
    counts = service.tally(contest)
    candidates = sorted(
        Candidate.select().where(Candidate.contest == contest), key=lambda c: -counts.get(c.slug, 0)
    )
    rows = [
        {"candidate": c.slug, "votes": counts.get(c.slug, 0), "withdrawn": c.withdrawn} for c in candidates
    ]
    if output == "json":
        click.echo(
            json.dumps(
                {"contest": contest_id, "status": service.status(contest, _now()), "tally": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["candidate", "votes", "withdrawn"])
    writer.writeheader()
    writer.writerows(rows)
    click.echo(buffer.getvalue(), nl=False)


@ballots.command("void")
@click.argument("receipt")
@click.option("--reason", required=True, help="Why: written to the public ledger.")
def void_command(receipt: str, reason: str) -> None:
    """Void a ballot by its receipt: appends a void entry; nothing is deleted."""
    try:
        entry = service.void_ballot(receipt.lower(), reason, _now())
    except service.VoteError as error:
        raise click.ClickException(str(error) if str(error) else error.code) from None
    click.echo(f"voided: entry {entry.ref} of {entry.contest_id} (void entry {entry.seq})")


@ledger_cli.command("verify")
@click.argument("contest_id")
def verify_command(contest_id: str) -> None:
    """Recompute the chain and the tally; exits 1 naming the first broken entry."""
    result = service.verify_contest(contest_id)
    click.echo(result.summary())
    if not result.ok:
        sys.exit(1)


@click.command("audit")
@with_appcontext
@click.option("--contest", default=None)
def audit_command(contest: str | None) -> None:
    """Every administrative action, oldest first."""
    query = AuditLog.select().order_by(AuditLog.id)
    if contest:
        query = query.where(AuditLog.contest == contest)
    for row in query:
        click.echo(
            f"{row.time:%Y-%m-%d %H:%M:%S}Z\t{row.actor}\t{row.action}\t{row.contest or '-'}\t{row.detail}"
        )


def init_app(app: Flask) -> None:
    from .voter_commands import COMMANDS

    for command in (contests, ballots, ledger_cli, results_command, audit_command, *COMMANDS):
        app.cli.add_command(command)
