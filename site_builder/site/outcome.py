"""A closed vote's published results (content/results/<contest-id>.json) as the rows of its
bar chart: each candidate's ballots as a number and a share, and who goes on to the next
stage. The chart is HTML and CSS (themes/partials/top100/macros.html); these are its figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content.results import PublishedResults


def percent(share: float, lang: str) -> str:
    """40.8% in English, 40,8 % in Kazakh and Russian (a decimal comma, a no-break space)."""
    figure = f"{share:.1f}"
    return f"{figure}%" if lang == "en" else f"{figure.replace('.', ',')}\u00a0%"


def outcome(
    results: PublishedResults,
    candidates: list[str],
    advance: int,
    name: Callable[[str], str],
    lang: str,
) -> dict[str, Any]:
    """Rows from most ballots to fewest (ties in the contest's order of candidates); the first
    `advance` rows go on. Candidates without a ballot are shown with 0."""
    order = {slug: i for i, slug in enumerate(candidates)}
    slugs = sorted(set(candidates) | set(results.ballots),
                   key=lambda s: (-results.ballots.get(s, 0), order.get(s, len(order))))
    most = max(results.ballots.values(), default=0)
    rows = []
    for rank, slug in enumerate(slugs):
        votes = results.ballots.get(slug, 0)
        share = 100 * votes / results.total if results.total else 0.0
        rows.append(
            {
                "slug": slug,
                "name": name(slug),
                "votes": votes,
                "percent": percent(share, lang),
                # The longest bar fills the line; the others are to scale with it.
                "width": round(100 * votes / most, 2) if most else 0,
                "advances": rank < advance and votes > 0,
            }
        )
    return {
        "total": results.total,
        "voids": results.voids,
        "rows": rows,
        "head": {"seq": results.ledger.seq, "hash": results.ledger.hash},  # to hold a download against
    }
