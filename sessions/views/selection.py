"""The selection board: ranked results, the cut line, the make-up of the selection, bulk decisions
and merge candidates."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from forum.spreadsheets import spreadsheet_safe
from sessions.forms.decisions import BulkDecisionForm
from sessions.models import Decision, Proposal
from sessions.rules import review as review_rules
from sessions.selectors.results import ORDERS
from sessions.selectors.review import awaiting_own_review, review_settings_of
from sessions.selectors.selection import Composition, merge_candidates, selection_board
from sessions.services import decisions as decision_services
from sessions.views.common import forum_for, validation_errors
from sessions.views.decisions import confirm_unreviewed_page


def _ids(values: list[str]) -> set[int]:
    # ASCII digits only ("²".isdigit() is true but int() refuses it), and no longer than a key.
    return {int(v) for v in values if v.isascii() and v.isdigit() and len(v) <= 18}


def _makeup(composition: Composition) -> dict:
    """The make-up of a selection as the board shows it and the live endpoint returns it: one
    shape for both, so that the page and the script cannot disagree."""
    n = composition.total
    return {
        "total": n,
        "heading": ngettext(
            "Make-up of the selection (%(n)s proposal)",
            "Make-up of the selection (%(n)s proposals)",
            n,
        )
        % {"n": n},
        "announcement": ngettext(
            "Make-up updated: %(n)s proposal selected.",
            "Make-up updated: %(n)s proposals selected.",
            n,
        )
        % {"n": n},
        "sections": [
            {"key": key, "title": title, "counts": [[k, v] for k, v in sorted(counter.items())]}
            for key, title, counter in (
                ("regions", _("Regions (primary organizer)"), composition.regions),
                (
                    "stakeholder_groups",
                    _("Stakeholder groups (primary organizer)"),
                    composition.stakeholder_groups,
                ),
                ("speaker_genders", _("Gender of speakers"), composition.speaker_genders),
                ("themes", _("Themes"), composition.themes),
            )
        ],
        "first_time": composition.first_time,
        "developing_country": composition.developing_country,
    }


def _board_params(request: HttpRequest, forum) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    config = review_settings_of(forum)
    try:
        slots = max(0, min(100_000, int(source.get("slots", config.slots))))
    except ValueError:
        slots = config.slots
    order = source.get("order", "normalised")
    return {
        "slots": slots,
        "order": order,
        "include": _ids(source.getlist("include")),
        "exclude": _ids(source.getlist("exclude")),
    }


def _moves_from_checkboxes(request: HttpRequest, board_ids: list[int], slots: int):
    """The board shows a "selected" checkbox per row; turn the ticked set into moves across the
    line relative to the top ``slots``."""
    if "selected_present" not in request.GET:
        return None
    ticked = _ids(request.GET.getlist("selected"))
    above = set(board_ids[:slots])
    return ticked - above, above - ticked


@login_required
def board(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_see_results)
    params = _board_params(request, forum)
    if "selected_present" in request.GET:
        # First rank without moves, then read the ticks as moves across the line.
        plain = selection_board(
            forum=forum, viewer=request.user, slots=params["slots"], order=params["order"]
        )
        include, exclude = _moves_from_checkboxes(
            request, [r.proposal.pk for r in plain.rows], params["slots"]
        )
        query = urlencode({"slots": params["slots"], "order": params["order"]})
        extra = "".join(f"&include={i}" for i in sorted(include)) + "".join(
            f"&exclude={i}" for i in sorted(exclude)
        )
        return redirect(f"{request.path}?{query}{extra}")
    result = selection_board(forum=forum, viewer=request.user, **params)
    selected_ids = {r.proposal.pk for r in result.selected}
    similar: dict[int, list] = {}
    for a, b, score in merge_candidates(forum=forum, viewer=request.user):
        similar.setdefault(a.pk, []).append((b, score))
        similar.setdefault(b.pk, []).append((a, score))
    for row in result.rows:
        row.similar = similar.get(row.proposal.pk, [])
    return render(
        request,
        "sessions/selection/board.html",
        {
            "forum": forum,
            "board": result,
            "selected_ids": selected_ids,
            "params": params,
            "can_decide": review_rules.can_manage_review.test(request.user, forum),
            "awaiting": len(awaiting_own_review(forum=forum, viewer=request.user)),
            "bulk_form": BulkDecisionForm(forum=forum, initial={"target": "selected"}),
            "makeup": _makeup(result.composition),
            "board_config": {
                "url": reverse("review_board_makeup", args=[forum.slug]),
                "csrf": get_token(request),
                "failed": _(
                    "The make-up could not be updated. "
                    "Use the “Update the make-up” button below the list."
                ),
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_makeup(request: HttpRequest, slug: str) -> JsonResponse:
    """The make-up of the proposals ticked on the board (``selected``), as JSON, for the board's
    script. Same permission and the same selector as the board: ids the viewer may not see (a
    conflict, a review of their own still to submit, another forum, no such proposal) count as
    not ticked, so the answer is the same whether or not such a proposal exists."""
    forum = forum_for(request, slug, review_rules.can_see_results)
    source = request.POST if request.method == "POST" else request.GET
    ticked = _ids(source.getlist("selected"))
    # No slots: the selection is exactly the ticked proposals the board shows this viewer.
    result = selection_board(forum=forum, viewer=request.user, slots=0, include=ticked)
    return JsonResponse(_makeup(result.composition))


@login_required
@require_POST
def bulk_decide(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_manage_review)
    params = _board_params(request, forum)
    result = selection_board(forum=forum, viewer=request.user, **params)
    form = BulkDecisionForm(request.POST, forum=forum)
    back = (
        f"{redirect('review_board', slug=forum.slug).url}?"
        + urlencode({"slots": params["slots"], "order": params["order"]})
        + "".join(f"&include={i}" for i in sorted(params["include"]))
        + "".join(f"&exclude={i}" for i in sorted(params["exclude"]))
    )
    if not form.is_valid():
        for field, errs in form.errors.items():
            for err in errs:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''}: {err}"
                )
        return redirect(back)
    data = form.cleaned_data
    selected = {r.proposal.pk for r in result.selected}
    ids = (
        selected
        if data["target"] == "selected"
        else {r.proposal.pk for r in result.rows} - selected
    )
    proposals = list(
        Proposal.objects.filter(forum=forum, pk__in=ids).select_related("forum").order_by("pk")
    )
    before = set(
        Decision.objects.filter(proposal__in=proposals, is_current=True).values_list(
            "pk", flat=True
        )
    )
    try:
        decisions = decision_services.decisions_bulk(
            proposals=proposals,
            outcome=data["outcome"],
            by=request.user,
            reason=data["reason"],
            conditions=data["conditions"],
            offered_session_type=data["offered_session_type"],
            comment_to_organizers=data["comment_to_organizers"],
            confirmed_unreviewed=_ids(request.POST.getlist("confirm_unreviewed")),
        )
    except decision_services.UnreviewedProposals as exc:
        # Listed for an explicit confirmation before anything is recorded.
        return confirm_unreviewed_page(request, forum, exc, back)
    except ValidationError as exc:
        for msgs in validation_errors(exc).values():
            for msg in msgs:
                messages.error(request, msg)
        messages.error(request, _("Nothing was decided."))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        messages.error(request, _("Nothing was decided."))
    else:
        # A decision the same as the current one is not recorded again: say so.
        recorded = sum(1 for d in decisions if d.pk not in before)
        unchanged = len(decisions) - recorded
        said = [
            ngettext("%(count)s decision recorded.", "%(count)s decisions recorded.", recorded)
            % {"count": recorded}
        ]
        if unchanged:
            said.append(
                ngettext(
                    "%(count)s was already recorded and is unchanged.",
                    "%(count)s were already recorded and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged}
            )
        messages.success(request, " ".join(said))
    return redirect(back)


@login_required
def board_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The ranked list as the viewer may see it (the board's own selector, so the same
    proposals are left out), as CSV for a spreadsheet."""
    forum = forum_for(request, slug, review_rules.can_see_results)
    params = _board_params(request, forum)
    result = selection_board(forum=forum, viewer=request.user, **params)
    selected_ids = {r.proposal.pk for r in result.selected}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Rank"),
            _("Number"),
            _("Title"),
            _("Reviews"),
            _("Mean"),
            _("Median"),
            _("Spread"),
            _("Normalised score"),
            _("Selected"),
            _("Decision"),
        ]
    )
    rank_attr = ORDERS.get(result.order, "rank_normalised")
    for row in result.rows:
        writer.writerow(
            [
                getattr(row, rank_attr) or "",
                row.proposal.pk,
                spreadsheet_safe(row.proposal.title),
                row.reviewers,
                *("" if v is None else f"{v:.3f}" for v in (row.mean, row.median, row.spread)),
                "" if row.normalised is None else f"{row.normalised:.3f}",
                _("yes") if row.proposal.pk in selected_ids else "",
                row.decision.get_outcome_display() if row.decision else "",
            ]
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{forum.slug}-results.csv"'
    return response


@login_required
def merges(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for(request, slug, review_rules.can_see_results)
    pairs = merge_candidates(forum=forum, viewer=request.user)
    return render(request, "sessions/selection/merges.html", {"forum": forum, "pairs": pairs})
