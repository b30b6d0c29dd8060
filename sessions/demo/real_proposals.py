"""The two real session records of the seeds as demo proposals: the IGF 2021 GovStack session
(an Open Forum of the demo IGF) and WSIS Forum session 537 (``../shared/seeds/003_*``, ``004_*``)."""

import datetime as dt
import uuid

from forum.models import StakeholderGroup, Theme
from sessions.demo import seed_records as records
from sessions.demo.proposal_types import CIVIL, GOV, IGO, F
from sessions.models import ProposalPerson
from sessions.services.proposals import (
    OrganizerInput,
    PersonInput,
    ProposalInput,
    proposal_submit,
)


def govstack(ctx, types, sdgs, tally, opens_at):
    """The real IGF 2021 session record, as an Open Forum proposal of the demo IGF."""
    groups = {g.code: g for g in StakeholderGroup.objects.all()}
    government, ministry = records.GOVSTACK_ORGANIZATION
    creator = next(u for u in ctx.people if u.stakeholder_group_id == groups[GOV].pk)
    speakers = [
        # (name, organisation as the record gives it, group, country, gender)
        (
            "Martina Metz",
            "Head of Division, Division of Governance, Democracy and Rule of Law, Federal Ministry for Economic Cooperation and Development of Germany",
            GOV,
            "DE",
            "woman",
        ),
        (
            "Doreen Bogdan-Martin",
            "Director of the Telecommunication Development Bureau of the International Telecommunication Union, the Secretariat of ITU-D",
            IGO,
            "CH",
            "woman",
        ),
        (
            "Nele Leosk",
            "Ambassador at Large for Digital Affairs, Ministry of Foreign Affairs Estonia",
            GOV,
            "EE",
            "woman",
        ),
        (
            "Lucy Harris",
            "Co-Lead, Digital Public Goods Alliance, UNICEF – Secretariat of the Digital Public Goods Alliance",
            IGO,
            "US",
            "woman",
        ),
        (
            "Dr. Thomas Zielke",
            "Head of Division, Division of National and International Standardization Policy, Federal Ministry for Economic Affairs and Energy of Germany",
            GOV,
            "DE",
            "man",
        ),
        ("Abhishek Singh", "President and CEO NeGD India", GOV, "IN", "man"),
        (
            "Telli Koroma",
            "Chief Technology Officer, Ministry of Information and Communication, Sierra Leone",
            GOV,
            "SL",
            "man",
        ),
    ]
    moderation = [
        (
            "Nanjira Sambuli",
            "Tech Policy and Governance Analyst, board member at Digital Impact Alliance (DIAL)",
            CIVIL,
            "KE",
            "woman",
            ProposalPerson.Role.ONSITE_MODERATOR,
        ),
        (
            "Sherman Kong",
            "Senior Advisor on GovTech at Digital Impact Alliance (DIAL)",
            CIVIL,
            "US",
            "",
            ProposalPerson.Role.ONLINE_MODERATOR,
        ),
        (
            "Pia Seiffarth",
            "Junior Advisor at GovStack, Global Programm Digital Transformation, Deutsche Gesellschaft für internationale Zusammenarbeit (GIZ)",
            GOV,
            "DE",
            "woman",
            ProposalPerson.Role.RAPPORTEUR,
        ),
    ]
    # Countries are those of the organisation's seat where the record names none (DIAL: US);
    # genders follow the record's "Ms."/"Mr." where it gives them, and are left empty otherwise.
    # The session was held online (IGF 2021): everyone took part online.
    online = ProposalPerson.Participation.ONLINE
    people = [
        PersonInput(
            role=ProposalPerson.Role.SPEAKER,
            name=n,
            organisation=o,
            stakeholder_group=groups[g],
            country=c,
            gender=s,
            participation=online,
        )
        for n, o, g, c, s in speakers
    ] + [
        PersonInput(
            role=r,
            name=n,
            organisation=o,
            stakeholder_group=groups[g],
            country=c,
            gender=s,
            participation=online,
        )
        for n, o, g, c, s, r in moderation
    ]
    theme = Theme.objects.get(
        forum=ctx.igf, parent=None, name="Improving digital governance for the Internet we want"
    )
    subtheme = theme.subthemes.order_by("position", "pk").first()
    data = ProposalInput(
        session_type=types["open-forum"],
        title=records.GOVSTACK_TITLE,
        duration=60,
        format=F.BIRDS_OF_A_FEATHER,
        room_layout="auditorium",
        theme=theme,
        subtheme=subtheme,
        description=records.GOVSTACK_DESCRIPTION,
        expected_outcomes=records.GOVSTACK_EXPECTED_OUTCOMES,
        interaction_plan=records.GOVSTACK_INTERACTION_PLAN,
        sdgs=[s for s in sdgs if s.number in (2, 3, 4, 16)],
        sdg_relevance=records.GOVSTACK_SDG_RELEVANCE,
        previous_report_url="",
        first_time_organizer=True,
        policy_questions=list(records.GOVSTACK_POLICY_QUESTIONS),
        organizers=[
            OrganizerInput(
                name=ministry, organisation=government, stakeholder_group=groups[GOV], country="DE"
            ),
        ],
        people=people,
    )
    now = opens_at + dt.timedelta(days=18, hours=2)
    proposal = proposal_submit(
        forum=ctx.igf,
        by=creator,
        data=data,
        creation_key=uuid.UUID(int=ctx.rng.getrandbits(128)),
        now=now,
        notify=False,
    )
    tally.count(data, [creator])
    return proposal, now


def wsis_537(ctx, types, action_lines, tally, opens_at):
    """The real WSIS Forum session 537, co-organised by ESCAP, ITU and CSTD."""
    groups = {g.code: g for g in StakeholderGroup.objects.all()}
    creator = next(u for u in ctx.people if u.stakeholder_group_id == groups[IGO].pk)
    organizers = [
        (
            "United Nations Economic and Social Commission for Asia and the Pacific (ESCAP)",
            "ESCAP",
            "TH",
        ),
        ("International Telecommunication Union (ITU)", "ITU", "CH"),
        ("Commission on Science and Technology for Development (CSTD)", "CSTD", "CH"),
    ]
    theme = Theme.objects.get(forum=ctx.wsis, parent=None, name="Digital transformation for all")
    data = ProposalInput(
        session_type=types["thematic-workshop"],
        title=records.WSIS537_TITLE,
        reference=records.WSIS537_REFERENCE,
        duration=60,
        format=F.ROUNDTABLE,
        theme=theme,
        subtheme=theme.subthemes.order_by("position", "pk").first(),
        description=records.WSIS537_DESCRIPTION,
        expected_outcomes=records.WSIS537_EXPECTED_OUTCOMES,
        interaction_plan="A joint open consultation: every participant may take the floor, onsite or online.",
        related_links=records.WSIS537_RELATED,
        wsis_action_lines=[a for a in action_lines if a.code in ("C1", "C11")],
        policy_questions=list(records.WSIS537_POLICY_QUESTIONS),
        organizers=[
            OrganizerInput(
                name=name, organisation=short, stakeholder_group=groups[IGO], country=country
            )
            for name, short, country in organizers
        ],
    )
    now = opens_at + dt.timedelta(days=29, hours=1, minutes=30)
    proposal = proposal_submit(
        forum=ctx.wsis,
        by=creator,
        data=data,
        creation_key=uuid.UUID(int=ctx.rng.getrandbits(128)),
        now=now,
        notify=False,
    )
    tally.count(data, [creator])
    return proposal, now
