"""Reads of registration that views share: `registrations` (one's own, the secretariat's list)
and `statistics` (counts for the secretariat and the public)."""
