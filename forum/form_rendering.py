"""One rendering for every form: ``{{ form }}`` and ``{{ field.as_field_group }}`` use the
templates in forum/templates/forum/forms/ (labels without colons, required markers, help and errors
described for screen readers, checkboxes and radios beside their labels)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "forum/forms/form.html"
    field_template_name = "forum/forms/field.html"
