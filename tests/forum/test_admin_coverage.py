"""Every model of ours is in the admin, with search, for the secretariat to use."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from forum.models import ForumRole
from tests.factories import ForumFactory, UserFactory, grant

OUR_APPS = ["forum", "programme", "registration", "remote_hubs", "transcripts"]


def our_models():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.auto_created:
                yield model


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m._meta.label)
def test_model_is_registered_with_search(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not in the admin"
    model_admin = admin.site._registry[model]
    assert model_admin.search_fields, f"{model._meta.label} has no admin search"


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m._meta.label)
def test_secretariat_opens_each_changelist(client, model):
    user = UserFactory()
    grant(user, ForumFactory(), ForumRole.Role.SECRETARIAT)
    client.force_login(user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
