"""The staff page for sources: list with statistics, add, edit, poll now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..selectors.polls import source_polls
from ..selectors.sources import source_get_for_user, sources_with_stats
from ..services import sources
from .forms import SourceForm


@login_required
@permission_required("search.change_source", raise_exception=True)
def source_list(request):
    return render(request, "search/source_list.html", {"sources": sources_with_stats()})


@login_required
@permission_required("search.change_source", raise_exception=True)
def source_edit(request, source_id: int | None = None):
    source = source_get_for_user(user=request.user, source_id=source_id) if source_id else None
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        saved = sources.source_save(user=request.user, source=source, **fields)
        messages.success(request, f"Source “{saved.name}” saved.")
        return redirect("search:sources")
    status = 400 if request.method == "POST" else 200  # a POST that gets here saved nothing
    polls = source_polls(source_id=source.id) if source else []
    context = {"form": form, "source": source, "polls": polls}
    return render(request, "search/source_form.html", context, status=status)


@login_required
@permission_required("search.change_source", raise_exception=True)
@require_POST
def source_poll(request, source_id: int):
    source = source_get_for_user(user=request.user, source_id=source_id)
    if not source.feed_url:
        messages.error(request, "This source has no feed URL.")
    else:
        sources.source_poll_now(user=request.user, source=source)
        messages.info(request, f"Polling the feed of “{source.name}”.")
    return redirect("search:sources")
