"""The statements of ``GET /courses/{id}`` (api/routers/catalog.py) for the bare baseline:
the course with modules, lessons, sections and quiz questions (selectinload) and its
prerequisites, rendered as plain dicts for a student (answer keys left out)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Course, Lesson, Module, course_prerequisites


async def course_detail(session: AsyncSession, course_id: uuid.UUID) -> dict[str, Any] | None:
    lessons = selectinload(Course.modules).selectinload(Module.lessons)
    course = await session.scalar(
        select(Course)
        .where(Course.id == course_id)
        .options(lessons.selectinload(Lesson.sections), lessons.selectinload(Lesson.questions))
    )
    if course is None:
        return None
    prerequisites = await session.scalars(
        select(course_prerequisites.c.prerequisite_id).where(
            course_prerequisites.c.course_id == course.id
        )
    )
    return {
        "id": str(course.id),
        "title": course.title,
        "description": course.description,
        "status": course.status.value,
        "price_cents": course.price_cents,
        "prerequisite_ids": [str(p) for p in prerequisites],
        "modules": [
            {
                "id": str(m.id),
                "position": m.position,
                "title": m.title,
                "lessons": [_lesson(lesson) for lesson in m.lessons],
            }
            for m in course.modules
        ],
    }


def _lesson(lesson: Lesson) -> dict[str, Any]:
    return {
        "id": str(lesson.id),
        "position": lesson.position,
        "title": lesson.title,
        "objectives": lesson.objectives,
        "sections": [
            {"id": str(s.id), "title": s.title, "body_markdown": s.body_markdown}
            for s in lesson.sections
        ],
        "quiz": [
            {"id": str(q.id), "prompt": q.prompt, "options": q.options} for q in lesson.questions
        ],
    }
