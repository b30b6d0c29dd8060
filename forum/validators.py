"""The rules every piece of text people type must follow, in one place.

- No NUL character, anywhere: PostgreSQL cannot store or compare one, so a NUL would otherwise
  answer 500 from a search, a review comment or a live chat line.
- No line break in a single-line field (a title, a name, an organisation: whatever is typed in
  an ``<input type="text">``): a title ends up in mail subjects, a name in headers and lists.

Every path that takes text from outside uses these: model fields (so every ModelForm, the admin
and ``full_clean``; see :func:`install_text_validators`), plain forms (:class:`TextRulesMixin`),
hand-parsed requests and JSON bodies (:func:`check_text`), and the live protocol
(``remote_hubs.handlers.base.check_schema``)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

NUL = "\x00"
#: Every character Python's ``str.splitlines`` breaks on: a mail header or a one-line field
#: must hold none of them.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

NUL_MESSAGE = _(
    "This text holds an invisible NUL character (\\0), which cannot be saved: remove it."
)
LINE_BREAK_MESSAGE = _("Keep this on one line: remove the line breaks.")


def text_problem(value: str, *, single_line: bool = False) -> str | None:
    """What is wrong with ``value`` under the rules above, in words, or None."""
    if NUL in value:
        return str(NUL_MESSAGE)
    if single_line and not LINE_BREAKS.isdisjoint(value):
        return str(LINE_BREAK_MESSAGE)
    return None


def no_nul_characters(value) -> None:
    """Validator: refuses a NUL character."""
    if isinstance(value, str) and NUL in value:
        raise ValidationError(NUL_MESSAGE, code="null_characters_not_allowed")


def single_line(value) -> None:
    """Validator: refuses a NUL character or a line break."""
    no_nul_characters(value)
    if isinstance(value, str) and not LINE_BREAKS.isdisjoint(value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")


def check_text(*, single_line_fields: tuple[str, ...] = (), **fields) -> None:
    """For text that reaches the database or a query without a form (a GET parameter, a JSON
    body, a hand-parsed POST): raises one ValidationError keyed by field name for every value
    that breaks the rules. Values that are not strings are left to their own checks."""
    errors = {}
    for name, value in fields.items():
        if isinstance(value, str):
            problem = text_problem(value, single_line=name in single_line_fields)
            if problem:
                errors[name] = problem
    if errors:
        raise ValidationError(errors)


def clean_query(value: str | None) -> tuple[str, str | None]:
    """A search box's text from a GET parameter: (the text to search for, an error to show).
    Text that breaks the rules is not searched for: the page says why instead."""
    value = value or ""
    problem = text_problem(value, single_line=True)
    return ("", problem) if problem else (value, None)


def _is_single_line_input(field: forms.Field) -> bool:
    widget = field.widget
    return isinstance(widget, forms.TextInput) and not isinstance(
        widget, forms.EmailInput | forms.URLInput | forms.PasswordInput | forms.NumberInput
    )


class TextRulesMixin:
    """For plain forms (``forms.Form``): every text field refuses NUL characters, and every one
    typed in a one-line box (``<input type="text">``) refuses line breaks too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                rule = single_line if _is_single_line_input(field) else no_nul_characters
                # Ours replaces Django's own NUL check, so that one message is given.
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                if rule not in field.validators:
                    field.validators.append(rule)


#: The apps whose models hold what people type.
OWN_APPS = ("forum", "programme", "registration", "remote_hubs", "transcripts")


def install_text_validators() -> None:
    """Give every text field of our models the rules above: ``CharField`` (one line in its
    form) refuses NUL and line breaks, ``TextField`` refuses NUL. Model validators run in
    every ModelForm, in the admin and in ``full_clean``. Added to the field's validator list at
    start-up rather than declared field by field, so that a field added later is covered; they
    are not part of the field's definition (nothing for migrations to see)."""
    from django.apps import apps

    for app_label in OWN_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if field.choices or isinstance(
                    field, models.EmailField | models.URLField | models.TextField
                ):
                    rule = no_nul_characters
                elif isinstance(field, models.CharField):
                    rule = single_line
                else:
                    continue
                if rule not in field.validators:
                    field.validators.append(rule)
