"""Benchmarks printed by `make bench`: measured medians and ratios, not timed tests."""
