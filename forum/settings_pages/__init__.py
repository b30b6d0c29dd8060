"""The secretariat's pages for a forum's rooms and themes (the admin stays for power use). Not to
be confused with ``forum.settings``, the Django settings module."""
