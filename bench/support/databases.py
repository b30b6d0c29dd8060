"""A bench's own PostgreSQL database next to DATABASE_URL's, created fresh and dropped after."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit


def bench_database_url(suffix: str) -> tuple[str, str, str]:
    """(the bench database's URL, the maintenance database's URL, the bench database's name)."""
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("This bench needs DATABASE_URL to point at PostgreSQL.")
    name = f"{parts.path.lstrip('/') or 'plenaria'}_{suffix}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    return urlunsplit(parts._replace(path=f"/{name}")), admin, name


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')
