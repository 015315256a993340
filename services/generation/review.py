"""The review queue of a generated course: every finding per lesson with its evidence, an
author's acceptance of a finding (an override with a recorded reason), and publishing once
no finding is open. Findings come from the stored lessons (written when each lesson was, the
judge's included) plus the course-wide checks run again on what is stored now. A finding the
judge settled with verified evidence (``Finding.settled``) is listed with that evidence and is
not open.

A lesson an author edited (``PATCH`` of the lesson, a section or a question moves its
``revision`` past ``findings_revision``) is checked again from its stored content: the
queue and the publish gate judge what learners would read, and publishing stores those
findings on the lesson. The judge's findings of the earlier revision are dropped as stale
(``LessonReview.judge_stale``); an override holds for the revision it was given at."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from core.settings import Settings
from db.models import Course, CourseGeneration, FindingOverride, Lesson, User
from db.queries import catalog as catalog_q
from db.queries import generation as q
from db.queries.generation import LessonText
from schemas.enums import CourseStatus
from schemas.generation import (
    AcceptFindingIn,
    Finding,
    FindingOut,
    FindingOverrideOut,
    LessonReview,
    ReviewQueueOut,
)
from services.catalog import managed_course, publish_course
from services.errors import Conflict, NotFound
from services.generation.quality import QualityRules, assess_course, recheck_lesson, rules_from

log = get_logger("courseflow.generation.review")
COURSE_SCOPE = "course"


class FindingNotFound(NotFound):
    pass


class FindingsOpen(Conflict):
    """A generated course with findings nobody accepted cannot be published."""


class NotInReview(Conflict):
    pass


async def _overrides(
    session: AsyncSession, course_id: uuid.UUID
) -> dict[tuple[str, str, int], FindingOverride]:
    rows = await session.scalars(
        select(FindingOverride).where(FindingOverride.course_id == course_id)
    )
    return {(r.scope, r.finding_key, r.lesson_revision): r for r in rows}


def _out(
    finding: Finding, lesson_id: uuid.UUID | None, override: FindingOverride | None
) -> FindingOut:
    accepted = None
    if override is not None:
        accepted = FindingOverrideOut(
            reason=override.reason,
            accepted_by=override.accepted_by,
            accepted_at=override.accepted_at,
            lesson_revision=override.lesson_revision,
        )
    return FindingOut(
        key=finding.key, pointer=finding.pointer, lesson_id=lesson_id, accepted=accepted,
        **finding.model_dump(exclude={"scope"}),
    )  # fmt: skip


async def _rechecked(
    session: AsyncSession, course: Course, lessons: list[LessonText], rules: QualityRules
) -> dict[uuid.UUID, Lesson]:
    """Lessons edited since their findings were written get them from their content now
    (in ``lessons``, for the course-wide checks too); returns those lessons' rows."""
    edited = set(
        await session.scalars(
            select(Lesson.id).where(
                Lesson.course_id == course.id, Lesson.findings_revision != Lesson.revision
            )
        )
    )
    rows: dict[uuid.UUID, Lesson] = {}
    for lesson in lessons:
        if lesson.id not in edited:
            continue
        row = await catalog_q.lesson_with_content(session, lesson.id)
        if row is not None:
            found = recheck_lesson(row, course.language, rules)
            lesson.quality_findings = [f.model_dump(mode="json") for f in found]
            rows[lesson.id] = row
    return rows


async def _queue(
    session: AsyncSession, settings: Settings, course: Course, *, store: bool = False
) -> ReviewQueueOut:
    """``store``: write the findings of edited lessons onto them (publishing does)."""
    lessons = await q.lesson_texts(session, course.id)
    rechecked = await _rechecked(session, course, lessons, rules_from(settings))
    if store:
        for lesson in lessons:
            if (row := rechecked.get(lesson.id)) is not None:
                row.quality_findings, row.findings_revision = lesson.quality_findings, row.revision
    generation = (
        await session.get(CourseGeneration, course.generation_id) if course.generation_id else None
    )
    wanted = generation.request.brief().learning_objectives if generation else []
    assessed = assess_course(lessons, wanted, course.language, rules_from(settings))
    overrides = await _overrides(session, course.id)
    reviews = [
        LessonReview(
            lesson_id=lesson.id, title=lesson.title, revision=lesson.revision,
            judge_stale=lesson.id in rechecked and rechecked[lesson.id].judged_revision > 0,
            findings=[
                _out(f, lesson.id, overrides.get((str(lesson.id), f.key, lesson.revision)))
                for f in assessed.lessons[lesson.id]
            ],
        )
        for lesson in lessons
    ]  # fmt: skip
    course_findings = [
        _out(f, None, overrides.get((COURSE_SCOPE, f.key, 0))) for f in assessed.course
    ]
    every = [f for r in reviews for f in r.findings] + course_findings
    return ReviewQueueOut(
        course_id=course.id,
        course_status=course.status.value,
        open=sum(1 for f in every if f.accepted is None and f.settled is None),
        lessons=[r for r in reviews if r.findings or r.judge_stale],
        course_findings=course_findings,
    )


async def review_queue(
    session: AsyncSession, settings: Settings, user: User, course_id: uuid.UUID
) -> ReviewQueueOut:
    """The course's findings per lesson, for its author or an admin."""
    course = await managed_course(session, user, course_id)
    return await _queue(session, settings, course)


async def accept_finding(
    session: AsyncSession,
    settings: Settings,
    user: User,
    course_id: uuid.UUID,
    body: AcceptFindingIn,
) -> FindingOut:
    """Record the author's override of one current finding; accepting it again changes
    nothing (the first reason stays)."""
    course = await managed_course(session, user, course_id)
    if course.status not in (CourseStatus.review, CourseStatus.draft):
        raise NotInReview(
            f"findings are accepted before publishing; this course is {course.status}"
        )
    queue = await _queue(session, settings, course)
    pool = (
        queue.course_findings
        if body.lesson_id is None
        else [f for r in queue.lessons if r.lesson_id == body.lesson_id for f in r.findings]
    )
    found = next((f for f in pool if f.key == body.key), None)
    if found is None:
        raise FindingNotFound(f"no current finding {body.key!r} in this scope")
    if found.accepted is not None:
        return found
    revision = next((r.revision for r in queue.lessons if r.lesson_id == body.lesson_id), 0)
    row = FindingOverride(
        course_id=course.id,
        scope=str(body.lesson_id) if body.lesson_id else COURSE_SCOPE,
        lesson_revision=revision,
        finding_key=body.key,
        code=found.code.value,
        reason=body.reason,
        accepted_by=user.id,
    )
    session.add(row)
    await session.flush()
    log.info("finding.accepted", course_id=str(course.id), key=body.key, user_id=str(user.id))
    accepted = FindingOverrideOut(
        reason=row.reason,
        accepted_by=user.id,
        accepted_at=row.accepted_at,
        lesson_revision=revision,
    )
    return found.model_copy(update={"accepted": accepted})


async def publish_reviewed(
    session: AsyncSession, settings: Settings, user: User, course_id: uuid.UUID
) -> Course:
    """Publish a course in review. A generated course needs every finding accepted first:
    the review queue is the gate, not a list to scroll past."""
    course = await managed_course(session, user, course_id)
    if course.generation_id is not None and course.status == CourseStatus.review:
        queue = await _queue(session, settings, course, store=True)
        if queue.open:
            raise FindingsOpen(
                f"{queue.open} quality findings are open; accept each (with a reason) or "
                "regenerate the lesson before publishing"
            )
    return await publish_course(session, user, course_id)
