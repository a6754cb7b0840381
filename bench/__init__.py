"""Benchmarks: `make bench` (or `python -m bench`). Ratios in one run, never timed assertions."""
