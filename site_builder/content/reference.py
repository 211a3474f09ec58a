"""Reference data every profile and contest points at: regions, categories, stages,
colleges and youth programmes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import RootModel

from . import shape
from .problems import Report
from .schema import LANGS, Category, College, PageMeta, Program, Region, StageDefinition, StagesFile
from .files import read_yaml
from .text import MIN_WORDS_PROGRAM
from .texts import load_text
from .wording import N_, Named, Phrase


Meta = TypeVar("Meta", Program, PageMeta)
REQUIRED_PAGES = ("home", "about")


@dataclass
class TextEntry(Generic[Meta]):
    """A folder with a metadata file and one Markdown text per language."""

    slug: str
    folder: Path
    meta: Meta
    texts: dict[str, str] = field(default_factory=dict)


ProgramEntry = TextEntry[Program]
PageEntry = TextEntry[PageMeta]


@dataclass
class Reference:
    regions: dict[str, Region] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    stages: dict[str, StageDefinition] = field(default_factory=dict)
    stages_file: StagesFile | None = None
    colleges: dict[str, College] = field(default_factory=dict)
    programs: dict[str, ProgramEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)

    def stage_dates(self, stage: str, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of ``stage`` in ``year``, with the year's overrides applied."""
        definition = self.stages[stage]
        starts, ends = definition.starts, definition.ends
        if self.stages_file is not None:
            override = self.stages_file.years.get(year, {}).get(definition.id)
            if override is not None:
                starts, ends = override.starts or starts, override.ends or ends
        return _day(year, starts), _day(year, ends)


    # A code in a problem is shown with its name in the editor's language (wording.Named).
    def region_named(self, code: str, year: int, alone: bool = False) -> str:
        region = self.regions.get(code)
        names = {lang: region.name(year, lang) for lang in LANGS} if region else {}
        return Named(code, names, "alone" if alone else "code")

    def college_named(self, ident: str) -> str:
        college = self.colleges.get(ident)
        return Named(ident, college.name.model_dump() if college else {}, "quoted")

    def category_named(self, ident: str) -> str:
        category = self.categories.get(ident)
        return Named(ident, category.name.model_dump() if category else {}, "quoted")

    def program_named(self, ident: str) -> str:
        program = self.programs.get(ident)
        return Named(ident, program.meta.title.model_dump() if program else {}, "quoted")


def _day(year: int, month_day: str) -> dt.date:
    month, day = (int(part) for part in month_day.split("-"))
    return dt.date(year, month, day)


def _load_list(path: Path, item: type, key: str, report: Report) -> dict[str, object]:
    """A YAML list of records keyed by ``key``; duplicates are reported, the first one wins."""
    if not path.exists():
        report.add(path, 1, "(file)", N_("is missing"), N_("restore it from the project's repository"),
                   "file.missing")
        return {}
    loaded = read_yaml(path, report)
    if loaded is None:
        return {}
    data, lines = loaded
    items = shape.validate(_list_model(item), data, lines, path, report)
    records: dict[str, object] = {}
    for index, record in enumerate(items.root if items is not None else []):
        ident = getattr(record, key)
        if ident in records:
            report.add(path, lines.line_of((index,)), f"[{index}].{key}",
                       N_("'{id}' is used twice"), N_("give each entry its own id"), "id.duplicate",
                       id=ident)
            continue
        records[ident] = record
    return records


_LIST_MODELS: dict[type, type[RootModel[list[Any]]]] = {}


def _list_model(item: type) -> type[RootModel[list[Any]]]:
    if item not in _LIST_MODELS:
        _LIST_MODELS[item] = RootModel[list[item]]  # type: ignore[valid-type]
    return _LIST_MODELS[item]


def _load_texts(
    folder: Path, model: type[Meta], meta_name: str, min_words: int, report: Report
) -> dict[str, TextEntry[Meta]]:
    entries: dict[str, TextEntry[Meta]] = {}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []:
        meta_path = sub / meta_name
        meta: Meta | None = None
        if meta_path.exists():
            meta, _ = shape.load(model, meta_path, report)
        else:
            report.add(meta_path, 1, "(file)", N_("is missing"),
                       N_("add {file} with the title in kk, ru and en"), "file.missing", file=meta_name)
        texts = {}
        for lang in LANGS:
            text = load_text(sub / f"{lang}.md", lang, min_words, report,
                             Phrase(N_("write the text in {file}"), file=f"{lang}.md"))
            if text is not None:
                texts[lang] = text
        if meta is not None:
            entries[sub.name] = TextEntry(sub.name, sub, meta, texts)
    return entries


def load_reference(root: Path, report: Report) -> Reference:
    ref = Reference()
    ref.regions = _load_list(root / "regions.yml", Region, "code", report)  # type: ignore[assignment]
    ref.categories = _load_list(root / "categories.yml", Category, "id", report)  # type: ignore[assignment]
    ref.colleges = _load_list(root / "colleges.yml", College, "id", report)  # type: ignore[assignment]
    stages_path = root / "stages.yml"
    if stages_path.exists():
        ref.stages_file, stage_lines = shape.load(StagesFile, stages_path, report)
    else:
        report.add(stages_path, 1, "(file)", N_("is missing"),
                   N_("restore it from the project's repository"), "file.missing")
    if ref.stages_file is not None:
        ref.stages = {stage.id: stage for stage in ref.stages_file.stages}
        for year, overrides in ref.stages_file.years.items():
            for stage_id in overrides:  # the schema made these known stages and real days
                start, end = ref.stage_dates(stage_id, year)
                if start > end:
                    report.add(stages_path, stage_lines.line_of(("years", year, stage_id)), f"years.{year}.{stage_id}",
                               N_("starts on {start} but ends on {end}"), N_("fix the dates"),
                               "stage.dates", start=start, end=end)
    colleges_path = root / "colleges.yml"
    for college in ref.colleges.values():
        if college.region not in ref.regions:
            report.add(colleges_path, 1, f"{college.id}.region",
                       N_("unknown region code '{code}'"),
                       N_("use a code from content/regions.yml"), "ref.region", code=college.region)
    ref.programs = _load_texts(root / "programs", Program, "program.yml", MIN_WORDS_PROGRAM, report)
    ref.pages = _load_texts(root / "pages", PageMeta, "page.yml", 1, report)
    for slug in REQUIRED_PAGES:
        if slug not in ref.pages and not (root / "pages" / slug).exists():
            report.add(root / "pages" / slug, 1, "(folder)", N_("is missing"),
                       N_("restore it: the site needs it (page.yml, kk.md, ru.md, en.md)"), "file.missing")
    return ref
