"""Helpers and shared graphs for the tests (imported by tests; never tests themselves)."""
