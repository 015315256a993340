"""The catalogue tests share the in-process app fixture of test_api."""

from tests.catalog.test_api import catalog_api

__all__ = ["catalog_api"]
