"""ASGI entry point for uvicorn: ``api.main:app`` (settings from the environment)."""

from api.app import create_app
from core.process import freeze_startup_objects

app = create_app()
freeze_startup_objects()  # imported once per server process, after every import is done
