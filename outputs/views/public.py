"""Downloads (the secretariat: any finished version; participants: the draft under comment;
anyone who may see the forum: the published final) and the participants' comment pages."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from forum.selectors import forum_for_viewer
from outputs.forms import CommentForm
from outputs.models import CompilationBuild, ParagraphComment
from outputs.rules import can_manage_compilations, can_read_draft, can_read_published
from outputs.selectors import build_for, current_round
from outputs.services.builds import index_path
from outputs.services.comments import comment_add, paragraph_text
from outputs.views.common import existing

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PARAGRAPHS_PER_PAGE = 80
#: Comments a participant may post per minute.
COMMENT_RATE = "10/m"


def _open_round(request, slug: str, kind: str):
    """The forum, the compilation and its comment round, when the viewer may read its draft."""
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    compiled = existing(forum, kind)
    comment_round = current_round(compilation=compiled) if compiled else None
    if comment_round is None or not can_read_draft.test(request.user, forum):
        raise Http404
    return forum, compiled, comment_round


@require_GET
def download(request: HttpRequest, slug: str, kind: str, build_id: int, fmt: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    compiled = existing(forum, kind)
    if compiled is None or fmt not in CONTENT_TYPES:
        raise Http404
    build = build_for(compilation=compiled, build_id=build_id)
    if build.status != CompilationBuild.Status.DONE:
        raise Http404
    allowed = can_manage_compilations.test(request.user, forum) or (
        build.is_published and can_read_published.test(request.user, forum)
    )
    if not allowed:
        comment_round = current_round(compilation=compiled)
        allowed = (
            comment_round is not None
            and comment_round.build_id == build.pk
            and comment_round.is_open()
            and can_read_draft.test(request.user, forum)
        )
    if not allowed:
        raise Http404
    path = Path(settings.MEDIA_ROOT) / getattr(build, f"{fmt}_file")
    if not path.is_file():
        raise Http404
    name = f"{forum.slug}-{kind}-v{build.number}.{fmt}"
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
    if not build.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _paragraphs(build: CompilationBuild, start: int, stop: int) -> tuple[list[dict], bool]:
    path = index_path(build)
    if not path.exists():
        return [], False
    with path.open(encoding="utf-8") as index:
        rows = [json.loads(line) for line in itertools.islice(index, start, stop + 1)]
    return rows[: stop - start], len(rows) > stop - start


@login_required
@require_GET
def draft(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum, compiled, comment_round = _open_round(request, slug, kind)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    start = (number - 1) * PARAGRAPHS_PER_PAGE
    rows, more = _paragraphs(comment_round.build, start, start + PARAGRAPHS_PER_PAGE)
    mine = set(
        ParagraphComment.objects.filter(round=comment_round, author=request.user).values_list(
            "paragraph_id", flat=True
        )
    )
    return render(
        request,
        "outputs/draft.html",
        {
            "forum": forum,
            "kind": kind,
            "label": compiled.get_kind_display(),
            "round": comment_round,
            "is_open": comment_round.is_open(),
            "rows": rows,
            "mine": mine,
            "page": number,
            "more": more,
        },
    )


def _user_key(group: str, request: HttpRequest) -> str:
    return str(request.user.pk) if request.user.is_authenticated else "anonymous"


@login_required
@ratelimit(key=_user_key, rate=COMMENT_RATE, method="POST", block=True)
def comment(request: HttpRequest, slug: str, kind: str, paragraph_id: str) -> HttpResponse:
    forum, compiled, comment_round = _open_round(request, slug, kind)
    text = paragraph_text(build=comment_round.build, paragraph_id=paragraph_id)
    if text is None:
        raise Http404
    form = CommentForm()
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_add(
                    round=comment_round,
                    paragraph_id=paragraph_id,
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
                messages.success(request, _("Thank you: your comment is sent to the secretariat."))
                return redirect(
                    reverse("compilation_comment", args=[forum.slug, kind, paragraph_id])
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
        status = 400
    return render(
        request,
        "outputs/comment.html",
        {
            "forum": forum,
            "kind": kind,
            "label": compiled.get_kind_display(),
            "round": comment_round,
            "is_open": comment_round.is_open(),
            "paragraph_id": paragraph_id,
            "text": text,
            "form": form,
            "comments": ParagraphComment.objects.filter(
                round=comment_round, paragraph_id=paragraph_id, author=request.user
            ),
        },
        status=status,
    )
