"""The bare baseline for API reads: FastAPI routes running the same queries as ours, and
nothing else (no authentication, no error handlers, no response models, no middleware).

The difference between ``GET /api/v1/me/progress`` and ``GET /bare/me/progress/{student}``
is what our stack adds on top of the query. Served by uvicorn:
``uvicorn bench.bare_api:app`` with ``COURSEFLOW_DATABASE_URL`` set.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Course, Enrollment
from db.queries import learning as q
from db.session import make_engine, make_sessionmaker


def _sessions(request: Request) -> async_sessionmaker[AsyncSession]:
    sessions: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessions


async def my_progress(session: AsyncSession, student_id: uuid.UUID) -> list[dict[str, Any]]:
    """The statements of ``GET /me/progress`` (api/routers/learning.py), as plain dicts."""
    stmt = (
        select(Enrollment, Course.title)
        .join(Course, Course.id == Enrollment.course_id)
        .where(Enrollment.student_id == student_id, Enrollment.status.in_(q.VISIBLE_STATUSES))
        .order_by(Enrollment.created_at)
    )
    rows = [(e, title) for e, title in (await session.execute(stmt)).all()]
    lessons = await q.lessons_of_courses(session, list({e.course_id for e, _ in rows}))
    progress = await q.lesson_rows(session, [e.id for e, _ in rows])
    out = []
    for e, title in rows:
        lesson_list = []
        for lesson in lessons[e.course_id]:
            row = progress.get((e.id, lesson.id))
            lesson_list.append(
                {
                    "lesson_id": str(lesson.id),
                    "title": lesson.title,
                    "percent": str(row.percent) if row else "0",
                    "best_quiz_score": row.best_quiz_score if row else None,
                    "completed": bool(row and row.completed_at),
                }
            )
        out.append(
            {
                "enrollment_id": str(e.id),
                "course_id": str(e.course_id),
                "course_title": title,
                "status": e.status.value,
                "percent": str(e.progress_percent),
                "lessons": lesson_list,
            }
        )
    return out


def create_bare_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.resolved_database_url, pool_size=settings.database_pool_size)
        app.state.sessionmaker = make_sessionmaker(engine)
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/bare/me/progress/{student_id}")
    async def bare_my_progress(student_id: uuid.UUID, request: Request) -> dict[str, Any]:
        async with _sessions(request)() as session:
            return {"courses": await my_progress(session, student_id)}

    @app.get("/bare/courses/{course_id}")
    async def bare_course(course_id: uuid.UUID, request: Request) -> dict[str, Any]:
        from bench.course_query import course_detail

        async with _sessions(request)() as session:
            body: dict[str, Any] | None = await course_detail(session, course_id)
        if body is None:
            raise HTTPException(404)
        return body

    return app


app = create_bare_app()
