"""Predicates for the proposals stage."""
