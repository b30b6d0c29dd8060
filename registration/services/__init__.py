"""Every write of registration goes through these services: `registering` (register, update,
cancel, the secretariat's decision), `privacy` (data export, account deletion), `badges`
(signed badge codes, check-in), `visa` (support letters) and `capacity` (seats and waitlists)."""
