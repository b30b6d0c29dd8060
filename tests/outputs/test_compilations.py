"""What each compilation says (grouping, links, statistics), read back from the files a build
writes: the HTML, the PDF with pypdf and the DOCX with python-docx."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from outputs.models import Compilation, CompilationBuild
from outputs.services.builds import build_request, build_run, compilation_get_or_create, index_path
from registration.models import Registration
from remote_hubs.models import Hub
from tests.factories import ForumFactory, UserFactory
from tests.outputs.helpers import (
    approved_report,
    built,
    secretariat_of,
    session_with_lines,
    theme,
)
from tests.sessions.factories import SessionFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db


def media(path: str) -> Path:
    return Path(settings.MEDIA_ROOT) / path


def html_of(build) -> str:
    return media(build.html_file).read_text()


def pdf_text(build) -> tuple[PdfReader, str]:
    reader = PdfReader(str(media(build.pdf_file)))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def outline_items(items):
    for item in items:
        if isinstance(item, list):
            yield from outline_items(item)
        else:
            yield item


@pytest.fixture
def igf():
    forum = ForumFactory()
    access = theme(forum, "Universal access", position=1)
    rights = theme(forum, "Human rights", position=2)
    access_rural = theme(forum, "Rural connectivity", parent=access, position=1)
    access_skills = theme(forum, "Digital skills", parent=access, position=2)
    one = SessionFactory(
        forum=forum, title="Community networks", theme=access, subtheme=access_rural
    )
    two = SessionFactory(forum=forum, title="Skills for all", theme=access, subtheme=access_skills)
    three = SessionFactory(forum=forum, title="Privacy online", theme=rights)
    four = SessionFactory(forum=forum, title="Not approved yet", theme=rights)
    approved_report(one, takeaways=["Spectrum must be affordable"], calls=["Fund local networks"])
    # The full report of the same session wins, with the short one's points copied in.
    approved_report(
        one, kind="full", takeaways=["Spectrum must be affordable"], calls=["Fund local networks"]
    )
    approved_report(two, takeaways=["Teach <script>alert(1)</script> safely"])
    approved_report(three, takeaways=["Encryption protects everyone"], calls=["Adopt privacy laws"])
    from reports.models import SessionReport

    SessionReport.objects.create(
        session=four,
        kind="short",
        status="submitted",
        due_at=timezone.now(),
        key_takeaways=["Should not appear"],
    )
    return forum, {"one": one, "two": two, "three": three, "access": access, "rights": rights}


def test_messages_group_by_theme_and_subtheme_with_links_and_synthesis(igf):
    forum, rows = igf
    by = secretariat_of(forum)
    compilation = compilation_get_or_create(forum=forum, kind=Compilation.Kind.MESSAGES, by=by)
    from outputs.services.builds import synthesis_save

    synthesis_save(
        compilation=compilation, theme=rows["access"], text="Access first.\n\nThen skills.", by=by
    )
    build, _ = build_request(compilation=compilation, by=by)
    build = build_run(build_id=build.pk)
    assert build.status == "done", build.error
    assert build.number == 1
    assert build.report_count == 4
    toc, html = html_of(build).split("</nav>", 1)
    assert "Universal access" in toc and "Rural connectivity" in toc
    # Order: theme 1 (its synthesis, sub-theme 1, sub-theme 2), then theme 2.
    order = [
        "Universal access",
        "Access first.",
        "Then skills.",
        "Rural connectivity",
        "Community networks",
        "Spectrum must be affordable",
        "Fund local networks",
        "Digital skills",
        "Skills for all",
        "Human rights",
        "Privacy online",
        "Encryption protects everyone",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert html.count("Spectrum must be affordable") == 1  # one session, once
    assert "Should not appear" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    one = rows["one"]
    assert f'href="{settings.SITE_URL.rstrip("/")}/forums/{forum.slug}/sessions/{one.pk}/"' in html
    assert f'id="p-s{one.pk}-kt1"' in html
    # The paragraph index the comment pages read.
    index = [json.loads(line) for line in index_path(build).open()]
    assert {"kind": "p", "id": f"p-s{one.pk}-ca1", "text": "Fund local networks"}.items() <= next(
        row for row in index if row["id"] == f"p-s{one.pk}-ca1"
    ).items()

    reader, text = pdf_text(build)
    assert len(reader.pages) >= 2
    assert "Contents" in text and "Universal access" in text and "Rural connectivity" in text
    titles = outline_titles(reader)
    assert {"Universal access", "Human rights", "Rural connectivity"} <= set(titles)

    document = Document(str(media(build.docx_file)))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 2", "Universal access") in headings
    assert ("Heading 3", "Rural connectivity") in headings
    assert ("Heading 4", "Community networks") in headings
    assert "TOC \\o" in document.element.xml


def test_wsis_outcome_groups_summaries_by_action_line():
    forum = ForumFactory(kind="wsis")
    both = session_with_lines(forum, "Access and skills", ["C2", "C4"])
    c7 = session_with_lines(forum, "E-health", ["C7"])
    none = session_with_lines(forum, "Open consultation", [])
    approved_report(both, kind="full", summary="Infrastructure and capacity go together.")
    approved_report(c7, kind="full", summary="Telemedicine reached rural clinics.")
    approved_report(none, takeaways=["A short report only"])
    build = built(forum, Compilation.Kind.WSIS_OUTCOME)
    assert build.status == "done", build.error
    html = html_of(build)
    c2 = html.index('id="line-C2"')
    c4 = html.index('id="line-C4"')
    c7_at = html.index('id="line-C7"')
    rest = html.index('id="line-none"')
    assert c2 < c4 < c7_at < rest
    assert 'id="line-C1"' not in html  # no session names C1
    assert html.count("Infrastructure and capacity go together.") == 2  # under C2 and C4
    assert c7_at < html.index("Telemedicine reached rural clinics.") < rest
    assert rest < html.index("A short report only")
    reader, text = pdf_text(build)
    assert "reached rural clinics." in text  # (pypdf splits "Te" by its kerning)
    assert re.search(r"C7 ICT applications.*\.{5,} 2", text, re.S)  # the TOC with its page
    assert [
        t.split(" ")[0] for t in outline_titles(reader) if t[:1] == "C" and t[1:2].isdigit()
    ] == ["C2", "C4", "C7"]
    document = Document(str(media(build.docx_file)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [h.split(" ")[0] for h in headings] == ["C2", "C4", "C7", "Sessions"]


def test_a_pdf_over_many_pages_points_its_outline_and_contents_at_the_right_pages():
    """The contents page's numbers and the bookmarks both lead to the page each action line
    starts on; the PDF is rendered from the print copy, which carries no paragraph ids (only the
    headings are link targets), while the HTML keeps them for the comment pages."""
    forum = ForumFactory(kind="wsis")
    words = " ".join(["Connectivity and capacity for every community"] * 12) + "."
    for n, codes in enumerate((["C1"], ["C3"], ["C3", "C5"], ["C5"])):
        session = session_with_lines(forum, f"Session {n}", codes)
        approved_report(
            session, kind="full", summary="\n\n".join(f"{n}.{k} {words}" for k in range(12))
        )
    build = built(forum, Compilation.Kind.WSIS_OUTCOME)
    assert build.status == "done", build.error
    reader, text = pdf_text(build)
    assert len(reader.pages) >= 6
    starts = {}
    for item in outline_items(reader.outline):
        if not re.match(r"C\d+ ", item.title):
            continue
        page = reader.get_destination_page_number(item)
        assert item.title in " ".join(reader.pages[page].extract_text().split()), item.title
        starts[item.title.split(" ")[0]] = page + 1
    assert list(starts) == ["C1", "C3", "C5"]
    assert len(set(starts.values())) == 3  # each line starts on a page of its own here
    contents = " ".join(reader.pages[0].extract_text().split())
    for code, page in starts.items():
        assert re.search(rf"{code} [^.]*\.{{5,}} ?{page}\b", contents), (code, page, contents)
    destinations = set(reader.named_destinations)
    assert {"line-C1", "line-C3", "line-C5"} <= destinations
    assert not [name for name in destinations if name.startswith("p-")]
    assert 'id="p-C3-s' in html_of(build)


def test_chair_summary_has_themes_main_sessions_and_statistics():
    forum = ForumFactory()
    theme(forum, "Trust and security")
    main_type = SessionTypeFactory(forum=forum, code="main-session", name="Main session")
    main = SessionFactory(forum=forum, title="Main session: AI for all", session_type=main_type)
    workshop = SessionFactory(forum=forum, title="A workshop")
    SessionFactory(forum=forum, title="Another workshop", session_type=workshop.session_type)
    approved_report(main, takeaways=["AI needs guardrails"])
    approved_report(
        workshop,
        kind="full",
        participants_onsite=40,
        participants_online=25,
        participants_hubs=7,
        participants_women=30,
        gender_discussed=True,
    )
    from forum.models import StakeholderGroup

    government = StakeholderGroup.objects.get(code="government")
    for _n in range(6):
        Registration.objects.create(
            forum=forum,
            user=UserFactory(country="GH"),
            status="approved",
            attendance="onsite",
            gender="woman",
        )
    for _n in range(5):
        Registration.objects.create(
            forum=forum,
            user=UserFactory(country="BR", stakeholder_group=government),
            status="approved",
            attendance="online",
            gender="man",
        )
    coordinator = UserFactory()
    for city, country in (("Accra", "GH"), ("Lima", "PE")):
        Hub.objects.create(
            forum=forum,
            host_institution="Uni",
            city=city,
            country=country,
            coordinator=coordinator,
            coordinator_name="C",
            coordinator_email="c@example.org",
            technical_name="T",
            technical_email="t@example.org",
            expected_participants=10,
            status="approved",
        )
    build = built(forum, Compilation.Kind.CHAIR_SUMMARY)
    assert build.status == "done", build.error
    html = html_of(build).split("</nav>", 1)[1]
    assert html.index("Trust and security") < html.index("Main session: AI for all")
    assert "AI needs guardrails" in html
    assert "A workshop" not in html.split('id="statistics"')[0]  # only main sessions listed
    assert "3 sessions were held." in html
    assert "11 people registered from 2 countries." in html
    assert "2 remote hubs in 2 countries followed the forum." in html
    assert re.search(r"<th scope=\"row\">Onsite</th><td>40</td>", html)
    assert re.search(r"<th scope=\"row\">Civil Society</th><td>6</td>", html)
    assert html.count("<svg") >= 3  # sessions, stakeholder, region, gender charts
    document = Document(str(media(build.docx_file)))
    cells = {tuple(c.text for c in row.cells) for t in document.tables for row in t.rows}
    assert ("Onsite", "40") in cells
    assert ("Workshop", "2") in cells
    assert ("Civil Society", "6") in cells
    assert len(document.inline_shapes) >= 3  # the PNG charts
    reader, text = pdf_text(build)
    assert "Statistics" in outline_titles(reader)
    assert "11 people registered" in text


def test_a_build_with_no_approved_reports_is_done_and_nearly_empty():
    forum = ForumFactory()
    build = built(forum, Compilation.Kind.MESSAGES)
    assert build.status == "done", build.error
    assert build.report_count == 0
    assert PdfReader(str(media(build.pdf_file))).pages


def test_running_one_build_twice_gives_one_version(igf):
    forum, _rows = igf
    by = secretariat_of(forum)
    compilation = compilation_get_or_create(forum=forum, kind=Compilation.Kind.MESSAGES, by=by)
    build, created = build_request(compilation=compilation, by=by)
    again, created_again = build_request(
        compilation=compilation, by=by, request_key=build.request_key
    )
    assert (created, created_again, again.pk) == (True, False, build.pk)
    first = build_run(build_id=build.pk)
    second = build_run(build_id=build.pk)  # the retried or duplicated task
    assert second is None
    assert first.number == 1
    assert CompilationBuild.objects.filter(compilation=compilation).count() == 1
    directory = media(first.pdf_file).parent
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [f"messages-build{build.pk}.{ext}" for ext in ("html", "pdf", "docx", "paragraphs.jsonl")]
    )
    # The next request is version 2.
    other, _ = build_request(compilation=compilation, by=by)
    assert build_run(build_id=other.pk).number == 2


def test_a_failure_is_kept_with_its_reason_and_shown(client, igf):
    forum, _rows = igf
    by = secretariat_of(forum)
    compilation = compilation_get_or_create(forum=forum, kind=Compilation.Kind.MESSAGES, by=by)
    build, _ = build_request(compilation=compilation, by=by)
    # A real failure: the media directory cannot be created (a file stands in its way).
    blocker = Path(settings.MEDIA_ROOT) / "compilations" / forum.slug
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory")
    try:
        failed = build_run(build_id=build.pk)
    finally:
        blocker.unlink()
    assert failed.status == "failed"
    assert failed.number is None
    assert "FileExistsError" in failed.error or "NotADirectoryError" in failed.error
    client.force_login(by)
    page = client.get(f"/forums/{forum.slug}/compilations/messages/")
    assert page.status_code == 200
    assert failed.error in page.content.decode().replace("&#x27;", "'")
    status = client.get(f"/forums/{forum.slug}/compilations/messages/builds/{build.pk}/status.json")
    assert status.json()["status"] == "failed" and status.json()["error"] == failed.error
    # A failed build is final: running it again does nothing.
    assert build_run(build_id=build.pk) is None


def test_docx_reads_back_with_a_toc_field_and_tables():
    forum = ForumFactory()
    build = built(forum, Compilation.Kind.CHAIR_SUMMARY)
    document = Document(io.BytesIO(media(build.docx_file).read_bytes()))
    assert document.paragraphs[0].text.startswith("Chair's summary")
    assert "w:instrText" in document.element.xml and "TOC" in document.element.xml
    assert len(document.tables) >= 2
