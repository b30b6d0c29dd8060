"""The published programme as the public sees it: pages, exports and the API read it from here.

Contract with the scheduling side: ``Session.room``, ``starts_at``, ``ends_at``, ``is_cancelled`` and
``sequence`` hold the *published* programme (the draft lives in the scheduler's own rows), and the
current version is the forum's ``ProgrammeVersion`` with the highest number. Before any version
exists nothing is published, whatever the sessions hold.

The programme of a version is read once (a fixed number of queries, whatever its size) into
:class:`Entry` rows and cached under the forum and the version number: every page, filter and
export of that version reads the cached rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from forum.models import Forum
from sessions.models import (
    SESSION_LANGUAGES,
    Bookmark,
    PolicyQuestion,
    ProgrammeVersion,
    ProposalOrganizer,
    ProposalPerson,
    Session,
)

CACHE_TIMEOUT = 24 * 3600
#: The people of a session shown in the programme (speakers first), never those who declined.
PROGRAMME_ROLES = (
    ProposalPerson.Role.SPEAKER,
    ProposalPerson.Role.ONSITE_MODERATOR,
    ProposalPerson.Role.ONLINE_MODERATOR,
)
LANGUAGE_NAMES = dict(SESSION_LANGUAGES)


def published_versions(forum) -> QuerySet[ProgrammeVersion]:
    """The one definition of "the programme is published": the forum (an instance, an id or an
    ``OuterRef``) has a :class:`ProgrammeVersion`. :func:`has_published_programme`,
    :func:`current_version` and :func:`published_exists` are its forms."""
    return ProgrammeVersion.objects.filter(forum=forum)


def has_published_programme(forum: Forum | int) -> bool:
    """Whether a version of the forum's programme has been published (the programme phase's
    condition)."""
    return published_versions(forum).exists()


def current_version(*, forum: Forum) -> ProgrammeVersion | None:
    """The forum's published programme version (highest number), or None before the first."""
    return published_versions(forum).order_by("-number").first()


def is_followable_online(session: Session) -> bool:
    """Can the session be followed online (a webcast of its own or of its room)? The one rule
    behind the "online" filter and the JSON-LD attendance mode; ``online_q`` is its queryset
    form."""
    return bool(session.webcast_url or (session.room_id and session.room.has_webcast))


def online_q() -> Q:
    return ~Q(webcast_url="") | Q(room__has_webcast=True)


def published_sessions_qs(*, forum: Forum) -> QuerySet[Session]:
    """The forum's sessions with a published room and time (cancelled ones included), or none
    before a version is published (one query, whatever the caller adds)."""
    return published_placed(Session.objects.filter(published_exists(), forum=forum))


def published_exists() -> Exists:
    """For a session queryset: whether the session's forum has a published version."""
    return Exists(published_versions(OuterRef("forum")))


def published_placed(qs: QuerySet[Session]) -> QuerySet[Session]:
    """``qs`` reduced to sessions that have a room and a time (the published placement)."""
    return qs.filter(room__isnull=False, starts_at__isnull=False, ends_at__isnull=False)


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    organisation: str
    role: str
    role_label: str
    online: bool


@dataclass
class Entry:
    """One published session with everything a page or an export shows of it."""

    id: int
    guid: str
    title: str
    description: str
    session_type_code: str
    session_type: str
    format: str
    theme_id: int | None
    theme: str
    subtheme_id: int | None
    subtheme: str
    room_id: int
    room: str
    room_capacity: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    language: str
    is_cancelled: bool
    sequence: int
    online: bool
    is_public: bool
    sdgs: list[int] = field(default_factory=list)
    wsis: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizers: list[tuple[str, str]] = field(default_factory=list)
    policy_questions: list[str] = field(default_factory=list)
    search_text: str = ""

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def speakers(self) -> list[Person]:
        return [p for p in self.people if p.role == ProposalPerson.Role.SPEAKER]

    @property
    def moderators(self) -> list[Person]:
        return [p for p in self.people if p.role != ProposalPerson.Role.SPEAKER]

    @property
    def language_name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.language, self.language))


