"""Material's own interface words (its partials/languages/*.html keys: the header, the
language menu, "back to top"…) in the site's languages, from the project's catalog.

Material has no Kazakh; its Russian is taken into the catalog as Material words it. English is
Material's own (themes/partials/language.html falls back to it). The plugin hands these to
the templates as the Jinja global ``material_words``.
"""

from __future__ import annotations

from ..i18n import translation
from .strings import PGettext

#: What Material reads through the same keys but are settings, not words.
SETTINGS = {
    "kk": {"language": "kk", "direction": "ltr", "search.config.lang": "ru"},
    "ru": {"language": "ru", "direction": "ltr", "search.config.lang": "ru"},
}


def material_texts(pgettext: PGettext) -> dict[str, str]:
    """key → text (context "material KEY": the same English is Material's and the site's)."""
    return {
        "action.edit": pgettext("material action.edit", "Edit this page"),
        "action.skip": pgettext("material action.skip", "Skip to content"),
        "action.view": pgettext("material action.view", "View source of this page"),
        "announce.dismiss": pgettext("material announce.dismiss", "Don't show this again"),
        "blog.archive": pgettext("material blog.archive", "Archive"),
        "blog.authors": pgettext("material blog.authors", "Authors"),
        "blog.categories": pgettext("material blog.categories", "Categories"),
        "blog.categories.in": pgettext("material blog.categories.in", "in"),
        "blog.continue": pgettext("material blog.continue", "Continue reading"),
        "blog.draft": pgettext("material blog.draft", "Draft"),
        "blog.index": pgettext("material blog.index", "Back to index"),
        "blog.meta": pgettext("material blog.meta", "Metadata"),
        "blog.references": pgettext("material blog.references", "Related links"),
        "clipboard.copy": pgettext("material clipboard.copy", "Copy to clipboard"),
        "clipboard.copied": pgettext("material clipboard.copied", "Copied to clipboard"),
        "consent.accept": pgettext("material consent.accept", "Accept"),
        "consent.manage": pgettext("material consent.manage", "Manage settings"),
        "consent.reject": pgettext("material consent.reject", "Reject"),
        "footer": pgettext("material footer", "Footer"),
        "footer.next": pgettext("material footer.next", "Next"),
        "footer.previous": pgettext("material footer.previous", "Previous"),
        "header": pgettext("material header", "Header"),
        "meta.comments": pgettext("material meta.comments", "Comments"),
        "meta.source": pgettext("material meta.source", "Source"),
        "nav": pgettext("material nav", "Navigation"),
        "readtime.one": pgettext("material readtime.one", "1 min read"),
        "readtime.other": pgettext("material readtime.other", "# min read"),
        "rss.created": pgettext("material rss.created", "RSS feed"),
        "rss.updated": pgettext("material rss.updated", "RSS feed of updated content"),
        "search": pgettext("material search", "Search"),
        "search.placeholder": pgettext("material search.placeholder", "Search"),
        "search.share": pgettext("material search.share", "Share"),
        "search.reset": pgettext("material search.reset", "Clear"),
        "search.result.initializer": pgettext("material search.result.initializer", "Initializing search"),
        "search.result.placeholder": pgettext("material search.result.placeholder", "Type to start searching"),
        "search.result.none": pgettext("material search.result.none", "No matching documents"),
        "search.result.one": pgettext("material search.result.one", "1 matching document"),
        "search.result.other": pgettext("material search.result.other", "# matching documents"),
        "search.result.more.one": pgettext("material search.result.more.one", "1 more on this page"),
        "search.result.more.other": pgettext("material search.result.more.other", "# more on this page"),
        "search.result.term.missing": pgettext("material search.result.term.missing", "Missing"),
        "select.language": pgettext("material select.language", "Select language"),
        "select.version": pgettext("material select.version", "Select version"),
        "source": pgettext("material source", "Go to repository"),
        "source.file.contributors": pgettext("material source.file.contributors", "Contributors"),
        "source.file.date.created": pgettext("material source.file.date.created", "Created"),
        "source.file.date.updated": pgettext("material source.file.date.updated", "Last update"),
        "tabs": pgettext("material tabs", "Tabs"),
        "toc": pgettext("material toc", "Table of contents"),
        "top": pgettext("material top", "Back to top"),
    }


def material_words(lang: str) -> dict[str, str]:
    """Material's keys for ``lang``; empty for English, which is Material's own."""
    if lang not in SETTINGS:
        return {}
    return {**material_texts(translation(lang).pgettext), **SETTINGS[lang]}
