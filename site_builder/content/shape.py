"""Turn pydantic's validation errors into lines an editor can act on."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .files import GUIDE, read_yaml
from .problems import Report, Severity
from .yamlfile import LineMap, Loc

M = TypeVar("M", bound=BaseModel)

# Our own validators raise PydanticCustomError with these types (schema.py): (the field to
# point at below the error's location, or None for the location itself; message; hint).
# The error type is also the rule code's tail: field.birth-date-or-age and so on.
_CUSTOM: dict[str, tuple[str | None, str, str]] = {
    "birth-date-or-age": (
        "birth_date",
        "give exactly one of birth_date or age",
        "write birth_date (YYYY-MM-DD) or, if it is not known, age in full years; not both",
    ),
    "scope": (
        None,
        "must name exactly one of college, region or national",
        "write for example 'scope: {region: KZ-75}' or 'scope: {national: true}'",
    ),
    "month-day": (
        None,
        "is not a day every year has",
        'write a month-day such as "09-30" (not 02-29 or 02-30)',
    ),
    "stages-each-once": (
        "stages",
        "must define each of college, region and republic once",
        "list the three stages, each with its own id",
    ),
    "markup": (
        None,
        "contains < > or \" which a web page could take for HTML",
        "write quotes as « » or “ ”, and leave out < and >",
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


def _describe(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str, str]:
    """Message, hint and rule code: pydantic's many error types folded into the few things an
    editor has to do, so the codes stay a closed list (codes.py)."""
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    if kind == "missing":
        return "is missing", f"add this field (see {GUIDE})", "field.missing"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc)
        if given is None and " " in str(loc[-1]):
            return "is not a known field", "a comma inside {...} splits the text: put it in quotes", "field.unknown"
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"remove it; known fields here: {', '.join(known)}"
        return "is not a known field", hint, "field.unknown"
    if given is None or kind == "string_too_short":
        return "is empty", "fill it in", "field.empty"
    if kind == "literal_error":
        return (f"'{given}' is not allowed", f"use one of: {ctx.get('expected', '')}".replace("'", ""),
                "field.choice")
    if kind in {"string_type", "string_sub_type"}:
        return f"should be text, not {type(given).__name__} '{given}'", "put the value in quotes", "field.type"
    if kind == "string_pattern_mismatch":
        return f"'{given}' has the wrong form", _pattern_hint(loc), "field.format"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"should be a whole number, not '{given}'", "write digits only, without quotes", "field.type"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{given} is out of range", f"check the value ({error['msg'].lower()})", "field.range"
    if kind.startswith(("date", "datetime", "timezone")):
        sample = "2026-11-16 10:00" if kind.startswith("datetime") else "2026-09-12"
        return f"'{given}' is not a valid date", f"write it as {sample}", "field.format"
    if kind in {"bool_type", "bool_parsing"}:
        return f"should be true or false, not '{given}'", "write true or false", "field.type"
    if kind == "list_type":
        return "should be a list", "write it as [a, b] or as lines starting with '- '", "field.type"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return ("should be a group of fields", "indent the fields below it, each as 'name: value'",
                "field.type")
    if kind == "too_short":
        return "has too few items", error["msg"].lower(), "field.range"
    if kind == "too_long":
        return "has too many items", error["msg"].lower(), "field.range"
    return f"is not valid ({error['msg']})", f"see {GUIDE}", "field.format"


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
            custom = _CUSTOM.get(error["type"])
            if custom is not None:
                below, message, hint = custom
                where = (*loc, below) if below else loc
                report.add(path, lines.line_of(where), _field_name(where), message, hint,
                           f"field.{error['type']}")
                continue
            message, hint, rule = _describe(error, model)
            report.add(path, lines.line_of(loc), _field_name(loc), message, hint, rule)
        return None


def load(model: type[M], path: Path, report: Report) -> tuple[M | None, LineMap]:
    """Read and validate one YAML file; every problem goes to ``report``."""
    loaded = read_yaml(path, report)
    if loaded is None:
        return None, LineMap()
    data, lines = loaded
    return validate(model, data, lines, path, report), lines


__all__ = ["Severity", "load", "validate"]
