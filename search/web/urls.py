"""URLs of the sources staff page."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.source_list, name="sources"),
    path("new/", views.source_edit, name="source_new"),
    path("<int:source_id>/", views.source_edit, name="source_edit"),
    path("<int:source_id>/poll/", views.source_poll, name="source_poll"),
    path("<int:source_id>/documents/", views.source_document_add, name="source_document_add"),
    path("<int:source_id>/documents/upload/", views.source_documents_upload, name="source_documents_upload"),
]
