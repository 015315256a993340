"""Content access: who may read a course's section bodies, quiz prompts and media.

**The rule** (``content_access``): the course's author, admins, and learners whose enrollment
in the course is active or completed get everything. Everyone else who may see the course
(it is published) gets its outline — titles, objectives, estimated minutes — and the
lessons the author marked as free previews. A learner whose enrollment is pending,
waitlisted, cancelled or failed (a declined payment) is "everyone else".

Every route that returns content goes through this module: the course (``read_course``),
a lesson (``read_lesson``), a section (``read_section``) and a quiz (``read_quiz``). A new
content route (media, an export) calls ``content_access`` — or ``require_content`` to
refuse outright — and ``tests/learning/test_access.py`` walks every GET route in the
OpenAPI document as an outsider, so one that forgets fails there.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.models import Course, Enrollment, Lesson, Section, User
from db.queries import learning as q
from schemas.catalog import CourseDetail, LessonDetail, SectionDetail
from schemas.enums import EnrollmentStatus
from schemas.learning import QuizOut
from services import catalog
from services.catalog import ContentAccess
from services.errors import Forbidden, NotFound
from services.learning import quiz_policy
from services.learning.progression import Rules

# Enrollments that open a course's content (the same that show progress).
READING_STATUSES = frozenset({EnrollmentStatus.active, EnrollmentStatus.completed})


class ContentNotFound(NotFound):
    pass


class ContentLocked(Forbidden):
    """The caller sees the course's outline only (``require_content``)."""


async def content_access(session: AsyncSession, user: User, course: Course) -> ContentAccess:
    """The one content-access rule (see the module's docstring)."""
    if catalog.can_manage_course(user, course):
        return ContentAccess(full=True, reason="manages_course")
    statuses = await q.enrollment_statuses(session, course.id, user.id)
    if statuses & READING_STATUSES:
        return ContentAccess(full=True, reason="enrolled")
    previews = frozenset(await q.free_preview_lessons(session, course.id))
    # The most hopeful status explains the refusal best (pending before failed).
    order = [EnrollmentStatus.pending, EnrollmentStatus.waitlisted,
             EnrollmentStatus.cancelled, EnrollmentStatus.failed]  # fmt: skip
    seen = [s for s in order if s in statuses]
    reason = f"enrollment_{seen[0].value}" if seen else "not_enrolled"
    return ContentAccess(full=False, reason=reason, preview_lessons=previews)


async def require_content(session: AsyncSession, user: User, course: Course) -> ContentAccess:
    """For routes that serve the whole course's content or nothing (an export, a media
    file of a lesson): refuse readers who see the outline only."""
    access = await content_access(session, user, course)
    if not access.full:
        raise ContentLocked(
            f"enroll in this course to read its content ({access.reason.replace('_', ' ')})"
        )
    return access


async def read_course(session: AsyncSession, user: User, course_id: uuid.UUID) -> CourseDetail:
    return await catalog.get_course(session, user, course_id, content_access)


async def _readable(session: AsyncSession, user: User, course_id: uuid.UUID) -> Course:
    course = await session.get(Course, course_id)
    if course is None or not catalog.can_read_course(user, course):
        raise ContentNotFound("no such lesson or section")
    return course


async def _lesson(session: AsyncSession, user: User, lesson_id: uuid.UUID) -> tuple[
    Lesson, Course, ContentAccess
]:  # fmt: skip
    lesson = await q.lesson_with_content(session, lesson_id)
    if lesson is None:
        raise ContentNotFound("no such lesson")
    course = await _readable(session, user, lesson.course_id)
    return lesson, course, await content_access(session, user, course)


async def read_lesson(session: AsyncSession, user: User, lesson_id: uuid.UUID) -> LessonDetail:
    """A lesson with its content, or its outline (sections without bodies, no questions)."""
    lesson, course, access = await _lesson(session, user, lesson_id)
    view = catalog.lesson_view(
        lesson, keys=catalog.can_manage_course(user, course), content=access.opens(lesson.id)
    )
    return LessonDetail(
        **view.model_dump(), course_id=course.id, module_id=lesson.module_id, access=access.out()
    )


async def read_section(session: AsyncSession, user: User, section_id: uuid.UUID) -> SectionDetail:
    """A section; its body only when the reader may read its lesson."""
    section = await session.get(Section, section_id)
    if section is None:
        raise ContentNotFound("no such section")
    course = await _readable(session, user, section.course_id)
    access = await content_access(session, user, course)
    return SectionDetail(
        id=section.id, position=section.position, title=section.title,
        body_markdown=section.body_markdown if access.opens(section.lesson_id) else None,
        required=section.required, revision=section.revision, course_id=course.id,
        lesson_id=section.lesson_id, access=access.out(),
    )  # fmt: skip


async def _my_enrollment(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> Enrollment | None:
    found = await q.latest_active_enrollment(session, user.id, course_id)
    return None if found is None else found[0]


async def read_quiz(session: AsyncSession, user: User, lesson_id: uuid.UUID) -> QuizOut:
    """A lesson's quiz: its policy, its questions (when the reader may read the lesson; keys
    for managers only) and the caller's standing when they are enrolled."""
    lesson, course, access = await _lesson(session, user, lesson_id)
    if not lesson.questions:
        raise ContentNotFound("this lesson has no quiz")
    content = access.opens(lesson.id)
    keys = catalog.can_manage_course(user, course)
    rules = Rules.of(course)
    enrollment = await _my_enrollment(session, user, course.id)
    me = None
    if enrollment is not None:
        me = await quiz_policy.status_of(session, course, enrollment, lesson.id, now=utcnow())
    return QuizOut(
        lesson_id=lesson.id, course_id=course.id, pass_mark=rules.pass_mark,
        mastery_required=rules.mastery, attempt_limit=rules.attempt_limit,
        cooldown_s=rules.cooldown_s, question_count=len(lesson.questions),
        content_visible=content, questions=catalog.quiz_view(lesson, keys) if content else [],
        me=me,
    )  # fmt: skip
