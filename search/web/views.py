"""The staff page for sources: list with statistics, add, edit, poll now; a source's documents added by hand or
uploaded as a file."""

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..readers import ImportFormatError
from ..selectors.polls import source_polls
from ..selectors.sources import source_get_for_user, sources_with_stats
from ..services import sources
from ..services.documents import document_save
from ..services.importing import documents_import
from .forms import DocumentForm, DocumentUploadForm, SourceForm


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
    return _source_page(request, source, form=form, status=status)


def _source_page(
    request, source, *, form=None, document_form=None, upload_form=None, report=None, status=200
):
    polls = source_polls(source_id=source.id) if source else []
    context = {
        "form": form or SourceForm(instance=source),
        "source": source,
        "polls": polls,
        "document_form": document_form or DocumentForm(),
        "upload_form": upload_form or DocumentUploadForm(),
        "report": report,
    }
    return render(request, "search/source_form.html", context, status=status)


@login_required
@permission_required("search.add_document", raise_exception=True)
@require_POST
def source_document_add(request, source_id: int):
    """One document typed or pasted in, saved and indexed (after commit) like an imported one."""
    source = source_get_for_user(user=request.user, source_id=source_id)
    form = DocumentForm(request.POST)
    if not form.is_valid():
        return _source_page(request, source, document_form=form, status=400)
    data = form.cleaned_data
    document, created = document_save(
        source=source,
        url=data["url"],
        title=data["title"],
        body=data["body"],
        published_at=data["published_at"],
        language=data["language"] or "en",
    )
    messages.success(
        request,
        f"Document “{document.title}” {'added' if created else 'updated'}; it is searchable in a moment.",
    )
    return redirect("search:source_edit", source_id=source.id)


@login_required
@permission_required("search.add_document", raise_exception=True)
@require_POST
def source_documents_upload(request, source_id: int):
    """A CSV or JSONL file of documents, through the importer `manage.py import_documents` uses: rows that
    fail are listed with their line and reason, the others imported and indexed."""
    source = source_get_for_user(user=request.user, source_id=source_id)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _source_page(request, source, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    with tempfile.NamedTemporaryFile(suffix=f".{form.cleaned_data['format']}") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        try:
            report = documents_import(
                path=copy.name, source_name=source.name, fmt=form.cleaned_data["format"]
            )
        except (ImportFormatError, UnicodeDecodeError, ValueError) as exc:
            form.add_error(
                "file", f"This file could not be read as {form.cleaned_data['format'].upper()}: {exc}"
            )
            return _source_page(request, source, upload_form=form, status=400)
    return _source_page(request, source, report=report, status=200)


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
