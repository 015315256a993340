"""Database: typed models, engine and sessions, queries, Alembic migrations."""
