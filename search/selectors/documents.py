"""Documents as fact-checkers see them: one by id, the corpus searched, and those the index still lacks."""

from __future__ import annotations

from django.http import Http404

from .. import embeddings
from ..backends import SearchHit
from ..models import Document
from ..retrieval import search_corpus


def _can_view(user) -> bool:
    return user.is_authenticated and user.has_perm("search.view_document")


def document_get_for_user(*, user, document_id) -> Document:
    """The document, for someone who may see documents; the same 404 for 'missing', 'forbidden' and a bad id."""
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise Http404("No such document.") from None
    if not _can_view(user) or not 0 < document_id < 2**63:
        raise Http404("No such document.")
    document = Document.objects.select_related("source").filter(id=document_id).first()
    if document is None:
        raise Http404("No such document.")
    return document


def search_preparing() -> bool:
    """Is this process's search model still loading? Searches meanwhile rank by words alone."""
    return embeddings.loading()


def documents_search(*, user, text: str, size: int = 10) -> list[tuple[SearchHit, Document]]:
    """The corpus searched for `text`: each hit with its saved document (hits whose row is gone are left out).

    Raises SearchUnavailable when the search service is down.
    """
    if not _can_view(user):
        return []
    hits = search_corpus(text, size=size)
    documents = Document.objects.select_related("source").in_bulk([hit.document_id for hit in hits])
    return [(hit, documents[hit.document_id]) for hit in hits if hit.document_id in documents]


def documents_needing_index(*, limit: int = 5000) -> list[int]:
    return list(Document.objects.needing_index().order_by("id").values_list("id", flat=True)[:limit])


def document_keys(*, document_ids) -> dict[int, str]:
    """Each existing document's external key, or its id as text when it has none."""
    rows = Document.objects.filter(id__in=list(document_ids)).values_list("id", "external_key")
    return {document_id: key or str(document_id) for document_id, key in rows}
