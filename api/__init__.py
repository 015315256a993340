"""The thin FastAPI layer: starts workflows, queries their state, serves what they stored."""
