"""Helpers the benches share (not a bench itself: `make bench` runs bench/*.py only)."""
