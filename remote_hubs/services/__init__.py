"""Every write of remote hubs goes through these services: `hubs` (registration and decisions)
and the `live` package (the live room, one module per concern)."""
