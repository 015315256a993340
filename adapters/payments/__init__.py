"""payments port and implementations."""
