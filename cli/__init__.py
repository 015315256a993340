"""The ``courseflow`` command line."""
