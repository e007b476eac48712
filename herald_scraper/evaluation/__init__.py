"""Evaluation harness: score extractors on the AEB and segments benchmarks (``eval``)."""
