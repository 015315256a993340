"""The Temporal client factory. Every client in courseflow is made here."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from temporalio.client import Client, TLSConfig
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import (
    DataConverter,
    DefaultFailureConverterWithEncodedAttributes,
    PayloadCodec,
)
from temporalio.runtime import Runtime

from core.codec import build_codec
from core.settings import Settings
from core.telemetry import client_plugins

# What the dev server needs for task-queue Priority and Fairness (model calls carry a
# priority and a fairness key per author): the new matcher, fairness on, and one partition,
# so priority order holds across the whole queue. A cluster sets the same dynamic config;
# Temporal Cloud enables Fairness per namespace (docs/deployment.md).
DEV_SERVER_DYNAMIC_CONFIG = (
    "matching.useNewMatcher=true",
    "matching.enableFairness=true",
    "matching.numTaskqueueReadPartitions=1",
    "matching.numTaskqueueWritePartitions=1",
)


def dev_server_config_args() -> list[str]:
    return [arg for value in DEV_SERVER_DYNAMIC_CONFIG for arg in ("--dynamic-config-value", value)]


def data_converter(codec: PayloadCodec | None = None) -> DataConverter:
    """Pydantic models in and out of every workflow and activity; optional payload codec.

    With a codec, failure messages and stack traces are moved into an encoded attribute too,
    so an error that quotes an e-mail does not sit in history in plaintext.
    """
    if codec is None:
        return pydantic_data_converter
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=codec,
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def payload_codec(settings: Settings) -> PayloadCodec | None:
    """The codec every client and worker must share: AES-256-GCM (see ``core.codec``)."""
    return build_codec(settings)


def _tls(settings: Settings) -> TLSConfig | bool:
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        return TLSConfig(
            client_cert=settings.temporal_tls_cert.read_bytes(),
            client_private_key=settings.temporal_tls_key.read_bytes(),
        )
    # Temporal Cloud with an API key needs TLS without a client certificate.
    return settings.temporal_api_key is not None


async def connect(
    settings: Settings, *, runtime: Runtime | None = None, lazy: bool = False
) -> Client:
    api_key = settings.temporal_api_key.get_secret_value() if settings.temporal_api_key else None
    return await Client.connect(
        settings.resolved_temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=data_converter(payload_codec(settings)),
        tls=_tls(settings),
        api_key=api_key,
        runtime=runtime,
        lazy=lazy,
        plugins=client_plugins(settings),
    )


async def ensure_search_attributes(client: Client, names: Iterable[str]) -> None:
    """Register keyword search attributes where the server lets us (self-hosted, dev); the
    caller names them (``schemas.temporal.SEARCH_ATTRIBUTES``: core knows no domain).

    The dev server started by ``courseflow dev`` already has them; Temporal Cloud needs them
    added with ``tcld`` (see docs/deployment.md), so a refusal there is only logged.
    """
    from temporalio.api.enums.v1 import IndexedValueType
    from temporalio.api.operatorservice.v1 import (
        AddSearchAttributesRequest,
        ListSearchAttributesRequest,
    )

    from core.logging import get_logger

    log = get_logger("courseflow.temporal")
    namespace = client.namespace
    try:
        existing = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace=namespace)
        )
        missing = {
            name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
            for name in names
            if name not in existing.custom_attributes
        }
        if missing:
            await client.operator_service.add_search_attributes(
                AddSearchAttributesRequest(namespace=namespace, search_attributes=missing)
            )
            log.info("temporal.search_attributes_added", names=sorted(missing))
    except Exception as exc:  # RPCError on Cloud; anything else must not stop the worker
        log.warning("temporal.search_attributes_not_registered", error=str(exc))
