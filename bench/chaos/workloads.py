"""What runs while a fault is injected: an enrollment batch, a small course generation and a
re-engagement run over idle learners.

The first two go through the public API like a client would, retrying a request that failed
because a dependency was down (5xx, connection refused), then wait until the database shows
every piece of work in a final state. The re-engagement run is started on Temporal (as its
schedule does) and awaited. All waiting is bounded by a deadline.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from sqlalchemy import Connection, Engine, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from bench.clients import generation_request
from bench.seed import Person, seed_courses, seed_people
from core.settings import Settings
from db.models import CourseGeneration, Enrollment
from schemas.enums import EnrollmentStatus, GenerationStatus, Role

T = TypeVar("T")
API = "/api/v1"
POLL_S = 0.1
PRICE_CENTS = 4900
# Four good cards and a declined one into three seats: seats, the waitlist, a compensation
# (declined charge) and, after the cancel below, a refund and a promotion.
TOKENS = ("tok_visa", "tok_visa", "tok_chargeDeclined", "tok_visa", "tok_visa")
CAPACITY = 3
SETTLED = frozenset({EnrollmentStatus.active, EnrollmentStatus.failed, EnrollmentStatus.cancelled,
                     EnrollmentStatus.completed, EnrollmentStatus.waitlisted})  # fmt: skip
FINAL = SETTLED - {EnrollmentStatus.waitlisted}
GENERATION_FINAL = frozenset(GenerationStatus) - {
    GenerationStatus.running,
    GenerationStatus.awaiting_review,
}


class TrialError(RuntimeError):
    """A workload did not finish (or could not start) before its deadline."""


@dataclass
class Deadline:
    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        return self.at - time.monotonic()

    def check(self, what: str) -> None:
        if self.left() <= 0:
            raise TrialError(f"{what} did not happen before the deadline")


@dataclass
class ApiSession:
    """An HTTP client on the API plus every 5xx answer it got (a client retries those)."""

    http: httpx.AsyncClient
    server_errors: list[str] = field(default_factory=list)


async def request_with_retry(
    api: ApiSession,
    method: str,
    url: str,
    deadline: Deadline,
    *,
    headers: dict[str, str],
    json: dict[str, object] | None = None,
    retry_500: bool = True,
) -> httpx.Response:
    """Retry while the API answers 5xx or cannot be reached (a dependency is down).

    503 is the API's answer for a dependency that is down; a 500 (an unhandled error) is also
    retried when the request is idempotent, and recorded in ``api.server_errors``.
    """
    delay = 0.2
    while True:
        try:
            response = await api.http.request(method, url, headers=headers, json=json)
            if response.status_code < 500:
                return response
            last = f"{response.status_code} {response.text[:200]}"
            api.server_errors.append(f"{method} {url.split('/')[-1]}: {last[:120]}")
            if response.status_code == 500 and not retry_500:
                raise TrialError(f"{method} {url}: {last}")
        except httpx.HTTPError as exc:
            last = f"{type(exc).__name__}: {exc}"
        if deadline.left() <= 0:
            raise TrialError(f"{method} {url}: {last}")
        await asyncio.sleep(delay)
        delay = min(delay * 2, 2.0)


async def poll_db(
    engine: Engine, read: Callable[[Connection], T | None], deadline: Deadline, what: str
) -> T:
    """Run ``read(conn)`` in a thread until it returns non-None (tolerating a database outage)."""

    def attempt() -> T | None:
        with engine.connect() as conn:
            result: T | None = read(conn)
            return result

    while True:
        try:
            result = await asyncio.to_thread(attempt)
            if result is not None:
                return result
        except Exception:  # the database may be the thing that is down right now
            pass
        deadline.check(what)
        await asyncio.sleep(POLL_S)


# --- enrollments --------------------------------------------------------------------------
@dataclass
class EnrollmentBatch:
    course_id: uuid.UUID
    students: list[Person]
    enrollment_ids: list[uuid.UUID] = field(default_factory=list)


async def seed_enrollment_batch(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, author: Person
) -> EnrollmentBatch:
    (course_id,) = await seed_courses(
        sessions, author, 1, price_cents=PRICE_CENTS, capacity=CAPACITY, modules=1,
        lessons_per_module=2,
    )  # fmt: skip
    students = await seed_people(sessions, settings, Role.student, len(TOKENS))
    return EnrollmentBatch(course_id, students)


async def _statuses(
    engine: Engine, ids: list[uuid.UUID], deadline: Deadline, accept: frozenset[EnrollmentStatus]
) -> dict[uuid.UUID, EnrollmentStatus]:
    def read(conn: Connection) -> dict[uuid.UUID, EnrollmentStatus] | None:
        rows = conn.execute(
            select(Enrollment.id, Enrollment.status).where(Enrollment.id.in_(ids))
        ).all()
        found = {r.id: r.status for r in rows}
        return found if len(found) == len(ids) and set(found.values()) <= accept else None

    return await poll_db(engine, read, deadline, f"enrollments reaching {sorted(accept)}")


async def run_enrollments(
    api: ApiSession, engine: Engine, batch: EnrollmentBatch, deadline: Deadline
) -> EnrollmentBatch:
    """Enroll everyone at once; once settled, cancel one active enrollment (refund and
    promotion); then wait until every enrollment is final (waitlisted ones are promoted or
    reach the waitlist deadline)."""

    async def enroll(student: Person, token: str) -> uuid.UUID:
        url = f"{API}/courses/{batch.course_id}/enrollments"
        # Idempotent by contract: repeating the POST returns the same enrollment.
        response = await request_with_retry(
            api, "POST", url, deadline, headers=student.headers, json={"payment_token": token}
        )
        if response.status_code in (402, 409) and "enrollment_id" in response.json():
            return uuid.UUID(response.json()["enrollment_id"])  # a refusal names its row
        if response.status_code not in (200, 201, 202):
            raise TrialError(f"POST {url}: {response.status_code} {response.text[:200]}")
        return uuid.UUID(response.json()["id"])

    batch.enrollment_ids = list(
        await asyncio.gather(*(enroll(s, t) for s, t in zip(batch.students, TOKENS, strict=True)))
    )
    statuses = await _statuses(engine, batch.enrollment_ids, deadline, SETTLED)
    active = [i for i, s in statuses.items() if s == EnrollmentStatus.active]
    if active:
        owner = batch.students[batch.enrollment_ids.index(active[0])]
        response = await request_with_retry(
            api, "DELETE", f"{API}/enrollments/{active[0]}", deadline, headers=owner.headers
        )
        accepted = response.status_code in (200, 202)
        if response.status_code == 409:  # a retried DELETE whose first attempt took effect?
            read = await request_with_retry(
                api, "GET", f"{API}/enrollments/{active[0]}", deadline, headers=owner.headers
            )
            accepted = read.status_code == 200 and read.json()["status"] == "cancelled"
        if not accepted:
            raise TrialError(f"DELETE enrollment: {response.status_code} {response.text[:200]}")
        # "active" is final for the others, not for this one: a 202 (the saga did not answer
        # in time, e.g. its worker was just killed) means the refund and the release are
        # still to come. Checking before they finish saw a refunded enrollment still active.
        cancelled = frozenset({EnrollmentStatus.cancelled})
        await _statuses(engine, [active[0]], deadline, cancelled)
    await _statuses(engine, batch.enrollment_ids, deadline, FINAL)
    return batch


# --- generation ---------------------------------------------------------------------------
async def start_generation_once(
    api: ApiSession,
    engine: Engine,
    author: Person,
    body: dict[str, object],
    deadline: Deadline,
) -> uuid.UUID:
    """POST the generation; after a 500 (it may or may not have been created: the POST is
    not idempotent) look for it by its unique title before posting again, like a careful
    client would."""
    url = f"{API}/course-generations"

    def created(conn: Connection) -> tuple[uuid.UUID | None]:
        rows = conn.execute(
            select(CourseGeneration.id, CourseGeneration.request).where(
                CourseGeneration.requested_by == author.id
            )
        ).all()
        return (next((r.id for r in rows if r.request.brief().title == body["title"]), None),)

    while True:
        try:
            response = await request_with_retry(
                api, "POST", url, deadline, headers=author.headers, json=body, retry_500=False
            )
        except TrialError:
            if deadline.left() <= 0:
                raise
            (existing,) = await poll_db(engine, created, deadline, "generation lookup")
            if existing is not None:
                return existing
            continue
        if response.status_code != 202:
            raise TrialError(f"POST {url}: {response.status_code} {response.text[:200]}")
        return uuid.UUID(response.json()["id"])


async def run_generation(
    api: ApiSession,
    engine: Engine,
    author: Person,
    modules: int,
    lessons: int,
    deadline: Deadline,
) -> uuid.UUID:
    """Request a course and wait until its generation reaches a final status."""
    body = generation_request(modules, lessons, title=f"Chaos course {uuid.uuid4().hex[:8]}")
    gid = await start_generation_once(api, engine, author, body, deadline)

    def read(conn: Connection) -> GenerationStatus | None:
        status: GenerationStatus | None = conn.scalar(
            select(CourseGeneration.status).where(CourseGeneration.id == gid)
        )
        return status if status in GENERATION_FINAL else None

    await poll_db(engine, read, deadline, f"generation {gid} finishing")
    return gid


# --- re-engagement ---------------------------------------------------------------------------
IDLE_LEARNERS = 20
REMINDER_PAGE = 4  # many small pages: a fault lands mid-run


async def seed_idle_learners(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, author: Person
) -> list[uuid.UUID]:
    """Learners active in a new course, idle for a month: each is due one reminder today."""
    from datetime import timedelta

    from db.base import utcnow
    from db.session import transaction

    (course_id,) = await seed_courses(
        sessions, author, 1, price_cents=0, modules=1, lessons_per_module=1
    )
    learners = await seed_people(sessions, settings, Role.student, IDLE_LEARNERS)
    long_ago = utcnow() - timedelta(days=30)
    async with transaction(sessions) as session:
        session.add_all(
            Enrollment(
                course_id=course_id, student_id=p.id, workflow_id=f"bench-{p.id}",
                status=EnrollmentStatus.active, activated_at=long_ago, last_activity_at=long_ago,
                seat_held=True,
            )
            for p in learners
        )  # fmt: skip
    return [p.id for p in learners]


async def run_reengagement(client: Client, settings: Settings, deadline: Deadline) -> None:
    """One re-engagement run over every learner, to its (continued-as-new) end."""
    from schemas.learning import REENGAGEMENT_WORKFLOW, ReengagementInput, ReengagementResult

    handle = await client.start_workflow(
        REENGAGEMENT_WORKFLOW,
        ReengagementInput(page_size=REMINDER_PAGE, pages_per_run=3),
        id=f"chaos-reengagement-{uuid.uuid4().hex[:8]}",
        task_queue=settings.task_queue,
        result_type=ReengagementResult,
    )
    await asyncio.wait_for(handle.result(), max(deadline.left(), 0.1))
