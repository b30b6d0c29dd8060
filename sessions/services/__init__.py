"""Writes of the sessions app, one module per stage: proposals, review, programme."""
