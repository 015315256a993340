"""storage port and implementations."""
