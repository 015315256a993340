"""structlog configuration: readable console in development, JSON lines elsewhere."""

from __future__ import annotations

import logging
import sys

import structlog
from opentelemetry import trace
from structlog.types import EventDict, WrappedLogger
from temporalio import activity, workflow

# Keys Temporal puts on its log records, renamed to our field names.
_TEMPORAL_FIELDS = {
    "workflow_id": "workflow_id",
    "run_id": "run_id",
    "workflow_run_id": "run_id",
    "workflow_type": "workflow_type",
    "activity_type": "activity_type",
    "activity_id": "activity_id",
    "attempt": "attempt",
    "task_queue": "task_queue",
}


def _running_temporal_details() -> dict[str, object]:
    """IDs of the activity or workflow this code runs in, if any."""
    if activity.in_activity():
        info = activity.info()
        return {
            "workflow_id": info.workflow_id,
            "run_id": info.workflow_run_id,
            "workflow_type": info.workflow_type,
            "activity_type": info.activity_type,
            "activity_id": info.activity_id,
            "attempt": info.attempt,
            "task_queue": info.task_queue,
        }
    if workflow.in_workflow():
        winfo = workflow.info()
        return {
            "workflow_id": winfo.workflow_id,
            "run_id": winfo.run_id,
            "workflow_type": winfo.workflow_type,
            "task_queue": winfo.task_queue,
        }
    return {}


def add_temporal_context(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Add workflow_id, run_id and activity_type to every line logged inside Temporal code.

    Records from ``activity.logger`` / ``workflow.logger`` carry the IDs as ``extra``;
    structlog loggers used inside an activity get them from the running activity.
    """
    record = event_dict.get("_record")
    details = getattr(record, "temporal_activity", None) or getattr(
        record, "temporal_workflow", None
    )
    source = details if isinstance(details, dict) else _running_temporal_details()
    for key, value in source.items():
        field = _TEMPORAL_FIELDS.get(key)
        if field is not None:
            event_dict.setdefault(field, value)
    return event_dict


def add_trace_context(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """``trace_id`` and ``span_id`` of the span this line is written in (a request, a workflow
    or an activity, when tracing is on), in the hex form trace back ends search by."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict.setdefault("trace_id", trace.format_trace_id(context.trace_id))
        event_dict.setdefault("span_id", trace.format_span_id(context.span_id))
    return event_dict


# Libraries that log every request at INFO: a line per model call, S3 or HTTP request would
# drown ours and cost a formatted record each. The model SDKs (openai, anthropic) send through
# httpx2/httpcore2; tests/ops/test_logging.py checks that their client's package is here.
NOISY_LOGGERS = ("httpx", "httpcore", "httpx2", "httpcore2", "botocore", "urllib3")


def configure_logging(*, json: bool, level: str = "INFO") -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_temporal_context,
        add_trace_context,
    ]
    if json:
        # The IDs travel as JSON fields (add_temporal_context); keep messages clean.
        activity.logger.activity_info_on_message = False
        workflow.logger.workflow_info_on_message = False
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
