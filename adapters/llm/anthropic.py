"""Anthropic Messages API."""

from __future__ import annotations

from typing import Any

import anthropic

from adapters.llm.port import LLMCallError, LLMRequest, LLMResponse, status_error


class AnthropicMessages:
    provider = "anthropic"

    def __init__(self, api_key: str, base_url: str | None, timeout_s: float) -> None:
        # max_retries=0: Temporal owns retries; the timeout stays below the activity's.
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout_s
        )

    async def complete(self, request: LLMRequest) -> LLMResponse:
        messages: list[Any] = [{"role": m.role, "content": m.content} for m in request.messages]
        try:
            response = await self._client.messages.create(
                model=request.model,
                max_tokens=request.max_tokens,
                system=request.system,
                messages=messages,
            )
        except anthropic.APIStatusError as exc:
            raise status_error(exc.status_code, exc.response.headers, exc.message) from None
        except anthropic.APITimeoutError:
            raise LLMCallError("model call timed out", retryable=True, kind="timeout") from None
        except anthropic.APIConnectionError as exc:
            raise LLMCallError(str(exc), retryable=True, kind="connection") from None
        text = "".join(getattr(block, "text", "") for block in response.content)
        usage = response.usage
        return LLMResponse(
            text=text,
            model=response.model or request.model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cached_tokens=usage.cache_read_input_tokens or 0,
        )

    async def close(self) -> None:
        await self._client.close()
