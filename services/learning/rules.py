"""A course's progression settings, as its author reads and changes them.

Order, pass mark, mastery, minimum engagement, attempt limit, cool-down, and per lesson:
free preview and prerequisites. Learners and outsiders who can see the course may read the
settings (they explain the path); only its author or an admin may change them.

Prerequisites must name other lessons of the same course and may not form a cycle; in
sequential order they must also point back (an earlier lesson): a later one could never be
completed before it, and the learner would be stuck. The rules apply to every enrollment
at once, existing ones included: progress already made is kept and re-evaluated.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from db.models import Course, Lesson, User
from db.queries import learning as q
from schemas.enums import ProgressionOrder
from schemas.learning import LessonRulesIn, LessonRulesOut, ProgressionIn, ProgressionOut
from services import catalog
from services.errors import FieldInvalid

log = get_logger("courseflow.learning")

# Fields that hold a value, never null (null turns the others off).
NOT_NULL = ("order", "pass_mark", "mastery_required", "quiz_cooldown_s")
COLUMNS = {
    "order": "progression_order",
    "pass_mark": "pass_mark",
    "mastery_required": "mastery_required",
    "min_engagement_s": "min_engagement_s",
    "quiz_attempt_limit": "quiz_attempt_limit",
    "quiz_cooldown_s": "quiz_cooldown_s",
}


async def _out(session: AsyncSession, course: Course) -> ProgressionOut:
    lessons = await q.lessons_in_order(session, course.id)
    needs: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for lesson_id, other in await q.prerequisite_pairs(session, course.id):
        needs[lesson_id].append(other)
    order = {row.id: i for i, row in enumerate(lessons)}
    return ProgressionOut(
        course_id=course.id, order=course.progression_order, pass_mark=course.pass_mark,
        mastery_required=course.mastery_required, min_engagement_s=course.min_engagement_s,
        quiz_attempt_limit=course.quiz_attempt_limit, quiz_cooldown_s=course.quiz_cooldown_s,
        lessons=[
            LessonRulesOut(
                lesson_id=row.id, title=row.title, position=row.position,
                module_position=row.module_position, free_preview=row.free_preview,
                prerequisites=sorted(needs[row.id], key=lambda other: order.get(other, 0)),
                has_quiz=row.quiz_size > 0,
            )
            for row in lessons
        ],
    )  # fmt: skip


async def progression_settings(
    session: AsyncSession, user: User, course_id: uuid.UUID
) -> ProgressionOut:
    """The settings of a course the caller can see."""
    course = await session.get(Course, course_id)
    if course is None or not catalog.can_read_course(user, course):
        raise catalog.CourseNotFound("no such course")
    return await _out(session, course)


def _check_fields(body: ProgressionIn) -> None:
    for name in NOT_NULL:
        if name in body.model_fields_set and getattr(body, name) is None:
            raise FieldInvalid(name, "may not be null", "none_forbidden")


def _lesson_changes(
    order: dict[uuid.UUID, int], changes: list[LessonRulesIn]
) -> dict[uuid.UUID, LessonRulesIn]:
    """Each change names a lesson of this course once, and prerequisites of it."""
    seen: dict[uuid.UUID, LessonRulesIn] = {}
    for i, change in enumerate(changes):
        where = f"lessons.{i}"
        if change.lesson_id not in order:
            raise FieldInvalid(f"{where}.lesson_id", "is not a lesson of this course")
        if change.lesson_id in seen:
            raise FieldInvalid(f"{where}.lesson_id", "appears twice")
        for other in change.prerequisites or []:
            if other == change.lesson_id:
                raise FieldInvalid(f"{where}.prerequisites", "a lesson cannot need itself")
            if other not in order:
                raise FieldInvalid(f"{where}.prerequisites", f"{other} is not in this course")
        seen[change.lesson_id] = change
    return seen


def _cycle(graph: dict[uuid.UUID, set[uuid.UUID]]) -> bool:
    """Whether following prerequisites ever leads back to where it started."""
    state: dict[uuid.UUID, int] = {}  # 1: on the current path, 2: done

    def visit(node: uuid.UUID) -> bool:
        state[node] = 1
        for other in graph.get(node, ()):
            if state.get(other) == 1 or (other not in state and visit(other)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(graph))


def _check_graph(
    graph: dict[uuid.UUID, set[uuid.UUID]], order: dict[uuid.UUID, int], mode: ProgressionOrder
) -> None:
    if _cycle(graph):
        raise FieldInvalid("lessons", "prerequisites may not form a cycle")
    if mode == ProgressionOrder.sequential:
        forward = [lid for lid, needs in graph.items() if any(order[n] > order[lid] for n in needs)]
        if forward:
            raise FieldInvalid(
                "lessons",
                "in sequential order a prerequisite must be an earlier lesson "
                f"(lesson {forward[0]} needs a later one)",
            )


async def update_progression(
    session: AsyncSession, user: User, course_id: uuid.UUID, body: ProgressionIn
) -> ProgressionOut:
    """Change the fields sent (the author or an admin); nothing changes on any error."""
    course = await catalog.managed_course(
        session, user, course_id, "only the course's instructor or an admin can set its rules"
    )
    _check_fields(body)
    lessons = await q.lessons_in_order(session, course.id)
    order = {row.id: i for i, row in enumerate(lessons)}
    changes = _lesson_changes(order, body.lessons or [])
    graph: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for lesson_id, other in await q.prerequisite_pairs(session, course.id):
        graph[lesson_id].add(other)
    for lesson_id, change in changes.items():
        if change.prerequisites is not None:
            graph[lesson_id] = set(change.prerequisites)
    mode = body.order or course.progression_order
    _check_graph(graph, order, mode)
    for name in body.model_fields_set & set(COLUMNS):
        setattr(course, COLUMNS[name], getattr(body, name))
    for lesson_id, change in changes.items():
        if change.free_preview is not None:
            lesson = await session.get(Lesson, lesson_id)
            assert lesson is not None
            lesson.free_preview = change.free_preview
        if change.prerequisites is not None:
            await q.replace_prerequisites(
                session, lesson_id, sorted(set(change.prerequisites), key=order.__getitem__)
            )
    await session.flush()
    log.info("course.progression_updated", course_id=str(course.id), user_id=str(user.id),
             fields=sorted(body.model_fields_set))  # fmt: skip
    return await _out(session, course)
