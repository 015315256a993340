"""Helpers shared by the progress and report tests: seeded enrollments, a running worker."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from core.settings import Settings
from db.base import utcnow
from db.models import Course, Enrollment, Section, SectionProgress, User
from schemas.enums import EnrollmentStatus
from schemas.temporal import enrollment_workflow_id
from worker import WorkerDeps, build_deps, build_workers


async def create_enrollment(
    session: AsyncSession,
    course: Course,
    student: User,
    *,
    status: EnrollmentStatus = EnrollmentStatus.active,
    activated_at: datetime | None = None,
    init_sections: bool = True,
    **fields: Any,
) -> Enrollment:
    """An enrollment as the saga leaves it: active, with a progress row per required section."""
    enrollment = Enrollment(
        course_id=course.id,
        student_id=student.id,
        workflow_id=enrollment_workflow_id(course.id, student.id),
        status=status,
        activated_at=activated_at or utcnow(),
        seat_held=True,
        **fields,
    )
    session.add(enrollment)
    await session.flush()
    if init_sections:
        sections = await session.execute(
            select(Section.id, Section.lesson_id).where(
                Section.course_id == course.id, Section.required.is_(True)
            )
        )
        for section_id, lesson_id in sections.all():
            session.add(
                SectionProgress(
                    enrollment_id=enrollment.id, section_id=section_id, lesson_id=lesson_id
                )
            )
        await session.flush()
    return enrollment


async def sections_of(session: AsyncSession, course: Course) -> list[Section]:
    """Sections in reading order (lesson position, then section position)."""
    from db.models import Lesson

    rows = await session.execute(
        select(Section)
        .join(Lesson, Lesson.id == Section.lesson_id)
        .where(Section.course_id == course.id)
        .order_by(Lesson.position, Section.position)
    )
    return list(rows.scalars())


@asynccontextmanager
async def running_worker(
    client: Client, settings: Settings, **overrides: Any
) -> AsyncIterator[WorkerDeps]:
    """The real worker (all workflows and activities) on the test's task queues."""
    deps = build_deps(settings, **overrides)
    workers = build_workers(
        client, deps, task_queue=settings.task_queue, llm_task_queue=settings.llm_task_queue
    )
    try:
        async with AsyncExitStack() as stack:
            for worker in workers:
                await stack.enter_async_context(worker)
            yield deps
    finally:
        await deps.engine.dispose()


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"
