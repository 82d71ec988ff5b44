"""Use cases: the one entry point for each change, shared by API, desk, CLI and tasks."""
