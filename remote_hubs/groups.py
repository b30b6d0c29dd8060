"""Every channel-layer group name of the live layer is built here, and only here."""

from __future__ import annotations


def room_group(room_id: int) -> str:
    """Everyone connected to the live room ``room_id`` (items and batched aggregates)."""
    return f"live.room.{int(room_id)}"
