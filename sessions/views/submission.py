"""The proposal form: creating and editing a proposal, saving a draft and submitting it."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from forum.client_address import client_address
from forum.selectors import forum_for_viewer
from sessions.forms.proposals import (
    SINGLE_ROLE_LABELS,
    PersonForm,
    ProposalForm,
    describe_errors,
    initial_from_proposal,
    input_from_forms,
    organizer_formset,
    person_initial,
    speaker_formset,
)
from sessions.models import ProposalPerson
from sessions.rules.proposals import can_edit_proposal, can_propose
from sessions.selectors.call import call_for, call_is_open, call_last_deadline, deadline_for
from sessions.selectors.proposals import (
    proposal_for,
)
from sessions.services import proposals as services
from sessions.services.proposal_limits import proposals_organised_by
from sessions.services.screening import criteria_evaluate

SUBMIT_RATE = "30/m"


def _user_key(group: str, request: HttpRequest) -> str:
    return str(request.user.pk) if request.user.is_authenticated else client_address(request)


def _forms(request, forum, proposal=None, data=None):
    """The proposal form and its people forms, bound to ``data`` or filled from ``proposal``."""
    answers = {}
    if proposal is not None:
        initial = initial_from_proposal(proposal)
        organizers_initial = [
            {k: v for k, v in person_initial(o).items() if k != "id"}
            for o in proposal.organizers.all()
        ]
        people = list(proposal.people.all())
        answers = {p.pk: p for p in people}
        speakers_initial = [
            person_initial(p) for p in people if p.role == ProposalPerson.Role.SPEAKER
        ]
        singles_initial = {
            role: next((person_initial(p) for p in people if p.role == role), None)
            for role in SINGLE_ROLE_LABELS
        }
    else:
        user = request.user
        initial = {"creation_key": uuid.uuid4()}
        organizers_initial = [
            {
                "name": user.name,
                "email": user.email,
                "organisation": user.organisation,
                "stakeholder_group": user.stakeholder_group_id,
                "country": str(user.country),
            }
        ]
        speakers_initial = []
        singles_initial = dict.fromkeys(SINGLE_ROLE_LABELS)
    # Empty rows to add people without scripts (saving a draft gives more); with scripts, the
    # form adds and removes rows from the formset's empty form (sessions/proposal_form.js).
    speaker_rows = 2 if speakers_initial else 3
    form = ProposalForm(data=data, initial=initial, forum=forum)
    organizers = organizer_formset(data=data, initial=organizers_initial, rows=2)
    speakers = speaker_formset(
        data=data, initial=speakers_initial, answers=answers, rows=speaker_rows
    )
    singles = {
        role: PersonForm(
            data=data, initial=singles_initial[role] or {}, prefix=role, role=role, answers=answers
        )
        for role in SINGLE_ROLE_LABELS
    }
    return form, organizers, speakers, singles


def _all_valid(form, organizers, speakers, singles) -> bool:
    results = [form.is_valid(), organizers.is_valid(), speakers.is_valid()]
    results += [f.is_valid() for f in singles.values()]
    return all(results)


def _apply_errors(exc: ValidationError, form, organizers, speakers, singles) -> None:
    """Put each problem the service found next to its field."""
    by_prefix = {f.prefix: f for f in [*organizers.forms, *speakers.forms, *singles.values()]}
    for key, messages_ in exc.message_dict.items():
        for message in messages_:
            if key in form.fields:
                form.add_error(key, message)
            elif key == "policy_questions":
                form.add_error("policy_question_1", message)
            elif key in ("speakers", "organizers"):
                formset = speakers if key == "speakers" else organizers
                formset._non_form_errors = formset.non_form_errors() + [message]  # noqa: SLF001
            elif key in singles:
                singles[key].add_error("name", message)
            elif "-" in key and key.rsplit("-", 1)[0] in by_prefix:
                prefix, name = key.rsplit("-", 1)
                target = by_prefix[prefix]
                target.add_error(name if name in target.fields else None, message)
            else:
                form.add_error(None, message)


def _without_known(problems: dict, form, organizers, speakers, singles) -> dict:
    """Drop problems about fields that already show an error (an unreadable email is not also
    reported as missing)."""
    known = set(form.errors)
    for f in [*organizers.forms, *speakers.forms, *singles.values()]:
        known |= {f"{f.prefix}-{name}" for name in f.errors}
    return {key: messages_ for key, messages_ in problems.items() if key not in known}


def _error_summary(form, organizers, speakers, singles) -> list[tuple[str, str]]:
    """(anchor, message) for every problem on the page, in page order."""
    items = [("form-top", e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            items += [(form[name].auto_id, f"{form[name].label}: {e}") for e in errors]
    for formset, legend in ((organizers, _("Organizer")), (speakers, _("Speaker"))):
        items += [(formset.prefix, e) for e in formset.non_form_errors()]
        for index, f in enumerate(formset.forms, start=1):
            for name, errors in f.errors.items():
                anchor = f[name].auto_id if name in f.fields else f.prefix
                items += [
                    (anchor, f"{legend} {index}, {f[name].label if name in f.fields else ''}: {e}")
                    for e in errors
                ]
    for role, f in singles.items():
        for name, errors in f.errors.items():
            anchor = f[name].auto_id if name in f.fields else role
            items += [(anchor, f"{SINGLE_ROLE_LABELS[role]}: {e}") for e in errors]
    return items


def _render_form(
    request, forum, proposal, forms_, *, editable: bool, status: int = 200, notice: str = ""
):
    form, organizers, speakers, singles = forms_
    for f in [form, *organizers.forms, *speakers.forms, *singles.values()]:
        if f.is_bound:
            describe_errors(f)
    if not editable:
        form.disable()
        for f in [*organizers.forms, *speakers.forms, *singles.values()]:
            f.disable()
    call = call_for(forum=forum)
    session_types = list(
        forum.session_types.filter(open_for_proposals=True).prefetch_related(
            "allowed_stakeholder_groups"
        )
    )
    criteria = []
    if proposal is not None:
        criteria = criteria_evaluate(call=call, proposal=proposal, people=proposal.people.all())
    return render(
        request,
        "sessions/proposals/form.html",
        {
            "forum": forum,
            "call": call,
            "proposal": proposal,
            "form": form,
            "organizers": organizers,
            "speakers": speakers,
            "singles": [(role, SINGLE_ROLE_LABELS[role], f) for role, f in singles.items()],
            "editable": editable,
            "notice": notice,
            "error_summary": _error_summary(form, organizers, speakers, singles),
            "criteria": criteria,
            "session_types": session_types,
            "person_limit": _person_limit(request, forum, call, proposal),
            "form_config": {
                # Which durations each session type allows and which theme each sub-theme
                # belongs to: the browser narrows the lists, the service still checks.
                "durations": {str(t.pk): list(t.allowed_durations) for t in session_types},
                "subthemes": {
                    str(pk): parent
                    for pk, parent in form.fields["subtheme"].queryset.values_list(
                        "pk", "parent_id"
                    )
                },
            },
        },
        status=status,
    )


def _person_limit(request, forum, call, proposal) -> dict | None:
    """The call's per-person limit and how much of it the viewer has used, told before filling."""
    if call is None or call.max_proposals_per_person is None:
        return None
    if proposal is not None and proposal.status == proposal.Status.SUBMITTED:
        return None
    used = proposals_organised_by(forum=forum, by=request.user, proposal=proposal)
    return {
        "limit": call.max_proposals_per_person,
        "used": used,
        "reached": used >= call.max_proposals_per_person,
    }


