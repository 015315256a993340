"""Achievements: definitions are data (``achievement_definitions``, seeded by migration 0002,
edited by admins), each with a criteria object (``schemas.learning.Criteria``) evaluated
here.

``evaluate`` runs inside the transaction of the progress post or quiz attempt that may have
earned something: it reads the learner's standing (with that action's rows flushed) and
inserts each award with ``INSERT … ON CONFLICT DO NOTHING`` on the unique (user,
achievement) pair, so two concurrent actions that both qualify award once — the second
insert waits for the first transaction and then skips. Only the inserting transaction
writes the in-app notification. An action that rolls back takes its award with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.logging import get_logger
from db.base import utcnow
from db.models import AchievementDefinition, Enrollment, User
from db.queries import learning as q
from schemas.enums import EnrollmentStatus
from schemas.learning import (
    AchievementDefinitionOut,
    AchievementIn,
    AchievementPatch,
    ComebackCriteria,
    CountCriteria,
    Criteria,
    EarnedAchievementOut,
    MyAchievementsOut,
    NextAchievementOut,
    QuizScoreCriteria,
    StreakCriteria,
    WithinEstimateCriteria,
)
from schemas.notifications import NotifyUserInput
from services import notifications
from services.errors import Conflict, NotFound
from services.learning import events
from services.learning.streaks import Streak, learner_streak

log = get_logger("courseflow.learning.achievements")
AFTER = timedelta(microseconds=1)


class AchievementNotFound(NotFound):
    pass


class AchievementCodeTaken(Conflict):
    pass


@dataclass(frozen=True)
class Facts:
    """A learner's standing as the criteria read it."""

    counts: q.Counts
    streak: Streak
    course_finished: bool  # this action met its course's completion rule
    within_estimate: bool  # …with no more time spent than the estimate allows

    def idle_gap(self) -> int:
        """Days without learning before today's learning day (0: none today or no earlier
        one)."""
        if not self.streak.active_today:
            return 0
        earlier = [d for d in self.streak.days if d < self.streak.today]
        return (self.streak.today - max(earlier)).days - 1 if earlier else 0


def standing(criteria: Criteria, facts: Facts) -> tuple[int, int]:
    """(current, target): earned when current reaches target."""
    match criteria:
        case CountCriteria(kind=kind, threshold=threshold):
            return getattr(facts.counts, kind), threshold
        case QuizScoreCriteria(threshold=threshold):
            return facts.counts.best_graded_score, threshold
        case StreakCriteria(threshold=threshold):
            return facts.streak.current, threshold
        case ComebackCriteria(idle_days=days):
            return int(facts.idle_gap() >= days), 1
        case WithinEstimateCriteria():
            return int(facts.course_finished and facts.within_estimate), 1
    raise AssertionError(f"unhandled criteria {criteria!r}")  # pragma: no cover


async def _within_estimate(
    session: AsyncSession, enrollment: Enrollment, pending: list[AchievementDefinition]
) -> bool:
    factors = [d.criteria.factor for d in pending if isinstance(d.criteria, WithinEstimateCriteria)]
    if not factors:
        return False
    spent, estimate = await q.course_time_and_estimate(session, enrollment.id, enrollment.course_id)
    return estimate > 0 and spent <= estimate * max(factors)


async def _facts(
    session: AsyncSession, user: User, enrollment: Enrollment | None, now: datetime,
    pending: list[AchievementDefinition], course_finished: bool,
) -> Facts:  # fmt: skip
    counts = await q.counts(session, user.id)
    if course_finished and enrollment is not None and enrollment.status == EnrollmentStatus.active:
        # The completion workflow marks the enrollment completed after this commit.
        counts = q.Counts(counts.sections_completed, counts.lessons_completed,
                          counts.courses_completed + 1, counts.best_graded_score)  # fmt: skip
    within = (
        course_finished
        and enrollment is not None
        and await _within_estimate(session, enrollment, pending)
    )
    return Facts(counts, await learner_streak(session, user, now), course_finished, within)


