"""A cluster of repeated claims: who said it where and when, and the reviewers' merges and splits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from claims.selectors.claims import claim_get_for_user
from claims.selectors.clusters import cluster_open_get, cluster_page
from claims.services.cluster_judgments import cluster_merge, cluster_split
from claims.services.common import WorkflowError
from claims.services.repeats import claim_answer_with_fact_check


@login_required
@permission_required("claims.view_claim", raise_exception=True)
def cluster_detail(request, cluster_id: int):
    page = cluster_page(cluster_id=cluster_id)
    if page.cluster.id != cluster_id:
        return redirect("claims:cluster", cluster_id=page.cluster.id)
    return render(request, "claims/cluster.html", {"page": page})


@login_required
@require_POST
def cluster_merge_view(request, cluster_id: int):
    cluster = cluster_open_get(cluster_id=cluster_id)
    try:
        other = cluster_open_get(cluster_id=request.POST.get("other", ""))
        cluster_merge(cluster=cluster, other=other, user=request.user, reason=request.POST.get("reason", ""))
    except Http404:
        messages.error(request, "Give the number of a cluster that still holds claims.")
    except PermissionDenied:
        raise
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Cluster {other.id} merged into this one.")
    return redirect("claims:cluster", cluster_id=cluster.id)


@login_required
@require_POST
def cluster_split_view(request, cluster_id: int):
    cluster = cluster_open_get(cluster_id=cluster_id)
    try:
        ids = [int(value) for value in request.POST.getlist("claim_ids")]
        new, _ = cluster_split(
            cluster=cluster, claim_ids=ids, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValueError as exc:
        messages.error(
            request, str(exc) if "invalid literal" not in str(exc) else "Pick claims of this cluster."
        )
        return redirect("claims:cluster", cluster_id=cluster.id)
    messages.success(request, f"{len(ids)} claim(s) split off into cluster {new.id}.")
    return redirect("claims:cluster", cluster_id=cluster.id)


@login_required
@require_POST
def claim_answer_repeat(request, claim_id: int):
    """'Respond with fact-check #N': the holder answers a repeat with its cluster's published fact-check."""
    claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    try:
        verdict_id = int(request.POST.get("verdict_id", ""))
        claim_answer_with_fact_check(claim=claim, verdict_id=verdict_id, user=request.user)
    except ValueError:
        messages.error(request, "Say which fact-check answers this claim.")
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Answered with fact-check #{verdict_id}; the claim is recorded as a repeat."
        )
    return redirect("claims:claim", claim_id=claim.id)
