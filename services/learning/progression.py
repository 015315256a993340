"""Progression rules: when a lesson is open to a learner, when it counts as complete, and
when the course is.

A course's author sets the rules (``rules.py``):

- **order**: ``free`` (every lesson open) or ``sequential`` (a lesson opens when the one
  before it, in reading order, is complete);
- **prerequisites**: lesson B opens only when each lesson it names is complete;
- **mastery** (on by default): a lesson with a quiz is complete only when its best graded
  score reaches the course's ``pass_mark`` (default 70); without mastery a lesson is complete
  when its required sections are;
- **minimum engagement** (off by default): a section counts as completed only once the
  learner has spent at least ``min_engagement_s`` on it.

The rules are evaluated on one snapshot of the course for the enrollment (``PathState``),
read after the enrollment's row lock, so the answer of a post is consistent with its writes.
A refused action raises ``Blocked``: 409 problem+json with a stable ``blocking_reason`` and
the ``required_actions`` that unblock it. The course's completion rule — every lesson
complete — is ``completion_rule_met``; the completion workflow's activity asks the same
function, so the rule has one home and the workflow's commands are unchanged.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Course, Enrollment
from db.queries import learning as q
from db.queries.learning.path import LessonRow, SectionRow
from schemas.enums import BlockingReason, ProgressionOrder
from schemas.learning import RequiredAction
from services.errors import Conflict, NotFound


class Blocked(Conflict):
    """The course's rules refuse the action now; ``required_actions`` say what unblocks it."""

    slug, title = "blocked", "Blocked by the course's rules"

    def __init__(
        self,
        reason: BlockingReason,
        detail: str,
        actions: list[RequiredAction],
        *,
        retry_after_s: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.blocking_reason = reason
        self.required_actions = actions
        self.retry_after_s = retry_after_s
        self.reason = reason.value  # what a CLI or activity would report

    def problem_extensions(self) -> dict[str, Any]:
        return {
            "blocking_reason": self.blocking_reason.value,
            "required_actions": [
                a.model_dump(mode="json", exclude_none=True) for a in self.required_actions
            ],
        }


class CourseGone(NotFound):
    pass


@dataclass(frozen=True)
class Rules:
    """A course's progression settings."""

    order: ProgressionOrder
    pass_mark: int
    mastery: bool
    min_engagement_s: int | None
    attempt_limit: int | None
    cooldown_s: int

    @classmethod
    def of(cls, course: Course) -> Rules:
        return cls(
            order=course.progression_order,
            pass_mark=course.pass_mark,
            mastery=course.mastery_required,
            min_engagement_s=course.min_engagement_s,
            attempt_limit=course.quiz_attempt_limit,
            cooldown_s=course.quiz_cooldown_s,
        )


@dataclass(frozen=True)
class LessonState:
    row: LessonRow
    sections: tuple[SectionRow, ...]
    quiz_size: int  # 0: the lesson has no quiz
    best_score: int | None
    prerequisites: tuple[uuid.UUID, ...]

    @property
    def id(self) -> uuid.UUID:
        return self.row.id

    @property
    def title(self) -> str:
        return self.row.title

    @property
    def required(self) -> tuple[SectionRow, ...]:
        return tuple(s for s in self.sections if s.required)

    @property
    def undone(self) -> tuple[SectionRow, ...]:
        """Required sections not yet completed, in reading order."""
        return tuple(s for s in self.required if s.completion < 1)


@dataclass(frozen=True)
class PathState:
    """One course for one enrollment: lessons in reading order, with their progress."""

    course_id: uuid.UUID
    course_title: str
    rules: Rules
    lessons: tuple[LessonState, ...]

    def lesson(self, lesson_id: uuid.UUID) -> LessonState:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def section(self, section_id: uuid.UUID) -> SectionRow:
        for lesson in self.lessons:
            for section in lesson.sections:
                if section.id == section_id:
                    return section
        raise KeyError(section_id)

    def gated(self, lesson: LessonState) -> bool:
        """Its quiz decides its completion (mastery on and the lesson has a quiz)."""
        return self.rules.mastery and lesson.quiz_size > 0

    def quiz_passed(self, lesson: LessonState) -> bool:
        return lesson.best_score is not None and lesson.best_score >= self.rules.pass_mark

    def complete(self, lesson: LessonState) -> bool:
        return not lesson.undone and (not self.gated(lesson) or self.quiz_passed(lesson))

    def course_complete(self) -> bool:
        return all(self.complete(lesson) for lesson in self.lessons)

    def missing(self, lesson: LessonState) -> list[RequiredAction]:
        """What completes ``lesson``: its unread required sections, then its quiz."""
        actions = [
            RequiredAction(
                action="complete_section", lesson_id=lesson.id, section_id=s.id, title=s.title
            )
            for s in lesson.undone
        ]
        if self.gated(lesson) and not self.quiz_passed(lesson):
            actions.append(
                RequiredAction(
                    action="pass_quiz",
                    lesson_id=lesson.id,
                    title=lesson.title,
                    pass_mark=self.rules.pass_mark,
                    best_score=lesson.best_score,
                )
            )
        return actions

    def blockers(self, lesson: LessonState) -> Blocked | None:
        """Why ``lesson`` is not open yet, or None when it is."""
        by_order: list[LessonState] = []
        index = self.lessons.index(lesson)
        if self.rules.order == ProgressionOrder.sequential and index > 0:
            previous = self.lessons[index - 1]
            if not self.complete(previous):
                by_order.append(previous)
        by_prerequisite = [
            other
            for other in self.lessons
            if other.id in lesson.prerequisites
            and not self.complete(other)
            and other not in by_order
        ]
        blocking = by_order + by_prerequisite
        if not blocking:
            return None
        actions = [action for other in blocking for action in self.missing(other)]
        titles = ", ".join(repr(other.title) for other in blocking)
        if all(not other.undone for other in blocking):
            # Read through, but the quiz that decides it is not passed yet.
            reason = BlockingReason.mastery_not_achieved
            detail = f"{lesson.title!r} opens when the quiz of {titles} is passed"
        elif by_order:
            reason = BlockingReason.locked
            detail = f"{lesson.title!r} opens when {titles} is complete (sequential order)"
        else:
            reason = BlockingReason.prerequisites_not_met
            detail = f"{lesson.title!r} needs {titles} first"
        return Blocked(reason, detail, actions)

    def with_section(self, section_id: uuid.UUID, completion: Decimal, spent_s: int) -> PathState:
        """This state after a post wrote the section's row (no second read of the course)."""
        return replace(self, lessons=tuple(
            replace(lesson, sections=tuple(
                replace(s, completion=completion, time_spent_s=spent_s) if s.id == section_id
                else s
                for s in lesson.sections
            ))
            for lesson in self.lessons
        ))  # fmt: skip

    def with_best_score(self, lesson_id: uuid.UUID, score: int) -> PathState:
        """This state after a graded attempt (the best score only rises)."""
        return replace(self, lessons=tuple(
            replace(lesson, best_score=max(score, lesson.best_score or 0))
            if lesson.id == lesson_id else lesson
            for lesson in self.lessons
        ))  # fmt: skip

    def check_open(self, lesson_id: uuid.UUID) -> None:
        blocked = self.blockers(self.lesson(lesson_id))
        if blocked is not None:
            raise blocked

    def engagement_shortfall(self, section_id: uuid.UUID, adding_s: int) -> int:
        """Seconds the learner still has to spend on the section before it may count as
        completed, counting ``adding_s`` more (0: enough, or the rule is off)."""
        needed = self.rules.min_engagement_s
        if needed is None:
            return 0
        return max(0, needed - self.section(section_id).time_spent_s - adding_s)


def build_state(course: Course, rows: q.PathRows) -> PathState:
    sections: dict[uuid.UUID, list[SectionRow]] = defaultdict(list)
    for section in rows.sections:
        sections[section.lesson_id].append(section)
    needs: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for lesson_id, prerequisite in rows.prerequisites:
        needs[lesson_id].append(prerequisite)
    lessons = tuple(
        LessonState(
            row=row,
            sections=tuple(sorted(sections[row.id], key=lambda s: s.position)),
            quiz_size=row.quiz_size,
            best_score=rows.best_scores.get(row.id),
            prerequisites=tuple(needs[row.id]),
        )
        for row in rows.lessons
    )
    return PathState(course.id, course.title, Rules.of(course), lessons)


async def load_state(session: AsyncSession, enrollment: Enrollment) -> PathState:
    """The enrollment's course as the rules see it now (in the caller's transaction)."""
    course = await session.get(Course, enrollment.course_id)
    if course is None:
        raise CourseGone("the course of this enrollment no longer exists")
    return build_state(course, await q.path_rows(session, course.id, enrollment.id))


async def completion_rule_met(session: AsyncSession, enrollment: Enrollment) -> bool:
    """Every lesson complete: its required sections done and, under mastery, its quiz
    passed at the pass mark (the completion workflow's activity asks this too)."""
    return (await load_state(session, enrollment)).course_complete()


def fraction_undone(lesson: LessonState) -> Decimal:
    """Share of the lesson's required reading still to do (0 when it has none)."""
    required = lesson.required
    if not required:
        return Decimal(0)
    return Decimal(len(lesson.undone)) / Decimal(len(required))
