"""Model port (``port.py``) and its providers: offline (default), openai, anthropic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.llm.port import LLMClient
    from core.settings import Settings


# OpenAI caches any prompt prefix from 1,024 tokens by itself (its prompt-caching guide);
# Anthropic's minimum depends on the model (``adapters.llm.anthropic.CACHE_MINIMUMS``).
OPENAI_CACHE_MINIMUM = 1024


def cache_minimum(provider: str, model: str) -> int | None:
    """The shortest prompt prefix, in tokens, that ``provider`` caches for ``model``; None
    when it has no prompt cache (offline)."""
    if provider == "anthropic":
        from adapters.llm.anthropic import cache_minimum as anthropic_minimum

        return anthropic_minimum(model)
    if provider == "openai":
        return OPENAI_CACHE_MINIMUM
    return None


def added_prompt_tokens(provider: str, structured: bool) -> int:
    """Prompt tokens a provider adds to a call and bills: Anthropic's tool-use system prompt,
    313 tokens with a forced tool on Claude 4.x models (its tool-use pricing page)."""
    return 313 if provider == "anthropic" and structured else 0


def make_llm(settings: Settings) -> LLMClient:
    if settings.llm_provider == "openai":
        from adapters.llm.openai import OpenAIChat

        assert settings.openai_api_key is not None  # enforced by Settings
        base = str(settings.openai_base_url) if settings.openai_base_url else None
        return OpenAIChat(
            settings.openai_api_key.get_secret_value(), base, settings.llm_http_timeout_s
        )
    if settings.llm_provider == "anthropic":
        from adapters.llm.anthropic import AnthropicMessages

        assert settings.anthropic_api_key is not None  # enforced by Settings
        base = str(settings.anthropic_base_url) if settings.anthropic_base_url else None
        return AnthropicMessages(
            settings.anthropic_api_key.get_secret_value(),
            base,
            settings.llm_http_timeout_s,
            cache_warm_s=settings.anthropic_cache_warm_s,
        )
    from adapters.llm.offline import OfflineLLM

    return OfflineLLM()
