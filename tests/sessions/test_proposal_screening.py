"""The secretariat's screening list: permissions, filters, search, sort, the N+1 guard, marking a
proposal eligible or ineligible, and the CSV/XLSX exports of the filtered list."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from forum.models import ForumRole, QueuedMail, StakeholderGroup
from sessions.models import Proposal
from sessions.services.proposals import ProposalInput, proposal_save_draft, proposal_submit
from sessions.services.screening import proposal_screen
from tests.factories import UserFactory, grant
from tests.sessions.factories import SessionTypeFactory
from tests.sessions.proposal_data import DURING_CALL, Setup, group

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    s = Setup(
        max_proposals_per_person=None,
        max_proposals_per_institution=None,
        max_sessions_per_speaker=None,
    )
    s.secretariat = UserFactory(name="Secretariat")
    grant(s.secretariat, s.forum, ForumRole.Role.SECRETARIAT)
    return s


def add(setup, **overrides) -> Proposal:
    return proposal_submit(
        forum=setup.forum,
        by=setup.organizer,
        data=setup.data(**overrides),
        now=DURING_CALL,
        notify=False,
    )


def listing(client, setup, **params):
    return client.get(reverse("screening_list", kwargs={"slug": setup.forum.slug}), params)


def titles(response) -> list[str]:
    return [p.title for p in response.context["page"].object_list]


def test_only_the_secretariat_sees_the_screening_pages(client, setup):
    proposal = add(setup)
    for user in (setup.organizer, UserFactory()):
        client.force_login(user)
        assert listing(client, setup).status_code == 404
        assert (
            client.get(
                reverse("screening_export", kwargs={"slug": setup.forum.slug, "fmt": "csv"})
            ).status_code
            == 404
        )
        response = client.post(
            reverse("screening_proposal", kwargs={"slug": setup.forum.slug, "pk": proposal.pk}),
            {"eligibility": "eligible"},
        )
        assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.eligibility == Proposal.Eligibility.PENDING
    with pytest.raises(PermissionDenied):
        proposal_screen(proposal=proposal, by=setup.organizer, eligibility="eligible")


def test_the_list_costs_the_same_queries_for_one_and_for_many(
    client, setup, django_assert_num_queries
):
    client.force_login(setup.secretariat)
    add(setup)
    with django_assert_num_queries(13):
        listing(client, setup)
    for n in range(8):
        add(setup, title=f"Proposal {n}")
    with django_assert_num_queries(13):
        response = listing(client, setup)
    assert len(titles(response)) == 9


def test_filters_search_and_sort(client, setup):
    client.force_login(setup.secretariat)
    open_forum = SessionTypeFactory(forum=setup.forum, code="open-forum", name="Open Forum")
    a = add(setup, title="Alpha on connectivity")
    b = add(
        setup,
        title="Beta",
        session_type=open_forum,
        first_time_organizer=False,
        previous_report_url="",
    )
    igo = replace(
        setup.data().organizers[0],
        organisation="UN ESCAP",
        stakeholder_group=group(StakeholderGroup.INTERGOVERNMENTAL),
        country="TH",
    )
    c = add(setup, title="Gamma", organizers=[igo])
    proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=ProposalInput(title="Draft"), now=DURING_CALL
    )
    assert sorted(titles(listing(client, setup))) == ["Alpha on connectivity", "Beta", "Gamma"]
    assert titles(listing(client, setup, session_type=open_forum.pk)) == ["Beta"]
    assert titles(listing(client, setup, status="draft")) == ["Draft"]
    assert titles(listing(client, setup, criteria="failed")) == ["Beta"]
    assert titles(listing(client, setup, criteria="previous_report")) == ["Beta"]
    assert sorted(titles(listing(client, setup, criteria="met"))) == [
        "Alpha on connectivity",
        "Gamma",
    ]
    assert titles(listing(client, setup, region="igo")) == ["Gamma"]
    assert sorted(titles(listing(client, setup, region="weog"))) == [
        "Alpha on connectivity",
        "Beta",
    ]
    assert titles(
        listing(client, setup, stakeholder_group=group(StakeholderGroup.INTERGOVERNMENTAL).pk)
    ) == ["Gamma"]
    assert titles(listing(client, setup, q="connectivity")) == ["Alpha on connectivity"]
    assert titles(listing(client, setup, q="escap")) == ["Gamma"]
    assert titles(listing(client, setup, q=str(b.pk))) == ["Beta"]
    # Speakers' names and organisations are searched too.
    assert sorted(titles(listing(client, setup, q="institute 1"))) == [
        "Alpha on connectivity",
        "Beta",
        "Gamma",
    ]
    assert titles(listing(client, setup, q="nobody by that name")) == []
    assert titles(listing(client, setup, theme=setup.subtheme.pk, sort="title")) == [
        "Alpha on connectivity",
        "Beta",
        "Gamma",
    ]
    assert titles(listing(client, setup, sort="-title")) == [
        "Gamma",
        "Beta",
        "Alpha on connectivity",
    ]
    assert titles(listing(client, setup, sort="-failed"))[0] == "Beta"
    proposal_screen(proposal=a, by=setup.secretariat, eligibility="eligible", now=DURING_CALL)
    assert titles(listing(client, setup, eligibility="eligible")) == ["Alpha on connectivity"]
    assert c.pk


def test_the_failing_criteria_are_shown_per_proposal(client, setup):
    client.force_login(setup.secretariat)
    add(setup, title="No report", previous_report_url="")
    html = listing(client, setup).content.decode()
    assert (
        '<td data-testid="failed-criteria"><span class="badge">Report of the previous session</span> </td>'
        in html
    )


def test_marking_ineligible_needs_a_reason_the_organizer_then_sees(client, setup):
    proposal = add(setup, title="<i>Session</i>")
    client.force_login(setup.secretariat)
    target = reverse("screening_proposal", kwargs={"slug": setup.forum.slug, "pk": proposal.pk})
    response = client.post(target, {"eligibility": "ineligible", "reason": ""})
    assert response.status_code == 400
    assert (
        "Give the organizers a reason when a proposal is ineligible." in response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.eligibility == Proposal.Eligibility.PENDING
    response = client.post(
        target, {"eligibility": "ineligible", "reason": "Only two speakers <b>confirmed</b>."}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.eligibility, proposal.eligibility_reason, proposal.screened_by) == (
        "ineligible",
        "Only two speakers <b>confirmed</b>.",
        setup.secretariat,
    )
    # Nobody is told until the secretariat announces the results (test_screening_announce).
    assert QueuedMail.objects.count() == 0
    client.post(
        reverse("screening_announce", kwargs={"slug": setup.forum.slug}), {"proposal": proposal.pk}
    )
    mail = QueuedMail.objects.get()
    assert (mail.to, mail.subject) == (
        setup.organizer.email,
        "Screening result for your proposal: <i>Session</i>",
    )
    assert "Only two speakers <b>confirmed</b>." in mail.body
    client.force_login(setup.organizer)
    html = client.get(reverse("proposal_mine", kwargs={"slug": setup.forum.slug})).content.decode()
    assert "Only two speakers &lt;b&gt;confirmed&lt;/b&gt;." in html


def test_drafts_are_not_screened(setup):
    draft = proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=ProposalInput(title="D"), now=DURING_CALL
    )
    with pytest.raises(ValidationError) as excinfo:
        proposal_screen(proposal=draft, by=setup.secretariat, eligibility="eligible")
    assert excinfo.value.message_dict == {
        "eligibility": ["Only submitted proposals are screened; this one is draft."]
    }


def _export(client, setup, fmt, **params):
    return client.get(
        reverse("screening_export", kwargs={"slug": setup.forum.slug, "fmt": fmt}), params
    )


def test_the_csv_export_holds_the_filtered_list_with_formulas_defused(client, setup):
    client.force_login(setup.secretariat)
    add(setup, title='=HYPERLINK("http://evil")')
    add(setup, title="Other", previous_report_url="")
    response = _export(client, setup, "csv", criteria="met")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Number", "Title", "Session type"]
    assert len(rows) == 2
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][10:14] == [
        "",
        "3",
        "Martina Metz",
        "Federal Ministry for Economic Cooperation and Development",
    ]


def test_the_xlsx_export_holds_the_filtered_list(client, setup):
    client.force_login(setup.secretariat)
    add(setup, title="Kept")
    add(setup, title="Left out", previous_report_url="")
    response = _export(client, setup, "xlsx", criteria="failed")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][1:3] == ["Left out", "Workshop"]
    assert values[1][10] == "Report of the previous session"
    assert _export(client, setup, "pdf").status_code == 404


def test_another_forums_secretariat_cannot_see_or_screen(client, setup):
    proposal = add(setup)
    other = Setup()
    outsider = UserFactory()
    grant(outsider, other.forum, ForumRole.Role.SECRETARIAT)
    client.force_login(outsider)
    assert listing(client, setup).status_code == 404
    # Through its own forum's address, the other forum's proposal does not exist either.
    target = reverse("screening_proposal", kwargs={"slug": other.forum.slug, "pk": proposal.pk})
    assert client.get(target).status_code == 404
    assert client.post(target, {"eligibility": "eligible"}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.eligibility == Proposal.Eligibility.PENDING


def test_ticked_proposals_are_screened_at_once_or_not_at_all(client, setup):
    client.force_login(setup.secretariat)
    one, two, three = (add(setup, title=t) for t in ("One", "Two", "Three"))
    draft = proposal_save_draft(
        forum=setup.forum, by=setup.organizer, data=ProposalInput(title="D"), now=DURING_CALL
    )
    foreign = add(Setup(), title="Elsewhere")
    target = reverse("screening_list", kwargs={"slug": setup.forum.slug}) + "?sort=title"

    def post(ids, **data):
        return client.post(target, {"proposals": [str(i) for i in ids], **data})

    def states():
        return sorted(Proposal.objects.values_list("title", "eligibility"))

    before = states()
    response = post([one.pk, two.pk], eligibility="ineligible", reason="")
    assert response.status_code == 400
    assert "Give the organizers a reason when a proposal is ineligible." in response.text
    response = post([one.pk, draft.pk], eligibility="eligible")
    assert response.status_code == 400
    assert f"Only submitted proposals are screened; not: {draft.pk}." in response.text
    response = post([one.pk, foreign.pk], eligibility="eligible")
    assert "Some selected proposals are not in this forum." in response.text
    assert post([], eligibility="eligible").status_code == 400
    assert states() == before

    response = post([one.pk, two.pk], eligibility="eligible")
    assert response.status_code == 302
    assert response["Location"] == target
    assert states() == [
        ("D", "pending"),
        ("Elsewhere", "pending"),
        ("One", "eligible"),
        ("Three", "pending"),
        ("Two", "eligible"),
    ]
    assert three.pk


def test_only_the_secretariat_screens_at_once(client, setup):
    proposal = add(setup)
    client.force_login(setup.organizer)
    target = reverse("screening_list", kwargs={"slug": setup.forum.slug})
    assert (
        client.post(target, {"proposals": [proposal.pk], "eligibility": "eligible"}).status_code
        == 404
    )
    proposal.refresh_from_db()
    assert proposal.eligibility == Proposal.Eligibility.PENDING
