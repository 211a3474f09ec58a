"""The site's own interface strings, by key, from the project's one gettext catalog.

Material's own words come from the same catalog (material_strings.py), and Pagefind's below;
these are the labels of this project's templates (``t.key``), of its Python (``t(lang, key)``)
and of the vote widget (``widget_words``). Each key's English text is its msgid in
site_builder/locales; kk and ru are translated in messages.po, en is the msgid itself.
A new string: add ``"key": _("English text"),`` below (``pgettext(context, text)`` when the
same English means something else elsewhere), then extract, update, translate and compile as
the README says.
"""

from __future__ import annotations

from collections.abc import Callable

from ..i18n import LANGS, translation
from .publicity_strings import publicity_texts

LANG_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

Gettext = Callable[[str], str]
PGettext = Callable[[str, str], str]
NGettext = Callable[[str, str, int], str]


def site_texts(_: Gettext, pgettext: PGettext) -> dict[str, str]:
    """key → text; called with a language's gettext, or with the identity for the msgids.
    The calls are written out so that `pybabel extract` finds every msgid here."""
    return {
        "time_zone": _("Astana time"),
        "not_found_title": _("Page not found"),
        "not_found_text": _("There is no page at this address: the link may have been copied with a mistake, or the page has moved."),
        "not_found_home": _("Back to the home page"),
        "not_found_search": _("Search the site"),
        "site_name": _("TOP 100 College Students of Kazakhstan"),
        "home": _("Home"),
        "years": _("Years"),
        "regions": _("Regions"),
        "categories": _("Categories"),
        "programs": _("Youth programmes"),
        "contests": _("Votes"),
        "about": _("Regulation"),
        "search": _("Search"),
        "college": _("College"),
        "specialty": _("Specialty"),
        "region": _("Region"),
        "category": _("Category"),
        "stage": _("Stage"),
        "year": _("Year"),
        "marks": _("Marks"),
        "marks_good": _("good"),
        "marks_excellent": _("excellent"),
        "share": _("Share"),
        "copy_link": _("Copy link"),
        "copied": _("Link copied"),
        "filters": _("Filter"),
        "all_regions": _("All regions"),
        "all_categories": _("All categories"),
        "no_results": _("No students match these filters."),
        "students": _("Students"),
        "winners": _("Republican stage participants of {year}"),
        "timeline": _("Stages of {year}"),
        "now": _("Under way"),
        "done": _("Finished"),
        "upcoming": _("Ahead"),
        "open_votes": _("Open votes"),
        "no_open_votes": _("No votes are open right now."),
        "by_region": _("By region"),
        "by_category": _("By category"),
        "archive": _("Archive by year"),
        "demo": _("Demo version: the students, colleges and votes on this site are fictional."),
        "demo_clock": _("Demo clock: the site's calendar shows {date}, so that a demo vote is open."),
        "opens": _("Opens"),
        "closes": _("Closes"),
        "candidates": _("Candidates"),
        "advance": _("Go on to the next stage"),
        "results_live": _("Results are visible while the vote is open."),
        "results_sealed": _("Results are sealed until the vote closes."),
        "status_upcoming": _("Not open yet"),
        "status_open": _("Voting is open"),
        "status_closed": _("Voting has closed"),
        "scope_national": _("Nationwide"),
        "page": _("Page {n}"),
        "pages": _("Pages"),
        "next": _("Next page"),
        "previous": _("Previous page"),
        "year_title": _("{year}"),
        "year_students": _("Participants of {year}"),
        "program_students": _("Students taking part in the programme"),
        "search_intro": _("Search students by name, college, specialty or achievement."),
        "search_nojs": _("Search needs JavaScript. You can also find students by region and category."),
        "receipt_nojs": _("Checking a receipt on this page needs JavaScript."),
        "regions_intro": _("Choose a region to see its students."),
        "categories_intro": _("The five categories of participants set by the regulation."),
        "programs_intro": _("State and public youth programmes the students take part in."),
        "contests_intro": _("Public votes of the college and regional stages."),
        "archive_intro": _("The project's participants, year by year."),
        "vote_for": _("Vote for {name}"),
        "vote_button": pgettext("button", "Vote"),
        "vote_slot": pgettext("heading", "Vote"),
        "voted": _("Your vote is recorded. Thank you!"),
        "voted_for": _("Your vote for {name} is recorded. Thank you!"),
        "vote_ask": _("Vote for {name}?"),
        "vote_once": _("You can vote only once and cannot change your vote later."),
        "vote_yes": _("Yes, vote"),
        "vote_cancel": _("Cancel"),
        "receipt": _("Receipt code"),
        "check_receipt": _("Check that your vote is recorded"),
        "open_until": _("Voting is open until {date} (Astana time)."),
        "opens_on": _("Voting opens on {date} (Astana time)."),
        "already_voted": _("You have already cast your ballot in this vote."),
        "receipt_title": _("Check your vote"),
        "receipt_intro": _("Enter the receipt code you got when you voted to see that your ballot is in the public ledger."),
        "receipt_check": _("Check"),
        "receipt_found": _("Ballot no. {seq} was recorded at {time} (Astana time) and is in the public ledger."),
        "receipt_voided": _("This ballot was voided. Reason: {reason}"),
        "receipt_missing": _("No ballot has this code. Check that you copied the whole code."),
        "ledger": _("Public ledger"),
        "ledger_download": _("Download the ledger (NDJSON)"),
        "ledger_verify": _("How to verify the ledger is explained on the “Check your vote” page."),
        "receipt_expert_title": _("Verify the whole ledger yourself"),
        "receipt_expert": _("Download a vote's ledger (each vote page links it) and check it with the project's voting/ledger.py: python ledger.py {file}. The program recomputes the hash chain, the signatures and the tally."),
        "receipt_hint": _("Spaces, dashes and letter case do not matter."),
        "receipt_bad": _("A code has 64 characters (digits 0–9 and letters a–f). Try copying it again."),
        "ledger_key": _("The ledger's checkpoints are signed with this public key (Ed25519); pass it with --key when you verify:"),
        "vote_unavailable": _("The voting service is unavailable right now. Please try again later."),
        "verify_device": _("Checking this device… It takes a few seconds."),
        "verify_email": _("In this vote, voters confirm by e-mail. Enter your address: we will send a six-digit code."),
        "email_label": _("E-mail"),
        "send_code": _("Send code"),
        "code_sent": _("A code was sent to {email}. Enter the code from the message."),
        "code_label": _("Code"),
        "confirm_vote": _("Confirm and vote"),
        "verify_codes": _("This vote is for holders of a voting card. Enter the code from your card."),
        "verify_telegram": _("In this vote, voters confirm with Telegram. The button opens Telegram's login window (telegram.org)."),
        "telegram_button": _("Log in with Telegram"),
        "telegram_unavailable": _("Telegram login is not available right now. Please try again later."),
        "closed_on": _("Voting closed on {date} (Astana time)."),
        "copy_failed": _("Could not copy: select the code and copy it yourself."),
        "copy_receipt": _("Copy the code"),
        "ledger_head": _("The published results name the ledger's last entry: no. {seq}, hash:"),
        "ledger_head_check": _("A downloaded ledger's last entry must be this one."),
        "link_copied": _("The link to the receipt is copied."),
        "my_receipts": _("My receipts"),
        "my_receipts_intro": _("Receipts kept on this device. They stay in this browser and are sent nowhere."),
        "receipt_copied": _("The receipt code is copied."),
        "receipt_counted": _("This ballot is counted in the results."),
        "receipt_for": _("The ballot is for {name}."),
        "receipt_kept": _("The receipt is kept on this device: you will find it later under “My receipts” on the “Check your vote” page."),
        "receipt_kept_on": _("Voted on {date} (Astana time)"),
        "receipt_nojs_ledger": _("Without it, download the public ledger from the vote's page and look for the code in that file:"),
        "receipt_not_counted": _("This ballot is not counted in the results."),
        "receipt_sealed_all": _("Whom it is for and whether it is counted stay sealed until the vote closes."),
        "results_advances": _("goes on to the next stage"),
        "results_counted": _("Ballots counted: {n}; voided: {voids}."),
        "results_pending": _("The results will be published on this page once they are checked."),
        "results_so_far": _("Results so far"),
        "results_title": _("Results of the vote"),
        "share_receipt": _("Share a link to the receipt"),
        "vote_go": _("See the candidates and vote"),
        "audit_title": _("Check the whole vote in your browser"),
        "audit_intro": _("Your browser can download this vote's public ledger and check it by itself: it recomputes the hash of every entry and the chain that links them, checks the signed checkpoints and recounts the ballots. Nothing about you is sent."),
        "audit_working": _("Checking the ledger…"),
        "audit_ok": _("The ledger is intact: every entry is in order, matches its hash and links to the one before it (entries: {n})."),
        "audit_empty": _("The ledger has no entries yet: nobody has voted."),
        "audit_fail": _("The ledger does NOT pass the check: {problem}"),
        "audit_form": _("line {line} of the download is not written in the ledger's format."),
        "audit_edited": _("entry {seq} does not match its hash: it was changed."),
        "audit_order": _("entry {seq} is missing or out of place."),
        "audit_link": _("entry {seq} does not link to the entry before it."),
        "audit_count": _("the final tally in entry {seq} does not match the ballots in the ledger."),
        "audit_malformed": _("entry {seq} breaks the ledger's rules."),
        "audit_truncated": _("a signed checkpoint covers entries up to {signed}, but this ledger ends at entry {last}: its end was cut off."),
        "audit_rewritten": _("entry {seq} is not the one a signed checkpoint names: the ledger was changed and recomputed."),
        "audit_void_removed": _("a signed checkpoint counts more voided ballots up to entry {seq} than this ledger holds: a voiding was taken out."),
        "audit_wrong_key": _("a checkpoint is signed with another key than the one shown on this page."),
        "audit_signature": _("a checkpoint's signature is not valid."),
        "audit_unsigned": _("no signed checkpoint covers the ledger."),
        "audit_receipt_missing": _("your own ballot, whose receipt this device keeps, is not in the ledger."),
        "audit_receipt_found": _("Your own ballot (its receipt is kept on this device) is entry {seq}."),
        "audit_tally": _("Recount from the ledger: {tally}. Valid ballots: {total}; voided: {voided}."),
        "audit_tally_same": _("This matches the tally the site publishes."),
        "audit_tally_behind": _("The site's tally (ballots: {published}) is a few seconds older than the ledger: the vote is open. Check again in a minute."),
        "audit_tally_differs": _("the recount does not match the tally the site publishes (ballots: {published})."),
        "audit_sealed": _("The results of this vote are sealed until it ends, so the ledger does not show the candidates yet: the order and the links of the entries were checked; the ballots can be recounted once the vote closes."),
        "audit_signed": _("Latest signed checkpoint: entry {seq}, {time} (Astana time); its Ed25519 signature is valid (key {key})."),
        "audit_later": _("Entries after {seq} are not signed yet; the next checkpoint, within a minute, covers them."),
        "audit_no_ed25519": _("This browser cannot check Ed25519 signatures, so the checkpoints' signatures were not checked (the chain and the recount were). Check them with the command-line verifier."),
        "audit_no_crypto": _("This browser cannot compute hashes on this page (it needs a secure https connection)."),
        "audit_unavailable": _("The ledger could not be downloaded now. Try again later."),
    }


