"""``top100 print``: the posters and banners of chosen profiles, as files for a print shop."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..cli_i18n import _, ngettext
from ..content import LANGS, load_content
from .posters import FORMATS, build_posters
from .winners import all_winners

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _site_url(given: str | None) -> str:
    if given:
        return given
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:  # the site's own setting, so the QR codes open the pages the site publishes
        return str(load_config("mkdocs.yml").site_url or "")
    except (OSError, ConfigurationError) as exc:
        raise click.UsageError(
            _("cannot read site_url from mkdocs.yml ({reason}); pass --site-url").format(reason=exc)
        ) from None


@click.command("print")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--content", "content_dir", default=Path("content"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
@click.option("--format", "formats", type=click.Choice(list(FORMATS)), multiple=True,
              help="a3 (poster) or banner (85×200 cm roll-up); both when not given.")
@click.option("--lang", "langs", type=click.Choice(list(LANGS)), multiple=True,
              help="kk, ru or en; all three when not given.")
@click.option("--out", default=Path("print"), show_default=True, type=click.Path(path_type=Path),
              help="Where the PDFs go.")
@click.option("--site-url", envvar="SITE_URL", default=None,
              help="The public site's address for the QR codes (default: site_url of mkdocs.yml).")
@click.option("--cache", "cache_dir", default=Path(".cache/top100"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), hidden=True)
def print_command(paths: tuple[Path, ...], content_dir: Path, formats: tuple[str, ...],
                  langs: tuple[str, ...], out: Path, site_url: str | None, cache_dir: Path) -> None:
    """Print-ready PDFs (A3 poster, roll-up banner) for the profiles under PATHS (all when none)."""
    if not (content_dir / "regions.yml").exists():
        raise click.UsageError(
            _(
                "'{path}' is not a content folder (it has no regions.yml); "
                "run the command from the repository root or pass --content DIR"
            ).format(path=content_dir)
        )
    url = _site_url(site_url)
    if urlsplit(url).scheme not in {"http", "https"}:
        raise click.UsageError(
            _("the site's address is '{url}', not a web address; set SITE_URL or pass "
              "--site-url https://... (the QR codes open it)").format(url=url)
        )
    if urlsplit(url).hostname in LOCAL_HOSTS:
        click.echo(_("warning: the QR codes will open {url}, a local address; set SITE_URL or pass "
                     "--site-url https://... for posters people will scan").format(url=url), err=True)
    content, _loaded = load_content(content_dir, deep=False)
    scopes = [p.resolve() for p in paths]
    chosen = [
        w for w in all_winners(content, url)
        if (not scopes or any(s == w.photo.parent.resolve() or s in w.photo.parent.resolve().parents
                              or w.photo.parent.resolve() in s.parents for s in scopes))
        and (not langs or w.lang in langs)
    ]
    if not chosen:
        raise click.UsageError(
            _("no valid profile with a photo under the given paths; run 'top100 check' on them")
        )
    made = build_posters(chosen, cache_dir, formats or tuple(FORMATS))
    for published, cached in sorted(made.items()):
        target = out / Path(published).relative_to("print")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        click.echo(str(target))
    click.echo(ngettext("{n} PDF file in {out}/", "{n} PDF files in {out}/", len(made)).format(
        n=len(made), out=out), err=True)