@dataclass
class Programme:
    forum_id: int
    version: int
    published_at: dt.datetime
    entries: list[Entry]
    rooms: list[tuple[int, str]]
    themes: list[tuple[int, str]]
    subthemes: list[tuple[int, str]]
    session_types: list[tuple[str, str]]
    sdgs: list[int]
    wsis: list[str]
    languages: list[str]

    def entry(self, session_id: int) -> Entry | None:
        return next((e for e in self.entries if e.id == session_id), None)


def _entries_qs(forum: Forum) -> QuerySet[Session]:
    return (
        published_placed(Session.objects.filter(forum=forum))
        .select_related("room", "session_type", "theme", "subtheme", "proposal")
        .prefetch_related(
            Prefetch(
                "proposal__people",
                queryset=ProposalPerson.objects.filter(role__in=PROGRAMME_ROLES)
                .exclude(confirmation=ProposalPerson.Confirmation.DECLINED)
                .order_by("role", "position", "pk"),
            ),
            Prefetch(
                "proposal__organizers",
                queryset=ProposalOrganizer.objects.order_by("-is_primary", "position", "pk"),
            ),
            Prefetch("proposal__policy_questions", queryset=PolicyQuestion.objects.all()),
            "proposal__sdgs",
            "proposal__wsis_action_lines",
        )
        .order_by("starts_at", "room__position", "room__name", "title", "pk")
    )


def _entry(session: Session) -> Entry:
    proposal = session.proposal
    people = (
        [
            Person(
                id=p.pk,
                name=p.name,
                organisation=p.organisation,
                role=p.role,
                role_label=str(p.get_role_display()),
                online=p.participation == ProposalPerson.Participation.ONLINE,
            )
            for p in sorted(proposal.people.all(), key=lambda p: PROGRAMME_ROLES.index(p.role))
        ]
        if proposal
        else []
    )
    organizers = [(o.name, o.organisation) for o in proposal.organizers.all()] if proposal else []
    entry = Entry(
        id=session.pk,
        guid=str(session.guid),
        title=session.title,
        description=session.description,
        session_type_code=session.session_type.code,
        session_type=session.session_type.name,
        format=str(session.get_format_display()) if session.format else "",
        theme_id=session.theme_id,
        theme=session.theme.name if session.theme else "",
        subtheme_id=session.subtheme_id,
        subtheme=session.subtheme.name if session.subtheme else "",
        room_id=session.room_id,
        room=session.room.name,
        room_capacity=session.room.capacity,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        language=session.language,
        is_cancelled=session.is_cancelled,
        sequence=session.sequence,
        online=is_followable_online(session),
        is_public=session.is_public,
        sdgs=sorted(s.number for s in proposal.sdgs.all()) if proposal else [],
        wsis=sorted(w.code for w in proposal.wsis_action_lines.all()) if proposal else [],
        people=people,
        organizers=organizers,
        policy_questions=[q.text for q in proposal.policy_questions.all()] if proposal else [],
    )
    entry.search_text = " ".join(
        [
            entry.title,
            entry.description,
            entry.theme,
            entry.subtheme,
            entry.session_type,
            *(p.name for p in people),
            *(p.organisation for p in people),
            *(name for name, _ in organizers),
            *(org for _, org in organizers),
        ]
    ).casefold()
    return entry


def _build(forum: Forum, version: ProgrammeVersion) -> Programme:
    entries = [_entry(s) for s in _entries_qs(forum)]
    rooms: dict[int, str] = {}
    for e in sorted(entries, key=lambda e: e.room_id):
        rooms.setdefault(e.room_id, e.room)
    room_order = {r.pk: i for i, r in enumerate(forum.rooms.order_by("position", "name"))}
    return Programme(
        forum_id=forum.pk,
        version=version.number,
        published_at=version.published_at,
        entries=entries,
        rooms=sorted(rooms.items(), key=lambda r: (room_order.get(r[0], 0), r[1])),
        themes=sorted({(e.theme_id, e.theme) for e in entries if e.theme_id}, key=lambda t: t[1]),
        subthemes=sorted(
            {(e.subtheme_id, e.subtheme) for e in entries if e.subtheme_id}, key=lambda t: t[1]
        ),
        session_types=sorted({(e.session_type_code, e.session_type) for e in entries}),
        sdgs=sorted({n for e in entries for n in e.sdgs}),
        wsis=sorted({c for e in entries for c in e.wsis}, key=lambda c: int(c[1:] or 0)),
        languages=sorted({e.language for e in entries}),
    )


