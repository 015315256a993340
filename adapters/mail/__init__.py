"""mail port and implementations."""
