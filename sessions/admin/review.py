"""Admin for the review stage."""
