"""llm port and implementations."""
