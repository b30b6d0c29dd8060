"""The French and Arabic catalogues: every message translated (none empty, none fuzzy), with the
placeholders of its msgid and Arabic's six plural forms, and the pages read in those languages."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ForumFactory, UserFactory, grant

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|%%")


def test_there_are_french_and_arabic_catalogues():
    assert {p.parent.parent.name for p in CATALOGUES} >= {"fr", "ar"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_message_is_translated_with_its_placeholders(path):
    po = polib.pofile(str(path))
    nplurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
    live = [e for e in po if not e.obsolete]
    assert [e.msgid for e in live if "fuzzy" in e.flags] == []
    assert [e.msgid for e in live if not e.translated()] == []
    # A template's {% translate "... \"quoted\" ..." %} is cut at the escaped quote when
    # extracted: such a message can never be translated whole.
    assert [e.msgid for e in live if e.msgid.endswith("\\")] == []
    wrong = []
    for entry in live:
        given = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            # A form may leave out the count ("corrigé une fois"), never add a placeholder; the
            # last form (the general plural) keeps every placeholder of the plural msgid.
            allowed = given | set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = [entry.msgstr_plural[i] for i in range(nplurals)]
            wrong += [(entry.msgid, f) for f in forms if set(PLACEHOLDER.findall(f)) - allowed]
            if set(PLACEHOLDER.findall(forms[-1])) != set(PLACEHOLDER.findall(entry.msgid_plural)):
                wrong.append((entry.msgid, forms[-1]))
        elif set(PLACEHOLDER.findall(entry.msgstr)) != given:
            wrong.append((entry.msgid, entry.msgstr))
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Critères d’évaluation et motifs des notes basses", "Ajouter un critère"]),
        ("ar", ["معايير التقييم وأسباب الدرجات المنخفضة", "إضافة معيار"]),
    ],
)
def test_the_secretariats_pages_read_in_french_and_arabic(client, language, words):
    from forum.models import ForumRole

    forum = ForumFactory()
    user = UserFactory()
    grant(user, forum, ForumRole.Role.SECRETARIAT)
    client.force_login(user)
    page = client.get(
        reverse("settings_review_criteria", args=[forum.slug]),
        headers={"accept-language": language},
    ).content.decode()
    for text in words:
        assert text in page
    forum_page = client.get(forum.get_absolute_url(), headers={"accept-language": language})
    assert words[0] in forum_page.content.decode()
