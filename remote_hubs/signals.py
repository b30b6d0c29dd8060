"""Receivers of remote hubs: when an account is deleted, the live rooms' replayed events stop
naming its owner (the chat lines and questions stay, from a former participant)."""

from __future__ import annotations

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext

from forum.models import User
from remote_hubs.models import LiveEvent


@receiver(pre_delete, sender=User, dispatch_uid="remote_hubs.forget_author")
def forget_author(sender, instance: User, **kwargs) -> None:
    events = LiveEvent.objects.filter(payload__author_id=instance.pk)
    for event in events.only("pk", "payload"):
        event.payload = {
            **event.payload,
            "author": gettext("former participant"),
            "author_id": None,
        }
        event.save(update_fields=["payload"])
