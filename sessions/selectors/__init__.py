"""Reads of the sessions app that views share, one module per stage."""
