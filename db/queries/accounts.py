"""Accounts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.security import hash_password
from db.models import User
from schemas.enums import Role

DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("admin@example.com", "Ada Admin", Role.admin),
    ("instructor@example.com", "Ivan Instructor", Role.instructor),
    ("student@example.com", "Sam Student", Role.student),
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    )
    return result.scalar_one_or_none()


async def create_user(
    session: AsyncSession, *, email: str, full_name: str, role: Role, password: str
) -> User:
    user = User(
        email=normalise_email(email),
        full_name=full_name,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    await session.flush()
    return user


async def ensure_demo_users(session: AsyncSession, password: str) -> list[User]:
    """Create the development accounts that do not exist yet; never touch existing ones."""
    users = []
    for email, name, role in DEMO_ACCOUNTS:
        user = await get_user_by_email(session, email)
        if user is None:
            user = await create_user(
                session, email=email, full_name=name, role=role, password=password
            )
        users.append(user)
    return users
