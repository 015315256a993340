"""The worker process: the only place concrete adapters are wired into activities.

Two workers share one client: ``courseflow`` runs every workflow and the database
activities; ``courseflow-llm`` runs model calls with its own slots and rate limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from temporalio.client import Client
from temporalio.worker import FixedSizeSlotSupplier, Worker, WorkerTuner

from activities.enrollment import EnrollmentActivities, PaymentActivities, SeatActivities
from activities.generation import GenerationActivities, MediaActivities, ModelCallActivities
from activities.generation.throttle import ModelThrottle, PacedSlots, TokenPacer
from activities.learning import ExportActivities, LearningActivities, ReminderActivities
from activities.notifications import NotificationActivities
from activities.reports import ReportActivities
from adapters.images import make_images
from adapters.images.port import ImageGenerator
from adapters.llm import make_llm
from adapters.llm.port import LLMClient
from adapters.mail import make_mailer
from adapters.mail.port import Mailer
from adapters.payments import make_gateway
from adapters.payments.port import PaymentGateway
from adapters.storage import make_storage
from adapters.storage.port import ObjectStorage
from core.logging import get_logger
from core.process import freeze_startup_objects, precompile_workflow_code
from core.settings import Settings
from core.telemetry import flush_traces, worker_runtime
from core.temporal import connect, ensure_search_attributes
from core.worker_health import ACTIVITY, WORKFLOW, HealthServer, PollTarget, WorkerHealth
from db.session import make_engine, make_sessionmaker
from schemas.temporal import SEARCH_ATTRIBUTES
from services.generation.text import load_language_data
from services.learning import ensure_reengagement_schedule
from services.reports import ensure_schedules
from workflows.registry import ALL_WORKFLOWS

log = get_logger("courseflow.worker")


@dataclass
class WorkerDeps:
    """Everything activities are constructed with. Built once per process."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: ObjectStorage
    mailer: Mailer
    payments: PaymentGateway
    llm: LLMClient
    images: ImageGenerator


def build_deps(settings: Settings, **overrides: Any) -> WorkerDeps:
    """Concrete adapters chosen by settings; tests override single ones (a failing mailer)."""
    # Every model call opens a session before and after it: a burst of max_parallel_llm_calls
    # lessons must find kept connections, not open (and then drop) overflow ones.
    pool_size = settings.database_pool_size + settings.max_parallel_llm_calls
    engine = make_engine(settings.resolved_database_url, pool_size=pool_size)
    values: dict[str, Any] = {
        "settings": settings,
        "engine": engine,
        "sessionmaker": make_sessionmaker(engine),
        "storage": make_storage(settings),
        "mailer": make_mailer(settings),
    }
    values.update(overrides)
    if "payments" not in values:
        values["payments"] = make_gateway(settings)
    if "llm" not in values:
        values["llm"] = make_llm(settings)
    if "images" not in values:
        values["images"] = make_images(settings)
    return WorkerDeps(**values)


def general_activities(deps: WorkerDeps) -> list[Callable[..., Any]]:
    """Database, payment, mail, storage and report activities (task queue ``courseflow``)."""
    notifications = NotificationActivities(deps.sessionmaker, deps.mailer)
    learning = LearningActivities(deps.sessionmaker)
    reminders = ReminderActivities(deps.sessionmaker, deps.mailer)
    exports = ExportActivities(deps.sessionmaker, deps.storage)
    reports = ReportActivities(deps.sessionmaker, deps.storage, deps.settings)
    enrollment = EnrollmentActivities(deps.sessionmaker)
    seats = SeatActivities(deps.sessionmaker)
    payments = PaymentActivities(deps.sessionmaker, deps.payments)
    generation = GenerationActivities(deps.settings, deps.sessionmaker, notifications)
    media = MediaActivities(deps.settings, deps.storage, deps.images, deps.sessionmaker)
    return [
        generation.record_stage,
        generation.store_outline,
        generation.create_draft_course,
        generation.check_quality,
        generation.publish_course,
        generation.finish_generation,
        generation.close_generation,
        media.create_thumbnail,
        notifications.notify_user,
        learning.mark_enrollment_completed,
        learning.issue_certificate,
        reminders.send_reminders_page,
        exports.build_course_export,
        reports.start_report,
        reports.build_report,
        reports.fail_report,
        enrollment.check_eligibility,
        learning.init_progress,
        learning.remove_progress,
        enrollment.record_status,
        seats.reserve_seat,
        seats.release_seat,
        seats.leave_waitlist,
        payments.charge_payment,
        payments.refund_payment,
    ]


@dataclass
class ModelPacing:
    """One model worker's share of the provider's quota: its throttle (adapted to the 429s
    it sees) and its pacer (tokens per minute, by what the calls really use)."""

    throttle: ModelThrottle
    pacer: TokenPacer

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelPacing:
        _, slots = settings.model_queue_limits()
        pacer = TokenPacer(
            settings.llm_worker_tokens_per_minute, settings.llm_tokens_per_call_estimate
        )
        return cls(ModelThrottle(slots), pacer)


def llm_activities(deps: WorkerDeps, pacing: ModelPacing | None = None) -> list[Callable[..., Any]]:
    """Model calls (task queue ``courseflow-llm``)."""
    pacing = pacing or ModelPacing.from_settings(deps.settings)
    content = ModelCallActivities(
        deps.settings, deps.sessionmaker, deps.llm, pacing.throttle, pacing.pacer
    )
    return [
        content.draft_outline,
        content.generate_lesson,
        content.judge_lesson,
    ]


