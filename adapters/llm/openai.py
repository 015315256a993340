"""OpenAI chat completions, and any OpenAI-compatible server (vLLM, Ollama) via a base URL."""

from __future__ import annotations

from typing import Any

import openai

from adapters.llm.port import LLMCallError, LLMRequest, LLMResponse, UndecodableReply, status_error


class OpenAIChat:
    provider = "openai"

    def __init__(self, api_key: str, base_url: str | None, timeout_s: float) -> None:
        # max_retries=0: Temporal owns retries; the timeout stays below the activity's.
        self._client = openai.AsyncOpenAI(
            api_key=api_key, base_url=base_url, max_retries=0, timeout=timeout_s
        )

    async def complete(self, request: LLMRequest) -> LLMResponse:
        messages: list[Any] = [{"role": "system", "content": request.system}]
        # The stable prefix comes first in every call; OpenAI caches it without a marker.
        messages.extend({"role": m.role, "content": m.content} for m in request.messages)
        extra: dict[str, Any] = {}
        if request.output is not None:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.output.name,
                    "schema": request.output.json_schema(),
                    "strict": True,
                },
            }
        try:
            response = await self._client.chat.completions.create(
                model=request.model, messages=messages, max_tokens=request.max_tokens, **extra
            )
        except openai.APIStatusError as exc:
            raise status_error(exc.status_code, exc.response.headers, exc.message) from None
        except openai.APITimeoutError:
            raise LLMCallError("model call timed out", retryable=True, kind="timeout") from None
        except openai.APIConnectionError as exc:
            raise LLMCallError(str(exc), retryable=True, kind="connection") from None
        except (RecursionError, ValueError, UnicodeError):
            # The HTTP envelope itself could not be decoded (hostile nesting, bad bytes).
            raise UndecodableReply() from None
        message = response.choices[0].message if response.choices else None
        text = message.content if message is not None else None
        if message is not None and not text and message.refusal:
            # A refusal is an answer the parser rejects: it goes back as a repair.
            text = f"(refused: {message.refusal[:200]})"
        usage = response.usage
        cached = 0
        if usage is not None and usage.prompt_tokens_details is not None:
            cached = usage.prompt_tokens_details.cached_tokens or 0
        return LLMResponse(
            text=text or "",
            model=response.model or request.model,
            input_tokens=usage.prompt_tokens if usage else 0,
            output_tokens=usage.completion_tokens if usage else 0,
            cached_tokens=cached,
        )

    async def close(self) -> None:
        await self._client.close()
