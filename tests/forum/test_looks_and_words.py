"""One form rendering for every form, words in the reader's language: plurals, score words,
stakeholder and regional group names, and dates in one order per language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.formats import date_format

from forum.forms import ProfileForm, SignupForm
from forum.models import RegionalGroup, StakeholderGroup
from sessions.forms.proposals import ProposalForm
from tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


def test_every_form_renders_labels_help_errors_and_required_the_same_way():
    form = SignupForm(data={"email": "not an email"})
    assert not form.is_valid()
    html = str(form)
    # Labels without a trailing colon, a required marker hidden from screen readers (the input
    # says required itself).
    assert (
        '<label for="id_email">Email address <span class="required" aria-hidden="true">*</span></label>'
        in html
    )
    assert ":</label>" not in html
    # Help and errors are tied to their input.
    email = re.search(r"<input [^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_email_error"' in email
    assert 'aria-invalid="true"' in email
    assert (
        '<ul class="field-error" id="id_email_error"><li>Enter a valid email address.</li></ul>'
        in html
    )
    gender = re.search(r"<input [^>]*id=\"id_gender\"[^>]*>", html).group(0)
    assert 'aria-describedby="id_gender_helptext"' in gender
    assert '<div class="help" id="id_gender_helptext">' in html
    # The included component renders the same markup as {{ form }}.
    included = Template('{% include "components/form_fields.html" %}').render(
        Context({"form": form})
    )
    assert included.strip().endswith(html.strip()[-200:])


def test_checkboxes_sit_beside_their_labels_and_choice_groups_are_fieldsets():
    form = ProposalForm(forum=ForumFactory())
    box = form["first_time_organizer"].as_field_group()
    assert re.search(
        r'<div class="check"><input type="checkbox" name="first_time_organizer" id="id_first_time_organizer"> '
        r'<label for="id_first_time_organizer">This is our first session at this forum</label></div>',
        box,
    )
    group = form["sdgs"].as_field_group()
    assert '<fieldset class="choices" id="id_sdgs_group">' in group
    assert "<legend>Sustainable Development Goals</legend>" in group


def test_no_page_form_shows_a_colon_after_its_labels(client: Client):
    for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"):
        html = client.get(path).content.decode()
        assert re.findall(r":\s*(?:<span[^>]*>\*</span>)?\s*</label>", html) == [], path


def test_taxonomy_names_are_shown_in_the_readers_language():
    government = StakeholderGroup.objects.get(code="government")
    african = RegionalGroup.objects.get(name="African Group")
    with translation.override("ar"):
        assert str(government) == "الحكومة"
        assert str(african) == "مجموعة الدول الأفريقية"
        assert ProfileForm()["stakeholder_group"].field.label_from_instance(government) == "الحكومة"
    with translation.override("fr"):
        assert str(government) == "Gouvernement"
    assert str(government) == "Government"


def test_dates_keep_one_order_per_language():
    when = dt.datetime(2026, 12, 8, 14, 5, tzinfo=dt.UTC)
    with translation.override("ar"):
        assert date_format(when, "DATETIME_FORMAT") == "8 ديسمبر 2026، 14:05"
        assert date_format(when.date(), "DATE_FORMAT") == "8 ديسمبر 2026"
    with translation.override("fr"):
        assert date_format(when, "DATETIME_FORMAT") == "8 décembre 2026 14:05"


def test_score_points_have_words():
    template = Template(
        "{% load scores %}{% for v in values %}{% score_label v 1 5 %};{% endfor %}"
        "{% score_label 0 0 10 %};{% score_label 5 0 10 %};{% score_label 10 0 10 %}"
    )
    rendered = template.render(Context({"values": [1, 2, 3, 4, 5]}))
    assert rendered == "Poor;Fair;Good;Very good;Excellent;Poor;;Excellent"
    with translation.override("fr"):
        assert (
            template.render(Context({"values": [1, 5]}))
            == "Insuffisant;Excellent;Insuffisant;;Excellent"
        )
