"""Administration, only from the command line (there is no admin HTTP endpoint); every
action that changes something is written to the audit log.

    flask --app voting contests import|list|open|close
    flask --app voting demo results CONTEST [--content DIR]
    flask --app voting results CONTEST [--format csv|json] [--publish [--content DIR]]
    flask --app voting ballots void [RECEIPT...] [--contest ID --filter KEY=VALUE...] --reason TEXT
    flask --app voting ledger verify|checkpoint|key
    flask --app voting audit [--contest CONTEST]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import demo, importer, published, service, services, voids
from .db import write_transaction
from .models import AuditLog, Candidate, Contest
from .notary import Notary
from .settings import CLOCK, CONTENT_DIR

contests = AppGroup("contests", help="Import and manage contests.")
ballots = AppGroup("ballots", help="Void ballots.")
ledger_cli = AppGroup("ledger", help="Verify ledgers, sign checkpoints, show the signing key.")


def _now() -> dt.datetime:
    clock = current_app.config.get(CLOCK)
    return clock() if clock else dt.datetime.now(dt.UTC)


def _no_contest(contest_id: str | None) -> click.ClickException:
    return click.ClickException(f"no contest '{contest_id}'; see: flask --app voting contests list")


def _notary() -> Notary:
    return services.of().notary


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
    """Create or update contests from content/contests/ (safe to run again). A closed demo
    vote (demo: true) with an empty ledger gets its seeded demo ballots (voting/demo.py)."""
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
    filled, stuck = demo.fill_closed(_notary(), _now())
    for contest_id in filled:
        click.echo(f"demo: {contest_id} closed with its seeded demo ballots")
    for contest_id in stuck:
        click.echo(
            f"note: demo contest {contest_id} was closed in this database before it had demo ballots; "
            "delete the database (instance/) and import again to see them"
        )


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
        contest = service.set_window(contest_id, action, _now, _notary())
    except service.UnknownContest:
        raise _no_contest(contest_id) from None
    click.echo(f"{contest.id} is now {service.status(contest, _now())}")


@contests.command("open")
@click.argument("contest_id")
def open_command(contest_id: str) -> None:
    """Open a contest now, before its planned opening."""
    _window("open", contest_id)


@contests.command("close")
@click.argument("contest_id")
def close_command(contest_id: str) -> None:
    """Close a contest now, before its planned closing; its ledger gets its signed close entry."""
    _window("close", contest_id)


@click.command("results")
@with_appcontext
@click.argument("contest_id")
@click.option("--format", "output", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--publish", is_flag=True,
              help="Write the closed vote's results to <content>/results/CONTEST.json for the site.")
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The content folder for --publish (default: TOP100_CONTENT_DIR or ./content).")
def results_command(contest_id: str, output: str, publish: bool, content_dir: Path | None) -> None:
    """The tally of a contest (for the commission; sealed or not), or with --publish the
    results file of a closed vote to commit to the content repository."""
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise click.ClickException(f"no contest '{contest_id}'")
    if publish:
        try:
            data = published.record(contest, _notary(), _now)
        except published.NotClosed as error:
            raise click.ClickException(
                f"{contest_id} is still {service.status(contest, _now())} (it closes {error}); "
                "results are published once the vote has closed") from None
        folder = content_dir or Path(current_app.config[CONTENT_DIR])
        try:
            target = published.write(data, folder)
        except OSError as error:
            raise click.ClickException(
                f"cannot write the results into {folder}: {error.strerror or error}; "
                "give the content folder with --content") from None
        service.audit("publish", contest_id, file=str(target), total=data["total"], voids=data["voids"])
        click.echo(f"{target}: {data['total']} ballots, {data['voids']} voided; commit it to the content")
        return
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
@click.argument("receipts", nargs=-1)
@click.option("--contest", "contest_id", help="The contest whose ballots --filter chooses.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="KEY=VALUE",
    help="Choose ballots (all filters must hold): "
    + "; ".join(f"{key}={hint}" for key, hint in voids.FILTERS.items()),
)
@click.option("--reason", required=True, help="Why: written to the public ledger.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def void_command(
    receipts: tuple[str, ...], contest_id: str | None, filters: tuple[str, ...], reason: str, yes: bool
) -> None:
    """Void ballots by receipt, or all of a contest's ballots that match --filter. Shows what
    it would void and asks first; each void is a ledger entry and an audit record."""
    if bool(receipts) == bool(filters) or (receipts and contest_id):
        raise click.UsageError("give either receipts, or --contest with one or more --filter")
    if not contest_id and not receipts:
        raise click.UsageError("--filter needs --contest ID")
    if not reason.strip():
        raise click.UsageError("--reason must say why: it is written to the public ledger")
    try:
        if receipts:
            chosen = voids.by_receipts(receipts)
        else:
            chosen = voids.select(str(contest_id), voids.conditions(filters))
    except voids.FilterError as error:
        raise click.UsageError(str(error)) from None
    except service.UnknownReceipt as error:
        raise click.ClickException(f"no ballot has the receipt {error}; copy the whole code") from None
    except service.UnknownContest:
        raise _no_contest(contest_id) from None
    except service.VoteError as error:
        raise click.ClickException(str(error) or error.code) from None
    if not chosen.seqs:
        raise click.ClickException("no valid ballot matches: nothing to void (voided ones are skipped)")
    shown = ", ".join(map(str, chosen.seqs[:20])) + (", …" if len(chosen.seqs) > 20 else "")
    click.echo(
        f"{chosen.contest.id}: {len(chosen.seqs)} ballots cast {chosen.first} — {chosen.last}\n"
        f"  entries: {shown}\n"
        f"  by candidate: {', '.join(f'{name}: {n}' for name, n in chosen.candidates.most_common())}\n"
        f"  reason (public): {reason.strip()}"
    )
    if not yes and not click.confirm(f"Void these {len(chosen.seqs)} ballots?", default=False):
        raise click.ClickException("nothing voided")
    detail: dict[str, Any] = {"receipts": list(receipts)} if receipts else {"filters": list(filters)}
    try:
        done = voids.void(chosen, reason, _notary(), _now, **detail)
    except service.VoteError as error:
        raise click.ClickException(str(error) or error.code) from None
    click.echo(
        f"voided {len(done)} ballots of {chosen.contest.id} (void entries {done[0].seq}–{done[-1].seq})"
        if done
        else "nothing voided: every chosen ballot was voided meanwhile"
    )


@ledger_cli.command("verify")
@click.argument("contest_id")
def verify_command(contest_id: str) -> None:
    """Recompute the chain and the tally and hold them against the signed checkpoints (and
    this service's key); exits 1 naming what is wrong."""
    if Contest.get_or_none(Contest.id == contest_id) is None:
        raise _no_contest(contest_id)
    result = service.verify_contest(contest_id, _notary().public)
    click.echo(result.summary())
    if not result.ok:
        sys.exit(1)


@ledger_cli.command("checkpoint")
@click.argument("contest_ids", nargs=-1)
def checkpoint_command(contest_ids: tuple[str, ...]) -> None:
    """Sign each contest's head if it moved since its latest checkpoint, and close the ledger
    of a vote whose time is up. Run it from cron every minute or so."""
    from . import chain

    contests = list(Contest.select().where(Contest.id.in_(contest_ids)) if contest_ids else Contest.select())
    for missing in set(contest_ids) - {c.id for c in contests}:
        raise _no_contest(missing)
    for contest in contests:
        closed = service.finalize(contest, _notary(), _now)
        if closed is not None:
            click.echo(f"{contest.id}\tclosed: close entry {closed.seq}, final tally signed")
            continue
        with write_transaction():
            point = chain.checkpoint(contest.id, _notary(), _now, moved_only=True)
        click.echo(f"{contest.id}\t" + (f"signed entry {point.seq}" if point else "unchanged"))


@ledger_cli.command("key")
def key_command() -> None:
    """Print the public key (hex) that signs checkpoints, to publish on the site
    (TOP100_LEDGER_PUBLIC_KEY for the build). The key file is made on first start."""
    click.echo(_notary().public)


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
    from .demo_commands import demo_cli
    from .voter_commands import COMMANDS

    for command in (contests, ballots, ledger_cli, demo_cli, results_command, audit_command, *COMMANDS):
        app.cli.add_command(command)
