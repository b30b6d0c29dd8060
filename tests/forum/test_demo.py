"""The demo command: deterministic, at real scale, with the documented accounts."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from forum.models import Forum, ForumRole, Theme, User
from tests.conftest import ROOT
from tests.forum.test_settings_modes import CONFIG_VARS

#: Fields that differ between two runs by design: salted password hashes and login times.
VOLATILE_FIELDS = {"password", "last_login"}


def run_demo_into_fresh_database(tmp_path, name: str) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    env.update(PLENARIA_VAR_DIR=str(tmp_path), SQLITE_PATH=str(tmp_path / f"{name}.sqlite3"))
    # The demo's day is fixed: the same day gives the same data.
    for args in (["migrate", "-v0"], ["seed_demo", "--size", "small", "--today", "2026-12-08"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    dump = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "dumpdata",
            "forum",
            "programme",
            "registration",
            "remote_hubs",
            "transcripts",
            "--indent",
            "0",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert dump.returncode == 0, dump.stderr
    rows = json.loads(dump.stdout)
    for row in rows:
        for field in VOLATILE_FIELDS:
            row["fields"].pop(field, None)
    return rows


def test_same_size_gives_the_same_data(tmp_path):
    first = run_demo_into_fresh_database(tmp_path, "first")
    second = run_demo_into_fresh_database(tmp_path, "second")
    assert len(first) > 100
    assert first == second


# The igf demo now schedules ~300 sessions and registers ~9,000 people through the services: about
# 240 s on a quiet 2-core machine (4 min of the suite's 16). Cutting that build is open work (issue
# notes); until then the test gets room above the suite's 300 s default instead of failing on load.
@pytest.mark.timeout(600)
@pytest.mark.django_db
def test_igf_size_is_at_real_scale(capsys):
    call_command("seed_demo", "--size", "igf", "--password", "s3cret-demo")
    igf = Forum.objects.get(slug="igf-2026")
    assert igf.kind == "igf"
    assert len(igf.days) == 5
    assert igf.rooms.count() == 14
    assert Theme.objects.filter(forum=igf, parent__isnull=False).count() == 8
    assert igf.roles.filter(role=ForumRole.Role.MAG_MEMBER).count() == 50
    people = User.objects.all()
    assert people.exclude(country="").values("country").distinct().count() == 151
    assert set(people.values_list("stakeholder_group__code", flat=True)) == {
        "government",
        "igo",
        "civil-society",
        "technical",
        "private-sector",
        "press",
    }
    assert set(people.values_list("regional_group__code", flat=True)) == {
        "african",
        "asia-pacific",
        "eeg",
        "grulac",
        "weog",
        "igo",
    }
    assert Forum.objects.get(slug="wsis-forum-2026").kind == "wsis"
    out = capsys.readouterr().out
    for email in [
        "secretariat@demo.example",
        "mag1@demo.example",
        "organizer1@demo.example",
        "participant1@demo.example",
        "hub1@demo.example",
        "captioner@demo.example",
    ]:
        assert email in out
        assert User.objects.get(email=email).check_password("s3cret-demo")
    assert "s3cret-demo" in out


@pytest.mark.django_db
def test_small_size_and_roles_of_the_demo_accounts():
    call_command("seed_demo", "--size", "small")
    igf = Forum.objects.get(slug="igf-2026")
    roles = set(igf.roles.values_list("user__email", "role"))
    assert ("secretariat@demo.example", "secretariat") in roles
    assert ("mag1@demo.example", "mag") in roles
    assert ("captioner@demo.example", "captioner") in roles
    assert ("hub1@demo.example", "hub_coordinator") in roles
    assert not any(email == "organizer1@demo.example" for email, _ in roles)
    assert User.objects.get(email="participant1@demo.example").check_password("plenaria-demo")


@pytest.mark.django_db
def test_seeding_twice_is_refused_and_if_empty_is_a_no_op(capsys):
    from django.core.management.base import CommandError

    call_command("seed_demo", "--size", "small")
    count = User.objects.count()
    with pytest.raises(CommandError, match="exist already"):
        call_command("seed_demo", "--size", "small")
    call_command("seed_demo", "--size", "small", "--if-empty")
    assert User.objects.count() == count
    assert "was not loaded" in capsys.readouterr().out


def test_each_app_registers_its_demo_step_and_they_run_in_data_flow_order():
    from forum import demo

    in_flow_order = [
        "forum.demo_core.seed_core",
        "sessions.demo.proposals.seed",
        "sessions.demo.review.seed",
        "sessions.demo.live_now.seed",
        "sessions.demo.programme.seed",
        "remote_hubs.demo.seed",
    ]
    assert [step for step in demo.steps() if step in in_flow_order] == in_flow_order
    with pytest.raises(ValueError, match="core step"):
        demo.register_step("elsewhere.seed", order=0)
    assert "elsewhere.seed" not in demo.steps()


def test_the_forum_app_imports_none_of_the_later_apps():
    import ast
    from pathlib import Path

    later = {"sessions", "registration", "remote_hubs", "transcripts"}
    forum_dir = Path(ROOT) / "forum"
    offenders = []
    for path in sorted([*forum_dir.glob("*.py"), *forum_dir.glob("management/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in later
            ]
    assert offenders == []
