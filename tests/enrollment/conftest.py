"""Fixtures of the enrollment tests: settings on a real database, worker deps, data."""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from core.security import hash_password
from core.settings import Settings
from db.models import Course, Enrollment, User
from db.session import transaction
from schemas.enums import Role
from tests.factories import TEST_PASSWORD, create_course, create_user
from worker import WorkerDeps, build_deps


@functools.cache
def shared_password_hash() -> str:
    return hash_password(TEST_PASSWORD)


@pytest.fixture
def db_url(postgres_session_url: str) -> str:
    """PostgreSQL by default; a module overrides this to run on SQLite as well."""
    return postgres_session_url


@dataclass
class EnrollEnv:
    settings: Settings
    deps: WorkerDeps
    client: Client

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.deps.sessionmaker

    async def course(self, **kwargs: Any) -> Course:
        async with transaction(self.sessionmaker) as session:
            author = await create_user(session, Role.instructor)
            return await create_course(session, author, **kwargs)

    async def students(self, n: int, role: Role = Role.student) -> list[User]:
        """Users written directly with one shared password hash: argon2 per user would
        dominate a 50-student test."""
        async with transaction(self.sessionmaker) as session:
            users = [
                User(
                    email=f"{role.value}-{uuid.uuid4().hex[:12]}@example.org",
                    full_name="Test Learner",
                    role=role,
                    password_hash=shared_password_hash(),
                )
                for _ in range(n)
            ]
            session.add_all(users)
            await session.flush()
            return users

    async def student(self, role: Role = Role.student) -> User:
        return (await self.students(1, role))[0]

    async def enrollment(self, **course: Any) -> uuid.UUID:
        """A pending enrollment row (no saga) of a new student in a new course."""
        course_row = await self.course(**course)
        student = await self.student()
        async with transaction(self.sessionmaker) as session:
            row = Enrollment(
                course_id=course_row.id, student_id=student.id, workflow_id=f"enroll-{student.id}"
            )
            session.add(row)
            await session.flush()
            return row.id


@pytest.fixture
async def env_factory(
    make_settings: Callable[..., Settings],
    db_url: str,
    task_queue: str,
    dev_env: WorkflowEnvironment,
) -> AsyncIterator[Callable[..., EnrollEnv]]:
    built: list[EnrollEnv] = []

    def factory(deps_overrides: dict[str, Any] | None = None, **overrides: Any) -> EnrollEnv:
        values: dict[str, Any] = {
            "task_queue": task_queue,
            "llm_task_queue": task_queue + "-llm",
            "database_url": db_url,
            "enrollment_answer_wait_s": 15.0,
        }
        values.update(overrides)
        settings = make_settings(**values)
        env = EnrollEnv(
            settings=settings,
            deps=build_deps(settings, **(deps_overrides or {})),
            client=dev_env.client,
        )
        built.append(env)
        return env

    yield factory
    for each in built:
        await each.deps.engine.dispose()


@pytest.fixture
def env(env_factory: Callable[..., EnrollEnv]) -> EnrollEnv:
    return env_factory()
