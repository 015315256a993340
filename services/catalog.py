"""The catalogue: who sees which course and which parts of it, and publishing.

Students see published courses without answer keys; a course's author (an instructor) and
admins see every status, the keys and the quality findings, and manage the course. Whether
a reader gets a lesson's content (section bodies, quiz prompts) or only its outline is the
learning domain's content-access rule (``services.learning.access``): the course is shaped
here from the ``ContentAccess`` that rule hands over, and ``get_course`` cannot run without it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from core.sanitize import sanitize_markdown, sanitize_text
from db.base import utcnow
from db.models import Course, Lesson, QuizQuestion, Section, User
from db.queries import catalog as q
from db.queries.accounts import get_user_by_email
from db.queries.catalog import CourseFilter, CourseScope
from schemas.catalog import (
    AuthoredCourse,
    AuthoredQuestion,
    ContentAccessOut,
    CourseDetail,
    CoursePage,
    CoursePatch,
    CourseSummary,
    LessonOut,
    LessonPatch,
    ModuleOut,
    QuizQuestionOut,
    QuizQuestionPatch,
    SectionOut,
    SectionPatch,
)
from schemas.enums import CourseStatus, Role
from schemas.generation import stored_finding
from services.errors import Conflict, FieldInvalid, Forbidden, NotFound

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


# --- authoring: PATCH course, lesson, section, quiz question ----------------------------------
class NotInCourse(NotFound):
    pass


class AuthoringInvalid(FieldInvalid):
    pass


def section_hash(title: str, body: str) -> str:
    """The same content hash as generated sections (``services.generation.drafting``)."""
    return hashlib.sha256(f"{title}\n\x00{body}".encode()).hexdigest()


async def authored_course(session: AsyncSession, course: Course) -> AuthoredCourse:
    summary = CourseSummary.model_validate(course).model_dump()
    return AuthoredCourse(
        **summary,
        revision=course.revision,
        audience=course.audience,
        enrollment_opens_at=course.enrollment_opens_at,
        enrollment_closes_at=course.enrollment_closes_at,
        starts_at=course.starts_at,
        prerequisite_ids=await q.prerequisite_ids(session, course.id),
    )


async def _check_prerequisites(
    session: AsyncSession, course: Course, wanted: list[uuid.UUID]
) -> list[uuid.UUID]:
    unique = list(dict.fromkeys(wanted))
    if course.id in unique:
        raise AuthoringInvalid("prerequisite_ids", "a course cannot require itself")
    found = await q.existing_course_ids(session, unique)
    missing = [str(i) for i in unique if i not in found]
    if missing:
        raise AuthoringInvalid("prerequisite_ids", f"unknown courses {', '.join(missing)}")
    return unique


async def edit_course(
    session: AsyncSession, user: User, course_id: uuid.UUID, patch: CoursePatch
) -> AuthoredCourse:
    """Course metadata, by its author or an admin; text sanitised like generated content.
    A change of what learners read (title, description, audience) bumps ``revision``."""
    course = await managed_course(session, user, course_id)
    changes = patch.changes()
    for name in ("title", "description", "audience", "price_cents", "currency", "difficulty",
                 "enrollment_opens_at", "enrollment_closes_at", "starts_at"):  # fmt: skip
        if name in changes and changes[name] is None and name not in NULLABLE_COURSE_FIELDS:
            raise AuthoringInvalid(name, "may not be null")
    for name in ("title", "audience"):
        if changes.get(name) is not None:
            changes[name] = sanitize_text(changes[name])
    if changes.get("description") is not None:
        changes["description"] = sanitize_markdown(changes["description"])
    capacity = changes.get("capacity", course.capacity)
    if "capacity" in changes and capacity is not None and capacity < course.seats_taken:
        raise AuthoringInvalid(
            "capacity", f"{course.seats_taken} seats are taken; capacity cannot be lower"
        )
    opens = changes.get("enrollment_opens_at", course.enrollment_opens_at)
    closes = changes.get("enrollment_closes_at", course.enrollment_closes_at)
    if opens is not None and closes is not None and _aware(opens) >= _aware(closes):
        raise AuthoringInvalid("enrollment_closes_at", "must be after enrollment_opens_at")
    if "prerequisite_ids" in changes:
        wanted = await _check_prerequisites(session, course, changes.pop("prerequisite_ids") or [])
        await q.set_prerequisites(session, course.id, wanted)
    content = False
    for name, value in changes.items():
        if getattr(course, name) != value:
            content = content or name in ("title", "description", "audience")
            setattr(course, name, value)
    if content:
        course.revision += 1
    await session.flush()
    log.info("course.edited", course_id=str(course.id), fields=sorted(patch.model_fields_set))
    return await authored_course(session, course)


NULLABLE_COURSE_FIELDS = frozenset(
    {"audience", "enrollment_opens_at", "enrollment_closes_at", "starts_at"}
)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _managed_lesson(
    session: AsyncSession, user: User, course_id: uuid.UUID, lesson_id: uuid.UUID
) -> tuple[Course, Lesson]:
    course = await managed_course(session, user, course_id)
    lesson = await q.lesson_with_content(session, lesson_id)
    if lesson is None or lesson.course_id != course.id:
        raise NotInCourse("no such lesson in this course")
    return course, lesson


def _bump(course: Course, lesson: Lesson) -> int:
    """A content edit: the lesson's and the course's revisions move on; returns the lesson's."""
    lesson.revision += 1
    course.revision += 1
    return lesson.revision


