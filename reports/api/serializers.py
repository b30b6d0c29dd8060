from __future__ import annotations

from rest_framework import serializers

from reports.models import SessionReport


class ReportSerializer(serializers.ModelSerializer):
    forum = serializers.CharField(source="session.forum.slug")
    session = serializers.IntegerField(source="session_id")
    session_title = serializers.CharField(source="session.title")
    sdgs = serializers.SerializerMethodField()

    class Meta:
        model = SessionReport
        fields = [
            "id",
            "forum",
            "session",
            "session_title",
            "kind",
            "key_takeaways",
            "calls_to_action",
            "presentations_summary",
            "discussion",
            "way_forward",
            "participants_onsite",
            "participants_online",
            "participants_hubs",
            "participants_women",
            "sdgs",
            "gender_discussed",
            "published_at",
        ]

    def get_sdgs(self, obj) -> list[int]:
        return [sdg.number for sdg in obj.sdgs.all()]
