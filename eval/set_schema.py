"""The fields of a regression-set item as pydantic models: what `eval.sets` validates each line with.

    record = validate_record({"id": "D1", "category": "c", "question": "q?", "answerable": True})

Types are strict (`"yes"` is no boolean, `1` no string) and unknown fields are errors, because a
misspelt check name (`must_includes`) would otherwise be skipped and the item pass unchecked.
A term or quote that folds to nothing would match any answer, so it is refused too. The first
problem is raised as `BadLine` with a message naming the field as the set's author wrote it
(`gold[0].quote`), in JSON's words for types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator

from text.fold import fold_loose

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


class BadLine(ValueError):
    """The reason one line of a set is rejected."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty")
    return value


def _folds_to_something(value: str) -> str:
    if not fold_loose(value):
        raise ValueError(f"is empty once folded ({value!r})")
    return value


def _a_group(value: list[str]) -> list[str]:
    if not value:
        raise ValueError("is an empty group (no answer could pass it)")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Term = Annotated[str, AfterValidator(_folds_to_something)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Turn(_Strict):
    """One earlier message of the conversation the question is asked in."""

    role: Literal["user", "assistant", "system"]
    content: str


class Gold(_Strict):
    """A passage that supports the answer: `quote` must occur in a clause of `doc`."""

    doc: Text
    quote: Annotated[Text, AfterValidator(_folds_to_something)]


class Record(_Strict):
    """One item as a set file holds it (JSONL object, or a CSV row converted to that shape)."""

    id: Text
    category: Text
    question: Text
    answerable: bool
    history: list[Turn] = []
    must_include: list[Term] = []
    must_include_any: list[Annotated[list[Term], AfterValidator(_a_group)]] = []
    must_not_include: list[Term] = []
    gold: list[Gold] = []
    notes: str = ""

    @model_validator(mode="after")
    def _refusal_has_no_checks(self) -> Record:
        """An unanswerable item is only checked for a refusal: other checks would be ignored."""
        if not self.answerable:
            ignored = [n for n in ("must_include", "must_include_any", "must_not_include", "gold") if getattr(self, n)]
            if ignored:
                raise ValueError(
                    f"answerable is false but {', '.join(ignored)} is set: an unanswerable item is "
                    "only checked for a refusal, so these would be silently ignored"
                )
        return self


def validate_record(record: dict[str, Any]) -> Record:
    """The record, validated; raises BadLine with the first problem (unknown and missing fields first)."""
    try:
        return Record.model_validate(record)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        unknown = [e for e in errors if e["type"] == "extra_forbidden"]
        first = min(errors, key=lambda e: (e["type"] != "extra_forbidden", e["type"] != "missing", len(e["loc"])))
        if first["type"] == "extra_forbidden":
            raise BadLine(_unknown(first["loc"][:-1], unknown)) from None
        raise BadLine(_message(first)) from None


def _where(loc: tuple) -> str:
    """`("gold", 0, "quote")` -> `gold[0].quote`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _unknown(parent: tuple, unknown: list[ErrorDetails]) -> str:
    names = ", ".join(sorted(str(e["loc"][-1]) for e in unknown if e["loc"][:-1] == parent))
    return f"{_where(parent)} has unknown field(s): {names}" if parent else f"unknown field(s): {names}"


_KINDS = {"string_type": "a string", "bool_type": "true or false", "list_type": "a list",
          "model_type": "an object", "model_attributes_type": "an object"}


def _message(error: ErrorDetails) -> str:
    """One pydantic error in the set author's words."""
    where, kind = _where(error["loc"]), error["type"]
    if kind == "missing":
        parent = _where(error["loc"][:-1])
        return f"{parent} lacks {error['loc'][-1]}" if parent else f"missing {where}"
    if kind in _KINDS:
        return f"{where} must be {_KINDS[kind]}, got {type_name(error['input'])}"
    if kind == "literal_error":
        return f"{where} must be one of {error['ctx']['expected']}, got {error['input']!r}"
    if kind == "value_error":
        message = str(error["ctx"]["error"])
        return f"{where} {message}" if where else message
    return f"{where}: {error['msg']}"


def type_name(value: Any) -> str:
    """JSON names for Python types, since set authors write JSON."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "list", dict: "object"}.get(type(value), type(value).__name__)
