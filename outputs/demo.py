"""Demo compilations: one built version of each kind, of the IGF, the demo forum whose sessions
have been held: its Messages, its chair's summary and its outcome document by WSIS action line
(the IGF's part in the WSIS review, as UN DESA reports it to the CSTD, shared/seeds/000_*; the
demo's WSIS Forum is still reviewing its proposals and has held no session). Built in-process
through the same service the Celery task calls."""

from __future__ import annotations

from forum.demo import DemoContext
from forum.models import ForumRole
from outputs.models import Compilation, CompilationBuild
from outputs.services.builds import build_request, build_run, compilation_get_or_create


def seed(ctx: DemoContext) -> None:
    plan = [
        (ctx.igf, Compilation.Kind.MESSAGES),
        (ctx.igf, Compilation.Kind.CHAIR_SUMMARY),
        (ctx.igf, Compilation.Kind.WSIS_OUTCOME),
    ]
    for forum, kind in plan:
        if forum is None:
            continue
        secretariat = (
            ForumRole.objects.filter(forum=forum, role=ForumRole.Role.SECRETARIAT)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if secretariat is None:
            continue
        compilation = compilation_get_or_create(forum=forum, kind=kind, by=secretariat.user)
        build, _created = build_request(compilation=compilation, by=secretariat.user)
        CompilationBuild.objects.filter(pk=build.pk).update(requested_at=ctx.now)
        done = build_run(build_id=build.pk, now=ctx.now)
        CompilationBuild.objects.filter(pk=build.pk).update(
            started_at=ctx.now, heartbeat_at=ctx.now
        )
        ctx.log(f"Built the {compilation.get_kind_display()} of {forum.name}: {done.status}.")
