"""The demo content's command: its results files, written from the seeded ledgers that
`contests import` gives the closed demo votes (voting/demo.py).

    flask --app voting demo results CONTEST... [--content DIR]
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from . import demo, services
from .models import Contest
from .settings import CONTENT_DIR

demo_cli = AppGroup("demo", help="The demo content's seeded ballots and results.")


@demo_cli.command("results")
@click.argument("contest_ids", nargs=-1, required=True)
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The content folder (default: TOP100_CONTENT_DIR or ./content).")
def demo_results_command(contest_ids: tuple[str, ...], content_dir: Path | None) -> None:
    """Write a demo vote's results file (<content>/results/CONTEST.json) from its seeded
    ledger, as imported: the same file on every machine, to commit after changing the demo."""
    folder = content_dir or Path(current_app.config[CONTENT_DIR])
    for contest_id in contest_ids:
        contest = Contest.get_or_none(Contest.id == contest_id)
        if contest is None:
            raise click.ClickException(f"no contest '{contest_id}'; see: flask --app voting contests list")
        try:
            target = demo.write_results(contest, services.of().notary, folder)
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:
            raise click.ClickException(f"cannot write the results into {folder}: {error}") from None
        click.echo(f"{target}: results of the demo ledger of {contest_id}")

