"""The service layer: one module (or package) per domain holding that domain's rules.

API routes, CLI commands and activities are doors: they parse, authorise, call one service
function and shape the answer. A service function takes its session, Temporal client or ports
as arguments, raises the domain's typed errors (``services.errors`` and beside each service)
and never commits: the caller's boundary owns the transaction.
"""
