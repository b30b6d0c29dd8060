"""Plenaria's project package and core app: forums, taxonomies, accounts and roles."""

from .celery import app as celery_app

__all__ = ["celery_app"]