def model_slots(pacer: TokenPacer, slots: int) -> dict[str, Any]:
    """The model worker's slots: with a tokens-per-minute quota they follow its pacer
    (``PacedSlots``: tasks wait in Temporal's queue, where priority and fairness order them,
    not in this worker); without one, a fixed number."""
    if pacer.tokens_per_s is None:
        return {"max_concurrent_activities": slots}
    paced = PacedSlots(pacer, slots)
    fixed = FixedSizeSlotSupplier(100)  # unused: this worker has no workflows
    tuner = WorkerTuner.create_composite(
        workflow_supplier=fixed,
        activity_supplier=paced,
        local_activity_supplier=fixed,
        nexus_supplier=fixed,
    )
    return {"tuner": tuner}


def model_queue_polls(max_parallel_llm_calls: int) -> int:
    """Activity polls of the model queue: enough in flight that a fan-out of lessons starts
    together, not five at a time (the SDK's default)."""
    return max(5, min(max_parallel_llm_calls, 16))


def build_workers(
    client: Client,
    deps: WorkerDeps,
    *,
    task_queue: str | None = None,
    llm_task_queue: str | None = None,
    queues: Sequence[str] = ("general", "llm"),
    executor: ThreadPoolExecutor | None = None,
) -> list[Worker]:
    settings = deps.settings
    shutdown = timedelta(seconds=settings.worker_graceful_shutdown_s)
    workers = []
    general = general_activities(deps)
    if "general" in queues and (ALL_WORKFLOWS or general):
        workers.append(
            Worker(
                client,
                task_queue=task_queue or settings.task_queue,
                workflows=ALL_WORKFLOWS,
                activities=general,
                activity_executor=executor,
                graceful_shutdown_timeout=shutdown,
            )
        )
    pacing = ModelPacing.from_settings(settings)  # one per worker, as per process
    llm = llm_activities(deps, pacing)
    rate, slots = settings.model_queue_limits()
    if "llm" in queues and llm:  # a worker with nothing registered refuses to start
        workers.append(
            Worker(
                client,
                task_queue=llm_task_queue or settings.llm_task_queue,
                activities=llm,
                **model_slots(pacing.pacer, slots),
                max_concurrent_activity_task_polls=model_queue_polls(slots),
                # One limit for the whole queue, following the provider's requests per
                # minute, however many model workers poll it (tokens: TokenPacer).
                max_task_queue_activities_per_second=rate,
                activity_executor=executor,
                graceful_shutdown_timeout=shutdown,
            )
        )
    return workers


def poll_targets(workers: Sequence[Worker]) -> list[PollTarget]:
    """What each worker polls: a worker with workflows polls both kinds of task."""
    targets = []
    for worker in workers:
        config = worker.config()
        if config.get("workflows"):
            targets.append(PollTarget(worker.task_queue, WORKFLOW))
        if config.get("activities"):
            targets.append(PollTarget(worker.task_queue, ACTIVITY))
    return targets


def worker_health(client: Client, settings: Settings, workers: Sequence[Worker]) -> WorkerHealth:
    return WorkerHealth(
        client,
        identity=client.identity,  # the identity every worker built from it polls with
        targets=poll_targets(workers),
        interval_s=settings.worker_health_check_interval_s,
        stale_after_s=settings.worker_poll_stale_s,
    )


async def on_worker_start(client: Client, deps: WorkerDeps) -> None:
    """Idempotent set-up every worker does: search attributes (and schedules, when defined)."""
    await ensure_search_attributes(client, [key.name for key in SEARCH_ATTRIBUTES])
    await ensure_schedules(client, deps.settings)
    await ensure_reengagement_schedule(client, deps.settings)


async def run_worker(settings: Settings, queues: Sequence[str] = ("general", "llm")) -> None:
    """Run until SIGINT/SIGTERM, then finish or hand back in-flight tasks and exit."""
    client = await connect(settings, runtime=worker_runtime(settings))
    deps = build_deps(settings)
    await on_worker_start(client, deps)
    workers = build_workers(client, deps, queues=queues)
    if "general" in queues:
        for directory in precompile_workflow_code(ALL_WORKFLOWS):
            log.warning(
                "worker.bytecode_not_written",
                directory=str(directory),
                effect="each new workflow run compiles its module from source",
            )
    # The checks' language data now, not in the first lesson's checks (and frozen with the rest).
    languages = load_language_data(settings.quality_preload_languages)
    freeze_startup_objects()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("worker.started", queues=[w.task_queue for w in workers], languages=languages)
    runs = [asyncio.create_task(w.run()) for w in workers]
    stopper = asyncio.create_task(stop.wait())
    with contextlib.ExitStack() as probes:
        if settings.worker_health_port is not None:
            health = worker_health(client, settings, workers)
            probes.enter_context(HealthServer(health, settings.worker_health_port))
            checks = asyncio.create_task(health.run())
            probes.callback(checks.cancel)
        await asyncio.wait([*runs, stopper], return_when=asyncio.FIRST_COMPLETED)
    log.info("worker.stopping")
    await asyncio.gather(*(w.shutdown() for w in workers), return_exceptions=True)
    for run in runs:
        if run.done() and run.exception() is not None:
            log.error("worker.crashed", error=str(run.exception()))
    await deps.engine.dispose()
    flush_traces()
    log.info("worker.stopped")
