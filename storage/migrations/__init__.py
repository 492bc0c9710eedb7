"""Alembic migrations for the Briefing schema (run through `storage.schema.upgrade`)."""
