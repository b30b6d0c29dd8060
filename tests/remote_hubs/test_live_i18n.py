"""The live room's script speaks the reader's language through Django's JavaScript catalogue."""

import re

import pytest
from django.urls import reverse

from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_live_room_loads_the_catalogue_before_its_script(client):
    session = SessionFactory()
    text = client.get(session.get_live_url()).text
    catalogue = text.index(f'<script src="{reverse("javascript-catalog")}"></script>')
    script = re.search(r"/static/remote_hubs/live(\.[0-9a-f]+)?\.js", text)
    assert script is not None
    assert catalogue < script.start()


def test_the_catalogue_translates_the_live_room_into_french(client):
    client.cookies["django_language"] = "fr"
    text = client.get(reverse("javascript-catalog")).text
    assert '"Give the floor": "Donner la parole"' in text
    assert '"Reconnecting in %s s\\u2026": "Reconnexion dans %s s\\u2026"' in text
