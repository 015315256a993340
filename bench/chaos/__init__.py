"""Fault injection: SIGKILLed workers, restarted Temporal and PostgreSQL, checked invariants."""
