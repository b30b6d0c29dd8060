"""Times with their zone, for every template: ``{% load zones %}``.

``{{ when|zoned }}`` shows an instant as a ``<time>`` in the active zone (the forum's, on forum
pages) followed by the zone's name and offset; ``{{ when|zoned:"H:i" }}`` with another format;
``{% zoned_time when zone "H:i" %}`` in another zone (a name or a tzinfo); ``{{ when|zoned_text }}``
the same in plain text (mails, help texts); ``{% zone_label %}`` names the active zone alone, for
headings such as "All times in Europe/Zurich (UTC+01:00)".
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from forum.timezones import known_zones, zone_or_none
from forum.timezones import zone_label as _zone_label

register = template.Library()


def _zone(value) -> dt.tzinfo | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.tzinfo):
        return value
    return zone_or_none(str(value))


def _local(value: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    zone = zone or timezone.get_current_timezone()
    return value.astimezone(zone) if timezone.is_aware(value) else value


def _format(value: dt.datetime, fmt: str | None) -> str:
    fmt = fmt or "DATETIME_FORMAT"
    return date_format(value, get_format(fmt) if fmt.isupper() else fmt)


def _zoned_html(value, zone: dt.tzinfo | None, fmt: str | None):
    if not isinstance(value, dt.datetime):
        return ""
    local = _local(value, zone)
    return format_html(
        '<time datetime="{}">{}</time> <span class="zone">{}</span>',
        value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat(),
        _format(local, fmt),
        _zone_label(local.tzinfo or timezone.get_current_timezone(), local),
    )


@register.filter(expects_localtime=False)
def zoned(value, fmt: str | None = None):
    """An instant as a ``<time>`` element in the active zone, followed by the zone."""
    return _zoned_html(value, None, fmt)


@register.simple_tag
def zoned_time(value, zone=None, fmt: str | None = None):
    """An instant as a ``<time>`` element in ``zone`` (default: the active zone), with the zone."""
    return _zoned_html(value, _zone(zone), fmt)


@register.filter(expects_localtime=False)
def zoned_text(value, fmt: str | None = None) -> str:
    """The same as ``zoned`` in plain text, for mails and form help texts."""
    if not isinstance(value, dt.datetime):
        return ""
    local = _local(value, None)
    return f"{_format(local, fmt)} {_zone_label(local.tzinfo, local)}"


@register.simple_tag
def zone_label(zone=None, when=None) -> str:
    """The name and offset of ``zone`` (default: the active zone)."""
    return _zone_label(_zone(zone) or timezone.get_current_timezone(), when)


@lru_cache(maxsize=512)
def _zone_options(selected: str, forum_zone: str) -> str:
    return "".join(
        f'<option value="{z}"{" selected" if z == selected and z != forum_zone else ""}>{z}</option>'
        for z in sorted(known_zones())
    )


@register.simple_tag
def zone_options(selected: str = "", forum_zone: str = ""):
    """An ``<option>`` for every IANA zone (``selected`` chosen unless it is the forum's own),
    built once per pair: the list has some 600 entries and is on every programme page."""
    return mark_safe(_zone_options(str(selected or ""), str(forum_zone or "")))  # noqa: S308 - zone names only
