"""The words of the vote widget and the receipt form (themes/assets/vote.js), from the same
catalog as the pages, handed to the browser as one JSON document per page that needs them."""

from __future__ import annotations

import json
from functools import cache

from babel import Locale

from ..i18n import translation
from .dates import LOCALES, month_names
from .model import SitePage
from .strings import STRINGS, counted_texts

#: The keys vote.js reads with text(key) (the receipt form's too).
WIDGET_KEYS = (
    "vote_for", "vote_button", "voted", "voted_for", "vote_ask", "vote_once", "vote_yes",
    "vote_cancel", "receipt", "check_receipt", "open_until", "opens_on", "already_voted",
    "vote_unavailable", "verify_device", "verify_email",
    "email_label", "send_code", "code_sent", "code_label", "confirm_vote", "verify_codes",
    "verify_telegram", "telegram_button", "telegram_unavailable",
    "receipt_found", "receipt_voided", "receipt_missing", "receipt_bad",
    # after a vote: the receipt's copy and share, My receipts, the receipt's words, the states
    "copy_receipt", "receipt_copied", "copy_failed", "share_receipt", "link_copied", "receipt_kept",
    "receipt_kept_on", "receipt_check", "receipt_for", "receipt_counted", "receipt_not_counted",
    "receipt_sealed_all", "results_live", "results_sealed", "results_pending", "closed_on", "results_so_far",
    # assets/ledger-check.js, the check of the whole vote on vote pages
    "audit_working", "audit_ok", "audit_empty", "audit_fail", "audit_form", "audit_edited",
    "audit_order", "audit_link", "audit_count", "audit_malformed", "audit_truncated",
    "audit_rewritten", "audit_void_removed", "audit_wrong_key", "audit_signature",
    "audit_unsigned", "audit_receipt_missing", "audit_receipt_found", "audit_tally",
    "audit_tally_same", "audit_tally_behind", "audit_tally_differs", "audit_sealed",
    "audit_signed", "audit_later", "audit_no_ed25519", "audit_no_crypto", "audit_unavailable",
)
#: The counted texts vote.js words with count(key, n).
WIDGET_COUNTED = ("votes_total",)


def plural_forms(lang: str, key: str) -> dict[str, str]:
    """A counted text in each CLDR plural category of ``lang`` ("one", "few", "many",
    "other"), for the browser, which picks one with ``Intl.PluralRules``. Each category is
    looked up with a whole number that falls in it, as a count always is."""
    rule = Locale.parse(LOCALES[lang]).plural_form
    forms: dict[str, str] = {}
    for n in range(200):
        forms.setdefault(rule(n), counted_texts(translation(lang).ngettext, n)[key])
    return forms


@cache
def widget_words(lang: str) -> str:
    """The JSON the widget reads: texts by key, counted texts by plural category, months;
    safe inside a <script> element (no "<", ">" or "&" left as such)."""
    words = {
        "lang": lang,
        "texts": {key: STRINGS[lang][key] for key in WIDGET_KEYS},
        "counted": {key: plural_forms(lang, key) for key in WIDGET_COUNTED},
        "months": month_names(lang),
    }
    text = json.dumps(words, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def has_widget(page: SitePage) -> bool:
    """Pages with a vote box or the receipt form, which carry the widget's words."""
    return page.template in ("contest.html", "receipt.html") or bool(
        page.data.get("votes") or page.data.get("open_votes")
    )
