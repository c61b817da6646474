"""Signals the search app sends; other apps connect to them in their ready() (search imports none of them)."""

from django.dispatch import Signal

documents_indexed = Signal()
"""Sent with `document_ids` (a list) once those documents are in the index and marked indexed: a new or
changed document, from a save, an edit, a feed, a file or ClaimReview import, or the sweeper. Rebuilds
and resets do not send it; they only copy what the index already had."""
