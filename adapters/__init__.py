"""One port per outside system, with its implementations."""
