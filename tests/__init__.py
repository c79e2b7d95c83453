"""The platform's test suite (a regular package, so that no installed distribution
that ships a top-level ``tests`` package is imported in its place by worker processes)."""
