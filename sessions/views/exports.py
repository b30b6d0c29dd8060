"""CSV and XLSX exports of the screening list (the filtered proposals, all pages)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from forum.spreadsheets import spreadsheet_safe
from sessions.models import Proposal
from sessions.services.screening import CRITERIA


def headers() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Session type"),
        _("Duration"),
        _("Format"),
        _("Theme"),
        _("Sub-theme"),
        _("Status"),
        _("Eligibility"),
        _("Reason"),
        _("Minimum criteria not met"),
        _("Speakers"),
        _("Organizer"),
        _("Organisation"),
        _("Stakeholder group"),
        _("Country"),
        _("Submitted"),
    ]


def rows(proposals: Iterable[Proposal]) -> Iterable[list]:
    for p in proposals:
        primary = p.primary_organizers[0] if p.primary_organizers else None
        yield [
            spreadsheet_safe(v)
            for v in (
                p.pk,
                p.title,
                p.session_type.name if p.session_type else "",
                p.duration or "",
                p.get_format_display() if p.format else "",
                p.theme.name if p.theme else "",
                p.subtheme.name if p.subtheme else "",
                p.get_status_display(),
                p.get_eligibility_display(),
                p.eligibility_reason,
                "; ".join(str(CRITERIA.get(c, c)) for c in p.criteria_failed),
                p.speaker_count,
                primary.name if primary else "",
                primary.organisation if primary else "",
                primary.stakeholder_group.name if primary and primary.stakeholder_group else "",
                primary.country.name if primary and primary.country else "",
                p.submitted_at.strftime("%Y-%m-%d %H:%M UTC") if p.submitted_at else "",
            )
        ]


def proposals_csv(proposals: Iterable[Proposal]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    writer.writerows(rows(proposals))
    # A byte-order mark so that spreadsheet programs read the UTF-8 names correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def proposals_xlsx(proposals: Iterable[Proposal]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Proposals"))
    sheet.append(headers())
    for row in rows(proposals):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
