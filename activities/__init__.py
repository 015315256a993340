"""Thin, idempotent activities grouped by side effect."""
