"""What the API shows of each object: public fields only (never an email address, a gender or
anything from the review)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forum.models import Forum, Room
from sessions.models import ProgrammeVersion, ProposalPerson, Session
from sessions.selectors.public_programme import PROGRAMME_ROLES, is_followable_online


class ForumSerializer(serializers.ModelSerializer):
    published = serializers.BooleanField(read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Forum
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "theme",
            "start_date",
            "end_date",
            "timezone",
            "venue",
            "city",
            "country",
            "published",
        ]


class RoomSerializer(serializers.ModelSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Room
        fields = ["id", "forum", "name", "capacity", "layout", "has_webcast", "has_captioning"]


class SessionPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProposalPerson
        fields = ["id", "name", "organisation", "role", "participation"]


class SpeakerSerializer(serializers.ModelSerializer):
    forum = serializers.CharField(source="proposal.session.forum.slug", read_only=True)
    session = serializers.IntegerField(source="proposal.session.pk", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    stakeholder_group = serializers.CharField(
        source="stakeholder_group.code", default=None, read_only=True
    )

    class Meta:
        model = ProposalPerson
        fields = [
            "id",
            "name",
            "organisation",
            "country",
            "stakeholder_group",
            "role",
            "participation",
            "forum",
            "session",
        ]


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    guid = serializers.UUIDField(read_only=True)
    session_type = serializers.CharField(source="session_type.code", read_only=True)
    session_type_name = serializers.CharField(source="session_type.name", read_only=True)
    theme = NamedSerializer(read_only=True, allow_null=True)
    subtheme = NamedSerializer(read_only=True, allow_null=True)
    room = NamedSerializer(read_only=True)
    online = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()
    sdgs = serializers.SerializerMethodField()
    wsis_action_lines = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "guid",
            "forum",
            "title",
            "description",
            "session_type",
            "session_type_name",
            "format",
            "theme",
            "subtheme",
            "room",
            "starts_at",
            "ends_at",
            "duration",
            "language",
            "is_cancelled",
            "sequence",
            "online",
            "people",
            "sdgs",
            "wsis_action_lines",
        ]

    def get_online(self, session: Session) -> bool:
        return is_followable_online(session)

    @extend_schema_field(SessionPersonSerializer(many=True))
    def get_people(self, session: Session) -> list[dict]:
        people = session.proposal.people.all() if session.proposal else []
        people = sorted(people, key=lambda p: PROGRAMME_ROLES.index(p.role))  # speakers first
        return SessionPersonSerializer(people, many=True).data

    def get_sdgs(self, session: Session) -> list[int]:
        return sorted(s.number for s in session.proposal.sdgs.all()) if session.proposal else []

    def get_wsis_action_lines(self, session: Session) -> list[str]:
        if not session.proposal:
            return []
        return sorted(w.code for w in session.proposal.wsis_action_lines.all())


class ProgrammeVersionSerializer(serializers.ModelSerializer):
    forum = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    changelog = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeVersion
        fields = ["forum", "number", "published_at", "note", "changelog"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                k: {"type": "array", "items": {"type": "integer"}}
                for k in ("added", "moved", "cancelled")
            },
        }
    )
    def get_changelog(self, version: ProgrammeVersion) -> dict:
        log = version.changelog or {}
        return {k: list(log.get(k, [])) for k in ("added", "moved", "cancelled")}
