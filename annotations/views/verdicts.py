"""The desk's verdict on a claim: a rating from the scale with a short explanation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from annotations import services
from annotations.forms import VerdictForm
from annotations.models import Verdict
from claims.views.access import desk_required, get_claim_for, require_perm
from claims.views.claims import detail_url
from claims.views.editing import stale_context
from claims.views.workflow import CHANGED_MEANWHILE, check_or_refuse
from claims.workflow import StaleEdit, Status, TransitionError


@desk_required
def verdict_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Give or change a claim's verdict; on a published claim that is a public correction."""
    claim, _ = get_claim_for(request.user, slug)
    verdict = Verdict.objects.filter(claim=claim).select_related("rating").first()
    perm = "annotations.change_verdict" if verdict else "annotations.add_verdict"
    require_perm(request.user, perm, "Only reviewers give verdicts.")
    back = detail_url(claim)
    if claim.status == Status.RETRACTED:
        messages.error(request, "A retracted claim keeps the verdict it had.")
        return redirect(back)
    if claim.is_public:
        refused = check_or_refuse(request, claim, "correct", back)
        if refused is not None:
            return refused
    instance = verdict or Verdict(claim=claim, created_by=request.user)
    form = VerdictForm(request.POST or None, instance=instance, needs_correction=claim.is_public)
    status, extra = 200, {}
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save(commit=False)
                    if saved.pk is None:
                        saved.save()
                    else:
                        # Refused when someone saved the verdict since this form showed it.
                        saved.save_checked(expected_version=form.cleaned_data["version"])
                    if claim.is_public:
                        services.correct(
                            obj=claim, by=request.user, text=form.cleaned_data["correction"]
                        )
            except TransitionError as exc:
                messages.error(request, str(exc))
            except StaleEdit as stale:
                if not isinstance(stale.current, Verdict):
                    messages.error(request, CHANGED_MEANWHILE.format(obj=claim))
                    return redirect(back)
                extra = stale_context(request, stale)
                form = VerdictForm(
                    extra["data"], instance=stale.current, needs_correction=claim.is_public
                )
                status = 409
            else:
                messages.success(request, f"Verdict saved: {form.instance.rating.label}.")
                return redirect(back)
            if not extra:
                return redirect(back)
        else:
            status = 400
    context = {"claim": claim, "form": form, "verdict": verdict, **extra}
    return render(request, "desk/verdict_form.html", context, status=status)


@desk_required
@require_POST
def verdict_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Remove the verdict of a claim that is not published yet."""
    require_perm(request.user, "annotations.delete_verdict", "Only reviewers remove verdicts.")
    claim, _ = get_claim_for(request.user, slug)
    if claim.is_public:
        raise PermissionDenied("A published verdict changes by a correction, not by deletion.")
    Verdict.objects.filter(claim=claim).delete()
    messages.success(request, "Removed the verdict.")
    return redirect(detail_url(claim))
