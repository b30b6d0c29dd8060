"""One rule for a person's UN regional group: the function, its queryset form, the screening
filter and the selection board's make-up put every organizer in the same group."""

from __future__ import annotations

import pytest

from forum import regions
from forum.models import StakeholderGroup
from sessions.models import ProposalOrganizer
from sessions.selectors.proposals import ScreeningFilters, proposals_for_screening
from sessions.selectors.selection import REGION_NAMES, regional_group_of, selection_board
from tests.sessions.review_helpers import group, make_forum, make_proposals, make_secretariat

pytestmark = pytest.mark.django_db

#: (case, stakeholder group code, country, the group the rule gives)
CASES = [
    ("african", StakeholderGroup.CIVIL_SOCIETY, "KE", regions.AFRICAN),
    ("asia-pacific", StakeholderGroup.GOVERNMENT, "JP", regions.ASIA_PACIFIC),
    ("eastern european", StakeholderGroup.TECHNICAL, "PL", regions.EASTERN_EUROPEAN),
    ("grulac", StakeholderGroup.PRIVATE_SECTOR, "BR", regions.GRULAC),
    ("weog", StakeholderGroup.CIVIL_SOCIETY, "DE", regions.WEOG),
    # IGO staff count as Intergovernmental Organizations whatever their country.
    ("igo staff", StakeholderGroup.INTERGOVERNMENTAL, "CH", regions.INTERGOVERNMENTAL),
    ("igo staff, no country", StakeholderGroup.INTERGOVERNMENTAL, "", regions.INTERGOVERNMENTAL),
    ("no country", StakeholderGroup.CIVIL_SOCIETY, "", None),
    ("territory outside the groups", StakeholderGroup.CIVIL_SOCIETY, "AQ", None),
]


@pytest.fixture
def people():
    forum = make_forum()
    secretariat = make_secretariat(forum)
    proposals = make_proposals(forum, len(CASES))
    for proposal, (_case, stakeholder, country, _expected) in zip(proposals, CASES, strict=True):
        ProposalOrganizer.objects.filter(proposal=proposal).update(
            stakeholder_group=group(stakeholder), country=country, is_primary=True
        )
    return forum, secretariat, proposals


def test_the_function_gives_each_case_its_group():
    for case, stakeholder, country, expected in CASES:
        got = regions.regional_group_code_for(stakeholder_group=stakeholder, country=country)
        assert (case, got) == (case, expected)


def test_the_annotation_and_the_board_s_reading_agree_with_the_function(people):
    _forum, _secretariat, proposals = people
    for proposal, (case, _stakeholder, _country, expected) in zip(proposals, CASES, strict=True):
        organizer = regions.annotate_regional_group(
            ProposalOrganizer.objects.filter(proposal=proposal).select_related("stakeholder_group")
        ).get()
        assert (case, organizer.regional_group_code) == (case, expected)
        assert (case, regional_group_of(organizer)) == (case, expected)


def test_the_screening_filter_and_the_selection_board_put_each_organizer_in_the_same_group(
    people,
):
    forum, secretariat, proposals = people
    expected_of = {p.pk: expected for p, (*_rest, expected) in zip(proposals, CASES, strict=True)}
    filtered = {}
    for code, _name in regions.REGIONAL_GROUPS:
        for proposal in proposals_for_screening(
            forum=forum, viewer=secretariat, filters=ScreeningFilters(region=code)
        ):
            assert proposal.pk not in filtered, "a proposal matched two regions"
            filtered[proposal.pk] = code
    assert filtered == {pk: code for pk, code in expected_of.items() if code is not None}

    board = selection_board(forum=forum, viewer=secretariat, slots=len(proposals))
    assert len(board.selected) == len(proposals)
    want: dict[str, int] = {}
    for code in expected_of.values():
        label = REGION_NAMES.get(code or "", "Not stated")
        want[label] = want.get(label, 0) + 1
    assert dict(board.composition.regions) == want
    assert want[REGION_NAMES[regions.INTERGOVERNMENTAL]] == 2


def test_registration_statistics_and_the_registrant_filter_agree_with_the_board(people):
    """The same people registering: the registration statistics and the secretariat's
    registrant filter put each in the group the board and the screening filter give."""
    from registration.models import Registration, RegistrationSettings
    from registration.selectors.registrations import RegistrantFilters, registrants_for
    from registration.selectors.statistics import registration_statistics
    from tests.factories import UserFactory

    forum, secretariat, proposals = people
    RegistrationSettings.objects.create(forum=forum, privacy_notice_version="1", privacy_notice="-")
    expected = {}
    for n, (case, stakeholder, country, want) in enumerate(CASES):
        user = UserFactory(stakeholder_group=group(stakeholder), country=country)
        registration = Registration.objects.create(forum=forum, user=user, status="approved")
        expected[registration.pk] = (case, want)
        board_group = regional_group_of(
            ProposalOrganizer.objects.select_related("stakeholder_group").get(proposal=proposals[n])
        )
        assert (case, board_group) == (case, want)
    for code, _name in regions.REGIONAL_GROUPS:
        got = set(
            registrants_for(
                forum=forum, viewer=secretariat, filters=RegistrantFilters(regional_group=code)
            ).values_list("pk", flat=True)
        )
        assert got == {pk for pk, (_case, want) in expected.items() if want == code}
    stats = registration_statistics(forum=forum, public=False)
    by_region = {
        label: n for label, n, _a in next(b for b in stats.breakdowns if b.key == "region").rows
    }
    names = dict(regions.REGIONAL_GROUPS)
    want_counts: dict[str, int] = {}
    for _case, want in expected.values():
        label = names[want] if want else "Not stated"
        want_counts[label] = want_counts.get(label, 0) + 1
    assert by_region == want_counts
    assert by_region[names[regions.INTERGOVERNMENTAL]] == 2
