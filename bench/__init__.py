"""Benchmarks and fault injection: they print figures, never assert timings (see README)."""
