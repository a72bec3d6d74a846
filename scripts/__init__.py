"""Build and maintenance scripts (a package so that tests and mypy can import make_bundle)."""
