"""Material's page markup, corrected where the W3C HTML checker finds errors."""

from __future__ import annotations

# Material's drawer and search toggles are checkboxes with autocomplete="off" (to stop one
# browser restoring them on back navigation); HTML allows the attribute on text-like inputs
# only, so the checker reports two errors on every page.
_TOGGLE = '<input class="md-toggle" data-md-toggle="{0}" type="checkbox" id="__{0}"'


def valid_html(page: str) -> str:
    for name in ("drawer", "search"):
        page = page.replace(f'{_TOGGLE.format(name)} autocomplete="off">', f"{_TOGGLE.format(name)}>", 1)
    return page
