import pytest
from django.urls import reverse

from reports.services.workflow import report_approve, report_submit, report_update
from tests.reports.helpers import reported_session

pytestmark = pytest.mark.django_db


def _approved(case):
    r = report_update(
        report=case.short,
        by=case.rapporteur,
        revision=0,
        data={"key_takeaways": ["Published takeaway"]},
    )
    r = report_submit(report=r, by=case.rapporteur)
    return report_approve(report=r, by=case.secretariat)


def _edit_url(case, report):
    return reverse("reports:edit", kwargs={"slug": case.forum.slug, "report_id": report.pk})


@pytest.mark.parametrize("who", ["outsider", "mag"])
def test_report_page_is_404_for_others(client, who):
    case = reported_session()
    client.force_login(getattr(case, who))
    assert client.get(_edit_url(case, case.short)).status_code == 404
    other = case.other_session.reports.get(kind="short")
    client.force_login(case.organizer)
    assert client.get(_edit_url(case, other)).status_code == 404


def test_rapporteur_saves_and_stale_post_is_409(client):
    case = reported_session()
    client.force_login(case.rapporteur)
    url = _edit_url(case, case.short)
    assert client.get(url).status_code == 200
    resp = client.post(url, {"revision": 0, "key_takeaways": "First\nSecond"})
    assert resp.status_code == 302
    resp = client.post(url, {"revision": 0, "key_takeaways": "Mine"})
    assert resp.status_code == 409
    assert "Mine" in resp.content.decode()


def test_secretariat_list_and_overdue(client):
    case = reported_session()
    client.force_login(case.secretariat)
    assert client.get(reverse("reports:secretariat", args=[case.forum.slug])).status_code == 200
    assert client.get(reverse("reports:overdue", args=[case.forum.slug])).status_code == 200
    client.force_login(case.mag)
    assert client.get(reverse("reports:secretariat", args=[case.forum.slug])).status_code == 404


def test_session_page_and_api_show_only_published(client):
    case = reported_session()
    page = reverse(
        "programme_session", kwargs={"slug": case.forum.slug, "session_id": case.session.pk}
    )
    report_update(
        report=case.full, by=case.rapporteur, revision=0, data={"discussion": "Draft text"}
    )
    assert "report-panel" not in client.get(page).content.decode()
    assert client.get("/api/v1/reports/").json()["count"] == 0
    _approved(case)
    body = client.get(page).content.decode()
    assert "Published takeaway" in body and "Draft text" not in body
    data = client.get("/api/v1/reports/", {"forum": case.forum.slug}).json()
    assert data["count"] == 1 and data["results"][0]["key_takeaways"] == ["Published takeaway"]


def test_editor_ties_help_and_errors_to_their_inputs(client):
    """A screen reader hears a field's help and its error with the field itself."""
    import lxml.html

    case = reported_session()
    client.force_login(case.rapporteur)
    url = _edit_url(case, case.short)
    page = lxml.html.fromstring(client.get(url).content)
    box = page.get_element_by_id("id_key_takeaways")
    described = box.get("aria-describedby").split()
    assert [page.get_element_by_id(i).text_content() for i in described] == [
        "Up to 3, one per line."
    ]
    resp = client.post(url, {"revision": 0, "key_takeaways": "1\n2\n3\n4"})
    assert resp.status_code == 400
    page = lxml.html.fromstring(resp.content)
    box = page.get_element_by_id("id_key_takeaways")
    texts = [page.get_element_by_id(i).text_content() for i in box.get("aria-describedby").split()]
    assert "Up to 3, one per line." in texts
    assert any("At most 3 points" in t for t in texts)
