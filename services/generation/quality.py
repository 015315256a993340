"""Quality checks of generated lessons: quiz keys, option bias, objective coverage and
duplicate sections, per lesson (when it is written) and across the course (before it is
published). Pure: the texts come in, findings go out.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter

from db.queries.generation import LessonText
from schemas.enums import LessonStatus
from schemas.generation import LessonContent, LessonFindings, QualityReport

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"that", "this", "with", "from", "your", "their", "what", "when", "into"})
BIAS_SHARE = 0.8  # "systematically": at least this share of questions, and at least MIN_BIAS
MIN_BIAS_QUESTIONS = 3


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _STOP}


def covers(text_words: set[str], objective: str) -> bool:
    """An objective is covered when most of its significant words appear in the text."""
    wanted = words_of(objective)
    if not wanted:
        return True
    return len(wanted & text_words) >= max(1, round(0.6 * len(wanted)))


def normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def question_findings(content: LessonContent) -> list[str]:
    findings = []
    for n, q in enumerate(content.quiz, 1):
        marked = [i for i, option in enumerate(q.options) if option.correct]
        if len(marked) != 1:
            findings.append(
                f"question {n} has {len(marked)} options marked correct; exactly one must be"
            )
        if not 0 <= q.answer_index < len(q.options):
            findings.append(
                f"question {n}: answer key {q.answer_index} is out of range "
                f"({len(q.options)} options)"
            )
        elif len(marked) == 1 and marked[0] != q.answer_index:
            findings.append(f"question {n}: the answer key does not point at the correct option")
        texts = [normalise(o.text) for o in q.options]
        if len(set(texts)) != len(texts):
            findings.append(f"question {n} repeats an option; options must be distinct")
    return findings


def bias_findings(keys: list[tuple[int, list[str]]], scope: str) -> list[str]:
    """Correct option systematically in the same position or systematically the longest."""
    if len(keys) < MIN_BIAS_QUESTIONS:
        return []
    findings = []
    position, count = Counter(k for k, _ in keys).most_common(1)[0]
    if count / len(keys) >= BIAS_SHARE:
        findings.append(
            f"{scope}: the correct option is at position {position + 1} in {count} of "
            f"{len(keys)} questions; vary its position"
        )
    longest = sum(
        1
        for k, options in keys
        if 0 <= k < len(options)
        and all(len(options[k]) > len(o) for i, o in enumerate(options) if i != k)
    )
    if longest / len(keys) >= BIAS_SHARE:
        findings.append(
            f"{scope}: the correct option is the longest in {longest} of {len(keys)} questions"
        )
    return findings


def lesson_findings(content: LessonContent, objectives: list[str]) -> list[str]:
    findings = question_findings(content)
    keys = [(q.answer_index, [o.text for o in q.options]) for q in content.quiz]
    findings += bias_findings(keys, "this lesson's quiz")
    text = " ".join(f"{s.title} {s.body_markdown}" for s in content.sections)
    words = words_of(text)
    findings += [f"objective not covered: {o!r}" for o in objectives if not covers(words, o)]
    seen: dict[str, int] = {}
    for n, section in enumerate(content.sections, 1):
        key = normalise(section.body_markdown)
        if key in seen:
            findings.append(f"section {n} duplicates section {seen[key]}")
        seen.setdefault(key, n)
    return findings


def course_report(
    lessons: list[LessonText], wanted: list[str], only: list[uuid.UUID] | None
) -> QualityReport:
    """Per-lesson findings (stored at write time) plus cross-lesson checks: duplicated
    sections, a biased answer key over the whole course, objectives no lesson covers."""
    extra: dict[uuid.UUID, list[str]] = {}
    seen: dict[str, str] = {}
    keys: list[tuple[int, list[str]]] = []
    all_words: set[str] = set()
    for lesson in lessons:
        for title, body in lesson.sections:
            all_words |= words_of(f"{title} {body}")
            norm = normalise(body)
            if norm in seen and seen[norm] != lesson.title:
                extra.setdefault(lesson.id, []).append(
                    f"section {title!r} duplicates a section of lesson {seen[norm]!r}"
                )
            seen.setdefault(norm, lesson.title)
        keys += [(key, [str(o) for o in options]) for key, options in lesson.questions]
    failing = []
    for lesson in lessons:
        findings = [*lesson.quality_findings, *extra.get(lesson.id, [])]
        if lesson.status != LessonStatus.generated:
            findings.append("the lesson has no content")
        if findings and (only is None or lesson.id in only):
            failing.append(
                LessonFindings(lesson_id=lesson.id, revision=lesson.revision, findings=findings)
            )
    course_findings = bias_findings(keys, "course") if len(keys) >= 2 * MIN_BIAS_QUESTIONS else []
    course_findings += [
        f"learning objective not covered by any lesson: {o!r}"
        for o in wanted
        if not covers(all_words, o)
    ]
    return QualityReport(failing=failing, course_findings=course_findings)
