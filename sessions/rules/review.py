"""Predicates for the review stage."""
