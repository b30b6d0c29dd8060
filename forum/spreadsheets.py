"""Exports that people open in spreadsheets (CSV, XLSX)."""

from __future__ import annotations

#: Characters that make a spreadsheet treat a cell as a formula; user text must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """User text that a spreadsheet would run as a formula, quoted so that it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
