"""Benchmarks of driftscope against Evidently: ``make bench`` (``python -m benchmarks``)."""
