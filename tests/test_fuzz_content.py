"""Fuzzing the content loaders and validators: any bytes in any content file end in a report,
never an exception, and every problem carries a registered rule code.

Seeds are the demo content's own files, mutated (bytes inserted, deleted, replaced, lines
swapped, other encodings); everything runs on small in-memory or temporary files. The
example counts add up to EXAMPLES (10,000+) and the whole module runs in about a minute.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from site_builder.content import Report, load_content
from site_builder.content.codes import RULES
from site_builder.content.files import read_text, read_yaml
from site_builder.content.markdown import link_allowed, markdown_issues, render
from site_builder.content.photo import inspect_photo
from site_builder.content.schema import Contest, Profile, StagesFile
from site_builder.content.shape import validate
from site_builder.content.texts import load_text
from site_builder.site.images import to_srgb
from site_builder.site.markup import ATTRIBUTES, TAGS, content_html

from .conftest import DEMO

RUNS = {"yaml": 4000, "markdown": 2500, "encoding": 2000, "photo": 1500, "tree": 60}
EXAMPLES = sum(RUNS.values())
TODAY = dt.date(2026, 11, 21)


def fuzz(kind: str) -> settings:
    return settings(
        max_examples=RUNS[kind],
        deadline=None,
        derandomize=True,  # the same examples on every CI run: a failure is reproducible
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
    )


def _seeds(pattern: str) -> list[bytes]:
    return [path.read_bytes() for path in sorted(DEMO.glob(pattern))][:12]


YAML_SEEDS = _seeds("profiles/2026/*/profile.yml") + _seeds("contests/*.yml") + [
    (DEMO / name).read_bytes() for name in ("stages.yml", "regions.yml", "colleges.yml")
]
TEXT_SEEDS = [seed[:1500] for seed in _seeds("profiles/2026/*/*.md") + _seeds("programs/*/*.md")]
# Markdown's and YAML's special characters, so mutations hit the parsers' interesting paths.
SPECIAL = [*"<>[](){}:!#*_`&;\"'\\|-=.\n\t ", "{:", "javascript:", "<script>", "](", "&#", "\r\n",
           "\x00", "\ufeff", "- ", ": ", "*a", "&a ", "!!", "%", "ә", "Ж", "\u202e",
           # values that once raised past the YAML loader: impossible dates, bad tags, odd keys
           " 2026-02-30", " !!int x", "? [a]\n: b\n", " &r [*r]", " 9999-12-31 25:00"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """A few random edits: one seed number per example keeps Hypothesis' own cost small (a
    draw per edit would cost more than the parsing under test)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(out))
        op = rng.choice(["insert", "delete", "bytes", "swap-lines", "duplicate-line"])
        if op == "insert":
            out[at:at] = rng.choice(SPECIAL).encode()
        elif op == "delete":
            del out[at : at + rng.randint(1, 40)]
        elif op == "bytes":
            out[at:at] = rng.randbytes(rng.randint(1, 4))
        else:
            lines = bytes(out).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == "swap-lines":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines.insert(j, lines[i])
            out = bytearray(b"\n".join(lines))
    return bytes(out)


SEED = st.integers(0, 2**32 - 1)


def mutated(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.builds(lambda doc, seed: mutate(doc, random.Random(seed)), st.sampled_from(seeds), SEED)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    shm = Path("/dev/shm")  # in memory where there is one: the test is about parsing, not disks
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as name:
        yield Path(name)


def _registered(report: Report) -> None:
    unknown = {problem.rule for problem in report} - set(RULES)
    assert not unknown
    assert all(problem.line >= 1 and problem.message and problem.hint for problem in report)


MODELS: list[type[Any]] = [Profile, Contest, StagesFile]


@fuzz("yaml")
@given(data=st.one_of(mutated(YAML_SEEDS), st.binary(max_size=300)), model=st.sampled_from(MODELS))
def test_any_yaml_bytes_end_in_a_report(workdir: Path, data: bytes, model: type[Any]) -> None:
    path = workdir / "fuzz.yml"
    path.write_bytes(data)
    report = Report(workdir)
    loaded = read_yaml(path, report)
    if loaded is not None:
        validate(model, loaded[0], loaded[1], path, report)
    else:
        assert report.errors
    _registered(report)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


MARKDOWN = st.one_of(
    mutated(TEXT_SEEDS).map(lambda data: data.decode("utf-8", "replace")),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=8)), max_size=40).map("".join),
)


