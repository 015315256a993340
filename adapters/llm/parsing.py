"""Strict parsing of model output: one JSON object (optionally in one code fence), validated
against a pydantic schema. Anything else is an ``OutputInvalid`` whose message goes back to
the model in the repair loop."""

from __future__ import annotations

import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from schemas.generation import LessonContent, LessonVerdict, Outline

T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*\n(?P<body>.*)\n```$", re.DOTALL)
MAX_ERROR_CHARS = 1500


class OutputInvalid(ValueError):
    """The model's reply is not what the schema asks for; the message says why."""


def parse_json_object(text: str) -> dict[str, Any]:
    stripped = text.strip()
    fenced = _FENCE.match(stripped)
    if fenced:
        stripped = fenced.group("body").strip()
    if not stripped.startswith("{") or not stripped.endswith("}"):
        raise OutputInvalid(
            "the reply must be exactly one JSON object with no text before or after it"
        )
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise OutputInvalid(f"the reply is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise OutputInvalid("the reply must be a JSON object")
    return value


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:15]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(root)"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)[:MAX_ERROR_CHARS]


def parse_model(text: str, schema: type[T]) -> T:
    data = parse_json_object(text)
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise OutputInvalid(f"the JSON does not match the schema: {_describe(exc)}") from None


def parse_outline(text: str, module_count: int, lessons_per_module: int) -> Outline:
    outline = parse_model(text, Outline)
    problems = outline.check_counts(module_count, lessons_per_module)
    if problems:
        raise OutputInvalid("wrong counts: " + "; ".join(problems)[:MAX_ERROR_CHARS])
    return outline


def parse_lesson(text: str) -> LessonContent:
    lesson = parse_model(text, LessonContent)
    for i, question in enumerate(lesson.quiz, 1):
        if question.section_index >= len(lesson.sections):
            raise OutputInvalid(
                f"quiz.{i - 1}.section_index: {question.section_index} does not name one of "
                f"the {len(lesson.sections)} sections"
            )
    return lesson


def parse_verdict(text: str) -> LessonVerdict:
    """The judge's reply. The one place it is parsed: when the port gains structured output
    (an output schema), the call asks for ``LessonVerdict`` and this stays the validation."""
    return parse_model(text, LessonVerdict)
