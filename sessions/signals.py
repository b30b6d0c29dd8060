"""Reactions of the sessions app to changes in the core app."""

from __future__ import annotations

from django.db.models.functions import Lower
from django.db.models.signals import post_save
from django.dispatch import receiver

from forum.models import User


@receiver(post_save, sender=User, dispatch_uid="sessions-link-people-to-account")
def link_people_to_account(sender, instance: User, created: bool, update_fields=None, **kwargs):
    """Someone named in proposals creates (and proves) their account later: link them, so that a
    co-organizer may edit and a speaker's conflicts are found by account too."""
    if not instance.is_active:
        return
    if update_fields is not None and not {"is_active", "email"} & set(update_fields):
        return
    from sessions.models import ProposalOrganizer, ProposalPerson

    email = instance.email.lower()
    for model in (ProposalOrganizer, ProposalPerson):
        model.objects.alias(email_lower=Lower("email")).filter(
            email_lower=email, user__isnull=True
        ).update(user=instance)
