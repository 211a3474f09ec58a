"""Voter verification, one module per method a contest can name in its content file
(``verification: device|email|telegram|codes``). Each module checks its proof and returns
the value the voter key is made of; voting/identity.py turns that into a credential."""

from __future__ import annotations

from typing import Any

METHODS = ("device", "email", "telegram", "codes")


class Refused(Exception):
    """A proof that does not verify; ``code`` names the problem (voting/problems.py)."""

    def __init__(self, code: str, retry_after: int | None = None, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        self.extra = extra
