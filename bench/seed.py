"""Rows a benchmark needs, written straight through the models (fast, no API round trips).

Students share one password hash (hashing 500 argon2 passwords would dominate the set-up) and
get tokens issued directly; courses come from the test factory so they look like real ones.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.security import hash_password, issue_access_token
from core.settings import Settings
from db.models import Course, User
from db.session import transaction
from schemas.enums import Role

BENCH_PASSWORD = "bench-password-not-secret"


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def seed_people(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, role: Role, count: int
) -> list[Person]:
    password_hash = hash_password(BENCH_PASSWORD)
    tag = uuid.uuid4().hex[:8]
    users = [
        User(
            email=f"{role.value}-{tag}-{i}@bench.example.org",
            full_name=f"Bench {role.value} {i}",
            role=role,
            password_hash=password_hash,
        )
        for i in range(count)
    ]
    async with transaction(sessionmaker) as session:
        session.add_all(users)
        await session.flush()
    people = []
    for user in users:
        token, _ = issue_access_token(settings, user.id, role.value)
        people.append(Person(user.id, user.email, token))
    return people


async def seed_courses(
    sessionmaker: async_sessionmaker[AsyncSession],
    author: Person,
    count: int,
    *,
    price_cents: int,
    capacity: int | None = None,
    modules: int = 2,
    lessons_per_module: int = 3,
) -> list[uuid.UUID]:
    """Published courses (``count`` of them) with sections and quizzes, priced as asked."""
    from tests.factories import create_course

    ids = []
    async with transaction(sessionmaker) as session:
        author_row = await session.get(User, author.id)
        assert author_row is not None
        for i in range(count):
            course: Course = await create_course(
                session,
                author_row,
                title=f"Bench course {i + 1}",
                modules=modules,
                lessons_per_module=lessons_per_module,
                price_cents=price_cents,
                capacity=capacity,
            )
            ids.append(course.id)
    return ids
