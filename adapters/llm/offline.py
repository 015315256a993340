"""The default provider: deterministic, no network, complete schema-valid courses.

It answers from the data blocks of the prompt (see ``prompts.extract_blocks``), so it goes
through exactly the same parsing, checks and storage as a real model. Every course it writes
is labelled as an offline draft (``courses.offline_draft`` and the text itself).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from adapters.llm.port import LLMCallError, LLMRequest, LLMResponse
from adapters.llm.prompts import extract_blocks

OFFLINE_LABEL = "Offline draft"


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _objectives_for(request: dict[str, Any], index: int, total: int, title: str) -> list[str]:
    own = [f"Explain the key ideas of {title}"]
    wanted = request.get("learning_objectives") or []
    # Spread the author's objectives over the lessons so every one is covered somewhere.
    own.extend(obj for i, obj in enumerate(wanted) if i % total == index)
    return own


def offline_outline(blocks: dict[str, Any]) -> dict[str, Any]:
    spec, request = blocks["task_spec"], blocks["course_request"]
    course = str(request.get("title") or "Untitled course")
    modules_n, lessons_n = int(spec["module_count"]), int(spec["lessons_per_module"])
    total = modules_n * lessons_n
    modules = []
    for m in range(modules_n):
        lessons = []
        for lesson_i in range(lessons_n):
            index = m * lessons_n + lesson_i
            title = f"{course[:150]}: part {m + 1}.{lesson_i + 1}"
            lessons.append(
                {
                    "title": title,
                    "objectives": _objectives_for(request, index, total, title),
                    "estimated_minutes": 15 + 5 * (lesson_i % 3),
                }
            )
        modules.append(
            {"title": f"Module {m + 1} of {course[:150]}", "summary": "", "lessons": lessons}
        )
    summary = f"{OFFLINE_LABEL} generated without a language model for: {course}"
    return {"title": course[:200], "summary": summary, "modules": modules}


def _question(title: str, objective: str, q: int, section_index: int) -> dict[str, Any]:
    correct_text = f"It is what {title} teaches: {objective[:120]}"
    distractors = [
        f"It is the opposite of what {title} teaches about {objective[:100]}, a common mistake",
        f"It is unrelated to {title}; the lesson never discusses this topic at all, not once",
        f"It applies only in rare edge cases that {title} explicitly sets aside as out of scope",
    ]
    position = (_stable(title) + q) % 4
    options = [{"text": d, "correct": False} for d in distractors]
    options.insert(position, {"text": correct_text, "correct": True})
    return {
        "prompt": f"Question {q + 1}: which statement matches {title}?",
        "options": options,
        "answer_index": position,
        "explanation": f"The lesson states: {objective[:200]}.",
        "section_index": section_index,
    }


def offline_lesson(blocks: dict[str, Any]) -> dict[str, Any]:
    plan = blocks["lesson_plan"]
    title = str(plan.get("title") or "Lesson")
    objectives = [str(o) for o in plan.get("objectives") or []] or [title]
    sections = [
        {
            "title": "Overview",
            "body_markdown": f"*{OFFLINE_LABEL}.* This lesson, **{title}**, sets out to:\n\n"
            + "\n".join(f"- {o}" for o in objectives),
        },
        {
            "title": "Key ideas",
            "body_markdown": f"The key ideas of {title}, one objective at a time:\n\n"
            + "\n\n".join(f"### {o}\n\n{o}, illustrated with an example." for o in objectives),
        },
        {
            "title": "Practice",
            "body_markdown": f"Practise {title}: restate each objective in your own words, "
            "then answer the quiz. Check each answer against the section it comes from, and "
            "reread that section when an answer surprises you.",
        },
    ]
    notes = blocks.get("instructor_notes")
    if notes:
        sections[-1]["body_markdown"] += f"\n\nInstructor note: {notes['instructions']}"
    quiz = [_question(title, objectives[q % len(objectives)], q, q % 2) for q in range(3)]
    return {"sections": sections, "quiz": quiz}


def offline_answer(prompt: str) -> str:
    """A JSON reply to one of our prompts, or an error for anything else."""
    blocks = extract_blocks(prompt)
    kind = blocks.get("task_spec", {}).get("kind")
    if kind == "outline":
        return json.dumps(offline_outline(blocks))
    if kind == "lesson":
        return json.dumps(offline_lesson(blocks))
    raise LLMCallError("the offline provider only answers courseflow prompts", retryable=False)


class OfflineLLM:
    provider = "offline"

    async def complete(self, request: LLMRequest) -> LLMResponse:
        first_user = next(m.content for m in request.messages if m.role == "user")
        text = offline_answer(first_user)
        if request.output is not None:
            # The structured-output contract: the answer is an instance of the schema.
            try:
                request.output.model.model_validate_json(text)
            except ValueError:
                raise LLMCallError(
                    f"the offline answer does not fit {request.output.name}", retryable=False
                ) from None
        prompt_chars = len(request.system) + sum(len(m.content) for m in request.messages)
        return LLMResponse(
            text=text,
            model=request.model,
            input_tokens=prompt_chars // 4,
            output_tokens=len(text) // 4,
        )

    async def close(self) -> None:
        return None
