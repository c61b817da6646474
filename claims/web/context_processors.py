"""Template context every workbench page needs: the user's role and what they may do."""

from django.conf import settings

from claims.roles import role_of
from claims.selectors import reviews_waiting_count, unread_notification_count


def workbench(request):
    user = request.user
    return {
        "user_role": role_of(user) if user.is_authenticated else None,
        "can_review": user.is_authenticated and user.has_perm("claims.review_verdict"),
        "can_manage_sources": user.is_authenticated and user.has_perm("search.change_source"),
        "unread_notifications": unread_notification_count(user=user),
        "reviews_waiting": reviews_waiting_count(user=user),
        "blind_review_enabled": settings.WORKBENCH["BLIND_SECOND_REVIEW"],
    }
