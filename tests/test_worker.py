"""worker.py wires every workflow and activity onto the two task queues."""

from __future__ import annotations

from collections.abc import Callable

from temporalio.client import Client

from activities.generation.throttle import PacedSlots
from core.settings import Settings
from worker import build_deps, build_workers, general_activities, llm_activities
from workflows.registry import ALL_WORKFLOWS


async def test_two_queues_with_every_workflow_and_the_model_rate_limit(
    dev_client: Client, make_settings: Callable[..., Settings], sqlite_session_url: str,
    task_queue: str,
) -> None:  # fmt: skip
    settings = make_settings(
        database_url=sqlite_session_url, llm_rate_limit_per_s=2.5, max_parallel_llm_calls=6,
        task_queue=task_queue, llm_task_queue=f"{task_queue}-llm",
    )  # fmt: skip
    deps = build_deps(settings)
    try:
        general, llm = build_workers(dev_client, deps)
        assert general.task_queue == task_queue
        assert llm.task_queue == f"{task_queue}-llm"
        general_config, llm_config = general.config(), llm.config()
        assert list(general_config.get("workflows", [])) == ALL_WORKFLOWS
        assert {w.__name__ for w in ALL_WORKFLOWS} >= {
            "CourseGenerationWorkflow",
            "EnrollmentWorkflow",
            "CourseCompletionWorkflow",
            "WeeklyReportWorkflow",
        }
        names = {fn.__name__ for fn in general_activities(deps)}
        assert {"reserve_seat", "charge_payment", "notify_user", "publish_course"} <= names
        assert {fn.__name__ for fn in llm_activities(deps)} == {
            "draft_outline",
            "generate_lesson",
            "judge_lesson",
        }
        # The model quota is one limit for the whole queue, however many workers poll it.
        assert llm_config.get("max_task_queue_activities_per_second") == 2.5
        assert llm_config.get("max_concurrent_activities") == 6
        assert not llm_config.get("workflows")
    finally:
        await deps.engine.dispose()


async def test_a_single_queue_worker_process(
    dev_client: Client, make_settings: Callable[..., Settings], sqlite_session_url: str,
    task_queue: str,
) -> None:  # fmt: skip
    settings = make_settings(database_url=sqlite_session_url, llm_task_queue=task_queue)
    deps = build_deps(settings)
    try:
        (only,) = build_workers(dev_client, deps, queues=("llm",))
        assert only.task_queue == task_queue
    finally:
        await deps.engine.dispose()


async def test_the_model_queue_follows_the_providers_quota(
    dev_client: Client, make_settings: Callable[..., Settings], sqlite_session_url: str,
    task_queue: str,
) -> None:  # fmt: skip
    """RPM/TPM settings become the queue's rate and the worker's slots (and its throttle)."""
    settings = make_settings(
        database_url=sqlite_session_url, task_queue=task_queue, llm_task_queue=f"{task_queue}-llm",
        llm_provider="anthropic", anthropic_api_key="k", anthropic_requests_per_minute=30,
        anthropic_tokens_per_minute=1_200_000, llm_call_duration_estimate_s=20,
        max_parallel_llm_calls=32,
    )  # fmt: skip
    deps = build_deps(settings)
    try:
        _, llm = build_workers(dev_client, deps)
        config = llm.config()
        # 30 RPM, and each lesson activity makes two calls (the lesson's and the judge's)
        assert config.get("max_task_queue_activities_per_second") == 0.25
        # With a TPM quota the slots follow the pacer, at most 10 (0.5/s x 20 s).
        tuner = config.get("tuner")
        assert tuner is not None and config.get("max_concurrent_activities") is None
        slots = tuner._get_activity_task_slot_supplier()
        assert isinstance(slots, PacedSlots) and slots.max_slots == 10
        assert slots.pacer.tokens_per_s == 1_200_000 / 60  # the worker's own pacer
    finally:
        await deps.engine.dispose()