def _no_nulls(changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if value is None:
            raise AuthoringInvalid(name, "may not be null")


async def edit_lesson(
    session: AsyncSession,
    user: User,
    course_id: uuid.UUID,
    lesson_id: uuid.UUID,
    patch: LessonPatch,
) -> LessonOut:
    """A lesson's title, objectives, estimated minutes or free preview; sections and quiz
    questions keep their IDs (and learners their progress)."""
    course, lesson = await _managed_lesson(session, user, course_id, lesson_id)
    changes = patch.changes()
    _no_nulls(changes)
    if "title" in changes:
        changes["title"] = sanitize_text(changes["title"])
    if "objectives" in changes:
        changes["objectives"] = [sanitize_text(o) for o in changes["objectives"]]
    changed = {k: v for k, v in changes.items() if getattr(lesson, k) != v}
    for name, value in changed.items():
        setattr(lesson, name, value)
    if changed.keys() & {"title", "objectives"}:
        _bump(course, lesson)
    await session.flush()
    log.info("lesson.edited", lesson_id=str(lesson.id), fields=sorted(changed))
    return lesson_view(lesson, keys=True, content=True)


async def edit_section(
    session: AsyncSession,
    user: User,
    course_id: uuid.UUID,
    section_id: uuid.UUID,
    patch: SectionPatch,
) -> SectionOut:
    """A section's title, body or ``required``. Changed text is sanitised, gets a new content
    hash and the lesson's next revision; the section keeps its ID, and every other section
    (and learners' progress on it) is untouched, as a lesson regeneration leaves them."""
    section = await session.get(Section, section_id)
    if section is None or section.course_id != course_id:
        await managed_course(session, user, course_id)  # 404/403 for the course first
        raise NotInCourse("no such section in this course")
    course, lesson = await _managed_lesson(session, user, course_id, section.lesson_id)
    changes = patch.changes()
    _no_nulls(changes)
    title = sanitize_text(changes.get("title", section.title))[:200]
    body = sanitize_markdown(changes.get("body_markdown", section.body_markdown)).strip()
    if not title or not body.strip():
        raise AuthoringInvalid("body_markdown" if title else "title", "is empty once sanitised")
    if "required" in changes:
        section.required = changes["required"]
    digest = section_hash(title, body)
    if digest != section.content_hash:
        section.title, section.body_markdown, section.content_hash = title, body, digest
        section.revision = _bump(course, lesson)
    await session.flush()
    log.info("section.edited", section_id=str(section.id), revision=section.revision)
    return SectionOut.model_validate(section)


async def edit_question(
    session: AsyncSession,
    user: User,
    course_id: uuid.UUID,
    question_id: uuid.UUID,
    patch: QuizQuestionPatch,
) -> AuthoredQuestion:
    """A quiz question's prompt, options, answer key, explanation or source section; the key
    must point at an option and the source section must be in the same lesson."""
    question = await session.get(QuizQuestion, question_id)
    lesson_id = question.lesson_id if question is not None else None
    if question is None or lesson_id is None:
        await managed_course(session, user, course_id)
        raise NotInCourse("no such quiz question in this course")
    course, lesson = await _managed_lesson(session, user, course_id, lesson_id)
    changes = patch.changes()
    _no_nulls({k: v for k, v in changes.items() if k != "section_id"})
    if "prompt" in changes:
        changes["prompt"] = sanitize_text(changes["prompt"])
    if "options" in changes:
        changes["options"] = [sanitize_text(o) for o in changes["options"]]
        if any(not o for o in changes["options"]):
            raise AuthoringInvalid("options", "an option is empty once sanitised")
        if len(set(changes["options"])) != len(changes["options"]):
            raise AuthoringInvalid("options", "options must differ")
    if "explanation" in changes:
        changes["explanation"] = sanitize_markdown(changes["explanation"])
    options = changes.get("options", question.options)
    key = changes.get("answer_index", question.answer_index)
    if not 0 <= key < len(options):
        raise AuthoringInvalid("answer_index", f"must point at one of the {len(options)} options")
    if changes.get("section_id") is not None and changes["section_id"] not in {
        s.id for s in lesson.sections
    }:
        raise AuthoringInvalid("section_id", "no such section in this lesson")
    changed = {k: v for k, v in changes.items() if getattr(question, k) != v}
    for name, value in changed.items():
        setattr(question, name, value)
    if changed:
        _bump(course, lesson)
    await session.flush()
    log.info("question.edited", question_id=str(question.id), fields=sorted(changed))
    out = QuizQuestionOut.model_validate(question).model_dump()
    return AuthoredQuestion(**out, lesson_id=lesson.id, lesson_revision=lesson.revision)
