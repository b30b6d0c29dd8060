"""Admin for the proposals stage."""
