"""Administration of voters, from the command line (audited like the rest):

    flask --app voting codes issue CONTEST --count N [--out DIR]
    flask --app voting anomalies CONTEST [--format table|json] [--all] [thresholds...]
    flask --app voting purge [--retention-days N]
    flask --app voting voter-data ADDRESS [--format text|json]
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from . import anomalies, privacy, service
from .identity import credentials
from .models import Contest
from .settings import ANOMALY_THRESHOLDS, CLOCK, PUBLIC_URL, RETENTION_DAYS, SECRET_KEY
from .verification import codes as access_codes

codes = AppGroup("codes", help="One-time voting codes for contests with verification: codes.")


def _now() -> dt.datetime:
    clock = current_app.config.get(CLOCK)
    return service.utc(clock() if clock else dt.datetime.now(dt.UTC))


def _contest(contest_id: str) -> Contest:
    contest = Contest.get_or_none(Contest.id == contest_id)
    if contest is None:
        raise click.ClickException(f"no contest '{contest_id}'; see: flask --app voting contests list")
    return contest


@codes.command("issue")
@click.argument("contest_id")
@click.option("--count", type=click.IntRange(1, 100_000), required=True, help="How many codes.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder for the PDF sheet and the CSV.",
)
def issue_command(contest_id: str, count: int, out: Path) -> None:
    """Issue COUNT codes: a printable PDF (a QR code per card) and a CSV. Keep both safe: the
    database holds only hashes, so lost codes cannot be printed again, only issued anew."""
    contest = _contest(contest_id)
    if contest.verification != "codes":
        raise click.ClickException(
            f"contest {contest_id} verifies voters by '{contest.verification}', not by codes; "
            f"set 'verification: codes' in content/contests/{contest_id}.yml and import again"
        )
    # fpdf2 loads Pillow: only the printing of codes pays for it, not every start of the service.
    from .verification import sheet

    batch = f"{_now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    out.mkdir(parents=True, exist_ok=True)
    issued = access_codes.issue(current_app.config[SECRET_KEY], contest_id, count, batch)
    base = out / f"{contest_id}-codes-{batch}"
    url = current_app.config[PUBLIC_URL]
    sheet.write_pdf(base.with_suffix(".pdf"), url, contest_id, contest.title_kk, issued)
    sheet.write_csv(base.with_suffix(".csv"), url, contest_id, issued)
    service.audit("codes", contest_id, count=count, batch=batch)
    click.echo(f"{count} codes for {contest_id}: {base}.pdf and {base}.csv")


@click.command("anomalies")
@with_appcontext
@click.argument("contest_id")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--all", "all_rows", is_flag=True, help="Every row, not only the flagged ones (table).")
@click.option("--burst-factor", type=float, default=None, help="A burst: this many times the median minute.")
@click.option("--burst-min", type=int, default=None, help="A burst has at least this many ballots a minute.")
@click.option("--network-share", type=float, default=None, help="Flag a network with this share of ballots.")
@click.option("--network-min", type=int, default=None, help="...and at least this many ballots.")
@click.option("--failures", type=int, default=None, help="Flag a network with this many refused checks.")
def anomalies_command(contest_id: str, output: str, all_rows: bool, **given: float | None) -> None:
    """Bursts per candidate and minute, ballots and refused verifications per network."""
    _contest(contest_id)
    defaults = anomalies.Thresholds(**current_app.config[ANOMALY_THRESHOLDS])
    chosen = {k: v for k, v in given.items() if v is not None}
    limits = anomalies.Thresholds(**{**defaults.__dict__, **chosen})
    report = anomalies.analyse(contest_id, limits)
    if output == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(anomalies.table(report, all_rows))


@click.command("purge")
@with_appcontext
@click.option("--retention-days", type=click.IntRange(0), default=None, help="Default: TOP100_RETENTION_DAYS")
def purge_command(retention_days: int | None) -> None:
    """Delete verification data (e-mail and access code records, refused checks, ballots'
    network hashes) of contests closed longer than the retention period ago."""
    days = current_app.config[RETENTION_DAYS] if retention_days is None else retention_days
    done = privacy.purge(_now(), days)
    click.echo(", ".join(f"{name}: {count}" for name, count in done.items()))


@click.command("voter-data")
@with_appcontext
@click.argument("subject")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def voter_data_command(subject: str, output: str) -> None:
    """Everything stored that derives from one e-mail address, IP address or telegram:<id>."""
    try:
        found = privacy.voter_data(credentials(current_app), subject.strip())
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if output == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    click.echo(f"{found['kind']}: {subject}")
    for name in ("ballots", "email_codes", "failures"):
        click.echo(f"{name}: {len(found[name])}")
        for row in found[name]:
            click.echo("  " + "\t".join(f"{k}={v}" for k, v in row.items()))
    if "note" in found:
        click.echo(found["note"])


COMMANDS = (codes, anomalies_command, purge_command, voter_data_command)
