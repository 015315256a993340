"""Schemathesis over the OpenAPI document, authenticated as each role and anonymous.

Every operation gets a bounded number of generated requests per role; each response must
not be a 5xx and must match the schema (and content type) the route declares. Temporal is
the session's dev server, in a namespace of this test's own, so generated requests that
start workflows (report runs, enrollments) cannot collide with any other test's IDs.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from google.protobuf.duration_pb2 import Duration
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from api.errors import Problem
from core.settings import Settings
from core.temporal import connect, ensure_search_attributes
from schemas.temporal import SEARCH_ATTRIBUTES
from tests.security.conftest import ROLES, Party

EXAMPLES_PER_OPERATION_AND_ROLE = 4
# Routes that ignore the caller: generated once (anonymous), not once per role (argon2 is slow).
CALLER_INDEPENDENT = {
    "POST /api/v1/auth/token",
    "POST /api/v1/auth/register",
    "GET /api/v1/codec/login",
    "POST /api/v1/codec/login",
}


def problem_json_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """problem+json bodies are RFC 9457 problems whose status matches the HTTP status.

    (The routes' ``responses=`` declare problem+json without a schema, so the built-in
    schema check cannot see these bodies.)
    """
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith("application/problem+json"):
        return None
    body = response.json()
    Problem.model_validate(body)
    if body["status"] != response.status_code:
        raise AssertionError(f"problem status {body['status']} != HTTP {response.status_code}")
    for leak in ("Traceback", 'File "'):
        if leak in response.text:
            raise AssertionError("a stack trace in a problem response")
    return True


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    problem_json_shape,
]


@pytest.fixture
def own_namespace(dev_env: WorkflowEnvironment) -> Iterator[str]:
    namespace = f"schemathesis-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        environment="test",
        temporal_namespace=namespace,
        temporal_address=dev_env.client.service_client.config.target_host,
    )

    async def register() -> None:
        await dev_env.client.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=namespace, workflow_execution_retention_period=Duration(seconds=86400)
            )
        )
        await ensure_search_attributes(
            await connect(settings), [key.name for key in SEARCH_ATTRIBUTES]
        )

    asyncio.run(register())
    yield namespace
    asgi.shutdown_lifespans()  # the app's lifespan ran in schemathesis' portal thread


def _run_operation(operation: Any, party: Party, failures: list[str]) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION_AND_ROLE,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        try:
            response = case.call(headers=party.headers)
            case.validate_response(response, checks=CHECKS, headers=party.headers)
        except (Exception, BaseExceptionGroup) as exc:  # recorded: one report lists them all
            first = str(exc).strip().splitlines()[:6]
            failures.append(f"{party.role} {operation.label}: " + " | ".join(first))

    check()


def test_no_5xx_and_responses_match_the_schema_for_every_role(
    make_settings: Callable[..., Settings],
    sqlite_session_url: str,
    dev_env: WorkflowEnvironment,
    own_namespace: str,
    module_parties: dict[str, Party],
) -> None:
    settings = make_settings(
        database_url=sqlite_session_url,
        temporal_namespace=own_namespace,
        temporal_address=dev_env.client.service_client.config.target_host,
        enrollment_answer_wait_s=0.0,
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
    failures: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), f"the OpenAPI document is invalid: {result}"
        operations.append(result.ok())
    assert len(operations) >= 20
    for operation in operations:
        for role in ROLES:
            if role != "anonymous" and operation.label in CALLER_INDEPENDENT:
                continue
            _run_operation(operation, module_parties[role], failures)
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} schemathesis failures:\n" + "\n".join(unique)
