"""Composition root: configuration, database, HTTP app, CLI. Nothing imports ``app``."""