@fuzz("markdown")
@given(text=MARKDOWN)
def test_what_the_check_accepts_renders_to_allowed_html_only(text: str) -> None:
    issues = markdown_issues(text)
    assert all(issue.line >= 1 and issue.rule in RULES for issue in issues)
    rendered = render(text)
    if not issues:  # checked is rendered: nothing the sanitiser would have to remove
        for tag, attrs in _elements(rendered):
            assert tag in TAGS, (text, rendered)
            allowed = ATTRIBUTES.get(tag, set()) | ({"class"} if tag == "code" else set())
            assert {name for name, _ in attrs} <= allowed, (text, rendered)
            assert link_allowed(dict(attrs).get("href") or ""), (text, rendered)
    published = content_html(text)
    for tag, attrs in _elements(published):
        assert tag in TAGS
        assert not any(name.startswith("on") for name, _ in attrs)
        assert link_allowed(dict(attrs).get("href") or "")


CODECS = ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16", "latin-1", "cp866"]


@fuzz("encoding")
@given(
    seed=st.sampled_from(TEXT_SEEDS),
    codec=st.sampled_from(CODECS),
    cut=st.integers(0, 1500),
    lang=st.sampled_from(["kk", "ru", "en"]),
)
def test_any_encoding_of_a_text_ends_in_a_report(
    workdir: Path, seed: bytes, codec: str, cut: int, lang: str
) -> None:
    data = seed.decode("utf-8", "ignore").encode(codec, "replace")[:cut]
    path = workdir / f"{lang}.md"
    path.write_bytes(data)
    report = Report(workdir)
    text = load_text(path, lang, 250, report, "write it")
    assert (text is None) == any(p.rule == "file.encoding" for p in report)
    if text is None:
        assert read_text(path, Report(workdir)) is None
    _registered(report)


def _jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 15.0, 0.0)}
    Image.linear_gradient("L").resize((600, 800)).convert("RGB").save(out, "JPEG", quality=30, exif=exif)
    return out.getvalue()


JPEG = _jpeg()


def damage(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not out:
            break
        at = rng.randrange(len(out))
        op = rng.choice(["flip", "cut", "insert", "size"])
        if op == "flip":
            out[at] ^= 1 << rng.randrange(8)
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 16))
        else:  # a huge or zero declared size in the SOF0 header
            sof = out.find(b"\xff\xc0")
            if sof >= 0 and sof + 9 <= len(out):
                out[sof + 5 : sof + 9] = rng.randbytes(4)
    return bytes(out)


PHOTOS = st.one_of(
    SEED.map(lambda seed: damage(JPEG, random.Random(seed))),
    st.binary(max_size=64).map(lambda b: b"\xff\xd8\xff" + b),
)


@fuzz("photo")
@given(data=PHOTOS)
def test_any_photo_bytes_end_in_issues(workdir: Path, data: bytes) -> None:
    path = workdir / "photo.jpg"
    path.write_bytes(data)
    issues = inspect_photo(path, "content/profiles/2026/x")
    assert all(issue.rule in RULES and issue.message and issue.hint for issue in issues)
    if not any(not issue.warning for issue in issues):  # what the check passes, the build can use
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                assert to_srgb(image).size == image.size or image.getexif().get(0x0112)


@pytest.fixture(scope="module")
def tree(workdir: Path) -> Path:
    root = workdir / "tree" / "content"
    shutil.copytree(DEMO, root)
    return root


# One profile's files, the reference files, one programme, the contests.
TREE_FILES = sorted(
    path.relative_to(DEMO).as_posix()
    for path in DEMO.rglob("*")
    if path.is_file()
    and path.suffix in {".yml", ".md", ".jpg"}
    and (path.parent.name in {"aruzhan-serikkyzy", "orleu", "home", "contests"} or path.parent == DEMO)
)


@fuzz("tree")
@given(name=st.sampled_from(TREE_FILES), data=st.data())
def test_a_mutated_file_in_the_whole_tree_ends_in_a_report(
    tree: Path, name: str, data: st.DataObject
) -> None:
    path = tree / name
    original = path.read_bytes()
    try:
        path.write_bytes(data.draw(PHOTOS if name.endswith(".jpg") else mutated([original])))
        _, report = load_content(tree, Report(tree.parent), today=TODAY, workers=1)
        _registered(report)
    finally:
        path.write_bytes(original)


def test_the_fuzzing_is_big_enough() -> None:
    assert EXAMPLES >= 10_000
