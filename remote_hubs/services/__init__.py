"""Every write of remote hubs and the live room goes through these services."""
