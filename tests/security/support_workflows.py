"""A small workflow that carries personal data through input, activities, a failure and a
memo, for the history-encryption test. No side effects at import (sandbox)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError


class Contact(BaseModel):
    email: str
    full_name: str
    payment_reference: str


class ContactResult(BaseModel):
    greeting: str
    rejected_reason: str


@activity.defn
async def check_mailbox(contact: Contact) -> None:
    raise ApplicationError(
        f"mailbox {contact.email} of {contact.full_name} rejected the message",
        type="MailboxRejected",
        non_retryable=True,
    )


@activity.defn
async def greet_contact(contact: Contact) -> str:
    return f"welcome {contact.full_name} <{contact.email}> ({contact.payment_reference})"


@workflow.defn
class ContactWorkflow:
    @workflow.run
    async def run(self, contact: Contact) -> ContactResult:
        timeout = timedelta(seconds=10)
        rejected = ""
        try:
            await workflow.execute_activity(
                check_mailbox,
                contact,
                start_to_close_timeout=timeout,
                retry_policy=RetryPolicy(maximum_attempts=1),
            )
        except ActivityError as err:
            rejected = str(err.cause)
        greeting = await workflow.execute_activity(
            greet_contact, contact, start_to_close_timeout=timeout
        )
        return ContactResult(greeting=greeting, rejected_reason=rejected)
