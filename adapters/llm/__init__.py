"""Model port (``port.py``) and its providers: offline (default), openai, anthropic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from adapters.llm.port import LLMClient
    from core.settings import Settings


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
