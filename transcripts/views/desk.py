"""The secretariat's transcript desk (correct, name speakers, import, publish) and the
captioners' page (their sessions and tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from forum.models import Forum
from forum.rules import is_captioner
from sessions.models import Session
from transcripts.forms import ImportForm, LanguageForm, SegmentForm, SpeakerRenameForm, TokenForm
from transcripts.models import CaptionerAssignment, CaptionerToken
from transcripts.rules import can_edit_transcript
from transcripts.services import editing, imports, tokens
from transcripts.services.segments import transcript_for

SEGMENTS_PER_PAGE = 100


def _session_for_editor(request: HttpRequest, slug: str, session_id: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("forum"), pk=session_id, forum__slug=slug
    )
    if not can_edit_transcript.test(request.user, session):
        raise Http404
    return session


def _desk_url(session: Session) -> str:
    return reverse("transcript_desk", kwargs={"slug": session.forum.slug, "session_id": session.pk})


@login_required
def desk(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = _session_for_editor(request, slug, session_id)
    transcript = transcript_for(session=session)
    page = Paginator(transcript.segments.order_by("sequence"), SEGMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    speakers = transcript.segments.exclude(speaker="").values_list("speaker", flat=True).distinct()
    return render(
        request,
        "transcripts/desk.html",
        {
            "session": session,
            "forum": session.forum,
            "transcript": transcript,
            "page": page,
            "speakers": sorted(set(speakers)),
            "import_form": ImportForm(),
            "rename_form": SpeakerRenameForm(),
            "language_form": LanguageForm(initial={"search_config": transcript.search_config}),
        },
    )


@login_required
@require_POST
def desk_action(request: HttpRequest, slug: str, session_id: int, action: str) -> HttpResponse:
    session = _session_for_editor(request, slug, session_id)
    transcript = transcript_for(session=session)
    back = _desk_url(session)
    try:
        if action == "segment":
            segment = get_object_or_404(transcript.segments, pk=request.POST.get("segment"))
            form = SegmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            editing.segment_correct(segment=segment, by=request.user, **form.cleaned_data)
            messages.success(request, _("Segment %(n)s saved.") % {"n": segment.sequence})
            back += f"?page={request.POST.get('page', '1')}#segment-{segment.sequence}"
        elif action == "rename":
            form = SpeakerRenameForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            count = editing.speaker_rename(
                transcript=transcript, by=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                ngettext("%(n)d segment renamed.", "%(n)d segments renamed.", count) % {"n": count},
            )
        elif action == "import":
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            upload = form.cleaned_data["file"]
            count = imports.transcript_import(
                session=session, by=request.user, name=upload.name, data=upload.read()
            )
            messages.success(
                request,
                ngettext(
                    "Imported %(n)d segment into the draft.",
                    "Imported %(n)d segments into the draft.",
                    count,
                )
                % {"n": count},
            )
        elif action == "language":
            form = LanguageForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a search language."))
            editing.transcript_set_language(
                transcript=transcript, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Search language saved."))
        elif action == "publish":
            editing.transcript_publish(session=session, by=request.user)
            messages.success(request, _("The transcript is published."))
        elif action == "withdraw":
            editing.transcript_withdraw(session=session, by=request.user)
            messages.success(request, _("The transcript is withdrawn: it is a draft again."))
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)


@login_required
def captioning(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    if not is_captioner.test(request.user, forum):
        raise Http404
    new_secret = None
    form = TokenForm()
    if request.method == "POST":
        if "revoke" in request.POST:
            token = get_object_or_404(
                CaptionerToken, pk=request.POST["revoke"], user=request.user, forum=forum
            )
            tokens.token_revoke(token=token, by=request.user)
            messages.success(request, _("The token is revoked: software using it is refused."))
            return redirect("captioning", slug=slug)
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, new_secret = tokens.token_create(
                    forum=forum, user=request.user, name=form.cleaned_data["name"]
                )
            except PermissionDenied:
                raise Http404 from None
            form = TokenForm()
    assignments = CaptionerAssignment.objects.filter(forum=forum, user=request.user).select_related(
        "room", "session"
    )
    response = render(
        request,
        "transcripts/captioning.html",
        {
            "forum": forum,
            "form": form,
            "new_secret": new_secret,
            "tokens": CaptionerToken.objects.filter(forum=forum, user=request.user),
            "assignments": assignments,
            "api_path": "/api/captions/v1/sessions/<id>/segments",
        },
    )
    response["Cache-Control"] = "no-store"
    return response
