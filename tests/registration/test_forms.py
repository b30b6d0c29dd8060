"""The register form's country select, written in Python (the template-drawn one was most of the
page's cost): the same choices, the person's country selected, names in the page's language."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.utils import translation

from registration.forms import FlatSelect, ProfilePartForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def test_the_country_select_is_the_one_django_draws():
    user = UserFactory(country="KE")
    fast = ProfilePartForm(instance=user, prefix="profile")
    drawn = ProfilePartForm(instance=user, prefix="profile")
    drawn.fields["country"].widget = forms.Select(choices=drawn.fields["country"].choices)
    ours, theirs = str(fast["country"]), str(drawn["country"])
    assert options(ours) == options(theirs)
    assert ("KE", " selected", "Kenya") in options(ours)
    assert len(options(ours)) > 240
    assert 'name="profile-country"' in ours and " required" in ours


def test_names_follow_the_language_and_are_escaped():
    with translation.override("fr"):
        html = str(ProfilePartForm(prefix="profile")["country"])
    assert ("DE", "", "Allemagne") in options(html)
    with translation.override("en"):
        html = str(ProfilePartForm(prefix="profile")["country"])
    assert ("DE", "", "Germany") in options(html)
    widget = FlatSelect(choices=[('a"b', "<b>x</b>")])
    assert widget.render("w", 'a"b') == (
        '<select name="w"><option value="a&quot;b" selected>&lt;b&gt;x&lt;/b&gt;</option></select>'
    )
