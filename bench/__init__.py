"""Benchmarks: each prints a readable table and, last, one line of JSON."""
