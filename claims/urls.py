"""URLs of the claims workbench."""

from django.urls import path

from . import feeds, public, views

app_name = "claims"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("queue/export.csv", views.queue_export, name="queue_export"),
    path("queue/bulk/", views.queue_bulk, name="queue_bulk"),
    path("queue/take/", views.queue_take, name="queue_take"),
    path("queue/release/", views.queue_release, name="queue_release"),
    path("articles/new/", views.article_new, name="article_new"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("claims/<int:claim_id>/", views.claim_workspace, name="claim"),
    path("claims/<int:claim_id>/take/", views.claim_take, name="claim_take"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:claim_id>/split/", views.claim_split, name="claim_split"),
    path("articles/<int:article_id>/merge/", views.claims_merge, name="claims_merge"),
    path("articles/<int:article_id>/refetch/", views.article_refetch, name="article_refetch"),
    path("claims/<int:claim_id>/verdict/", views.verdict_save, name="verdict_save"),
    path("claims/<int:claim_id>/citations/", views.citation_add, name="citation_add"),
    path(
        "claims/<int:claim_id>/citations/<int:citation_id>/remove/",
        views.citation_remove,
        name="citation_remove",
    ),
    path("claims/<int:claim_id>/evidence/refresh/", views.evidence_refresh, name="evidence_refresh"),
    path("claims/<int:claim_id>/evidence/status/", views.evidence_status, name="evidence_status"),
    path("claims/<int:claim_id>/search/", views.corpus_search, name="corpus_search"),
    path("claims/<int:claim_id>/marks/", views.evidence_mark, name="evidence_mark"),
    path(
        "claims/<int:claim_id>/matches/<int:match_id>/",
        views.fact_check_match_decide,
        name="fact_check_match_decide",
    ),
    path("verdicts/<int:verdict_id>/diff/", views.verdict_diff, name="verdict_diff"),
    path("blind-review/", views.blind_review_queue, name="blind_review_queue"),
    path("blind-review/<int:verdict_id>/", views.blind_review, name="blind_review"),
    path("notifications/", views.notifications, name="notifications"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:verdict_id>/", views.review_detail, name="review_detail"),
    path("published/", views.published_list, name="published"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("fact-checks/", public.factcheck_index, name="factcheck_index"),
    path("fact-checks/<int:verdict_id>/", public.factcheck_public, name="factcheck_public"),
    path("fact-checks/<int:verdict_id>/correct/", public.factcheck_correct, name="factcheck_correct"),
    path("fact-checks/<int:verdict_id>/retract/", public.factcheck_retract, name="factcheck_retract"),
    path("feeds/fact-checks.atom", feeds.FactCheckAtomFeed(), name="factcheck_feed_atom"),
    path("feeds/fact-checks.json", feeds.json_feed, name="factcheck_feed_json"),
]
