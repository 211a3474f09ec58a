"""Turn pydantic's validation errors into lines an editor can act on."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .problems import Report, Severity
from .yamlfile import LineMap, Loc, YamlSyntaxError, read_yaml

M = TypeVar("M", bound=BaseModel)

GUIDE = "docs/editors.md"

# Messages for our own validators, keyed by the ValueError text they raise: (the field to
# point at below the error's location, or None for the location itself; message; hint).
_CUSTOM: dict[str, tuple[str | None, str, str]] = {
    "birth_date_or_age": (
        "birth_date",
        "give exactly one of birth_date or age",
        "write birth_date (YYYY-MM-DD) or, if it is not known, age in full years; not both",
    ),
    "scope_one_of": (
        None,
        "must name exactly one of college, region or national",
        "write for example 'scope: {region: KZ-75}' or 'scope: {national: true}'",
    ),
    "month_day": (
        None,
        "is not a day every year has",
        'write a month-day such as "09-30" (not 02-29 or 02-30)',
    ),
    "stages_each_once": (
        "stages",
        "must define each of college, region and republic once",
        "list the three stages, each with its own id",
    ),
}


def _field_name(loc: Loc) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
        else:
            parts.append(item)
    return ".".join(parts) or "(file)"


def _known_fields(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names allowed at ``loc``'s parent, for did-you-mean hints."""
    current: Any = model
    for item in loc[:-1]:
        if isinstance(item, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(str(item))
        if info is None:
            return []
        annotation = info.annotation
        args = getattr(annotation, "__args__", ()) or (annotation,)
        nested = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        inner = [
            b
            for a in args
            for b in getattr(a, "__args__", ())
            if isinstance(b, type) and issubclass(b, BaseModel)
        ]
        current = (nested or inner)[0] if (nested or inner) else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _describe(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "missing":
        return "is missing", f"add this field (see {GUIDE})"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc)
        if given is None and " " in str(loc[-1]):
            return "is not a known field", "a comma inside {...} splits the text: put it in quotes"
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"remove it; known fields here: {', '.join(known)}"
        return "is not a known field", hint
    if given is None:
        return "is empty", "fill it in"
    if kind == "literal_error":
        return f"'{given}' is not allowed", f"use one of: {ctx.get('expected', '')}".replace("'", "")
    if kind in {"string_type", "string_sub_type"}:
        return f"should be text, not {type(given).__name__} '{given}'", "put the value in quotes"
    if kind == "string_too_short":
        return "is empty", "write the text"
    if kind == "string_pattern_mismatch":
        return f"'{given}' has the wrong form", _pattern_hint(loc)
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"should be a whole number, not '{given}'", "write digits only, without quotes"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{given} is out of range", f"check the value ({error['msg'].lower()})"
    if kind.startswith("date") or kind.startswith("datetime"):
        sample = "2026-11-16 10:00" if kind.startswith("datetime") else "2026-09-12"
        return f"'{given}' is not a valid date", f"write it as {sample}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"should be true or false, not '{given}'", "write true or false"
    if kind == "list_type":
        return "should be a list", "write it as [a, b] or as lines starting with '- '"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "should be a group of fields", "indent the fields below it, each as 'name: value'"
    if kind == "too_short":
        return "has too few items", error["msg"].lower()
    if kind == "too_long":
        return "has too many items", error["msg"].lower()
    if kind == "value_error":
        return "is not valid", error["msg"]
    return error["msg"], f"see {GUIDE}"


def _pattern_hint(loc: Loc) -> str:
    last = str(loc[-1]) if loc else ""
    if last in {"region"}:
        return "use an ISO 3166-2:KZ code from content/regions.yml, for example KZ-75"
    if last == "url":
        return "use a full https:// address"
    if last in {"starts", "ends", "nominations_due"}:
        return "write month-day in quotes, for example \"09-30\""
    return "use lowercase Latin letters, digits and hyphens, for example 'almaty-polytechnic'"


def validate(model: type[M], data: Any, lines: LineMap, path: Path, report: Report) -> M | None:
    for loc, line in lines.duplicates:
        report.add(path, line, _field_name(loc), "appears twice", "keep one of them", "yaml.duplicate-key")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            custom = _CUSTOM.get(str((error.get("ctx") or {}).get("error", "")))
            if custom is not None:
                below, message, hint = custom
                where = (*loc, below) if below else loc
                report.add(path, lines.line_of(where), _field_name(where), message, hint, f"field.{error['type']}")
                continue
            message, hint = _describe(error, model)
            report.add(
                path, lines.line_of(loc), _field_name(loc), message, hint, f"field.{error['type']}"
            )
        return None


# libyaml's words for the mistakes editors make most, in plainer ones.
_YAML_PROBLEMS = {
    "mapping values are not allowed": "a ': ' where a value was expected (text with ': ' needs quotes)",
    "could not find expected ':'": "a line without the 'name: value' colon",
    "did not find expected key": "a line indented differently from the ones around it",
    "found unexpected end of stream": "an unclosed quote or bracket",
}


def plain_yaml_problem(error: YamlSyntaxError) -> str:
    if "\t" in error.source:
        return "a Tab character (indent with spaces, not Tabs)"
    problem = error.problem
    for known, plain in _YAML_PROBLEMS.items():
        if problem.startswith(known):
            return plain
    return problem


def load(model: type[M], path: Path, report: Report) -> tuple[M | None, LineMap]:
    """Read and validate one YAML file; every problem goes to ``report``."""
    try:
        data, lines = read_yaml(path)
    except YamlSyntaxError as exc:
        report.add(
            path,
            exc.line,
            "(file)",
            f"is not valid YAML: {plain_yaml_problem(exc)}",
            "check indentation and quoting on this line and the one above",
            "yaml.syntax",
        )
        return None, LineMap()
    except UnicodeDecodeError:
        report.add(path, 1, "(file)", "is not UTF-8 text", "save the file as UTF-8", "file.encoding")
        return None, LineMap()
    except OSError as exc:
        report.add(path, 1, "(file)", f"cannot be read ({exc.strerror})",
                   "it must be a readable text file; check its name and permissions", "file.unreadable")
        return None, LineMap()
    if data is None:
        report.add(path, 1, "(file)", "is empty", f"fill it in (see {GUIDE})", "file.empty")
        return None, lines
    return validate(model, data, lines, path, report), lines


__all__ = ["Severity", "load", "validate"]
