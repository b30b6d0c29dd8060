"""The secretariat's registrant list as CSV and XLSX: the same columns, user text kept as text
(forum.spreadsheets), times in the forum's zone; in XLSX the header frozen, filters on and
dates as dates."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from forum.models import Forum
from forum.spreadsheets import spreadsheet_safe
from registration.models import Registration


def columns() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Stakeholder group"),
        _("Country"),
        _("UN regional group"),
        _("Attendance"),
        _("Via a hub"),
        _("Status"),
        _("Gender"),
        _("First time"),
        _("Accessibility needs"),
        _("Privacy notice version"),
        _("Registered at"),
        _("Decided at"),
    ]


def rows(forum: Forum, registrations: QuerySet[Registration]) -> Iterator[list]:
    """One row per registration; times as naive datetimes in the forum's zone."""
    tz = forum.tzinfo

    def local(value):
        return value.astimezone(tz).replace(tzinfo=None) if value else None

    for r in registrations.iterator(chunk_size=2000):
        user = r.user
        yield [
            spreadsheet_safe(user.name),
            spreadsheet_safe(user.email),
            spreadsheet_safe(user.organisation),
            user.stakeholder_group.name if user.stakeholder_group else "",
            user.country.code if user.country else "",
            getattr(r, "regional_group_code", None) or "",
            r.attendance,
            r.via_hub,
            r.status,
            spreadsheet_safe(r.gender_label),
            r.first_time,
            spreadsheet_safe(r.accessibility_needs),
            r.privacy_notice_version,
            local(r.created_at),
            local(r.decided_at),
        ]


def registrants_csv(forum: Forum, registrations: QuerySet[Registration]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns())
    for row in rows(forum, registrations):
        writer.writerow(
            [v.strftime("%Y-%m-%d %H:%M") if hasattr(v, "strftime") else v for v in row]
        )
    return out.getvalue()


def registrants_xlsx(forum: Forum, registrations: QuerySet[Registration]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Registrations")[:31]
    header = columns()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for row in rows(forum, registrations):
        sheet.append(row)
        count += 1
    date_columns = [header.index(_("Registered at")) + 1, header.index(_("Decided at")) + 1]
    for column in date_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    last = sheet.cell(row=1, column=len(header)).column_letter
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
