"""Root conftest: makes tests/helpers importable from both test folders."""
