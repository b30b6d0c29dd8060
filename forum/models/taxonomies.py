"""Taxonomies: stakeholder groups, regional groups, SDGs and WSIS action lines."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    """A fixed list the platform reports by. Rows are seeded by migrations."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        # Seeded in English and marked for translation (forum/taxonomies.py, forum/regions.py):
        # shown in the reader's language.
        return gettext(self.name)

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class TaxonomyManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class StakeholderGroup(Taxonomy):
    GOVERNMENT = "government"
    INTERGOVERNMENTAL = "igo"
    CIVIL_SOCIETY = "civil-society"
    TECHNICAL = "technical"
    PRIVATE_SECTOR = "private-sector"
    PRESS = "press"

    objects = TaxonomyManager()

    class Meta(Taxonomy.Meta):
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")


class RegionalGroup(Taxonomy):
    """A UN regional group, or the group of intergovernmental organisations."""

    objects = TaxonomyManager()

    class Meta(Taxonomy.Meta):
        verbose_name = _("UN regional group")
        verbose_name_plural = _("UN regional groups")


class SDG(models.Model):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")

    def __str__(self) -> str:
        return f"SDG {self.number}: {self.title}"


class WSISActionLine(models.Model):
    """A WSIS Action Line, C1 to C11."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("WSIS action line")
        verbose_name_plural = _("WSIS action lines")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
