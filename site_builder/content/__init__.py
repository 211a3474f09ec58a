"""The content model: what editors commit under content/, and every rule it must follow.

Plain Python: nothing here imports MkDocs or Flask, so the site builder, the voting
service and the ``top100`` command share it.
"""

from __future__ import annotations

from .contests import ALMATY, ContestEntry, to_almaty
from .problems import Problem, Report, Severity
from .profiles import ProfileEntry
from .reference import PageEntry, ProgramEntry, Reference, TextEntry
from .repository import Content, check, load_content
from .schema import LANGS, STAGES, Contest, Localized, Profile

__all__ = [
    "ALMATY", "LANGS", "PageEntry", "TextEntry", "STAGES", "Content", "Contest", "ContestEntry", "Localized", "Problem",
    "Profile", "ProfileEntry", "ProgramEntry", "Reference", "Report", "Severity", "check",
    "load_content", "to_almaty",
]
