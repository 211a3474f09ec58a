"""Sending the e-mail code: by SMTP (STARTTLS or implicit TLS, with a login), or, when no
SMTP host is configured, into a development outbox folder (``make run``). Logs name
neither the address nor, outside the outbox mode, the code."""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from site_builder.i18n import translation

from ..settings import MAIL_FROM, OUTBOX, SMTP_HOST, SMTP_PASSWORD, SMTP_PORT, SMTP_SECURITY, SMTP_USER
from . import Refused

log = logging.getLogger(__name__)

def message(config: Any, to: str, code: str, lang: str, minutes: int) -> EmailMessage:
    """The code's e-mail in the voter's language, from the project's catalog (site_builder/locales)."""
    catalog = translation(lang)
    mail = EmailMessage()
    mail["From"] = config[MAIL_FROM]
    mail["To"] = to
    mail["Subject"] = catalog.gettext("Your voting code: {code}").format(code=code)
    valid = catalog.ngettext(
        "The code is valid for {minutes} minute.", "The code is valid for {minutes} minutes.", minutes
    )
    mail.set_content(
        catalog.gettext("Your code: {code}").format(code=code) + "\n\n" + valid.format(minutes=minutes)
        + " " + catalog.gettext("If you did not ask to vote, ignore this message.") + "\n"
    )
    return mail


def send(config: Any, mail: EmailMessage, code: str) -> None:
    host = config[SMTP_HOST]
    if not host:
        outbox = config[OUTBOX]
        if not outbox:
            raise Refused("email_unavailable")
        folder = Path(outbox)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}.eml"
        path.write_bytes(bytes(mail))
        # Development only (no SMTP host): the visitor can read the code here.
        log.warning("development outbox: code %s written to %s", code, path.name)
        return
    security = str(config[SMTP_SECURITY]).lower()
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if security == "tls":
            smtp = smtplib.SMTP_SSL(host, config[SMTP_PORT], timeout=20, context=context)
        else:
            smtp = smtplib.SMTP(host, config[SMTP_PORT], timeout=20)
        with smtp:
            if security == "starttls":
                smtp.starttls(context=context)
            if config[SMTP_USER]:
                smtp.login(config[SMTP_USER], config[SMTP_PASSWORD] or "")
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as error:
        log.error("cannot send a voting code by SMTP (%s): %s", host, type(error).__name__)
        raise Refused("email_unavailable") from None
