"""Anthropic Messages API."""

from __future__ import annotations

import json
from typing import Any

import anthropic

from adapters.llm.port import (
    ChatMessage,
    LLMCallError,
    LLMRequest,
    LLMResponse,
    UndecodableReply,
    status_error,
)


def _message(message: ChatMessage) -> dict[str, Any]:
    """A message whose stable prefix is its own block marked for the prompt cache."""
    cut = message.cache_prefix_chars
    if not 0 < cut < len(message.content):
        return {"role": message.role, "content": message.content}
    blocks = [
        {"type": "text", "text": message.content[:cut], "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": message.content[cut:]},
    ]
    return {"role": message.role, "content": blocks}


def _reply_text(content: list[Any]) -> str:
    """The forced tool call's input as JSON text, else the text blocks."""
    for block in content:
        if getattr(block, "type", None) == "tool_use":
            try:
                return json.dumps(block.input)
            except (RecursionError, ValueError):
                raise UndecodableReply() from None
    return "".join(getattr(block, "text", "") for block in content)


class AnthropicMessages:
    provider = "anthropic"

    def __init__(self, api_key: str, base_url: str | None, timeout_s: float) -> None:
        # max_retries=0: Temporal owns retries; the timeout stays below the activity's.
        self._client = anthropic.AsyncAnthropic(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout_s
        )

    async def complete(self, request: LLMRequest) -> LLMResponse:
        messages: list[Any] = [_message(m) for m in request.messages]
        extra: dict[str, Any] = {}
        if request.output is not None:
            # Structured output: a forced call of one tool whose input schema is the schema.
            extra["tools"] = [
                {
                    "name": request.output.name,
                    "description": f"Record the {request.output.name} (the whole answer).",
                    "input_schema": request.output.json_schema(),
                }
            ]
            extra["tool_choice"] = {"type": "tool", "name": request.output.name}
        try:
            response = await self._client.messages.create(
                model=request.model,
                max_tokens=request.max_tokens,
                system=request.system,
                messages=messages,
                **extra,
            )
        except anthropic.APIStatusError as exc:
            raise status_error(exc.status_code, exc.response.headers, exc.message) from None
        except anthropic.APITimeoutError:
            raise LLMCallError("model call timed out", retryable=True, kind="timeout") from None
        except anthropic.APIConnectionError as exc:
            raise LLMCallError(str(exc), retryable=True, kind="connection") from None
        except (RecursionError, ValueError, UnicodeError):
            # The HTTP envelope itself could not be decoded (hostile nesting, bad bytes).
            raise UndecodableReply() from None
        usage = response.usage
        read = usage.cache_read_input_tokens or 0
        written = usage.cache_creation_input_tokens or 0
        return LLMResponse(
            text=_reply_text(response.content),
            model=response.model or request.model,
            # Anthropic's input_tokens leaves out cache reads and writes; ours counts them all.
            input_tokens=usage.input_tokens + read + written,
            output_tokens=usage.output_tokens,
            cached_tokens=read,
            cache_write_tokens=written,
        )

    async def close(self) -> None:
        await self._client.close()