def programme_cache_key(forum: Forum, version: ProgrammeVersion, *parts: object) -> str:
    """The key of anything built from one published version: forum, version (number and row),
    then the caller's parts (kind, language, zone, filters)."""
    tail = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return f"programme:{forum.pk}:{version.number}:{version.pk}:{tail}"


def published_programme(*, forum: Forum, version: ProgrammeVersion | None = None):
    """The published programme of ``forum`` (cached per version), or None before the first."""
    version = version or current_version(forum=forum)
    if version is None:
        return None
    key = programme_cache_key(forum, version, "entries")
    # A version's programme never changes, so each process keeps the last few it read; the
    # shared cache holds a small stamp of the one built, and a copy is used only while its stamp
    # is still there (clearing the cache, or its expiry, makes every process rebuild).
    stamp = cache.get(f"{key}:stamp")
    local = _LOCAL.get(key)
    if stamp is not None and local is not None and local[0] == stamp:
        return local[1]
    programme = cache.get(key) if stamp is not None else None
    if programme is None:
        programme = _build(forum, version)
        stamp = secrets.token_hex(8)
        cache.set_many({key: programme, f"{key}:stamp": stamp}, CACHE_TIMEOUT)
    _LOCAL[key] = (stamp, programme)
    while len(_LOCAL) > 8:
        try:
            _LOCAL.pop(next(iter(_LOCAL)))
        except (StopIteration, KeyError, RuntimeError):  # another thread trimmed it
            break
    return programme


_LOCAL: dict[str, tuple[str, Programme]] = {}


# --- Bookmarks and session links ----------------------------------------------------------------


def bookmarked_ids(*, viewer, forum: Forum) -> set[int]:
    if not viewer.is_authenticated:
        return set()
    return set(
        Bookmark.objects.filter(user=viewer, session__forum=forum).values_list(
            "session_id", flat=True
        )
    )


@dataclass(frozen=True)
class SessionLink:
    key: str
    #: The link's label and address for this session and viewer, or None while it does not exist.
    resolve: Callable[[Session, object], tuple[str, str] | None]
    order: int = 0


_SESSION_LINKS: dict[str, SessionLink] = {}


def register_session_link(link: SessionLink) -> None:
    """Later apps (the live room, transcripts and reports) add links to the session page."""
    _SESSION_LINKS[link.key] = link


def session_links(*, session: Session, viewer) -> list[tuple[str, str]]:
    links = []
    for link in sorted(_SESSION_LINKS.values(), key=lambda link: (link.order, link.key)):
        found = link.resolve(session, viewer)
        if found:
            links.append(found)
    return links


@dataclass(frozen=True)
class SessionPanel:
    """A block a later app adds to the public session page (registration's seat offer, the
    published report), drawn from its own template."""

    key: str
    template: str
    #: The panel's context for this session and viewer, or None to leave it out. Read once per
    #: page view: the stamp is drawn from it.
    context: Callable[[Session, object], dict | None]
    #: A short string, from the panel's context (None when left out), that changes whenever the
    #: panel would change for this viewer (the page is revalidated by ETag: without it, a newly
    #: published report would stay hidden behind a 304).
    stamp: Callable[[dict | None], str]
    order: int = 0


_SESSION_PANELS: dict[str, SessionPanel] = {}


def register_session_panel(panel: SessionPanel) -> None:
    _SESSION_PANELS[panel.key] = panel


def _panels() -> list[SessionPanel]:
    return sorted(_SESSION_PANELS.values(), key=lambda panel: (panel.order, panel.key))


@dataclass(frozen=True)
class SessionPanels:
    """The registered panels as this viewer sees them: ``stamp`` for the page's cache key and
    ``shown``, the (template, context) of each panel shown, in order."""

    stamp: str
    shown: list[tuple[str, dict]]


def session_panels(*, session: Session, viewer) -> SessionPanels:
    """Each registered panel's context, read once, and the stamp drawn from those contexts."""
    stamps, shown = [], []
    for panel in _panels():
        context = panel.context(session, viewer)
        stamps.append(f"{panel.key}:{panel.stamp(context)}")
        if context is not None:
            shown.append((panel.template, context))
    return SessionPanels(stamp="|".join(stamps), shown=shown)
