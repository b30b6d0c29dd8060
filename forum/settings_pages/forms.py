"""Forms of the forum's rooms and themes; each checks its name is free within the forum."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Room, Theme


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = [
            "name",
            "capacity",
            "layout",
            "has_webcast",
            "has_captioning",
            "webcast_url",
            "position",
        ]

    def __init__(self, *args, forum, **kwargs):
        self.forum = forum
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = Room.objects.filter(forum=self.forum, name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another room of this forum has this name."))
        return name


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "parent", "description", "position"]
        labels = {"parent": _("Main theme (for a sub-theme)")}

    def __init__(self, *args, forum, **kwargs):
        self.forum = forum
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(forum=forum, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("position", "name")
        self.fields["parent"].empty_label = _("None: this is a main theme")

    def clean(self):
        data = super().clean()
        name, parent = data.get("name"), data.get("parent")
        if name:
            taken = Theme.objects.filter(forum=self.forum, parent=parent, name=name).exclude(
                pk=self.instance.pk
            )
            if taken.exists():
                self.add_error("name", _("Another theme here has this name."))
        if parent is not None and self.instance.pk and self.instance.subthemes.exists():
            self.add_error("parent", _("A theme with sub-themes cannot become a sub-theme."))
        return data
