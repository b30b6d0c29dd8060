import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import QueuedMail
from reports.models import SessionReport
from reports.services.workflow import (
    StaleReport,
    report_approve,
    report_return,
    report_submit,
    report_update,
)
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db


def _fill(case, by, report=None):
    report = report or case.short
    return report_update(
        report=report,
        by=by,
        revision=report.revision,
        data={"key_takeaways": ["One", " ", "Two"], "calls_to_action": ["Act"]},
    )


def test_rapporteur_edits_and_submits_secretariat_approves():
    case = reported_session()
    report = _fill(case, case.rapporteur)
    assert report.key_takeaways == ["One", "Two"]
    assert report.revision == 1
    report = report_submit(report=report, by=case.rapporteur)
    assert report.status == SessionReport.Status.SUBMITTED
    report = report_approve(report=report, by=case.secretariat)
    assert report.status == SessionReport.Status.APPROVED
    assert report.published_at is not None


def test_organizer_may_submit():
    case = reported_session()
    report = report_submit(report=_fill(case, case.organizer), by=case.organizer)
    assert report.status == "submitted"


def test_stale_edit_is_refused_and_nothing_is_lost():
    case = reported_session()
    first = _fill(case, case.rapporteur)
    with pytest.raises(StaleReport) as exc:
        report_update(
            report=case.short,
            by=case.organizer,
            revision=0,
            data={"key_takeaways": ["Overwrite"]},
        )
    assert exc.value.report.revision == first.revision
    case.short.refresh_from_db()
    assert case.short.key_takeaways == ["One", "Two"]


def test_short_report_needs_a_takeaway_and_at_most_three():
    case = reported_session()
    with pytest.raises(ValidationError):
        report_submit(report=case.short, by=case.rapporteur)
    with pytest.raises(ValidationError):
        report_update(
            report=case.short,
            by=case.rapporteur,
            revision=0,
            data={"key_takeaways": ["a", "b", "c", "d"]},
        )
    case.short.refresh_from_db()
    assert case.short.revision == 0


@pytest.mark.parametrize("who", ["outsider", "mag"])
def test_others_may_not_edit_or_submit(who):
    case = reported_session()
    with pytest.raises(PermissionDenied):
        _fill(case, getattr(case, who))
    report = _fill(case, case.rapporteur)
    with pytest.raises(PermissionDenied):
        report_submit(report=report, by=getattr(case, who))


def test_organizer_of_another_session_may_not_edit():
    case = reported_session()
    other_organizer = case.other_session.proposal.created_by
    with pytest.raises(PermissionDenied):
        _fill(case, other_organizer)


def test_mag_member_and_rapporteur_cannot_approve():
    case = reported_session()
    report = report_submit(report=_fill(case, case.rapporteur), by=case.rapporteur)
    for user in (case.mag, case.rapporteur, case.organizer):
        with pytest.raises(PermissionDenied):
            report_approve(report=report, by=user)


def test_return_with_comment_mails_authors_and_reopens():
    case = reported_session()
    report = report_submit(report=_fill(case, case.rapporteur), by=case.rapporteur)
    with pytest.raises(ValidationError):
        report_return(report=report, by=case.secretariat, comment="  ")
    report = report_return(report=report, by=case.secretariat, comment="Add the second call.")
    assert report.status == SessionReport.Status.RETURNED
    mails = QueuedMail.objects.filter(subject__contains="returned")
    assert {m.to for m in mails} >= {case.rapporteur.email.lower()}
    assert "Add the second call." in mails.first().body
    # Returned reports are editable and can be submitted again.
    report = _fill(case, case.rapporteur, report)
    assert report_submit(report=report, by=case.rapporteur).status == "submitted"


def test_approved_report_is_no_longer_editable():
    case = reported_session()
    report = report_submit(report=_fill(case, case.rapporteur), by=case.rapporteur)
    report = report_approve(report=report, by=case.secretariat)
    with pytest.raises(PermissionDenied):
        _fill(case, case.rapporteur, report)
