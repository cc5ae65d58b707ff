"""Benchmarks: `python -m bench.<name>` prints figures and writes them to bench/out/. Not tests."""
