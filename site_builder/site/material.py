"""Material's page markup, corrected where the W3C HTML checker finds errors, and without what
this site never uses."""

from __future__ import annotations

import re

# Material's drawer and search toggles are checkboxes with autocomplete="off" (to stop one
# browser restoring them on back navigation); HTML allows the attribute on text-like inputs
# only, so the checker reports two errors on every page.
_TOGGLE = '<input class="md-toggle" data-md-toggle="{0}" type="checkbox" id="__{0}"'
# palette.css holds Material's named colours and dark scheme; this site has its own colours
# (primary and accent "custom", themes/assets/top100.css) and the default scheme only, so
# the file was one more render-blocking request styling nothing.
_PALETTE = re.compile(r'\s*<link rel="stylesheet" href="[^"]*/palette\.[0-9a-f]+\.min\.css">')


def tidy_html(page: str) -> str:
    for name in ("drawer", "search"):
        page = page.replace(f'{_TOGGLE.format(name)} autocomplete="off">', f"{_TOGGLE.format(name)}>", 1)
    return _PALETTE.sub("", page, count=1)