def _save(request, forum, proposal=None):
    data = request.POST
    forms_ = _forms(request, forum, proposal=proposal, data=data)
    form, organizers, speakers, singles = forms_
    action = data.get("action", "draft")
    if not _all_valid(*forms_):
        if action == "submit" or (proposal is not None and proposal.status == "submitted"):
            # List the submission's other problems too, not only the unreadable fields.
            payload = input_from_forms(form, organizers.forms, speakers.forms, singles)
            problems = services.proposal_problems(
                forum=forum, by=request.user, data=payload, proposal=proposal
            )
            _apply_errors(ValidationError(_without_known(problems, *forms_)), *forms_)
        return _render_form(request, forum, proposal, forms_, editable=True, status=400)
    payload = input_from_forms(form, organizers.forms, speakers.forms, singles)
    try:
        saved = services.proposal_save(
            forum=forum,
            by=request.user,
            data=payload,
            submit=action == "submit",
            proposal=proposal,
            creation_key=form.cleaned_data.get("creation_key"),
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        _apply_errors(exc, *forms_)
        return _render_form(request, forum, proposal, forms_, editable=True, status=400)
    messages.success(request, saved_message(saved))
    if saved.proposal.status == saved.proposal.Status.DRAFT:
        return redirect("proposal_edit", slug=forum.slug, pk=saved.proposal.pk)
    return redirect("proposal_detail", slug=forum.slug, pk=saved.proposal.pk)


def saved_message(saved: services.ProposalSaved) -> str:
    """What the save did, in words: never more than what was done."""
    if saved.outcome == "draft":
        return _("Draft saved. You can come back to it at any time before the deadline.")
    if saved.outcome == "repeated":
        return _("This proposal was already submitted: nothing more was done.")
    done = (
        _("Your proposal is submitted.")
        if saved.outcome == "submitted"
        else _("Your changes are saved.")
    )
    if saved.invited:
        asked = ngettext(
            "%(count)s person named in it was newly asked by email to confirm their part.",
            "%(count)s people named in it were newly asked by email to confirm their part.",
            saved.invited,
        ) % {"count": saved.invited}
    else:
        asked = _("Nobody was newly asked to confirm.")
    return f"{done} {asked}"


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key=_user_key, rate=SUBMIT_RATE, method="POST", block=True)
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    if not can_propose.test(request.user, forum) or call_for(forum=forum) is None:
        return render(request, "sessions/proposals/forbidden.html", {"forum": forum}, status=403)
    if not call_is_open(forum):
        call = call_for(forum=forum)
        return render(
            request,
            "sessions/proposals/closed.html",
            {"forum": forum, "call": call, "last_deadline": call_last_deadline(forum)},
            status=403,
        )
    if request.method == "POST":
        return _save(request, forum)
    return _render_form(request, forum, None, _forms(request, forum), editable=True)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key=_user_key, rate=SUBMIT_RATE, method="POST", block=True)
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    forum = forum_for_viewer(slug=slug, viewer=request.user)
    proposal = proposal_for(forum=forum, viewer=request.user, pk=pk, purpose="organize")
    editable = can_edit_proposal.test(request.user, proposal)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("This proposal can no longer be changed."))
        return _save(request, forum, proposal)
    notice = ""
    if not editable:
        deadline = deadline_for(forum=forum, session_type=proposal.session_type)
        notice = (
            _("This proposal was withdrawn and can no longer be changed.")
            if proposal.status == proposal.Status.WITHDRAWN
            else _(
                "The deadline for %(type)s proposals passed on %(deadline)s. The proposal is shown read-only."
            )
            % {
                "type": proposal.session_type,
                "deadline": date_format(
                    timezone.localtime(deadline, forum.tzinfo), "DATETIME_FORMAT"
                ),
            }
        )
    return _render_form(
        request,
        forum,
        proposal,
        _forms(request, forum, proposal=proposal),
        editable=editable,
        notice=notice,
    )
