"""Every foreign key the admin offers and accepts is scoped to the forums the user runs: for every
registered admin and inline (read from the site's registry, so a new admin is covered without
being listed here), a row of another forum is neither among the choices nor accepted when
posted."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from forum.admin_site import forum_path_of
from forum.models import Forum, ForumRole, User
from remote_hubs.models import HubAttendance
from sessions.models import ReviewConflict
from sessions.services.review_setup import review_setup_defaults
from tests.factories import ForumFactory, UserFactory, grant
from tests.remote_hubs.factories import HubFactory
from tests.sessions.factories import ProposalFactory, SessionFactory

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)


def _value_for(field: models.Field):
    """A valid value for a required field with no default, by its type."""
    n = next(_serial)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return dt.date(2030, 1, 1)
    if isinstance(field, models.DurationField):
        return dt.timedelta(minutes=1)
    if isinstance(field, models.DecimalField | models.FloatField | models.IntegerField):
        return 1 if not field.unique else n
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.EmailField):
        return f"scoping{n}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{n}"
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.CharField | models.TextField):
        return f"x{n}"[: field.max_length or 20]
    raise NotImplementedError(f"No sample value for {field!r}")


class World:
    """One row of each forum-scoped model a form field points at, per forum, built on demand by
    following the model's required keys."""

    def __init__(self):
        self.rows: dict[tuple[type, int], models.Model] = {}

    def row(self, model, forum: Forum) -> models.Model:
        key = (model, forum.pk)
        if key in self.rows:
            return self.rows[key]
        if model is Forum:
            return forum
        builders = {
            "programme.Proposal": lambda: ProposalFactory(forum=forum),
            "programme.Session": lambda: SessionFactory(forum=forum),
            "remote_hubs.Hub": lambda: HubFactory(forum=forum),
            "programme.ReviewCriterion": lambda: forum.review_criteria.first(),
            "programme.LowScoreReason": lambda: forum.low_score_reasons.first(),
        }
        build = builders.get(model._meta.label)
        obj = build() if build else self._generic(model, forum)
        self.rows[key] = obj
        return obj

    def _generic(self, model, forum):
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.null:
                continue
            if field.is_relation:
                target = field.related_model
                if target is Forum:
                    values[field.name] = forum
                elif forum_path_of(target) is not None:
                    values[field.name] = self.row(target, forum)
                elif target is User:
                    values[field.name] = UserFactory()
                else:
                    values[field.name] = target.objects.first()
            elif not (field.has_default() or field.blank or getattr(field, "auto_now_add", False)):
                values[field.name] = _value_for(field)
        return model.objects.create(**values)


def _form_classes(model_admin, request, forum):
    yield type(model_admin).__name__, model_admin.get_form(request)
    for inline in model_admin.get_inline_instances(request):
        yield type(inline).__name__, inline.get_formset(request, forum).form


REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_the_registry_holds_the_admins_named_in_the_finding():
    labels = {model._meta.label for model, _ in REGISTRY}
    assert {"programme.ReviewConflict", "remote_hubs.HubAttendance"} <= labels


@pytest.fixture
def forums():
    mine, theirs = ForumFactory(), ForumFactory()
    for forum in (mine, theirs):
        review_setup_defaults(forum=forum)
    secretariat = UserFactory(is_staff=True)
    grant(secretariat, mine, ForumRole.Role.SECRETARIAT)
    return mine, theirs, secretariat


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[m._meta.label for m, _ in REGISTRY]
)
def test_no_admin_offers_or_accepts_another_forums_row(forums, model, model_admin):
    mine, theirs, secretariat = forums
    request = RequestFactory().get("/admin/")
    request.user = secretariat
    world = World()
    checked = 0
    for name, form_class in _form_classes(model_admin, request, mine):
        for field_name, field in form_class.base_fields.items():
            if not isinstance(field, ModelChoiceField):
                continue
            target = field.queryset.model
            if forum_path_of(target) is None:
                continue
            own, foreign = world.row(target, mine), world.row(target, theirs)
            where = f"{name}.{field_name}"
            assert own in field.queryset, where
            assert foreign not in field.queryset, where
            choices = {str(value) for value, _label in field.choices}
            assert str(foreign.pk) not in choices, where
            multiple = isinstance(field, ModelMultipleChoiceField)
            assert field.clean([own.pk] if multiple else own.pk), where
            with pytest.raises(ValidationError):
                field.clean([foreign.pk] if multiple else foreign.pk)
            checked += 1
    if model._meta.label in ("programme.ReviewConflict", "remote_hubs.HubAttendance"):
        assert checked >= 1


def test_a_review_conflict_on_another_forums_proposal_is_refused(client, forums):
    mine, theirs, secretariat = forums
    client.force_login(secretariat)
    foreign, own = ProposalFactory(forum=theirs), ProposalFactory(forum=mine)
    url = reverse("admin:programme_reviewconflict_add")
    data = {"reviewer": secretariat.pk, "source": "declared", "reason": "x"}
    data["created_at_0"], data["created_at_1"] = "2030-01-01", "10:00:00"
    response = client.post(url, {**data, "proposal": foreign.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["proposal"]
    assert not ReviewConflict.objects.exists()
    response = client.post(url, {**data, "proposal": own.pk})
    assert response.status_code == 302
    assert list(ReviewConflict.objects.values_list("proposal_id", flat=True)) == [own.pk]


def test_an_attendance_report_on_another_forums_hub_is_refused(client, forums):
    mine, theirs, secretariat = forums
    client.force_login(secretariat)
    own_hub, foreign_hub = HubFactory(forum=mine), HubFactory(forum=theirs)
    own_session, foreign_session = SessionFactory(forum=mine), SessionFactory(forum=theirs)
    url = reverse("admin:remote_hubs_hubattendance_add")
    data = {
        "people": 12,
        "reported_by": secretariat.pk,
        "reported_at_0": "2030-01-01",
        "reported_at_1": "10:00:00",
    }
    response = client.post(url, {**data, "hub": foreign_hub.pk, "session": foreign_session.pk})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"hub", "session"}
    assert not HubAttendance.objects.exists()
    response = client.post(url, {**data, "hub": own_hub.pk, "session": own_session.pk})
    assert response.status_code == 302
    assert list(HubAttendance.objects.values_list("hub_id", flat=True)) == [own_hub.pk]
