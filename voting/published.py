"""A closed vote's results as the content repository publishes them (content/results/
<contest-id>.json): counts, voids and the ledger's signed head, and nothing about voters.

The format is the content model's (site_builder.content.results): every record is
validated against it before it is written, so the site build reads what this writes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from site_builder.content.results import FOLDER, PublishedResults

from . import chain, ledger, service
from .db import write_transaction
from .models import Candidate, Contest
from .notary import Notary


class NotClosed(service.VoteError):
    code = "not_closed"


def record(contest: Contest, notary: Notary, clock: Callable[[], dt.datetime]) -> dict[str, Any]:
    """The results of a closed vote; its ledger is closed first (the close entry and its
    signed checkpoint), so the head named here is the final one."""
    now = clock()
    if service.status(contest, now) != "closed":
        raise NotClosed(service.iso(service.window(contest)[1]))
    service.finalize(contest, notary, clock)
    with write_transaction():  # one snapshot: the head, the tally and the voids agree
        counts = service.tally(contest)
        head = chain.head(contest.id)
        point = chain.latest_checkpoint(contest.id)
        voids = chain.voids(contest.id)
    listed = Candidate.select().where(Candidate.contest == contest)
    standing = [c.slug for c in listed if not c.withdrawn or counts.get(c.slug)]
    ballots = {slug: counts.get(slug, 0) for slug in sorted({*standing, *counts})}
    data: dict[str, Any] = {
        "contest": contest.id,
        "status": "closed",
        "generated_at": service.iso(service.utc(now).replace(microsecond=0)),
        "total": sum(ballots.values()),
        "ballots": ballots,
        "voids": voids,
        "ledger": {"seq": head[0], "hash": head[1]} if head else {"seq": 0, "hash": ledger.GENESIS},
        "checkpoint": point.as_record() if point is not None else None,
    }
    try:
        PublishedResults.model_validate(data)
    except ValidationError as error:  # a programming error: the two sides disagree on the format
        raise RuntimeError(f"the results of {contest.id} do not fit the published format: {error}") from None
    return data


def write(data: dict[str, Any], content_dir: Path) -> Path:
    target = content_dir / FOLDER / f"{data['contest']}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
