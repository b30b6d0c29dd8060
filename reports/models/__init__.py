"""Models of the reports app: the forum's report deadlines and each session's reports."""

from reports.models.reports import ReportReminder, ReportSettings, SessionReport

__all__ = ["ReportReminder", "ReportSettings", "SessionReport"]
