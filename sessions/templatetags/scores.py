"""Words for the points of a review score scale: ``{% load scores %}{% score_label 3 1 5 %}``.

A five-point scale has a word for every point; a longer or shorter scale names its two ends."""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

FIVE_POINTS = {
    1: pgettext_lazy("review score", "Poor"),
    2: pgettext_lazy("review score", "Fair"),
    3: pgettext_lazy("review score", "Good"),
    4: pgettext_lazy("review score", "Very good"),
    5: pgettext_lazy("review score", "Excellent"),
}


@register.simple_tag
def score_label(value, low, high) -> str:
    value, low, high = int(value), int(low), int(high)
    if high - low == 4:
        return str(FIVE_POINTS[value - low + 1])
    if value == low:
        return str(FIVE_POINTS[1])
    if value == high:
        return str(FIVE_POINTS[5])
    return ""
