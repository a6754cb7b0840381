"""Shared by every stage: diagnostics, errors, limits, hints, the clock, the document registry."""
