"""Property-based tests (Hypothesis) of the enrollment invariants on real PostgreSQL.

The activities are reached by their Temporal names through the worker's own wiring
(``general_activities``), so the tests hold wherever the rules live behind them.

- Seats: for any interleaving of enroll and cancel (some steps run concurrently), seats
  taken equal the seats held and never exceed capacity; after every sequential step the
  holders and the waitlist's order equal a first-in-first-out model.
- Ledger: for any sequence of charges (succeeding, declined, transiently failing), retries
  (repeated, and raced by two callers at once) and refunds, each enrollment has at most one
  charge and one refund, a refund never exceeds nor precedes its charge, and the sums equal
  a model that knows only which calls should have succeeded.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from core.settings import Settings
from db.models import Course, Enrollment, Payment
from db.session import transaction
from schemas.enrollment import ChargeInput, RefundInput, SeatInput
from schemas.enums import EnrollmentStatus, PaymentKind, Role
from tests.factories import create_course, create_token_user
from worker import WorkerDeps, build_deps, general_activities

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def activity_named(deps: WorkerDeps, name: str) -> Callable[..., Any]:
    for fn in general_activities(deps):
        if getattr(fn, "__temporal_activity_definition").name == name:
            return fn
    raise AssertionError(f"no activity {name}")


async def run(deps: WorkerDeps, name: str, input: Any) -> Any:
    return await ActivityEnvironment().run(activity_named(deps, name), input)


async def new_enrollments(
    deps: WorkerDeps, n: int, **course: Any
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    async with transaction(deps.sessionmaker) as session:
        author = await create_token_user(session, Role.instructor)
        row = await create_course(session, author, modules=0, **course)
        ids = []
        for _ in range(n):
            student = await create_token_user(session, Role.student)
            enrollment = Enrollment(course_id=row.id, student_id=student.id,
                                    workflow_id=f"enroll-{row.id}-{student.id}")  # fmt: skip
            session.add(enrollment)
            await session.flush()
            ids.append(enrollment.id)
        return row.id, ids


# --- seats and the waitlist ---------------------------------------------------------------
@dataclass
class SeatModel:
    capacity: int
    holders: set[int] = field(default_factory=set)
    queue: list[int] = field(default_factory=list)

    def enroll(self, who: int) -> None:
        if len(self.holders) < self.capacity:
            self.holders.add(who)
        else:
            self.queue.append(who)

    def cancel(self, who: int) -> None:
        if who in self.holders:
            self.holders.remove(who)
            if self.queue:
                self.holders.add(self.queue.pop(0))
        else:
            self.queue.remove(who)


async def enroll(deps: WorkerDeps, course_id: uuid.UUID, enrollment_id: uuid.UUID) -> None:
    seat = await run(
        deps, "reserve_seat", SeatInput(enrollment_id=enrollment_id, course_id=course_id)
    )
    if seat.reserved:
        await set_status(deps, enrollment_id, EnrollmentStatus.active)


async def cancel(deps: WorkerDeps, course_id: uuid.UUID, enrollment_id: uuid.UUID) -> None:
    """As the saga does: a waiting enrollment leaves the queue, then the seat compensation
    gives back whatever seat it holds (its own, or one handed over meanwhile)."""
    seat = SeatInput(enrollment_id=enrollment_id, course_id=course_id)
    async with deps.sessionmaker() as session:
        row = await session.get(Enrollment, enrollment_id)
        assert row is not None
        waitlisted = row.status is EnrollmentStatus.waitlisted
    if waitlisted:
        await run(deps, "leave_waitlist", seat)
    await run(deps, "release_seat", seat)
    await set_status(deps, enrollment_id, EnrollmentStatus.cancelled)


async def set_status(deps: WorkerDeps, enrollment_id: uuid.UUID, status: EnrollmentStatus) -> None:
    async with transaction(deps.sessionmaker) as session:
        await session.execute(
            update(Enrollment).where(Enrollment.id == enrollment_id).values(status=status)
        )


async def seat_state(
    deps: WorkerDeps, course_id: uuid.UUID
) -> tuple[int, set[uuid.UUID], list[uuid.UUID]]:
    async with deps.sessionmaker() as session:
        taken = await session.scalar(select(Course.seats_taken).where(Course.id == course_id))
        held = set(await session.scalars(select(Enrollment.id).where(
            Enrollment.course_id == course_id, Enrollment.seat_held.is_(True))))  # fmt: skip
        queue = list(await session.scalars(
            select(Enrollment.id)
            .where(Enrollment.course_id == course_id, Enrollment.seat_held.is_(False),
                   Enrollment.status == EnrollmentStatus.waitlisted)
            .order_by(Enrollment.waitlisted_at, Enrollment.id)
        ))  # fmt: skip
    return int(taken or 0), held, queue


@st.composite
def seat_scenarios(draw: st.DrawFn) -> tuple[int, int, list[list[tuple[str, int]]]]:
    """(capacity, students, steps): each step is one op, or several run at once."""
    capacity, students = draw(st.integers(1, 3)), draw(st.integers(2, 7))
    fresh, enrolled = list(range(students)), []
    steps: list[list[tuple[str, int]]] = []
    while fresh or enrolled:
        size = draw(st.integers(1, 3))
        step: list[tuple[str, int]] = []
        for _ in range(size):
            choices = [("enroll", s) for s in fresh] + [("cancel", s) for s in enrolled]
            if not choices:
                break
            kind, who = draw(st.sampled_from(choices))
            (fresh if kind == "enroll" else enrolled).remove(who)
            if kind == "enroll":
                enrolled.append(who)
            step.append((kind, who))
        steps.append(step)
        if draw(st.booleans()) and not fresh:
            break  # some runs end with students still enrolled or waiting
    return capacity, students, steps


@PROPERTY
@given(scenario=seat_scenarios())
async def test_seats_never_exceed_capacity_and_the_waitlist_is_fifo(
    scenario: tuple[int, int, list[list[tuple[str, int]]]],
    make_settings: Callable[..., Settings], postgres_session_url: str,
) -> None:  # fmt: skip
    capacity, students, steps = scenario
    deps = build_deps(make_settings(database_url=postgres_session_url))
    try:
        course_id, ids = await new_enrollments(deps, students, capacity=capacity)
        model = SeatModel(capacity)
        for step in steps:
            ops = {"enroll": enroll, "cancel": cancel}
            await asyncio.gather(*(ops[kind](deps, course_id, ids[who]) for kind, who in step))
            taken, held, queue = await seat_state(deps, course_id)
            assert taken == len(held) <= capacity
            if len(step) == 1:  # sequential: the exact first-in-first-out outcome
                getattr(model, step[0][0])(step[0][1])
                assert held == {ids[w] for w in model.holders}
                assert queue == [ids[w] for w in model.queue]
            else:  # concurrent: whatever the order, the model restarts from what happened
                model.holders = {ids.index(e) for e in held}
                model.queue = [ids.index(e) for e in queue]
    finally:
        await deps.engine.dispose()


# --- the payment ledger ----------------------------------------------------------------------
TOKENS = ["tok_visa", "tok_processingError", "tok_chargeDeclined"]


@dataclass
class LedgerModel:
    charged: dict[int, int] = field(default_factory=dict)
    refunded: dict[int, int] = field(default_factory=dict)


async def charge(deps: WorkerDeps, enrollment_id: uuid.UUID, amount: int, token: str) -> bool:
    """One call as Temporal would make it; True when it succeeded."""
    try:
        body = ChargeInput(enrollment_id=enrollment_id, amount_cents=amount, currency="USD",
                           token=token)  # fmt: skip
        await run(deps, "charge_payment", body)
    except ApplicationError:
        return False
    return True


async def refund(deps: WorkerDeps, enrollment_id: uuid.UUID, amount: int) -> bool:
    try:
        record = await run(
            deps, "refund_payment", RefundInput(enrollment_id=enrollment_id, amount_cents=amount)
        )
    except ApplicationError:
        return False
    return record is not None


ledger_ops = st.lists(
    st.tuples(
        st.sampled_from(["charge", "retry", "race", "refund", "refund-again"]),
        st.integers(0, 2),  # which enrollment
        st.sampled_from(TOKENS),
        st.sampled_from([900, 2500]),
    ),
    min_size=1, max_size=12,
)  # fmt: skip


@PROPERTY
@given(ops=ledger_ops)
async def test_the_ledger_balances_for_any_charges_refunds_and_retries(
    ops: list[tuple[str, int, str, int]],
    make_settings: Callable[..., Settings], postgres_session_url: str,
) -> None:  # fmt: skip
    deps = build_deps(make_settings(database_url=postgres_session_url))
    try:
        _, ids = await new_enrollments(deps, 3)
        model = LedgerModel()
        last_charge: dict[int, tuple[int, str]] = {}
        for kind, who, token, amount in ops:
            if kind in ("retry", "race") and who in last_charge:
                amount, token = last_charge[who]  # the same call again: same key, same body
            if kind in ("charge", "retry"):
                ok = await charge(deps, ids[who], amount, token)
            elif kind == "race":  # two workers running the same activity at once
                ok = any(
                    await asyncio.gather(*(charge(deps, ids[who], amount, token) for _ in range(2)))
                )
            else:
                charged = model.charged.get(who)
                ok = await refund(deps, ids[who], charged or amount)
                if ok:
                    model.refunded[who] = charged or amount
                continue
            last_charge.setdefault(who, (amount, token))
            if ok:
                model.charged.setdefault(who, amount)
        await assert_ledger(deps, ids, model)
    finally:
        await deps.engine.dispose()


async def assert_ledger(deps: WorkerDeps, ids: list[uuid.UUID], model: LedgerModel) -> None:
    async with deps.sessionmaker() as session:
        for n, enrollment_id in enumerate(ids):
            ledger = select(Payment).where(Payment.enrollment_id == enrollment_id)
            rows = list(await session.scalars(ledger.order_by(Payment.created_at)))
            kinds = [r.kind for r in rows]
            assert kinds in ([], [PaymentKind.charge], [PaymentKind.charge, PaymentKind.refund])
            charged = sum(r.amount_cents for r in rows if r.kind is PaymentKind.charge)
            refunded = sum(r.amount_cents for r in rows if r.kind is PaymentKind.refund)
            assert 0 <= refunded <= charged
            assert (charged, refunded) == (model.charged.get(n, 0), model.refunded.get(n, 0))
        total = await session.scalar(
            select(func.count()).select_from(Payment).where(Payment.enrollment_id.in_(ids))
        )
    assert total == len(model.charged) + len(model.refunded)
