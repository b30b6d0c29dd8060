"""Predicates for the programme stage."""
