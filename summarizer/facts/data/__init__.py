"""Curated gazetteers: actors, weapons systems and weapon classes (data, not code)."""
