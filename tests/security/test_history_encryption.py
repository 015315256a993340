"""Temporal history never holds personal data in plaintext: inputs, results, activity
arguments, failure messages and memos all pass through the shared AES-GCM codec."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from temporalio.api.common.v1 import Payload
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from core.codec import EncryptionCodec
from core.settings import Settings
from core.temporal import connect
from tests.conftest import ApiFactory
from tests.security.saga import payloads_in, run_priced_enrollment
from tests.security.support_workflows import Contact, ContactWorkflow, check_mailbox, greet_contact


def _contact() -> Contact:
    tag = uuid.uuid4().hex[:10]
    return Contact(
        email=f"grace.{tag}@example.org",
        full_name=f"Grace Hopper {tag}",
        payment_reference=f"pay_ref_{tag}",
    )


async def _run(client: Client, task_queue: str, contact: Contact) -> tuple[str, bytes]:
    workflow_id = f"contact-{uuid.uuid4().hex}"
    async with Worker(
        client,
        task_queue=task_queue,
        workflows=[ContactWorkflow],
        activities=[check_mailbox, greet_contact],
    ):
        handle = await client.start_workflow(
            ContactWorkflow.run,
            contact,
            id=workflow_id,
            task_queue=task_queue,
            memo={"contact": contact.email},
        )
        result = await handle.result()
    # The client decodes transparently: the data really went through the workflow.
    assert contact.email in result.greeting
    assert contact.email in result.rejected_reason  # the failure message, decoded
    history = await handle.fetch_history()
    raw = history.to_json().encode() + b"".join(e.SerializeToString() for e in history.events)
    return workflow_id, raw


async def test_raw_history_contains_no_email_name_or_payment_reference(
    dev_env: WorkflowEnvironment, task_queue: str
) -> None:
    contact = _contact()
    _, raw = await _run(dev_env.client, task_queue, contact)
    for value in (contact.email, contact.full_name, contact.payment_reference):
        assert value.encode() not in raw, f"{value!r} is in the history in plaintext"
    assert b"binary/encrypted" in raw or b"YmluYXJ5L2VuY3J5cHRlZA" in raw


async def test_failure_messages_are_encoded_in_history(
    dev_env: WorkflowEnvironment, task_queue: str
) -> None:
    contact = _contact()
    workflow_id, _ = await _run(dev_env.client, task_queue, contact)
    history = await dev_env.client.get_workflow_handle(workflow_id).fetch_history()
    failures = [
        e.activity_task_failed_event_attributes.failure
        for e in history.events
        if e.HasField("activity_task_failed_event_attributes")
    ]
    assert len(failures) == 1
    assert contact.email not in failures[0].message
    assert contact.email not in failures[0].stack_trace
    assert failures[0].application_failure_info.type == "MailboxRejected"  # types stay usable


async def test_started_input_decodes_only_with_the_shared_key(
    dev_env: WorkflowEnvironment, task_queue: str
) -> None:
    contact = _contact()
    workflow_id, _ = await _run(dev_env.client, task_queue, contact)
    history = await dev_env.client.get_workflow_handle(workflow_id).fetch_history()
    started = history.events[0].workflow_execution_started_event_attributes
    [sealed] = started.input.payloads
    codec = dev_env.client.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec)
    [plain] = await codec.decode([sealed])
    assert contact.email.encode() in plain.data  # the check above is not vacuous
    assert isinstance(sealed, Payload)


async def test_clients_from_connect_share_the_test_fixture_key(
    dev_env: WorkflowEnvironment, task_queue: str, tmp_path: Path
) -> None:
    # What the API and the worker build (core.temporal.connect) reads what the fixtures wrote.
    target = dev_env.client.service_client.config.target_host
    client = await connect(Settings(environment="test", temporal_address=target, data_dir=tmp_path))
    contact = _contact()
    workflow_id, _ = await _run(dev_env.client, task_queue, contact)
    result = await client.get_workflow_handle(workflow_id).result()
    assert contact.email in result["greeting"]


async def test_enrollment_saga_history_holds_no_plaintext(
    api_client_factory: ApiFactory,
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_env: WorkflowEnvironment,
    task_queue: str,
) -> None:
    settings = make_settings(
        database_url=sqlite_session_url,
        task_queue=task_queue,
        llm_task_queue=task_queue + "-llm",
        enrollment_answer_wait_s=15.0,
    )
    run = await run_priced_enrollment(api_client_factory, settings, dev_env.client)
    raw = run.history.SerializeToString()
    private = [run.student.email, run.student.full_name, run.course.title, "tok_visa"]
    for value in private:
        assert value.encode() not in raw, f"{value!r} is in the saga history in plaintext"
    # Decoded with the shared key the same history does carry the course title and the
    # payment token (activity input and summaries): the check above is not vacuous.
    codec = dev_env.client.data_converter.payload_codec
    assert codec is not None
    decoded = b"".join(
        p.SerializeToString() for p in await codec.decode(list(payloads_in(run.history)))
    )
    assert run.course.title.encode() in decoded
    assert b"tok_visa" in decoded
