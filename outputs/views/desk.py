"""The secretariat's pages: the forum's compilations, one compilation with its versions, the
build button and its progress (the page polls a small JSON endpoint), the synthesis per theme,
the comment round and its moderation, publishing."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forum.models import Theme
from outputs.forms import AnswerForm, RoundForm
from outputs.models import Compilation, CompilationBuild, ParagraphComment
from outputs.rules import can_manage_compilations
from outputs.selectors import build_for, current_round
from outputs.services import builds as build_services
from outputs.services import comments as comment_services
from outputs.tasks import enqueue_build
from outputs.views.common import existing, forum_for, kind_or_404


def _back(forum, kind: str) -> str:
    return reverse("compilation", kwargs={"slug": forum.slug, "kind": kind})


def build_status(build: CompilationBuild) -> dict:
    return {
        "id": build.pk,
        "status": build.status,
        "status_label": str(build.get_status_display()),
        "progress": build.progress,
        "error": build.error,
        "number": build.number,
        "finished": build.is_finished,
    }


@login_required
@require_GET
def compilations(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    found = {c.kind: c for c in Compilation.objects.filter(forum=forum)}
    rows = []
    for kind, label in Compilation.Kind.choices:
        compilation = found.get(kind)
        latest = (
            compilation.builds.order_by("-requested_at", "-pk").first() if compilation else None
        )
        rows.append({"kind": kind, "label": label, "latest": latest})
    return render(request, "outputs/compilations.html", {"forum": forum, "rows": rows})


@login_required
@require_GET
def compilation(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    builds = list(compiled.builds.order_by("-requested_at", "-pk")[:30]) if compiled else []
    active = next((b for b in builds if not b.is_finished), None)
    comment_round = current_round(compilation=compiled) if compiled else None
    open_comments = (
        ParagraphComment.objects.filter(round=comment_round, resolved_at__isnull=True).count()
        if comment_round
        else 0
    )
    response = render(
        request,
        "outputs/compilation.html",
        {
            "forum": forum,
            "kind": kind,
            "label": Compilation.Kind(kind).label,
            "compilation": compiled,
            "builds": builds,
            "active": active,
            "request_key": uuid.uuid4(),
            "round": comment_round,
            "round_open": comment_round.is_open() if comment_round else False,
            "open_comments": open_comments,
            "round_form": RoundForm(
                initial={"closes_at": timezone.localtime() + timezone.timedelta(days=14)}
            ),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def build(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = build_services.compilation_get_or_create(
        forum=forum, kind=kind_or_404(kind), by=request.user
    )
    try:
        key = uuid.UUID(request.POST.get("request_key", ""))
    except ValueError:
        key = uuid.uuid4()
    try:
        requested, created = build_services.build_request(
            compilation=compiled, by=request.user, request_key=key
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_back(forum, kind))
    if created:
        enqueue_build(requested.pk)
        messages.success(request, _("The build is queued."))
    return redirect(_back(forum, kind) + f"#build-{requested.pk}")


@login_required
@require_GET
def status(request: HttpRequest, slug: str, kind: str, build_id: int) -> JsonResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    if compiled is None:
        raise Http404
    response = JsonResponse(build_status(build_for(compilation=compiled, build_id=build_id)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, kind: str, build_id: int) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    if compiled is None:
        raise Http404
    target = build_for(compilation=compiled, build_id=build_id)
    try:
        build_services.build_publish(build=target, by=request.user)
        messages.success(
            request, _("Version %(n)s is published as the final one.") % {"n": target.number}
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_back(forum, kind))


@login_required
def synthesis(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    if kind_or_404(kind) != Compilation.Kind.MESSAGES:
        raise Http404
    themes = list(Theme.objects.filter(forum=forum, parent=None))
    compiled = existing(forum, kind)
    texts = dict(compiled.syntheses.values_list("theme_id", "text")) if compiled else {}
    if request.method == "POST":
        compiled = build_services.compilation_get_or_create(forum=forum, kind=kind, by=request.user)
        try:
            for theme in themes:
                field = f"theme-{theme.pk}"
                if field in request.POST:
                    text = request.POST[field]
                    from forum.validators import check_text

                    check_text(**{field: text})
                    if len(text) > 20000:
                        raise ValidationError(_("A synthesis has at most 20,000 characters."))
                    build_services.synthesis_save(
                        compilation=compiled, theme=theme, text=text, by=request.user
                    )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("compilation_synthesis", slug=forum.slug, kind=kind)
        messages.success(request, _("The synthesis is saved: it shows in the next build."))
        return redirect(_back(forum, kind))
    return render(
        request,
        "outputs/synthesis.html",
        {
            "forum": forum,
            "kind": kind,
            "rows": [(theme, texts.get(theme.pk, "")) for theme in themes],
        },
    )


@login_required
@require_POST
def round_open(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    if compiled is None:
        raise Http404
    form = RoundForm(request.POST)
    try:
        target = build_for(compilation=compiled, build_id=int(request.POST.get("build", "0")))
    except ValueError:
        raise Http404 from None
    if not form.is_valid():
        messages.error(request, _("Give the date and time the round closes."))
        return redirect(_back(forum, kind))
    try:
        comment_services.round_open(
            build=target, by=request.user, closes_at=form.cleaned_data["closes_at"]
        )
        messages.success(request, _("The draft is open for comments."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(_back(forum, kind))


@login_required
@require_POST
def round_close(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    comment_round = current_round(compilation=compiled) if compiled else None
    if comment_round is None:
        raise Http404
    comment_services.round_close(round=comment_round, by=request.user)
    messages.success(request, _("The comment round is closed."))
    return redirect(_back(forum, kind))


@login_required
def moderation(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    forum = forum_for(request, slug, can_manage_compilations)
    compiled = existing(forum, kind)
    comment_round = current_round(compilation=compiled) if compiled else None
    if comment_round is None:
        raise Http404
    if request.method == "POST":
        comment = ParagraphComment.objects.filter(
            round=comment_round, pk=request.POST.get("comment") or 0
        ).first()
        if comment is None:
            raise Http404
        try:
            if request.POST.get("action") == "answer":
                form = AnswerForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Write an answer."))
                comment_services.comment_answer(
                    comment=comment, answer=form.cleaned_data["answer"], by=request.user
                )
                messages.success(request, _("Answer saved."))
            elif request.POST.get("action") in ("resolve", "reopen"):
                comment_services.comment_resolve(
                    comment=comment, by=request.user, resolved=request.POST["action"] == "resolve"
                )
                messages.success(request, _("Comment updated."))
            else:
                raise Http404
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect(
            reverse("compilation_moderation", kwargs={"slug": forum.slug, "kind": kind})
            + f"?show={request.GET.get('show', 'open')}#comment-{comment.pk}"
        )
    show = request.GET.get("show", "open")
    qs = comment_round.comments.select_related("author").order_by("paragraph_id", "created_at")
    if show == "open":
        qs = qs.filter(resolved_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outputs/moderation.html",
        {
            "forum": forum,
            "kind": kind,
            "label": Compilation.Kind(kind).label,
            "round": comment_round,
            "page": page,
            "show": show,
            "answer_form": AnswerForm(),
        },
    )