async def _notify(session: AsyncSession, user: User, definition: AchievementDefinition) -> None:
    await notifications.record(
        session,
        NotifyUserInput(
            user_id=user.id,
            kind="achievement.earned",
            subject=f"Achievement earned: {definition.title}"[:300],
            body=definition.description or definition.title,
            dedupe_key=f"achievement:{user.id}:{definition.id}",
            email=False,
        ),
    )


async def evaluate(
    session: AsyncSession, user: User, enrollment: Enrollment | None, now: datetime, *,
    course_finished: bool = False,
) -> list[str]:  # fmt: skip
    """Award what the learner now meets, once each; the codes this call awarded."""
    held = {award.achievement_id for award, _ in await q.earned(session, user.id)}
    pending = [d for d in await q.definitions(session, active_only=True) if d.id not in held]
    if not pending:
        return []
    await session.flush()  # the action's own rows count
    facts = await _facts(session, user, enrollment, now, pending, course_finished)
    awarded = []
    for definition in pending:
        current, target = standing(definition.criteria, facts)
        enrollment_id = None if enrollment is None else enrollment.id
        if current >= target and await q.award(session, user.id, definition.id,
                                                enrollment_id, now):  # fmt: skip
            await _notify(session, user, definition)
            if enrollment is not None:  # stamped just after the action that earned it
                await events.record_earned(session, enrollment, definition.id, now + AFTER)
            awarded.append(definition.code)
            log.info("achievement.awarded", user_id=str(user.id), code=definition.code)
    return awarded


# --- the learner's view -------------------------------------------------------------------
def _percent(current: int, target: int) -> Decimal:
    return (Decimal(100) * min(current, target) / target).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


async def my_achievements(
    session: AsyncSession, user: User, now: datetime | None = None
) -> MyAchievementsOut:
    """Earned (oldest first) and the active ones not earned yet, closest first."""
    now = now or utcnow()
    awards = await q.earned(session, user.id)
    held = {award.achievement_id for award, _ in awards}
    pending = [d for d in await q.definitions(session, active_only=True) if d.id not in held]
    facts = await _facts(session, user, None, now, pending, course_finished=False)
    upcoming = []
    for definition in pending:
        current, target = standing(definition.criteria, facts)
        upcoming.append(
            NextAchievementOut(
                code=definition.code,
                title=definition.title,
                description=definition.description,
                current=min(current, target),
                target=target,
                percent=_percent(current, target),
            )
        )
    upcoming.sort(key=lambda a: (-a.percent, a.target))
    return MyAchievementsOut(
        earned=[
            EarnedAchievementOut(
                code=d.code, title=d.title, description=d.description, earned_at=award.earned_at
            )
            for award, d in awards
        ],
        next=upcoming,
    )


# --- admins' editing ----------------------------------------------------------------------
async def list_definitions(session: AsyncSession) -> list[AchievementDefinitionOut]:
    rows = await q.definitions(session, active_only=False)
    return [AchievementDefinitionOut.model_validate(row) for row in rows]


async def create_definition(session: AsyncSession, body: AchievementIn) -> AchievementDefinitionOut:
    if await q.definition_by_code(session, body.code) is not None:
        raise AchievementCodeTaken(f"an achievement with code {body.code!r} exists")
    row = AchievementDefinition(**body.model_dump(exclude={"criteria"}), criteria=body.criteria)
    session.add(row)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent create of the same code
        raise AchievementCodeTaken(f"an achievement with code {body.code!r} exists") from None
    log.info("achievement.defined", code=body.code)
    return AchievementDefinitionOut.model_validate(row)


async def update_definition(
    session: AsyncSession, code: str, body: AchievementPatch
) -> AchievementDefinitionOut:
    """Change the fields sent. Awards already made stay (criteria apply from now on)."""
    row = await q.definition_by_code(session, code)
    if row is None:
        raise AchievementNotFound(f"no achievement with code {code!r}")
    for field in body.model_fields_set:
        value = getattr(body, field)
        if value is not None:
            setattr(row, field, value)
    await session.flush()
    log.info("achievement.updated", code=code)
    return AchievementDefinitionOut.model_validate(row)
