"""Turn pydantic's validation errors into lines an editor can act on."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .files import GUIDE, read_yaml
from .problems import Report, Severity
from .wording import N_, Phrase
from .yamlfile import LineMap, Loc

M = TypeVar("M", bound=BaseModel)

# Our own validators raise PydanticCustomError with these types (schema.py): (the field to
# point at below the error's location, or None for the location itself; message; hint).
# The error type is also the rule code's tail: field.birth-date-or-age and so on.
_CUSTOM: dict[str, tuple[str | None, str, str]] = {
    "birth-date-or-age": (
        "birth_date",
        N_("give exactly one of birth_date or age"),
        N_("write birth_date (YYYY-MM-DD) or, if it is not known, age in full years; not both"),
    ),
    "scope": (
        None,
        N_("must name exactly one of college, region or national"),
        N_("write for example 'scope: {{region: KZ-75}}' or 'scope: {{national: true}}'"),
    ),
    "month-day": (
        None,
        N_("is not a day every year has"),
        N_('write a month-day such as "09-30" (not 02-29 or 02-30)'),
    ),
    "stages-each-once": (
        "stages",
        N_("must define each of college, region and republic once"),
        N_("list the three stages, each with its own id"),
    ),
    "markup": (
        None,
        N_("contains < > or \" which a web page could take for HTML"),
        N_("write quotes as « » or “ ”, and leave out < and >"),
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
    editor has to do, so the codes stay a closed list (codes.py). Message and hint are our
    own words (Phrases), so they can be said in kk and ru; pydantic's English appears only
    for an error type we have no words for."""
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    loc = tuple(error["loc"])
    P = Phrase
    if kind == "missing":
        return P(N_("is missing")), P(N_("add this field (see {guide})"), guide=GUIDE), "field.missing"
    if kind == "extra_forbidden":
        known = _known_fields(model, loc)
        unknown = P(N_("is not a known field"))
        if given is None and " " in str(loc[-1]):
            return unknown, P(N_("a comma inside {{...}} splits the text: put it in quotes")), "field.unknown"
        guess = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = (P(N_("did you mean '{guess}'?"), guess=guess[0]) if guess
                else P(N_("remove it; known fields here: {known}"), known=", ".join(known)))
        return unknown, hint, "field.unknown"
    if given is None or kind == "string_too_short":
        return P(N_("is empty")), P(N_("fill it in")), "field.empty"
    if kind == "literal_error":
        return (P(N_("'{given}' is not allowed"), given=given),
                P(N_("use one of: {known}"), known=_choices(str(ctx.get("expected", "")))),
                "field.choice")
    if kind in {"string_type", "string_sub_type"}:
        return (P(N_("should be text, not {kind} '{given}'"), kind=type(given).__name__, given=given),
                P(N_("put the value in quotes")), "field.type")
    if kind == "string_pattern_mismatch":
        return P(N_("'{given}' has the wrong form"), given=given), _pattern_hint(loc), "field.format"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return (P(N_("should be a whole number, not '{given}'"), given=given),
                P(N_("write digits only, without quotes")), "field.type")
    if kind == "greater_than_equal":
        return (P(N_("{given} is out of range"), given=given),
                P(N_("check the value (input should be greater than or equal to {limit})"), limit=ctx.get("ge")),
                "field.range")
    if kind == "less_than_equal":
        return (P(N_("{given} is out of range"), given=given),
                P(N_("check the value (input should be less than or equal to {limit})"), limit=ctx.get("le")),
                "field.range")
    if kind.startswith(("date", "datetime", "timezone")):
        sample = "2026-11-16 10:00" if kind.startswith("datetime") else "2026-09-12"
        return (P(N_("'{given}' is not a valid date"), given=given), P(N_("write it as {sample}"), sample=sample),
                "field.format")
    if kind in {"bool_type", "bool_parsing"}:
        return (P(N_("should be true or false, not '{given}'"), given=given), P(N_("write true or false")),
                "field.type")
    if kind == "list_type":
        return P(N_("should be a list")), P(N_("write it as [a, b] or as lines starting with '- '")), "field.type"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return (P(N_("should be a group of fields")), P(N_("indent the fields below it, each as 'name: value'")),
                "field.type")
    if kind == "too_short":
        return P(N_("has too few items")), _length_hint(error, ctx), "field.range"
    if kind == "too_long":
        return P(N_("has too many items")), _length_hint(error, ctx), "field.range"
    return P(N_("is not valid ({reason})"), reason=error["msg"]), P(N_("see {guide}"), guide=GUIDE), "field.format"


def _choices(expected: str) -> str:
    """pydantic's "'good' or 'excellent'" as "good or excellent", the "or" in the editor's language."""
    words = re.findall(r"'([^']*)'", expected)
    if len(words) < 2:
        return expected.replace("'", "")
    return Phrase(N_("{first} or {last}"), first=", ".join(words[:-1]), last=words[-1])


def _length_hint(error: ErrorDetails, ctx: dict[str, Any]) -> str:
    if error["type"] == "too_short" and "min_length" in ctx:
        return Phrase(N_("list at least {limit} (now {count})"), limit=ctx["min_length"],
                      count=ctx.get("actual_length", 0))
    if error["type"] == "too_long" and "max_length" in ctx:
        return Phrase(N_("list at most {limit} (now {count})"), limit=ctx["max_length"],
                      count=ctx.get("actual_length", 0))
    return error["msg"].lower()


def _pattern_hint(loc: Loc) -> str:
    last = str(loc[-1]) if loc else ""
    if last in {"region"}:
        return Phrase(N_("use an ISO 3166-2:KZ code from content/regions.yml, for example KZ-75"))
    if last == "url":
        return Phrase(N_("use a full https:// address"))
    if last in {"starts", "ends", "nominations_due"}:
        return Phrase(N_("write month-day in quotes, for example \"09-30\""))
    return Phrase(N_("use lowercase Latin letters, digits and hyphens, for example 'almaty-polytechnic'"))


def validate(model: type[M], data: Any, lines: LineMap, path: Path, report: Report) -> M | None:
    for loc, line in lines.duplicates:
        report.add(path, line, _field_name(loc), N_("appears twice"), N_("keep one of them"), "yaml.duplicate-key")
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
