"""The selection board (the ranked list with its cut line and the make-up of the selection) and
the merge candidates (pairs of alike proposals)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from forum import regions
from forum.models import Forum, User
from sessions.models import Proposal, ProposalOrganizer, ProposalPerson
from sessions.rules import review as review_rules
from sessions.selectors.results import ORDERS, ResultRow, results_for
from sessions.selectors.review import conflicted_ids, eligible_proposals


@dataclass
class Composition:
    total: int = 0
    regions: Counter = field(default_factory=Counter)
    stakeholder_groups: Counter = field(default_factory=Counter)
    speaker_genders: Counter = field(default_factory=Counter)
    first_time: int = 0
    developing_country: int = 0
    themes: Counter = field(default_factory=Counter)


#: Short names of the regional groups for the make-up (shown translated).
REGION_NAMES = {
    "african": gettext_noop("African Group"),
    "asia-pacific": gettext_noop("Asia-Pacific Group"),
    "eeg": gettext_noop("Eastern European Group"),
    "grulac": gettext_noop("Latin American and Caribbean Group"),
    "weog": gettext_noop("Western European and Others Group"),
    "igo": gettext_noop("Intergovernmental organisations"),
}


def regional_group_of(person) -> str | None:
    """The regional group code of an organizer or person, by :mod:`forum.regions`' one rule."""
    group = person.stakeholder_group
    return regions.regional_group_code_for(
        stakeholder_group=group.code if group else None,
        country=person.country.code if person.country else None,
    )


def composition_of(proposals: list[Proposal]) -> Composition:
    """Make-up of a selection. Proposals must come with organizers and people prefetched."""
    comp = Composition(total=len(proposals))
    for proposal in proposals:
        organizers = list(proposal.organizers.all())
        primary = organizers[0] if organizers else None
        if primary is not None:
            code = regional_group_of(primary)
            comp.regions[_(REGION_NAMES[code]) if code in REGION_NAMES else _("Not stated")] += 1
            group = primary.stakeholder_group
            comp.stakeholder_groups[str(group) if group else _("Not stated")] += 1
        for person in proposal.people.all():
            if person.role == ProposalPerson.Role.SPEAKER:
                comp.speaker_genders[(person.gender or "not stated").strip().lower()] += 1
        comp.first_time += proposal.first_time_organizer
        comp.developing_country += proposal.developing_country_organizer
        comp.themes[proposal.theme.name if proposal.theme_id else "No theme"] += 1
    return comp


@dataclass
class Board:
    rows: list[ResultRow]
    selected: list[ResultRow]
    slots: int
    order: str
    composition: Composition
    cut_after: int | None


def selection_board(
    *,
    forum: Forum,
    viewer: User,
    slots: int,
    order: str = "normalised",
    include: set[int] = frozenset(),
    exclude: set[int] = frozenset(),
) -> Board:
    """The ranked list with its cut line after ``slots`` proposals. ``include`` and ``exclude``
    move proposals across the line by hand; the composition is that of the selection."""
    rows = results_for(forum=forum, viewer=viewer)
    rank_attr = ORDERS.get(order, "rank_normalised")
    rows.sort(key=lambda r: (getattr(r, rank_attr) or 10**9, r.proposal.pk))
    above = {r.proposal.pk for r in rows[: max(0, slots)]}
    selected_ids = (above | set(include)) - set(exclude)
    selected = [r for r in rows if r.proposal.pk in selected_ids]
    people = Prefetch("people", queryset=ProposalPerson.objects.select_related("stakeholder_group"))
    organizers = Prefetch(
        "organizers", queryset=ProposalOrganizer.objects.select_related("stakeholder_group")
    )
    with_people = {
        p.pk: p
        # Only what the viewer may see: ``include`` may name anything.
        for p in Proposal.objects.filter(pk__in=[r.proposal.pk for r in selected])
        .select_related("theme")
        .prefetch_related(organizers, people)
    }
    return Board(
        rows=rows,
        selected=selected,
        slots=slots,
        order=order if order in ORDERS else "normalised",
        composition=composition_of([with_people[r.proposal.pk] for r in selected]),
        cut_after=min(slots, len(rows)) if slots else None,
    )


# --- Merge candidates -----------------------------------------------------------------------------

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "we",
        "what",
        "which",
        "who",
        "will",
        "with",
        "within",
        "without",
        "should",
        "would",
        "could",
        "session",
        "proposal",
        "participants",
        "discuss",
        "discussion",
    ]
)
TOKEN = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def _tokens(text: str) -> list[str]:
    return [t for t in TOKEN.findall(text.casefold()) if t not in STOPWORDS]


def merge_candidates(
    *, forum: Forum, viewer: User, threshold: float = 0.35, limit: int = 50
) -> list[tuple[Proposal, Proposal, float]]:
    """Pairs of eligible proposals whose title, description and policy questions are alike
    (TF-IDF cosine similarity), most alike first."""
    if not review_rules.can_see_results.test(viewer, forum):
        raise Http404("No such page.")
    hidden = conflicted_ids(forum, viewer)
    proposals = list(
        eligible_proposals(forum)
        .exclude(pk__in=hidden)
        .prefetch_related("policy_questions")
        .order_by("pk")
    )
    docs = {}
    for p in proposals:
        text = " ".join(
            [p.title, p.title, p.description] + [q.text for q in p.policy_questions.all()]
        )
        docs[p.pk] = Counter(_tokens(text))
    n = len(docs)
    if n < 2:
        return []
    df: Counter[str] = Counter()
    for counts in docs.values():
        df.update(counts.keys())
    # Words in more than a fifth of the proposals say nothing about which two are alike.
    idf = {t: math.log(n / c) for t, c in df.items() if c <= max(2, n // 5)}
    vectors = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for pid, counts in docs.items():
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items() if t in idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors[pid] = {t: v / norm for t, v in vec.items()}
        for t in vectors[pid]:
            postings[t].append(pid)
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for t, pids in postings.items():
        for i, a in enumerate(pids):
            va = vectors[a][t]
            for b in pids[i + 1 :]:
                dots[(a, b)] += va * vectors[b][t]
    by_id = {p.pk: p for p in proposals}
    pairs = sorted(
        ((by_id[a], by_id[b], round(s, 3)) for (a, b), s in dots.items() if s >= threshold),
        key=lambda x: (-x[2], x[0].pk, x[1].pk),
    )
    return pairs[:limit]
