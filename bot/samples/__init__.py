"""Demo articles written for the project (invented events, not real reporting)."""
