"""URLs of the claims workbench."""

from django.urls import path

from . import (
    articles,
    clusters,
    dashboard,
    feeds,
    people,
    public,
    queue,
    review,
    workspace,
    workspace_evidence,
    workspace_verdict,
)

app_name = "claims"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("queue/export.csv", queue.queue_export, name="queue_export"),
    path("queue/bulk/", queue.queue_bulk, name="queue_bulk"),
    path("queue/take/", queue.queue_take, name="queue_take"),
    path("queue/release/", queue.queue_release, name="queue_release"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:article_id>/", articles.article_detail, name="article"),
    path("clusters/<int:cluster_id>/", clusters.cluster_detail, name="cluster"),
    path("clusters/<int:cluster_id>/merge/", clusters.cluster_merge_view, name="cluster_merge"),
    path("clusters/<int:cluster_id>/split/", clusters.cluster_split_view, name="cluster_split"),
    path("claims/<int:claim_id>/", workspace.claim_workspace, name="claim"),
    path("claims/<int:claim_id>/take/", workspace.claim_take, name="claim_take"),
    path("claims/<int:claim_id>/next/", workspace.claim_next, name="claim_next"),
    path("claims/<int:claim_id>/repeat/", clusters.claim_answer_repeat, name="claim_answer_repeat"),
    path("claims/<int:claim_id>/edit/", workspace.claim_edit, name="claim_edit"),
    path("claims/<int:claim_id>/split/", workspace.claim_split, name="claim_split"),
    path("articles/<int:article_id>/merge/", articles.claims_merge, name="claims_merge"),
    path("articles/<int:article_id>/refetch/", articles.article_refetch, name="article_refetch"),
    path("claims/<int:claim_id>/verdict/", workspace_verdict.verdict_save, name="verdict_save"),
    path("claims/<int:claim_id>/citations/", workspace_verdict.citation_add, name="citation_add"),
    path(
        "claims/<int:claim_id>/citations/<int:citation_id>/remove/",
        workspace_verdict.citation_remove,
        name="citation_remove",
    ),
    path(
        "claims/<int:claim_id>/evidence/refresh/",
        workspace_evidence.evidence_refresh,
        name="evidence_refresh",
    ),
    path(
        "claims/<int:claim_id>/evidence/status/", workspace_evidence.evidence_status, name="evidence_status"
    ),
    path("claims/<int:claim_id>/search/", workspace.corpus_search, name="corpus_search"),
    path("claims/<int:claim_id>/marks/", workspace_evidence.evidence_mark, name="evidence_mark"),
    path(
        "claims/<int:claim_id>/matches/<int:match_id>/",
        workspace.fact_check_match_decide,
        name="fact_check_match_decide",
    ),
    path("verdicts/<int:verdict_id>/diff/", review.verdict_diff, name="verdict_diff"),
    path("blind-review/", review.blind_review_queue, name="blind_review_queue"),
    path("blind-review/<int:verdict_id>/", review.blind_review, name="blind_review"),
    path("notifications/", review.notifications, name="notifications"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/<int:verdict_id>/", review.review_detail, name="review_detail"),
    path("review/corrections/<int:correction_id>/", review.correction_decide, name="correction_decide"),
    path("published/", review.published_list, name="published"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("people/", people.people, name="people"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:person_id>/role/", people.person_role, name="person_role"),
    path("people/<int:person_id>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("fact-checks/", public.factcheck_index, name="factcheck_index"),
    path("fact-checks/<int:verdict_id>/", public.factcheck_public, name="factcheck_public"),
    path("fact-checks/<int:verdict_id>/correct/", public.factcheck_correct, name="factcheck_correct"),
    path("fact-checks/<int:verdict_id>/retract/", public.factcheck_retract, name="factcheck_retract"),
    path("feeds/fact-checks.atom", feeds.FactCheckAtomFeed(), name="factcheck_feed_atom"),
    path("feeds/fact-checks.json", feeds.json_feed, name="factcheck_feed_json"),
]
