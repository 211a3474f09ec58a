"""Settings of the top100 MkDocs plugin (``plugins: - top100:`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class Top100Config(base.Config):
    # Where derivatives and share cards are cached between builds (git-ignored).
    cache_dir = c.Type(str, default=".cache/top100")
    share_cards = c.Type(bool, default=True)
    # Print PDFs (posters, banners) and press kits, cached by content hash; off for a quick
    # preview (the pages then do not link them).
    print_outputs = c.Type(bool, default=True)
    # Build the Pagefind search index after the build (skipped by `mkdocs serve`).
    search = c.Type(bool, default=True)
    # Processes for image work and page rendering; default: one per core.
    workers = c.Optional(c.Type(int))
    # Render the pages in `workers` processes (the pages are independent; `mkdocs serve`
    # always renders in one).
    parallel = c.Type(bool, default=True)
    # Fixed "now" (ISO 8601, Almaty time when no offset) for reproducible builds and tests.
    # (The environment's value arrives already parsed as YAML, hence a datetime is accepted.)
    now = c.Optional(c.Type((str, dt.datetime)))

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        if self.workers is not None and self.workers < 1:
            failed.append(("workers", base.ValidationError("must be 1 or more")))
        return failed, warnings
