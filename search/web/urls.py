"""URLs of the sources staff page."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.source_list, name="sources"),
    path("new/", views.source_edit, name="source_new"),
    path("<int:source_id>/", views.source_edit, name="source_edit"),
    path("<int:source_id>/poll/", views.source_poll, name="source_poll"),
]
