"""The reviewer's pages: the review queue, the review form, and declaring a conflict."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.selectors import forum_for_viewer
from forum.validators import check_text
from sessions.forms.review import ConflictForm
from sessions.models import Review
from sessions.selectors.proposals import proposal_for
from sessions.selectors.review import (
    own_review,
    review_queue,
    reviews_for,
)
from sessions.services import review as review_services
from sessions.services.review import ScoreInput
from sessions.views.common import forum_for, int_or_none, validation_errors


@login_required
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    from forum.rules import is_mag_member

    forum = forum_for(request, slug, is_mag_member)
    rows = review_queue(forum=forum, viewer=request.user)
    done = sum(1 for r in rows if r.status == "submitted")
    config = review_services.review_settings_of(forum)
    return render(
        request,
        "sessions/review/queue.html",
        {
            "forum": forum,
            "rows": rows,
            "done": done,
            "total": len(rows),
            "percent": round(100 * done / len(rows)) if rows else 100,
            "config": config,
            "is_open": config.is_open(timezone.now()),
        },
    )


def _criteria_rows(forum, review: Review | None, posted: dict | None, errors: dict):
    existing = {s.criterion_id: s for s in review.scores.all()} if review else {}
    rows = []
    for criterion in forum.review_criteria.all():
        key = str(criterion.pk)
        if posted is not None:
            value = posted.get(f"score_{key}", "")
            reason = posted.get(f"reason_{key}", "")
            reason_text = posted.get(f"reason_text_{key}", "")
        else:
            score = existing.get(criterion.pk)
            value = str(score.value) if score else ""
            reason = str(score.reason_id or "") if score else ""
            reason_text = score.reason_text if score else ""
        rows.append(
            {
                "criterion": criterion,
                "choices": [str(v) for v in range(criterion.min_score, criterion.max_score + 1)],
                "value": value,
                "reason": reason,
                "reason_text": reason_text,
                "errors": errors.get(f"score_{key}", []),
                "reason_errors": errors.get(f"reason_{key}", []),
                "reason_text_errors": errors.get(f"reason_text_{key}", []),
            }
        )
    return rows


@login_required
def review_proposal(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=proposal_id, purpose="review")
    config = review_services.review_settings_of(forum)
    errors: dict[str, list[str]] = {}
    posted = None
    comment, note = "", ""
    if request.method == "POST":
        posted = request.POST
        comment = posted.get("comment_to_organizers", "")
        note = posted.get("note_for_mag", "")
        scores = {}
        for criterion in forum.review_criteria.all():
            key = str(criterion.pk)
            value = int_or_none(posted.get(f"score_{key}"))
            reason = int_or_none(posted.get(f"reason_{key}"))
            scores[criterion.pk] = ScoreInput(
                value=value,
                reason_id=reason if reason != -1 else 0,
                reason_text=posted.get(f"reason_text_{key}", ""),
            )
        submit = posted.get("action") == "submit"
        was_submitted = own_review(proposal=proposal, viewer=request.user)
        was_submitted = was_submitted is not None and was_submitted.status == "submitted"
        try:
            # Text that reaches the database without a form field: the one text rule first.
            check_text(
                comment_to_organizers=comment,
                note_for_mag=note,
                **{f"reason_text_{pk}": given.reason_text for pk, given in scores.items()},
            )
            saved = review_services.review_save(
                proposal=proposal,
                reviewer=request.user,
                scores=scores,
                comment_to_organizers=comment,
                note_for_mag=note,
                submit=submit,
            )
        except ValidationError as exc:
            errors = validation_errors(exc)
        else:
            if was_submitted:
                message = _("Your submitted review is updated.")
            elif saved.status == Review.Status.SUBMITTED:
                message = _("Your review is submitted.")
            else:
                message = _("Your draft is saved.")
            messages.success(request, message)
            return redirect("review_proposal", slug=forum.slug, proposal_id=proposal.pk)
    review = own_review(proposal=proposal, viewer=request.user)
    if posted is None and review is not None:
        comment, note = review.comment_to_organizers, review.note_for_mag
    return render(
        request,
        "sessions/review/review_form.html",
        {
            "forum": forum,
            "proposal": proposal,
            "config": config,
            "review": review,
            "criteria": _criteria_rows(forum, review, posted, errors),
            "reasons": list(forum.low_score_reasons.all()),
            "errors": errors,
            "comment": comment,
            "note": note,
            "others": reviews_for(proposal=proposal, viewer=request.user),
            "is_open": config.is_open(timezone.now()),
        },
        status=400 if errors else 200,
    )


@login_required
def declare_conflict(request: HttpRequest, slug: str, proposal_id: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for(
        forum=forum, viewer=request.user, pk=proposal_id, purpose="declare_conflict"
    )
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.conflict_declare(
                proposal=proposal, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            for field, msgs in validation_errors(exc).items():
                for msg in msgs:
                    form.add_error(field if field in form.fields else None, msg)
        else:
            # After the review period nobody new is assigned (see conflict_declare).
            ended = review_services.review_settings_of(forum).has_ended(timezone.now())
            messages.success(
                request,
                (
                    _("Conflict recorded: “%(title)s” has left your list.")
                    if ended
                    else _(
                        "Conflict recorded: “%(title)s” has left your list and will be reassigned."
                    )
                )
                % {"title": proposal.title},
            )
            return redirect("review_queue", slug=forum.slug)
    return render(
        request,
        "sessions/review/conflict.html",
        {"forum": forum, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )
