"""The catalogue: who sees which course and which parts of it, and publishing.

Students see published courses without answer keys; a course's author (an instructor) and
admins see every status, the keys and the quality findings, and manage the course. Whether
a reader gets a lesson's content (section bodies, quiz prompts) or only its outline is the
learning domain's content-access rule (``services.learning.access``): the course is shaped
here from the ``ContentAccess`` that rule hands over, and ``get_course`` cannot run without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from db.base import utcnow
from db.models import Course, Lesson, Section, User
from db.queries import catalog as q
from db.queries.accounts import get_user_by_email
from db.queries.catalog import CourseFilter, CourseScope
from schemas.catalog import (
    ContentAccessOut,
    CourseDetail,
    CoursePage,
    CourseSummary,
    LessonOut,
    ModuleOut,
    QuizQuestionOut,
    SectionOut,
)
from schemas.enums import CourseStatus, Role
from schemas.generation import stored_finding
from services.errors import Conflict, Forbidden, NotFound

__all__ = [
    "AUTHOR_ROLES",
    "AccessRule",
    "ContentAccess",
    "CourseFilter",
    "CourseNotFound",
    "CourseNotInReview",
    "NotAnAuthor",
    "NotCourseManager",
    "author_by_email",
    "can_manage_course",
    "can_read_course",
    "get_course",
    "lesson_view",
    "list_courses",
    "managed_course",
    "publish_course",
    "quiz_view",
]

log = get_logger("courseflow.catalog")


class CourseNotFound(NotFound):
    pass


class NotCourseManager(Forbidden):
    def __init__(
        self, detail: str = "only the course's instructor or an admin may do this"
    ) -> None:
        super().__init__(detail)


class CourseNotInReview(Conflict):
    pass


class NotAnAuthor(NotFound):
    pass


# Who may author courses (generate, publish, regenerate lessons).
AUTHOR_ROLES = frozenset({Role.instructor, Role.admin})


async def author_by_email(session: AsyncSession, email: str) -> User:
    """An account that may author courses, by e-mail (the CLI names its author so)."""
    user = await get_user_by_email(session, email)
    if user is None or user.role not in AUTHOR_ROLES:
        raise NotAnAuthor(f"no instructor or admin account with the e-mail {email}")
    return user


def can_manage_course(user: User, course: Course) -> bool:
    """A course is managed by its author (an instructor) and by admins."""
    return user.role == Role.admin or course.author_id == user.id


def can_read_course(user: User, course: Course) -> bool:
    """Published courses for everyone signed in; any status for those who manage it."""
    return course.status == CourseStatus.published or can_manage_course(user, course)


@dataclass(frozen=True)
class ContentAccess:
    """A reader's access to a course's content, as the content-access rule decided it."""

    full: bool
    reason: str
    preview_lessons: frozenset[uuid.UUID] = field(default_factory=frozenset)

    def opens(self, lesson_id: uuid.UUID) -> bool:
        return self.full or lesson_id in self.preview_lessons

    def out(self) -> ContentAccessOut:
        return ContentAccessOut(level="full" if self.full else "outline", reason=self.reason)


AccessRule = Callable[[AsyncSession, User, Course], Awaitable[ContentAccess]]


def _scope(user: User) -> CourseScope:
    if user.role == Role.admin:
        return CourseScope(everything=True)
    if user.role == Role.instructor:
        return CourseScope(author_id=user.id)
    return CourseScope()


async def list_courses(
    session: AsyncSession, user: User, wanted: CourseFilter, limit: int, offset: int
) -> CoursePage:
    total, rows = await q.list_courses(session, _scope(user), wanted, limit, offset)
    items = [CourseSummary.model_validate(c) for c in rows]
    return CoursePage(items=items, total=total, limit=limit, offset=offset)


def quiz_view(lesson: Lesson, keys: bool) -> list[QuizQuestionOut]:
    """The lesson's questions; answer keys and explanations only with ``keys``."""
    questions = []
    for question in lesson.questions:
        out = QuizQuestionOut.model_validate(question)
        if not keys:
            out.answer_index, out.explanation = None, None
        questions.append(out)
    return questions


def _section_out(section: Section, content: bool) -> SectionOut:
    out = SectionOut.model_validate(section)
    if not content:
        out.body_markdown = None
    return out


def lesson_view(lesson: Lesson, *, keys: bool, content: bool) -> LessonOut:
    """A lesson with its sections and quiz (``content``), or its outline: titles, objectives
    and estimated minutes, section titles without bodies and no quiz questions."""
    return LessonOut(
        id=lesson.id,
        position=lesson.position,
        title=lesson.title,
        objectives=[str(o) for o in lesson.objectives],
        estimated_minutes=lesson.estimated_minutes,
        status=lesson.status,
        revision=lesson.revision,
        free_preview=lesson.free_preview,
        content_visible=content,
        question_count=len(lesson.questions),
        quality_findings=[stored_finding(f).line() for f in lesson.quality_findings]
        if keys
        else None,
        sections=[_section_out(s, content) for s in lesson.sections],
        questions=quiz_view(lesson, keys) if content else [],
    )


async def get_course(
    session: AsyncSession, user: User, course_id: uuid.UUID, access_rule: AccessRule
) -> CourseDetail:
    """One course with its tree; answer keys and findings only for those who manage it, and
    an unpublished course only for them (others are told it does not exist). Lesson content
    is shaped by what ``access_rule`` decides for this reader."""
    course = await q.course_tree(session, course_id)
    if course is None or not can_read_course(user, course):
        raise CourseNotFound("no such course")
    manage = can_manage_course(user, course)
    access = await access_rule(session, user, course)
    summary = CourseSummary.model_validate(course).model_dump()
    return CourseDetail(
        **summary,
        audience=course.audience,
        revision=course.revision,
        enrollment_opens_at=course.enrollment_opens_at,
        enrollment_closes_at=course.enrollment_closes_at,
        starts_at=course.starts_at,
        pass_mark=course.pass_mark,
        generation_id=course.generation_id,
        prerequisite_ids=await q.prerequisite_ids(session, course.id),
        quality_findings=list(course.quality_findings) if manage else None,
        access=access.out(),
        modules=[
            ModuleOut(
                id=m.id,
                position=m.position,
                title=m.title,
                summary=m.summary,
                lessons=[
                    lesson_view(lesson, keys=manage, content=access.opens(lesson.id))
                    for lesson in m.lessons
                ],
            )
            for m in course.modules
        ],
    )


async def managed_course(
    session: AsyncSession,
    user: User,
    course_id: uuid.UUID,
    refusal: str = "only the course's instructor or an admin may do this",
) -> Course:
    """The course, when ``user`` manages it (``refusal`` says what was refused otherwise)."""
    course = await q.get_course(session, course_id)
    if course is None:
        raise CourseNotFound("no such course")
    if not can_manage_course(user, course):
        raise NotCourseManager(refusal)
    return course


async def publish_course(session: AsyncSession, user: User, course_id: uuid.UUID) -> Course:
    """Publish a course waiting in review; a published course stays as it is (idempotent)."""
    course = await managed_course(session, user, course_id)
    if course.status == CourseStatus.published:
        return course
    if course.status != CourseStatus.review:
        raise CourseNotInReview(
            f"only a course in review can be published; this one is {course.status}"
        )
    course.status = CourseStatus.published
    course.published_at = utcnow()
    await session.flush()
    log.info("course.published", course_id=str(course.id), user_id=str(user.id))
    return course
