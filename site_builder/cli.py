"""The ``top100`` command for editors: scaffold and check content, fix photos."""

from __future__ import annotations

import datetime as dt
import json
import sys
from functools import partial
from pathlib import Path

import click

from .cli_i18n import LANG_KEY, _, ngettext
from .cli_i18n import run_lang as _lang
from .content import load_content
from .content.repository import check as check_content
from .content.scaffold import new_profile
from .content.translit import name_language, slugify
from .content.wording import say
from .i18n import LANGS, lang_from_environment
from .publicity.checks import publicity_rules
from .publicity.printing import print_command

DEFAULT_CONTENT = Path("content")




def _content_root(path: Path) -> Path:
    if not (path / "regions.yml").exists():
        raise click.UsageError(
            _(
                "'{path}' is not a content folder (it has no regions.yml); "
                "run the command from the repository root or pass --content DIR"
            ).format(path=path)
        )
    return path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    help="The language of the messages: kk, ru or en (default: the locale, LANG).",
)
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """Tools for editors of the TOP 100 college students content."""
    ctx.meta[LANG_KEY] = lang or lang_from_environment()


def main() -> None:
    """The console script: a file the tool cannot read is a message, never a traceback."""
    try:
        cli(standalone_mode=True)
    except ModuleNotFoundError as exc:  # an install for the vote only has no Pillow
        click.echo(
            _("Error: this command needs {module}, which the site's install has; "
              "run `make site` once, or pip install -e '.[site]'").format(module=exc.name),
            err=True,
        )
        sys.exit(2)
    except OSError as exc:
        click.echo(
            _("Error: cannot read {file}: {reason}; check that it exists and that you may read it").format(
                file=exc.filename or _("a file"), reason=exc.strerror
            ),
            err=True,
        )
        sys.exit(2)


