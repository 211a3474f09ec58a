"""Generate N valid synthetic profiles (three languages, real JPEGs) for benchmarks and tests.

    python -m benchmarks.synthetic OUT_DIR --profiles 2500

The reference data and programmes are copied from the demo content; colleges are made up
so that every quota of the regulation holds (or is broken on purpose by the parameters).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from .portraits import save_portrait

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "content"
REGIONS = [
    "KZ-10",
    "KZ-11",
    "KZ-15",
    "KZ-19",
    "KZ-23",
    "KZ-27",
    "KZ-31",
    "KZ-33",
    "KZ-35",
    "KZ-39",
    "KZ-43",
    "KZ-47",
    "KZ-55",
    "KZ-59",
    "KZ-61",
    "KZ-62",
    "KZ-63",
    "KZ-71",
    "KZ-75",
    "KZ-79",
]
FIRST = [
    "Aruzhan",
    "Dias",
    "Madina",
    "Yernar",
    "Alikhan",
    "Zhansaya",
    "Yerassyl",
    "Aigerim",
    "Daniyal",
    "Kamila",
    "Akbota",
    "Temirlan",
    "Assel",
    "Arman",
    "Dana",
    "Nurlan",
]
CATEGORIES = [
    "leadership",
    "professional-skills",
    "science-creativity-sport",
    "youth-policy",
    "youth-organizations",
]
PORTRAITS = 12


@dataclass(frozen=True)
class Plan:
    profiles: int = 100
    year: int = 2026
    per_college: int = 10
    regional_per_college: int = 3
    republic_per_region: int = 5
    regions: tuple[str, ...] = tuple(REGIONS)


def _texts() -> list[dict[str, str]]:
    folders = sorted(p for p in (DEMO / "profiles").glob("*/*") if (p / "kk.md").exists())
    return [
        {lang: (f / f"{lang}.md").read_text(encoding="utf-8") for lang in ("kk", "ru", "en")} for f in folders
    ]


def _portraits(cache: Path) -> list[bytes]:
    cache.mkdir(parents=True, exist_ok=True)
    photos = []
    for index in range(PORTRAITS):
        path = cache / f"portrait-{index}.jpg"
        if not path.exists():
            save_portrait(path, f"synthetic-{index}", "f" if index % 2 else "m", label="TEST")
        photos.append(path.read_bytes())
    return photos


def _profile_yaml(index: int, plan: Plan, college: str, region: str, stage: str) -> str:
    first = FIRST[index % len(FIRST)]
    born = dt.date(plan.year - 19, 1, 1) + dt.timedelta(days=index % 1400)
    return f"""name:
  kk: {first} Сынақұлы {index}
  ru: {first} Тестов {index}
  en: {first} Testov {index}
year: {plan.year}
college: {college}
specialty: {{kk: Бағдарламалық қамтамасыз ету, ru: Программное обеспечение, en: Software}}
region: {region}
categories: [{CATEGORIES[index % 5]}]
stage: {stage}
marks: {"excellent" if index % 3 else "good"}
programs: [orleu]
birth_date: {born.isoformat()}
consent: {{given_by: parent, date: {plan.year}-09-01}}
photo_alt: {{kk: Портрет, ru: Портрет, en: Portrait}}
"""


def generate(out: Path, plan: Plan = Plan()) -> Path:
    """Write a complete content folder to ``out`` and return it."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("regions.yml", "categories.yml", "stages.yml"):
        shutil.copy(DEMO / name, out / name)
    shutil.copytree(DEMO / "programs", out / "programs")
    shutil.copytree(DEMO / "pages", out / "pages")
    texts, photos = _texts(), _portraits(REPO / ".cache" / "portraits")
    colleges: list[str] = []
    republic: dict[str, int] = {}
    year_dir = out / "profiles" / str(plan.year)
    for index in range(plan.profiles):
        college_no, seat = divmod(index, plan.per_college)
        region = plan.regions[college_no % len(plan.regions)]
        college = f"college-{college_no:04d}"
        if seat == 0:
            colleges.append(
                f"- id: {college}\n  region: {region}\n"
                f"  name: {{kk: Колледж {college_no}, ru: Колледж {college_no}, "
                f"en: College {college_no}}}\n"
            )
        stage = "college"
        if seat < plan.regional_per_college:
            stage = "region"
            if republic.get(region, 0) < plan.republic_per_region:
                republic[region] = republic.get(region, 0) + 1
                stage = "republic"
        folder = year_dir / f"student-{index:05d}"
        folder.mkdir(parents=True)
        (folder / "profile.yml").write_text(
            _profile_yaml(index, plan, college, region, stage), encoding="utf-8"
        )
        for lang, text in texts[index % len(texts)].items():
            (folder / f"{lang}.md").write_text(text, encoding="utf-8")
        (folder / "photo.jpg").write_bytes(photos[index % len(photos)])
    (out / "colleges.yml").write_text("".join(colleges), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--profiles", type=int, default=100)
    args = parser.parse_args()
    generate(args.out, Plan(profiles=args.profiles))
    print(f"wrote {args.profiles} profiles to {args.out}")


if __name__ == "__main__":
    main()
