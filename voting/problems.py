"""Errors as application/problem+json (RFC 9457), worded in the request's language.

Titles and details are English msgids of the project's one catalog (site_builder/locales),
read with the standard library's gettext (site_builder.i18n): the vote install needs no
Babel. The language is the best of kk, ru and en the request's Accept-Language names (what
flask-babel's locale selector would do, without the dependency), else English.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from flask import Response, json, request
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from site_builder.i18n import LANGS, translation

from .schemas import Problem


def problem_texts(_: Callable[[str], str]) -> dict[str, tuple[int, str, str]]:
    """code → (status, title, detail); called with a language's gettext. The calls are
    written out so that `pybabel extract` finds every msgid here."""
    return {
        "unknown_contest": (404, _("Vote not found"), _("There is no such vote. Check the link.")),
        "unknown_receipt": (404, _("Receipt not found"), _("No ballot was recorded with this code. Copy the whole code exactly.")),
        "not_found": (404, _("Not found"), _("There is nothing at this address.")),
        "method_not_allowed": (405, _("Method not allowed"), _("This address does not accept this request method.")),
        "already_voted": (409, _("You have already voted"), _("Your ballot in this vote is already recorded. Everyone votes once.")),
        "not_open": (403, _("Voting is not open"), _("This vote has not started yet or has already closed.")),
        "sealed": (403, _("Results are sealed"), _("The results of this vote are published when it closes.")),
        "unknown_candidate": (422, _("Unknown candidate"), _("There is no such candidate in this vote.")),
        "malformed": (422, _("Malformed request"), _("The body must be JSON like {\"candidate\": \"<profile id>\"}.")),
        "too_large": (413, _("Request too large"), _("A ballot is a few bytes; send a smaller body.")),
        "unsupported_type": (415, _("Unsupported content type"), _("Send the request with Content-Type: application/json.")),
        "credential_required": (401, _("Verify first"), _("Complete this vote's verification step before casting a ballot.")),
        "credential_invalid": (401, _("Verification not valid"), _("Your verification has expired or is damaged. Verify again.")),
        "credential_other_contest": (403, _("Verification for another vote"), _("This verification belongs to another vote. Verify for this one.")),
        "wrong_method": (422, _("Different verification method"), _("This vote uses another verification method; follow the steps on the page.")),
        "pow_invalid": (403, _("Check failed"), _("The device check did not verify. Reload the page and try again.")),
        "pow_expired": (403, _("Check expired"), _("The device check took too long. Reload the page and try again.")),
        "pow_replayed": (403, _("Check already used"), _("This check was used before. Reload the page and try again.")),
        "email_invalid": (422, _("Invalid e-mail address"), _("Enter the whole e-mail address, for example name@example.kz.")),
        "email_resend_wait": (429, _("Code already sent"), _("A code was sent a moment ago. Check your mail, or wait a little and ask again.")),
        "email_locked": (429, _("Too many attempts"), _("Too many wrong codes. This address is locked for a while.")),
        "email_code_wrong": (403, _("Wrong code"), _("The code does not match. Check the six digits in the message and try again.")),
        "email_code_expired": (403, _("Code not valid"), _("The code has expired or was used. Ask for a new one.")),
        "email_unavailable": (503, _("Message not sent"), _("The code cannot be sent right now. Try again in a few minutes.")),
        "telegram_invalid": (403, _("Telegram login not verified"), _("The Telegram data did not verify. Log in with Telegram again.")),
        "telegram_expired": (403, _("Telegram login too old"), _("More than 10 minutes have passed since the Telegram login. Log in again.")),
        "method_unavailable": (503, _("Verification unavailable"), _("This verification method is not set up on the server yet. Tell the organisers.")),
        "access_code_invalid": (403, _("Code not valid"), _("There is no such code, or it has already been used. Check the code on your card.")),
        "rate_limited": (429, _("Too many requests"), _("Requests are coming too fast. Wait a moment and try again.")),
        "unavailable": (503, _("Voting is temporarily unavailable"), _("The service cannot accept ballots right now; no ballot was lost. Try again in a few minutes.")),
        "bad_request": (400, _("Bad request"), _("The server could not read this request. Check the address and try again.")),
        "headers_too_large": (431, _("Request headers too large"), _("The request's headers or cookies are too large. Clear this site's cookies and try again.")),
        "not_implemented": (501, _("Not supported"), _("The server does not accept a body sent this way (Transfer-Encoding). Send it with Content-Length or chunked.")),
        "server_error": (500, _("Internal error"), _("Something went wrong on the server. Try again later.")),
    }


@cache
def _worded(lang: str) -> dict[str, tuple[int, str, str]]:
    return problem_texts(translation(lang).gettext)


def body(code: str, lang: str, **extra: Any) -> dict[str, Any]:
    """The problem document; ``extra`` members must be fields of schemas.Problem."""
    status, title, detail = _worded(lang)[code]
    return Problem(type=f"/api/v1/problems/{code}", title=title, status=status, detail=detail, **extra).dump()


def best_language(accept_language: str | None) -> str:
    """kk, ru or en, the first of them an Accept-Language header names; else en."""
    return parse_accept_header(accept_language, LanguageAccept).best_match(LANGS, default="en") or "en"


def language() -> str:
    return best_language(request.headers.get("Accept-Language"))


def problem(code: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    document = body(code, language(), **extra)
    response = Response(
        json.dumps(document, ensure_ascii=False), status=document["status"], mimetype="application/problem+json"
    )
    response.headers["Content-Language"] = language()
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