content_option = click.option(
    "--content",
    "content_dir",
    default=DEFAULT_CONTENT,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The content folder.",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@content_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True)
def check(paths: tuple[Path, ...], content_dir: Path, output: str, today: dt.datetime | None) -> None:
    """Check PATHS (files or folders; all content when none) and report every problem.

    Exits 1 when there are errors, 0 when only warnings (or nothing) remain.
    """
    root = _content_root(content_dir)
    outside = [p for p in paths if root.resolve() not in [p.resolve(), *p.resolve().parents]]
    if outside:
        raise click.UsageError(
            _("'{path}' is not inside the content folder '{root}'").format(path=outside[0], root=root)
        )
    day = today.date() if today else None
    content, report = check_content(root, paths, day, extra=(partial(publicity_rules, today=day),))
    problems = list(report)
    lang = _lang()
    if output == "json":
        # message and hint stay English, what tools match; "localized" has them in --lang.
        click.echo(
            json.dumps(
                {
                    "lang": lang,
                    "errors": report.errors,
                    "warnings": report.warnings,
                    "profiles": len(content.profiles),
                    "contests": len(content.contests),
                    "problems": [p.as_dict(lang) for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            click.echo(problem.format(lang))
        counts = (
            ngettext("{n} profile", "{n} profiles", len(content.profiles)).format(n=len(content.profiles)),
            ngettext("{n} vote", "{n} votes", len(content.contests)).format(n=len(content.contests)),
            ngettext("{n} error", "{n} errors", report.errors).format(n=report.errors),
            ngettext("{n} warning", "{n} warnings", report.warnings).format(n=report.warnings),
        )
        summary = _("{profiles}, {votes}: {errors}, {warnings}").format(
            profiles=counts[0], votes=counts[1], errors=counts[2], warnings=counts[3]
        )
        click.echo(summary if problems else _("{summary}. All good.").format(summary=summary), err=True)
    sys.exit(1 if report.errors else 0)


@cli.group()
def new() -> None:
    """Create new content from templates."""


@new.command("profile")
@click.argument("name", required=False)
@click.option("--year", type=int, default=lambda: dt.date.today().year, show_default="this year")
@click.option("--college", required=True, help="College id from content/colleges.yml.")
@click.option("--name-kk", help="The name in Kazakh, e.g. \"Ержан Сапарұлы\".")
@click.option("--name-ru", help="The name in Russian, e.g. \"Ержан Сапарулы\".")
@click.option("--name-en", help="The name in English, e.g. \"Yerzhan Saparuly\".")
@content_option
def new_profile_command(
    name: str | None,
    year: int,
    college: str,
    name_kk: str | None,
    name_ru: str | None,
    name_en: str | None,
    content_dir: Path,
) -> None:
    """Create a profile folder for the student NAME, written in Kazakh, Russian or English.

    The name fills the field of its language (Kazakh letters: kk; other Cyrillic: ru; Latin:
    en); --name-kk, --name-ru and --name-en set each one explicitly. The folder is named by
    the Latin spelling of Kazakh passports: "Ержан Сапарұлы" gives yerzhan-saparuly.
    """
    root = _content_root(content_dir)
    names = {lang: value.strip() for lang, value in
             (("kk", name_kk), ("ru", name_ru), ("en", name_en)) if value and value.strip()}
    if name:
        lang = name_language(name)
        if lang is None:
            raise click.UsageError(
                _(
                    "cannot tell the language of NAME '{name}': write it in Kazakh, Russian or "
                    "English letters, or use --name-kk, --name-ru, --name-en"
                ).format(name=name)
            )
        if names.get(lang, name.strip()) != name.strip():
            raise click.UsageError(
                _("NAME '{name}' and --name-{lang} '{other}' differ; give one").format(
                    name=name, lang=lang, other=names[lang]
                )
            )
        names[lang] = name.strip()
    # The folder follows the English name when there is one, else the Kazakh, else the Russian.
    source = next((names[lang] for lang in ("en", "kk", "ru") if lang in names), "")
    slug = slugify(source)
    if not slug:
        raise click.UsageError(
            _('give the student\'s name with letters, e.g. "Ержан Сапарұлы" or "Yerzhan Saparuly"')
        )
    content, _loaded = load_content(root, deep=False)
    ref = content.reference
    if college not in ref.colleges:
        known = [say(ref.college_named(ident), _lang()) for ident in sorted(ref.colleges)]
        raise click.UsageError(
            _("unknown college id '{college}'; add it to {file} first (known: {known})").format(
                college=college, file=root / "colleges.yml", known=", ".join(known) or _("none")
            )
        )
    try:
        folder = new_profile(root, content.reference, slug, names, year, college, gettext=_, lang=_lang())
    except FileExistsError as exc:
        raise click.ClickException(
            _("'{path}' exists already; edit it instead").format(path=exc.filename)
        ) from None
    click.echo(_("Created {folder}/ with profile.yml, kk.md, ru.md and en.md.").format(folder=folder))
    known_college = ref.colleges[college]
    click.echo(
        _("College: {college}; region: {region}.").format(
            college=say(ref.college_named(college), _lang()),
            region=say(ref.region_named(known_college.region, year), _lang()),
        )
    )
    click.echo(
        _("Fill them in, add the portrait as photo.jpg, then run: top100 check {folder}").format(
            folder=folder
        )
    )


cli.add_command(print_command)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("profile", type=click.Path(path_type=Path))
@click.option(
    "--focus",
    default="center",
    show_default=True,
    help="What to keep in the portrait when cropping: top, bottom, left, right, center, "
    "or X,Y as fractions of the width and height (0.5,0.3: the middle, a third from the top).",
)
def photo(source: Path, profile: Path, focus: str) -> None:
    """Make PROFILE/photo.jpg from SOURCE, a JPEG, PNG or HEIC photo from a phone.

    Turns it upright, converts the colours to sRGB, crops it to a portrait, scales it to
    a sensible size and removes every bit of metadata (GPS, camera, colour profile).
    SOURCE may also be a folder of photos named after the profile folders in PROFILE
    (aruzhan-serikkyzy.heic goes to PROFILE/aruzhan-serikkyzy/photo.jpg).
    """
    from tqdm import tqdm

    from .photofix import PhotoError, batch_pairs, fix_photo, parse_focus

    def said(exc: PhotoError) -> str:
        return say(exc.args[0], _lang()) if exc.args else str(exc)

    try:
        point = parse_focus(focus)
    except PhotoError as exc:
        raise click.BadParameter(said(exc), param_hint="--focus") from None
    if not source.is_dir():
        try:
            done = fix_photo(source, profile, point)
        except PhotoError as exc:
            raise click.ClickException(said(exc)) from None
        was = (_("replaced {target}: {size} JPEG from a {source_size} {format}, no metadata") if done.replaced
               else _("wrote {target}: {size} JPEG from a {source_size} {format}, no metadata"))
        click.echo(was.format(
            target=done.target, size=f"{done.size[0]}×{done.size[1]}",
            source_size=f"{done.source_size[0]}×{done.source_size[1]}", format=done.source_format,
        ))
        click.echo(_("Check it: top100 check {profile}").format(profile=profile))
        return
    if not profile.is_dir():
        raise click.ClickException(
            _("{profile}: no such folder; give the folder that holds the profiles").format(profile=profile)
        )
    pairs, problems = batch_pairs(source, profile)
    written = 0
    # disable=None: the bar shows on a terminal and stays silent in logs and CI.
    for photo_file, folder in tqdm(pairs, desc="photos", unit="photo", disable=None):
        try:
            fix_photo(photo_file, folder, point)
            written += 1
        except PhotoError as exc:
            problems.append(said(exc))
    for problem in problems:
        click.echo(_("Error: {problem}").format(problem=say(problem, _lang())), err=True)
    click.echo(
        _("{written}, {problems}").format(
            written=ngettext("{n} photo written", "{n} photos written", written).format(n=written),
            problems=ngettext("{n} problem", "{n} problems", len(problems)).format(n=len(problems)),
        ),
        err=True,
    )
    sys.exit(1 if problems else 0)
