"""The public, read-only REST API of the published programmes (``/api/v1/``, docs/api.md)."""
