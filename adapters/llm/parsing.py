"""Model output in, a validated pydantic model out — or an ``OutputInvalid`` whose short,
safe message goes back to the model in the repair loop.

One path for every reply (``parse_reply``): a size limit before any parsing, one JSON object
(optionally in one code fence), a nesting limit, sanitising of every string *before*
validation (so a title that sanitising empties fails the schema's ``min_length`` and is
repaired, never stored), then the schema. Every exception that decoding or validating can
raise (decode, recursion, unicode, wrong types) ends as ``OutputInvalid``; the message never
quotes the reply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.sanitize import sanitize_tree
from schemas.generation import LessonContent, LessonVerdict, Outline

T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*\n(?P<body>.*)\n```$", re.DOTALL)
MAX_ERROR_CHARS = 1500
# The replies we ask for are at most a few thousand tokens; anything far larger is a runaway.
DEFAULT_MAX_REPLY_CHARS = 200_000
# Our schemas nest at most five levels (outline → modules → lessons → objectives).
MAX_DEPTH = 12
# Fields rendered as markdown; every other string is plain text (no markup at all).
MARKDOWN_FIELDS = frozenset({"summary", "body_markdown", "explanation"})


class OutputInvalid(ValueError):
    """The model's reply is not what the schema asks for; the message says why."""


def _too_deep(value: Any, limit: int) -> bool:
    """Iterative (a recursive walk could itself exhaust the stack on hostile input)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_json_object(text: str, max_chars: int = DEFAULT_MAX_REPLY_CHARS) -> dict[str, Any]:
    if len(text) > max_chars:
        raise OutputInvalid(f"the reply is too long ({len(text)} characters, limit {max_chars})")
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
        raise OutputInvalid(f"the reply is not valid JSON: {exc.msg} at char {exc.pos}") from None
    except RecursionError:
        raise OutputInvalid(f"the JSON nests too deeply (limit {MAX_DEPTH} levels)") from None
    except (ValueError, UnicodeError, TypeError, MemoryError):
        raise OutputInvalid("the reply is not valid JSON text") from None
    if not isinstance(value, dict):
        raise OutputInvalid("the reply must be a JSON object")
    if _too_deep(value, MAX_DEPTH):
        raise OutputInvalid(f"the JSON nests too deeply (limit {MAX_DEPTH} levels)")
    return value


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_input=False, include_url=False)[:15]:
        loc = ".".join(str(p) for p in err.get("loc", ())) or "(root)"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)[:MAX_ERROR_CHARS]


def parse_reply(
    text: str,
    schema: type[T],
    *,
    max_chars: int = DEFAULT_MAX_REPLY_CHARS,
    check: Callable[[T], list[str]] | None = None,
) -> T:
    """The one way a reply becomes a model: decode, sanitise, validate, then ``check``."""
    data = parse_json_object(text, max_chars)
    try:
        clean = sanitize_tree(data, MARKDOWN_FIELDS)
        parsed = schema.model_validate(clean)
    except ValidationError as exc:
        raise OutputInvalid(f"the JSON does not match the schema: {_describe(exc)}") from None
    except UnicodeError:
        raise OutputInvalid("the reply contains text that is not valid Unicode") from None
    except (RecursionError, ValueError, TypeError):
        raise OutputInvalid("the JSON could not be read as the expected object") from None
    problems = check(parsed) if check is not None else []
    if problems:
        raise OutputInvalid("; ".join(problems)[:MAX_ERROR_CHARS])
    return parsed


def parse_model(text: str, schema: type[T]) -> T:
    return parse_reply(text, schema)


def _outline_check(module_count: int, lessons_per_module: int) -> Callable[[Outline], list[str]]:
    def check(outline: Outline) -> list[str]:
        problems = outline.check_counts(module_count, lessons_per_module)
        return ["wrong counts: " + "; ".join(problems)] if problems else []

    return check


def _lesson_check(lesson: LessonContent) -> list[str]:
    return [
        f"quiz.{i}.section_index: {question.section_index} does not name one of the "
        f"{len(lesson.sections)} sections"
        for i, question in enumerate(lesson.quiz)
        if question.section_index >= len(lesson.sections)
    ]


def parse_outline(
    text: str,
    module_count: int,
    lessons_per_module: int,
    max_chars: int = DEFAULT_MAX_REPLY_CHARS,
) -> Outline:
    return parse_reply(
        text, Outline, max_chars=max_chars, check=_outline_check(module_count, lessons_per_module)
    )


def parse_lesson(text: str, max_chars: int = DEFAULT_MAX_REPLY_CHARS) -> LessonContent:
    return parse_reply(text, LessonContent, max_chars=max_chars, check=_lesson_check)


def parse_verdict(text: str, max_chars: int = DEFAULT_MAX_REPLY_CHARS) -> LessonVerdict:
    """The judge's reply (asked for with ``JUDGE_OUTPUT``): validated like every reply; its
    quotes are sanitised as plain text (the judge's verification ignores markup anyway)."""
    return parse_reply(text, LessonVerdict, max_chars=max_chars)
