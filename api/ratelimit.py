"""Per-user rate limit for course generation (``generation_rate_limit_per_hour``), as a
dependency: the rule and its count live in ``services.generation.check_rate_limit``.

Use it on the route: ``dependencies=[GenerationRateLimit]`` or a ``_: GenerationRateLimited``
parameter.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from api.deps import CurrentUser, SessionDep, SettingsDep
from services import generation
from services.accounts import User


async def limit_generations(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> User:
    """429 with ``Retry-After`` once the caller started the hourly maximum of generations."""
    await generation.check_rate_limit(session, settings, user)
    return user


GenerationRateLimit = Depends(limit_generations)
GenerationRateLimited = Annotated[User, GenerationRateLimit]