def counted_texts(ngettext: NGettext, n: int) -> dict[str, str]:
    """The texts that hold a count ``{n}``: their form follows the language's CLDR plural rule."""
    return {
        "votes_total": ngettext("{n} vote in total", "{n} votes in total", n),
    }


def _texts(lang: str) -> dict[str, str]:
    catalog = translation(lang)
    return {
        **site_texts(catalog.gettext, catalog.pgettext),
        **publicity_texts(catalog.gettext, catalog.pgettext),
    }


COUNTED = frozenset(counted_texts(lambda one, many, n: one, 0))

#: lang → key → text: what the templates read as ``t.key``.
STRINGS: dict[str, dict[str, str]] = {lang: _texts(lang) for lang in LANGS}


def t(lang: str, key: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` with ``{name}`` fields filled in; a counted text
    (``counted_texts``) takes its form from ``n``."""
    if key in COUNTED:
        n = values["n"]
        if not isinstance(n, int):
            raise TypeError(f"{key} counts: n must be an int, not {n!r}")
        text = counted_texts(translation(lang).ngettext, n)[key]
    else:
        text = STRINGS[lang][key]
    return text.format(**values) if values else text


def search_texts(pgettext: PGettext) -> dict[str, str]:
    """Pagefind's search interface, by its own keys and English texts (context "pagefind KEY":
    Pagefind's words are its own, and it has a one and a many form of the same English)."""
    return {
        "placeholder": pgettext("pagefind placeholder", "Search"),
        "clear_search": pgettext("pagefind clear_search", "Clear"),
        "load_more": pgettext("pagefind load_more", "Load more results"),
        "search_label": pgettext("pagefind search_label", "Search this site"),
        "filters_label": pgettext("pagefind filters_label", "Filters"),
        "zero_results": pgettext("pagefind zero_results", "No results for [SEARCH_TERM]"),
        "many_results": pgettext("pagefind many_results", "[COUNT] results for [SEARCH_TERM]"),
        "one_result": pgettext("pagefind one_result", "[COUNT] result for [SEARCH_TERM]"),
        "total_zero_results": pgettext("pagefind total_zero_results", "No results"),
        "total_one_result": pgettext("pagefind total_one_result", "[COUNT] result"),
        "total_many_results": pgettext("pagefind total_many_results", "[COUNT] results"),
        "alt_search": pgettext("pagefind alt_search", "No results for [SEARCH_TERM]. Showing results for [DIFFERENT_TERM] instead"),
        "search_suggestion": pgettext("pagefind search_suggestion", "No results for [SEARCH_TERM]. Try one of the following searches:"),
        "searching": pgettext("pagefind searching", "Searching for [SEARCH_TERM]..."),
        "results_label": pgettext("pagefind results_label", "Search results"),
        "keyboard_navigate": pgettext("pagefind keyboard_navigate", "navigate"),
        "keyboard_select": pgettext("pagefind keyboard_select", "select"),
        "keyboard_clear": pgettext("pagefind keyboard_clear", "clear"),
        "keyboard_close": pgettext("pagefind keyboard_close", "close"),
        "keyboard_search": pgettext("pagefind keyboard_search", "search"),
        "error_search": pgettext("pagefind error_search", "Search failed"),
        "filter_selected_one": pgettext("pagefind filter_selected_one", "[COUNT] selected"),
        "filter_selected_many": pgettext("pagefind filter_selected_many", "[COUNT] selected"),
        "input_hint": pgettext("pagefind input_hint", "Results will appear as you type"),
        "loading": pgettext("pagefind loading", "Loading"),
    }


def pagefind_words(lang: str) -> dict[str, str] | None:
    """What the search page hands Pagefind, which has no Kazakh of its own: kk and ru from the
    catalog (ru as Pagefind words it); English is Pagefind's own."""
    return None if lang == "en" else search_texts(translation(lang).pgettext)
