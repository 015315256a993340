"""Per-user rate limit for course generation (``generation_rate_limit_per_hour``).

The count comes from the database (``course_generations`` rows the caller requested in the
last hour), so it holds across API replicas and restarts and needs no extra store. Requests
racing each other at the very edge of the window can both pass: the overshoot is bounded by
the caller's own concurrency, which is acceptable for a cost guard.

Use it on the route: ``dependencies=[GenerationRateLimit]`` or a ``_: GenerationRateLimited``
parameter.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends
from sqlalchemy import func, select

from api.deps import CurrentUser, SessionDep, SettingsDep
from core.logging import get_logger
from db.models import CourseGeneration, User
from services.errors import RateLimited

WINDOW = timedelta(hours=1)
log = get_logger("courseflow.api.ratelimit")


async def limit_generations(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> User:
    """429 with ``Retry-After`` once the caller started the hourly maximum of generations."""
    now = datetime.now(UTC)
    since = now - WINDOW
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(CourseGeneration.created_at)).where(
                CourseGeneration.requested_by == user.id,
                CourseGeneration.created_at > since,
            )
        )
    ).one()
    limit = settings.generation_rate_limit_per_hour
    if count < limit:
        return user
    oldest_at = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
    retry_after = max(1, math.ceil((oldest_at + WINDOW - now).total_seconds()))
    log.warning("generation.rate_limited", user_id=str(user.id), count=count, limit=limit)
    raise RateLimited(
        f"at most {limit} course generations per hour; try again in {retry_after} s",
        retry_after_s=retry_after,
    )


GenerationRateLimit = Depends(limit_generations)
GenerationRateLimited = Annotated[User, GenerationRateLimit]
